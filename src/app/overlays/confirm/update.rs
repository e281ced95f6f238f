//! The keys of the confirmation, from the keymap's `Scope::Confirm`.

use crossterm::event::KeyEvent;

use super::{Confirm, Then};
use crate::api::history::HistoryEntry;
use crate::app::keymap::{Action, Scope};
use crate::app::overlays::actions::update as actions;
use crate::app::state::State;
use crate::worker::Command;

/// What a key in the confirmation leads to.
#[derive(Debug)]
pub enum Answer {
    /// Done here: these commands (maybe none) go to the worker.
    Commands(Vec<Command>),
    /// Yes to sending a request of the history again: the history view sends it (an overlay
    /// knows no view, so the router hands this on).
    Replay(Box<HistoryEntry>),
    /// Yes to a revert: the version history reads the item again first (the router hands
    /// this on).
    Revert(Box<super::Revert>),
}

/// A key while a confirmation waits: `Confirm` says yes, `CopyCurl` copies what would be sent
/// (and keeps waiting), `Help` and `Quit` do what they do everywhere; any other key is a no.
pub fn on_key(state: &mut State, key: KeyEvent) -> Answer {
    let Some(confirm) = state.confirm.take() else {
        return Answer::Commands(Vec::new());
    };
    let action = state.keymap.action(Scope::Confirm, &key);
    let commands = match action {
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
        Some(Action::Confirm) => return yes(state, confirm),
        _ => {
            state.flash_info(confirm.kept());
            Vec::new()
        }
    };
    Answer::Commands(commands)
}

fn yes(state: &mut State, confirm: Confirm) -> Answer {
    match confirm.then {
        Then::Mutate(m) => Answer::Commands(actions::run(state, m)),
        Then::RemoveAccount(name) => Answer::Commands(vec![Command::RemoveAccount(name)]),
        Then::Replay(entry) => Answer::Replay(entry),
        Then::Revert(revert) => Answer::Revert(revert),
    }
}
