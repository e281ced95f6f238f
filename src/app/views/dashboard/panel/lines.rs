//! Line, scatter and stacked panels, drawn by the chart view's own plot
//! ([`crate::app::views::chart::draw::axis_chart`]): sources on the secondary axis are scaled
//! into the primary's range and read on a right-hand scale; a log base draws logarithms; the
//! dashboard's events are marked on the time axis.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{GraphType, Paragraph};

use super::{Content, Renderer};
use crate::api::chart::Series;
use crate::app::views::chart::draw::{
    Axes, PALETTE, axis_chart, line_datasets, pad_bounds, series_points,
};
use crate::app::views::chart::events;
use crate::format::Times;
use crate::theme::Theme;

/// The colour of the panel's series `i`: its source's own (`sourceColor`), else the palette's
/// by position (the zoom's legend and numbers read the same).
pub fn series_color(colors: &[Option<Color>], i: usize) -> Color {
    colors
        .get(i)
        .copied()
        .flatten()
        .unwrap_or(PALETTE[i % PALETTE.len()])
}

/// The widest the right-hand scale gets.
const RIGHT_SCALE: u16 = 12;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    content: &Content,
    renderer: &Renderer,
    times: &Times,
    theme: &Theme,
) -> Option<Rect> {
    let look = content.look;
    let log = look.log_base.filter(|b| *b > 1.0);
    let stacked = matches!(renderer, Renderer::StackedArea | Renderer::StackedColumn);
    // Each side keeps its series' positions in the panel: a series' colour is its position's
    // (or its source's own), as in the zoom's legend, whichever side it is drawn on.
    let mut primary: Vec<&Series> = Vec::new();
    let mut secondary: Vec<&Series> = Vec::new();
    let mut primary_at: Vec<usize> = Vec::new();
    let mut secondary_at: Vec<usize> = Vec::new();
    for (i, series) in content.series.iter().enumerate() {
        if !stacked && content.secondary.get(i).copied().unwrap_or(false) {
            secondary.push(series);
            secondary_at.push(i);
        } else {
            primary.push(series);
            primary_at.push(i);
        }
    }
    let primary: Vec<Series> = if stacked {
        stack(&primary)
    } else {
        primary.into_iter().cloned().collect()
    };
    let scale = |v: f64| match log {
        Some(b) if v > 0.0 => v.log(b),
        Some(_) => 0.0,
        None => v,
    };
    let mut points = series_points(&primary);
    points.iter_mut().flatten().for_each(|p| p.1 = scale(p.1));
    let lo_hi = |pts: &[Vec<(f64, f64)>]| {
        pts.iter()
            .flatten()
            .map(|p| p.1)
            .fold(None, |acc: Option<(f64, f64)>, v| {
                Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
    };
    let data = lo_hi(&points);
    let fixed_lo = look.min.map(scale);
    let fixed_hi = look.max.map(scale);
    let (mut lo, mut hi) = pad_bounds(data.unwrap_or((0.0, 1.0)));
    if stacked {
        lo = lo.min(0.0);
    }
    lo = fixed_lo.unwrap_or(lo);
    hi = fixed_hi.unwrap_or(hi).max(lo + f64::EPSILON);

    // The secondary series, mapped from their own range into the primary's.
    let mut right = series_points(&secondary.iter().map(|s| (*s).clone()).collect::<Vec<_>>());
    let right_range = (!right.is_empty()).then(|| {
        let (a, b) = pad_bounds(lo_hi(&right).unwrap_or((0.0, 1.0)));
        let a = look.y1_min.unwrap_or(a);
        let b = look.y1_max.unwrap_or(b).max(a + f64::EPSILON);
        (a, b)
    });
    if let Some((a, b)) = right_range {
        right
            .iter_mut()
            .flatten()
            .for_each(|p| p.1 = lo + (p.1 - a) / (b - a) * (hi - lo));
    }

    let (graph, marker) = match renderer {
        Renderer::Scatter => (GraphType::Scatter, Marker::Dot),
        Renderer::StackedArea => (GraphType::Area, Marker::Braille),
        Renderer::StackedColumn => (GraphType::Bar, Marker::Braille),
        _ => (GraphType::Line, Marker::Braille),
    };
    // Stacks are drawn top layer first, so each lower layer paints over the fill below it.
    let order: Vec<usize> = if stacked {
        (0..points.len()).rev().collect()
    } else {
        (0..points.len()).collect()
    };
    let ordered: Vec<Vec<(f64, f64)>> = order.iter().map(|i| points[*i].clone()).collect();
    let colors: Vec<_> = order
        .iter()
        .map(|i| series_color(content.colors, primary_at[*i]))
        .collect();
    let mut datasets = line_datasets(&ordered, &colors, graph, marker);
    if stacked {
        datasets = datasets.into_iter().map(|d| d.fill_to_y(lo)).collect();
    }
    let right_colors: Vec<_> = secondary_at
        .iter()
        .map(|at| series_color(content.colors, *at))
        .collect();
    datasets.extend(line_datasets(
        &right,
        &right_colors,
        GraphType::Line,
        Marker::Braille,
    ));

    let label = |v: f64| {
        let v = match log {
            Some(b) => b.powf(v),
            None => v,
        };
        // A narrow panel's axis keeps its room for the plot: the units are in the title bar.
        if area.width >= 40 {
            look.value_text(v, false)
        } else {
            look.number_text(v)
        }
    };
    let (from, to) = content.window;
    let axes = Axes {
        x: (from.div_euclid(1000), to.div_euclid(1000)),
        span_ms: to - from,
        y: (lo, hi),
        y_label: &label,
        // The plot's rows less the time axis' two: a middle label needs five to sit apart.
        y_middle: area.height >= 7,
        // Three times need room apart: `00:00` labels and a gap between each.
        x_middle: area.width >= 36,
    };
    let plot_area = match right_range {
        Some(_) if area.width > RIGHT_SCALE + 10 => Rect {
            width: area.width - RIGHT_SCALE,
            ..area
        },
        _ => area,
    };
    frame.render_widget(axis_chart(datasets, &axes, times, theme), plot_area);
    let plot = events::find_plot(frame.buffer_mut(), plot_area)?;
    let (x0, x1) = (axes.x.0 * 1000, axes.x.1 * 1000);
    let marks = events::layout(content.events, x0, x1, plot.width);
    events::draw_marks(frame.buffer_mut(), plot, &marks, theme);
    if let (Some((a, b)), true) = (right_range, plot_area.width < area.width) {
        draw_right_scale(frame, area, plot, (a, b), content, theme);
    }
    Some(plot)
}

/// The secondary axis's top, middle and bottom values beside the plot.
fn draw_right_scale(
    frame: &mut Frame,
    area: Rect,
    plot: Rect,
    (a, b): (f64, f64),
    content: &Content,
    theme: &Theme,
) {
    let x = area.right() - RIGHT_SCALE + 1;
    let rows = [
        (plot.y, b),
        (plot.y + plot.height / 2, (a + b) / 2.0),
        (plot.bottom().saturating_sub(1), a),
    ];
    for (y, v) in rows {
        let text = content.look.value_text(v, true);
        let rect = Rect::new(x, y, RIGHT_SCALE - 1, 1);
        frame.render_widget(
            Paragraph::new(Line::styled(
                crate::text::fit(&text, rect.width as usize).into_owned(),
                theme.muted,
            )),
            rect,
        );
    }
}

/// The series stacked: at every time any of them has, each is the sum of itself and those
/// before it (a series without a point there adds nothing).
pub fn stack(series: &[&Series]) -> Vec<Series> {
    let mut times: Vec<i64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    times.sort_unstable();
    times.dedup();
    let mut below = vec![0.0; times.len()];
    series
        .iter()
        .map(|s| {
            let points = times
                .iter()
                .zip(below.iter_mut())
                .map(|(t, sum)| {
                    if let Ok(i) = s.points.binary_search_by_key(t, |p| p.0) {
                        *sum += s.points[i].1;
                    }
                    (*t, *sum)
                })
                .collect();
            Series {
                points,
                ..(*s).clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[(i64, f64)]) -> Series {
        Series {
            label: "s".into(),
            host: None,
            tags: Vec::new(),
            points: points.to_vec(),
        }
    }

    #[test]
    fn stacks_add_up_over_every_time() {
        let a = series(&[(1, 1.0), (2, 2.0)]);
        let b = series(&[(2, 10.0), (3, 5.0)]);
        let s = stack(&[&a, &b]);
        assert_eq!(s[0].points, [(1, 1.0), (2, 2.0), (3, 0.0)]);
        assert_eq!(s[1].points, [(1, 1.0), (2, 12.0), (3, 5.0)]);
    }
}
