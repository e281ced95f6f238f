//! One alert's history: its firings (`GET /api/v2/event/alertFirings`), the series that fired in
//! one of them (`GET /api/v2/event/{id}/alertFiringDetails`) and the events related to one
//! (`POST /api/v2/search/event/related/{id}`), as [`ApiRequest`]s, with lenient readers of the
//! answers ([`decode`]). There is no `/alert/{id}/firings`: a firing is an event.

pub mod decode;

use serde_json::{Value, json};

pub use decode::{AnswerError, EventSummary, Related, SeriesPair, severity_rank};

use super::request::{ApiRequest, segment};

pub const FIRINGS_PATH: &str = "/api/v2/event/alertFirings";
/// The most firings asked for at once: the endpoint takes a `limit` and has no paging, and an
/// alert that flaps fires a thousand times a week.
pub const FIRINGS_LIMIT: u32 = 1000;
/// The most related events asked for.
pub const RELATED_LIMIT: u32 = 100;

/// One call of the alert viewer.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// The alert's firings that started in `[from_ms, to_ms]`, newest first.
    Firings {
        alert_id: String,
        from_ms: i64,
        to_ms: i64,
    },
    /// The series that fired in the firing `event_id`.
    Details { event_id: String },
    /// Events related to the firing `event_id` that started in `[from_ms, to_ms]`.
    Related {
        event_id: String,
        from_ms: i64,
        to_ms: i64,
    },
}

/// What a [`Call`] answered, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Firings(Listed<EventSummary>),
    Details(Vec<SeriesPair>),
    Related(Listed<Related>),
}

/// The items of a paged answer, and whether the server has more than it sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub more: bool,
}

impl Call {
    /// The request as sent: ids are server data, escaped as one path segment (a real firing's
    /// id is `<alert id>:<alert name>:<n>`, spaces and all).
    pub fn request(&self) -> ApiRequest {
        match self {
            Call::Firings {
                alert_id,
                from_ms,
                to_ms,
            } => ApiRequest::get(FIRINGS_PATH)
                .with_query("alertId", alert_id.clone())
                .with_query("earliestStartTimeEpochMillis", from_ms.to_string())
                .with_query("latestStartTimeEpochMillis", to_ms.to_string())
                .with_query("limit", FIRINGS_LIMIT.to_string())
                .with_query("asc", "false"),
            Call::Details { event_id } => ApiRequest::get(format!(
                "/api/v2/event/{}/alertFiringDetails",
                segment(event_id)
            )),
            Call::Related {
                event_id,
                from_ms,
                to_ms,
            } => ApiRequest::search(
                format!("/api/v2/search/event/related/{}", segment(event_id)),
                json!({
                    "limit": RELATED_LIMIT,
                    "timeRange": {
                        "earliestStartTimeEpochMillis": from_ms,
                        "latestStartTimeEpochMillis": to_ms,
                    },
                    "sortTimeAscending": false,
                }),
            ),
        }
    }

    /// Reads the payload (the envelope already taken off) of this call's answer.
    pub fn read(&self, payload: &Value) -> Result<Answer, AnswerError> {
        Ok(match self {
            Call::Firings { .. } => {
                let (items, more) = decode::paged_items(payload)?;
                let mut firings: Vec<EventSummary> =
                    items.iter().filter_map(EventSummary::read).collect();
                // Oldest first, whatever order the server chose; those without a start last.
                firings.sort_by_key(|f| (f.start_ms.is_none(), f.start_ms));
                Answer::Firings(Listed {
                    items: firings,
                    more,
                })
            }
            Call::Details { .. } => Answer::Details(decode::series_pairs(payload)?),
            Call::Related { .. } => {
                let (items, more) = decode::paged_items(payload)?;
                Answer::Related(Listed {
                    items: items.iter().filter_map(Related::read).collect(),
                    more,
                })
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_escape_the_ids_and_carry_the_window() {
        let firings = Call::Firings {
            alert_id: "1690000079491".into(),
            from_ms: 1_000,
            to_ms: 2_000,
        };
        assert_eq!(
            firings.request().path_and_query(),
            "/api/v2/event/alertFirings?alertId=1690000079491&earliestStartTimeEpochMillis=1000\
             &latestStartTimeEpochMillis=2000&limit=1000&asc=false"
        );
        let id = "1690000079491:Pricing SLO burn rate:1".to_string();
        let details = Call::Details {
            event_id: id.clone(),
        };
        assert_eq!(
            details.request().path,
            "/api/v2/event/1690000079491%3APricing%20SLO%20burn%20rate%3A1/alertFiringDetails"
        );
        let related = Call::Related {
            event_id: "a/b?c#d".into(),
            from_ms: 5,
            to_ms: 9,
        }
        .request();
        assert_eq!(related.path, "/api/v2/search/event/related/a%2Fb%3Fc%23d");
        assert!(
            related.idempotent,
            "a search that only reads: retried as reads are"
        );
        assert_eq!(
            related.body.unwrap()["timeRange"],
            json!({"earliestStartTimeEpochMillis": 5, "latestStartTimeEpochMillis": 9})
        );
    }

    #[test]
    fn firings_come_out_oldest_first() {
        let call = Call::Firings {
            alert_id: "a".into(),
            from_ms: 0,
            to_ms: 10,
        };
        let payload = json!({"items": [
            {"id": "a:x:3", "name": "x", "startTime": 300, "annotations": {}},
            {"id": "a:x:9", "name": "x", "annotations": {}},
            {"id": "a:x:1", "name": "x", "startTime": 100, "endTime": 150, "annotations": {}}
        ], "moreItems": true});
        let Answer::Firings(listed) = call.read(&payload).unwrap() else {
            panic!("firings");
        };
        let ids: Vec<_> = listed.items.iter().map(|f| f.id.clone().unwrap()).collect();
        assert_eq!(ids, ["a:x:1", "a:x:3", "a:x:9"]);
        assert!(listed.more);
    }
}
