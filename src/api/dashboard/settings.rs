//! A chart's `chartSettings`: kept as the server sent it, with typed reads of what a panel
//! renderer needs. The spec's `ChartSettings` has 60-odd fields; only the ones a terminal can
//! honour are read, the rest stay in [`ChartSettings::raw`].

use std::fmt;

use serde_json::Value;

use super::lenient::{flag, integer, number, numbers, strings, text};

/// `chartSettings.type`, the spec's enum; a value it does not list is kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ChartType {
    /// The spec's default when nothing says otherwise (the product draws a line plot).
    #[default]
    Line,
    Scatterplot,
    ScatterplotXy,
    StackedArea,
    StackedColumn,
    Table,
    TopK,
    StatusList,
    Sparkline,
    MarkdownWidget,
    Gauge,
    Heatmap,
    Histogram,
    Pie,
    Globe,
    Nodemap,
    Other(String),
}

impl ChartType {
    pub fn parse(s: &str) -> ChartType {
        match s.trim() {
            "line" => ChartType::Line,
            "scatterplot" => ChartType::Scatterplot,
            "scatterplot-xy" => ChartType::ScatterplotXy,
            "stacked-area" => ChartType::StackedArea,
            "stacked-column" => ChartType::StackedColumn,
            "table" => ChartType::Table,
            "top-k" => ChartType::TopK,
            "status-list" => ChartType::StatusList,
            "sparkline" => ChartType::Sparkline,
            "markdown-widget" => ChartType::MarkdownWidget,
            "gauge" => ChartType::Gauge,
            "heatmap" => ChartType::Heatmap,
            "histogram" => ChartType::Histogram,
            "pie" => ChartType::Pie,
            "globe" => ChartType::Globe,
            "nodemap" => ChartType::Nodemap,
            _ => ChartType::Other(s.to_string()),
        }
    }

    /// The name as the product writes it (an unknown one as the server wrote it).
    pub fn name(&self) -> &str {
        match self {
            ChartType::Line => "line",
            ChartType::Scatterplot => "scatterplot",
            ChartType::ScatterplotXy => "scatterplot-xy",
            ChartType::StackedArea => "stacked-area",
            ChartType::StackedColumn => "stacked-column",
            ChartType::Table => "table",
            ChartType::TopK => "top-k",
            ChartType::StatusList => "status-list",
            ChartType::Sparkline => "sparkline",
            ChartType::MarkdownWidget => "markdown-widget",
            ChartType::Gauge => "gauge",
            ChartType::Heatmap => "heatmap",
            ChartType::Histogram => "histogram",
            ChartType::Pie => "pie",
            ChartType::Globe => "globe",
            ChartType::Nodemap => "nodemap",
            ChartType::Other(s) => s,
        }
    }

    /// Whether the chart runs queries at all (a markdown widget only shows its text).
    pub fn queries(&self) -> bool {
        !matches!(self, ChartType::MarkdownWidget)
    }
}

impl fmt::Display for ChartType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `sparklineDisplayValueType`: show the value, or the query's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisplayValue {
    Value,
    Label,
    Other(String),
}

/// The single stat's thresholds: `colors[i]` applies from `thresholds[i - 1]` (inclusive) up
/// to `thresholds[i]`; the spec says there is one more colour than thresholds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColorMap {
    pub thresholds: Vec<f64>,
    pub colors: Vec<String>,
}

impl ColorMap {
    /// The colour for `value` (`rgba(…)` as the server wrote it). Lists of the wrong lengths
    /// still answer: the last colour covers every value past the known thresholds.
    pub fn color_for(&self, value: f64) -> Option<&str> {
        if self.colors.is_empty() || !value.is_finite() {
            return None;
        }
        let band = self.thresholds.iter().filter(|t| value >= **t).count();
        self.colors
            .get(band.min(self.colors.len() - 1))
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.colors.is_empty()
    }
}

/// `chartSettings` as sent, with its type read once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartSettings {
    pub kind: ChartType,
    pub raw: Value,
}

impl ChartSettings {
    /// Any JSON: a missing or unreadable `type` is a line plot, as the product draws it.
    pub fn read(raw: Option<&Value>) -> ChartSettings {
        let raw = raw
            .filter(|v| v.is_object())
            .cloned()
            .unwrap_or(Value::Null);
        let kind = raw
            .get("type")
            .and_then(Value::as_str)
            .map(ChartType::parse)
            .unwrap_or_default();
        ChartSettings { kind, raw }
    }

    fn text(&self, key: &str) -> Option<String> {
        text(&self.raw, key)
    }

    /// The left axis' bounds (`None`: auto).
    pub fn min(&self) -> Option<f64> {
        number(&self.raw, "min")
    }
    pub fn max(&self) -> Option<f64> {
        number(&self.raw, "max")
    }
    /// The right (secondary) axis' bounds and units.
    pub fn y1_min(&self) -> Option<f64> {
        number(&self.raw, "y1Min")
    }
    pub fn y1_max(&self) -> Option<f64> {
        number(&self.raw, "y1Max")
    }
    pub fn y1_units(&self) -> Option<String> {
        self.text("y1Units")
    }
    /// `lineType` (`linear`, `step-after`…), `stackType` (`zero`, `expand`…), as written.
    pub fn line_type(&self) -> Option<String> {
        self.text("lineType")
    }
    pub fn stack_type(&self) -> Option<String> {
        self.text("stackType")
    }

    /// The single stat's (and the gauge's) colour thresholds: `sparklineValueColorMapValuesV2`
    /// and `…ColorMapColors`; the deprecated integer `sparklineValueColorMapValues` when V2 is
    /// absent.
    pub fn color_map(&self) -> ColorMap {
        let mut thresholds = numbers(&self.raw, "sparklineValueColorMapValuesV2");
        if thresholds.is_empty() {
            thresholds = numbers(&self.raw, "sparklineValueColorMapValues");
        }
        ColorMap {
            thresholds,
            colors: strings(&self.raw, "sparklineValueColorMapColors"),
        }
    }
    /// `sparklineValueColorMapApplyTo`: `TEXT` or `BACKGROUND`, as written.
    pub fn color_applies_to(&self) -> Option<String> {
        self.text("sparklineValueColorMapApplyTo")
    }
    /// The single stat's text map: the text for a value (same banding as [`ColorMap`]).
    pub fn text_for(&self, value: f64) -> Option<String> {
        let texts = strings(&self.raw, "sparklineValueTextMapText");
        let thresholds = numbers(&self.raw, "sparklineValueTextMapThresholds");
        if texts.is_empty() || !value.is_finite() {
            return None;
        }
        let band = thresholds.iter().filter(|t| value >= **t).count();
        texts.get(band.min(texts.len() - 1)).cloned()
    }
    pub fn display_value_type(&self) -> Option<DisplayValue> {
        self.text("sparklineDisplayValueType")
            .map(|s| match s.as_str() {
                "VALUE" => DisplayValue::Value,
                "LABEL" => DisplayValue::Label,
                _ => DisplayValue::Other(s),
            })
    }
    /// Digits after the point (capped: a hostile 10^9 must not allocate a huge string).
    pub fn decimal_precision(&self) -> Option<u32> {
        integer(&self.raw, "sparklineDecimalPrecision")
            .and_then(|p| u32::try_from(p.clamp(0, 12)).ok())
    }
    pub fn prefix(&self) -> Option<String> {
        self.text("sparklineDisplayPrefix")
    }
    pub fn postfix(&self) -> Option<String> {
        self.text("sparklineDisplayPostfix")
    }
    /// `sparklineSize`: where the sparkline goes (`BACKGROUND`, `BOTTOM`, `NONE`).
    pub fn sparkline_size(&self) -> Option<String> {
        self.text("sparklineSize")
    }
    /// The markdown widget's text: `plainMarkdownContent` (the spec says to use it), else the
    /// older `markdownContent`.
    pub fn markdown(&self) -> Option<String> {
        self.text("plainMarkdownContent")
            .or_else(|| self.text("markdownContent"))
    }

    /// Tables (`table`, `top-k`, `status-list`): which point tags to show (`all`, `top`,
    /// `custom`), how many, and which for `custom`.
    pub fn tag_mode(&self) -> Option<String> {
        self.text("tagMode")
    }
    pub fn num_tags(&self) -> Option<u32> {
        integer(&self.raw, "numTags").and_then(|n| u32::try_from(n.clamp(0, 1000)).ok())
    }
    pub fn custom_tags(&self) -> Vec<String> {
        strings(&self.raw, "customTags")
    }
    pub fn show_hosts(&self) -> bool {
        flag(&self.raw, "showHosts").unwrap_or(true)
    }
    pub fn show_labels(&self) -> bool {
        flag(&self.raw, "showLabels").unwrap_or(true)
    }
    pub fn show_raw_values(&self) -> bool {
        flag(&self.raw, "showRawValues").unwrap_or(false)
    }
    pub fn sort_values_descending(&self) -> bool {
        flag(&self.raw, "sortValuesDescending").unwrap_or(false)
    }
    pub fn group_by_source(&self) -> bool {
        flag(&self.raw, "groupBySource").unwrap_or(false)
    }
    /// `windowing` `last` with `windowSize` minutes: a table of the last minutes only.
    pub fn last_minutes(&self) -> Option<i64> {
        (self.text("windowing").as_deref() == Some("last"))
            .then(|| integer(&self.raw, "windowSize"))
            .flatten()
            .filter(|m| *m > 0)
    }
    pub fn fixed_legend(&self) -> bool {
        flag(&self.raw, "fixedLegendEnabled").unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_spec_type_reads_and_unknown_ones_are_kept() {
        for name in [
            "line",
            "scatterplot",
            "stacked-area",
            "stacked-column",
            "table",
            "scatterplot-xy",
            "markdown-widget",
            "sparkline",
            "globe",
            "nodemap",
            "top-k",
            "status-list",
            "histogram",
            "heatmap",
            "gauge",
            "pie",
        ] {
            let t = ChartType::parse(name);
            assert!(!matches!(t, ChartType::Other(_)), "{name}");
            assert_eq!(t.name(), name);
        }
        assert_eq!(ChartType::parse("radar"), ChartType::Other("radar".into()));
        assert_eq!(ChartType::parse("radar").name(), "radar");
        let none = ChartSettings::read(None);
        assert_eq!(none.kind, ChartType::Line);
        assert_eq!(
            ChartSettings::read(Some(&json!({"type": 7}))).kind,
            ChartType::Line
        );
        assert_eq!(ChartSettings::read(Some(&json!("x"))).raw, Value::Null);
    }

    #[test]
    fn color_thresholds_band_values() {
        let s = ChartSettings::read(Some(&json!({
            "type": "sparkline",
            "sparklineValueColorMapValuesV2": [50, 90],
            "sparklineValueColorMapColors": ["green", "yellow", "red"],
        })));
        let map = s.color_map();
        assert_eq!(map.color_for(10.0), Some("green"));
        assert_eq!(map.color_for(50.0), Some("yellow"));
        assert_eq!(map.color_for(95.0), Some("red"));
        assert_eq!(map.color_for(f64::NAN), None);
        // Too few colours: the last one covers the rest.
        let short = ColorMap {
            thresholds: vec![1.0, 2.0, 3.0],
            colors: vec!["a".into()],
        };
        assert_eq!(short.color_for(99.0), Some("a"));
        assert_eq!(ColorMap::default().color_for(1.0), None);
    }

    #[test]
    fn hostile_settings_read_as_defaults() {
        let s = ChartSettings::read(Some(&json!({
            "type": "sparkline", "min": "oops", "max": null, "y1Max": 1e300,
            "sparklineDecimalPrecision": 1_000_000_000, "numTags": -5,
            "showHosts": "yes", "sparklineValueColorMapValues": [10],
            "sparklineValueColorMapColors": ["a", "b"], "sparklineDisplayValueType": "EMOJI",
            "windowing": "last", "windowSize": 5, "plainMarkdownContent": "",
            "markdownContent": "# old",
        })));
        assert_eq!(s.min(), None);
        assert_eq!(s.max(), None);
        assert_eq!(s.y1_max(), Some(1e300));
        assert_eq!(s.decimal_precision(), Some(12));
        assert_eq!(s.num_tags(), Some(0));
        assert!(s.show_hosts());
        assert_eq!(s.color_map().color_for(11.0), Some("b"));
        assert_eq!(
            s.display_value_type(),
            Some(DisplayValue::Other("EMOJI".into()))
        );
        assert_eq!(s.last_minutes(), Some(5));
        assert_eq!(s.markdown().as_deref(), Some("# old"));
    }
}
