//! Chart queries: `GET /api/v2/chart/api` (FACTS §2.8) as an [`ApiRequest`], and a lenient reader
//! of its bare `QueryResult`. The endpoint reports some query errors with HTTP 200 and an
//! `errorType`/`errorMessage` pair: [`parse_query_result`] turns those into an error in words.

use std::fmt;

use serde_json::Value;

use super::chart_events::{ChartEvent, ShowEvents, read_query_events};
use super::error::{ApiError, server_message};
use super::request::ApiRequest;

pub const CHART_PATH: &str = "/api/v2/chart/api";
/// The `n` (query name) the requests carry, so they can be told apart in the instance's logs.
pub const QUERY_NAME: &str = "wf-tui";
/// Approximate maximum points per series (`p`): a terminal is a few hundred cells wide.
pub const MAX_POINTS: u32 = 1000;

/// The time window of a chart: one of the four keys' (ending now), a typed length (ending
/// now), or a typed span between two times (fixed: it does not follow the clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    #[default]
    Hour,
    SixHours,
    Day,
    Week,
    /// The last this many milliseconds (`3h`, `2d`).
    Last(i64),
    /// From one time to another (epoch milliseconds).
    Between {
        start_ms: i64,
        end_ms: i64,
    },
}

/// A length of milliseconds as [`crate::format::length`] writes it.
fn length_label(ms: i64) -> String {
    crate::format::length(u64::try_from(ms.max(0) / 1000).unwrap_or(0))
}

impl Window {
    pub const ALL: [Window; 4] = [Window::Hour, Window::SixHours, Window::Day, Window::Week];

    /// `1h`, `3h`, `1d12h`; a span between two times says so (the view shows its ends).
    pub fn label(self) -> String {
        match self {
            Window::Hour => "1h".into(),
            Window::SixHours => "6h".into(),
            Window::Day => "1d".into(),
            Window::Week => "1w".into(),
            Window::Last(ms) => length_label(ms),
            Window::Between { start_ms, end_ms } => length_label(end_ms - start_ms),
        }
    }

    pub fn millis(self) -> i64 {
        const H: i64 = 3_600_000;
        match self {
            Window::Hour => H,
            Window::SixHours => 6 * H,
            Window::Day => 24 * H,
            Window::Week => 7 * 24 * H,
            Window::Last(ms) => ms,
            Window::Between { start_ms, end_ms } => end_ms.saturating_sub(start_ms),
        }
    }

    /// Keeps a series in the tens to hundreds of points: 60, 360, 24 and 168 for the keys'.
    pub fn default_granularity(self) -> Granularity {
        const QUARTER_HOUR: i64 = 900_000;
        const HALF_DAY: i64 = 12 * 3_600_000;
        const FORTY_DAYS: i64 = 40 * 24 * 3_600_000;
        match self.millis() {
            ms if ms <= QUARTER_HOUR => Granularity::Second,
            ms if ms <= HALF_DAY => Granularity::Minute,
            ms if ms <= FORTY_DAYS => Granularity::Hour,
            _ => Granularity::Day,
        }
    }

    /// Whether the window follows the clock (ends now each time the query runs).
    pub fn ends_now(self) -> bool {
        !matches!(self, Window::Between { .. })
    }

    /// A key's window by name (`1h`, `day`), or a typed length (`3h`, `2d`, `90m`).
    pub fn parse(s: &str) -> Option<Window> {
        match s.trim().to_ascii_lowercase().as_str() {
            "1h" | "h" | "hour" => Some(Window::Hour),
            "6h" => Some(Window::SixHours),
            "1d" | "d" | "24h" | "day" => Some(Window::Day),
            "1w" | "w" | "7d" | "week" => Some(Window::Week),
            other => {
                let secs = crate::api::actions::parse_duration(other).ok()?;
                let ms = i64::try_from(secs).ok()?.checked_mul(1000)?;
                Some(Window::Last(ms))
            }
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The API's `g`: the bucket size of the returned points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Second,
    Minute,
    Hour,
    Day,
}

impl Granularity {
    pub fn letter(self) -> &'static str {
        match self {
            Granularity::Second => "s",
            Granularity::Minute => "m",
            Granularity::Hour => "h",
            Granularity::Day => "d",
        }
    }

    pub fn seconds(self) -> i64 {
        match self {
            Granularity::Second => 1,
            Granularity::Minute => 60,
            Granularity::Hour => 3600,
            Granularity::Day => 86_400,
        }
    }

    /// s → m → h → d → s.
    pub fn next(self) -> Granularity {
        match self {
            Granularity::Second => Granularity::Minute,
            Granularity::Minute => Granularity::Hour,
            Granularity::Hour => Granularity::Day,
            Granularity::Day => Granularity::Second,
        }
    }

    pub fn parse(s: &str) -> Option<Granularity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "s" | "second" => Some(Granularity::Second),
            "m" | "minute" => Some(Granularity::Minute),
            "h" | "hour" => Some(Granularity::Hour),
            "d" | "day" => Some(Granularity::Day),
            _ => None,
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

/// One chart query: an expression over a window that ends at `end_ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartQuery {
    pub expression: String,
    pub window: Window,
    pub granularity: Granularity,
    pub end_ms: i64,
    /// Which events come with the series.
    pub events: ShowEvents,
}

impl ChartQuery {
    /// A query over `window` ending at `end_ms` (a span between two times ends at its own end).
    pub fn new(expression: impl Into<String>, window: Window, end_ms: i64) -> Self {
        let end_ms = match window {
            Window::Between { end_ms, .. } => end_ms,
            _ => end_ms,
        };
        Self {
            expression: expression.into(),
            window,
            granularity: window.default_granularity(),
            end_ms,
            events: ShowEvents::default(),
        }
    }

    pub fn start_ms(&self) -> i64 {
        match self.window {
            Window::Between { start_ms, .. } => start_ms,
            w => self.end_ms - w.millis(),
        }
    }

    /// `GET /api/v2/chart/api?q=…&s=…&e=…&g=…&n=wf-tui&p=1000&strict=true`, and
    /// `autoEvents=true` unless events are off. `strict` keeps the points inside the window, so
    /// the axis is the window.
    pub fn request(&self) -> ApiRequest {
        let request = ApiRequest::get(CHART_PATH)
            .with_query("q", self.expression.clone())
            .with_query("s", self.start_ms().to_string())
            .with_query("e", self.end_ms.to_string())
            .with_query("g", self.granularity.letter())
            .with_query("n", QUERY_NAME)
            .with_query("p", MAX_POINTS.to_string())
            .with_query("strict", "true");
        match self.events {
            ShowEvents::Off => request,
            _ => request.with_query("autoEvents", "true"),
        }
    }

    /// The event list of the window, when every event is shown.
    pub fn events_request(&self) -> Option<ApiRequest> {
        (self.events == ShowEvents::All)
            .then(|| super::chart_events::list_request(self.start_ms(), self.end_ms))
    }
}

/// One series of a result. Points are (epoch seconds, value), sorted, finite values only.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub host: Option<String>,
    pub tags: Vec<(String, String)>,
    pub points: Vec<(i64, f64)>,
}

impl Series {
    /// `host` and `k=v` tags, for legends and column headers.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.label.clone()];
        if let Some(h) = &self.host {
            parts.push(h.clone());
        }
        parts.extend(self.tags.iter().map(|(k, v)| format!("{k}={v}")));
        parts.join(" ")
    }
}

/// A parsed `QueryResult`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartData {
    pub series: Vec<Series>,
    /// What the server warned about (kept, shown above the chart).
    pub warnings: Vec<String>,
    /// The granularity the server used, in seconds.
    pub granularity_s: Option<i64>,
    /// Points that were null, not numbers, or not finite, and so not drawn.
    pub skipped_points: usize,
    /// The events of the window, by start.
    pub events: Vec<ChartEvent>,
    /// Why some events may be missing (the event list failed, or had more than a page).
    pub events_note: Option<String>,
    /// What the query scanned and cost, when the server said.
    pub stats: Option<super::chart_stats::QueryStats>,
}

impl ChartData {
    /// Every timestamp of any series, sorted and distinct: the rows of the numbers view.
    pub fn times(&self) -> Vec<i64> {
        let mut times: Vec<i64> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        times.sort_unstable();
        times.dedup();
        times
    }

    /// The smallest and largest value over all series.
    pub fn value_bounds(&self) -> Option<(f64, f64)> {
        self.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .fold(None, |acc, v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The query ran and failed: the server's `errorType` and `errorMessage` (HTTP 200).
    #[error("query failed ({kind}): {message}")]
    Query { kind: String, message: String },
    /// The server answered in text, not JSON: its message (a query that timed out).
    #[error("query failed: {0}")]
    Refused(String),
    /// The answer is not a `QueryResult` at all.
    #[error("unexpected chart response: {0}")]
    Shape(String),
    /// The request failed (no answer, an error status).
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Reads a `QueryResult` leniently: unknown fields are ignored, a missing `timeseries` is no
/// series, points whose value is null, a string or not finite are skipped and counted.
pub fn parse_query_result(value: &Value) -> Result<ChartData, ChartError> {
    let Some(obj) = value.as_object() else {
        return Err(ChartError::Shape(format!(
            "expected an object, got {}",
            crate::json::value::kind_name(value)
        )));
    };
    let text = |key: &str| {
        obj.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    // The spec's enum: `N/A` is its "no error" (and what its own example sends); the others
    // are failures. A value it does not list counts only when nothing else came back.
    let error_type = text("errorType").filter(|t| !t.eq_ignore_ascii_case("N/A"));
    let error_message = text("errorMessage");
    let has_series = obj
        .get("timeseries")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let known_error = error_type
        .as_deref()
        .is_some_and(|t| matches!(t, "QuerySyntaxError" | "QueryExecutionError" | "Timeout"));
    let failed = known_error
        || (error_type.is_some() && (error_message.is_some() || !has_series))
        || (error_message.is_some() && !has_series);
    if failed {
        return Err(ChartError::Query {
            kind: error_type.unwrap_or_else(|| "error".into()),
            message: error_message.unwrap_or_else(|| "the query failed without a message".into()),
        });
    }
    let (events, _unreadable) = read_query_events(obj.get("events"));
    let mut data = ChartData {
        granularity_s: obj.get("granularity").and_then(Value::as_i64),
        stats: super::chart_stats::read(obj.get("stats")),
        events,
        ..Default::default()
    };
    // The spec says a string; accept a list too.
    match obj.get("warnings") {
        Some(Value::String(s)) if !s.trim().is_empty() => data.warnings.push(s.trim().into()),
        Some(Value::Array(items)) => data.warnings.extend(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        ),
        _ => {}
    }
    if let Some(message) = error_message {
        // Beside series, a message is not a failure: it is shown as a warning.
        data.warnings.push(message);
    }
    let series = match obj.get("timeseries") {
        None | Some(Value::Null) => &Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(ChartError::Shape(format!(
                "timeseries is {}, not a list",
                crate::json::value::kind_name(other)
            )));
        }
    };
    for ts in series {
        let Some(ts) = ts.as_object() else { continue };
        let label = ts
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or("(no label)")
            .to_string();
        let host = ts
            .get("host")
            .and_then(Value::as_str)
            .filter(|h| !h.is_empty())
            .map(str::to_string);
        let mut tags: Vec<(String, String)> = ts
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
        let mut points = Vec::new();
        for point in ts
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let pair = point.as_array().map(Vec::as_slice).unwrap_or_default();
            let time = pair.first().and_then(number);
            let val = pair.get(1).and_then(number);
            match (time, val) {
                (Some(t), Some(v)) if t.is_finite() && v.is_finite() => points.push((t as i64, v)),
                _ => data.skipped_points += 1,
            }
        }
        points.sort_by_key(|p| p.0);
        data.series.push(Series {
            label,
            host,
            tags,
            points,
        });
    }
    Ok(data)
}

/// What the person sees of a chart call: the series, or the error in words. A text body with
/// `message='…'` that came with HTTP 200 (seen from the real endpoint) is an error too.
pub fn interpret(answer: Result<Value, ApiError>) -> Result<ChartData, ChartError> {
    match answer {
        Ok(value) => parse_query_result(&value),
        Err(ApiError::NotJson { body, .. }) => Err(ChartError::Refused(
            server_message(body.as_bytes()).unwrap_or_else(|| "the answer is not JSON".into()),
        )),
        Err(e) => Err(e.into()),
    }
}

/// A number, or a string holding one (`"NaN"` parses and is then rejected as not finite).
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value in a few characters (kept here for the chart's callers).
pub use crate::format::short_value;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_address;
    use serde_json::json;

    #[test]
    fn request_carries_the_documented_parameters() {
        let q = ChartQuery::new("ts(cpu.load, env=prod)", Window::Hour, 1_700_000_000_000);
        let req = q.request();
        assert_eq!(
            req.path_and_query(),
            "/api/v2/chart/api?q=ts%28cpu.load%2C+env%3Dprod%29&s=1699996400000&e=1700000000000\
             &g=m&n=wf-tui&p=1000&strict=true&autoEvents=true"
        );
        let curl = req.curl(&parse_address("acme.wavefront.com").unwrap());
        assert_eq!(
            curl,
            "curl 'https://acme.wavefront.com/api/v2/chart/api?q=ts%28cpu.load%2C+env%3Dprod%29\
             &s=1699996400000&e=1700000000000&g=m&n=wf-tui&p=1000&strict=true&autoEvents=true' \
             -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\""
        );
        assert_eq!(q.events_request(), None, "the list only for every event");
    }

    #[test]
    fn events_are_asked_for_as_chosen() {
        let mut q = ChartQuery::new("ts(x)", Window::Hour, 1_700_000_000_000);
        q.events = ShowEvents::Off;
        assert!(!q.request().path_and_query().contains("autoEvents"));
        assert_eq!(q.events_request(), None);
        q.events = ShowEvents::All;
        assert!(q.request().path_and_query().ends_with("&autoEvents=true"));
        let list = q.events_request().unwrap().path_and_query();
        assert!(
            list.starts_with("/api/v2/event?earliestStartTimeEpochMillis=1699992800000&"),
            "{list}"
        );
    }

    #[test]
    fn a_result_carries_its_events() {
        let v = json!({
            "timeseries": [{"label": "cpu", "data": [[60, 1]]}],
            "events": [
                {"name": "b", "start": 120_000, "tags": {"severity": "warn"}},
                {"name": "a", "start": 60_000, "end": 60_001},
                {"name": "unplaceable"}
            ]
        });
        let d = parse_query_result(&v).unwrap();
        let names: Vec<&str> = d.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(d.events[1].severity(), Some("warn"));
        assert!(
            parse_query_result(&json!({"events": "x"}))
                .unwrap()
                .events
                .is_empty()
        );
    }

    #[test]
    fn windows_have_sensible_granularities() {
        for w in Window::ALL {
            let points = w.millis() / 1000 / w.default_granularity().seconds();
            assert!((24..=400).contains(&points), "{w}: {points}");
            assert_eq!(Window::parse(&w.label()), Some(w));
        }
        assert_eq!(Granularity::Day.next(), Granularity::Second);
        // Typed lengths: their own label and a granularity that keeps the points few.
        let three_hours = Window::parse("3h").unwrap();
        assert_eq!(three_hours, Window::Last(3 * 3_600_000));
        assert_eq!(three_hours.label(), "3h");
        assert_eq!(three_hours.default_granularity(), Granularity::Minute);
        assert_eq!(Window::parse("36h").unwrap().label(), "1d12h");
        assert_eq!(Window::parse("2w").unwrap().label(), "2w");
        assert_eq!(
            Window::parse("90d").unwrap().default_granularity(),
            Granularity::Day
        );
        assert_eq!(
            Window::parse("10m").unwrap().default_granularity(),
            Granularity::Second
        );
        assert_eq!(Window::parse("0h"), None);
        assert_eq!(Window::parse("soon"), None);
        let span = Window::Between {
            start_ms: 1_000,
            end_ms: 1_000 + 2 * 3_600_000,
        };
        assert!(!span.ends_now() && Window::Hour.ends_now());
        let q = ChartQuery::new("ts(x)", span, 99_999_999);
        assert_eq!((q.start_ms(), q.end_ms), (1_000, 1_000 + 2 * 3_600_000));
        assert_eq!(Granularity::parse("H"), Some(Granularity::Hour));
    }

    #[test]
    fn parses_a_good_result() {
        let v = json!({
            "name": "wf-tui", "query": "ts(cpu)", "granularity": 60,
            "timeseries": [
                {"label": "cpu", "host": "web-1", "tags": {"env": "prod", "az": "a"},
                 "data": [[120, 2.0], [60, 1.5]]},
                {"label": "cpu", "host": "web-2", "data": [[60, 3]]}
            ],
            "stats": {"keys": 3}
        });
        let d = parse_query_result(&v).unwrap();
        assert_eq!(d.series.len(), 2);
        assert_eq!(d.series[0].points, vec![(60, 1.5), (120, 2.0)]);
        assert_eq!(
            d.series[0].tags,
            vec![("az".into(), "a".into()), ("env".into(), "prod".into())]
        );
        assert_eq!(d.series[0].describe(), "cpu web-1 az=a env=prod");
        assert_eq!(d.times(), vec![60, 120]);
        assert_eq!(d.value_bounds(), Some((1.5, 3.0)));
        assert_eq!(d.granularity_s, Some(60));
    }

    #[test]
    fn nulls_unknown_fields_and_odd_values_are_tolerated() {
        let v = json!({
            "timeseries": [
                {"host": null, "tags": null, "extra": {"x": 1},
                 "data": [[60, null], [120, "NaN"], [180, "4.5"], [240], "junk", [300, "inf"]]},
                null,
                {"label": "b", "tags": {"n": 3}, "data": null}
            ],
            "warnings": "some series were dropped",
            "events": null
        });
        let d = parse_query_result(&v).unwrap();
        assert_eq!(d.series.len(), 2);
        assert_eq!(d.series[0].label, "(no label)");
        assert_eq!(d.series[0].host, None);
        assert_eq!(d.series[0].points, vec![(180, 4.5)]);
        assert_eq!(d.skipped_points, 5);
        assert_eq!(d.series[1].tags, vec![("n".into(), "3".into())]);
        assert!(d.series[1].points.is_empty());
        assert_eq!(d.warnings, vec!["some series were dropped".to_string()]);
        assert_eq!(
            parse_query_result(&json!({})).unwrap(),
            ChartData::default()
        );
    }

    #[test]
    fn an_error_with_http_200_becomes_an_error() {
        let v = json!({"errorType": "QuerySyntaxError", "errorMessage": "Unknown function: foo", "timeseries": []});
        assert_eq!(
            parse_query_result(&v).unwrap_err().to_string(),
            "query failed (QuerySyntaxError): Unknown function: foo"
        );
        let only_message = json!({"errorMessage": "timed out"});
        assert_eq!(
            parse_query_result(&only_message).unwrap_err().to_string(),
            "query failed (error): timed out"
        );
        assert!(matches!(
            parse_query_result(&json!([1])),
            Err(ChartError::Shape(_))
        ));
        assert!(matches!(
            parse_query_result(&json!({"timeseries": 3})),
            Err(ChartError::Shape(_))
        ));
    }

    #[test]
    fn error_type_is_read_as_the_spec_defines_it() {
        let series = json!([{"label": "cpu", "data": [[1, 2.5]]}]);
        // The spec's "no error" member, as its own example sends it.
        for no_error in [json!("N/A"), json!(""), Value::Null] {
            let v = json!({"errorType": no_error, "timeseries": series});
            let data = parse_query_result(&v).unwrap_or_else(|e| panic!("{no_error}: {e}"));
            assert_eq!(data.series.len(), 1);
        }
        let none = json!({"errorType": "N/A", "timeseries": []});
        assert!(parse_query_result(&none).unwrap().series.is_empty());
        // A value the spec does not list, with series and no message: not a failure.
        let unknown = json!({"errorType": "SomethingNew", "timeseries": series});
        assert_eq!(parse_query_result(&unknown).unwrap().series.len(), 1);
        // ... but alone, or with a message, it is.
        assert!(parse_query_result(&json!({"errorType": "SomethingNew"})).is_err());
        // The listed failures fail even beside series.
        for kind in ["QuerySyntaxError", "QueryExecutionError", "Timeout"] {
            let v = json!({"errorType": kind, "timeseries": series});
            assert!(parse_query_result(&v).is_err(), "{kind}");
        }
        // A message beside series is a warning.
        let warned = json!({"errorType": "N/A", "errorMessage": "partial", "timeseries": series});
        assert_eq!(
            parse_query_result(&warned).unwrap().warnings,
            vec!["partial"]
        );
    }

    #[test]
    fn text_error_bodies_read_as_the_servers_words() {
        // A 400 from the chart endpoint comes as text: the client's decoding reads `message='…'`.
        let body = b"error='bad_request'\nmessage='Query syntax error: Missing ) at position 12'";
        let err = crate::api::client::decode_response(
            "GET",
            CHART_PATH,
            reqwest::StatusCode::BAD_REQUEST,
            body,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "GET /api/v2/chart/api: Query syntax error: Missing ) at position 12 (HTTP 400)"
        );
    }

    #[test]
    fn text_with_http_200_is_an_error_in_words() {
        let not_json = ApiError::NotJson {
            method: "GET",
            path: CHART_PATH.into(),
            reason: "expected value".into(),
            body: "message='Query timed out'".into(),
        };
        assert_eq!(
            interpret(Err(not_json)).unwrap_err().to_string(),
            "query failed: Query timed out"
        );
        assert_eq!(
            interpret(Ok(json!({"errorType": "E", "errorMessage": "bad"})))
                .unwrap_err()
                .to_string(),
            "query failed (E): bad"
        );
        assert!(interpret(Ok(json!({"timeseries": []}))).is_ok());
    }

    #[test]
    fn times_and_values_read_briefly() {
        assert_eq!(short_value(42.0), "42");
        assert_eq!(short_value(1234.0), "1234");
        assert_eq!(short_value(2.5), "2.5");
        assert_eq!(short_value(12_345.0), "12.35k");
        assert_eq!(short_value(0.0123), "0.012");
        assert_eq!(short_value(-2_500_000.0), "-2.5M");
    }
}
