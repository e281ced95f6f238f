//! The stand-in's creates, updates and deletes of the kinds a person edits (maintenance
//! windows are `mutations`'), the alert's clone and its condition's check. An update replaces
//! the item as the real `PUT` does, keeping what the server computes; every write counts a
//! version and moves `updatedEpochMillis` on (never twice the same), which the edit's conflict
//! check reads. Bad bodies get a 400 with the reason, in the envelope's error shape.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::api::{envelope_error, envelope_ok};
use super::mutations::at;
use super::state::DemoState;
use crate::api::catalog::{ALERTS, EDITABLE, Editing, MAINTENANCE_WINDOWS, Verb};

pub fn router() -> Router<Arc<DemoState>> {
    let mut r = Router::new();
    for e in EDITABLE.iter().filter(|e| e.kind != &MAINTENANCE_WINDOWS) {
        r = at(
            r,
            e.kind,
            Verb::Create,
            move |s: State<Arc<DemoState>>, b: Bytes| create(s, e, b),
        );
        r = at(
            r,
            e.kind,
            Verb::Update,
            move |s: State<Arc<DemoState>>, id: Path<String>, b: Bytes| update(s, e, id, b),
        );
        r = at(
            r,
            e.kind,
            Verb::Delete,
            move |s: State<Arc<DemoState>>, id: Path<String>| delete(s, e, id),
        );
    }
    let r = at(r, &ALERTS, Verb::Clone, clone_alert);
    r.route(
        crate::api::edit::CHECK_QUERY_PATH,
        axum::routing::post(check_query),
    )
}

fn bad_request(message: &str) -> Response {
    envelope_error(StatusCode::BAD_REQUEST, message)
}

/// What a kind's create and update require (the spec's `required`, and a name where the spec
/// requires nothing), and of what type.
fn required(kind: &str) -> &'static [(&'static str, Type)] {
    use Type::*;
    match kind {
        "alert" => &[("name", Text), ("condition", Text), ("minutes", Int)],
        "dashboard" => &[
            ("id", Text),
            ("name", Text),
            ("url", Text),
            ("sections", List),
        ],
        "derivedmetric" => &[("name", Text), ("query", Text), ("minutes", Int)],
        "notificant" => &[
            ("title", Text),
            ("description", Any),
            ("method", Text),
            ("recipient", Text),
            ("template", Any),
            ("triggers", List),
        ],
        "extlink" => &[("name", Text), ("description", Any), ("template", Text)],
        "savedsearch" => &[("entityType", Text), ("query", Object)],
        "usergroup" => &[("name", Text), ("roleIDs", List)],
        _ => &[("name", Text)],
    }
}

#[derive(Debug, Clone, Copy)]
enum Type {
    /// A string that is not empty.
    Text,
    /// A string, maybe empty.
    Any,
    Int,
    List,
    Object,
}

/// Why a body is refused, as the API says it.
fn check(kind: &str, item: &Map<String, Value>) -> Result<(), String> {
    for (field, t) in required(kind) {
        let v = item.get(*field).filter(|v| !v.is_null());
        let Some(v) = v else {
            return Err(format!("{field} is required"));
        };
        let ok = match t {
            Type::Text => v.as_str().is_some_and(|s| !s.trim().is_empty()),
            Type::Any => v.is_string(),
            Type::Int => v.is_i64(),
            Type::List => v.is_array(),
            Type::Object => v.is_object(),
        };
        if !ok {
            let what = match t {
                Type::Text => "a string that is not empty",
                Type::Any => "a string",
                Type::Int => "an integer",
                Type::List => "a list",
                Type::Object => "an object",
            };
            return Err(format!("{field} must be {what}"));
        }
    }
    for field in ["condition", "query", "displayExpression"] {
        if let Some(problem) = item
            .get(field)
            .and_then(Value::as_str)
            .filter(|q| !q.is_empty())
            .and_then(query_problem)
        {
            return Err(format!("{field}: {problem}"));
        }
    }
    Ok(())
}

/// What is wrong with a query, as far as a stand-in can tell: unbalanced brackets or quotes.
pub fn query_problem(query: &str) -> Option<String> {
    let mut open: Vec<char> = Vec::new();
    let mut quoted = false;
    for (i, c) in query.char_indices() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '(' | '[' | '{' => open.push(c),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if open.pop() != Some(want) {
                    return Some(format!("Syntax error: unexpected `{c}` at position {i}"));
                }
            }
            _ => {}
        }
    }
    if quoted {
        return Some("Syntax error: a quote is not closed".into());
    }
    open.last()
        .map(|c| format!("Syntax error: `{c}` is not closed"))
}

/// The body as an object, or the 400 that says it is not one.
#[allow(clippy::result_large_err)] // the error is the answer itself, built once per request
fn object(e: &Editing, body: &[u8]) -> Result<Map<String, Value>, Response> {
    match crate::json::parse_value(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_request(&format!(
            "The body must be a {} object",
            e.model
        ))),
        Err(err) => Err(bad_request(&format!("Unable to parse the body: {err}"))),
    }
}

/// Marks a write on `item`: a version more, changed now (later than its last change even
/// within one millisecond), by the demo user.
pub(super) fn stamp(state: &DemoState, collection: &str, item: &mut Value) {
    let Some(obj) = item.as_object_mut() else {
        return;
    };
    let last = ["updatedEpochMillis", "lastUpdatedMs", "updated"]
        .iter()
        .filter_map(|k| obj.get(*k).and_then(Value::as_i64))
        .max()
        .unwrap_or(0);
    let at = state.now_ms().max(last + 1);
    // Alerts and derived metrics have the older name too, where the item has it.
    let had_updated = obj.contains_key("updated");
    let touched = |k: &str| match collection {
        "role" | "ingestionpolicy" => k == "lastUpdatedMs",
        "usergroup" => false,
        _ => k == "updatedEpochMillis" || (k == "updated" && had_updated),
    };
    for k in ["updatedEpochMillis", "lastUpdatedMs", "updated"] {
        if touched(k) {
            obj.insert(k.into(), json!(at));
        }
    }
    match collection {
        "role" | "ingestionpolicy" => {
            obj.insert("lastUpdatedAccountId".into(), json!(state.credentials.user));
        }
        "usergroup" => {}
        _ => {
            obj.insert("updaterId".into(), json!(state.credentials.user));
        }
    }
    if let Some(id) = obj.get("id").and_then(Value::as_str) {
        state.count_version(collection, id);
    }
    // Every write is a version of its history (`versions`).
    state
        .history
        .record(collection, item, &state.credentials.user, at);
}

/// An id as the API gives them for `kind`: numbers for alerts and derived metrics, UUIDs for
/// groups and roles, short tokens for the rest.
fn new_id(kind: &str, now_ms: i64) -> String {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    match kind {
        "alert" | "derivedmetric" => {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            format!("{}", now_ms * 1000 + n % 1000)
        }
        "usergroup" | "role" => super::random::uuid(),
        _ => super::random::token(16),
    }
}

/// What the server fills in on an item of `kind` from what was sent; `roles` are the roles
/// there are (read before the items are locked for the write).
fn derive(roles: &[Value], kind: &str, item: &mut Map<String, Value>) {
    if kind == "usergroup" {
        let ids: Vec<Value> = item
            .get("roleIDs")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let named: Vec<Value> = ids
            .iter()
            .filter_map(|id| roles.iter().find(|r| r.get("id") == Some(id)).cloned())
            .map(|r| json!({"id": r["id"], "name": r["name"], "description": r["description"]}))
            .collect();
        item.insert("roleCount".into(), json!(named.len()));
        item.insert("roles".into(), Value::Array(named));
        // The write model's field is not part of what is read back.
        item.shift_remove("roleIDs");
    }
    if kind == "dashboard" {
        let charts: usize = item
            .get("sections")
            .and_then(Value::as_array)
            .map(|s| {
                s.iter()
                    .flat_map(|s| s["rows"].as_array().cloned().unwrap_or_default())
                    .map(|r| r["charts"].as_array().map_or(0, Vec::len))
                    .sum()
            })
            .unwrap_or(0);
        item.insert("numCharts".into(), json!(charts));
    }
}

async fn create(State(state): State<Arc<DemoState>>, e: &'static Editing, body: Bytes) -> Response {
    let mut item = match object(e, &body) {
        Ok(item) => item,
        Err(refused) => return refused,
    };
    let kind = e.kind.name;
    if let Err(message) = check(kind, &item) {
        return bad_request(&message);
    }
    let now = state.now_ms();
    let id = if e.client_id.is_empty() {
        new_id(kind, now)
    } else {
        item["id"].as_str().unwrap_or_default().to_string()
    };
    if state
        .items(kind)
        .iter()
        .any(|i| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
    {
        return bad_request(&format!("A {} with id {id} already exists", e.model));
    }
    item.retain(|k, _| !e.computed.contains(&k.as_str()));
    item.insert("id".into(), json!(id));
    derive(&state.items("role"), kind, &mut item);
    for k in ["creatorId", "createUserId"] {
        if e.computed.contains(&k) {
            item.insert(k.into(), json!(state.credentials.user));
        }
    }
    if e.computed.contains(&"createdEpochMillis") {
        item.insert("createdEpochMillis".into(), json!(now));
    }
    let mut item = Value::Object(item);
    stamp(&state, kind, &mut item);
    state.edit_items(kind, |items| items.push(item.clone()));
    state.live(kind, &mut item);
    envelope_ok(item)
}

async fn update(
    State(state): State<Arc<DemoState>>,
    e: &'static Editing,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let sent = match object(e, &body) {
        Ok(item) => item,
        Err(refused) => return refused,
    };
    let kind = e.kind.name;
    if let Some(other) = sent.get("id").and_then(Value::as_str).filter(|i| *i != id) {
        return bad_request(&format!(
            "The id in the body ({other}) is not the id in the path ({id})"
        ));
    }
    if let Err(message) = check(kind, &sent) {
        return bad_request(&message);
    }
    let mut updated = None;
    let roles = state.items("role");
    state.edit_items(kind, |items| {
        let Some(stored) = items
            .iter_mut()
            .find(|i| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
        else {
            return;
        };
        let mut next: Map<String, Value> = sent
            .into_iter()
            .filter(|(k, _)| !e.computed.contains(&k.as_str()))
            .collect();
        next.insert("id".into(), json!(id));
        if let Value::Object(old) = &*stored {
            for (k, v) in old.iter().filter(|(k, _)| e.computed.contains(&k.as_str())) {
                next.insert(k.clone(), v.clone());
            }
        }
        derive(&roles, kind, &mut next);
        let mut next = Value::Object(next);
        stamp(&state, kind, &mut next);
        *stored = next.clone();
        updated = Some(next);
    });
    match updated {
        Some(mut item) => {
            state.live(kind, &mut item);
            envelope_ok(item)
        }
        None => envelope_error(
            StatusCode::NOT_FOUND,
            &format!("{} {id} does not exist", e.model),
        ),
    }
}

async fn delete(
    State(state): State<Arc<DemoState>>,
    e: &'static Editing,
    Path(id): Path<String>,
) -> Response {
    let mut removed = None;
    state.edit_items(e.kind.name, |items| {
        if let Some(pos) = items
            .iter()
            .position(|i| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
        {
            removed = Some(items.remove(pos));
        }
    });
    match removed {
        Some(item) => {
            // Deleted items go to the trash (`trash`), whence `undelete` brings them back.
            let (user, now) = (&state.credentials.user, state.now_ms());
            state.trash.put(e.kind.name, item.clone(), user, now);
            envelope_ok(item)
        }
        None => envelope_error(
            StatusCode::NOT_FOUND,
            &format!("{} {id} does not exist", e.model),
        ),
    }
}

/// `POST /api/v2/alert/{id}/clone?name=&v=`: a new alert like it (or like its version `v`),
/// named `name`, or "Copy of …".
async fn clone_alert(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(original) = state
        .items("alert")
        .into_iter()
        .find(|a| a.get("id").and_then(Value::as_str) == Some(id.as_str()))
    else {
        return envelope_error(StatusCode::NOT_FOUND, &format!("Alert {id} does not exist"));
    };
    // `v`: a copy of that version of it (`versions`).
    let original = match q.get("v") {
        None => original,
        Some(v) => match v
            .parse()
            .ok()
            .and_then(|n| state.history.item_at("alert", &id, n))
        {
            Some(old) => old,
            None => {
                let message = format!("Version {v} of alert {id} does not exist");
                return envelope_error(StatusCode::NOT_FOUND, &message);
            }
        },
    };
    let mut copy = original;
    let name = q
        .get("name")
        .cloned()
        .unwrap_or_else(|| format!("Copy of {}", copy["name"].as_str().unwrap_or_default()));
    let now = state.now_ms();
    copy["id"] = json!(new_id("alert", now));
    copy["name"] = json!(name);
    copy["createdEpochMillis"] = json!(now);
    copy["creatorId"] = json!(state.credentials.user);
    copy["status"] = json!(["CHECKING"]);
    if let Some(obj) = copy.as_object_mut() {
        obj.shift_remove("event");
    }
    stamp(&state, "alert", &mut copy);
    state.edit_items("alert", |items| items.push(copy.clone()));
    envelope_ok(copy)
}

/// `POST /api/v2/alert/checkQuery`: the query's type (and its WQL), or a 400 saying what is
/// wrong with it.
async fn check_query(body: Bytes) -> Response {
    let Ok(Value::Object(dto)) = crate::json::parse_value(&body) else {
        return bad_request("The body must be a QueryTypeDTO object");
    };
    let Some(query) = dto.get("inputQuery").and_then(Value::as_str) else {
        return bad_request("inputQuery is required");
    };
    if query.trim().is_empty() {
        return bad_request("inputQuery must not be empty");
    }
    if let Some(problem) = query_problem(query) {
        return bad_request(&problem);
    }
    let kind = dto
        .get("queryType")
        .and_then(Value::as_str)
        .unwrap_or("WQL");
    envelope_ok(json!({"inputQuery": query, "translatedInput": query, "queryType": kind}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbalanced_queries_are_refused() {
        assert_eq!(query_problem("ts(cpu.load, env=\"prod\") > 2"), None);
        assert!(query_problem("ts(cpu.load").unwrap().contains("not closed"));
        assert!(
            query_problem("ts(cpu))")
                .unwrap()
                .contains("unexpected `)`")
        );
        assert!(query_problem("ts(\"a)").is_some());
    }

    #[test]
    fn required_fields_and_their_types() {
        let ok = json!({"name": "a", "condition": "ts(x) > 1", "minutes": 5});
        assert_eq!(check("alert", ok.as_object().unwrap()), Ok(()));
        let missing = json!({"name": "a", "minutes": 5});
        assert_eq!(
            check("alert", missing.as_object().unwrap()),
            Err("condition is required".into())
        );
        let wrong = json!({"name": "a", "condition": "ts(x)", "minutes": "5"});
        assert_eq!(
            check("alert", wrong.as_object().unwrap()),
            Err("minutes must be an integer".into())
        );
    }
}
