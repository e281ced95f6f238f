//! Drawing: pure functions from `&State` to a frame. Nothing here changes state.

mod accounts;
pub mod chart;
mod footer;
mod header;
mod help;
mod history;
mod inspector;
mod login;
mod table;
pub mod theme;
mod token;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::State;
use crate::app::View;
use crate::app::layout::{FOOTER_ROWS, HEADER_ROWS};
use theme::Theme;

/// Draws the whole screen for the current state.
pub fn draw(frame: &mut Frame, state: &State) {
    // The theme lives in state, so each can be rendered (and tested) without a global.
    let theme: Theme = state.theme.clone();
    let [header_area, body, footer_area] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(1),
        Constraint::Length(FOOTER_ROWS),
    ])
    .areas(frame.area());

    header::draw(frame, header_area, state, &theme);
    match state.view() {
        View::Table(t) => table::draw(frame, body, state, t, &theme),
        View::Detail(d) => inspector::draw(frame, body, d, &theme, state.now_ms),
        View::Methods(p) => login::draw_picker(frame, body, state, p, &theme),
        View::Form(f) => login::draw_form(frame, body, state, f, &theme),
        View::Accounts(a) => accounts::draw(frame, body, state, a, &theme),
        View::Token => token::draw(frame, body, state, &theme),
        View::History(h) => history::draw(frame, body, state, h, &theme),
        View::Chart(c) => chart::draw(frame, body, c, &theme),
    }
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
}
