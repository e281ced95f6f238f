//! Search as `POST /api/v2/search/<entity>` does it (FACTS §2.3): every query must match;
//! `freetext` looks at every string, `tags` at the tags, any other key at that property.

use std::cmp::Ordering;

use serde_json::Value;

/// Whether `item` matches every query of a search body's `query` list.
pub fn matches_all(item: &Value, queries: &[Value]) -> bool {
    queries.iter().all(|q| matches_one(item, q))
}

fn matches_one(item: &Value, q: &Value) -> bool {
    let key = q.get("key").and_then(Value::as_str).unwrap_or("freetext");
    let method = q
        .get("matchingMethod")
        .and_then(Value::as_str)
        .unwrap_or("CONTAINS");
    let mut wanted: Vec<&str> = q
        .get("values")
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if wanted.is_empty() {
        if let Some(v) = q.get("value").and_then(Value::as_str) {
            wanted.push(v);
        }
    }
    let candidates = match key {
        "freetext" => texts(item),
        "tags" => tags(item),
        key => item.get(key).map(strings).unwrap_or_default(),
    };
    let hit = wanted
        .iter()
        .any(|w| candidates.iter().any(|c| compare(c, w, method)));
    let negated = q.get("negated").and_then(Value::as_bool).unwrap_or(false);
    hit != negated
}

fn compare(candidate: &str, wanted: &str, method: &str) -> bool {
    match method {
        "EXACT" => candidate == wanted,
        "STARTSWITH" | "TAGPATH" => candidate.to_lowercase().starts_with(&wanted.to_lowercase()),
        _ => candidate.to_lowercase().contains(&wanted.to_lowercase()),
    }
}

/// Every string in a value (free text does not match numbers such as timestamps).
fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        Value::Object(map) => map.values().flat_map(texts).collect(),
        _ => Vec::new(),
    }
}

/// Every string, number and boolean in a value, as text.
fn strings(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(v, &mut out);
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Bool(b) => out.push(b.to_string()),
        Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect(i, out)),
        Value::Null => {}
    }
}

/// Tags in any of the API's shapes: `{customerTags: [..]}`, `{tag: true}`, `[..]`.
fn tags(item: &Value) -> Vec<String> {
    match item.get("tags") {
        Some(Value::Object(map)) => match map.get("customerTags") {
            Some(list) => strings(list),
            None => map
                .iter()
                .filter(|(_, on)| on.as_bool() != Some(false))
                .map(|(k, _)| k.clone())
                .collect(),
        },
        Some(other) => strings(other),
        None => Vec::new(),
    }
}

/// Orders items by a property for a search's `sort`.
pub fn sort(items: &mut [Value], sort: Option<&Value>) {
    let Some(field) = sort.and_then(|s| s.get("field")).and_then(Value::as_str) else {
        return;
    };
    let ascending = sort
        .and_then(|s| s.get("ascending"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    items.sort_by(|a, b| {
        let ord = compare_values(a.get(field), b.get(field));
        if ascending { ord } else { ord.reverse() }
    });
}

fn compare_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (None | Some(Value::Null), None | Some(Value::Null)) => Ordering::Equal,
        (None | Some(Value::Null), _) => Ordering::Greater,
        (_, None | Some(Value::Null)) => Ordering::Less,
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn queries_match_as_documented() {
        let alert = json!({"name":"High CPU web","severity":"SEVERE","tags":{"customerTags":["team.web","prod"]}});
        let q = |v: Value| matches_all(&alert, v.as_array().unwrap());
        assert!(q(json!([{"key":"freetext","value":"cpu"}])));
        assert!(q(
            json!([{"key":"severity","value":"SEVERE","matchingMethod":"EXACT"}])
        ));
        assert!(!q(
            json!([{"key":"severity","value":"severe","matchingMethod":"EXACT"}])
        ));
        assert!(q(
            json!([{"key":"tags","value":"team.","matchingMethod":"STARTSWITH"}])
        ));
        assert!(q(json!([{"key":"name","values":["disk","cpu"]}])));
        assert!(!q(json!([{"key":"name","value":"cpu","negated":true}])));
        assert!(!q(
            json!([{"key":"freetext","value":"cpu"},{"key":"severity","value":"WARN"}])
        ));
        let source = json!({"id":"web-1","tags":{"env.prod":true,"old":false}});
        assert!(matches_all(
            &source,
            &[json!({"key":"tags","value":"env.prod","matchingMethod":"EXACT"})]
        ));
        assert!(!matches_all(
            &source,
            &[json!({"key":"tags","value":"old","matchingMethod":"EXACT"})]
        ));
    }

    #[test]
    fn sorts_by_a_field_with_missing_last() {
        let mut items = vec![json!({"n":"b"}), json!({}), json!({"n":"A"})];
        sort(&mut items, Some(&json!({"field":"n","ascending":true})));
        assert_eq!(items, vec![json!({"n":"A"}), json!({"n":"b"}), json!({})]);
    }
}
