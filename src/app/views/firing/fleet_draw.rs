//! The merged console's frame: a line of counts per account
//! (`prod ●3 SEVERE 2 WARN · staging ○ 0 firing · eu: login failed (…)`), then the list with
//! its ACCOUNT column, drawn as every list is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fleet::{Fleet, Member};
use crate::api::alerting::Summary;
use crate::app::drawn::Drawn;
use crate::app::state::State;
use crate::app::views::table::TableView;
use crate::text::sanitize;
use crate::theme::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    table: &TableView,
    fleet: &Fleet,
    theme: &Theme,
) -> Drawn {
    let [counts_area, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(counts_line(state, fleet, theme)),
        counts_area,
    );
    let mut drawn = crate::app::views::table::draw::draw(frame, rest, state, table, theme);
    drawn.body = area;
    drawn
}

/// Each account's firing alerts by severity, or why it has none to show.
fn counts_line(state: &State, fleet: &Fleet, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, m) in fleet.members.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.muted));
        }
        spans.extend(member_spans(state, m, theme));
    }
    Line::from(spans)
}

fn member_spans(state: &State, m: &Member, theme: &Theme) -> Vec<Span<'static>> {
    let name = sanitize(&m.name).into_owned();
    let mut spans = Vec::new();
    match (&m.rows, &m.error) {
        (None, Some(why)) => {
            spans.push(Span::styled(
                format!("{name}: {}", sanitize(why)),
                theme.error,
            ));
            return spans;
        }
        (None, None) => {
            spans.push(Span::styled(format!("{name} …"), theme.muted));
            return spans;
        }
        (Some(rows), _) => {
            let severities = rows.iter().map(|r| r.cells.get(1).map_or("?", cell_text));
            let (text, style) = super::draw::severity_counts(severities, theme.error, theme.muted);
            spans.push(Span::raw(format!("{name} ")));
            spans.push(Span::styled(text, style));
        }
    }
    // The counts by state, when they say otherwise than the rows (paging stopped early).
    let listed = m.rows.as_ref().map_or(0, Vec::len) as i64;
    let firing = m.summary.as_ref().and_then(Summary::firing);
    if let Some(firing) = firing.filter(|&n| n != listed) {
        spans.push(Span::styled(
            format!(" ({} FIRING)", crate::format::count(firing)),
            theme.muted,
        ));
    }
    if m.throttled > 0 {
        if let Some(every) = state.firing.every_ms {
            let period = crate::format::short_duration((m.period_ms(every) / 1000) as u64);
            spans.push(Span::styled(
                format!(" (slowed down: {period})"),
                theme.warn,
            ));
        }
    }
    // Last: the reason may be long, the counts and the slowdown are what a glance needs.
    if let Some(why) = &m.error {
        spans.push(Span::styled(format!(" ⚠ {}", sanitize(why)), theme.error));
    }
    spans
}

fn cell_text(cell: &crate::api::catalog::Cell) -> &str {
    match cell {
        crate::api::catalog::Cell::Text(s) => s,
        _ => "?",
    }
}
