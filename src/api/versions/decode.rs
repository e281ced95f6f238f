//! Lenient readers of a version history: an entry missing a field, or with a field of another
//! type, stays (the field left out); a version number is kept as written, so a huge one is
//! neither rounded nor refused.

use serde_json::{Map, Value};

/// Why an answer is not a history page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionsError {
    #[error("expected {expected}, got {got}")]
    Shape {
        expected: &'static str,
        got: &'static str,
    },
}

/// A version number as the server wrote it: decimal digits, any length, without leading
/// zeros. It goes into a path (`…/history/{version}`), so nothing else is one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionNo(String);

impl VersionNo {
    /// Digits (leading zeros dropped); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let trimmed = t.trim_start_matches('0');
        Some(Self(
            if trimmed.is_empty() { "0" } else { trimmed }.to_string(),
        ))
    }

    /// A JSON integer (its text as written) or a string of digits.
    pub fn read(v: &Value) -> Option<Self> {
        match v {
            Value::Number(n) => Self::parse(&n.to_string()),
            Value::String(s) => Self::parse(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number one below, for a version whose predecessor is not listed; none below 1
    /// (versions count from 1).
    pub fn below(&self) -> Option<Self> {
        if self.0 == "0" || self.0 == "1" {
            return None;
        }
        let mut digits: Vec<u8> = self.0.bytes().collect();
        for d in digits.iter_mut().rev() {
            if *d == b'0' {
                *d = b'9';
            } else {
                *d -= 1;
                break;
            }
        }
        Self::parse(&String::from_utf8_lossy(&digits))
    }
}

/// Numeric order, whatever the length.
impl Ord for VersionNo {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.len(), &self.0).cmp(&(other.0.len(), &other.0))
    }
}

impl PartialOrd for VersionNo {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for VersionNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One entry of the history (`HistoryEntry`): which version, who made it, when, and what the
/// server says changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// `None` when the server sent none (or no number): listed, but not to be fetched.
    pub number: Option<VersionNo>,
    pub user: Option<String>,
    pub time_ms: Option<i64>,
    pub changes: Vec<String>,
    pub in_trash: bool,
}

impl Version {
    /// Any object is an entry; what it lacks is left out. `None` for what is not an object.
    pub fn read(v: &Value) -> Option<Self> {
        let o = v.as_object()?;
        Some(Self {
            number: o.get("version").and_then(VersionNo::read),
            user: text(o, "updateUser"),
            time_ms: o.get("updateTime").and_then(millis),
            changes: strings(o.get("changeDescription")),
            in_trash: o.get("inTrash").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}

/// One page of a history, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VersionPage {
    pub items: Vec<Version>,
    /// The server says there are more after these.
    pub more: bool,
    /// Its estimate (a lower bound) of every version.
    pub total: Option<u64>,
}

/// A `HistoryResponse` (a bare list is read as its items, a null as nothing).
pub fn page(payload: &Value) -> Result<VersionPage, VersionsError> {
    let (items, o) = match payload {
        Value::Null => return Ok(VersionPage::default()),
        Value::Array(items) => (items, None),
        Value::Object(o) => match o.get("items") {
            Some(Value::Array(items)) => (items, Some(o)),
            None | Some(Value::Null) => (&Vec::new(), Some(o)),
            Some(other) => {
                return Err(VersionsError::Shape {
                    expected: "a list of versions",
                    got: crate::json::value::kind_name(other),
                });
            }
        },
        other => {
            return Err(VersionsError::Shape {
                expected: "a page of versions",
                got: crate::json::value::kind_name(other),
            });
        }
    };
    Ok(VersionPage {
        items: items.iter().filter_map(Version::read).collect(),
        more: o
            .and_then(|o| o.get("moreItems"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        total: o.and_then(|o| o.get("totalItems")).and_then(Value::as_u64),
    })
}

/// A non-empty string member.
fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// The strings of a list (other elements left out); a lone string is a list of one.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(l)) => l
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Epoch milliseconds within what a time can be (a huge number is no time at all).
fn millis(v: &Value) -> Option<i64> {
    const LIMIT: i64 = 1 << 53;
    let n = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }?;
    (-LIMIT..=LIMIT).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn version_numbers_are_digits_kept_as_written() {
        let huge = crate::json::parse_str("123456789012345678901234567890").unwrap();
        let v = VersionNo::read(&huge).unwrap();
        assert_eq!(v.as_str(), "123456789012345678901234567890");
        assert_eq!(
            v.below().unwrap().as_str(),
            "123456789012345678901234567889"
        );
        assert_eq!(
            VersionNo::parse("100").unwrap().below().unwrap().as_str(),
            "99"
        );
        assert_eq!(VersionNo::parse("007").unwrap().as_str(), "7");
        assert_eq!(VersionNo::parse("1").unwrap().below(), None);
        for bad in ["", "-1", "1.5", "3a", "../x"] {
            assert_eq!(VersionNo::parse(bad), None, "{bad:?}");
        }
        assert_eq!(VersionNo::read(&json!(-2)), None);
        assert_eq!(VersionNo::read(&json!(2.5)), None);
        assert!(VersionNo::parse("10").unwrap() > VersionNo::parse("9").unwrap());
    }

    #[test]
    fn entries_missing_or_mistyped_fields_stay() {
        let p = page(&json!({"items": [
            {"version": 3, "updateUser": "a@b", "updateTime": 1_700_000_000_000_i64,
             "changeDescription": ["Condition changed", 4, null], "inTrash": false},
            {"version": null, "updateUser": 7, "updateTime": 1e300, "changeDescription": "one"},
            {},
            "not an entry"
        ], "moreItems": true, "totalItems": 9}))
        .unwrap();
        assert_eq!(p.items.len(), 3);
        assert_eq!(p.items[0].number, VersionNo::parse("3"));
        assert_eq!(p.items[0].changes, ["Condition changed"]);
        assert_eq!(p.items[1].number, None);
        assert_eq!(p.items[1].user, None);
        assert_eq!(p.items[1].time_ms, None, "1e300 is no time");
        assert_eq!(p.items[1].changes, ["one"]);
        assert!(p.more);
        assert_eq!(p.total, Some(9));
    }

    #[test]
    fn odd_pages_are_read_or_named() {
        assert_eq!(page(&Value::Null).unwrap(), VersionPage::default());
        assert_eq!(page(&json!([{"version": 1}])).unwrap().items.len(), 1);
        assert_eq!(page(&json!({"items": null})).unwrap().items.len(), 0);
        assert!(page(&json!({"items": "x"})).is_err());
        assert_eq!(
            page(&json!(5)).unwrap_err().to_string(),
            "expected a page of versions, got a number"
        );
    }
}
