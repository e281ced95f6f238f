//! Events on charts, read into one shape from the two places they come from: the `events` of a
//! chart query (`QueryEvent`; with `autoEvents=true` the server adds the events of the sources
//! the query charts) and the account's event list for the window (`GET /api/v2/event`, the
//! `Event` model), which also holds events of no charted source (a deploy marked without hosts).
//! Both are read leniently: a field missing, null or of another type is left out, never fatal.

use serde_json::Value;

use super::request::ApiRequest;

pub const EVENT_PATH: &str = "/api/v2/event";

/// Events listed for a chart's window, at most (one page; the chart says when there were more).
pub const LIST_LIMIT: u32 = 1000;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Which events a chart shows: the product's "show events" choices (from the chart, all, none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShowEvents {
    /// The events of the sources the query charts (`autoEvents=true`): the product's default.
    #[default]
    FromChart,
    /// Those and every event of the window (the event list): deploys marked without hosts too.
    All,
    /// None: the query does not ask for any.
    Off,
}

impl ShowEvents {
    /// from the chart → all → none → from the chart.
    pub fn next(self) -> ShowEvents {
        match self {
            ShowEvents::FromChart => ShowEvents::All,
            ShowEvents::All => ShowEvents::Off,
            ShowEvents::Off => ShowEvents::FromChart,
        }
    }

    /// Which events these are, in words.
    pub fn label(self) -> &'static str {
        match self {
            ShowEvents::FromChart => "those of the chart's sources",
            ShowEvents::All => "all in the window (the event list too)",
            ShowEvents::Off => "none",
        }
    }
}

/// One event as a chart shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartEvent {
    pub name: String,
    /// Epoch milliseconds.
    pub start_ms: i64,
    /// `None` while it goes on (no end known).
    pub end_ms: Option<i64>,
    /// `severity`, `type`, `details` and whatever else it carries, sorted by key.
    pub annotations: Vec<(String, String)>,
    /// The event's tags (the event list's; a chart query's events carry annotations only).
    pub tags: Vec<String>,
    pub hosts: Vec<String>,
    /// Events the server folded into this one (`summarized`), 0 when it says nothing.
    pub summarized: u64,
}

impl ChartEvent {
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// `severe`, `warn`, `smoke`, `info`, or whatever the server sent (shown as it is).
    pub fn severity(&self) -> Option<&str> {
        self.annotation("severity")
    }

    /// `deploy`, `alert`, `maint` …: the `type` annotation.
    pub fn kind(&self) -> Option<&str> {
        self.annotation("type")
    }

    /// Instantaneous: the API ends such an event one millisecond after its start.
    pub fn is_instant(&self) -> bool {
        self.end_ms
            .is_some_and(|end| end <= self.start_ms.saturating_add(1))
    }

    /// Whether any of it falls in `[from_ms, to_ms]`.
    pub fn overlaps(&self, from_ms: i64, to_ms: i64) -> bool {
        self.start_ms <= to_ms && self.end_ms.unwrap_or(i64::MAX) >= from_ms
    }
}

/// A time in epoch milliseconds: an integer, a float, or a string of digits; a number too large
/// for the type is clamped, not refused.
fn millis(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_u64()
                .map(|_| i64::MAX)
                .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Text of any JSON value: strings as they are, anything else as JSON.
fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

fn string_map(v: Option<&Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), text(v)))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn name_of(v: Option<&Value>) -> String {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("(no name)")
        .to_string()
}

/// A `QueryEvent` of a chart answer; `None` without a start time (it cannot be placed).
pub fn from_query_event(v: &Value) -> Option<ChartEvent> {
    let obj = v.as_object()?;
    let start_ms = obj.get("start").and_then(millis)?;
    Some(ChartEvent {
        name: name_of(obj.get("name")),
        start_ms,
        // 0 is how some answers say "no end".
        end_ms: obj.get("end").and_then(millis).filter(|e| *e != 0),
        annotations: string_map(obj.get("tags")),
        tags: Vec::new(),
        hosts: strings(obj.get("hosts")),
        summarized: obj.get("summarized").and_then(Value::as_u64).unwrap_or(0),
    })
}

/// An `Event` of the event list; `None` without a start time.
pub fn from_event(v: &Value) -> Option<ChartEvent> {
    let obj = v.as_object()?;
    let start_ms = obj.get("startTime").and_then(millis)?;
    Some(ChartEvent {
        name: name_of(obj.get("name")),
        start_ms,
        end_ms: obj.get("endTime").and_then(millis).filter(|e| *e != 0),
        annotations: string_map(obj.get("annotations")),
        tags: strings(obj.get("tags")),
        hosts: strings(obj.get("hosts")),
        summarized: obj
            .get("summarizedEvents")
            .and_then(Value::as_u64)
            .unwrap_or(0),
    })
}

/// The `events` of a chart answer, and how many could not be read.
pub fn read_query_events(events: Option<&Value>) -> (Vec<ChartEvent>, usize) {
    let items = events
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let read: Vec<ChartEvent> = items.iter().filter_map(from_query_event).collect();
    let skipped = items.len() - read.len();
    (sorted(read), skipped)
}

fn sorted(mut events: Vec<ChartEvent>) -> Vec<ChartEvent> {
    events.sort_by(|a, b| a.start_ms.cmp(&b.start_ms).then(a.name.cmp(&b.name)));
    events
}

/// `more` added to `events`, one of each (an event is known by its name and start: a chart's
/// events have no id); where both have it, the list's (it has the tags) wins.
pub fn merge(events: Vec<ChartEvent>, more: Vec<ChartEvent>) -> Vec<ChartEvent> {
    let mut out = more;
    for e in events {
        if !out
            .iter()
            .any(|m| m.name == e.name && m.start_ms == e.start_ms)
        {
            out.push(e);
        }
    }
    sorted(out)
}

/// `GET /api/v2/event` for a chart's window. The list filters by start time only, so it looks
/// back one window (an hour to a day) for events that began before and run into it.
pub fn list_request(start_ms: i64, end_ms: i64) -> ApiRequest {
    let lookback = end_ms.saturating_sub(start_ms).clamp(HOUR_MS, DAY_MS);
    ApiRequest::get(EVENT_PATH)
        .with_query(
            "earliestStartTimeEpochMillis",
            start_ms.saturating_sub(lookback).to_string(),
        )
        .with_query("latestStartTimeEpochMillis", end_ms.to_string())
        .with_query("limit", LIST_LIMIT.to_string())
}

/// The events of a page of the list that touch `[start_ms, end_ms]`, and whether the list had
/// more than the page.
pub fn read_listed(page: Value, start_ms: i64, end_ms: i64) -> (Vec<ChartEvent>, bool) {
    let Ok(page) = super::paging::Page::from_response(page) else {
        return (Vec::new(), false);
    };
    let events = page
        .items
        .iter()
        .filter_map(from_event)
        .filter(|e| e.overlaps(start_ms, end_ms))
        .collect();
    (sorted(events), page.more_items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_events_are_read_leniently() {
        let events = json!([
            {"name": "Deploy api", "start": 2_000, "end": 2_001,
             "tags": {"severity": "info", "type": "deploy", "n": 3, "gone": null},
             "hosts": ["web-1", 7], "summarized": 2, "isEphemeral": false, "extra": {}},
            {"start": "1000", "end": 0, "tags": "not a map", "hosts": null},
            {"name": "no start"},
            {"name": "huge", "start": 18_446_744_073_709_551_615u64, "end": 1e300},
            "junk",
            null
        ]);
        let (read, skipped) = read_query_events(Some(&events));
        assert_eq!(skipped, 3);
        assert_eq!(read.len(), 3);
        // Sorted by start.
        assert_eq!(read[0].name, "(no name)");
        assert_eq!((read[0].start_ms, read[0].end_ms), (1_000, None));
        assert!(read[0].annotations.is_empty() && read[0].hosts.is_empty());
        let deploy = &read[1];
        assert_eq!(
            deploy.annotations,
            vec![
                ("n".into(), "3".into()),
                ("severity".into(), "info".into()),
                ("type".into(), "deploy".into())
            ]
        );
        assert_eq!(deploy.hosts, vec!["web-1".to_string()]);
        assert_eq!(
            (deploy.severity(), deploy.kind()),
            (Some("info"), Some("deploy"))
        );
        assert!(deploy.is_instant());
        assert_eq!(deploy.summarized, 2);
        assert_eq!(read[2].start_ms, i64::MAX);
        assert_eq!(read[2].end_ms, Some(i64::MAX), "clamped, not refused");
        assert!(read[2].is_instant(), "and no overflow at the end of time");
        assert_eq!(read_query_events(None), (Vec::new(), 0));
        assert_eq!(read_query_events(Some(&json!({"a": 1}))), (Vec::new(), 0));
    }

    #[test]
    fn listed_events_keep_their_tags_and_only_the_window_is_kept() {
        let page = json!({
            "items": [
                {"name": "before", "startTime": 100, "endTime": 200, "annotations": {}},
                {"name": "runs into it", "startTime": 500, "annotations": {"severity": "SEVERE"},
                 "tags": ["incident", 3], "runningState": "ONGOING"},
                {"name": "inside", "startTime": 1_500, "endTime": 1_501,
                 "annotations": {"severity": "critical"}, "tags": ["deploy"]},
                {"name": "no start", "annotations": {}}
            ],
            "moreItems": true, "cursor": "x"
        });
        let (events, more) = read_listed(page, 1_000, 2_000);
        assert!(more);
        let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["runs into it", "inside"]);
        assert_eq!(events[0].tags, vec!["incident".to_string()]);
        assert_eq!(events[0].severity(), Some("SEVERE"));
        assert_eq!(events[1].severity(), Some("critical"), "shown as sent");
        assert_eq!(read_listed(json!("nope"), 0, 1), (Vec::new(), false));
    }

    #[test]
    fn merging_keeps_one_of_each_and_prefers_the_list() {
        let ev = |name: &str, start: i64, tag: &str| ChartEvent {
            name: name.into(),
            start_ms: start,
            end_ms: None,
            annotations: Vec::new(),
            tags: if tag.is_empty() {
                vec![]
            } else {
                vec![tag.into()]
            },
            hosts: Vec::new(),
            summarized: 0,
        };
        let merged = merge(
            vec![ev("a", 5, ""), ev("b", 1, "")],
            vec![ev("a", 5, "from the list"), ev("c", 3, "")],
        );
        let seen: Vec<(&str, i64)> = merged
            .iter()
            .map(|e| (e.name.as_str(), e.start_ms))
            .collect();
        assert_eq!(seen, [("b", 1), ("c", 3), ("a", 5)]);
        assert_eq!(merged[2].tags, vec!["from the list".to_string()]);
    }

    #[test]
    fn the_list_looks_back_one_window_within_bounds() {
        let q = |s: i64, e: i64| list_request(s, e).path_and_query();
        assert_eq!(
            q(10 * DAY_MS, 10 * DAY_MS + 60_000),
            format!(
                "/api/v2/event?earliestStartTimeEpochMillis={}&latestStartTimeEpochMillis={}&limit=1000",
                10 * DAY_MS - HOUR_MS,
                10 * DAY_MS + 60_000
            )
        );
        let week = list_request(10 * DAY_MS, 17 * DAY_MS).path_and_query();
        assert!(week.contains(&format!("earliestStartTimeEpochMillis={}", 9 * DAY_MS)));
        assert!(ShowEvents::default() == ShowEvents::FromChart);
        assert_eq!(ShowEvents::Off.next(), ShowEvents::FromChart);
    }

    #[test]
    fn instants_spans_and_overlaps() {
        let mut e = from_event(&json!({"name": "x", "startTime": 10, "endTime": 10})).unwrap();
        assert!(e.is_instant());
        e.end_ms = Some(50);
        assert!(!e.is_instant());
        assert!(e.overlaps(50, 60) && e.overlaps(0, 10) && !e.overlaps(51, 60));
        e.end_ms = None;
        assert!(!e.is_instant() && e.overlaps(1_000, 2_000), "ongoing");
    }
}
