//! The stand-in's alerting history, answered from the schedule of firings
//! ([`super::firings`]): an alert's firings (`GET /api/v2/event/alertFirings`), the series of
//! one (`GET /api/v2/event/{id}/alertFiringDetails`), and what is related to one
//! (`POST /api/v2/search/event/related/{id}`: other alerts' firings and the fixture's events
//! near it), in the spec's `PagedEvent`, `Set<SourceLabelPair>` and `PagedRelatedEvent`.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::api::{envelope_error, envelope_ok, in_window, spring_false};
use super::firings::{Firing, HISTORY_MS};
use super::state::DemoState;

/// The largest page, as the API caps `limit`.
const MAX_LIMIT: usize = 1000;
/// How far around a firing its related events are looked for, without a time range.
const AROUND_MS: i64 = 3_600_000;

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/api/v2/event/alertFirings", get(alert_firings))
        .route(
            "/api/v2/event/{id}/alertFiringDetails",
            get(alert_firing_details),
        )
        .route("/api/v2/search/event/related/{id}", post(related_events))
}

fn bad_request(message: &str) -> Response {
    envelope_error(StatusCode::BAD_REQUEST, message)
}

/// An integer parameter; the 400's message when it is not one.
fn int(q: &HashMap<String, String>, key: &str) -> Result<Option<i64>, String> {
    q.get(key)
        .map(|v| {
            v.trim()
                .parse()
                .map_err(|_| format!("Invalid value for {key}: {v}"))
        })
        .transpose()
}

/// The alert of a firing, as it is now (for the event's target, tags, metrics).
fn alert(state: &DemoState, alert_id: &str) -> Value {
    state
        .items("alert")
        .into_iter()
        .find(|a| a["id"].as_str() == Some(alert_id))
        .unwrap_or(Value::Null)
}

/// `GET /api/v2/event/alertFirings?alertId=…`: newest first unless `asc=true`.
async fn alert_firings(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(alert_id) = q.get("alertId").filter(|a| !a.trim().is_empty()) else {
        return bad_request("Required parameter alertId is missing");
    };
    let now = state.now_ms();
    let read = (|| {
        Ok::<_, String>((
            int(&q, "earliestStartTimeEpochMillis")?,
            int(&q, "latestStartTimeEpochMillis")?,
            int(&q, "limit")?,
        ))
    })();
    let (from, to, limit) = match read {
        Ok(params) => params,
        Err(message) => return bad_request(&message),
    };
    let from = from.unwrap_or(now - HISTORY_MS).max(now - HISTORY_MS);
    let to = to.unwrap_or(now);
    let limit = limit.unwrap_or(100).clamp(1, MAX_LIMIT as i64) as usize;
    let ascending = q.get("asc").is_some_and(|v| !spring_false(v));
    let mut firings = state.schedule().firings(alert_id, from, to, now);
    if !ascending {
        firings.reverse();
    }
    let alert = alert(&state, alert_id);
    let total = firings.len();
    let items: Vec<Value> = firings
        .iter()
        .take(limit)
        .map(|f| f.event(&alert))
        .collect();
    envelope_ok(json!({
        "items": items,
        "offset": 0,
        "limit": limit,
        "totalItems": total,
        "moreItems": total > limit,
    }))
}

/// `GET /api/v2/event/{id}/alertFiringDetails`: the series that fired.
async fn alert_firing_details(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
) -> Response {
    let now = state.now_ms();
    if let Some(firing) = state.schedule().by_event_id(&id, now) {
        return envelope_ok(Value::Array(firing.series));
    }
    match fixture_alert_event(&state, &id) {
        Some(event) => envelope_ok(Value::Array(fixture_series(&event))),
        None => not_a_firing(&id),
    }
}

fn not_a_firing(id: &str) -> Response {
    envelope_error(
        StatusCode::NOT_FOUND,
        &format!("Event {id} is not an alert firing"),
    )
}

/// A fixture event an alert created.
fn fixture_alert_event(state: &DemoState, id: &str) -> Option<Value> {
    state.items("event").into_iter().find(|e| {
        e["id"].as_str() == Some(id)
            && e["creatorType"]
                .as_array()
                .is_some_and(|c| c.iter().any(|t| t == "ALERT"))
    })
}

/// The series of a fixture alert event: one per host.
fn fixture_series(event: &Value) -> Vec<Value> {
    let severity = event
        .pointer("/annotations/severity")
        .and_then(Value::as_str)
        .unwrap_or("warn")
        .to_ascii_uppercase();
    strings(&event["hosts"])
        .into_iter()
        .map(|host| {
            json!({
                "host": host,
                "label": event["name"],
                "severity": severity,
                "startTime": event["startTime"],
                "tags": {},
                "firing": 1,
                "observed": 1,
            })
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `POST /api/v2/search/event/related/{id}`: other alerts' firings and the fixture's events that
/// started in the body's time range (else an hour around the firing), newest first unless
/// `sortTimeAscending`.
async fn related_events(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return bad_request(&format!("Malformed request body: {e}")),
        }
    };
    let now = state.now_ms();
    let origin = match state.schedule().by_event_id(&id, now) {
        Some(f) => f.event(&alert(&state, &f.alert_id)),
        None => match fixture_alert_event(&state, &id) {
            Some(event) => event,
            None => return not_a_firing(&id),
        },
    };
    let start = origin["startTime"].as_i64().unwrap_or(now);
    let end = origin["endTime"].as_i64().unwrap_or(now);
    let bound = |k: &str| {
        body.pointer(&format!("/timeRange/{k}"))
            .and_then(Value::as_i64)
    };
    let from = bound("earliestStartTimeEpochMillis").unwrap_or(start - AROUND_MS);
    let to = bound("latestStartTimeEpochMillis").unwrap_or(end + AROUND_MS);
    let mut items: Vec<Value> = firings_near(&state, &id, from, to, now)
        .into_iter()
        .chain(
            state
                .items("event")
                .into_iter()
                .filter(|e| e["id"].as_str() != Some(id.as_str()))
                .filter(|e| in_window(e, Some(from), Some(to))),
        )
        .map(|e| related(&origin, e))
        .collect();
    items.sort_by_key(|e| e["startTime"].as_i64().unwrap_or(0));
    if body["sortTimeAscending"] != true {
        items.reverse();
    }
    let limit = body["limit"]
        .as_u64()
        .map_or(100, |l| l as usize)
        .clamp(1, MAX_LIMIT);
    let total = items.len();
    items.truncate(limit);
    envelope_ok(json!({
        "items": items,
        "offset": 0,
        "limit": limit,
        "totalItems": total,
        "moreItems": total > limit,
    }))
}

/// Every other firing that started in the window, as events.
fn firings_near(state: &DemoState, id: &str, from: i64, to: i64, now: i64) -> Vec<Value> {
    let alerts = state.items("alert");
    let by_id = |alert_id: &str| {
        alerts
            .iter()
            .find(|a| a["id"].as_str() == Some(alert_id))
            .cloned()
            .unwrap_or(Value::Null)
    };
    state
        .schedule()
        .all_firings(from, to, now)
        .iter()
        .filter(|f: &&Firing| f.event_id() != id)
        .map(|f| f.event(&by_id(&f.alert_id)))
        .collect()
}

/// `event` as a `RelatedEvent` of `origin`: when it started beside it, the sources and metrics
/// they share.
fn related(origin: &Value, mut event: Value) -> Value {
    let set = |v: &Value| strings(v).into_iter().collect::<BTreeSet<String>>();
    let sources: Vec<String> = set(&origin["hosts"])
        .intersection(&set(&event["hosts"]))
        .cloned()
        .collect();
    let metrics: Vec<String> = set(&origin["metricsUsed"])
        .intersection(&set(&event["metricsUsed"]))
        .cloned()
        .collect();
    let gap = event["startTime"].as_i64().unwrap_or(0) - origin["startTime"].as_i64().unwrap_or(0);
    let minutes = gap.abs() / 60_000;
    let mut summary = if gap >= 0 {
        format!("started {minutes}m after")
    } else {
        format!("started {minutes}m before")
    };
    match sources.len() {
        0 => {}
        1 => summary.push_str(", 1 common source"),
        n => summary.push_str(&format!(", {n} common sources")),
    }
    event["relatedData"] = json!({
        "relatedId": origin["id"],
        "summary": summary,
        "commonSources": sources,
        "commonMetrics": metrics,
    });
    event
}
