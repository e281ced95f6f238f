//! The console's frame: a line of counts by state above the list (drawn as every list is), a
//! gutter marking the rows new (`+`) or changed (`~`) since the last look; and the badge of
//! what fires that every screen's header carries.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Change, Live};
use crate::api::alerting::Count;
use crate::api::catalog::{CellRef, RowRef};
use crate::app::drawn::Drawn;
use crate::app::state::{LoginState, State, View};
use crate::app::views::table::TableView;
use crate::app::views::table::draw::enum_style;
use crate::text::sanitize;
use crate::theme::Theme;

/// Cells left of the list for the marks.
pub const GUTTER: u16 = 2;

/// Severities by how bad they are, for the badge.
const SEVERITIES: &[&str] = &["SEVERE", "WARN", "SMOKE", "INFO"];

/// The console: the counts, then the list with its marks.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    table: &TableView,
    live: &Live,
    theme: &Theme,
) -> Drawn {
    let [counts_area, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(counts_line(state, live, theme)), counts_area);
    let list_area = Rect {
        x: rest.x.saturating_add(GUTTER),
        width: rest.width.saturating_sub(GUTTER),
        ..rest
    };
    let mut drawn = crate::app::views::table::draw::draw(frame, list_area, state, table, theme);
    drawn.body = area;
    if let Some(rows) = &drawn.rows {
        for (line, &index) in rows.items.iter().enumerate() {
            let id = table
                .view
                .get(index)
                .and_then(|&i| table.rows.get(i as usize))
                .and_then(RowRef::id);
            let (mark, style) = match id.and_then(|id| live.changes.get(id)) {
                Some(Change::New) => ("+", theme.ok),
                Some(Change::Changed) => ("~", theme.warn),
                None => continue,
            };
            let y = rows.area.y.saturating_add(line as u16);
            if y < rest.bottom() {
                frame.buffer_mut().set_string(rest.x, y, mark, style);
            }
        }
    }
    drawn
}

/// ` FIRING 12 · SNOOZED 8 · IN_MAINTENANCE 5 …`, with what is wrong, and what the marks
/// mean while some row has one.
fn counts_line(state: &State, live: &Live, theme: &Theme) -> Line<'static> {
    let watch = &state.firing;
    let mut spans = vec![Span::raw(" ")];
    match &watch.summary {
        Some((summary, _)) if !summary.counts.is_empty() => {
            for (i, (name, count)) in summary.counts.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(" · ", theme.muted));
                }
                let zero = matches!(count, Count::Number(0));
                let style = if zero {
                    theme.muted
                } else {
                    enum_style(name, theme)
                };
                spans.push(Span::styled(format!("{} {count}", sanitize(name)), style));
            }
        }
        Some(_) => spans.push(Span::styled("no counts by state", theme.muted)),
        None if watch.summary_error.is_none() => {
            spans.push(Span::styled("counts by state: loading…", theme.muted));
        }
        None => {}
    }
    if let Some(why) = &watch.summary_error {
        spans.push(Span::styled(
            format!("  ⚠ counts by state: {}", sanitize(why)),
            theme.error,
        ));
    }
    if !live.changes.is_empty() {
        spans.push(Span::styled("   + new  ~ changed", theme.muted));
    }
    Line::from(spans)
}

/// The header's badge: the console's firing alerts by severity once they are loaded
/// (`●3 SEVERE 2 WARN`), else the summary's count of firing alerts (`●12 FIRING`); a quiet
/// `○ 0 firing` when nothing fires; the last known, dimmed with a `?`, after a failed read.
pub fn badge(state: &State, theme: &Theme) -> Option<Span<'static>> {
    let watch = &state.firing;
    if !watch.badge || !matches!(state.login, LoginState::LoggedIn(_)) {
        return None;
    }
    let loud = theme.header_accent.patch(theme.error);
    let quiet = theme.header;
    let (text, style, stale) = match console_rows(state) {
        Some(table) => {
            let (text, style) = by_severity(table, loud, quiet);
            (text, style, false)
        }
        None => {
            let firing = watch.summary.as_ref()?.0.firing()?;
            let stale = watch.summary_error.is_some();
            if firing > 0 {
                let text = format!("●{} FIRING", crate::format::count(firing));
                (text, loud, stale)
            } else {
                ("○ 0 firing".to_string(), quiet, stale)
            }
        }
    };
    Some(if stale {
        Span::styled(format!(" {text}? "), theme.header.patch(theme.muted))
    } else {
        Span::styled(format!(" {text} "), style)
    })
}

/// The console's table, when its rows are in and current.
fn console_rows(state: &State) -> Option<&TableView> {
    state.stack.iter().find_map(|v| match v {
        View::Table(t) if t.live.is_some() && t.loaded_at_ms.is_some() && t.error().is_none() => {
            Some(&**t)
        }
        _ => None,
    })
}

/// `●3 SEVERE 2 WARN 1 CRITICAL`: the known severities by how bad, then any other as sent.
fn by_severity(table: &TableView, loud: Style, quiet: Style) -> (String, Style) {
    let severities = table
        .rows
        .iter()
        .map(|row| row.cell(0).and_then(CellRef::text).unwrap_or("?"));
    severity_counts(severities, loud, quiet)
}

/// The badge's text of these severities (the merged console's counts per account too).
pub fn severity_counts<'a>(
    severities: impl Iterator<Item = &'a str>,
    loud: Style,
    quiet: Style,
) -> (String, Style) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for severity in severities {
        let severity = severity.to_string();
        match counts.iter_mut().find(|(s, _)| *s == severity) {
            Some((_, n)) => *n += 1,
            None => counts.push((severity, 1)),
        }
    }
    if counts.is_empty() {
        return ("○ 0 firing".to_string(), quiet);
    }
    counts.sort_by_key(|(s, _)| {
        SEVERITIES
            .iter()
            .position(|k| k == s)
            .unwrap_or(SEVERITIES.len())
    });
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    (format!("●{}", parts.join(" ")), loud)
}
