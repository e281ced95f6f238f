//! The alerting reads behind the firing console, its header badge and `wf-tui alert
//! firing|summary`: the counts of alerts by state (`GET /api/v2/alert/summary`) and every
//! firing alert (the search of [`FIRING_ALERTS`], page after page).
//!
//! Read leniently, for the real API: a state the spec does not name is kept under its own
//! name, a count that is not an integer is kept as written, a null count as unknown.

use serde_json::Value;

use super::ApiError;
use super::catalog::FIRING_ALERTS;
use super::executor::Executor;
use super::paging::{Page, PageGuard, PageRequest, Stopped};
use super::request::ApiRequest;
use super::retry::RetryNotice;

/// `GET` answering `ResponseContainerMapStringInteger`: alerts counted by state.
pub const SUMMARY_PATH: &str = "/api/v2/alert/summary";

/// The states in the order the console names them: what needs a look first.
const STATE_ORDER: &[&str] = &[
    "FIRING",
    "SNOOZED",
    "IN_MAINTENANCE",
    "NO_DATA",
    "INVALID",
    "CHECKING",
    "NONE",
    "TRASH",
];

/// One count as the server wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    Number(i64),
    /// Not an integer (a fraction, a number beyond i64, text): shown as written.
    Text(String),
    /// `null`: the server did not say.
    Unknown,
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Number(n) => f.write_str(&crate::format::count(*n)),
            Count::Text(t) => f.write_str(t),
            Count::Unknown => f.write_str("?"),
        }
    }
}

/// The counts by state: the known states first in [`STATE_ORDER`], then the others in the
/// server's order, each under the name the server gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub counts: Vec<(String, Count)>,
}

/// The summary's answer was not a map of counts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected counts by state, got {0}")]
pub struct SummaryShapeError(pub &'static str);

impl Summary {
    /// Reads the payload of the summary's envelope: an object of counts (`null`: none).
    pub fn from_response(value: &Value) -> Result<Summary, SummaryShapeError> {
        let map = match value {
            Value::Object(map) => map,
            Value::Null => return Ok(Summary::default()),
            Value::Array(_) => return Err(SummaryShapeError("a list")),
            _ => return Err(SummaryShapeError("a single value")),
        };
        let mut counts: Vec<(String, Count)> = map
            .iter()
            .map(|(state, n)| (state.clone(), count_of(n)))
            .collect();
        // Stable: the states of one rank (the unknown ones) keep the server's order.
        counts.sort_by_key(|(state, _)| rank(state));
        Ok(Summary { counts })
    }

    /// The count of `state` (the spec's names, matched without regard to case), when it is a
    /// number.
    pub fn count(&self, state: &str) -> Option<i64> {
        self.counts
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(state))
            .and_then(|(_, n)| match n {
                Count::Number(n) => Some(*n),
                _ => None,
            })
    }

    /// How many alerts fire, when the summary says.
    pub fn firing(&self) -> Option<i64> {
        self.count("FIRING")
    }
}

fn rank(state: &str) -> usize {
    STATE_ORDER
        .iter()
        .position(|s| s.eq_ignore_ascii_case(state))
        .unwrap_or(STATE_ORDER.len())
}

fn count_of(v: &Value) -> Count {
    match v {
        Value::Null => Count::Unknown,
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Count::Text(n.to_string()), Count::Number),
        Value::String(s) => s
            .trim()
            .parse()
            .map_or_else(|_| Count::Text(s.clone()), Count::Number),
        other => Count::Text(other.to_string()),
    }
}

pub fn summary_request() -> ApiRequest {
    ApiRequest::get(SUMMARY_PATH)
}

/// The counts by state, retried as every read is (429 and 406 back off).
pub async fn fetch_summary(
    api: &Executor,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<Summary, ApiError> {
    let request = summary_request();
    let value = api.execute(&request, on_retry).await?;
    Summary::from_response(&value).map_err(|e| ApiError::Decode {
        method: request.method.as_str(),
        path: request.path.clone(),
        message: e.to_string(),
    })
}

/// Every firing alert, as the search answers them (each page retried as every read is).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Firing {
    pub alerts: Vec<Value>,
    /// Why paging stopped before the server said it was done, if it did.
    pub stopped: Option<Stopped>,
}

/// Every page of the firing alerts; paging ends however the server answers ([`PageGuard`]).
pub async fn fetch_firing(
    api: &Executor,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<Firing, ApiError> {
    let kind = &FIRING_ALERTS;
    let listed_at = super::history::wall_ms();
    let mut next = Some(PageRequest {
        listed_at_ms: Some(listed_at),
        ..PageRequest::first(kind.page_size)
    });
    let mut guard = PageGuard::default();
    let mut firing = Firing::default();
    while let Some(asked) = next.take() {
        let request = kind.list_request(&asked, listed_at);
        let value = api.execute(&request, on_retry).await?;
        let page = Page::from_response(value).map_err(|e| ApiError::Decode {
            method: request.method.as_str(),
            path: request.path.clone(),
            message: e.to_string(),
        })?;
        let proposed = page.next(kind.paging, &asked, kind.id_pointer);
        let ids: Vec<Option<String>> = page.items.iter().map(|i| kind.item_id(i)).collect();
        let verdict = guard.check(&asked, ids.iter().map(Option::as_deref), proposed);
        let mut fresh = verdict.new.into_iter();
        firing.alerts.extend(
            page.items
                .into_iter()
                .filter(|_| fresh.next().unwrap_or(true)),
        );
        match verdict.next {
            Ok(more) => next = more,
            Err(why) => firing.stopped = Some(why),
        }
    }
    Ok(firing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Unknown states kept under their own names after the known ones; counts that are not
    /// integers kept as written; a null count unknown; nothing at all an empty summary.
    #[test]
    fn summaries_are_read_leniently() {
        let value: Value = serde_json::from_str(
            r#"{"CHECKING": 27, "SOMETHING_NEW": 2, "firing": 12, "SNOOZED": "8",
                "NO_DATA": null, "INVALID": 1.5, "TRASH": 99999999999999999999, "X": true}"#,
        )
        .unwrap();
        let s = Summary::from_response(&value).unwrap();
        let names: Vec<&str> = s.counts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "firing",
                "SNOOZED",
                "NO_DATA",
                "INVALID",
                "CHECKING",
                "TRASH",
                "SOMETHING_NEW",
                "X"
            ]
        );
        assert_eq!(s.firing(), Some(12));
        assert_eq!(s.count("snoozed"), Some(8));
        assert_eq!(s.counts[2].1, Count::Unknown);
        assert_eq!(s.counts[3].1, Count::Text("1.5".into()));
        assert_eq!(s.counts[5].1.to_string(), "99999999999999999999");
        assert_eq!(s.count("NO_DATA"), None);
        assert_eq!(Count::Number(12_345).to_string(), "12,345");
        assert_eq!(Summary::from_response(&Value::Null), Ok(Summary::default()));
        assert!(Summary::from_response(&json!([1])).is_err());
        assert!(Summary::from_response(&json!(3)).is_err());
    }
}
