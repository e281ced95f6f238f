//! The one confirmation overlay: anything that changes something waits here for a yes. Mutations
//! of the actions menu, an account's removal and a change sent again from the history all open
//! it; its keys are the keymap's `Scope::Confirm` (`y`/`enter` confirm, `C` copies the requests
//! as curl, `?` shows the keys); any other key keeps things as they are.

mod draw;
mod revert;
mod times;
mod update;

pub use draw::draw;
pub use update::{Answer, on_key};

use crate::api::ApiRequest;
use crate::api::history::HistoryEntry;
use crate::app::keymap::Action;

use super::actions::Mutation;

/// A question waiting for its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub then: Then,
}

/// What a yes does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Sends the mutations (and shows their progress).
    Mutate(Mutation),
    /// Removes the saved account and its stored secret.
    RemoveAccount(String),
    /// Sends a change of the history again.
    Replay(Box<HistoryEntry>),
    /// Reverts an item to a version of its history, once it is read again and found unchanged.
    Revert(Box<Revert>),
}

/// A revert waiting for its yes: the `PUT`, the diff it makes to the item, and the item as it
/// was read for that diff (a yes reads it again and sends nothing if it changed since).
#[derive(Debug, Clone, PartialEq)]
pub struct Revert {
    pub mutation: Mutation,
    pub version: crate::api::versions::VersionNo,
    /// What the item is called, for the box.
    pub name: String,
    pub diff: crate::app::widgets::diff::Folded,
    pub seen: serde_json::Value,
}

impl Confirm {
    pub fn mutation(m: Mutation) -> Self {
        Self {
            then: Then::Mutate(m),
        }
    }

    pub fn remove_account(name: String) -> Self {
        Self {
            then: Then::RemoveAccount(name),
        }
    }

    pub fn replay(entry: HistoryEntry) -> Self {
        Self {
            then: Then::Replay(Box::new(entry)),
        }
    }

    pub fn revert(revert: Revert) -> Self {
        Self {
            then: Then::Revert(Box::new(revert)),
        }
    }

    /// The exact requests a yes sends (none for an account's removal: it sends nothing).
    pub fn requests(&self) -> Vec<ApiRequest> {
        match &self.then {
            Then::Mutate(m) => m.items.iter().map(|(_, r)| r.clone()).collect(),
            Then::Revert(r) => r.mutation.items.iter().map(|(_, r)| r.clone()).collect(),
            Then::Replay(entry) => entry.request().into_iter().collect(),
            Then::RemoveAccount(_) => Vec::new(),
        }
    }

    /// What the message line says when it was not confirmed.
    pub fn kept(&self) -> &'static str {
        match self.then {
            Then::Mutate(_) => "cancelled: nothing was sent",
            Then::RemoveAccount(_) => "kept",
            Then::Replay(_) => "not sent",
            Then::Revert(_) => "not reverted: nothing was sent",
        }
    }
}

/// The footer while it waits.
pub fn footer(c: &Confirm) -> Vec<(Action, &'static str)> {
    match c.then {
        Then::Mutate(_) => vec![
            (Action::Confirm, "run"),
            (Action::CopyCurl, "curl"),
            (Action::Back, "cancel"),
        ],
        Then::RemoveAccount(_) => vec![(Action::Confirm, "remove"), (Action::Back, "keep")],
        Then::Replay(_) => vec![
            (Action::Confirm, "send again"),
            (Action::CopyCurl, "curl"),
            (Action::Back, "keep"),
        ],
        Then::Revert(_) => vec![
            (Action::Confirm, "revert"),
            (Action::CopyCurl, "curl"),
            (Action::Back, "cancel"),
        ],
    }
}
