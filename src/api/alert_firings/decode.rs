//! Lenient readers of events, related events and firing series: a field that is missing, null,
//! of another type or out of range is left out of the item (the item stays); unknown severities
//! and states are kept as they came, to be shown as they are.

use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AnswerError {
    /// The payload is not the list (or the paged list) the endpoint documents.
    #[error("expected {expected}, got {got}")]
    Shape {
        expected: &'static str,
        got: &'static str,
    },
}

/// An event as the viewer uses it: a firing, or an event related to one.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSummary {
    pub id: Option<String>,
    pub name: Option<String>,
    pub start_ms: Option<i64>,
    /// Absent while it goes on (and for events the server sent without one).
    pub end_ms: Option<i64>,
    /// `annotations.severity` (`severe`, `warn` …), else the first series' severity; as sent.
    pub severity: Option<String>,
    /// `ONGOING`, `PENDING`, `ENDED`, or what else the server said.
    pub running_state: Option<String>,
    /// `annotations.type`: `alert`, `deploy` …
    pub kind: Option<String>,
    pub hosts: Vec<String>,
    /// The event as it came, for its JSON.
    pub raw: Value,
}

/// One series (host and label) that fired: a `SourceLabelPair`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesPair {
    pub host: Option<String>,
    pub label: Option<String>,
    pub severity: Option<String>,
    pub start_ms: Option<i64>,
    /// Point tags, sorted by key.
    pub tags: Vec<(String, String)>,
}

/// An event related to a firing, with why (`relatedData`).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub event: EventSummary,
    pub summary: Option<String>,
    pub common_sources: Vec<String>,
    pub common_metrics: Vec<String>,
}

impl EventSummary {
    /// Any object is an event here; what it lacks is left out. `None` for what is not an object.
    pub fn read(v: &Value) -> Option<Self> {
        let o = v.as_object()?;
        let annotations = o.get("annotations").and_then(Value::as_object);
        let severity = annotations.and_then(|a| text(a, "severity")).or_else(|| {
            o.get("computedHlps")
                .and_then(Value::as_array)
                .and_then(|s| s.first())
                .and_then(Value::as_object)
                .and_then(|s| text(s, "severity"))
        });
        Some(Self {
            id: text(o, "id"),
            name: text(o, "name"),
            start_ms: o.get("startTime").and_then(millis),
            end_ms: o.get("endTime").and_then(millis).filter(|&t| t > 0),
            severity,
            running_state: text(o, "runningState"),
            kind: annotations.and_then(|a| text(a, "type")),
            hosts: strings(o.get("hosts")),
            raw: v.clone(),
        })
    }

    /// Still going on: the server says so, or it has no end and does not say it ended.
    pub fn ongoing(&self) -> bool {
        match self.running_state.as_deref().map(str::to_ascii_uppercase) {
            Some(s) if s == "ONGOING" => true,
            Some(s) if s == "ENDED" => false,
            _ => self.end_ms.is_none(),
        }
    }

    /// Where it ends on a time axis: its end, `now_ms` while it goes on, its start for an
    /// ended event without an end. Never before its start.
    pub fn end_or(&self, now_ms: i64) -> Option<i64> {
        let start = self.start_ms?;
        let end = match (self.ongoing(), self.end_ms) {
            (true, _) => now_ms,
            (false, Some(end)) => end,
            (false, None) => start,
        };
        Some(end.max(start))
    }
}

impl Related {
    pub fn read(v: &Value) -> Option<Self> {
        let event = EventSummary::read(v)?;
        let data = v.get("relatedData").and_then(Value::as_object);
        Some(Self {
            summary: data.and_then(|d| text(d, "summary")),
            common_sources: strings(data.and_then(|d| d.get("commonSources"))),
            common_metrics: strings(data.and_then(|d| d.get("commonMetrics"))),
            event,
        })
    }
}

impl SeriesPair {
    pub fn read(v: &Value) -> Option<Self> {
        let o = v.as_object()?;
        let mut tags: Vec<(String, String)> = o
            .get("tags")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), Into::into),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        tags.sort();
        Some(Self {
            host: text(o, "host"),
            label: text(o, "label"),
            severity: text(o, "severity"),
            start_ms: o.get("startTime").and_then(millis),
            tags,
        })
    }
}

/// The items of a paged payload and its `moreItems`; a bare list is read as its items, a
/// null as nothing.
pub fn paged_items(payload: &Value) -> Result<(Vec<Value>, bool), AnswerError> {
    match payload {
        Value::Null => Ok((Vec::new(), false)),
        Value::Array(items) => Ok((items.clone(), false)),
        Value::Object(o) => {
            let more = o.get("moreItems").and_then(Value::as_bool).unwrap_or(false);
            match o.get("items") {
                None | Some(Value::Null) => Ok((Vec::new(), more)),
                Some(Value::Array(items)) => Ok((items.clone(), more)),
                Some(other) => Err(AnswerError::Shape {
                    expected: "a list of items",
                    got: crate::json::value::kind_name(other),
                }),
            }
        }
        other => Err(AnswerError::Shape {
            expected: "a page of events",
            got: crate::json::value::kind_name(other),
        }),
    }
}

/// A set of `SourceLabelPair`s (a list; a page of them is read too).
pub fn series_pairs(payload: &Value) -> Result<Vec<SeriesPair>, AnswerError> {
    let items = match payload {
        Value::Object(_) | Value::Null | Value::Array(_) => paged_items(payload)?.0,
        other => {
            return Err(AnswerError::Shape {
                expected: "a list of series",
                got: crate::json::value::kind_name(other),
            });
        }
    };
    Ok(items.iter().filter_map(SeriesPair::read).collect())
}

/// How severe a severity is, most severe highest; `None` for one the spec does not list.
pub fn severity_rank(severity: &str) -> Option<u8> {
    match severity.trim().to_ascii_uppercase().as_str() {
        "SEVERE" => Some(4),
        "WARN" => Some(3),
        "SMOKE" => Some(2),
        "INFO" => Some(1),
        _ => None,
    }
}

/// A non-empty string member.
fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// The strings of a list (other elements left out).
fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Epoch milliseconds: an integer, or a string or float holding one, within what a time can be
/// (a huge number is no time at all).
fn millis(v: &Value) -> Option<i64> {
    const LIMIT: i64 = 1 << 53;
    let n = match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().and_then(whole)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }?;
    (-LIMIT..=LIMIT).contains(&n).then_some(n)
}

fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.abs() < 9.0e15).then_some(f.trunc() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_event_missing_everything_is_still_an_event() {
        let e = EventSummary::read(&json!({})).unwrap();
        assert_eq!(
            (e.id, e.name, e.start_ms, e.severity),
            (None, None, None, None)
        );
        assert!(
            EventSummary::read(&json!({})).unwrap().ongoing(),
            "no end and no state: still going on"
        );
        assert_eq!(EventSummary::read(&json!("x")), None);
        assert_eq!(EventSummary::read(&Value::Null), None);
    }

    #[test]
    fn nulls_odd_types_and_huge_numbers_are_left_out() {
        let e = EventSummary::read(&json!({
            "id": null, "name": 7, "startTime": "1700000000000",
            "endTime": 1e300, "annotations": {"severity": ["x"], "type": null},
            "hosts": ["a", 3, null, "b"], "runningState": "PAUSED"
        }))
        .unwrap();
        assert_eq!(e.id, None);
        assert_eq!(e.name, None);
        assert_eq!(e.start_ms, Some(1_700_000_000_000));
        assert_eq!(e.end_ms, None, "1e300 is no time");
        assert_eq!(e.severity, None);
        assert_eq!(e.hosts, ["a", "b"]);
        assert_eq!(
            e.running_state.as_deref(),
            Some("PAUSED"),
            "kept as it came"
        );
        let huge: Value =
            serde_json::from_str(r#"{"startTime": 123456789012345678901234567890}"#).unwrap();
        assert_eq!(EventSummary::read(&huge).unwrap().start_ms, None);
        assert_eq!(
            EventSummary::read(&json!({"startTime": 1.7e12}))
                .unwrap()
                .start_ms,
            Some(1_700_000_000_000)
        );
    }

    #[test]
    fn ongoing_and_ends() {
        let ended = EventSummary::read(&json!({"startTime": 100, "endTime": 150})).unwrap();
        assert!(!ended.ongoing());
        assert_eq!(ended.end_or(999), Some(150));
        let going = EventSummary::read(&json!({"startTime": 100, "runningState": "ONGOING",
            "endTime": 101}))
        .unwrap();
        assert!(
            going.ongoing(),
            "the state wins over an end the server filled in"
        );
        assert_eq!(going.end_or(999), Some(999));
        let said_ended =
            EventSummary::read(&json!({"startTime": 100, "runningState": "ended"})).unwrap();
        assert!(!said_ended.ongoing());
        assert_eq!(said_ended.end_or(999), Some(100));
        let zero_end = EventSummary::read(&json!({"startTime": 100, "endTime": 0})).unwrap();
        assert_eq!(zero_end.end_ms, None);
        let backwards = EventSummary::read(&json!({"startTime": 100, "endTime": 50})).unwrap();
        assert_eq!(backwards.end_or(999), Some(100), "never before its start");
    }

    #[test]
    fn severity_comes_from_the_annotations_or_the_series() {
        let a = EventSummary::read(&json!({"annotations": {"severity": "severe"}})).unwrap();
        assert_eq!(a.severity.as_deref(), Some("severe"));
        let b = EventSummary::read(&json!({"computedHlps": [{"severity": "WARN"}]})).unwrap();
        assert_eq!(b.severity.as_deref(), Some("WARN"));
        assert_eq!(severity_rank("severe"), Some(4));
        assert_eq!(severity_rank(" Info "), Some(1));
        assert_eq!(severity_rank("CRITICAL"), None);
    }

    #[test]
    fn pages_lists_and_nulls() {
        assert_eq!(paged_items(&Value::Null).unwrap(), (vec![], false));
        assert_eq!(
            paged_items(&json!({"items": null, "moreItems": true})).unwrap(),
            (vec![], true)
        );
        assert_eq!(paged_items(&json!([1])).unwrap(), (vec![json!(1)], false));
        assert!(paged_items(&json!({"items": 3})).is_err());
        assert_eq!(
            paged_items(&json!("nope")).unwrap_err().to_string(),
            "expected a page of events, got a string"
        );
    }

    #[test]
    fn series_pairs_are_read_leniently() {
        let pairs = series_pairs(&json!([
            {"host": "web-1", "label": "cpu", "severity": "SEVERE", "startTime": 5,
             "tags": {"z": "1", "a": 2}, "firing": 1, "observed": 2},
            {"host": null, "tags": null, "startTime": "soon"},
            "junk"
        ]))
        .unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(
            pairs[0].tags,
            [("a".into(), "2".into()), ("z".into(), "1".into())]
        );
        assert_eq!(pairs[1], SeriesPair::default());
        assert!(series_pairs(&json!(true)).is_err());
        assert!(series_pairs(&Value::Null).unwrap().is_empty());
    }

    #[test]
    fn related_events_say_why() {
        let r = Related::read(&json!({
            "name": "Deploy cart", "startTime": 10, "annotations": {"type": "deploy"},
            "relatedData": {"summary": "2 common sources", "commonSources": ["a", "b"],
                            "commonMetrics": null}
        }))
        .unwrap();
        assert_eq!(r.summary.as_deref(), Some("2 common sources"));
        assert_eq!(r.common_sources, ["a", "b"]);
        assert!(r.common_metrics.is_empty());
        assert_eq!(r.event.kind.as_deref(), Some("deploy"));
        assert!(
            Related::read(&json!({"relatedData": 3}))
                .unwrap()
                .summary
                .is_none()
        );
    }
}
