//! The footer line: the keys that matter here, or a message until the next key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::FlashLevel;
use crate::app::{Action, Scope, State};
use crate::text::sanitize;
use crate::theme::Theme;

/// Which actions the footer names when no overlay is open, in order: the help's, or the
/// view's own. Keys come from the live keymap.
fn footer_actions(state: &State, scope: Scope) -> &'static [Action] {
    match scope {
        Scope::Help | Scope::Global => &[Action::Down, Action::Back],
        _ => state.view().footer_actions(),
    }
}

/// The word after a key: the view's own where it has one (`enter switch`), else the action's;
/// an empty one leaves the key out.
fn hint(state: &State, scope: Scope, action: Action) -> &'static str {
    match scope {
        Scope::Help | Scope::Global => None,
        _ => state.view().footer_hint(action),
    }
    .unwrap_or_else(|| action.hint())
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if let Some(line) = &state.prompt {
        let start = crate::app::query_editor::query_place(state, line.value()).map(|(s, _)| s);
        draw_command_line(frame, area, line, start, &state.query_editor, theme);
        return;
    }
    // What the view has open for typing (a search) takes the line.
    if let Some(line) = state.view().footer_input(theme) {
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(flash) = &state.flash {
        let style = match flash.level {
            FlashLevel::Error => theme.error,
            FlashLevel::Info => theme.accent,
        };
        frame.render_widget(
            Paragraph::new(Span::styled(flash.text.as_str(), style)),
            area,
        );
        return;
    }
    // A state the view says in full here (a table's failed load, until it loads again).
    if let Some(line) = state.view().footer_status(theme) {
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let scope = state.scope();
    if !state.pending_keys.is_empty() {
        frame.render_widget(Paragraph::new(pending_line(state, scope, theme)), area);
        return;
    }
    let mut spans = Vec::new();
    if state.mouse {
        // First, so a narrow terminal still shows it: the terminal selects only with a modifier.
        spans.push(Span::styled(
            format!("{}  ", crate::app::update::mouse_selection_hint()),
            theme.warn,
        ));
    }
    // An open overlay names its own keys; a view its own.
    let overlay = state
        .help
        .is_none()
        .then(|| crate::app::overlays::footer(state))
        .flatten();
    let (scope, items) = overlay.unwrap_or_else(|| {
        let items = footer_actions(state, scope)
            .iter()
            .map(|&a| (a, hint(state, scope, a)));
        (scope, items.collect())
    });
    for (action, hint) in items {
        // An empty hint: the view says the key is not worth naming here.
        if hint.is_empty() || (action == Action::Import && state.wf_import.is_none()) {
            continue;
        }
        let keys = state.keymap.labels(scope, action);
        let mut keys: Vec<String> = keys.into_iter().take(1).collect();
        if action == Action::Down {
            // Up and down read as one pair.
            if let Some(up) = state.keymap.labels(scope, Action::Up).first() {
                keys = vec![format!(
                    "{}/{}",
                    keys.first().cloned().unwrap_or_default(),
                    up
                )];
            }
        }
        let Some(key) = keys.into_iter().next() else {
            continue;
        };
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {hint}  "), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The `:` line: what fits of it with the cursor in view, then what `tab` listed or else the
/// words that the first word may become.
fn draw_command_line(
    frame: &mut Frame,
    area: Rect,
    line: &crate::app::prompt::CommandLine,
    query_start: Option<usize>,
    editor: &crate::app::query_editor::QueryEditor,
    theme: &Theme,
) {
    let window = line.window((area.width as usize).saturating_sub(1).max(1));
    if let Some(start) = query_start {
        let coloured = crate::app::query_editor::draw::query_line(
            &line.input,
            start,
            area.width as usize,
            theme,
        );
        let mut text = coloured
            .unwrap_or_else(|| Line::from(Span::styled(format!(":{}", window.text), theme.title)));
        if let Some(hint) = &editor.hint {
            text.spans
                .push(Span::styled(format!("   {}", sanitize(hint)), theme.muted));
        }
        frame.render_widget(Paragraph::new(text), area);
        let x = area.x + 1 + window.cursor as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let hint = if line.choices.is_empty() {
        crate::app::prompt::candidates(line.value(), 6).join(" · ")
    } else {
        let shown: Vec<String> = line
            .choices
            .iter()
            .map(|c| sanitize(c).into_owned())
            .collect();
        // The count first: a long list runs off the line.
        format!("{} fit: {}", shown.len(), shown.join("  "))
    };
    let spans = vec![
        Span::styled(format!(":{}", window.text), theme.title),
        Span::styled(
            if hint.is_empty() {
                String::new()
            } else {
                format!("   {hint}")
            },
            theme.muted,
        ),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let x = area.x + 1 + window.cursor as u16;
    frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
}

/// A sequence is waiting for its next key: what was typed and what may follow.
fn pending_line<'a>(state: &State, scope: Scope, theme: &Theme) -> Line<'a> {
    let typed = crate::app::keymap::sequences_label(&state.pending_keys);
    let mut spans = vec![Span::styled(format!("{typed} …"), theme.key)];
    for (rest, action) in state.keymap.continuations(scope, &state.pending_keys) {
        spans.push(Span::styled(format!("  {rest}"), theme.key));
        spans.push(Span::styled(format!(" {}", action.hint()), theme.muted));
    }
    spans.push(Span::styled("   esc cancels", theme.muted));
    Line::from(spans)
}
