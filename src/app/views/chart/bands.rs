//! What an alert's chart draws over its series: the firing's span, shaded (`░` in the empty
//! cells, `━` on the time axis), and each severity's threshold as a dotted line, with a key line
//! naming them. A plain chart has none; the alert viewer fills them in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::{Dataset, GraphType};

use crate::api::alert_firings::severity_rank;
use crate::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bands {
    /// The firing shown, shaded.
    pub span: Option<Span>,
    /// Thresholds, drawn across the chart.
    pub levels: Vec<Level>,
    /// What could not be drawn, said in the key line (a condition that is no comparison).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub start_ms: i64,
    /// Where the shade ends: the firing's end, or now while it goes on.
    pub end_ms: i64,
    pub ongoing: bool,
    pub severity: Option<String>,
}

/// One severity's threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub severity: String,
    /// The comparison as written: `> 14`.
    pub label: String,
    pub value: f64,
}

/// The colour a severity is drawn in, wherever it shows (unknown ones muted).
pub fn severity_style(severity: &str, theme: &Theme) -> Style {
    match severity_rank(severity) {
        Some(4) => theme.error,
        Some(3) => theme.warn,
        Some(2) => theme.json_number,
        Some(1) => theme.accent,
        _ => theme.muted,
    }
}

impl Bands {
    pub fn is_empty(&self) -> bool {
        self.span.is_none() && self.levels.is_empty() && self.notes.is_empty()
    }

    /// The value axis widened (and padded again) to hold every threshold.
    pub fn widen(&self, (lo, hi): (f64, f64)) -> (f64, f64) {
        let values = self.levels.iter().map(|l| l.value);
        let (min, max) = values.fold((lo, hi), |(a, b), v| (a.min(v), b.max(v)));
        if (min, max) == (lo, hi) {
            return (lo, hi);
        }
        let pad = (max - min) * 0.05;
        (
            if min < lo { min - pad } else { lo },
            if max > hi { max + pad } else { hi },
        )
    }

    /// Each threshold's dots, one per column over `[x0, x1]` (epoch seconds, the chart's x).
    pub fn level_points(&self, x0: i64, x1: i64, columns: u16) -> Vec<Vec<(f64, f64)>> {
        let n = f64::from(columns.max(1));
        let step = (x1 - x0) as f64 / n;
        self.levels
            .iter()
            .map(|l| {
                (0..columns.max(1))
                    .map(|i| (x0 as f64 + (f64::from(i) + 0.5) * step, l.value))
                    .collect()
            })
            .collect()
    }

    /// The thresholds as datasets over `points` (from [`Bands::level_points`]).
    pub fn datasets<'a>(&self, points: &'a [Vec<(f64, f64)>], theme: &Theme) -> Vec<Dataset<'a>> {
        self.levels
            .iter()
            .zip(points)
            .map(|(l, p)| {
                Dataset::default()
                    .marker(Marker::Braille)
                    .graph_type(GraphType::Scatter)
                    .style(severity_style(&l.severity, theme))
                    .data(p)
            })
            .collect()
    }

    /// `░ the firing (ongoing) · ┈ SEVERE > 14 · ┈ WARN > 12`, and what was not drawn.
    pub fn key_line(&self, theme: &Theme) -> Option<Line<'static>> {
        if self.is_empty() {
            return None;
        }
        let mut spans = Vec::new();
        if let Some(s) = &self.span {
            let style = s
                .severity
                .as_deref()
                .map_or(theme.muted, |sev| severity_style(sev, theme));
            spans.push(TextSpan::styled("░ ", style));
            spans.push(TextSpan::styled(
                if s.ongoing {
                    "the firing (ongoing)"
                } else {
                    "the firing"
                },
                theme.muted,
            ));
        }
        for l in &self.levels {
            if !spans.is_empty() {
                spans.push(TextSpan::styled(" · ", theme.muted));
            }
            let style = severity_style(&l.severity, theme);
            spans.push(TextSpan::styled("┈ ", style));
            spans.push(TextSpan::styled(
                format!(
                    "{} {}",
                    crate::text::sanitize(&l.severity.to_ascii_uppercase()),
                    crate::text::sanitize(&l.label)
                ),
                style,
            ));
        }
        for n in &self.notes {
            if !spans.is_empty() {
                spans.push(TextSpan::styled(" · ", theme.muted));
            }
            spans.push(TextSpan::styled(
                crate::text::sanitize(n).into_owned(),
                theme.warn,
            ));
        }
        Some(Line::from(spans))
    }
}

/// Shades the span on a chart just drawn in `area` over `[x0, x1]` (epoch seconds): its
/// columns' empty cells get `░`, its stretch of the time axis `━`. The plot is found by the
/// axes' corner, so the shade lines up with the series whatever the labels' widths.
pub fn shade(buf: &mut Buffer, area: Rect, bands: &Bands, x0: i64, x1: i64, theme: &Theme) {
    let Some(span) = &bands.span else { return };
    let Some((corner_x, corner_y)) = corner(buf, area) else {
        return;
    };
    let left = corner_x + 1;
    let width = area.right().saturating_sub(left);
    if width == 0 || x1 <= x0 {
        return;
    }
    let (start, end) = (span.start_ms.div_euclid(1000), span.end_ms.div_euclid(1000));
    if end < x0 || start > x1 {
        return;
    }
    let (first, last) = (column(start, x0, x1, width), column(end, x0, x1, width));
    let axis_style = span
        .severity
        .as_deref()
        .map_or(theme.muted, |s| severity_style(s, theme));
    for col in first..=last {
        let x = left + col;
        for y in area.top()..corner_y {
            let cell = &mut buf[(x, y)];
            if cell.symbol() == " " {
                cell.set_symbol("░").set_style(theme.muted);
            }
        }
        buf[(x, corner_y)].set_symbol("━").set_style(axis_style);
    }
}

/// The axes' corner (`└`) of a chart drawn in `area`.
fn corner(buf: &Buffer, area: Rect) -> Option<(u16, u16)> {
    (area.top()..area.bottom())
        .rev()
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "└")
}

/// The plot column of time `t` (seconds) as the chart's canvas places it (two braille dots a
/// cell), clamped to the plot.
fn column(t: i64, x0: i64, x1: i64, width: u16) -> u16 {
    let dots = f64::from(width) * 2.0;
    let at = ((t - x0) as f64 * (dots - 1.0) / (x1 - x0) as f64).floor();
    let col = (at / 2.0).floor();
    col.clamp(0.0, f64::from(width - 1)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(sev: &str, value: f64) -> Level {
        Level {
            severity: sev.into(),
            label: format!("> {value}"),
            value,
        }
    }

    #[test]
    fn thresholds_widen_the_value_axis() {
        let b = Bands {
            levels: vec![level("severe", 14.0), level("info", 2.0)],
            ..Default::default()
        };
        let (lo, hi) = b.widen((5.0, 10.0));
        assert!(lo < 2.0 && hi > 14.0, "{lo} {hi}");
        assert_eq!(Bands::default().widen((5.0, 10.0)), (5.0, 10.0));
        let inside = Bands {
            levels: vec![level("warn", 7.0)],
            ..Default::default()
        };
        assert_eq!(inside.widen((5.0, 10.0)), (5.0, 10.0));
    }

    #[test]
    fn level_points_run_across_the_window() {
        let b = Bands {
            levels: vec![level("warn", 3.0)],
            ..Default::default()
        };
        let points = b.level_points(0, 100, 10);
        assert_eq!(points[0].len(), 10);
        assert_eq!(points[0][0], (5.0, 3.0));
        assert_eq!(points[0][9], (95.0, 3.0));
    }

    #[test]
    fn columns_follow_the_canvas_and_clamp() {
        assert_eq!(column(0, 0, 100, 10), 0);
        assert_eq!(column(100, 0, 100, 10), 9);
        assert_eq!(column(50, 0, 100, 10), 4);
        assert_eq!(column(-500, 0, 100, 10), 0);
        assert_eq!(column(9_999, 0, 100, 10), 9);
    }

    #[test]
    fn the_key_line_names_span_levels_and_notes() {
        let theme = Theme::default();
        assert!(Bands::default().key_line(&theme).is_none());
        let b = Bands {
            span: Some(Span {
                start_ms: 0,
                end_ms: 1,
                ongoing: true,
                severity: Some("severe".into()),
            }),
            levels: vec![level("severe", 14.0)],
            notes: vec!["warn: no comparison".into()],
        };
        let text: String = b
            .key_line(&theme)
            .unwrap()
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(
            text,
            "░ the firing (ongoing) · ┈ SEVERE > 14 · warn: no comparison"
        );
    }
}
