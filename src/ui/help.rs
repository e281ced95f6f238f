//! The `?` overlay, generated from the live keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::State;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: usize, theme: &Theme) {
    let scope = state.scope_under_help();
    // Labels include sequences (`g g`) and every override from the settings file.
    let mut entries = state.keymap.labeled_entries(scope);
    if scope == crate::app::keymap::Scope::Confirm {
        entries.retain(|(a, _)| crate::app::overlays::actions::FLOW_ACTIONS.contains(a));
    }
    let key_texts: Vec<String> = entries.iter().map(|(_, keys)| keys.join(", ")).collect();
    let key_width = key_texts
        .iter()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = entries
        .iter()
        .zip(&key_texts)
        .map(|((action, _), keys)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_width$}  "), theme.key),
                Span::raw(action.description()),
            ])
        })
        .collect();

    let desc_width = entries
        .iter()
        .map(|(a, _)| a.description().chars().count())
        .max()
        .unwrap_or(0);
    let width = ((key_width + desc_width + 6) as u16)
        .min(area.width.saturating_sub(2))
        .max(20);
    let height = (lines.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(3);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    let visible = height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(visible));

    let more = if lines.len() > visible + scroll {
        " ↓ more · esc close "
    } else {
        " esc close "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Keys: {scope:?} "))
        .title_bottom(Line::from(more).right_aligned())
        .border_style(theme.accent);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        popup,
    );
}
