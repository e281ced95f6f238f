//! Drawing: pure functions from `&State` to a frame. Nothing here changes state. The frame's
//! chrome (header, footer, overlays) is here; each view draws itself (`app::views`).

mod footer;
mod header;
mod help;

use ratatui::Frame;

use crate::app::State;
use crate::app::drawn::{Drawn, areas};
use crate::theme::Theme;

/// Draws the whole screen for the current state and says what the view drew there (the
/// runtime hands it back to `update` as `Msg::Drawn`).
pub fn draw(frame: &mut Frame, state: &State) -> Drawn {
    // The theme lives in state, so each can be rendered (and tested) without a global.
    let theme: Theme = state.theme.clone();
    let [header_area, mut body, footer_area] = areas(frame.area());
    let full = state.view().full_screen() && state.prompt.is_none() && state.flash.is_none();
    if full {
        body = frame.area();
    } else {
        header::draw(frame, header_area, state, &theme);
    }
    let mut drawn = state.view().draw(frame, body, state, &theme);
    drawn.view = Some(std::mem::discriminant(state.view()));
    if !full {
        footer::draw(frame, footer_area, state, &theme);
    }
    if let Some(line) = &state.prompt {
        if let Some((start, _)) = crate::app::query_editor::query_place(state, line.value()) {
            let editor = &state.query_editor;
            crate::app::query_editor::draw::draw_over(
                frame,
                body,
                &line.input,
                start,
                editor,
                &theme,
            );
        }
    }
    if let Some(flow) = &state.flow {
        crate::app::overlays::actions::draw(frame, body, state, flow, &theme);
    }
    if let Some(confirm) = &state.confirm {
        crate::app::overlays::confirm::draw(frame, body, state, confirm, &theme);
    }
    if let Some(scroll) = state.help {
        drawn.help_scroll_max = Some(help::draw(frame, frame.area(), state, scroll, &theme));
    }
    if theme.colorless {
        crate::theme::strip_colors(frame.buffer_mut());
    }
    drawn
}
