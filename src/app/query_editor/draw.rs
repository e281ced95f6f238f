//! The editor drawn: the query coloured on its line (or, too long for it, wrapped in a small
//! box just above), the candidates in a list above that with the chosen function's signature,
//! and the hint. Pure: reads the editor, draws, changes nothing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::QueryEditor;
use crate::app::input::TextInput;
use crate::app::widgets::query::highlight;
use crate::text::sanitize;
use crate::theme::Theme;
use crate::wql::CandidateKind;

/// Candidates shown at once.
const LIST_ROWS: usize = 8;
/// Lines of a long query's box at most.
const BOX_LINES: u16 = 6;

/// The whole `:` line coloured, `head` (`:query `) as a title, when it fits in `width`.
pub fn query_line(
    input: &TextInput,
    start: usize,
    width: usize,
    theme: &Theme,
) -> Option<Line<'static>> {
    let text = input.display();
    if unicode_width::UnicodeWidthStr::width(text.as_str()) + 2 > width {
        return None;
    }
    let head: String = text.chars().take(start).collect();
    let query: String = input.value().chars().skip(start).collect();
    let mut spans = vec![Span::styled(format!(":{head}"), theme.title)];
    spans.extend(highlight(&query, theme, None).spans);
    Some(Line::from(spans))
}

/// The box of a long query and the list of candidates, over the bottom of `body`.
pub fn draw_over(
    frame: &mut Frame,
    body: Rect,
    input: &TextInput,
    start: usize,
    editor: &QueryEditor,
    theme: &Theme,
) {
    let mut bottom = body.bottom();
    let width = body.width as usize;
    if query_line(input, start, width, theme).is_none() && body.height > 4 {
        let query: String = input.value().chars().skip(start).collect();
        let inner = body.width.saturating_sub(2).max(1) as usize;
        let lines = (query.chars().count() / inner + 1) as u16;
        let height = (lines.min(BOX_LINES) + 2).min(body.height / 2);
        let rect = Rect::new(body.x, bottom - height, body.width, height);
        frame.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" query ", theme.title));
        let text = Paragraph::new(highlight(&query, theme, None))
            .wrap(Wrap { trim: false })
            .block(block);
        frame.render_widget(text, rect);
        bottom -= height;
    }
    let Some(popup) = &editor.popup else { return };
    let candidates = &popup.completion.candidates;
    let first = popup.selected.saturating_sub(LIST_ROWS - 1);
    let shown = &candidates[first..candidates.len().min(first + LIST_ROWS)];
    let detail = candidates
        .get(popup.selected)
        .map(|c| c.detail.clone())
        .filter(|d| !d.is_empty());
    let list_width = shown
        .iter()
        .map(|c| c.text.chars().count() + 4)
        .chain(detail.iter().map(|d| d.chars().count()))
        .max()
        .unwrap_or(10)
        .clamp(16, width.saturating_sub(2).max(16)) as u16
        + 2;
    let height = shown.len() as u16 + 2 + u16::from(detail.is_some());
    if bottom < body.y + height {
        return;
    }
    let rect = Rect::new(body.x, bottom - height, list_width.min(body.width), height);
    let mut lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let style = if first + i == popup.selected {
                theme.selected
            } else {
                Default::default()
            };
            Line::from(vec![
                Span::styled(format!("{} ", glyph(c.kind)), theme.muted),
                Span::styled(sanitize(&c.text).into_owned(), style),
            ])
        })
        .collect();
    if let Some(d) = detail {
        lines.push(Line::from(Span::styled(d, theme.muted)));
    }
    let title = format!(" {}/{} ", popup.selected + 1, candidates.len());
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(title, theme.title)),
        ),
        rect,
    );
}

/// A letter for what a candidate is: ƒ function, m metric, ▸ namespace, s source, k key,
/// v value, ★ saved query.
fn glyph(kind: CandidateKind) -> &'static str {
    match kind {
        CandidateKind::Function => "ƒ",
        CandidateKind::Metric => "m",
        CandidateKind::Namespace => "▸",
        CandidateKind::Source => "s",
        CandidateKind::TagKey => "k",
        CandidateKind::TagValue => "v",
        CandidateKind::Saved => "★",
    }
}
