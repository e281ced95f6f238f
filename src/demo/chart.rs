//! The stand-in's chart endpoint, `GET /api/v2/chart/api`: reads the common `ts(metric, k=v and …)`
//! shapes loosely and answers with deterministic series (a daily cycle plus noise, a few hosts per
//! metric) on the requested grid. Errors come in the real API's shapes: an unbalanced expression
//! is a 400 with a `message='…'` text body; an unknown function is HTTP 200 with
//! `errorType`/`errorMessage`. Comparisons (`> 90`) and arithmetic are ignored: the first `ts()`
//! is what is charted.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::state::DemoState;

pub const CHART_ROUTE: &str = crate::api::chart::CHART_PATH;

/// Functions the stand-in accepts (wrapping them changes little but aggregation).
const KNOWN: &[&str] = &[
    "ts",
    "sum",
    "avg",
    "mean",
    "min",
    "max",
    "count",
    "median",
    "percentile",
    "rate",
    "deriv",
    "align",
    "mavg",
    "mmax",
    "mmin",
    "msum",
    "mcount",
    "mmedian",
    "lag",
    "exists",
    "between",
    "hour",
    "abs",
    "ceil",
    "floor",
    "round",
    "default",
    "last",
    "first",
    "top",
    "bottom",
    "highpass",
    "lowpass",
    "integral",
    "ratediff",
    "topk",
    "bottomk",
    "and",
    "or",
    "not",
    "by",
    "without",
    "hs",
    "histogram",
];
/// Outer functions that collapse the series into one.
const AGGREGATES: &[&str] = &[
    "sum",
    "avg",
    "mean",
    "min",
    "max",
    "count",
    "median",
    "percentile",
];

/// An answer that is not a result: the status and the text of the body.
#[derive(Debug, PartialEq)]
pub enum ChartFailure {
    /// HTTP 400 with `message='…'` text.
    BadRequest(String),
    /// HTTP 200 with `errorType` and `errorMessage`.
    QueryError { kind: &'static str, message: String },
}

pub async fn chart(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let now = state.now_ms();
    if let Some(events) = event_query_answer(&state, &q, now) {
        return Json(events).into_response();
    }
    match answer(&q, now) {
        Ok(mut result) => {
            let query = q.get("q").map_or("", String::as_str);
            super::chart_alerts::follow_firings(&state, query, &mut result, now);
            // Spring reads booleans without regard to case.
            let auto = q.get("autoEvents");
            if auto.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
                result["events"] = Value::Array(auto_events(&state, &q, now));
            }
            Json(result).into_response()
        }
        Err(ChartFailure::BadRequest(message)) => (
            StatusCode::BAD_REQUEST,
            [("content-type", "text/plain")],
            format!("error='bad_request'\nmessage='{message}'\ntrackingId=3c1d9a0e-57a2-4b8e-9f3b-0d2c5a7e6b41"),
        )
            .into_response(),
        Err(ChartFailure::QueryError { kind, message }) => Json(json!({
            "name": q.get("n"),
            "query": q.get("q"),
            "errorType": kind,
            "errorMessage": message,
            "timeseries": [],
        }))
        .into_response(),
    }
}

/// An `events(…)` expression's answer (a dashboard's event query), when the request is one
/// with a readable start; anything else is left to [`answer`] and its errors.
fn event_query_answer(
    state: &DemoState,
    q: &HashMap<String, String>,
    now_ms: i64,
) -> Option<Value> {
    let query = q.get("q")?.trim();
    let filters = super::event_query::filters(query)?;
    let ms = |key: &str| q.get(key).and_then(|v| v.parse::<i64>().ok());
    let start = ms("s")?;
    let end = if q.contains_key("e") {
        ms("e")?
    } else {
        now_ms
    };
    Some(super::event_query::answer(
        state,
        q.get("n"),
        query,
        &filters,
        start,
        end,
    ))
}

/// The `QueryResult` for a request's parameters.
pub fn answer(q: &HashMap<String, String>, now_ms: i64) -> Result<Value, ChartFailure> {
    let query = q
        .get("q")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ChartFailure::BadRequest("Required parameter q is missing".into()))?;
    let start_ms: i64 = q
        .get("s")
        .ok_or_else(|| ChartFailure::BadRequest("Required parameter s is missing".into()))?
        .parse()
        .map_err(|_| ChartFailure::BadRequest("s must be epoch milliseconds".into()))?;
    let end_ms: i64 = match q.get("e") {
        Some(e) => e
            .parse()
            .map_err(|_| ChartFailure::BadRequest("e must be epoch milliseconds".into()))?,
        None => now_ms,
    };
    let g = match q.get("g").map(String::as_str) {
        Some("s") => 1,
        Some("m") => 60,
        Some("h") => 3600,
        Some("d") => 86_400,
        _ => {
            return Err(ChartFailure::BadRequest(
                "granularity g must be one of d, h, m, s".into(),
            ));
        }
    };
    let max_points: i64 = q
        .get("p")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1000)
        .max(1);
    check_balanced(query)?;
    if let Some(unknown) = calls(query)
        .into_iter()
        .find(|f| !KNOWN.contains(&f.as_str()))
    {
        return Err(ChartFailure::QueryError {
            kind: "QueryError",
            message: format!("Unknown function: {unknown}"),
        });
    }
    let Some((metric, filters)) = first_series(query) else {
        return Err(ChartFailure::QueryError {
            kind: "QueryError",
            message: "Query must contain a ts() expression or a metric".into(),
        });
    };
    let outer = calls(query).into_iter().next();
    let aggregate = outer
        .as_deref()
        .filter(|f| AGGREGATES.contains(f))
        .map(str::to_string);

    // The grid: granularity, widened so no series exceeds about `p` points.
    let (s, e) = (start_ms.div_euclid(1000), end_ms.div_euclid(1000));
    let mut step = g;
    let span = (e - s).max(0);
    if span / step > max_points {
        step *= (span / step + max_points - 1) / max_points;
    }
    let first = s.div_euclid(step) * step + if s.rem_euclid(step) == 0 { 0 } else { step };
    let times: Vec<i64> = (0..)
        .map(|i| first + i * step)
        .take_while(|t| *t < e)
        .collect();

    let hosts = hosts_for(&metric, &filters);
    let variants = tag_variants(&filters);
    // One variant keeps the series as they always were; several differ by their tag value.
    let point = |t: i64, v: f64| Value::Array(vec![Value::from(t), Value::from(round(v))]);
    let mut series: Vec<Value> = Vec::new();
    for (tags, suffix) in &variants {
        let curves: Vec<Curve> = hosts
            .iter()
            .map(|h| Curve::new(&metric, &format!("{h}{suffix}")))
            .collect();
        match &aggregate {
            Some(func) => {
                let data: Vec<Value> = times
                    .iter()
                    .map(|t| {
                        let values = curves.iter().map(|c| c.at(*t));
                        let v = match func.as_str() {
                            "sum" => values.sum(),
                            "count" => hosts.len() as f64,
                            "max" => values.fold(f64::MIN, f64::max),
                            "min" => values.fold(f64::MAX, f64::min),
                            _ => values.sum::<f64>() / hosts.len() as f64,
                        };
                        point(*t, v)
                    })
                    .collect();
                series.push(json!({"label": metric, "host": "", "tags": tags, "data": data}));
            }
            None => series.extend(hosts.iter().zip(&curves).map(|(h, c)| {
                let data: Vec<Value> = times.iter().map(|t| point(*t, c.at(*t))).collect();
                json!({"label": metric, "host": h, "tags": tags, "data": data})
            })),
        }
    }
    let keys = series.len();
    Ok(json!({
        "name": q.get("n"),
        "query": query,
        "granularity": step,
        "timeseries": series,
        "stats": {"keys": keys, "points": times.len() * keys, "summaries": times.len()},
    }))
}

/// The events of an answered request's window that touch its query (see [`super::chart_events`]).
fn auto_events(state: &DemoState, q: &HashMap<String, String>, now_ms: i64) -> Vec<Value> {
    let ms = |key: &str| q.get(key).and_then(|v| v.parse::<i64>().ok());
    let (Some(start), Some((metric, filters))) =
        (ms("s"), q.get("q").and_then(|e| first_series(e)))
    else {
        return Vec::new();
    };
    let touch = super::chart_events::Touch::new(metric, filters);
    super::chart_events::events(state, &touch, start, ms("e").unwrap_or(now_ms))
}

/// Parentheses must balance (outside double-quoted strings).
fn check_balanced(query: &str) -> Result<(), ChartFailure> {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in query.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return Err(ChartFailure::BadRequest(format!(
                        "Query syntax error: Unexpected ) at position {i}"
                    )));
                }
            }
            _ => {}
        }
    }
    if depth != 0 || quoted {
        return Err(ChartFailure::BadRequest(format!(
            "Query syntax error: Missing ) at position {}",
            query.chars().count()
        )));
    }
    Ok(())
}

/// The names of the functions called, in order (outside strings).
fn calls(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut quoted = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            quoted = !quoted;
            i += 1;
            continue;
        }
        if !quoted && (c.is_ascii_alphabetic() || c == '_') {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "._".contains(chars[i])) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if chars.get(j) == Some(&'(') {
                out.push(word.to_ascii_lowercase());
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The metric and `key=value` filters of the first `ts(…)` (or PromQL `name{…}`).
pub(super) fn first_series(query: &str) -> Option<(String, Vec<(String, String)>)> {
    if let Some(pos) = find_call(query, "ts") {
        let inner = &query[pos..];
        let mut depth = 0;
        let mut end = inner.len();
        let mut quoted = false;
        for (i, c) in inner.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => {
                    if depth == 0 {
                        end = i;
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
        }
        let args = &inner[..end];
        let (metric, rest) = args.split_once(',').unwrap_or((args, ""));
        let metric = metric.trim().trim_matches('"').to_string();
        return (!metric.is_empty()).then(|| (metric, filters(rest)));
    }
    // PromQL: `http_requests_total{service="payments"}`.
    let brace = query.find('{')?;
    let name: String = query[..brace]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || "_:.".contains(*c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let close = brace + query[brace..].find('}')?;
    (!name.is_empty()).then(|| (name, filters(&query[brace + 1..close])))
}

/// Where the arguments of `name(` start.
fn find_call(query: &str, name: &str) -> Option<usize> {
    let bytes = query.as_bytes();
    let mut from = 0;
    while let Some(found) = query[from..].find(name) {
        let at = from + found;
        let before_ok =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let after = query[at + name.len()..].trim_start();
        if before_ok && after.starts_with('(') {
            let paren = query.len() - after.len();
            return Some(paren + 1);
        }
        from = at + name.len();
    }
    None
}

/// `k=v` pairs, loosely: negated ones (`not k=v`) and regex matches are left out.
fn filters(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut negated = false;
    for token in text.split([' ', ',', '(', ')']).filter(|t| !t.is_empty()) {
        if token.eq_ignore_ascii_case("not") {
            negated = true;
            continue;
        }
        if let Some((k, v)) = token.split_once('=') {
            let v = v.trim_start_matches('~');
            if !negated && !k.is_empty() && !k.ends_with('!') {
                out.push((k.trim().to_string(), v.trim_matches('"').to_string()));
            }
        }
        negated = false;
    }
    out
}

/// The point tags of the series: the filter's `k=v` pairs (not the source, no wildcards), and
/// when a key has several values (`(env=a or env=b)`, what a multi-valued dashboard variable
/// makes) or is `*` (every value), one set per value of the first such key, each with the
/// suffix that makes its series differ.
fn tag_variants(filters: &[(String, String)]) -> Vec<(serde_json::Map<String, Value>, String)> {
    let tag_filters: Vec<&(String, String)> = filters
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "source" | "host"))
        .collect();
    let values_of = |key: &str| {
        let mut values: Vec<&str> = Vec::new();
        for (_, v) in tag_filters.iter().filter(|(k, _)| k == key) {
            if !values.contains(&v.as_str()) {
                values.push(v);
            }
        }
        values
    };
    let spread = tag_filters.iter().find_map(|(k, _)| {
        let values = values_of(k);
        match values.as_slice() {
            ["*"] => Some((k.clone(), every_value(k))),
            [_, _, ..] => Some((k.clone(), values.iter().map(ToString::to_string).collect())),
            _ => None,
        }
    });
    let mut base = serde_json::Map::new();
    for (k, v) in &tag_filters {
        if !v.contains('*') && spread.as_ref().is_none_or(|(key, _)| key != k) {
            base.insert(k.clone(), Value::from(v.clone()));
        }
    }
    base.sort_keys();
    let Some((key, values)) = spread else {
        return vec![(base, String::new())];
    };
    values
        .into_iter()
        .filter(|v| !v.contains('*'))
        .map(|v| {
            let mut tags = base.clone();
            tags.insert(key.clone(), Value::from(v.clone()));
            tags.sort_keys();
            (tags, format!("|{v}"))
        })
        .collect()
}

/// What `key=*` stands for: a few plausible values of the tag.
fn every_value(key: &str) -> Vec<String> {
    let known: &[&str] = match key {
        "zone" | "az" => &["us-east-1a", "us-east-1b", "us-west-2a"],
        "env" => &["prod", "staging", "dev"],
        "region" => &["us-east-1", "us-west-2", "eu-west-1"],
        "status" => &["200", "404", "500"],
        _ => &[],
    };
    if known.is_empty() {
        (1..=3).map(|i| format!("{key}-{i}")).collect()
    } else {
        known.iter().map(ToString::to_string).collect()
    }
}

/// A few hosts for a metric: the filter's own `source=`/`host=` values when it names some,
/// otherwise two to four named after the role, service or cluster in the filter.
pub(super) fn hosts_for(metric: &str, filters: &[(String, String)]) -> Vec<String> {
    let mut named: Vec<String> = filters
        .iter()
        .filter(|(k, v)| (k == "source" || k == "host") && !v.contains('*'))
        .map(|(_, v)| v.clone())
        .collect();
    named.dedup();
    if !named.is_empty() {
        return named;
    }
    let base = ["role", "service", "cluster", "namespace", "app"]
        .iter()
        .find_map(|key| filters.iter().find(|(k, _)| k == key).map(|(_, v)| v))
        .map(|v| v.trim_end_matches(['*', '.', '-']).to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| metric.split('.').next().unwrap_or("host").to_string());
    let n = 2 + hash(metric.as_bytes()) % 3;
    (1..=n).map(|i| format!("{base}-{i:02}")).collect()
}

/// A value with a daily cycle and noise, the same for the same metric, host and time.
#[cfg(test)]
fn value(metric: &str, host: &str, t: i64) -> f64 {
    Curve::new(metric, host).at(t)
}

/// One series' daily cycle: what [`value`] derives from the metric and host, worked out once
/// per series rather than once per point (a chart answer has hundreds of points).
struct Curve {
    /// The decimal digits of the hash of `metric|host` (the noise hashes `{key}@{t}`).
    digits: ([u8; 20], usize),
    base: f64,
    amp: f64,
    phase: f64,
    percent: bool,
}

impl Curve {
    fn new(metric: &str, host: &str) -> Self {
        let key = super::random::fnv1a(
            metric
                .bytes()
                .chain(std::iter::once(b'|'))
                .chain(host.bytes()),
        );
        let m = metric.to_ascii_lowercase();
        let percent = m.contains("percent");
        let (base, amp) = if percent {
            (35.0 + (key % 30) as f64, 0.35)
        } else if m.contains("status") || m.contains("success") {
            (1.0, 0.0)
        } else if m.contains("burn_rate") || m.contains("duration") || m.contains("seconds") {
            (0.5 + (key % 100) as f64 / 50.0, 0.4)
        } else {
            (
                10f64.powi((key % 4) as i32 + 1) * (1.0 + (key % 7) as f64 / 7.0),
                0.3,
            )
        };
        Self {
            digits: decimal(i128::from(key)),
            base,
            amp,
            phase: (key % 360) as f64 * std::f64::consts::PI / 180.0,
            percent,
        }
    }

    fn at(&self, t: i64) -> f64 {
        let day = t.rem_euclid(86_400) as f64 / 86_400.0 * std::f64::consts::TAU;
        // FNV-1a over the text `{key}@{t}`, without writing it out.
        let (key, n) = (&self.digits.0, self.digits.1);
        let (time, m) = decimal(i128::from(t));
        let bytes = key[20 - n..]
            .iter()
            .chain(std::iter::once(&b'@'))
            .chain(&time[20 - m..])
            .copied();
        let noise = (super::random::fnv1a(bytes) % 1000) as f64 / 1000.0 - 0.5;
        let v = self.base * (1.0 + self.amp * (day + self.phase).sin()) + self.base * 0.08 * noise;
        if self.percent {
            v.clamp(0.0, 100.0)
        } else {
            v.max(0.0)
        }
    }
}

/// The decimal text of `n` (as `format!` writes it), right-aligned in 20 bytes, and its length.
fn decimal(n: i128) -> ([u8; 20], usize) {
    let mut out = [0u8; 20];
    let mut len = 0;
    let negative = n < 0;
    let mut rest = n.unsigned_abs();
    loop {
        len += 1;
        out[20 - len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        len += 1;
        out[20 - len] = b'-';
    }
    (out, len)
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn hash(bytes: &[u8]) -> u64 {
    super::random::fnv1a(bytes.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str, s: i64, e: i64, g: &str) -> HashMap<String, String> {
        [
            ("q", q.to_string()),
            ("s", s.to_string()),
            ("e", e.to_string()),
            ("g", g.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    const END: i64 = 1_700_000_040_000;

    fn series_of(q: &str) -> Vec<Value> {
        let r = answer(&params(q, END - 3_600_000, END, "m"), 0).unwrap();
        r["timeseries"].as_array().unwrap().clone()
    }

    /// The curve as it was first written, with its text hashed through `format!`: the
    /// precomputed [`Curve`] must give the same numbers (the answers did not change).
    fn value_as_written(metric: &str, host: &str, t: i64) -> f64 {
        let key = hash(format!("{metric}|{host}").as_bytes());
        let m = metric.to_ascii_lowercase();
        let (base, amp) = if m.contains("percent") {
            (35.0 + (key % 30) as f64, 0.35)
        } else if m.contains("status") || m.contains("success") {
            (1.0, 0.0)
        } else if m.contains("burn_rate") || m.contains("duration") || m.contains("seconds") {
            (0.5 + (key % 100) as f64 / 50.0, 0.4)
        } else {
            (
                10f64.powi((key % 4) as i32 + 1) * (1.0 + (key % 7) as f64 / 7.0),
                0.3,
            )
        };
        let phase = (key % 360) as f64 * std::f64::consts::PI / 180.0;
        let day = t.rem_euclid(86_400) as f64 / 86_400.0 * std::f64::consts::TAU;
        let noise = (hash(format!("{key}@{t}").as_bytes()) % 1000) as f64 / 1000.0 - 0.5;
        let v = base * (1.0 + amp * (day + phase).sin()) + base * 0.08 * noise;
        if m.contains("percent") {
            v.clamp(0.0, 100.0)
        } else {
            v.max(0.0)
        }
    }

    #[test]
    fn the_precomputed_curve_gives_the_numbers_as_written() {
        for metric in [
            "cpu.usage.percentage",
            "app.status",
            "http.duration",
            "x.y",
            "",
        ] {
            for host in ["api-01", "web-02|prod", ""] {
                for t in [0, 1, -1, -86_399, 59, 1_700_000_040, i64::MAX, i64::MIN] {
                    let (a, b) = (value(metric, host, t), value_as_written(metric, host, t));
                    assert_eq!(a.to_bits(), b.to_bits(), "{metric} {host} {t}");
                }
            }
        }
        assert_eq!(decimal(0).1, 1);
        assert_eq!(&decimal(-42).0[17..], b"-42");
        assert_eq!(decimal(u64::MAX as i128).1, 20);
    }

    #[test]
    fn a_multi_valued_filter_answers_a_series_set_per_value() {
        let one = series_of("ts(cpu.usage.percentage, env=prod and role=api)");
        let two = series_of("ts(cpu.usage.percentage, (env=prod or env=staging) and role=api)");
        assert_eq!(two.len(), 2 * one.len());
        let envs: std::collections::BTreeSet<&str> = two
            .iter()
            .map(|s| s["tags"]["env"].as_str().unwrap())
            .collect();
        assert_eq!(envs.into_iter().collect::<Vec<_>>(), ["prod", "staging"]);
        assert_ne!(
            two[0]["data"],
            two[one.len()]["data"],
            "the values differ by env"
        );
        // Every value of a tag.
        let zones = series_of("sum(ts(http.server.requests.count, zone=*))");
        assert_eq!(zones.len(), 3);
        assert_eq!(zones[0]["tags"]["zone"], "us-east-1a");
        // Several sources named: a series each.
        let hosts =
            series_of(r#"ts(cpu.usage.percentage, source="a.acme.net" or source="b.acme.net")"#);
        let names: Vec<&str> = hosts.iter().map(|s| s["host"].as_str().unwrap()).collect();
        assert_eq!(names, ["a.acme.net", "b.acme.net"]);
    }

    #[test]
    fn series_per_host_on_the_grid() {
        let r = answer(
            &params(
                "ts(cpu.usage.percentage, env=prod and role=api)",
                END - 3_600_000,
                END,
                "m",
            ),
            0,
        )
        .unwrap();
        let series = r["timeseries"].as_array().unwrap();
        assert!((2..=4).contains(&series.len()));
        assert_eq!(series[0]["host"], "api-01");
        assert_eq!(series[0]["tags"], json!({"env": "prod", "role": "api"}));
        let data = series[0]["data"].as_array().unwrap();
        assert_eq!(data.len(), 60);
        assert_eq!(data[0][0], (END / 1000 - 3600));
        assert!(data.iter().all(|p| p[0].as_i64().unwrap() % 60 == 0));
        assert!(
            data.iter()
                .all(|p| (0.0..=100.0).contains(&p[1].as_f64().unwrap()))
        );
        // Deterministic.
        let again = answer(
            &params(
                "ts(cpu.usage.percentage, env=prod and role=api)",
                END - 3_600_000,
                END,
                "m",
            ),
            0,
        )
        .unwrap();
        assert_eq!(r, again);
    }

    #[test]
    fn aggregates_collapse_to_one_series() {
        let r = answer(
            &params(
                "sum(rate(ts(http.server.requests.count, env=prod and service=cart)))",
                END - 86_400_000,
                END,
                "h",
            ),
            0,
        )
        .unwrap();
        let series = r["timeseries"].as_array().unwrap();
        assert_eq!(series.len(), 1);
        assert_eq!(series[0]["label"], "http.server.requests.count");
        assert_eq!(series[0]["data"].as_array().unwrap().len(), 24);
    }

    #[test]
    fn points_are_capped_by_p() {
        let mut q = params("ts(x.y)", END - 7 * 86_400_000, END, "s");
        q.insert("p".into(), "500".into());
        let r = answer(&q, 0).unwrap();
        let n = r["timeseries"][0]["data"].as_array().unwrap().len();
        assert!((300..=500).contains(&n), "{n}");
    }

    #[test]
    fn errors_come_in_the_real_shapes() {
        assert!(matches!(
            answer(&params("sum(ts(cpu)", 0, 60_000, "m"), 0),
            Err(ChartFailure::BadRequest(m)) if m.contains("Missing )")
        ));
        assert!(matches!(
            answer(&params("ts(cpu))", 0, 60_000, "m"), 0),
            Err(ChartFailure::BadRequest(_))
        ));
        assert_eq!(
            answer(&params("frobnicate(ts(cpu))", 0, 60_000, "m"), 0),
            Err(ChartFailure::QueryError {
                kind: "QueryError",
                message: "Unknown function: frobnicate".into()
            })
        );
        assert!(matches!(
            answer(&params("ts(cpu)", 0, 60_000, "x"), 0),
            Err(ChartFailure::BadRequest(_))
        ));
    }

    #[test]
    fn fixture_alerts_chart() {
        let alerts = crate::demo::collections::by_name("alert")
            .unwrap()
            .load(END);
        let mut charted = 0;
        for a in &alerts {
            for key in ["displayExpression", "condition"] {
                let Some(q) = a[key].as_str() else { continue };
                if let Ok(r) = answer(&params(q, END - 3_600_000, END, "m"), 0) {
                    assert!(!r["timeseries"].as_array().unwrap().is_empty(), "{q}");
                    charted += 1;
                } else {
                    panic!("fixture {key} does not chart: {q}");
                }
            }
        }
        assert!(charted > 20);
        let derived = crate::demo::collections::by_name("derivedmetric")
            .unwrap()
            .load(END);
        for d in &derived {
            let q = d["query"].as_str().unwrap();
            let r = answer(&params(q, END - 3_600_000, END, "m"), 0);
            // The fixtures keep one deliberately broken query: it gets the real 400.
            if d["name"].as_str().is_some_and(|n| n.contains("broken")) {
                assert!(matches!(r, Err(ChartFailure::BadRequest(_))), "{q}");
            } else {
                assert!(r.is_ok(), "derived metric query does not chart: {q}");
            }
        }
    }
}
