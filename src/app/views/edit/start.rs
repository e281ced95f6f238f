//! Starting an edit from a list: `e` edits the selected or marked items, `n` a new one from a
//! template, `N` a copy of the selected one (the alert's own clone endpoint where the spec has
//! one), `D` asks to delete the selected or marked ones. Read-only mode refuses each here, at
//! once, before anything is typed (the yes and the worker refuse again).

use crate::api::Kind;
use crate::api::catalog::{Arg, Editing, Verb, editing};
use crate::api::edit::{Purpose, text_for_new};
use crate::app::overlays::actions::Mutation;
use crate::app::overlays::confirm::Confirm;
use crate::app::state::{State, View};
use crate::editor::EditorJob;
use crate::worker::Command;

use super::{EditView, Step};

/// The list's kind and the ids an action is for (marked rows, or the selected one).
fn targets(state: &State) -> Option<(&'static Kind, Vec<String>)> {
    crate::app::overlays::actions::update::targets(state)
}

/// The kind's editing, or `None` after saying why there is none (or that read-only refuses).
fn editable(state: &mut State, kind: &'static Kind, what: &str) -> Option<&'static Editing> {
    let Some(e) = editing(kind) else {
        let offered: Vec<&str> = crate::api::catalog::EDITABLE
            .iter()
            .map(|e| e.kind.name)
            .collect();
        state.flash_info(format!(
            "{} cannot be {what} here: the API has no update for them (these can: {})",
            kind.title.to_lowercase(),
            offered.join(", ")
        ));
        return None;
    };
    if let Some(why) = state.read_only.because() {
        state.flash_error(format!("read-only ({why}): nothing can be {what}"));
        return None;
    }
    Some(e)
}

fn view(kind: &'static Kind, e: &'static Editing, purpose: Purpose, name: String) -> EditView {
    EditView {
        kind,
        editing: e,
        purpose,
        opened: Vec::new(),
        text: String::new(),
        file: None,
        name,
        copy_of: None,
        step: Step::Invalid(String::new()),
        scroll: 0,
    }
}

/// `e`: the selected or marked items, read afresh, then the editor.
pub fn edit_selected(state: &mut State) -> Vec<Command> {
    let Some((kind, ids)) = targets(state) else {
        return Vec::new();
    };
    if ids.is_empty() {
        state.flash_error("nothing selected: no row to edit");
        return Vec::new();
    }
    let Some(e) = editable(state, kind, "edited") else {
        return Vec::new();
    };
    let name = match ids.as_slice() {
        [one] => format!("{}-{one}", kind.name),
        many => format!("{}-{}-items", kind.name, many.len()),
    };
    read_then_edit(state, view(kind, e, Purpose::Update, name), ids)
}

fn read_then_edit(state: &mut State, mut v: EditView, ids: Vec<String>) -> Vec<Command> {
    let id = state.next_request_id();
    v.step = Step::Reading(id);
    let kind = v.kind;
    state.stack.push(View::Edit(Box::new(v)));
    vec![Command::EditRead { id, kind, ids }]
}

/// `n`: a new item of the list's kind, from its template.
pub fn new_item(state: &mut State) -> Vec<Command> {
    let Some((kind, _)) = targets(state) else {
        return Vec::new();
    };
    let Some(e) = editable(state, kind, "created") else {
        return Vec::new();
    };
    let text = text_for_new(e, None, state.now_ms / 1000);
    let mut v = view(kind, e, Purpose::Create, format!("{}-new", kind.name));
    v.text = text;
    open_editor(state, v)
}

/// Pushes the view with the editor open on its text.
pub(super) fn open_editor(state: &mut State, mut v: EditView) -> Vec<Command> {
    let id = state.next_request_id();
    v.step = Step::Editing(id);
    let job = editor_job(&v, id);
    state.stack.push(View::Edit(Box::new(v)));
    vec![Command::Edit(Box::new(job))]
}

/// The editor on the view's text, in its file once it has one.
pub(super) fn editor_job(v: &EditView, id: crate::worker::RequestId) -> EditorJob {
    EditorJob {
        id,
        file: v.file.clone(),
        name: v.name.clone(),
        text: v.text.clone(),
    }
}

/// `N`: a copy of the selected item. Alerts have a clone endpoint (confirmed first); other
/// kinds get a copy in the editor, created once saved.
pub fn clone_selected(state: &mut State) -> Vec<Command> {
    let Some((kind, ids)) = targets(state) else {
        return Vec::new();
    };
    let [id] = ids.as_slice() else {
        let text = if ids.is_empty() {
            "nothing selected: no row to clone"
        } else {
            "clone one at a time (clear the marks: u)"
        };
        state.flash_error(text);
        return Vec::new();
    };
    if let Some(why) = state.read_only.because() {
        state.flash_error(format!("read-only ({why}): nothing can be cloned"));
        return Vec::new();
    }
    if let Some(op) = kind.operation(Verb::Clone) {
        let name = format!("{} (copy)", selected_name(state).unwrap_or_default());
        let request = op.request(id, Arg::Name(Some(name.trim_start())));
        state.confirm = Some(Confirm::mutation(Mutation {
            kind,
            label: "clone",
            done: op.done,
            items: vec![(id.clone(), request)],
        }));
        return Vec::new();
    }
    let Some(e) = editable(state, kind, "cloned") else {
        return Vec::new();
    };
    let mut v = view(kind, e, Purpose::Create, format!("{}-{id}-copy", kind.name));
    v.copy_of = Some(id.clone());
    read_then_edit(state, v, ids)
}

/// The selected row's name as the list shows it (its first text column).
fn selected_name(state: &State) -> Option<String> {
    let View::Table(t) = state.view() else {
        return None;
    };
    t.selected_row()?
        .cells()
        .find_map(|c| c.text().filter(|s| !s.is_empty()).map(str::to_string))
}

/// `D`: the confirmation of deleting the selected or marked items, naming them.
pub fn delete_selected(state: &mut State) -> Vec<Command> {
    let Some((kind, ids)) = targets(state) else {
        return Vec::new();
    };
    if ids.is_empty() {
        state.flash_error("nothing selected: no row to delete");
        return Vec::new();
    }
    let Some(op) = kind.operation(Verb::Delete) else {
        state.flash_info(format!(
            "{} cannot be deleted: the API has no delete for them",
            kind.title.to_lowercase()
        ));
        return Vec::new();
    };
    let items = ids
        .iter()
        .map(|id| (id.clone(), op.request(id, Arg::None)))
        .collect();
    state.confirm = Some(Confirm::mutation(Mutation {
        kind,
        label: "delete",
        done: op.done,
        items,
    }));
    Vec::new()
}
