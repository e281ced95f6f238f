//! Overlays: what opens over a view and takes the keys until it is answered. Each is a folder
//! with its state (`mod.rs`), its update, its draw and its footer.

pub mod actions;
pub mod confirm;
mod popup;

use super::keymap::{Action, Scope};
use super::state::State;

/// The footer of the open overlay, when one is open: the scope its keys are looked up in, and
/// the actions it names with their hints.
pub fn footer(state: &State) -> Option<(Scope, Vec<(Action, &'static str)>)> {
    if let Some(c) = &state.confirm {
        return Some((Scope::Confirm, confirm::footer(c)));
    }
    state.flow.as_ref().map(actions::footer)
}
