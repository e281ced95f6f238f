//! What the last frame drew, fed back to `update` (as television feeds back its layout): the
//! rows on screen, which item each shows, the column boundaries. Clicks, the wheel and page
//! keys read this instead of predicting the draw's geometry.

use ratatui::Terminal;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::State;

/// The geometry of one frame's current view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The terminal size it was drawn for.
    pub size: (u16, u16),
    /// The position in the view stack of the view drawn (the top one then).
    pub depth: usize,
    /// Which view it was (another at the same depth since is laid out anew).
    pub view: Option<std::mem::Discriminant<crate::app::View>>,
    /// The area between header and footer.
    pub body: Rect,
    /// A list's (or a document's) lines, when the view draws one.
    pub rows: Option<Rows>,
    /// A table's columns: where each starts and how wide it is.
    pub columns: Vec<(u16, u16)>,
    /// A chart's plot (inside its axes), when one was drawn: its cursor moves by its cells.
    pub plot: Option<Rect>,
    /// Drawn into memory, not on screen (see [`draw_offscreen`]): its rows may
    /// have scrolled since.
    pub in_memory: bool,
    /// The help overlay's furthest scroll for this size, when it was drawn (`G` there asks
    /// for the end; the next `↑` starts from this).
    pub help_scroll_max: Option<usize>,
}

/// The lines of a scrolling list as drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    /// Where the item lines are (below titles and column headers).
    pub area: Rect,
    /// The index of the first item shown.
    pub offset: usize,
    /// For each screen line from the top of `area`, the item it shows (a wrapped item spans
    /// several lines).
    pub items: Vec<usize>,
}

impl Drawn {
    /// A view drawn into `body` of a frame of `size`, its rows (if any) to be filled in.
    pub fn new(size: ratatui::layout::Size, depth: usize, body: Rect) -> Self {
        Self {
            size: (size.width, size.height),
            depth,
            view: None,
            body,
            rows: None,
            columns: Vec::new(),
            plot: None,
            in_memory: false,
            help_scroll_max: None,
        }
    }

    /// The current (top) view drawn into `body` of this frame.
    pub fn top(frame: &ratatui::Frame, state: &State, body: Rect) -> Self {
        Self::new(
            frame.area().as_size(),
            state.stack.len().saturating_sub(1),
            body,
        )
    }

    /// With item lines in `area`, from item `offset`.
    pub fn with_rows(mut self, area: Rect, offset: usize, items: Vec<usize>) -> Self {
        self.rows = Some(Rows {
            area,
            offset,
            items,
        });
        self
    }

    /// Whether this is the geometry of `view` at `depth` in a terminal of `size`.
    pub fn is_of(&self, view: &crate::app::View, depth: usize, size: (u16, u16)) -> bool {
        self.depth == depth && self.size == size && self.view == Some(std::mem::discriminant(view))
    }

    /// How many item lines the view shows (a page).
    pub fn page(&self) -> usize {
        self.rows
            .as_ref()
            .map_or(1, |r| r.area.height.max(1) as usize)
    }

    /// How wide the item lines are.
    pub fn width(&self) -> usize {
        self.rows.as_ref().map_or(self.body.width, |r| r.area.width) as usize
    }

    /// The item drawn at screen line `y`, if any.
    pub fn item_at(&self, y: u16) -> Option<usize> {
        let rows = self.rows.as_ref()?;
        let line = y.checked_sub(rows.area.y)?;
        if line >= rows.area.height {
            return None;
        }
        rows.items.get(line as usize).copied()
    }

    /// The column drawn at screen column `x`, if any.
    pub fn column_at(&self, x: u16) -> Option<usize> {
        self.columns
            .iter()
            .position(|&(start, width)| x >= start && x < start + width)
    }
}

/// Header line (account, instance, token).
pub const HEADER_ROWS: u16 = 1;
/// Footer line (keys, or a message).
pub const FOOTER_ROWS: u16 = 1;

/// Header, the view's body, footer.
pub fn areas(screen: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(1),
        Constraint::Length(FOOTER_ROWS),
    ])
    .areas(screen)
}

/// What the view at `depth` would draw in a terminal of the state's size, drawn into memory:
/// the geometry `update` reads before a frame of that view was drawn (the first key, a resize,
/// a view under another, tests that never draw).
pub fn draw_offscreen(state: &State, depth: usize) -> Drawn {
    let (w, h) = state.size;
    let backend = ratatui::backend::TestBackend::new(w.max(1), h.max(1));
    let mut drawn = Drawn::default();
    if let (Ok(mut terminal), Some(view)) = (Terminal::new(backend), state.stack.get(depth)) {
        let _ = terminal.draw(|frame| {
            let [_, mut body, _] = areas(frame.area());
            if view.full_screen() {
                body = frame.area();
            }
            drawn = view.draw(frame, body, state, &state.theme);
            drawn.view = Some(std::mem::discriminant(view));
        });
    }
    drawn.depth = depth;
    drawn.size = state.size;
    drawn.in_memory = true;
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_to_the_items_drawn_there() {
        let drawn = Drawn {
            rows: Some(Rows {
                area: Rect::new(0, 3, 40, 4),
                offset: 10,
                items: vec![10, 11, 11, 12],
            }),
            columns: vec![(0, 10), (11, 5)],
            ..Default::default()
        };
        assert_eq!(drawn.item_at(2), None, "above the rows");
        assert_eq!(drawn.item_at(3), Some(10));
        assert_eq!(drawn.item_at(5), Some(11), "a wrapped item's second line");
        assert_eq!(drawn.item_at(7), None, "below the rows");
        assert_eq!(drawn.column_at(12), Some(1));
        assert_eq!(drawn.column_at(10), None, "the spacing between columns");
        assert_eq!(drawn.page(), 4);
    }
}
