//! A query drawn in colour: each token styled by its role (see [`crate::wql::roles`]), the
//! char an error points at underlined. Server text is sanitised token by token, so positions
//! stay those of the query.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::theme::Theme;
use crate::wql::Role;

pub fn role_style(role: Role, theme: &Theme) -> Style {
    match role {
        Role::Function => theme.key,
        Role::Metric => theme.json_key,
        Role::SourceKey | Role::TagKey => theme.accent,
        Role::TagValue | Role::String => theme.json_string,
        Role::Number | Role::Time => theme.json_number,
        Role::Keyword => theme.json_literal,
        Role::Variable => theme.warn,
        Role::Punctuation | Role::Operator => theme.muted,
        Role::Space | Role::Plain => Style::default(),
    }
}

/// The query's spans, coloured; `error_at` (a char position) is underlined in the error style.
pub fn highlight(text: &str, theme: &Theme, error_at: Option<usize>) -> Line<'static> {
    let mut spans = Vec::new();
    for (token, role) in crate::wql::roles(text) {
        let style = role_style(role, theme);
        match error_at.filter(|&at| (token.start..token.end).contains(&at)) {
            Some(at) => {
                let chars: Vec<char> = token.text.chars().collect();
                let split = at - token.start;
                let marked = theme
                    .error
                    .add_modifier(Modifier::UNDERLINED | Modifier::REVERSED);
                push(&mut spans, chars[..split].iter().collect(), style);
                push(&mut spans, chars[split..=split].iter().collect(), marked);
                push(&mut spans, chars[split + 1..].iter().collect(), style);
            }
            None => push(&mut spans, token.text, style),
        }
    }
    Line::from(spans)
}

fn push(spans: &mut Vec<Span<'static>>, text: String, style: Style) {
    if !text.is_empty() {
        spans.push(Span::styled(
            crate::text::sanitize(&text).into_owned(),
            style,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_role_and_marks_the_error() {
        let theme = Theme::dark();
        let line = highlight("ts(cpu, env=x)", &theme, None);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "ts(cpu, env=x)");
        assert_eq!(line.spans[0].style, theme.key);
        assert_eq!(line.spans[2].style, theme.json_key);
        let marked = highlight("ts(cpu))", &theme, Some(7));
        let last = marked.spans.last().unwrap();
        assert_eq!(last.content, ")");
        assert!(last.style.add_modifier.contains(Modifier::UNDERLINED));
        // Controls from the server are drawn as stand-ins, not sent to the terminal.
        let hostile = highlight("ts(a\u{1b}[2J)", &theme, None);
        assert!(hostile.spans.iter().all(|s| !s.content.contains('\u{1b}')));
    }
}
