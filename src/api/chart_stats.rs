//! A query's statistics (`QueryResult.stats`, the spec's `StatsModelInternalUse`): what it
//! scanned and what it cost, read leniently (any field may be missing; huge or fractional
//! numbers are kept as they come, rounded), and said in one line.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryStats {
    /// Series keys touched: the query's cardinality.
    pub keys: Option<f64>,
    /// Points scanned.
    pub points: Option<f64>,
    pub summaries: Option<f64>,
    pub compacted_points: Option<f64>,
    /// Milliseconds the server spent.
    pub latency: Option<f64>,
    pub cpu_ns: Option<f64>,
    pub metrics_used: Option<f64>,
    pub hosts_used: Option<f64>,
}

pub fn read(value: Option<&Value>) -> Option<QueryStats> {
    let obj = value?.as_object()?;
    let n = |key: &str| {
        obj.get(key)
            .and_then(|v| match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .filter(|v| v.is_finite())
    };
    let stats = QueryStats {
        keys: n("keys"),
        points: n("points"),
        summaries: n("summaries"),
        compacted_points: n("compacted_points"),
        latency: n("latency"),
        cpu_ns: n("cpu_ns"),
        metrics_used: n("metrics_used"),
        hosts_used: n("hosts_used"),
    };
    (stats != QueryStats::default()).then_some(stats)
}

fn short(v: f64) -> String {
    crate::format::short_value(v.round())
}

impl QueryStats {
    /// "12 series · 43k points scanned · 180 ms · cardinality 12 · 3 metrics, 4 sources".
    pub fn summary(&self, series: usize) -> String {
        let mut parts = vec![match series {
            1 => "1 series".to_string(),
            n => format!("{n} series"),
        }];
        let scanned = self
            .points
            .or(self.summaries)
            .map(|p| format!("{} points scanned", short(p)));
        parts.extend(scanned);
        parts.extend(
            self.compacted_points
                .filter(|c| *c > 0.0)
                .map(|c| format!("{} compacted", short(c))),
        );
        parts.extend(self.latency.map(|l| format!("{} ms", short(l))));
        parts.extend(
            self.cpu_ns
                .map(|c| format!("cpu {} ms", crate::format::short_value(c / 1e6))),
        );
        parts.extend(self.keys.map(|k| format!("cardinality {}", short(k))));
        let used: Vec<String> = [
            (self.metrics_used, "metric", "metrics"),
            (self.hosts_used, "source", "sources"),
        ]
        .into_iter()
        .filter_map(|(n, one, many)| {
            n.map(|n| format!("{} {}", short(n), if n == 1.0 { one } else { many }))
        })
        .collect();
        if !used.is_empty() {
            parts.push(used.join(", "));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_is_there_and_says_it() {
        let s = read(Some(&json!({
            "keys": 12, "points": 43_210, "latency": 180, "cpu_ns": 2_500_000,
            "metrics_used": 3, "hosts_used": "4", "summaries": null, "edges": "x"
        })))
        .unwrap();
        assert_eq!(
            s.summary(12),
            "12 series · 43.21k points scanned · 180 ms · cpu 2.5 ms · cardinality 12 · 3 metrics, 4 sources"
        );
        let huge = read(Some(&json!({"points": 1e30}))).unwrap();
        assert!(huge.summary(1).starts_with("1 series · "));
        assert_eq!(read(Some(&json!({}))), None);
        assert_eq!(read(Some(&json!("n/a"))), None);
        assert_eq!(read(None), None);
    }
}
