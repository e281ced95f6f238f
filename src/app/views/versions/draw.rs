//! A version history drawn: a title line (the item, how many versions, the marks, what is
//! being read), then the versions as a table: the mark, the number, when, who, what changed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::VersionsView;
use crate::app::State;
use crate::app::drawn::Drawn;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    v: &VersionsView,
    theme: &Theme,
) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(title_line(state, v, theme), title_area);
    let lines = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1).max(1),
        ..body
    };
    let drawn = Drawn::top(frame, state, area);
    if v.versions.is_empty() {
        let (text, style) = match (v.page.failed(), v.page.is_loading()) {
            (Some(e), _) => (format!("⚠ {}", sanitize(e)), theme.error),
            (None, true) => (
                v.page
                    .describe_wait(state.now_ms)
                    .map_or("loading the versions…".into(), |w| {
                        format!("loading the versions… ({w})")
                    }),
                theme.muted,
            ),
            (None, false) => ("no versions".to_string(), theme.muted),
        };
        frame.render_widget(Paragraph::new(text).style(style), body);
        return drawn.with_rows(lines, v.offset, Vec::new());
    }
    let height = body.height.saturating_sub(1) as usize;
    let who_width = who_width(v, height, body.width);
    let widths = [
        Constraint::Length(1),
        Constraint::Length(7),
        Constraint::Length(23),
        Constraint::Length(who_width),
        Constraint::Fill(1),
    ];
    let header =
        Row::new(["", "VERSION", "WHEN", "WHO", "WHAT CHANGED"]).style(theme.column_header);
    let changes_width = (body.width as usize).saturating_sub(1 + 7 + 23 + who_width as usize + 4);
    let rows = v
        .versions
        .iter()
        .enumerate()
        .skip(v.offset)
        .take(height)
        .map(|(i, version)| {
            let marked = version
                .number
                .as_ref()
                .is_some_and(|n| v.marked.contains(n));
            let number = version
                .number
                .as_ref()
                .map_or("?".to_string(), ToString::to_string);
            let when = version
                .time_ms
                .map_or(String::new(), |t| state.times.full(t));
            let who = version.user.as_deref().map(sanitize).unwrap_or_default();
            let who = fit(&who, who_width as usize).into_owned();
            let changes = sanitize(&version.changes.join("; ")).into_owned();
            let mut row = Row::new(vec![
                Cell::from(Span::styled(if marked { "●" } else { " " }, theme.accent)),
                Cell::from(number),
                Cell::from(when),
                Cell::from(who),
                Cell::from(fit(&changes, changes_width.max(1)).into_owned()),
            ]);
            if i == v.selected {
                row = row.style(theme.selected);
            } else if marked {
                row = row.style(theme.accent);
            }
            row
        });
    frame.render_widget(Table::new(rows, widths).header(header), body);
    let on_screen = v.versions.len().saturating_sub(v.offset).min(height);
    drawn.with_rows(lines, v.offset, (v.offset..v.offset + on_screen).collect())
}

/// As wide as the longest name among the versions on screen, within a third of the width.
fn who_width(v: &VersionsView, height: usize, width: u16) -> u16 {
    let longest = v
        .versions
        .iter()
        .skip(v.offset)
        .take(height)
        .filter_map(|x| x.user.as_deref())
        .map(|u| unicode_width::UnicodeWidthStr::width(sanitize(u).as_ref()))
        .max()
        .unwrap_or(3);
    (longest as u16).clamp(3, (width / 3).max(3))
}

/// ` Alerts › CPU high › versions [4]  2 marked: enter shows their diff`, and what is going on.
fn title_line(state: &State, v: &VersionsView, theme: &Theme) -> Line<'static> {
    let count = match (v.next_offset, v.total) {
        (Some(_), Some(total)) if total as usize > v.versions.len() => {
            format!("[{} of ≥{total}]", v.versions.len())
        }
        (Some(_), _) if !v.versions.is_empty() => format!("[{} of more]", v.versions.len()),
        _ => format!("[{}]", v.versions.len()),
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", sanitize(&v.title())), theme.title),
        Span::styled(count, theme.accent),
    ];
    let marks = match v.marked.len() {
        0 => None,
        1 => Some("  1 marked: mark another to see their diff".to_string()),
        _ => Some("  2 marked: enter shows their diff".to_string()),
    };
    if let Some(m) = marks {
        spans.push(Span::styled(m, theme.key));
    }
    if let Some(job) = v.job.as_ref().filter(|j| !j.waiting.is_empty()) {
        let what = match &job.want {
            super::Want::Recheck(_) => "  reading the item again…",
            super::Want::Revert(_) => "  reading the item and the version…",
            _ => "  reading the version…",
        };
        spans.push(Span::styled(what, theme.muted));
    } else if let (Some(e), false) = (v.page.failed(), v.versions.is_empty()) {
        spans.push(Span::styled(format!("  ⚠ {}", sanitize(e)), theme.error));
    } else if let Some(wait) = v.page.describe_wait(state.now_ms) {
        spans.push(Span::styled(format!("  {wait}"), theme.muted));
    }
    Line::from(spans)
}
