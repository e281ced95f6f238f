//! The single stat (`sparkline`): one number, big in the block font when the panel has room
//! (plain otherwise), in its threshold's colour, over the series' sparkline.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};

use super::{Content, digits};
use crate::text::fit;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, content: &Content, theme: &Theme) {
    let look = content.look;
    let Some(series) = content.series.iter().find(|s| !s.points.is_empty()) else {
        return;
    };
    let Some(value) = look.stat.of(&series.points) else {
        return;
    };
    let style = match look.color_of(value) {
        Some(c) => Style::new().fg(c),
        None => theme.accent,
    }
    .add_modifier(Modifier::BOLD);
    let number = look.number_text(value);
    let big = digits::render(&number)
        .filter(|_| digits::width(&number) <= area.width as usize && area.height > digits::HEIGHT);
    let text_rows = if big.is_some() { digits::HEIGHT + 1 } else { 1 };
    let spark_rows = area.height.saturating_sub(text_rows).min(area.height / 2);
    let [_, text_area, spark_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(text_rows),
        Constraint::Length(spark_rows),
    ])
    .areas(area);
    let width = area.width as usize;
    let is_big = big.is_some();
    let mut lines: Vec<Line> = match big {
        Some(rows) => rows.into_iter().map(|r| Line::styled(r, style)).collect(),
        None => vec![Line::styled(
            fit(&look.stat_text(value), width).into_owned(),
            style,
        )],
    };
    if is_big {
        // The number is drawn big; its prefix, units and postfix below in plain text.
        let plain = look.stat_text(value);
        lines.push(Line::styled(fit(&plain, width).into_owned(), theme.muted));
    }
    frame.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center),
        text_area,
    );
    if spark_rows > 0 {
        let data = spark_data(&series.points, spark_area.width as usize);
        frame.render_widget(
            Sparkline::default().data(&data).style(theme.accent),
            spark_area,
        );
    }
}

/// The points as the sparkline's whole numbers, averaged into at most `width` columns: shifted
/// so the lowest is 0, scaled to 0..=1000.
fn spark_data(points: &[(i64, f64)], width: usize) -> Vec<u64> {
    let width = width.max(1);
    let values: Vec<f64> = if points.len() > width {
        (0..width)
            .map(|c| {
                let (a, b) = (c * points.len() / width, (c + 1) * points.len() / width);
                let bucket = &points[a..b.max(a + 1)];
                bucket.iter().map(|p| p.1).sum::<f64>() / bucket.len() as f64
            })
            .collect()
    } else {
        points.iter().map(|p| p.1).collect()
    };
    let points: Vec<(i64, f64)> = values.into_iter().map(|v| (0, v)).collect();
    let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let span = (hi - lo).max(f64::EPSILON);
    points
        .iter()
        .map(|p| (((p.1 - lo) / span) * 1000.0).round() as u64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_data_spans_the_range() {
        assert_eq!(
            spark_data(&[(1, 5.0), (2, 10.0), (3, 7.5)], 10),
            [0, 1000, 500]
        );
        assert_eq!(spark_data(&[(1, 3.0)], 10), [0]);
        let many: Vec<(i64, f64)> = (0..100).map(|i| (i, i as f64)).collect();
        assert_eq!(spark_data(&many, 4).len(), 4);
    }
}
