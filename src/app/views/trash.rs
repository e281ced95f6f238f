//! `:trash [KIND]`: the deleted items of a kind, as a list of its own (the catalog's trash
//! kinds: the table pages, searches, filters, sorts and marks as every list does), over the
//! list it was opened from; `U` restores the selected or marked ones, asked first.

use crate::api::catalog::{ALERTS, TRASH, kind_by_name, restore_request, trash_for};
use crate::app::overlays::actions::Mutation;
use crate::app::overlays::confirm::Confirm;
use crate::app::state::{LoginState, State, View};
use crate::app::views::table::TableView;
use crate::worker::Command;

/// The command line's word.
pub const TRASH_WORD: &str = "trash";

/// `:trash` opens the trash of the kind named, else of the list shown, else of alerts.
pub fn open_command(state: &mut State, rest: &str) -> Vec<Command> {
    let word = rest.trim();
    let here = match state.view() {
        View::Table(t) => trash_for(t.kind),
        _ => None,
    };
    let trash = if word.is_empty() {
        here.or_else(|| trash_for(&ALERTS))
    } else {
        kind_by_name(word).and_then(trash_for)
    };
    let Some(trash) = trash else {
        let kinds: Vec<&str> = TRASH
            .iter()
            .filter_map(|t| t.trash_of)
            .map(|k| k.name)
            .collect();
        state.flash_error(format!(
            "no trash of {word}: the API keeps deleted {}",
            kinds.join(", ")
        ));
        return Vec::new();
    };
    if matches!(state.view(), View::Table(t) if t.kind == trash) {
        return Vec::new();
    }
    let mut table = TableView::new(trash);
    crate::app::memory::restore_table(&state.memory, &mut table);
    let commands = match state.login {
        LoginState::LoggedIn(_) => {
            let id = state.next_request_id();
            table.reload(id)
        }
        _ => Vec::new(),
    };
    state.stack.push(View::Table(Box::new(table)));
    commands
}

/// `U` in a trash: the restore of the marked items (else the selected one), to confirm.
pub fn restore(state: &mut State) -> Vec<Command> {
    let View::Table(t) = state.view() else {
        return Vec::new();
    };
    let trash = t.kind;
    if trash.trash_of.is_none() {
        state.flash_error("U restores deleted items: open a trash first (:trash)");
        return Vec::new();
    }
    let mut ids: Vec<String> = match state.marks.of(trash) {
        Some(marked) => marked.iter().cloned().collect(),
        None => t
            .selected_row()
            .and_then(|r| r.id().map(Into::into))
            .into_iter()
            .collect(),
    };
    ids.sort();
    if ids.is_empty() {
        state.flash_error("nothing selected: no deleted item to restore");
        return Vec::new();
    }
    let items: Vec<(String, crate::api::ApiRequest)> = ids
        .into_iter()
        .filter_map(|id| restore_request(trash, &id).map(|r| (id, r)))
        .collect();
    state.confirm = Some(Confirm::mutation(Mutation {
        kind: trash,
        label: "restore from the trash",
        done: "restored",
        items,
    }));
    Vec::new()
}
