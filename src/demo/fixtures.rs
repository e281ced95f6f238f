//! The stand-in's data: JSON from `assets/demo` (embedded by `collections`), with `"@now-3m"`
//! markers turned into epoch milliseconds (`"@now-3m:s"` into seconds) so it always looks recent.

use serde_json::Value;

/// Parses an embedded fixture and resolves its time markers.
pub fn load_value(text: &str, now_ms: i64) -> Value {
    let mut value: Value = serde_json::from_str(text).expect("embedded demo fixture is valid JSON");
    resolve_times(&mut value, now_ms);
    value
}

/// Replaces every `"@now±<n><unit>[:s]"` string, wherever it is, with a number.
pub fn resolve_times(value: &mut Value, now_ms: i64) {
    match value {
        Value::String(s) => {
            if let Some(t) = parse_marker(s, now_ms) {
                *value = Value::from(t);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| resolve_times(v, now_ms)),
        Value::Object(map) => map.values_mut().for_each(|v| resolve_times(v, now_ms)),
        _ => {}
    }
}

fn parse_marker(s: &str, now_ms: i64) -> Option<i64> {
    let rest = s.strip_prefix("@now")?;
    let (rest, seconds) = match rest.strip_suffix(":s") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let offset_ms = if rest.is_empty() {
        0
    } else {
        let sign = match rest.as_bytes()[0] {
            b'-' => -1,
            b'+' => 1,
            _ => return None,
        };
        let body = &rest[1..];
        let unit = body.chars().last()?;
        let n: i64 = body[..body.len() - unit.len_utf8()].parse().ok()?;
        let unit_ms = match unit {
            's' => 1000,
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            _ => return None,
        };
        sign * n * unit_ms
    };
    let t = now_ms + offset_ms;
    Some(if seconds { t / 1000 } else { t })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn markers_become_times() {
        let now = 1_700_000_000_000;
        let mut v = json!({"a":"@now-3m","b":["@now+1h:s"],"c":"@nowhere","d":"@now"});
        resolve_times(&mut v, now);
        assert_eq!(
            v,
            json!({"a": now - 180_000, "b": [now / 1000 + 3600], "c":"@nowhere", "d": now})
        );
    }

    #[test]
    fn embedded_integrations_are_realistic() {
        let items = crate::demo::collections::by_name("cloudintegration")
            .unwrap()
            .load(1_700_000_000_000);
        assert!(items.len() >= 40);
        let services: std::collections::HashSet<_> =
            items.iter().filter_map(|i| i["service"].as_str()).collect();
        assert!(services.len() >= 8, "{services:?}");
        assert!(items.iter().any(|i| i["disabled"] == true));
        assert!(items.iter().any(|i| i["lastError"].is_string()));
        assert!(items.iter().all(|i| !i.to_string().contains("@now")));
    }
}
