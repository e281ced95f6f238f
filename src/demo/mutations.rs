//! The stand-in's mutations (FACTS §2.6), each kept in its state so the next list, detail and
//! search show it: source and alert tags, snoozes, cloud integrations on and off, maintenance
//! windows created, closed and deleted. Answers come in the real containers; unknown ids get a
//! 404 in the envelope's error shape.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{MethodFilter, on};
use serde_json::{Value, json};

use crate::api::HttpMethod;
use crate::api::catalog::{
    ALERTS, CLOUD_INTEGRATIONS, EVENTS, Kind, MAINTENANCE_WINDOWS, SOURCES, Verb,
};

use super::api::{envelope_error, envelope_ok, source_index_of};
use super::state::DemoState;
use crate::auth::session::wall_ms;

/// The routes, at the paths and methods the catalog's operations declare: the stand-in serves
/// exactly what the TUI and the CLI send.
pub fn router() -> Router<Arc<DemoState>> {
    use Verb::*;
    let r = Router::new();
    let r = at(r, &SOURCES, TagAdd, source_tag_add);
    let r = at(r, &SOURCES, TagRemove, source_tag_remove);
    let r = at(r, &SOURCES, TagSet, source_tag_set);
    let r = at(r, &ALERTS, Snooze, alert_snooze);
    let r = at(r, &ALERTS, Unsnooze, alert_unsnooze);
    let r = at(r, &ALERTS, TagAdd, alert_tag_add);
    let r = at(r, &ALERTS, TagRemove, alert_tag_remove);
    let r = at(
        r,
        &CLOUD_INTEGRATIONS,
        Enable,
        |s: State<Arc<DemoState>>, id: Path<String>| integration(s, id, false),
    );
    let r = at(
        r,
        &CLOUD_INTEGRATIONS,
        Disable,
        |s: State<Arc<DemoState>>, id: Path<String>| integration(s, id, true),
    );
    let r = at(r, &MAINTENANCE_WINDOWS, Create, window_create);
    // Closing is an update of the whole window.
    let r = at(r, &MAINTENANCE_WINDOWS, Update, window_update);
    let r = at(r, &MAINTENANCE_WINDOWS, Delete, window_delete);
    let r = at(r, &EVENTS, Create, super::events::create);
    let r = at(r, &EVENTS, Close, super::events::close);
    at(r, &EVENTS, Update, super::events::update)
}

/// Serves `kind`'s operation `verb` with `handler` (routes of one path share its methods).
pub(super) fn at<H, T>(
    router: Router<Arc<DemoState>>,
    kind: &'static Kind,
    verb: Verb,
    handler: H,
) -> Router<Arc<DemoState>>
where
    H: Handler<T, Arc<DemoState>>,
    T: 'static,
{
    let op = kind
        .operation(verb)
        .unwrap_or_else(|| panic!("the catalog has no {verb:?} on {}", kind.name));
    let method = match op.method {
        HttpMethod::Get => MethodFilter::GET,
        HttpMethod::Post => MethodFilter::POST,
        HttpMethod::Put => MethodFilter::PUT,
        HttpMethod::Delete => MethodFilter::DELETE,
    };
    router.route(op.path, on(method, handler))
}

fn not_found(what: &str, id: &str) -> Response {
    envelope_error(
        StatusCode::NOT_FOUND,
        &format!("{what} {id} does not exist"),
    )
}

fn bad_request(message: &str) -> Response {
    envelope_error(StatusCode::BAD_REQUEST, message)
}

/// Changes the item `id` of `collection` and answers it, or a 404.
#[allow(clippy::result_large_err)] // the error is the answer itself, built once per request
fn edit_item(
    state: &DemoState,
    collection: &'static str,
    what: &str,
    id: &str,
    f: impl FnOnce(&mut Value),
) -> Result<Value, Response> {
    let mut found = None;
    state.edit_items(collection, |items| {
        if let Some(item) = items
            .iter_mut()
            .find(|i| i.get("id").and_then(Value::as_str) == Some(id))
        {
            f(item);
            super::writes::stamp(state, collection, item);
            found = Some(item.clone());
        }
    });
    if let Some(item) = found.as_mut() {
        state.live(collection, item);
    }
    found.ok_or_else(|| not_found(what, id))
}

fn answer(result: Result<Value, Response>) -> Response {
    match result {
        Ok(item) => envelope_ok(item),
        Err(resp) => resp,
    }
}

/// Source tags answer `ResponseContainer` with no payload, as the real API does.
fn edit_source(
    state: &DemoState,
    id: &str,
    f: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> Response {
    match source_index_of(state, id) {
        Some(i) => {
            state.edit_source_tags(i, f);
            envelope_ok(Value::Null)
        }
        None => not_found("Source", id),
    }
}

async fn source_tag_add(
    State(state): State<Arc<DemoState>>,
    Path((id, tag)): Path<(String, String)>,
) -> Response {
    edit_source(&state, &id, |tags| {
        tags.insert(tag, Value::Bool(true));
    })
}

async fn source_tag_remove(
    State(state): State<Arc<DemoState>>,
    Path((id, tag)): Path<(String, String)>,
) -> Response {
    edit_source(&state, &id, |tags| {
        tags.remove(&tag);
    })
}

async fn source_tag_set(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(list) = serde_json::from_slice::<Vec<String>>(&body) else {
        return bad_request("The body must be a JSON array of tag strings");
    };
    edit_source(&state, &id, |tags| {
        tags.clear();
        for t in list {
            tags.insert(t, Value::Bool(true));
        }
    })
}

async fn alert_snooze(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let seconds = match q.get("seconds").map(|s| s.parse::<i64>()) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(_)) => return bad_request("Invalid value for seconds"),
    };
    // Without `seconds` (or with a negative one): snoozed until unsnoozed, stored as -1.
    let until = match seconds {
        Some(s) if s >= 0 => wall_ms() + s * 1000,
        _ => -1,
    };
    answer(edit_item(&state, "alert", "Alert", &id, |alert| {
        alert["snoozed"] = json!(until);
        set_status(alert, "SNOOZED", true);
    }))
}

async fn alert_unsnooze(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    answer(edit_item(&state, "alert", "Alert", &id, |alert| {
        if let Some(obj) = alert.as_object_mut() {
            obj.remove("snoozed");
        }
        set_status(alert, "SNOOZED", false);
    }))
}

fn set_status(alert: &mut Value, flag: &str, on: bool) {
    let mut status: Vec<Value> = alert["status"].as_array().cloned().unwrap_or_default();
    status.retain(|s| s.as_str() != Some(flag));
    if on {
        status.insert(0, json!(flag));
    }
    alert["status"] = Value::Array(status);
}

/// Alert tags answer `ResponseContainerVoid`.
fn edit_alert_tags(state: &DemoState, id: &str, f: impl FnOnce(&mut Vec<Value>)) -> Response {
    let edited = edit_item(state, "alert", "Alert", id, |alert| {
        let mut tags = alert
            .pointer("/tags/customerTags")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        f(&mut tags);
        if !alert["tags"].is_object() {
            alert["tags"] = json!({});
        }
        alert["tags"]["customerTags"] = Value::Array(tags);
    });
    match edited {
        Ok(_) => envelope_ok(Value::Null),
        Err(resp) => resp,
    }
}

async fn alert_tag_add(
    State(state): State<Arc<DemoState>>,
    Path((id, tag)): Path<(String, String)>,
) -> Response {
    edit_alert_tags(&state, &id, |tags| {
        if !tags.iter().any(|t| t.as_str() == Some(&tag)) {
            tags.push(json!(tag));
        }
    })
}

async fn alert_tag_remove(
    State(state): State<Arc<DemoState>>,
    Path((id, tag)): Path<(String, String)>,
) -> Response {
    edit_alert_tags(&state, &id, |tags| {
        tags.retain(|t| t.as_str() != Some(&tag));
    })
}

async fn integration(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    disabled: bool,
) -> Response {
    answer(edit_item(
        &state,
        "cloudintegration",
        "Cloud integration",
        &id,
        |ci| ci["disabled"] = json!(disabled),
    ))
}

/// `ONGOING`, `PENDING` or `ENDED`, from the window's times.
fn running_state(window: &Value, now_s: i64) -> &'static str {
    let start = window["startTimeInSeconds"].as_i64().unwrap_or(0);
    let end = window["endTimeInSeconds"].as_i64().unwrap_or(0);
    if now_s < start {
        "PENDING"
    } else if now_s < end {
        "ONGOING"
    } else {
        "ENDED"
    }
}

/// Checks what `POST`/`PUT /api/v2/maintenancewindow` require.
fn check_window(w: &Value) -> Result<(), String> {
    for key in ["title", "reason"] {
        if w[key].as_str().is_none_or(|s| s.trim().is_empty()) {
            return Err(format!("{key} is required"));
        }
    }
    for key in ["startTimeInSeconds", "endTimeInSeconds"] {
        if !w[key].is_i64() {
            return Err(format!("{key} is required"));
        }
    }
    if w["relevantCustomerTags"]
        .as_array()
        .is_none_or(Vec::is_empty)
    {
        return Err("relevantCustomerTags must have at least one tag".into());
    }
    Ok(())
}

async fn window_create(State(state): State<Arc<DemoState>>, body: axum::body::Bytes) -> Response {
    let Ok(mut window) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("The body must be a MaintenanceWindow object");
    };
    if let Err(message) = check_window(&window) {
        return bad_request(&message);
    }
    let now = wall_ms();
    // Numeric ids, as the real ones are; unique within the process.
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let id = format!("{}", now * 1000 + n % 1000);
    let title = window["title"].as_str().unwrap_or_default().to_string();
    let obj = window.as_object_mut().expect("checked above");
    obj.insert("id".into(), json!(id));
    obj.insert("creatorId".into(), json!(state.credentials.user));
    obj.insert("updaterId".into(), json!(state.credentials.user));
    obj.insert("createdEpochMillis".into(), json!(now));
    obj.insert("updatedEpochMillis".into(), json!(now));
    obj.insert(
        "eventName".into(),
        json!(format!("Maintenance Window: {title}")),
    );
    let rs = running_state(&window, now / 1000);
    window["runningState"] = json!(rs);
    let created = window.clone();
    state.edit_items("maintenancewindow", |items| items.push(window));
    envelope_ok(created)
}

/// `PUT`: the window as sent replaces the one stored (the server's own fields kept), as the
/// real update does; closing a window sends it whole with the end moved.
async fn window_update(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(Value::Object(update)) = crate::json::parse_value(&body) else {
        return bad_request("The body must be a MaintenanceWindow object");
    };
    let computed =
        crate::api::catalog::editing(&MAINTENANCE_WINDOWS).map_or(&[][..], |e| e.computed);
    let mut invalid = None;
    let result = edit_item(
        &state,
        "maintenancewindow",
        "Maintenance window",
        &id,
        |w| {
            let mut next: serde_json::Map<String, Value> = update
                .into_iter()
                .filter(|(k, _)| !computed.contains(&k.as_str()))
                .collect();
            next.insert("id".into(), json!(id));
            if let Value::Object(old) = &*w {
                for (k, v) in old.iter().filter(|(k, _)| computed.contains(&k.as_str())) {
                    next.insert(k.clone(), v.clone());
                }
            }
            let mut next = Value::Object(next);
            match check_window(&next) {
                Ok(()) => {
                    next["runningState"] = json!(running_state(&next, wall_ms() / 1000));
                    *w = next;
                }
                Err(e) => invalid = Some(e),
            }
        },
    );
    match invalid {
        Some(message) => bad_request(&message),
        None => answer(result),
    }
}

async fn window_delete(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    let mut removed = None;
    state.edit_items("maintenancewindow", |items| {
        if let Some(pos) = items
            .iter()
            .position(|w| w.get("id").and_then(Value::as_str) == Some(id.as_str()))
        {
            removed = Some(items.remove(pos));
        }
    });
    match removed {
        Some(w) => envelope_ok(w),
        None => not_found("Maintenance window", &id),
    }
}
