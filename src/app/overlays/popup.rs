//! The box overlays are drawn in, centred over the view, and their shared lines.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::text::sanitize;
use crate::theme::Theme;

/// The width of an overlay's box in `area`, and the text width inside it.
pub fn widths(area: Rect) -> (u16, usize) {
    let width = area.width.saturating_sub(4).clamp(20, 100);
    (width, width.saturating_sub(4) as usize)
}

/// Draws `lines` in a box titled `title`, centred in `area`; `cursor` is (column, line) inside.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    title: String,
    mut lines: Vec<Line>,
    cursor: Option<(usize, usize)>,
    theme: &Theme,
) {
    let (width, _) = widths(area);
    lines.truncate(area.height.saturating_sub(2) as usize);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, rect, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(mid);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title));
    let body = block.inner(rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(
            body.x + (x as u16).min(body.width.saturating_sub(1)),
            body.y + y as u16,
        ));
    }
}

pub fn hint<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), theme.muted))
}

/// "on source web-01" / "on 412 sources: web-01, web-02, web-03 and 409 more".
pub fn on_what(title: &str, targets: &[String]) -> String {
    let noun = title.to_lowercase();
    match targets {
        [] => String::new(),
        [one] => format!("on {} {}", noun.trim_end_matches('s'), sanitize(one)),
        many => {
            let first: Vec<String> = many
                .iter()
                .take(NAMED)
                .map(|s| sanitize(s).into_owned())
                .collect();
            let more = match many.len().saturating_sub(first.len()) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!("on {} {noun}: {}{more}", many.len(), first.join(", "))
        }
    }
}

/// Items named on the "on …" line; the rest are counted.
const NAMED: usize = 3;

/// The items as the list names them, for [`on_what`]: only the few it shows are looked up.
pub fn named_targets<S: AsRef<str>>(
    state: &crate::app::state::State,
    kind: &crate::api::Kind,
    ids: &[S],
) -> Vec<String> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            if i < NAMED {
                named(state, kind, id.as_ref())
            } else {
                id.as_ref().to_string()
            }
        })
        .collect()
}

/// An item as the list names it: `“name” (id)`, or the id when the list shows no other name
/// for it (a source's name is its id) or holds no such row.
fn named(state: &crate::app::state::State, kind: &crate::api::Kind, id: &str) -> String {
    let name = state.stack.iter().find_map(|view| match view {
        crate::app::View::Table(t) if std::ptr::eq(t.kind, kind) => {
            t.rows.iter().find(|r| r.id() == Some(id)).and_then(|r| {
                kind.row_name(r)
                    .or_else(|| r.cells().find_map(|c| c.text().filter(|s| !s.is_empty())))
            })
        }
        _ => None,
    });
    match name {
        Some(name) if name != id => format!("“{}” ({id})", sanitize(name)),
        _ => id.to_string(),
    }
}
