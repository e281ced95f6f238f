//! Every source of every chart with its variables filled in: what the player runs and what
//! `wf-tui dashboard queries` prints.

use super::variables::{Bindings, substitute};
use super::{ChartType, Dashboard};

/// Where a source sits in its dashboard: indexes of section, row, chart and source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub section: usize,
    pub row: usize,
    pub chart: usize,
    pub source: usize,
}

/// One source's query, filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedQuery {
    pub place: Place,
    pub section: String,
    pub chart: String,
    pub chart_type: ChartType,
    pub source: String,
    /// As written in the dashboard.
    pub template: String,
    /// With the variables filled in.
    pub query: String,
    pub query_type: String,
    pub disabled: bool,
    pub secondary_axis: bool,
    /// `${names}` no variable is bound to (left as written in `query`).
    pub unknown: Vec<String>,
}

impl PlannedQuery {
    /// Whether the player runs it: enabled, not empty, and of a chart that queries.
    pub fn runs(&self) -> bool {
        !self.disabled && !self.query.trim().is_empty() && self.chart_type.queries()
    }
}

/// Every source of every chart, in the dashboard's order, disabled ones included.
pub fn plan(dashboard: &Dashboard, bindings: &Bindings) -> Vec<PlannedQuery> {
    let mut out = Vec::new();
    for ((s, r, c), chart) in dashboard.charts() {
        for (i, source) in chart.sources.iter().enumerate() {
            let filled = substitute(&source.query, bindings);
            out.push(PlannedQuery {
                place: Place {
                    section: s,
                    row: r,
                    chart: c,
                    source: i,
                },
                section: dashboard.sections[s].name.clone(),
                chart: chart.name.clone(),
                chart_type: chart.settings.kind.clone(),
                source: source.name.clone(),
                template: source.query.clone(),
                query: filled.query,
                query_type: source.query_type.name().to_string(),
                disabled: source.disabled,
                secondary_axis: source.secondary_axis,
                unknown: filled.unknown,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dashboard::default_bindings;
    use serde_json::json;

    #[test]
    fn sources_are_planned_in_order_with_variables_filled() {
        let d = Dashboard::read(&json!({
            "id": "d", "name": "D",
            "parameterDetails": {"env": {"parameterType": "SIMPLE", "defaultValue": "prod"}},
            "sections": [
                {"name": "A", "rows": [{"charts": [
                    {"name": "c0", "sources": [
                        {"name": "s0", "query": "ts(m, env=${env})"},
                        {"name": "s1", "query": "ts(m, x=${x})", "disabled": true}
                    ]},
                    {"name": "md", "chartSettings": {"type": "markdown-widget"},
                     "sources": [{"name": "m", "query": "ts(z)"}]}
                ]}]},
                {"name": "B", "rows": [{"charts": [{"name": "empty", "sources": []}]}]}
            ]
        }));
        let p = plan(&d, &default_bindings(&d.variables));
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].query, "ts(m, env=prod)");
        assert!(p[0].runs());
        assert_eq!(p[1].unknown, ["x"]);
        assert!(!p[1].runs());
        assert!(!p[2].runs(), "a markdown widget runs no query");
        assert_eq!(
            p[2].place,
            Place {
                section: 0,
                row: 0,
                chart: 1,
                source: 0
            }
        );
    }
}
