//! A dashboard chart's look, read from the model for the panel renderers.

use super::panel::{Look, Renderer, Stat, parse_color};
use crate::api::dashboard::Chart;

/// How many rows a top-k shows when its settings do not say.
const TOP_K_DEFAULT: usize = 10;

pub fn look_of(chart: &Chart) -> Look {
    let s = &chart.settings;
    let map = s.color_map();
    // A colour the terminal cannot show (a name, a typo) is the theme's: the bands stay.
    let colors = map
        .colors
        .iter()
        .map(|c| parse_color(c).unwrap_or(ratatui::style::Color::Reset))
        .collect();
    // The value shown: the chart's summarization when it is set, else the last point.
    let stat = chart
        .raw
        .get("summarization")
        .and_then(serde_json::Value::as_str)
        .map_or(Stat::Last, Stat::parse);
    Look {
        renderer: Some(Renderer::of_type(s.kind.name())),
        units: chart.units.clone(),
        log_base: chart.base.filter(|b| *b > 1).map(|b| b as f64),
        min: s.min(),
        max: s.max(),
        y1_min: s.y1_min(),
        y1_max: s.y1_max(),
        y1_units: s.y1_units(),
        stat,
        thresholds: map.thresholds,
        colors,
        precision: s.decimal_precision().map(|p| p as usize),
        prefix: s.prefix().unwrap_or_default(),
        postfix: s.postfix().unwrap_or_default(),
        markdown: s.markdown().unwrap_or_default(),
        top: Some(s.num_tags().map_or(TOP_K_DEFAULT, |n| n.max(1) as usize))
            .filter(|_| s.kind.name() == "top-k"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_charts_settings_become_its_look() {
        let chart = Chart::read(&json!({
            "name": "p99", "units": "ms", "base": 10,
            "sources": [{"name": "a", "query": "ts(x)"}],
            "chartSettings": {
                "type": "sparkline", "min": 0, "max": 100,
                "sparklineValueColorMapValuesV2": [50, 90],
                "sparklineValueColorMapColors": ["#00ff00", "rgba(255,255,0,1)", "nonsense"],
                "sparklineDisplayPostfix": "!"
            }
        }));
        let look = look_of(&chart);
        assert_eq!(look.renderer, Some(Renderer::SingleStat));
        assert_eq!(look.log_base, Some(10.0));
        assert_eq!((look.min, look.max), (Some(0.0), Some(100.0)));
        assert_eq!(
            look.color_of(10.0),
            Some(ratatui::style::Color::Rgb(0, 255, 0))
        );
        assert_eq!(look.color_of(95.0), Some(ratatui::style::Color::Reset));
        assert_eq!(look.stat, Stat::Last);
        assert_eq!(look.postfix, "!");
        let unknown = look_of(&Chart::read(&json!({"chartSettings": {"type": "sankey"}})));
        assert_eq!(
            unknown.renderer,
            Some(Renderer::Unsupported("sankey".into()))
        );
    }
}
