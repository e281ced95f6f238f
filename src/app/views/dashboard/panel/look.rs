//! What a panel's drawing needs of its chart, in the draw code's terms: which renderer, how a
//! value is written (units, log base), the axes' ranges and the single stat's thresholds.
//! Built from the dashboard model by the player; kept small so the renderers stay pure.

use ratatui::style::Color;

/// How a chart type is drawn in a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renderer {
    Line,
    Scatter,
    StackedArea,
    StackedColumn,
    /// `sparkline`: the single stat.
    SingleStat,
    Table,
    TopK,
    StatusList,
    Markdown,
    Gauge,
    /// A type a terminal does not draw (heatmap, pie, globe…) or one not known: its name.
    Unsupported(String),
}

impl Renderer {
    /// The renderer of a `chartSettings.type` as the server writes it; unknown types are kept.
    pub fn of_type(name: &str) -> Renderer {
        match name {
            "line" => Renderer::Line,
            "scatterplot" | "scatter" => Renderer::Scatter,
            "stacked-area" => Renderer::StackedArea,
            "stacked-column" => Renderer::StackedColumn,
            "sparkline" => Renderer::SingleStat,
            "table" => Renderer::Table,
            "top-k" => Renderer::TopK,
            "status-list" => Renderer::StatusList,
            "markdown-widget" => Renderer::Markdown,
            "gauge" => Renderer::Gauge,
            other => Renderer::Unsupported(other.to_string()),
        }
    }

    /// Whether the panel runs its sources' queries (a markdown widget has none to run).
    pub fn queries(&self) -> bool {
        !matches!(self, Renderer::Markdown | Renderer::Unsupported(_))
    }
}

/// Which value of a series a single stat, a gauge or a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stat {
    #[default]
    Last,
    First,
    Mean,
    Min,
    Max,
    Sum,
    Count,
}

impl Stat {
    /// `sparklineDisplayValueType` / `summarization` as the product writes them (`LAST`,
    /// `MEAN`, `AVG`…); unknown is the last value.
    pub fn parse(name: &str) -> Stat {
        match name.to_ascii_uppercase().as_str() {
            "FIRST" => Stat::First,
            "MEAN" | "AVG" | "AVERAGE" => Stat::Mean,
            "MIN" => Stat::Min,
            "MAX" => Stat::Max,
            "SUM" | "TOTAL" => Stat::Sum,
            "COUNT" => Stat::Count,
            _ => Stat::Last,
        }
    }

    pub fn of(self, points: &[(i64, f64)]) -> Option<f64> {
        let values = points.iter().map(|p| p.1);
        match self {
            Stat::Last => points.last().map(|p| p.1),
            Stat::First => points.first().map(|p| p.1),
            Stat::Mean => (!points.is_empty()).then(|| values.sum::<f64>() / points.len() as f64),
            Stat::Min => values.reduce(f64::min),
            Stat::Max => values.reduce(f64::max),
            Stat::Sum => (!points.is_empty()).then(|| values.sum()),
            Stat::Count => Some(points.len() as f64),
        }
    }
}

/// A panel's look.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Look {
    pub renderer: Option<Renderer>,
    pub units: Option<String>,
    /// A log-scale value axis in this base (the chart's `base`, when above 1).
    pub log_base: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The secondary (right) axis: its range and units.
    pub y1_min: Option<f64>,
    pub y1_max: Option<f64>,
    pub y1_units: Option<String>,
    pub stat: Stat,
    /// Threshold values, ascending, and the colours around them (one more colour than values:
    /// below the first, between each, above the last), as the single stat's colour map.
    pub thresholds: Vec<f64>,
    pub colors: Vec<Color>,
    pub precision: Option<usize>,
    pub prefix: String,
    pub postfix: String,
    pub markdown: String,
    /// Rows a top-k shows.
    pub top: Option<usize>,
}

impl Look {
    pub fn renderer(&self) -> Renderer {
        self.renderer.clone().unwrap_or(Renderer::Line)
    }

    /// The colour the thresholds give `value`, if any are set.
    pub fn color_of(&self, value: f64) -> Option<Color> {
        if self.colors.is_empty() {
            return None;
        }
        let band = self.thresholds.iter().take_while(|t| value >= **t).count();
        self.colors
            .get(band)
            .or_else(|| self.colors.last())
            .copied()
    }

    /// A value with its units in a few characters: `1.2k ms`; `decimal` places when set.
    pub fn value_text(&self, value: f64, secondary: bool) -> String {
        let number = self.number_text(value);
        let units = if secondary {
            self.y1_units.as_deref()
        } else {
            self.units.as_deref()
        };
        match units.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => format!("{number} {}", crate::text::sanitize(u)),
            None => number,
        }
    }

    /// A value alone: its decimal places when set, else in a few characters.
    pub fn number_text(&self, value: f64) -> String {
        match self.precision {
            Some(p) => format!("{value:.p$}", p = p.min(10)),
            None => crate::api::chart::short_value(value),
        }
    }

    /// The single stat's text: prefix, value, postfix (which stands for the units when set).
    pub fn stat_text(&self, value: f64) -> String {
        use crate::text::sanitize;
        let value = if self.postfix.trim().is_empty() {
            self.value_text(value, false)
        } else {
            self.number_text(value)
        };
        format!(
            "{}{value}{}",
            sanitize(&self.prefix),
            sanitize(&self.postfix)
        )
    }
}

/// A colour as the product writes it: `#rrggbb`, `#rgb`, `rgb(r,g,b)`, `rgba(r,g,b,a)`; `None`
/// for anything else.
pub fn parse_color(text: &str) -> Option<Color> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        // Sliced by bytes below: anything else than hex digits is no colour (and no panic).
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let full: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 | 8 => hex[..6].to_string(),
            _ => return None,
        };
        let v = u32::from_str_radix(&full, 16).ok()?;
        return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    let inner = text
        .strip_prefix("rgba(")
        .or_else(|| text.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<u8> = inner
        .split(',')
        .take(3)
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .ok()
                .map(|v| v.clamp(0.0, 255.0) as u8)
        })
        .collect::<Option<_>>()?;
    match parts[..] {
        [r, g, b] => Some(Color::Rgb(r, g, b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_colour_by_band() {
        let look = Look {
            thresholds: vec![50.0, 90.0],
            colors: vec![Color::Green, Color::Yellow, Color::Red],
            ..Look::default()
        };
        assert_eq!(look.color_of(10.0), Some(Color::Green));
        assert_eq!(look.color_of(50.0), Some(Color::Yellow));
        assert_eq!(look.color_of(95.0), Some(Color::Red));
        assert_eq!(Look::default().color_of(1.0), None);
    }

    #[test]
    fn colours_as_the_product_writes_them() {
        assert_eq!(parse_color("#ff0000"), Some(Color::Rgb(255, 0, 0)));
        assert_eq!(parse_color("#0f0"), Some(Color::Rgb(0, 255, 0)));
        assert_eq!(
            parse_color("rgba(1, 2, 300, 0.5)"),
            Some(Color::Rgb(1, 2, 255))
        );
        assert_eq!(parse_color("red"), None);
        assert_eq!(parse_color("rgb(1,2)"), None);
        // A server's text sliced by bytes: a multi-byte character is no colour, not a panic.
        assert_eq!(parse_color("#aaaaaé?"), None);
        assert_eq!(parse_color("#aé"), None);
        assert_eq!(parse_color("#ffffff80"), Some(Color::Rgb(255, 255, 255)));
    }

    #[test]
    fn stats_and_unknown_types() {
        let p = [(1, 1.0), (2, 3.0), (3, 2.0)];
        assert_eq!(Stat::parse("mean").of(&p), Some(2.0));
        assert_eq!(Stat::parse("MAX").of(&p), Some(3.0));
        assert_eq!(Stat::parse("weird").of(&p), Some(2.0));
        assert_eq!(Stat::Mean.of(&[]), None);
        assert_eq!(
            Renderer::of_type("sankey"),
            Renderer::Unsupported("sankey".into())
        );
        let look = Look {
            units: Some("ms".into()),
            prefix: "~".into(),
            precision: Some(1),
            ..Look::default()
        };
        assert_eq!(look.stat_text(12.34), "~12.3 ms");
        let postfix = Look {
            postfix: " ms!".into(),
            ..look
        };
        assert_eq!(
            postfix.stat_text(12.34),
            "~12.3 ms!",
            "the postfix stands for the units"
        );
    }
}
