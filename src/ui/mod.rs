//! Drawing: pure functions from `&State` to a frame. Nothing here changes state. The frame's
//! chrome (header, footer, overlays) is here; each view draws itself (`app::views`).

mod footer;
mod header;
mod help;
pub mod theme;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::{Frame, Terminal};

use crate::app::State;
use crate::app::drawn::{Drawn, FOOTER_ROWS, HEADER_ROWS};
use theme::Theme;

/// Draws the whole screen for the current state and says what the view drew there (the
/// runtime hands it back to `update` as `Msg::Drawn`).
pub fn draw(frame: &mut Frame, state: &State) -> Drawn {
    // The theme lives in state, so each can be rendered (and tested) without a global.
    let theme: Theme = state.theme.clone();
    let [header_area, body, footer_area] = areas(frame.area());

    header::draw(frame, header_area, state, &theme);
    let mut drawn = state.view().draw(frame, body, state, &theme);
    drawn.view = Some(std::mem::discriminant(state.view()));
    footer::draw(frame, footer_area, state, &theme);
    if let Some(flow) = &state.flow {
        crate::app::overlays::actions::draw(frame, body, flow, &theme);
    }
    if let Some(confirm) = &state.confirm {
        crate::app::overlays::confirm::draw(frame, body, state, confirm, &theme);
    }
    if let Some(scroll) = state.help {
        help::draw(frame, frame.area(), state, scroll, &theme);
    }
    drawn
}

/// Header, the view's body, footer.
fn areas(screen: Rect) -> [Rect; 3] {
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
            let [_, body, _] = areas(frame.area());
            drawn = view.draw(frame, body, state, &state.theme);
            drawn.view = Some(std::mem::discriminant(view));
        });
    }
    drawn.depth = depth;
    drawn.size = state.size;
    drawn.in_memory = true;
    drawn
}
