//! A dashboard (spec `Dashboard`) read leniently into plain types for the player and for
//! `wf-tui dashboard queries`: sections → rows → charts → sources, the variables, the event
//! query and the default time window. Nothing the server sends fails the reading: a missing
//! or mistyped field is its default, an unknown enum value is kept as written.

pub mod chart;
pub mod dynamic;
pub mod favorite;
mod lenient;
pub mod queries;
pub mod settings;
pub mod variables;

use serde_json::Value;

use crate::api::chart::Window;
pub use chart::{Chart, QueryType, Source, Summarization};
pub use favorite::favorite_request;
use lenient::{flag, integer, list, text};
pub use settings::{ChartSettings, ChartType, ColorMap, DisplayValue};
pub use variables::{
    Bindings, Dynamic, DynamicField, Selection, Variable, VariableKind, default_bindings,
    substitute,
};

/// `heightFactor` when the row does not say: "100 is normal and default".
pub const DEFAULT_HEIGHT_FACTOR: u32 = 100;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dashboard {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub sections: Vec<Section>,
    /// `parameterDetails`, by `order`.
    pub variables: Vec<Variable>,
    pub event_query: Option<String>,
    pub event_filter: EventFilter,
    /// `defaultTimeWindow` as written (`"2h"`), and as a window when it reads as one.
    pub default_window_text: Option<String>,
    pub default_window: Option<Window>,
    /// `defaultStartTime`/`defaultEndTime` (epoch ms), a fixed span the dashboard opens on.
    pub default_span: Option<(i64, i64)>,
    pub favorite: bool,
    pub num_favorites: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub name: String,
    pub id: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// 100 is normal, 50 half height (kept within 1..=1000 so a layout cannot explode).
    pub height_factor: u32,
    pub charts: Vec<Chart>,
}

/// `eventFilterType`: which events the charts show. BYCHART when unspecified.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EventFilter {
    #[default]
    ByChart,
    Automatic,
    All,
    None,
    ByDashboard,
    ByChartAndDashboard,
    Other(String),
}

impl EventFilter {
    pub fn parse(s: &str) -> EventFilter {
        match s.trim() {
            "BYCHART" => EventFilter::ByChart,
            "AUTOMATIC" => EventFilter::Automatic,
            "ALL" => EventFilter::All,
            "NONE" => EventFilter::None,
            "BYDASHBOARD" => EventFilter::ByDashboard,
            "BYCHARTANDDASHBOARD" => EventFilter::ByChartAndDashboard,
            _ => EventFilter::Other(s.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            EventFilter::ByChart => "BYCHART",
            EventFilter::Automatic => "AUTOMATIC",
            EventFilter::All => "ALL",
            EventFilter::None => "NONE",
            EventFilter::ByDashboard => "BYDASHBOARD",
            EventFilter::ByChartAndDashboard => "BYCHARTANDDASHBOARD",
            EventFilter::Other(s) => s,
        }
    }

    /// Whether the dashboard's `eventQuery` is drawn on the charts.
    pub fn uses_event_query(&self) -> bool {
        matches!(
            self,
            EventFilter::ByDashboard | EventFilter::ByChartAndDashboard
        )
    }
}

/// `defaultTimeWindow` as the product writes it (`"2h"`, `"1d"`, `"1w"`, `"30m"`, `"2 hours"`).
pub fn parse_default_window(text: &str) -> Option<Window> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Window::parse(t).or_else(|| Window::parse(&t.replace(' ', "")))
}

impl Dashboard {
    /// Any JSON value; a non-object is an empty dashboard.
    pub fn read(v: &Value) -> Dashboard {
        let default_window_text = text(v, "defaultTimeWindow");
        let default_span = match (integer(v, "defaultStartTime"), integer(v, "defaultEndTime")) {
            (Some(s), Some(e)) if s < e => Some((s, e)),
            _ => None,
        };
        Dashboard {
            id: text(v, "id").or_else(|| text(v, "url")).unwrap_or_default(),
            name: text(v, "name").unwrap_or_default(),
            description: text(v, "description"),
            sections: list(v, "sections")
                .iter()
                .filter(|s| s.is_object())
                .map(Section::read)
                .collect(),
            variables: variables::read_variables(v.get("parameterDetails")),
            event_query: text(v, "eventQuery"),
            event_filter: text(v, "eventFilterType")
                .map(|f| EventFilter::parse(&f))
                .unwrap_or_default(),
            default_window: default_window_text
                .as_deref()
                .and_then(parse_default_window),
            default_window_text,
            default_span,
            favorite: flag(v, "favorite").unwrap_or(false),
            num_favorites: integer(v, "numFavorites"),
        }
    }

    /// Every chart with its place: (section, row, chart) indexes.
    pub fn charts(&self) -> impl Iterator<Item = ((usize, usize, usize), &Chart)> {
        self.sections.iter().enumerate().flat_map(|(s, section)| {
            section.rows.iter().enumerate().flat_map(move |(r, row)| {
                row.charts
                    .iter()
                    .enumerate()
                    .map(move |(c, chart)| ((s, r, c), chart))
            })
        })
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }
}

impl Section {
    fn read(v: &Value) -> Section {
        Section {
            name: text(v, "name").unwrap_or_default(),
            id: text(v, "id"),
            rows: list(v, "rows")
                .iter()
                .filter(|r| r.is_object())
                .map(Row::read)
                .collect(),
        }
    }
}

impl Row {
    fn read(v: &Value) -> Row {
        let height_factor = integer(v, "heightFactor")
            .filter(|h| *h > 0)
            .map_or(DEFAULT_HEIGHT_FACTOR, |h| h.clamp(1, 1000) as u32);
        Row {
            height_factor,
            charts: list(v, "charts")
                .iter()
                .filter(|c| c.is_object())
                .map(Chart::read)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_demo_dashboard_reads() {
        let items = crate::demo::collections::by_name("dashboard")
            .unwrap()
            .load(1_700_000_000_000);
        for item in &items {
            let d = Dashboard::read(item);
            assert_eq!(d.id, item["id"].as_str().unwrap());
            let charts = d.charts().count();
            assert_eq!(Some(charts as i64), item["numCharts"].as_i64(), "{}", d.id);
            if let Some(w) = &d.default_window_text {
                assert!(d.default_window.is_some(), "{}: {w}", d.id);
            }
        }
        let k8s = items
            .iter()
            .map(Dashboard::read)
            .find(|d| d.id == "k8s-cluster-overview")
            .unwrap();
        assert_eq!(k8s.variables.len(), 2);
        assert!(k8s.sections[0].rows.iter().all(|r| r.height_factor > 0));
    }

    #[test]
    fn windows_read_as_the_product_writes_them() {
        assert_eq!(
            parse_default_window("2h"),
            Some(Window::Last(2 * 3_600_000))
        );
        assert_eq!(parse_default_window("1d"), Some(Window::Day));
        assert_eq!(parse_default_window("1w"), Some(Window::Week));
        assert_eq!(parse_default_window("30m"), Some(Window::Last(1_800_000)));
        assert_eq!(
            parse_default_window("2 hours"),
            Some(Window::Last(7_200_000))
        );
        assert_eq!(parse_default_window("soon"), None);
        assert_eq!(parse_default_window(""), None);
    }

    #[test]
    fn a_hostile_dashboard_reads_as_defaults() {
        let d = Dashboard::read(&json!({
            "id": 5, "url": "u", "name": ["x"], "sections": [null, 3, {"rows": [
                {"heightFactor": -40, "charts": null},
                {"heightFactor": 9_000_000_000_i64, "charts": [{"name": "c"}]},
                {"charts": [{}]}
            ]}],
            "parameterDetails": "nope", "eventFilterType": "SOMETIMES",
            "defaultTimeWindow": "forever", "defaultStartTime": 10, "defaultEndTime": 5,
            "favorite": null, "numFavorites": 1e30
        }));
        assert_eq!(d.id, "u");
        assert_eq!(d.name, "");
        assert_eq!(d.sections.len(), 1);
        let rows = &d.sections[0].rows;
        assert_eq!(rows[0].height_factor, DEFAULT_HEIGHT_FACTOR);
        assert_eq!(rows[1].height_factor, 1000);
        assert_eq!(rows[2].charts.len(), 1);
        assert_eq!(d.event_filter, EventFilter::Other("SOMETIMES".into()));
        assert_eq!(d.default_window, None);
        assert_eq!(d.default_window_text.as_deref(), Some("forever"));
        assert_eq!(d.default_span, None);
        assert!(!d.favorite);
        assert!(d.variables.is_empty());
        assert_eq!(d.charts().count(), 2);
        assert_eq!(Dashboard::read(&json!(null)), Dashboard::default());
    }

    #[test]
    fn event_filters_read() {
        for name in [
            "BYCHART",
            "AUTOMATIC",
            "ALL",
            "NONE",
            "BYDASHBOARD",
            "BYCHARTANDDASHBOARD",
        ] {
            assert_eq!(EventFilter::parse(name).name(), name);
        }
        assert!(EventFilter::ByDashboard.uses_event_query());
        assert!(!EventFilter::ByChart.uses_event_query());
    }
}
