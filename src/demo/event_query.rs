//! The stand-in's answer to an `events(…)` expression on the chart endpoint (a dashboard's
//! `eventQuery`): a `QueryResult` with no series and the fixture's events of the window that
//! the filters pick, as `QueryEvent`s. The filters are read loosely: `key=value` pairs split
//! on `,`, `and` and `or`; the values of one key are alternatives, different keys must all
//! agree. `type` and `severity` read the annotations (a bare tag too), `name` the event's
//! name, `source`/`host` its hosts, `tag` its tags, any other key its dimensions or its
//! `key.value` tags. `*` globs.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::chart_events::{glob, overlaps, query_event};
use super::state::DemoState;

/// The filters of `events(…)`, or `None` when the expression is not one.
pub fn filters(query: &str) -> Option<BTreeMap<String, Vec<String>>> {
    let inner = query.trim().strip_prefix("events(")?.strip_suffix(')')?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let spaced = inner.replace(',', " and ");
    for word in spaced.split_whitespace() {
        if ["and", "or"].contains(&word.to_ascii_lowercase().as_str()) {
            continue;
        }
        if let Some((k, v)) = word.split_once('=') {
            let v = v.trim_matches('"').to_string();
            out.entry(k.trim().to_ascii_lowercase())
                .or_default()
                .push(v);
        }
    }
    Some(out)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// What event `e` says of `key`.
fn said(e: &Value, key: &str) -> Vec<String> {
    let tags = strings(&e["tags"]);
    match key {
        "type" | "severity" => {
            let mut v: Vec<String> = e["annotations"][key]
                .as_str()
                .map(str::to_string)
                .into_iter()
                .collect();
            v.extend(tags);
            v
        }
        "name" => e["name"].as_str().map(str::to_string).into_iter().collect(),
        "source" | "host" => strings(&e["hosts"]),
        "tag" => tags,
        _ => {
            let prefix = format!("{key}.");
            let mut v = strings(&e["dimensions"][key]);
            v.extend(
                tags.iter()
                    .filter_map(|t| t.strip_prefix(&prefix).map(str::to_string)),
            );
            v
        }
    }
}

/// Whether event `e` agrees with every key of the filters.
fn picked(e: &Value, filters: &BTreeMap<String, Vec<String>>) -> bool {
    filters.iter().all(|(k, wanted)| {
        let has = said(e, k);
        wanted.iter().any(|w| has.iter().any(|h| glob(w, h)))
    })
}

/// The `QueryResult` of an `events(…)` expression over `[start_ms, end_ms]`.
pub fn answer(
    state: &DemoState,
    name: Option<&String>,
    query: &str,
    filters: &BTreeMap<String, Vec<String>>,
    start_ms: i64,
    end_ms: i64,
) -> Value {
    let mut events: Vec<Value> = state.read_items("event", |all| {
        all.iter()
            .filter(|e| picked(e, filters) && overlaps(e, start_ms, end_ms))
            .map(query_event)
            .collect()
    });
    events.sort_by_key(|e| e["start"].as_i64().unwrap_or(0));
    json!({
        "name": name,
        "query": query,
        "timeseries": [],
        "events": events,
        "stats": {"keys": 0, "points": 0, "summaries": 0},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_group_alternatives_by_key() {
        let f = filters("events(type=deploy or type=alert, service=\"checkout\")").unwrap();
        assert_eq!(f["type"], ["deploy", "alert"]);
        assert_eq!(f["service"], ["checkout"]);
        assert_eq!(filters("ts(cpu)"), None);
    }

    #[test]
    fn an_event_is_picked_when_every_key_agrees() {
        let f = filters("events(type=deploy or type=alert, service=checkout)").unwrap();
        let deploy = json!({"name": "Deploy", "tags": ["deploy", "service.checkout"],
                            "annotations": {"type": "deploy"}});
        let other = json!({"name": "Deploy", "tags": ["service.cart"],
                           "annotations": {"type": "deploy"}});
        let config = json!({"name": "Config", "tags": ["service.checkout"],
                            "annotations": {"type": "config"}});
        assert!(picked(&deploy, &f));
        assert!(!picked(&other, &f), "another service");
        assert!(!picked(&config, &f), "another type");
    }
}
