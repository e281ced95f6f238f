//! The accounts pane: saved accounts, which one is current and which is the default.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::AccountsView;
use crate::app::State;
use crate::app::drawn::Drawn;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// ` Accounts [3]  ● current  * default`, and the login under way during a switch.
fn title<'a>(state: &State, theme: &Theme) -> Line<'a> {
    let mut title = Line::from(vec![
        Span::styled(" Accounts ", theme.title),
        Span::styled(format!("[{}]", state.accounts.accounts.len()), theme.accent),
        Span::styled("  ● current  * default", theme.muted),
    ]);
    if let Some(next) = &state.switching {
        title.push_span(Span::styled(
            format!("  logging in to {}…", sanitize(next)),
            theme.accent,
        ));
    }
    title
}

/// Draws the saved accounts and says which is on which line.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    view: &AccountsView,
    theme: &Theme,
) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let current = state.current_account();
    frame.render_widget(title(state, theme), title_area);
    let drawn = Drawn::top(frame, state, area);
    if state.accounts.accounts.is_empty() {
        let mut text = String::from("no saved accounts: press a to add one");
        if let Some(c) = current {
            text.push_str(&format!(" (now on the unsaved account {})", sanitize(c)));
        }
        frame.render_widget(Paragraph::new(text).style(theme.muted), body);
        return drawn;
    }
    let widths = [
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Fill(2),
        Constraint::Length(26),
    ];
    let header = Row::new(["", "NAME", "INSTANCE", "METHOD"]).style(theme.column_header);
    let default = state.accounts.default.as_deref();
    let name_width = (body.width as usize / 4).max(8);
    let rows = state.accounts.accounts.iter().enumerate().map(|(i, a)| {
        let mut marker = String::new();
        marker.push(if Some(a.name.as_str()) == current {
            '●'
        } else {
            ' '
        });
        marker.push(if Some(a.name.as_str()) == default {
            '*'
        } else {
            ' '
        });
        let row = Row::new(vec![
            marker,
            fit(&sanitize(&a.name), name_width).into_owned(),
            sanitize(&a.address).into_owned(),
            a.method.label().to_string(),
        ]);
        if i == view.selected {
            row.style(theme.selected)
        } else {
            row
        }
    });
    let height = body.height.saturating_sub(1) as usize;
    let skip = view.selected.saturating_sub(height.saturating_sub(1));
    frame.render_widget(
        Table::new(rows.skip(skip).take(height), widths).header(header),
        body,
    );
    let shown = state
        .accounts
        .accounts
        .len()
        .saturating_sub(skip)
        .min(height);
    let lines = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    drawn.with_rows(lines, skip, (skip..skip + shown).collect())
}
