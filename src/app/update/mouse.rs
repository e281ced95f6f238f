//! The mouse, while capture is on: the wheel scrolls the list or the document (or the help),
//! a left click selects the row under it, as the last frame drew it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::worker::Command;

use super::super::keymap::Action;
use super::super::state::State;
use super::*;

/// Rows one notch of the wheel moves.
pub const WHEEL_STEP: usize = 3;

/// What the footer says while the mouse is on: the terminal selects text only with a modifier.
pub fn selection_hint() -> &'static str {
    if cfg!(target_os = "macos") {
        "mouse on: hold Option to select text"
    } else {
        "mouse on: hold Shift to select text"
    }
}

pub(super) fn toggle(state: &mut State) {
    state.mouse = !state.mouse;
    if state.mouse {
        state.flash_info(format!(
            "{}; the wheel scrolls, a click selects (M or :mouse turns it off)",
            selection_hint()
        ));
    } else {
        state.flash_info("mouse off: the terminal selects text as usual");
    }
}

/// The action a mouse event stands for, if it is a scroll.
pub fn wheel_action(event: &MouseEvent) -> Option<Action> {
    match event.kind {
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::ScrollUp => Some(Action::Up),
        _ => None,
    }
}

pub(super) fn on_mouse(state: &mut State, event: MouseEvent) -> Vec<Command> {
    if !state.mouse || state.prompt.is_some() {
        return Vec::new();
    }
    if let Some(action) = wheel_action(&event) {
        if state.help.is_some() {
            for _ in 0..WHEEL_STEP {
                on_help_action(state, action);
            }
            return Vec::new();
        }
        let mut commands = Vec::new();
        for _ in 0..WHEEL_STEP {
            commands.extend(views::on_action(state, action).unwrap_or_default());
        }
        return commands;
    }
    if event.kind == MouseEventKind::Down(MouseButton::Left) && state.help.is_none() {
        // The dashboard player's panels sit side by side: it needs the column too.
        if let Some(commands) = views::dashboard::update::on_click(state, event.column, event.row) {
            return commands;
        }
        click(state, event.row);
    }
    Vec::new()
}

/// Selects the item drawn at screen line `y`, if there is one.
fn click(state: &mut State, y: u16) {
    let layout = state.layout_on_screen();
    if let Some(index) = layout.item_at(y) {
        state.view_mut().click(index, &layout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn mouse(kind: MouseEventKind, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column: 5,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn a_click_selects_an_account_and_never_removes_it() {
        use crate::config::accounts::SavedAccount;
        let mut state = State::new("a", (80, 20), 0);
        for name in ["a", "b", "c"] {
            state.accounts.upsert(
                SavedAccount {
                    name: name.into(),
                    address: "acme.wavefront.com".into(),
                    method: crate::auth::LoginMethod::ApiToken,
                    csp_url: None,
                    client_id: None,
                    org_id: None,
                    readonly: false,
                },
                None,
            );
        }
        state
            .stack
            .push(crate::app::View::Accounts(Default::default()));
        state.mouse = true;
        // Header, title, column header: the accounts start on row 3.
        let commands = on_mouse(
            &mut state,
            mouse(MouseEventKind::Down(MouseButton::Left), 5),
        );
        assert!(commands.is_empty());
        let crate::app::View::Accounts(v) = state.view() else {
            panic!()
        };
        assert_eq!(v.selected, 2);
        assert_eq!(state.confirm, None);
        on_mouse(
            &mut state,
            mouse(MouseEventKind::Down(MouseButton::Left), 9),
        );
        let crate::app::View::Accounts(v) = state.view() else {
            panic!()
        };
        assert_eq!(v.selected, 2, "below the last account: nothing");
    }

    #[test]
    fn the_wheel_is_up_and_down() {
        assert_eq!(
            wheel_action(&mouse(MouseEventKind::ScrollDown, 0)),
            Some(Action::Down)
        );
        assert_eq!(
            wheel_action(&mouse(MouseEventKind::ScrollUp, 0)),
            Some(Action::Up)
        );
        assert_eq!(
            wheel_action(&mouse(MouseEventKind::Down(MouseButton::Left), 0)),
            None
        );
    }
}
