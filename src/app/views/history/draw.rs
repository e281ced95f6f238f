//! `:history`: the requests sent, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::{HistoryView, RequestLog};
use crate::app::State;
use crate::app::drawn::Drawn;
use crate::format::{count, relative_time};
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// Draws the requests and says which is on which line.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    view: &HistoryView,
    theme: &Theme,
) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let log = &state.history;
    let shown = view.shown(log);
    let title = title_line(log, view, shown.len(), theme);
    frame.render_widget(title, title_area);
    let lines = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1).max(1),
        ..body
    };
    let drawn = Drawn::top(frame, state, area);
    if shown.is_empty() {
        let empty = if log.entries.is_empty() {
            "no requests yet"
        } else {
            "no request matches (esc clears the filter; a shows the auto-refresh requests)"
        };
        frame.render_widget(Paragraph::new(empty).style(theme.muted), body);
        return drawn.with_rows(lines, view.offset, Vec::new());
    }
    let widths = [
        Constraint::Length(9),
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(9),
    ];
    let path_width = body.width.saturating_sub(9 + 6 + 6 + 8 + 9 + 5) as usize;
    let header =
        Row::new(["WHEN", "METHOD", "PATH", "STATUS", "TIME", "SIZE"]).style(theme.column_header);
    let height = body.height.saturating_sub(1) as usize;
    let rows = shown
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(height)
        .map(|(i, e)| {
            let (status, style) = match e.status {
                Some(s) if s < 400 => (s.to_string(), theme.ok),
                Some(s) => (s.to_string(), theme.error),
                None => ("—".to_string(), theme.error),
            };
            let mut path = e.label();
            path.drain(..e.method.len() + 1);
            let row = Row::new(vec![
                ratatui::widgets::Cell::from(relative_time(e.at_ms, state.now_ms)),
                ratatui::widgets::Cell::from(sanitize(&e.method).into_owned()),
                ratatui::widgets::Cell::from(fit(&sanitize(&path), path_width).into_owned()),
                ratatui::widgets::Cell::from(Span::styled(status, style)),
                ratatui::widgets::Cell::from(format!("{} ms", count(e.duration_ms as i64))),
                ratatui::widgets::Cell::from(size(e.bytes)),
            ]);
            if i == view.selected {
                row.style(theme.selected)
            } else {
                row
            }
        });
    frame.render_widget(Table::new(rows, widths).header(header), body);
    let on_screen = shown.len().saturating_sub(view.offset).min(height);
    drawn.with_rows(
        lines,
        view.offset,
        (view.offset..view.offset + on_screen).collect(),
    )
}

/// The title: how many are shown of how many, the filter applied, the auto-refreshes hidden.
fn title_line(log: &RequestLog, view: &HistoryView, shown: usize, theme: &Theme) -> Line<'static> {
    let total = if shown == log.entries.len() {
        format!("[{}]", log.entries.len())
    } else {
        format!("[{}/{}]", shown, log.entries.len())
    };
    let mut title = vec![
        Span::styled(" Request history ", theme.title),
        Span::styled(total, theme.accent),
    ];
    if let Some(f) = view.filter.as_ref().filter(|f| !f.editing) {
        title.push(Span::styled(
            format!("  /{}", sanitize(f.input.value())),
            theme.key,
        ));
    }
    let hidden = if view.show_auto {
        0
    } else {
        log.entries.iter().filter(|e| log.is_auto(e)).count()
    };
    if hidden > 0 {
        title.push(Span::styled(
            format!("  {hidden} auto-refresh hidden"),
            theme.muted,
        ));
    }
    title.push(Span::styled(
        "  enter sends a read again (a change asks first) · C copies as curl",
        theme.muted,
    ));
    Line::from(title)
}

/// The `/` line while typed: the text with a bar at the cursor, the cursor kept in view.
pub fn filter_line(input: &crate::app::input::TextInput, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("/{}", input.with_bar(60)), theme.key),
        Span::styled(
            "   as a list's filter, over method, path and status · enter keeps · esc clears",
            theme.muted,
        ),
    ])
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
