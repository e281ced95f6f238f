//! Read-modify-write of items as JSON text, the way a person edits them in `$EDITOR`: the text
//! an editor gets ([`buffer`]), what comes back read and checked, the bodies it sends, and
//! whether the item changed on the server in the meantime ([`changed_since`]).
//!
//! The text is JSON. JSON has no comments, so notes are members whose key starts with `//`:
//! a template's hints, and the fields the server computes, shown under [`READ_ONLY_KEY`] at the
//! end of each item. Every top-level member whose key starts with `//` is taken out before
//! anything is sent; the computed fields are put back as the server had them.

pub mod buffer;

use serde_json::Value;

use crate::api::ApiRequest;
use crate::api::catalog::{CHANGED_AT, Editing};

pub use buffer::{Purpose, ReadError, read_back, text_for, text_for_new};

/// The member that holds an item's computed fields in the editor.
pub const READ_ONLY_KEY: &str = "// read-only: computed by the server, changes here are ignored";

/// Whether a key is a note of wf-tui's (never sent).
pub fn is_note(key: &str) -> bool {
    key.starts_with("//")
}

/// Whether `now` (the item as the server has it just before the write) changed since `opened`
/// (as it was when the editor opened): a different time of last change, or different content
/// in any field a person edits. The spec has no ETag, so this is all there is, and it is made
/// just before the write.
pub fn changed_since(editing: &Editing, opened: &Value, now: &Value) -> bool {
    let stamp = |v: &Value| -> Vec<Option<Value>> {
        CHANGED_AT.iter().map(|k| v.get(*k).cloned()).collect()
    };
    stamp(opened) != stamp(now) || editable(editing, opened) != editable(editing, now)
}

/// The fields a person edits (what is not computed).
fn editable(editing: &Editing, item: &Value) -> Value {
    match item {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !editing.computed.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Where an alert's condition is checked before it is saved.
pub const CHECK_QUERY_PATH: &str = "/api/v2/alert/checkQuery";

/// `POST /api/v2/alert/checkQuery` for an alert's condition (a `QueryTypeDTO`: the query and,
/// when the alert says, its type), or `None` when it has no condition to check. It changes
/// nothing: a read, safe to retry and allowed in read-only mode.
pub fn check_query(alert: &Value) -> Option<ApiRequest> {
    let condition = alert.get("condition")?.as_str()?;
    let mut body = serde_json::json!({ "inputQuery": condition });
    if let Some(t) = alert.get("conditionQueryType").filter(|t| t.is_string()) {
        body["queryType"] = t.clone();
    }
    Some(ApiRequest::search(CHECK_QUERY_PATH, body))
}

/// What the check said of a condition: its type and, for PromQL, the translation.
pub fn describe_check(answer: &Value) -> String {
    let kind = answer
        .get("queryType")
        .and_then(Value::as_str)
        .unwrap_or("a query");
    match answer.get("translatedInput").and_then(Value::as_str) {
        Some(t) if Some(t) != answer.get("inputQuery").and_then(Value::as_str) => {
            format!("condition: {kind} ✓ (as WQL: {t})")
        }
        _ => format!("condition: {kind} ✓"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, USER_GROUPS, editing};
    use serde_json::json;

    #[test]
    fn a_new_time_of_change_or_new_content_is_a_change() {
        let e = editing(&ALERTS).unwrap();
        let opened = json!({"id": "a", "name": "x", "status": ["FIRING"], "updatedEpochMillis": 1});
        let mut now = opened.clone();
        now["status"] = json!(["CHECKING"]);
        assert!(
            !changed_since(e, &opened, &now),
            "computed fields change by themselves"
        );
        now["updatedEpochMillis"] = json!(2);
        assert!(changed_since(e, &opened, &now));
        let groups = editing(&USER_GROUPS).unwrap();
        let g = json!({"id": "g", "name": "a", "userCount": 3});
        let mut renamed = g.clone();
        renamed["name"] = json!("b");
        assert!(
            changed_since(groups, &g, &renamed),
            "no time of change: the content"
        );
        renamed["name"] = json!("a");
        renamed["userCount"] = json!(4);
        assert!(!changed_since(groups, &g, &renamed));
    }

    #[test]
    fn the_check_sends_the_condition_and_its_type() {
        let req =
            check_query(&json!({"condition": "ts(a) > 1", "conditionQueryType": "WQL"})).unwrap();
        assert_eq!(req.to_string(), "POST /api/v2/alert/checkQuery");
        assert_eq!(
            req.body,
            Some(json!({"inputQuery": "ts(a) > 1", "queryType": "WQL"}))
        );
        assert!(!req.is_mutation());
        assert!(check_query(&json!({"name": "no condition"})).is_none());
        let said = describe_check(
            &json!({"inputQuery": "up", "translatedInput": "ts(up)", "queryType": "PROMQL"}),
        );
        assert_eq!(said, "condition: PROMQL ✓ (as WQL: ts(up))");
    }
}
