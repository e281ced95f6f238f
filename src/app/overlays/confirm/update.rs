//! The keys of the confirmation, from the keymap's `Scope::Confirm`.

use crossterm::event::KeyEvent;

use super::{Confirm, Then};
use crate::app::keymap::{Action, Scope};
use crate::app::overlays::actions::update as actions;
use crate::app::state::State;
use crate::worker::Command;

/// A key while a confirmation waits: `Confirm` says yes, `CopyCurl` copies what would be sent
/// (and keeps waiting), `Help` and `Quit` do what they do everywhere; any other key is a no.
pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let Some(confirm) = state.confirm.take() else {
        return Vec::new();
    };
    let action = state.keymap.action(Scope::Confirm, &key);
    match action {
        Some(Action::Help) => {
            state.help = Some(0);
            state.confirm = Some(confirm);
            Vec::new()
        }
        Some(Action::Quit) => {
            state.quit = true;
            Vec::new()
        }
        Some(Action::CopyCurl) if !confirm.requests().is_empty() => {
            let requests = confirm.requests();
            state.confirm = Some(confirm);
            actions::copy_curl(state, requests)
        }
        Some(Action::Confirm) => yes(state, confirm),
        _ => {
            state.flash_info(confirm.kept());
            Vec::new()
        }
    }
}

fn yes(state: &mut State, confirm: Confirm) -> Vec<Command> {
    match confirm.then {
        Then::Mutate(m) => actions::run(state, m),
        Then::RemoveAccount(name) => vec![Command::RemoveAccount(name)],
        Then::Replay(entry) => crate::app::history::send(state, &entry),
    }
}
