//! Charts that agree with the alerts: a query that is an alert's display expression (or its
//! condition) gets series that cross the alert's threshold while it fires, by the schedule of
//! [`super::firings`], and stay under it otherwise. Without this the alert viewer of the demo
//! showed a firing shaded over a flat line far below its thresholds.

use serde_json::Value;

use super::chart::first_series;
use super::state::DemoState;

/// The alert a query charts, and the levels its series follow.
struct Shape {
    alert_id: String,
    /// Where a firing series goes, by severity (from the alert's conditions).
    levels: Vec<(String, f64)>,
    /// Where every series stays outside firings: under the lowest threshold.
    calm: f64,
}

/// Reshapes `result`'s series (`timeseries[].data`) when its query is an alert's.
pub fn follow_firings(state: &DemoState, query: &str, result: &mut Value, now_ms: i64) {
    let Some(shape) = shape_of(state, query) else {
        return;
    };
    let Some(series) = result["timeseries"].as_array_mut() else {
        return;
    };
    let Some((from, to)) = window(series) else {
        return;
    };
    let firings = state
        .schedule()
        .firings(&shape.alert_id, from - 86_400_000, to, now_ms);
    let over = |t_ms: i64| {
        firings
            .iter()
            .find(|f| f.start_ms <= t_ms && f.end_ms.is_none_or(|e| t_ms < e))
            .map(|f| {
                shape
                    .levels
                    .iter()
                    .find(|(s, _)| s.eq_ignore_ascii_case(&f.severity))
                    .or(shape.levels.first())
                    .map_or(shape.calm, |(_, v)| *v)
            })
    };
    for (i, s) in series.iter_mut().enumerate() {
        let Some(data) = s["data"].as_array_mut() else {
            continue;
        };
        let top = data
            .iter()
            .filter_map(|p| p[1].as_f64())
            .fold(f64::MIN, f64::max)
            .max(f64::MIN_POSITIVE);
        for point in data.iter_mut() {
            let (Some(t), Some(v)) = (point[0].as_i64(), point[1].as_f64()) else {
                continue;
            };
            // The shape of the series stays (its daily cycle and noise), scaled under the line.
            let wobble = v / top;
            let value = match over(t * 1000) {
                // The first two series fire; the rest stay calm, as real failing series are few.
                Some(level) if i < 2 => level * (1.04 + 0.12 * wobble),
                _ => shape.calm * (0.55 + 0.4 * wobble),
            };
            point[1] = Value::from((value * 1000.0).round() / 1000.0);
        }
    }
}

/// The first and last times of the series, in epoch milliseconds.
fn window(series: &[Value]) -> Option<(i64, i64)> {
    let times = series
        .iter()
        .filter_map(|s| s["data"].as_array())
        .flatten()
        .filter_map(|p| p[0].as_i64());
    let (lo, hi) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    (lo <= hi).then_some((lo * 1000, hi * 1000))
}

fn shape_of(state: &DemoState, query: &str) -> Option<Shape> {
    let charted = first_series(query)?;
    // Only stored fields are read: no need for the alert's live state.
    let alert = state.read_items("alert", |alerts| {
        alerts
            .iter()
            .find(|a| {
                ["displayExpression", "condition"]
                    .iter()
                    .filter_map(|k| a[*k].as_str())
                    // Its metric is in its text: most expressions are passed over unread.
                    .filter(|e| e.contains(charted.0.as_str()))
                    .any(|e| first_series(e).as_ref() == Some(&charted))
            })
            .cloned()
    })?;
    let mut levels: Vec<(String, f64)> = match alert["conditions"].as_object() {
        Some(conditions) => conditions
            .iter()
            .filter_map(|(sev, c)| Some((sev.to_ascii_uppercase(), threshold(c.as_str()?)?)))
            .collect(),
        None => Vec::new(),
    };
    if levels.is_empty() {
        let severity = alert["severity"].as_str().unwrap_or("WARN").to_string();
        levels.push((severity, threshold(alert["condition"].as_str()?)?));
    }
    let lowest = levels.iter().map(|(_, v)| *v).fold(f64::MAX, f64::min);
    Some(Shape {
        alert_id: alert["id"].as_str()?.to_string(),
        levels,
        calm: lowest * 0.8,
    })
}

/// The number a condition compares with, when it is `… > N` (or `>=`): the demo's own alerts
/// are written so; anything else is not reshaped.
fn threshold(condition: &str) -> Option<f64> {
    let (_, right) = condition.rsplit_once('>')?;
    let n: f64 = right.trim_start_matches('=').trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_read_from_simple_comparisons_only() {
        assert_eq!(threshold("ts(a) > 14"), Some(14.0));
        assert_eq!(threshold("ts(a) >= 0.5"), Some(0.5));
        assert_eq!(threshold("ts(a) < 3"), None);
        assert_eq!(threshold("ts(a) > ts(b)"), None);
    }

    fn peak(state: &DemoState, query: &str, from: i64, to: i64) -> f64 {
        let q = [
            ("q", query.to_string()),
            ("s", from.to_string()),
            ("e", to.to_string()),
            ("g", "m".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let mut result = crate::demo::chart::answer(&q, to).unwrap();
        follow_firings(state, query, &mut result, to);
        result["timeseries"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["data"].as_array().unwrap().clone())
            .filter_map(|p| p[1].as_f64())
            .fold(f64::MIN, f64::max)
    }

    /// The viewer's chart of a firing threshold alert showed its span over a line far below
    /// the thresholds; now the series cross the line while it fires and stay under it before.
    #[test]
    fn an_alerts_chart_crosses_its_threshold_while_it_fires() {
        let state = DemoState::new(
            &crate::demo::DemoOptions::default(),
            crate::demo::DemoCredentials::generate(),
        );
        let now = state.now_ms();
        let firing = state
            .items("alert")
            .into_iter()
            .find(|a| {
                a["alertType"] == "THRESHOLD"
                    && a["status"].to_string().contains("FIRING")
                    && state
                        .schedule()
                        .current(a["id"].as_str().unwrap(), now)
                        .is_some()
            })
            .expect("a firing threshold alert");
        let expression = firing["displayExpression"].as_str().unwrap();
        let since = state
            .schedule()
            .current(firing["id"].as_str().unwrap(), now)
            .unwrap()
            .start_ms;
        let lowest = firing["conditions"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|c| threshold(c.as_str()?))
            .fold(f64::MAX, f64::min);
        assert!(peak(&state, expression, since + 60_000, now) > lowest);
        // Before the firing, calm (the firing before it ended well before: 0.76 of a period).
        assert!(peak(&state, expression, since - 20 * 60_000, since - 60_000) < lowest);
    }
}
