//! What a revert and a copy of a version send. Both start from the version's JSON (what
//! `…/history/{version}` answered) and leave the fields the server computes to the server:
//! a revert is the `PUT` an edit of the item back to the old text would send, a copy a create
//! of the old text as a new item (the alert's own clone endpoint, which takes a version).

use serde_json::{Map, Value, json};

use super::VersionNo;
use crate::api::ApiRequest;
use crate::api::catalog::{ALERTS, Arg, Kind, Verb, editing};

/// The fields of `kind` the server computes (who changed it and when, an alert's state …).
fn computed(kind: &Kind) -> &'static [&'static str] {
    editing(kind).map_or(&[][..], |e| e.computed)
}

/// `item` without the fields the server computes: what a person changed from one version to
/// the next (every version has a new time of change and updater; the list says those).
pub fn without_computed(kind: &Kind, item: &Value) -> Value {
    match item {
        Value::Object(map) => {
            let computed = computed(kind);
            Value::Object(
                map.iter()
                    .filter(|(k, _)| !computed.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// The body of a revert of `current` (as the server has it now) to `old`: the old version's
/// fields, in its order, except the computed ones, which are the current item's (a stale
/// `updatedEpochMillis` or status is not sent back as if it were news); the id is the item's.
pub fn revert_body(kind: &Kind, item_id: &str, current: &Value, old: &Value) -> Value {
    let computed = computed(kind);
    let now = current.as_object();
    let mut body = Map::new();
    if let Some(old) = old.as_object() {
        for (k, v) in old {
            if !computed.contains(&k.as_str()) {
                body.insert(k.clone(), v.clone());
            } else if let Some(value) = now.and_then(|n| n.get(k)) {
                body.insert(k.clone(), value.clone());
            }
        }
    }
    if let Some(now) = now {
        for (k, v) in now.iter().filter(|(k, _)| computed.contains(&k.as_str())) {
            if !body.contains_key(k) {
                body.insert(k.clone(), v.clone());
            }
        }
    }
    let id = now
        .and_then(|n| n.get("id"))
        .cloned()
        .unwrap_or_else(|| json!(item_id));
    body.insert("id".into(), id);
    Value::Object(body)
}

/// The name a copy of version `v` of an item named `name` gets.
pub fn copy_name(name: &str, v: &VersionNo) -> String {
    format!("{name} (copy of version {v})")
}

/// The item a copy of version `v` creates: the version's fields without the computed ones and
/// without its id; a kind whose ids the client chooses (a dashboard's `id` and `url`) gets
/// `<id>-v<version>-copy` there. Named after the version.
pub fn copy_of_version(kind: &Kind, old: &Value, v: &VersionNo) -> Value {
    let client_id = editing(kind).map_or(&[][..], |e| e.client_id);
    let mut body = match without_computed(kind, old) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let old_id = old.get("id").and_then(Value::as_str).unwrap_or("item");
    body.shift_remove("id");
    for key in client_id {
        body.insert((*key).into(), json!(format!("{old_id}-v{v}-copy")));
    }
    let name = old.get("name").and_then(Value::as_str).unwrap_or(old_id);
    body.insert("name".into(), json!(copy_name(name, v)));
    Value::Object(body)
}

/// The request that copies version `v` of item `item_id`: the alert clone endpoint with its
/// `v` and `name` (the server copies its own version, so nothing computed is sent back), a
/// create of [`copy_of_version`] for the other kinds (no clone endpoint). `None` for a kind
/// without either.
pub fn clone_request(
    kind: &'static Kind,
    item_id: &str,
    v: &VersionNo,
    old: &Value,
) -> Option<ApiRequest> {
    if kind == &ALERTS {
        let name = old.get("name").and_then(Value::as_str).unwrap_or(item_id);
        let clone = kind.operation(Verb::Clone)?;
        let request = clone.request(item_id, Arg::Name(Some(&copy_name(name, v))));
        return Some(request.with_query("v", v.as_str()));
    }
    let create = kind.operation(Verb::Create)?;
    Some(create.request("", Arg::Item(copy_of_version(kind, old, v))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{DASHBOARDS, DERIVED_METRICS};

    #[test]
    fn a_revert_sends_the_old_text_and_the_current_computed_fields() {
        let current = json!({"id": "7", "name": "new", "minutes": 5, "status": ["FIRING"],
                             "updatedEpochMillis": 200, "extra": true});
        let old = json!({"name": "old", "id": "7", "status": ["CHECKING"], "minutes": 10,
                         "updatedEpochMillis": 100, "unknownField": {"kept": 1}});
        let body = revert_body(&ALERTS, "7", &current, &old);
        assert_eq!(
            body,
            json!({"name": "old", "id": "7", "status": ["FIRING"], "minutes": 10,
                   "updatedEpochMillis": 200, "unknownField": {"kept": 1}})
        );
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys[0], "name", "the old version's order");
        assert!(body.get("extra").is_none(), "a field added since goes away");
    }

    #[test]
    fn a_revert_names_the_item_even_when_neither_side_does() {
        let body = revert_body(&DERIVED_METRICS, "dm-1", &json!({}), &json!({"name": "x"}));
        assert_eq!(body["id"], "dm-1");
    }

    #[test]
    fn copies_have_no_id_the_server_gives_and_a_new_client_id() {
        let v = VersionNo::parse("3").unwrap();
        let dm = json!({"id": "169", "name": "ratio", "query": "ts(a)", "minutes": 5,
                        "updatedEpochMillis": 9, "status": ["ACTIVE"]});
        let copy = copy_of_version(&DERIVED_METRICS, &dm, &v);
        assert_eq!(
            copy,
            json!({"name": "ratio (copy of version 3)", "query": "ts(a)", "minutes": 5})
        );
        let dash = json!({"id": "ops", "url": "ops", "name": "Ops", "sections": []});
        let copy = copy_of_version(&DASHBOARDS, &dash, &v);
        assert_eq!(copy["id"], "ops-v3-copy");
        assert_eq!(copy["url"], "ops-v3-copy");
        let req = clone_request(&DASHBOARDS, "ops", &v, &dash).unwrap();
        assert_eq!(req.to_string(), "POST /api/v2/dashboard");
        assert_eq!(req.body, Some(copy));
    }

    #[test]
    fn an_alert_is_copied_by_its_clone_endpoint_with_the_version() {
        let v = VersionNo::parse("12").unwrap();
        let req = clone_request(&ALERTS, "1690", &v, &json!({"name": "CPU"})).unwrap();
        assert_eq!(
            req.path_and_query(),
            "/api/v2/alert/1690/clone?name=CPU+%28copy+of+version+12%29&v=12"
        );
        assert!(req.body.is_none());
        assert!(req.is_mutation());
    }
}
