//! A detail view: the item's JSON, scrolled. Lines were made safe when the JSON arrived.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::detail::DetailView;

pub fn draw(frame: &mut Frame, area: Rect, view: &DetailView, theme: &Theme) {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let height = body.height as usize;
    let title = Line::from(vec![
        Span::styled(format!(" {} ", view.title), theme.title),
        Span::styled(format!(" GET {}", view.path), theme.muted),
    ]);
    let position = if view.lines.is_empty() {
        String::new()
    } else {
        let last = (view.scroll + height).min(view.lines.len());
        format!(
            " lines {}-{} of {} ",
            view.scroll + 1,
            last,
            view.lines.len()
        )
    };
    let [title_left, title_right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(position.chars().count() as u16),
    ])
    .areas(title_area);
    frame.render_widget(title, title_left);
    frame.render_widget(Span::styled(position, theme.muted), title_right);

    if view.loading.is_some() {
        frame.render_widget(Paragraph::new("loading…").style(theme.muted), body);
        return;
    }
    if let Some(err) = &view.error {
        let text = format!("{err}\n\nesc to go back");
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.error)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            body,
        );
        return;
    }
    let lines: Vec<Line> = view
        .lines
        .iter()
        .skip(view.scroll)
        .take(height)
        .map(|l| json_line(l, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// Colours one pretty-printed line: the key, then the value by its type.
fn json_line<'a>(line: &'a str, theme: &Theme) -> Line<'a> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let mut spans = vec![Span::raw(&line[..indent])];
    let value = match key_end(rest) {
        Some(end) => {
            spans.push(Span::styled(&rest[..end], theme.json_key));
            &rest[end..]
        }
        None => rest,
    };
    let (prefix, value) = match value.strip_prefix(": ") {
        Some(v) => (": ", v),
        None => ("", value),
    };
    spans.push(Span::raw(prefix));
    let style = match value.trim_end_matches(',').chars().next() {
        Some('"') => theme.json_string,
        Some('-' | '0'..='9') => theme.json_number,
        Some('t' | 'f' | 'n') => theme.json_literal,
        _ => ratatui::style::Style::new(),
    };
    spans.push(Span::styled(value, style));
    Line::from(spans)
}

/// The end of a leading `"key"` when it is followed by `: `.
fn key_end(s: &str) -> Option<usize> {
    if !s.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                let end = i + 1;
                return s[end..].starts_with(": ").then_some(end);
            }
            _ => escaped = false,
        }
    }
    None
}
