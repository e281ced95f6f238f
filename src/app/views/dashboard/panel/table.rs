//! Tables of series: `table` (each series' name, tags and value, in the server's order),
//! `top-k` (the highest values first, as many as the settings say) and `status-list` (a
//! coloured dot per series by the thresholds).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{Content, Renderer};
use crate::api::chart::Series;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

const VALUE_WIDTH: u16 = 12;

/// The rows a table panel lists: each series with its value, top-k sorted and cut.
fn rows<'a>(content: &Content<'a>, renderer: &Renderer) -> Vec<(&'a Series, Option<f64>)> {
    let look = content.look;
    let mut rows: Vec<(&Series, Option<f64>)> = content
        .series
        .iter()
        .map(|s| (s, look.stat.of(&s.points)))
        .collect();
    if *renderer == Renderer::TopK {
        rows.sort_by(|a, b| b.1.unwrap_or(f64::MIN).total_cmp(&a.1.unwrap_or(f64::MIN)));
        rows.truncate(look.top.unwrap_or(usize::MAX));
    }
    rows
}

/// How many rows a table panel lists, and how many fit in a body `height` lines high (a
/// table's header takes one; a status list has none).
pub fn extent(content: &Content, renderer: &Renderer, height: u16) -> (usize, usize) {
    let fit = match renderer {
        Renderer::StatusList => height,
        _ => height.saturating_sub(1),
    };
    (rows(content, renderer).len(), usize::from(fit))
}

/// The first row shown when the panel is scrolled by `scroll`: never past the last screenful.
pub fn first_row(scroll: usize, (rows, fit): (usize, usize)) -> usize {
    scroll.min(rows.saturating_sub(fit))
}

/// Draws the table from row `scroll` (kept within the rows; 0 is the top).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    content: &Content,
    renderer: &Renderer,
    scroll: usize,
    theme: &Theme,
) {
    let look = content.look;
    let mut rows = rows(content, renderer);
    let skip = first_row(scroll, extent(content, renderer, area.height));
    rows.drain(..skip);
    let name_width = area.width.saturating_sub(VALUE_WIDTH + 1) as usize;
    if *renderer == Renderer::StatusList {
        let lines: Vec<Line> = rows
            .iter()
            .map(|(s, v)| {
                let dot = v
                    .and_then(|v| look.color_of(v))
                    .map_or(theme.ok, |c| Style::new().fg(c));
                let value = v.map_or("—".into(), |v| look.value_text(v, false));
                let room = (area.width as usize).saturating_sub(3 + value.len());
                Line::from(vec![
                    Span::styled("● ", dot),
                    Span::raw(fit(&name(s), room).into_owned()),
                    Span::raw(" "),
                    Span::styled(value, theme.muted),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let body: Vec<Row> = rows
        .iter()
        .map(|(s, v)| {
            let value = v.map_or("—".into(), |v| look.value_text(v, false));
            let style = v
                .and_then(|v| look.color_of(v))
                .map_or(Style::new(), |c| Style::new().fg(c));
            Row::new(vec![
                Cell::from(fit(&name(s), name_width).into_owned()),
                Cell::from(value).style(style),
            ])
        })
        .collect();
    let header = Row::new(vec!["SERIES", "VALUE"]).style(theme.column_header);
    let widths = [Constraint::Min(4), Constraint::Length(VALUE_WIDTH)];
    frame.render_widget(Table::new(body, widths).header(header), area);
}

/// A series by its host (or label) and tags, sanitised.
fn name(s: &Series) -> String {
    let mut text = sanitize(s.host.as_deref().unwrap_or(&s.label)).into_owned();
    for (k, v) in &s.tags {
        text.push_str(&format!(" {}={}", sanitize(k), sanitize(v)));
    }
    text
}
