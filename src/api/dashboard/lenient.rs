//! Lenient reads of JSON fields: a wrong type, a null or a number too large reads as absent,
//! never as an error (the spec's "required" fields are often missing in real answers).

use serde_json::Value;

/// A non-empty string (trimmed of nothing: what the server wrote is what is shown).
pub fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A boolean; `"true"`/`"false"` strings too (Spring reads them so).
pub fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A finite number, or a string holding one.
pub fn number(v: &Value, key: &str) -> Option<f64> {
    as_number(v.get(key)?)
}

pub fn as_number(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A whole number that fits an `i64` (a fraction is cut; a huge one is absent).
pub fn integer(v: &Value, key: &str) -> Option<i64> {
    let value = v.get(key)?;
    if let Some(i) = value.as_i64() {
        return Some(i);
    }
    let f = as_number(value)?;
    (f.abs() < 9.0e18).then_some(f as i64)
}

/// The strings of a list (other items skipped); absent or not a list is empty.
pub fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The numbers of a list (unreadable items skipped).
pub fn numbers(v: &Value, key: &str) -> Vec<f64> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(as_number).collect())
        .unwrap_or_default()
}

/// The items of a list; absent, null or not a list is empty.
pub fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_types_and_huge_numbers_read_as_absent() {
        let v: Value = serde_json::from_str(
            r#"{"a": 1e999, "b": 123456789012345678901234567890, "c": "12", "d": null, "e": [1, "x", null, "2"]}"#,
        )
        .unwrap();
        assert_eq!(number(&v, "a"), None);
        assert_eq!(integer(&v, "b"), None);
        assert_eq!(integer(&v, "c"), Some(12));
        assert_eq!(text(&v, "d"), None);
        assert_eq!(numbers(&v, "e"), vec![1.0, 2.0]);
        assert_eq!(strings(&v, "e"), vec!["1", "x", "2"]);
        assert!(list(&v, "d").is_empty());
        assert_eq!(flag(&json!({"f": "TRUE"}), "f"), Some(true));
        assert_eq!(flag(&json!({"f": 1}), "f"), None);
    }
}
