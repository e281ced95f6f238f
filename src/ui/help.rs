//! The `?` overlay, generated from the live keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::State;
use crate::theme::Theme;

/// Draws the overlay scrolled by `scroll` (clamped) and returns the furthest scroll there is.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: usize, theme: &Theme) -> usize {
    let scope = state.scope_under_help();
    // Labels include sequences (`g g`) and every override from the settings file.
    let mut entries = state.keymap.labeled_entries(scope);
    if scope == crate::app::keymap::Scope::Confirm {
        // An edit's review takes the dialog keys and its own.
        let edit = state.confirm.is_none()
            && state.flow.is_none()
            && matches!(state.view(), crate::app::View::Edit(_));
        entries.retain(|(a, _)| {
            crate::app::overlays::actions::FLOW_ACTIONS.contains(a)
                || (edit && crate::app::views::edit::KEYS.contains(a))
        });
    }
    let keys: Vec<(String, String)> = entries
        .iter()
        .map(|(action, keys)| {
            // Under a dialog the view's own wording does not apply.
            let own = (scope == state.view().scope())
                .then(|| state.view().help_description(*action))
                .flatten();
            (
                keys.join(", "),
                own.unwrap_or(action.description()).to_string(),
            )
        })
        .collect();
    let mut sections = vec![(None, keys)];
    // The `:` line is there where no text is being typed and no dialog waits.
    if !scope.takes_text() && scope != crate::app::keymap::Scope::Confirm {
        sections.push((Some(" Commands (type : first)"), command_rows()));
        sections.push((Some(" Kinds (:<kind> lists it)"), kind_rows()));
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut width = 0;
    for (heading, rows) in &sections {
        if let Some(heading) = heading {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(*heading, theme.title)));
        }
        // Each section has its own first column, so a long command does not widen the keys'.
        let first = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let second = rows
            .iter()
            .map(|(_, d)| d.chars().count())
            .max()
            .unwrap_or(0);
        width = width.max(first + second + 6);
        lines.extend(rows.iter().map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<first$}  "), theme.key),
                Span::raw(what.clone()),
            ])
        }));
    }
    let width = (width as u16).min(area.width.saturating_sub(2)).max(20);
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
    let max_scroll = lines.len().saturating_sub(visible);
    let scroll = scroll.min(max_scroll);

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
    max_scroll
}

/// The `:` commands, from the command line's own list and the views' words.
fn command_rows() -> Vec<(String, String)> {
    let own = crate::app::prompt::COMMAND_WORDS.iter().map(|c| {
        let usage = match c.args {
            "" => format!(":{}", c.words[0]),
            args => format!(":{} {args}", c.words[0]),
        };
        (usage, with_shorthand(c.about, c.words))
    });
    let views = crate::app::views::COMMANDS
        .iter()
        .map(|(words, about, _)| (format!(":{}", words[0]), with_shorthand(about, words)));
    own.chain(views).collect()
}

/// `about (also x)`: the shortest other word no longer than the name, a plural being no
/// shorthand (completion offers the longer ones).
fn with_shorthand(about: &str, words: &[&str]) -> String {
    let name = words[0];
    let short = words[1..]
        .iter()
        .filter(|w| **w != format!("{name}s") && w.len() <= name.len())
        .min_by_key(|w| w.len());
    match short {
        Some(w) => format!("{about} (also {w})"),
        None => about.to_string(),
    }
}

/// Every kind the catalog knows, by the words that list it.
fn kind_rows() -> Vec<(String, String)> {
    crate::api::catalog::KINDS
        .iter()
        .map(|k| {
            // A word a command takes first (`account`) does not list the kind: left out.
            let lists = |w: &str| {
                use crate::app::prompt::{PromptCommand, parse};
                matches!(parse(w), Ok(PromptCommand::Kind(x)) if x.name == k.name)
            };
            // Its name and its shortest other word: the shorthand people type.
            let mut words: Vec<&str> = std::iter::once(k.name).filter(|w| lists(w)).collect();
            let short = k
                .aliases
                .iter()
                .copied()
                .filter(|w| lists(w))
                .min_by_key(|w| w.len());
            // Kept narrow: the shorthand only where it fits beside a long name.
            words.extend(short.filter(|w| w.len() < k.name.len() && k.name.len() + w.len() <= 20));
            (format!(":{}", words.join(", ")), k.title.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `?` listed keys only: no command of the `:` line, no kind (issue #17).
    #[test]
    fn help_lists_every_command_and_kind() {
        let commands: Vec<String> = command_rows().into_iter().map(|(u, _)| u).collect();
        for c in crate::app::prompt::COMMAND_WORDS {
            assert!(
                commands
                    .iter()
                    .any(|u| u.starts_with(&format!(":{}", c.words[0]))),
                "{:?} missing",
                c.words
            );
        }
        assert!(commands.contains(&":history".to_string()), "{commands:?}");
        let kinds: Vec<String> = kind_rows().into_iter().map(|(u, _)| u).collect();
        for (k, listed) in crate::api::catalog::KINDS.iter().zip(&kinds) {
            let first = listed[1..].split(", ").next().unwrap();
            assert!(
                matches!(crate::app::prompt::parse(first), Ok(crate::app::prompt::PromptCommand::Kind(x)) if x.name == k.name),
                "{}: {listed}",
                k.name
            );
        }
    }
}
