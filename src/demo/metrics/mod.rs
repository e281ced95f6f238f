//! The stand-in's metric namespace: a few hundred names (hosts, machines, the JVM, Kubernetes,
//! AWS, services), plus the metrics its alerts and derived metrics chart. Served by the official
//! `GET /api/v2/chart/metric/detail` (sources and point tags of one metric, as the chart
//! endpoint draws them) and, unless started without them, by the product's undocumented
//! completion endpoints: `/chart/metrics/all`, `/chart/autocomplete`, `/chart/api/keys`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, http::StatusCode};
use serde_json::{Value, json};

mod names;

use super::state::DemoState;
use names::{SERVICES, generated};

pub const DETAIL_ROUTE: &str = "/api/v2/chart/metric/detail";
pub const ALL_ROUTE: &str = "/chart/metrics/all";
pub const AUTOCOMPLETE_ROUTE: &str = "/chart/autocomplete";
pub const KEYS_ROUTE: &str = "/chart/api/keys";

/// The routes; the undocumented ones only when `undocumented` (to test the fallback).
pub fn router(undocumented: bool) -> Router<Arc<DemoState>> {
    let router = Router::new().route(DETAIL_ROUTE, get(detail));
    if !undocumented {
        return router;
    }
    router
        .route(ALL_ROUTE, get(all))
        .route(AUTOCOMPLETE_ROUTE, get(autocomplete))
        .route(KEYS_ROUTE, get(keys))
}

/// Every metric name: the generated ones and those the fixtures' queries chart.
pub fn names(state: &DemoState) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = generated().into_iter().collect();
    for (collection, keys) in [
        ("alert", &["condition", "displayExpression"][..]),
        ("derivedmetric", &["query"][..]),
    ] {
        for item in state.items(collection) {
            for key in keys {
                if let Some((m, _)) = item[*key].as_str().and_then(super::chart::first_series) {
                    if !m.contains(['*', '$', ' ']) {
                        names.insert(m);
                    }
                }
            }
        }
    }
    names
}

/// One source's point tags for a metric: what the chart endpoint would draw for it.
fn host_tags(metric: &str, host: &str, i: usize) -> serde_json::Map<String, Value> {
    let mut tags = serde_json::Map::new();
    let h = super::random::fnv1a(format!("{metric}|{host}").bytes()) as usize;
    tags.insert(
        "env".into(),
        (if i < 2 { "prod" } else { "staging" }).into(),
    );
    let regions = ["us-east-1", "us-west-2", "eu-west-1"];
    tags.insert("region".into(), regions[h % regions.len()].into());
    let root = metric.split('.').next().unwrap_or("");
    match root {
        "jvm" | "http" | "app" | "envoy" => {
            tags.insert("service".into(), SERVICES[h % SERVICES.len()].into());
        }
        "kubernetes" => {
            tags.insert("cluster".into(), ["prod-east", "prod-west"][h % 2].into());
            tags.insert(
                "namespace".into(),
                ["default", "payments", "kube-system"][h % 3].into(),
            );
        }
        "aws" => {
            tags.insert("accountId".into(), "123456789012".into());
        }
        _ => {}
    }
    tags
}

/// The sources reporting `metric` (none for a name the stand-in does not know), with their
/// tags and when they last reported.
pub fn details(state: &DemoState, metric: &str, now_ms: i64) -> Vec<Value> {
    if !names(state).contains(metric) {
        return Vec::new();
    }
    super::chart::hosts_for(metric, &[])
        .into_iter()
        .enumerate()
        .map(|(i, host)| {
            let ago = (super::random::fnv1a(host.bytes().chain(metric.bytes())) % 600) as i64;
            json!({
                "host": host,
                "last_update": now_ms - ago * 1000,
                "tags": host_tags(metric, &host, i),
            })
        })
        .collect()
}

/// A glob (`*` any run) matched against a whole name.
fn glob(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        match rest.find(part) {
            Some(at) if i > 0 || at == 0 => rest = &rest[at + part.len()..],
            _ => return false,
        }
    }
    parts.last().is_none_or(|p| p.is_empty()) || rest.is_empty()
}

/// `GET /api/v2/chart/metric/detail?m=&h=&l=&c=`: a bare `MetricDetailsResponse`, paged by the
/// last source seen.
async fn detail(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let Some(metric) = get("m").filter(|m| !m.is_empty()) else {
        return (StatusCode::BAD_REQUEST, "Required parameter m is missing").into_response();
    };
    let globs: Vec<&str> = q
        .iter()
        .filter(|(k, _)| k == "h")
        .map(|(_, v)| v.as_str())
        .collect();
    let limit: usize = get("l")
        .and_then(|l| l.parse().ok())
        .unwrap_or(100)
        .clamp(1, 1000);
    let hosts: Vec<Value> = details(&state, metric, state.now_ms())
        .into_iter()
        .filter(|d| {
            let host = d["host"].as_str().unwrap_or("");
            globs.is_empty() || globs.iter().any(|g| glob(g, host))
        })
        .filter(|d| get("c").is_none_or(|c| d["host"].as_str().is_some_and(|h| h > c)))
        .collect();
    let more = hosts.len() > limit;
    let page: Vec<Value> = hosts.into_iter().take(limit).collect();
    let mut body = json!({"hosts": page});
    if more {
        body["continuationToken"] = page.last().map_or(Value::Null, |h| h["host"].clone());
    }
    Json(body).into_response()
}

/// `GET /chart/metrics/all?trie=true&q=PREFIX&p=LAST&l=N`: the names one level under the
/// prefix (namespaces end in `.`), after `p`; without `trie`, every full name.
async fn all(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let prefix = q.get("q").map_or("", String::as_str);
    let after = q.get("p").map_or("", String::as_str);
    let limit: usize = q
        .get("l")
        .and_then(|l| l.parse().ok())
        .unwrap_or(100)
        .clamp(1, 1000);
    let names = names(&state);
    let listed: Vec<String> = if q.get("trie").is_some_and(|t| t == "true") {
        crate::wql::complete::metric_children(&names, prefix)
            .into_iter()
            .map(|c| c.text)
            .collect()
    } else {
        names
            .into_iter()
            .filter(|n| n.starts_with(prefix))
            .collect()
    };
    let metrics: Vec<String> = listed
        .into_iter()
        .filter(|n| after.is_empty() || n.as_str() > after)
        .take(limit)
        .collect();
    Json(json!({"metrics": metrics})).into_response()
}

/// What the stand-in knows for completing inside `exp`.
fn known(state: &DemoState, exp: &str) -> crate::wql::Known {
    let mut known = crate::wql::Known {
        metrics: names(state),
        ..Default::default()
    };
    if let Some((metric, _)) = super::chart::first_series(exp) {
        let details = details(state, &metric, state.now_ms());
        let mut tags: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut sources = BTreeSet::new();
        for d in &details {
            sources.insert(d["host"].as_str().unwrap_or("").to_string());
            for (k, v) in d["tags"].as_object().into_iter().flatten() {
                tags.entry(k.clone())
                    .or_default()
                    .insert(v.as_str().unwrap_or("").to_string());
            }
        }
        known.sources.insert(metric.clone(), sources);
        known.tags.insert(metric, tags);
    }
    known
}

/// `GET /chart/autocomplete?exp=&p=`: `{symbols, start, end}`, the range in chars.
async fn autocomplete(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let exp = q.get("exp").map_or("", String::as_str);
    let p = q
        .get("p")
        .and_then(|p| p.parse().ok())
        .unwrap_or(exp.chars().count());
    let c = crate::wql::complete(exp, p, &known(&state, exp));
    let symbols: Vec<String> = c.candidates.into_iter().map(|c| c.text).collect();
    Json(json!({"symbols": symbols, "start": c.range.start, "end": c.range.end})).into_response()
}

/// `GET /chart/api/keys?request={"queries":[{"query","name"}],"start":…}`: the metrics, sources
/// and point tags each query touches.
async fn keys(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(request) = q
        .get("request")
        .and_then(|r| serde_json::from_str::<Value>(r).ok())
    else {
        return (StatusCode::BAD_REQUEST, "request must be JSON").into_response();
    };
    let (mut metrics, mut hosts, mut query_keys) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
    for query in request["queries"].as_array().into_iter().flatten() {
        let text = query["query"].as_str().unwrap_or("");
        let k = known(&state, text);
        let mut tags = serde_json::Map::new();
        for (metric, by_key) in &k.tags {
            metrics.insert(metric.clone());
            for (key, values) in by_key {
                tags.insert(key.clone(), json!(values));
            }
        }
        hosts.extend(k.sources.into_values().flatten());
        query_keys.push(json!({"name": query["name"], "tags": tags}));
    }
    Json(json!({"metrics": metrics, "hosts": hosts, "queryKeys": query_keys})).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_hundred_names_in_namespaces() {
        let names = generated();
        assert!(names.len() > 250, "{}", names.len());
        let unique: BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for root in [
            "cpu.",
            "mem.",
            "disk.",
            "net.",
            "jvm.",
            "kubernetes.",
            "aws.",
        ] {
            assert!(names.iter().any(|n| n.starts_with(root)), "{root}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob("web-*", "web-01"));
        assert!(glob("*-01", "web-01"));
        assert!(glob("web-01", "web-01"));
        assert!(!glob("web", "web-01"));
        assert!(!glob("db-*", "web-01"));
    }
}
