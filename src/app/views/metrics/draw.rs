//! The metrics tree drawn: a title with the prefix, one line a row (namespaces `▸`/`▾`,
//! metrics, their sources with when they last reported and their point tags), the selected
//! row highlighted and kept in view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{MetricsView, Row};
use crate::app::drawn::Drawn;
use crate::app::state::State;
use crate::text::sanitize;
use crate::theme::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &MetricsView,
    state: &State,
    theme: &Theme,
) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let rows = view.rows(&state.query_cache.known.metrics);
    let root = if view.root.is_empty() {
        "all"
    } else {
        &view.root
    };
    let loading = if view.is_loading() {
        "  loading…"
    } else {
        ""
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("Metrics › {}", sanitize(root)), theme.title),
            Span::styled(format!("  {} rows{loading}", rows.len()), theme.muted),
        ])),
        title_area,
    );
    let height = body.height.max(1) as usize;
    let selected = view.selected.min(rows.len().saturating_sub(1));
    let first = selected.saturating_sub(height - 1);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, row)| {
            let mut line = row_line(row, state.now_ms, theme);
            if i == selected {
                line = line.patch_style(theme.selected);
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
    let depth = state.stack.len() - 1;
    Drawn::new(frame.area().as_size(), depth, area).with_rows(body, first, Vec::new())
}

fn row_line(row: &Row, now_ms: i64, theme: &Theme) -> Line<'static> {
    let indent = |d: usize| "  ".repeat(d);
    match row {
        Row::Namespace { name, depth, open } => Line::from(vec![
            Span::raw(indent(*depth)),
            Span::styled(if *open { "▾ " } else { "▸ " }, theme.muted),
            Span::styled(sanitize(name).into_owned(), theme.accent),
        ]),
        Row::Metric { name, depth, open } => Line::from(vec![
            Span::raw(indent(*depth)),
            Span::styled(if *open { "▾ " } else { "  " }, theme.muted),
            Span::styled(sanitize(name).into_owned(), theme.json_key),
        ]),
        Row::Source { source, depth, .. } => {
            let when = source.last_update.map_or("never".to_string(), |t| {
                crate::format::relative_time(t, now_ms)
            });
            let tags: Vec<String> = source
                .tags
                .iter()
                .map(|(k, v)| format!("{}={}", sanitize(k), sanitize(v)))
                .collect();
            Line::from(vec![
                Span::raw(indent(*depth)),
                Span::styled("· ", theme.muted),
                Span::styled(sanitize(&source.host).into_owned(), theme.json_string),
                Span::styled(format!("  {when}  "), theme.muted),
                Span::styled(tags.join(" "), theme.accent),
            ])
        }
        Row::Note { text, depth } => Line::from(vec![
            Span::raw(indent(*depth + 1)),
            Span::styled(sanitize(text).into_owned(), theme.muted),
        ]),
    }
}
