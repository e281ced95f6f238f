//! What a history's job does once its bodies are read: a diff, a version's JSON, a revert's
//! confirmation (its diff against the item now), a copy's confirmation; and a confirmed
//! revert, sent only when the item read again is still the one the diff was made from.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{Body, DiffView, Job, VersionsView, Want};
use crate::api::catalog::{Arg, Verb, editing};
use crate::api::versions::{VersionNo, clone_request, revert_body, without_computed};
use crate::app::overlays::actions::Mutation;
use crate::app::overlays::confirm::{Confirm, Revert};
use crate::app::state::{State, View};
use crate::app::views::inspector::Inspector;
use crate::app::widgets::diff::Folded;
use crate::worker::Command;

fn top(state: &State) -> Option<&VersionsView> {
    match state.view() {
        View::Versions(v) => Some(v),
        _ => None,
    }
}

/// Does what `job` was for; its bodies are all read (the history is on top).
pub(super) fn finish(state: &mut State, job: Job) -> Vec<Command> {
    match job.want {
        Want::Diff { old, new } => open_diff(state, old.as_ref(), &new),
        Want::Json(n) => open_json(state, &n),
        Want::Revert(n) => confirm_revert(state, &n, job.current),
        Want::Copy(n) => confirm_copy(state, &n),
        Want::Recheck(revert) => return send_if_unchanged(state, *revert, job.current),
    }
    Vec::new()
}

/// The body of version `n`, read before.
fn body(state: &State, n: &VersionNo) -> Option<Arc<Value>> {
    top(state)?.body(n)
}

fn open_diff(state: &mut State, old: Option<&VersionNo>, new: &VersionNo) {
    let Some(v) = top(state) else { return };
    let kind = v.kind;
    let (Some(after), before) = (body(state, new), old.and_then(|o| body(state, o))) else {
        return;
    };
    let empty = json!({});
    let before_value = before.as_deref().unwrap_or(&empty);
    let diff = Folded::new(
        &without_computed(kind, before_value),
        &without_computed(kind, &after),
    );
    let title = format!("{} › {}", v.kind.title, v.name);
    let what = match old {
        Some(o) => format!("version {o} → version {new}"),
        None => format!("version {new}, the first: all of it is new"),
    };
    state
        .stack
        .push(View::Diff(Box::new(DiffView::new(title, what, diff))));
}

fn open_json(state: &mut State, n: &VersionNo) {
    let (Some(v), Some(item)) = (top(state), body(state, n)) else {
        return;
    };
    let title = format!("{} › {} › version {n}", v.kind.title, v.name);
    let source = crate::api::versions::Call::Version {
        kind: v.kind,
        item_id: v.item_id.clone(),
        version: n.clone(),
    };
    let doc = Arc::new(crate::json::Doc::from_value(&item));
    let view = Inspector::with_doc(title, source.request().to_string(), doc);
    state.stack.push(View::Detail(Box::new(view)));
}

/// `r`: the diff the revert makes to the item as it is now, and the question.
fn confirm_revert(state: &mut State, n: &VersionNo, current: Option<Value>) {
    let (Some(v), Some(old), Some(current)) = (top(state), body(state, n), current) else {
        return;
    };
    let (kind, item_id, name) = (v.kind, v.item_id.clone(), v.name.clone());
    let Some(update) = kind.operation(Verb::Update) else {
        state.flash_error(format!("{} cannot be updated", kind.title.to_lowercase()));
        return;
    };
    let sent = revert_body(kind, &item_id, &current, &old);
    let diff = Folded::new(
        &without_computed(kind, &current),
        &without_computed(kind, &sent),
    );
    if diff.is_empty() {
        state.flash_info(format!(
            "version {n} is the item as it is now: nothing to revert"
        ));
        return;
    }
    let mutation = Mutation {
        kind,
        label: "revert to a version",
        done: "reverted",
        items: vec![(item_id.clone(), update.request(&item_id, Arg::Item(sent)))],
    };
    state.confirm = Some(Confirm::revert(Revert {
        mutation,
        version: n.clone(),
        name,
        diff,
        seen: current,
    }));
}

/// `n`: a new item from version `n` (the alert's clone endpoint, a create for the others),
/// asked first.
fn confirm_copy(state: &mut State, n: &VersionNo) {
    let (Some(v), Some(old)) = (top(state), body(state, n)) else {
        return;
    };
    let Some(request) = clone_request(v.kind, &v.item_id, n, &old) else {
        let what = v.kind.title.to_lowercase();
        state.flash_error(format!("{what} cannot be created: no copy of a version"));
        return;
    };
    state.confirm = Some(Confirm::mutation(Mutation {
        kind: v.kind,
        label: "new item from a version",
        done: "created",
        items: vec![(String::new(), request)],
    }));
}

/// The confirmation's yes: refused at once in read-only mode; otherwise the item is read
/// again, and the revert is sent only if nobody changed it since its diff was shown.
pub fn recheck(state: &mut State, revert: Revert) -> Vec<Command> {
    let refusal = revert
        .mutation
        .items
        .first()
        .and_then(|(_, r)| state.read_only.refusal(r));
    if let Some(message) = refusal {
        state.flash_error(message);
        return Vec::new();
    }
    if top(state).is_none() {
        state.flash_error("the history closed: nothing was sent");
        return Vec::new();
    }
    let id = state.next_request_id();
    let Some(View::Versions(v)) = state.stack.last_mut() else {
        return Vec::new();
    };
    let commands = v.start(Want::Recheck(Box::new(revert)), vec![(id, Body::Current)]);
    state.flash_info("reading the item again before the revert…");
    commands
}

/// Sends the revert when `now` (the item read again) is what its diff was made from.
fn send_if_unchanged(state: &mut State, revert: Revert, now: Option<Value>) -> Vec<Command> {
    let Some(now) = now else {
        return Vec::new();
    };
    let kind = revert.mutation.kind;
    let changed = match editing(kind) {
        Some(e) => crate::api::edit::changed_since(e, &revert.seen, &now),
        None => revert.seen != now,
    };
    if changed {
        let who = now
            .get("updaterId")
            .and_then(Value::as_str)
            .map(|u| format!(" (by {})", crate::text::sanitize(u)))
            .unwrap_or_default();
        state.flash_error(format!(
            "it changed on the server since the diff was shown{who}: nothing was sent; r shows the diff against it now"
        ));
        return Vec::new();
    }
    crate::app::overlays::actions::update::run(state, revert.mutation)
}
