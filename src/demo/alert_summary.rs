//! `GET /api/v2/alert/summary` (ResponseContainerMapStringInteger): the alerts counted by
//! state as they are now, the schedule of firings applied (an alert counts once under each of
//! its states). Every state the spec names is there, zero or not, as a summary to read at a
//! glance has them.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Map, Value};

use super::api::envelope_ok;
use super::state::DemoState;
use crate::api::alerting::SUMMARY_PATH;

/// The states of the spec's `Alert.status`.
const STATES: &[&str] = &[
    "FIRING",
    "SNOOZED",
    "IN_MAINTENANCE",
    "INVALID",
    "NONE",
    "CHECKING",
    "TRASH",
    "NO_DATA",
];

pub fn router() -> Router<Arc<DemoState>> {
    Router::new().route(SUMMARY_PATH, get(summary))
}

async fn summary(State(state): State<Arc<DemoState>>) -> Response {
    envelope_ok(counts(&state.items("alert")))
}

/// The counts of `alerts` by state.
pub fn counts(alerts: &[Value]) -> Value {
    let mut counts: Map<String, Value> = STATES.iter().map(|s| (s.to_string(), 0.into())).collect();
    for state in alerts
        .iter()
        .filter_map(|a| a["status"].as_array())
        .flatten()
        .filter_map(Value::as_str)
    {
        let n = counts.get(state).and_then(Value::as_i64).unwrap_or(0);
        counts.insert(state.to_string(), (n + 1).into());
    }
    Value::Object(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_state_of_each_alert_counts_once() {
        let alerts = [
            json!({"status": ["FIRING", "SNOOZED"]}),
            json!({"status": ["FIRING"]}),
            json!({"status": ["CHECKING"]}),
            json!({"status": null}),
        ];
        let c = counts(&alerts);
        assert_eq!(c["FIRING"], 2);
        assert_eq!(c["SNOOZED"], 1);
        assert_eq!(c["CHECKING"], 1);
        assert_eq!(c["TRASH"], 0);
        assert_eq!(c.as_object().unwrap().len(), STATES.len());
    }
}
