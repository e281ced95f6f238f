//! The current token's status: who, what, until when, how refreshing goes.

pub mod draw;

use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State};
use crate::app::views::ViewBehaviour;
use crate::theme::Theme;
use crate::worker::Command;

/// The pane holds nothing of its own: it shows the session's token.
#[derive(Debug, Default)]
pub struct TokenView;

impl ViewBehaviour for TokenView {
    fn scope(&self) -> Scope {
        Scope::Token
    }

    /// The pane shows whichever session is current.
    fn closes_on_login(&self) -> bool {
        false
    }

    fn footer_actions(&self) -> &'static [Action] {
        &[Action::Refresh, Action::Back, Action::Quit]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        draw::draw(frame, area, state, theme);
        Drawn::top(frame, state, area)
    }

    /// The countdown changes by the second.
    fn next_tick_ms(&self, now_ms: i64) -> Option<i64> {
        Some(now_ms + 1_000)
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        match action {
            Action::Refresh if matches!(state.login, LoginState::LoggedIn(_)) => {
                Some(vec![Command::RefreshToken])
            }
            Action::Refresh => Some(Vec::new()),
            _ => None,
        }
    }
}
