//! A dashboard's chart (spec `Chart`) and its sources (`ChartSourceQuery`), read leniently.

use serde_json::Value;

use super::lenient::{flag, integer, list, text};
use super::settings::ChartSettings;

/// `queryType`: the spec's WQL, PROMQL and HYBRID; anything else kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum QueryType {
    #[default]
    Wql,
    Promql,
    Hybrid,
    Other(String),
}

impl QueryType {
    pub fn parse(s: &str) -> QueryType {
        match s.trim().to_ascii_uppercase().as_str() {
            "WQL" => QueryType::Wql,
            "PROMQL" => QueryType::Promql,
            "HYBRID" => QueryType::Hybrid,
            _ => QueryType::Other(s.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            QueryType::Wql => "WQL",
            QueryType::Promql => "PROMQL",
            QueryType::Hybrid => "HYBRID",
            QueryType::Other(s) => s,
        }
    }
}

/// One query of a chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    pub name: String,
    /// As written, `${var}`s and all.
    pub query: String,
    pub query_type: QueryType,
    /// Disabled sources are kept (the player shows them greyed) and never run.
    pub disabled: bool,
    /// Plotted against the right-hand axis (`chartSettings.y1*`).
    pub secondary_axis: bool,
    /// `sourceColor` (`rgba(…)`), when set.
    pub color: Option<String>,
    pub description: Option<String>,
}

impl Source {
    fn read(v: &Value) -> Source {
        Source {
            name: text(v, "name").unwrap_or_default(),
            query: text(v, "query").unwrap_or_default(),
            query_type: text(v, "queryType")
                .map(|t| QueryType::parse(&t))
                .unwrap_or_default(),
            disabled: flag(v, "disabled").unwrap_or(false),
            secondary_axis: flag(v, "secondaryAxis").unwrap_or(false),
            color: text(v, "sourceColor"),
            description: text(v, "sourceDescription"),
        }
    }

    /// Whether it is run: enabled and with a query to run.
    pub fn runs(&self) -> bool {
        !self.disabled && !self.query.trim().is_empty()
    }
}

/// `summarization`: how points are summarised into buckets; MEAN when unset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Summarization {
    #[default]
    Mean,
    Median,
    Min,
    Max,
    Sum,
    Count,
    Last,
    First,
    Other(String),
}

impl Summarization {
    pub fn parse(s: &str) -> Summarization {
        match s.trim().to_ascii_uppercase().as_str() {
            "MEAN" => Summarization::Mean,
            "MEDIAN" => Summarization::Median,
            "MIN" => Summarization::Min,
            "MAX" => Summarization::Max,
            "SUM" => Summarization::Sum,
            "COUNT" => Summarization::Count,
            "LAST" => Summarization::Last,
            "FIRST" => Summarization::First,
            _ => Summarization::Other(s.to_string()),
        }
    }

    /// The API's `summarization` parameter of `chart/api`, when it has one.
    pub fn name(&self) -> &str {
        match self {
            Summarization::Mean => "MEAN",
            Summarization::Median => "MEDIAN",
            Summarization::Min => "MIN",
            Summarization::Max => "MAX",
            Summarization::Sum => "SUM",
            Summarization::Count => "COUNT",
            Summarization::Last => "LAST",
            Summarization::First => "FIRST",
            Summarization::Other(s) => s,
        }
    }
}

/// One panel of a dashboard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    pub name: String,
    pub description: Option<String>,
    pub units: Option<String>,
    /// The log-scale base (`None` or 1: linear).
    pub base: Option<i64>,
    pub summarization: Summarization,
    pub sources: Vec<Source>,
    pub settings: ChartSettings,
    /// `noDefaultEvents`: hide the events of the sources.
    pub no_default_events: bool,
    /// The chart as the server sent it (for `i`).
    pub raw: Value,
}

impl Chart {
    pub fn read(v: &Value) -> Chart {
        Chart {
            name: text(v, "name").unwrap_or_default(),
            description: text(v, "description"),
            units: text(v, "units"),
            base: integer(v, "base"),
            summarization: text(v, "summarization")
                .map(|s| Summarization::parse(&s))
                .unwrap_or_default(),
            sources: list(v, "sources")
                .iter()
                .filter(|s| s.is_object())
                .map(Source::read)
                .collect(),
            settings: ChartSettings::read(v.get("chartSettings")),
            no_default_events: flag(v, "noDefaultEvents").unwrap_or(false),
            raw: v.clone(),
        }
    }

    /// The sources that run, with their index among all sources.
    pub fn running_sources(&self) -> impl Iterator<Item = (usize, &Source)> {
        self.sources.iter().enumerate().filter(|(_, s)| s.runs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dashboard::settings::ChartType;
    use serde_json::json;

    #[test]
    fn a_fixture_chart_reads() {
        let c = Chart::read(&json!({
            "name": "GC pause", "units": "s", "base": 1, "summarization": "MAX",
            "sources": [
                {"name": "now", "query": "ts(a)", "queryType": "WQL"},
                {"name": "1w ago", "query": "lag(1w, ts(a))", "disabled": true,
                 "secondaryAxis": true, "sourceColor": "rgba(150,150,150,1)", "queryType": "PROMQL"}
            ],
            "chartSettings": {"type": "stacked-column"}
        }));
        assert_eq!(c.name, "GC pause");
        assert_eq!(c.summarization, Summarization::Max);
        assert_eq!(c.settings.kind, ChartType::StackedColumn);
        assert_eq!(c.sources.len(), 2);
        assert!(c.sources[1].disabled && c.sources[1].secondary_axis);
        assert_eq!(c.sources[1].query_type, QueryType::Promql);
        assert_eq!(c.sources[1].color.as_deref(), Some("rgba(150,150,150,1)"));
        assert_eq!(c.running_sources().map(|(i, _)| i).collect::<Vec<_>>(), [0]);
        assert_eq!(c.raw["units"], "s");
    }

    #[test]
    fn a_hostile_chart_is_still_a_chart() {
        let c = Chart::read(
            &serde_json::from_str(
                r#"{"name": null, "sources": null, "summarization": "P99", "base": 1e400,
                    "chartSettings": null}"#,
            )
            .unwrap(),
        );
        assert_eq!(c.name, "");
        assert!(c.sources.is_empty());
        assert_eq!(c.summarization, Summarization::Other("P99".into()));
        assert_eq!(c.base, None);
        assert_eq!(c.settings.kind, ChartType::Line);
        let odd = Chart::read(&json!({"sources": [7, {"query": "  "}, {"queryType": "SQL"}]}));
        assert_eq!(odd.sources.len(), 2);
        assert_eq!(odd.sources[1].query_type, QueryType::Other("SQL".into()));
        assert_eq!(odd.running_sources().count(), 0);
        assert_eq!(Chart::read(&json!("not an object")).sources.len(), 0);
    }
}
