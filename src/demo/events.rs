//! The stand-in's user events: `POST /api/v2/event` creates one (kept, so lists and charts show
//! it), `POST /api/v2/event/{id}/close` ends it now, `PUT /api/v2/event/{id}` replaces what may
//! be changed. As the spec says: a missing or zero `startTime` is now, the read-only fields of a
//! body are ignored, and only user events can be closed or changed (alert events cannot).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::api::{Caller, envelope_error, envelope_ok};
use super::state::DemoState;

/// The fields the API ignores in a body ("readonly and will be ignored when passed").
const READ_ONLY: &[&str] = &[
    "id",
    "isEphemeral",
    "isUserEvent",
    "runningState",
    "canDelete",
    "canClose",
    "creatorType",
    "createdAt",
    "updatedAt",
    "createdEpochMillis",
    "updatedEpochMillis",
    "updaterId",
    "creatorId",
    "summarizedEvents",
    "computedHlps",
    "table",
];

fn bad_request(message: &str) -> Response {
    envelope_error(StatusCode::BAD_REQUEST, message)
}

/// `ONGOING`, `PENDING` or `ENDED`, from the event's times.
fn running_state(event: &Value, now_ms: i64) -> &'static str {
    let start = event["startTime"].as_i64().unwrap_or(0);
    match event["endTime"].as_i64() {
        _ if start > now_ms => "PENDING",
        Some(end) if end <= now_ms => "ENDED",
        _ => "ONGOING",
    }
}

/// The body's writable fields, checked: a name, annotations (strings), times as integers, the
/// start defaulting to now.
fn writable(body: &[u8], now_ms: i64) -> Result<Map<String, Value>, String> {
    let Ok(Value::Object(mut event)) = serde_json::from_slice::<Value>(body) else {
        return Err("The body must be an Event object".into());
    };
    event.retain(|k, _| !READ_ONLY.contains(&k.as_str()));
    if event
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err("name is required".into());
    }
    match event.get_mut("annotations") {
        Some(Value::Object(annotations)) => {
            for v in annotations.values_mut() {
                if !v.is_string() {
                    *v = json!(v.to_string());
                }
            }
        }
        _ => return Err("annotations is required (an object of strings)".into()),
    }
    let time = |key: &str| match event.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or(format!("{key} must be epoch milliseconds")),
    };
    let start = time("startTime")?.filter(|s| *s != 0).unwrap_or(now_ms);
    let end = time("endTime")?;
    if end.is_some_and(|e| e < start) {
        return Err("endTime must not be before startTime".into());
    }
    event.insert("startTime".into(), json!(start));
    for key in ["tags", "hosts"] {
        if !event.get(key).is_none_or(|v| v.is_array() || v.is_null()) {
            return Err(format!("{key} must be a list of strings"));
        }
    }
    Ok(event)
}

/// A new id in the product's form, `<startTime>:<name>`, made unique.
fn new_id(state: &DemoState, start: i64, name: &str) -> String {
    let taken: Vec<String> = state
        .items("event")
        .iter()
        .filter_map(|e| e["id"].as_str().map(str::to_string))
        .collect();
    let base = format!("{start}:{name}");
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}:{n}")
            }
        })
        .find(|id| !taken.contains(id))
        .expect("an unused id")
}

pub async fn create(
    State(state): State<Arc<DemoState>>,
    axum::Extension(Caller(caller)): axum::Extension<Caller>,
    body: axum::body::Bytes,
) -> Response {
    let now = state.now_ms();
    let mut event = match writable(&body, now) {
        Ok(e) => e,
        Err(message) => return bad_request(&message),
    };
    let start = event["startTime"].as_i64().unwrap_or(now);
    let name = event["name"].as_str().unwrap_or_default().to_string();
    let fields = [
        ("id", json!(new_id(&state, start, &name))),
        ("table", json!("acme")),
        ("creatorId", json!(caller)),
        ("updaterId", json!(caller)),
        ("createdAt", json!(now)),
        ("updatedAt", json!(now)),
        ("createdEpochMillis", json!(now)),
        ("updatedEpochMillis", json!(now)),
        ("isUserEvent", json!(true)),
        ("isEphemeral", json!(false)),
        ("canClose", json!(true)),
        ("canDelete", json!(true)),
        ("creatorType", json!(["USER"])),
        ("summarizedEvents", json!(0)),
    ];
    for (k, v) in fields {
        event.insert(k.into(), v);
    }
    let mut event = Value::Object(event);
    event["runningState"] = json!(running_state(&event, now));
    state.edit_items("event", |items| items.push(event.clone()));
    envelope_ok(event)
}

/// Changes the user event `id` with `f` (given the time), or the error to answer.
fn edit_user_event(
    state: &DemoState,
    id: &str,
    f: impl FnOnce(&mut Value, i64) -> Result<(), String>,
) -> Response {
    let now = state.now_ms();
    let mut result = Err(envelope_error(
        StatusCode::NOT_FOUND,
        &format!("Event {id} does not exist"),
    ));
    state.edit_items("event", |items| {
        let Some(event) = items.iter_mut().find(|e| e["id"].as_str() == Some(id)) else {
            return;
        };
        if event["isUserEvent"] != true {
            result = Err(bad_request(&format!(
                "Event {id} is not a user event: only user events can be changed or closed"
            )));
            return;
        }
        let mut next = event.clone();
        result = match f(&mut next, now) {
            Ok(()) => {
                next["updatedAt"] = json!(now);
                next["updatedEpochMillis"] = json!(now);
                next["runningState"] = json!(running_state(&next, now));
                *event = next.clone();
                Ok(next)
            }
            Err(message) => Err(bad_request(&message)),
        };
    });
    match result {
        Ok(event) => envelope_ok(event),
        Err(response) => response,
    }
}

/// Ends the event now; an event already over stays as it is.
pub async fn close(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    edit_user_event(&state, &id, |event, now| {
        let start = event["startTime"].as_i64().unwrap_or(now);
        if event["endTime"].as_i64().is_none_or(|end| end > now) {
            event["endTime"] = json!(now.max(start.saturating_add(1)));
        }
        Ok(())
    })
}

/// Replaces the writable fields with the body's.
pub async fn update(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    edit_user_event(&state, &id, |event, now| {
        let fields = writable(&body, now)?;
        if fields.get("endTime").is_none() {
            if let Some(obj) = event.as_object_mut() {
                obj.remove("endTime");
            }
        }
        for (k, v) in fields {
            event[k.as_str()] = v;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_checked_as_the_spec_describes() {
        let ok = writable(
            br#"{"name":"d","annotations":{"n":3},"id":"mine","endTime":null}"#,
            50,
        )
        .unwrap();
        assert_eq!(ok["startTime"], 50, "a missing start is now");
        assert_eq!(ok["annotations"]["n"], "3");
        assert!(!ok.contains_key("id"), "read-only fields are ignored");
        let zero = writable(br#"{"name":"d","annotations":{},"startTime":0}"#, 7).unwrap();
        assert_eq!(zero["startTime"], 7);
        for (body, says) in [
            (&br#"[1]"#[..], "Event object"),
            (br#"{"annotations":{}}"#, "name is required"),
            (br#"{"name":" ","annotations":{}}"#, "name is required"),
            (br#"{"name":"d"}"#, "annotations is required"),
            (
                br#"{"name":"d","annotations":{},"startTime":"soon"}"#,
                "epoch milliseconds",
            ),
            (
                br#"{"name":"d","annotations":{},"startTime":9,"endTime":8}"#,
                "before",
            ),
            (
                br#"{"name":"d","annotations":{},"tags":"t"}"#,
                "list of strings",
            ),
        ] {
            let err = writable(body, 0).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn states_follow_the_times() {
        let at = |start: i64, end: Option<i64>| {
            let mut e = json!({"startTime": start});
            if let Some(end) = end {
                e["endTime"] = json!(end);
            }
            running_state(&e, 100)
        };
        assert_eq!(at(200, None), "PENDING");
        assert_eq!(at(50, None), "ONGOING");
        assert_eq!(at(50, Some(150)), "ONGOING");
        assert_eq!(at(50, Some(100)), "ENDED");
    }
}
