//! `:history`, the requests sent, newest first: replay one, copy it as curl. The log itself
//! (and the confirmation of a change sent again) is [`log`].

pub mod draw;
pub mod log;

pub use log::{HistoryView, RequestLog};

use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::layout::{scroll_to, step};
use crate::app::state::{State, View};
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;
use crate::worker::Command;

/// `:history`.
pub fn open_command(state: &mut State, _rest: &str) -> Vec<Command> {
    log::open(state);
    Vec::new()
}

impl ViewBehaviour for HistoryView {
    fn scope(&self) -> Scope {
        Scope::History
    }

    fn footer_actions(&self) -> &'static [Action] {
        &[Action::Down, Action::Open, Action::CopyCurl, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        draw::draw(frame, area, state, self, theme)
    }

    fn click(&mut self, index: usize, drawn: &Drawn) {
        self.selected = index;
        self.offset = scroll_to(self.offset, self.selected, drawn.page());
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        match action {
            Action::Open => return Some(log::replay(state)),
            Action::CopyCurl => return Some(log::copy_curl(state)),
            _ => {}
        }
        let height = state.layout().page();
        let len = state.history.entries.len();
        let View::History(v) = state.view_mut() else {
            return None;
        };
        let delta = nav_delta(action, height)?;
        v.selected = step(v.selected, delta, len);
        v.offset = scroll_to(v.offset, v.selected, height);
        Some(Vec::new())
    }
}
