//! The `events` of the stand-in's chart answers (`autoEvents=true`): the product returns the
//! events of the sources a query charts. The stand-in's series are made up (`api-01`), so no
//! event names their hosts; an event "touches" the query instead when nothing it says
//! contradicts the query's filters: an alert firing when one of its series is of the query's
//! metric and agrees with the filters (so an alert's chart shows the alert's own firings), a
//! fixture event (a deploy, a maintenance) when its hosts, `service.x`/`env.y` tags and
//! dimensions agree with one filter at least and contradict none (a query for `service=cart`
//! shows the deploys of `cart`, not those of `search`, nor of nothing said). The rest of the
//! fixture's events come with the event list (`v` in a chart). All of it over the window, in
//! the `QueryEvent` model.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::state::DemoState;

/// How far before the window firings are looked for (a firing that began before it and runs
/// into it is drawn too).
const LOOKBACK_MS: i64 = 24 * 3_600_000;

/// The query's metric and `key=value` filters, as the stand-in reads them.
pub struct Touch {
    metric: String,
    filters: Vec<(String, String)>,
}

impl Touch {
    pub fn new(metric: String, filters: Vec<(String, String)>) -> Self {
        Self { metric, filters }
    }

    /// How many of the filters what an event or series says of their key (`None`: nothing)
    /// agrees with; `None` when it contradicts one.
    fn agreed(&self, says: impl Fn(&str) -> Option<Vec<String>>) -> Option<usize> {
        let mut agreed = 0;
        for (k, wanted) in &self.filters {
            if let Some(values) = says(k) {
                if !values.iter().any(|v| glob(wanted, v)) {
                    return None;
                }
                agreed += 1;
            }
        }
        Some(agreed)
    }

    /// A firing's series (`SourceLabelPair`) of an alert whose own query filters by
    /// `alert_filters`: of the metric, its host, tags and the alert's filters agreeing (so the
    /// firings of `queue="auth.*"` are not on a chart of `queue="pricing.*"`).
    fn series(&self, s: &Value, alert_filters: &[(String, String)]) -> bool {
        let says = |k: &str| {
            let own = match k {
                "source" | "host" => s["host"].as_str(),
                _ => s["tags"][k].as_str(),
            };
            let said: Vec<String> = own
                .into_iter()
                .map(str::to_string)
                .chain(
                    alert_filters
                        .iter()
                        .filter(|(ak, _)| ak == k)
                        .map(|(_, v)| v.clone()),
                )
                .collect();
            (!said.is_empty()).then_some(said)
        };
        s["label"].as_str() == Some(self.metric.as_str()) && self.agreed(says).is_some()
    }

    /// A fixture `Event`: its hosts, dimensions and `key.value` tags agreeing with the filters,
    /// on one of them at least (an event that says nothing of the query is not of its sources).
    fn event(&self, e: &Value) -> bool {
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let agreed = self.agreed(|k| {
            let values: Vec<String> = match k {
                "source" | "host" => strings(&e["hosts"]),
                _ => {
                    let prefix = format!("{k}.");
                    let mut v = strings(&e["dimensions"][k]);
                    v.extend(
                        strings(&e["tags"])
                            .iter()
                            .filter_map(|t| t.strip_prefix(&prefix).map(str::to_string)),
                    );
                    v
                }
            };
            (!values.is_empty()).then_some(values)
        });
        agreed.is_some_and(|n| n > 0)
    }
}

/// `pricing.*` matches `pricing.orders`; `*` anything; otherwise equal, case aside.
pub(super) fn glob(pattern: &str, value: &str) -> bool {
    let (p, v) = (pattern.to_ascii_lowercase(), value.to_ascii_lowercase());
    match p.split_once('*') {
        Some((head, tail)) => v.starts_with(head) && v[head.len()..].ends_with(tail),
        None => p == v,
    }
}

/// An `Event` as a chart answer gives it: a `QueryEvent`.
pub(super) fn query_event(e: &Value) -> Value {
    let mut q = json!({
        "name": e["name"],
        "start": e["startTime"],
        "tags": e.get("annotations").cloned().unwrap_or_else(|| json!({})),
        "hosts": e.get("hosts").cloned().unwrap_or_else(|| json!([])),
        "summarized": e["summarizedEvents"].as_i64().unwrap_or(0),
        "isEphemeral": false,
    });
    if let Some(end) = e["endTime"].as_i64() {
        q["end"] = json!(end);
    }
    q
}

pub(super) fn overlaps(e: &Value, start_ms: i64, end_ms: i64) -> bool {
    let start = e["startTime"].as_i64().unwrap_or(i64::MAX);
    let end = e["endTime"].as_i64().unwrap_or(i64::MAX);
    start <= end_ms && end >= start_ms
}

/// The filters of the alert's own query: its display expression's, else its condition's.
fn alert_filters(alert: &Value) -> Vec<(String, String)> {
    ["displayExpression", "condition"]
        .iter()
        .find_map(|k| alert[k].as_str().and_then(super::chart::first_series))
        .map(|(_, filters)| filters)
        .unwrap_or_default()
}

/// The events of `[start_ms, end_ms]` that touch the query, by start.
///
/// This runs for every chart answer, so it does only what the answer needs: the firings of
/// the alerts whose series can be of the query's metric (no other touches it), the stored
/// alerts of those firings only (their live state is not part of an event), and the fixture
/// events of the window.
pub fn events(state: &DemoState, touch: &Touch, start_ms: i64, end_ms: i64) -> Vec<Value> {
    let now = state.now_ms();
    let firings = state.schedule().all_firings_labelled(
        &touch.metric,
        start_ms.saturating_sub(LOOKBACK_MS),
        end_ms,
        now,
    );
    let alerts: HashMap<String, Value> = if firings.is_empty() {
        HashMap::new()
    } else {
        state.read_items("alert", |alerts| {
            alerts
                .iter()
                .filter_map(|a| {
                    let id = a["id"].as_str()?;
                    firings
                        .iter()
                        .any(|f| f.alert_id == id)
                        .then(|| (id.to_string(), a.clone()))
                })
                .collect()
        })
    };
    let firings = firings.into_iter().filter_map(|f| {
        let alert = alerts.get(&f.alert_id)?;
        let filters = alert_filters(alert);
        f.series
            .iter()
            .any(|s| touch.series(s, &filters))
            .then(|| f.event(alert))
    });
    let fixture: Vec<Value> = state.read_items("event", |events| {
        events
            .iter()
            .filter(|e| overlaps(e, start_ms, end_ms) && touch.event(e))
            .cloned()
            .collect()
    });
    let mut out: Vec<Value> = firings
        .filter(|e| overlaps(e, start_ms, end_ms))
        .chain(fixture)
        .map(|e| query_event(&e))
        .collect();
    out.sort_by_key(|e| e["start"].as_i64().unwrap_or(0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(metric: &str, filters: &[(&str, &str)]) -> Touch {
        Touch::new(
            metric.into(),
            filters
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_series_touches_a_query_of_its_metric_that_its_tags_agree_with() {
        let s =
            json!({"label": "cpu", "host": "web-01", "tags": {"env": "prod", "service": "cart"}});
        let none: &[(String, String)] = &[];
        assert!(touch("cpu", &[]).series(&s, none));
        assert!(
            touch("cpu", &[("env", "prod"), ("role", "api")]).series(&s, none),
            "role unsaid"
        );
        assert!(touch("cpu", &[("service", "CA*")]).series(&s, none));
        assert!(!touch("cpu", &[("service", "search")]).series(&s, none));
        assert!(!touch("cpu", &[("host", "web-02")]).series(&s, none));
        assert!(!touch("mem", &[]).series(&s, none));
        // What the alert's own query filters by counts as said.
        let auth = [("queue".to_string(), "auth.*".to_string())];
        assert!(!touch("cpu", &[("queue", "pricing.*")]).series(&s, &auth));
        assert!(touch("cpu", &[("queue", "auth.*")]).series(&s, &auth));
    }

    #[test]
    fn an_event_touches_a_query_its_tags_and_dimensions_agree_with() {
        let e = json!({"tags": ["deploy", "service.cart", "env.prod"], "hosts": ["web-01"],
                       "dimensions": {"region": ["us-east-1"]}});
        assert!(!touch("anything", &[]).event(&e), "nothing in common");
        assert!(
            !touch("x", &[("queue", "q1")]).event(&e),
            "nothing in common"
        );
        assert!(touch("x", &[("service", "cart"), ("queue", "q1")]).event(&e));
        assert!(touch("x", &[("region", "us-*")]).event(&e));
        assert!(!touch("x", &[("env", "staging")]).event(&e));
        assert!(!touch("x", &[("source", "db-01")]).event(&e));
        assert!(touch("x", &[("source", "web-01")]).event(&e));
    }

    /// The events as they were first worked out (every alert copied with its live state,
    /// every alert's firings made): what the cheaper [`events`] must still answer.
    fn events_as_written(
        state: &DemoState,
        touch: &Touch,
        start_ms: i64,
        end_ms: i64,
    ) -> Vec<Value> {
        let now = state.now_ms();
        let alerts: HashMap<String, Value> = state
            .items("alert")
            .into_iter()
            .filter_map(|a| Some((a["id"].as_str()?.to_string(), a)))
            .collect();
        let firings = state
            .schedule()
            .all_firings(start_ms.saturating_sub(LOOKBACK_MS), end_ms, now)
            .into_iter()
            .filter_map(|f| {
                let alert = alerts.get(&f.alert_id)?;
                let filters = alert_filters(alert);
                f.series
                    .iter()
                    .any(|s| touch.series(s, &filters))
                    .then(|| f.event(alert))
            });
        let fixture: Vec<Value> = state.read_items("event", |events| {
            events.iter().filter(|e| touch.event(e)).cloned().collect()
        });
        let mut out: Vec<Value> = firings
            .chain(fixture)
            .filter(|e| overlaps(e, start_ms, end_ms))
            .map(|e| query_event(&e))
            .collect();
        out.sort_by_key(|e| e["start"].as_i64().unwrap_or(0));
        out
    }

    #[test]
    fn the_cheaper_events_are_the_events_as_written() {
        let state = DemoState::new(
            &crate::demo::DemoOptions::default(),
            crate::demo::DemoCredentials::generate(),
        );
        let now = state.now_ms();
        // Every alert's own query, the 24-panel dashboard's, and a few that touch nothing.
        // (A dozen alerts: the old way is slow in a debug build.)
        let mut queries: Vec<String> = state.read_items("alert", |alerts| {
            alerts
                .iter()
                .step_by(5)
                .flat_map(|a| {
                    ["displayExpression", "condition"].map(|k| a[k].as_str().map(str::to_string))
                })
                .flatten()
                .collect()
        });
        queries.extend(
            [
                "ts(cpu.usage.percentage, env=prod and service=checkout)",
                "ts(http.server.requests.count, service=cart)",
                "ts(nothing.here)",
                "ts(x, source=web-01)",
            ]
            .map(str::to_string),
        );
        let mut found = 0;
        for q in &queries {
            let Some((metric, filters)) = crate::demo::chart::first_series(q) else {
                continue;
            };
            let touch = Touch::new(metric, filters);
            for span in [3_600_000, 86_400_000, 7 * 86_400_000] {
                let (a, b) = (
                    events(&state, &touch, now - span, now),
                    events_as_written(&state, &touch, now - span, now),
                );
                assert_eq!(a, b, "{q} over {span} ms");
                found += a.len();
            }
        }
        assert!(found > 20, "the comparison saw events ({found})");
    }

    #[test]
    fn events_become_query_events() {
        let e = json!({"name": "n", "startTime": 5, "endTime": 9, "annotations": {"type": "deploy"},
                       "hosts": ["h"], "tags": ["t"], "id": "x"});
        assert_eq!(
            query_event(&e),
            json!({"name": "n", "start": 5, "tags": {"type": "deploy"}, "hosts": ["h"],
                   "summarized": 0, "isEphemeral": false, "end": 9})
        );
        let ongoing = json!({"name": "n", "startTime": 5});
        assert!(query_event(&ongoing).get("end").is_none());
        assert!(overlaps(&ongoing, 100, 200) && !overlaps(&ongoing, 0, 4));
    }
}
