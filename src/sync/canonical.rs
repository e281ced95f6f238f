//! The canonical form of an item, for files and diffs: keys in a stable (sorted) order, the
//! fields the server computes left out (what changes by itself would make every diff noisy and
//! every apply send stale values), secrets replaced by [`MASK`] (a dump is a file people put
//! in git). Two accounts' copies of one item compare equal in this form when a person made
//! them the same.

use serde_json::{Map, Value};

use super::keys::SyncKind;
use crate::api::catalog::editing;

/// What a secret's value is in a dump. Apply never sends it: it takes the target's own value
/// at that place, or refuses the item.
pub const MASK: &str = "<masked by wf-tui>";

/// Fields that say something about the reader or the moment, not the item: whether the
/// reader may change its access, whether it is snoozed now, whether it is in the trash.
const VOLATILE: &[&str] = &["modifyAclAccess", "snoozed", "inTrash"];

/// Names of an alert target's custom HTTP headers that carry credentials (`Authorization`,
/// `X-Api-Key`, `X-Auth-Token` …), compared ignoring case.
const SECRET_HEADER_WORDS: &[&str] = &["auth", "token", "key", "secret", "password", "cookie"];

/// The fields of `sk`'s items the server computes.
pub fn computed(sk: &SyncKind) -> &'static [&'static str] {
    editing(sk.kind).map_or(sk.computed, |e| e.computed)
}

/// `item` in canonical form (see the module's note).
pub fn canonical(sk: &SyncKind, item: &Value) -> Value {
    let Value::Object(map) = item else {
        return sorted(item);
    };
    let mut map = map.clone();
    if let Some(prepare) = editing(sk.kind).and_then(|e| e.prepare) {
        // A user group's roles as the update takes them (`roleIDs`), before `roles` goes.
        prepare(&mut map);
    }
    let computed = computed(sk);
    map.retain(|k, _| {
        !computed.contains(&k.as_str())
            && !VOLATILE.contains(&k.as_str())
            && (sk.stable_id || k != "id")
    });
    let mut value = Value::Object(map);
    mask(sk, &mut value);
    sorted(&value)
}

/// Replaces every secret in the item with [`MASK`]: the kind's secret keys at any depth, and
/// an alert target's credential headers.
fn mask(sk: &SyncKind, value: &mut Value) {
    let keys = sk.kind.secret_keys;
    let mut todo = vec![&mut *value];
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if keys.contains(&k.as_str()) && !v.is_null() {
                        *v = Value::from(MASK);
                    } else {
                        todo.push(v);
                    }
                }
            }
            Value::Array(items) => todo.extend(items.iter_mut()),
            _ => {}
        }
    }
    if sk.kind.name == "notificant" {
        if let Some(Value::Object(headers)) = value.get_mut("customHttpHeaders") {
            for (name, v) in headers.iter_mut() {
                let lower = name.to_ascii_lowercase();
                if SECRET_HEADER_WORDS.iter().any(|w| lower.contains(w)) && !v.is_null() {
                    *v = Value::from(MASK);
                }
            }
        }
    }
}

/// A copy with every object's keys in sorted order, at any depth.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::with_capacity(map.len());
            for k in keys {
                out.insert(k.clone(), sorted(&map[k]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// JSON pointers to every [`MASK`] in `value`.
pub fn masked_pointers(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![(String::new(), value)];
    while let Some((at, v)) = todo.pop() {
        match v {
            Value::String(s) if s == MASK => found.push(at),
            Value::Object(map) => {
                for (k, v) in map {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    todo.push((format!("{at}/{k}"), v));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    todo.push((format!("{at}/{i}"), v));
                }
            }
            _ => {}
        }
    }
    found.sort();
    found
}

/// Puts the target's own values where `body` holds [`MASK`]; the places the target has no
/// value for (or only a masked one) come back, and then the body must not be sent.
pub fn unmask(body: &mut Value, target: Option<&Value>) -> Result<(), Vec<String>> {
    let mut missing = Vec::new();
    for at in masked_pointers(body) {
        let theirs = target
            .and_then(|t| t.pointer(&at))
            .filter(|v| v.as_str() != Some(MASK) && !v.is_null())
            .cloned();
        match (theirs, body.pointer_mut(&at)) {
            (Some(value), Some(slot)) => *slot = value,
            _ => missing.push(at),
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERT_TARGETS, ALERTS, CLOUD_INTEGRATIONS, DASHBOARDS, USER_GROUPS};
    use crate::sync::keys::sync_kind;
    use serde_json::json;

    #[test]
    fn computed_fields_and_server_ids_go_and_keys_are_sorted() {
        let alerts = sync_kind(&ALERTS).unwrap();
        let c = canonical(
            alerts,
            &json!({"name": "a", "id": "1", "status": ["FIRING"], "updatedEpochMillis": 5,
                    "condition": "ts(x)", "snoozed": -1, "minutes": 5}),
        );
        assert_eq!(
            crate::json::value::to_pretty_text(&c),
            "{\n  \"condition\": \"ts(x)\",\n  \"minutes\": 5,\n  \"name\": \"a\"\n}"
        );
        let dash = canonical(
            sync_kind(&DASHBOARDS).unwrap(),
            &json!({"url": "d", "id": "d", "numCharts": 3}),
        );
        assert_eq!(
            dash,
            json!({"id": "d", "url": "d"}),
            "a dashboard's id is kept"
        );
    }

    #[test]
    fn a_group_keeps_its_roles_as_the_update_takes_them() {
        let c = canonical(
            sync_kind(&USER_GROUPS).unwrap(),
            &json!({"id": "g", "name": "ops", "roles": [{"id": "r1", "name": "A"}], "userCount": 2}),
        );
        assert_eq!(c, json!({"name": "ops", "roleIDs": ["r1"]}));
    }

    #[test]
    fn secrets_are_masked_and_marked() {
        let ci = canonical(
            sync_kind(&CLOUD_INTEGRATIONS).unwrap(),
            &json!({"name": "az", "azure": {"baseCredentials": {"clientSecret": "s3cr3t", "clientId": "c"}}}),
        );
        assert_eq!(ci["azure"]["baseCredentials"]["clientSecret"], MASK);
        assert_eq!(ci["azure"]["baseCredentials"]["clientId"], "c");
        let t = canonical(
            sync_kind(&ALERT_TARGETS).unwrap(),
            &json!({"title": "hook", "customHttpHeaders": {"Authorization": "Bearer x", "X-Source": "wf"}}),
        );
        assert_eq!(t["customHttpHeaders"]["Authorization"], MASK);
        assert_eq!(t["customHttpHeaders"]["X-Source"], "wf");
        assert!(!t.to_string().contains("Bearer"));
        assert_eq!(
            masked_pointers(&t),
            vec!["/customHttpHeaders/Authorization"]
        );
    }

    #[test]
    fn masked_values_are_the_targets_own_or_refused() {
        let mut body = json!({"h": {"Authorization": MASK}, "n": 1});
        let target = json!({"h": {"Authorization": "Bearer real"}});
        unmask(&mut body, Some(&target)).unwrap();
        assert_eq!(body["h"]["Authorization"], "Bearer real");
        let mut body = json!({"h": {"Authorization": MASK}});
        assert_eq!(
            unmask(&mut body, None),
            Err(vec!["/h/Authorization".to_string()])
        );
        let mut body = json!({"h": {"Authorization": MASK}});
        let masked_there = json!({"h": {"Authorization": MASK}});
        assert!(unmask(&mut body, Some(&masked_there)).is_err());
    }
}
