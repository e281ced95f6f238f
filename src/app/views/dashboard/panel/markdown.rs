//! A small markdown renderer for the markdown widget: headings, emphasis (`*` `_` `**`),
//! inline code, fenced code blocks, bullet and numbered lists, links (`[text](url)`: the text,
//! then the address muted), block quotes and rules. Everything else is shown as written; all of
//! it sanitised.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::text::sanitize;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(render(text, theme)).wrap(Wrap { trim: false }),
        area,
    );
}

/// The markdown as styled lines.
pub fn render(text: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut in_code = false;
    for raw in text.lines() {
        let line = sanitize(raw.trim_end()).into_owned();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            lines.push(Line::styled(format!("  {line}"), theme.json_string));
            continue;
        }
        lines.push(block_line(trimmed, theme));
    }
    lines
}

/// One line outside a code block: by what it starts with.
fn block_line(line: &str, theme: &Theme) -> Line<'static> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        let style = if hashes == 1 {
            theme.title.add_modifier(Modifier::UNDERLINED)
        } else {
            theme.title
        };
        return Line::from(inline(line[hashes..].trim(), style, theme));
    }
    if matches!(line, "---" | "***" | "___") {
        return Line::styled("─".repeat(20), theme.muted);
    }
    if let Some(rest) = line.strip_prefix("> ") {
        let mut spans = vec![Span::styled("│ ", theme.muted)];
        spans.extend(inline(rest, theme.muted, theme));
        return Line::from(spans);
    }
    if let Some(rest) = ["- ", "* ", "+ "].iter().find_map(|b| line.strip_prefix(b)) {
        let mut spans = vec![Span::styled("• ", theme.accent)];
        spans.extend(inline(rest, Style::new(), theme));
        return Line::from(spans);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        let mut spans = vec![Span::styled(format!("{}. ", &line[..digits]), theme.accent)];
        spans.extend(inline(&line[digits + 2..], Style::new(), theme));
        return Line::from(spans);
    }
    Line::from(inline(line, Style::new(), theme))
}

/// Emphasis, code and links within a line.
fn inline(text: &str, base: Style, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let flush = |plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if !plain.is_empty() {
            spans.push(Span::styled(std::mem::take(plain), base));
        }
    };
    while let Some(c) = rest.chars().next() {
        if let Some((inner, after)) = delimited(rest, "**").or_else(|| delimited(rest, "__")) {
            flush(&mut plain, &mut spans);
            spans.push(Span::styled(
                inner.to_string(),
                base.add_modifier(Modifier::BOLD),
            ));
            rest = after;
        } else if let Some((inner, after)) = delimited(rest, "*").or_else(|| delimited(rest, "_")) {
            flush(&mut plain, &mut spans);
            spans.push(Span::styled(
                inner.to_string(),
                base.add_modifier(Modifier::ITALIC),
            ));
            rest = after;
        } else if let Some((inner, after)) = delimited(rest, "`") {
            flush(&mut plain, &mut spans);
            spans.push(Span::styled(inner.to_string(), theme.json_string));
            rest = after;
        } else if let Some((label, url, after)) = link(rest) {
            flush(&mut plain, &mut spans);
            spans.push(Span::styled(
                label.to_string(),
                theme.accent.add_modifier(Modifier::UNDERLINED),
            ));
            spans.push(Span::styled(format!(" ({url})"), theme.muted));
            rest = after;
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut plain, &mut spans);
    spans
}

/// `mark inner mark…` at the start of `text`: the inner text and what follows.
fn delimited<'a>(text: &'a str, mark: &str) -> Option<(&'a str, &'a str)> {
    let body = text.strip_prefix(mark)?;
    let end = body.find(mark)?;
    let inner = &body[..end];
    (!inner.is_empty() && !inner.starts_with(' ')).then(|| (inner, &body[end + mark.len()..]))
}

/// `[label](url)…` at the start of `text`.
fn link(text: &str) -> Option<(&str, &str, &str)> {
    let body = text.strip_prefix('[')?;
    let close = body.find("](")?;
    let after = &body[close + 2..];
    let end = after.find(')')?;
    Some((&body[..close], &after[..end], &after[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn blocks_and_inline_marks() {
        let theme = Theme::default();
        let md = "# Title\n- **bold** and *it*\n1. see [docs](https://x.test/a)\n```\ncode *here*\n```\n`c` \u{1b}[2J";
        let lines = render(md, &theme);
        assert_eq!(
            text(&lines),
            [
                "Title",
                "• bold and it",
                "1. see docs (https://x.test/a)",
                "  code *here*",
                "c ␛[2J",
            ]
        );
        assert!(
            lines[1].spans[1]
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(
            lines[1].spans[3]
                .style
                .add_modifier
                .contains(Modifier::ITALIC)
        );
    }

    #[test]
    fn unclosed_marks_are_text() {
        let lines = render("a * b and [x](y", &Theme::default());
        assert_eq!(text(&lines), ["a * b and [x](y"]);
    }
}
