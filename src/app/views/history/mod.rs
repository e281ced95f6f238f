//! `:history`, the requests sent, newest first: replay one, copy it as curl, filter them with
//! `/`; the lists' auto-refresh requests are left out unless `a` shows them. The log itself
//! (and the confirmation of a change sent again) is [`log`]; what is shown, [`filter`].

pub mod draw;
pub mod filter;
pub mod log;

pub use log::{HistoryView, RequestLog};

use crossterm::event::KeyEvent;

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
        if self.editing() {
            Scope::Filter
        } else {
            Scope::History
        }
    }

    fn footer_actions(&self) -> &'static [Action] {
        if self.editing() {
            &[Action::Submit, Action::Back]
        } else {
            &[
                Action::Down,
                Action::Open,
                Action::CopyCurl,
                Action::Filter,
                Action::ShowAutoRefresh,
                Action::Back,
            ]
        }
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Submit => Some("apply"),
            Action::Back if self.editing() => Some("clear"),
            Action::ShowAutoRefresh if self.show_auto => Some("hide auto-refresh"),
            Action::ShowAutoRefresh => Some("show auto-refresh"),
            _ => None,
        }
    }

    fn footer_input(&self, theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        let f = self.filter.as_ref().filter(|f| f.editing)?;
        Some(draw::filter_line(&f.input, theme))
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

    fn on_key(state: &mut State, key: &KeyEvent, action: Option<Action>) -> Option<Vec<Command>> {
        filter::on_filter_key(state, key, action).map(|()| Vec::new())
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        match action {
            Action::Open => return Some(log::replay(state)),
            Action::CopyCurl => return Some(log::copy_curl(state)),
            _ => {}
        }
        if let Some(commands) = filter::on_action(state, action) {
            return Some(commands);
        }
        let height = state.layout().page();
        let View::History(v) = state.view() else {
            return None;
        };
        let len = v.shown(&state.history).len();
        let View::History(v) = state.view_mut() else {
            return None;
        };
        let delta = nav_delta(action, height)?;
        v.selected = step(v.selected, delta, len);
        v.offset = scroll_to(v.offset, v.selected, height);
        Some(Vec::new())
    }
}
