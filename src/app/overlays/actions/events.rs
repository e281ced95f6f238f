//! Sending confirmed mutations and what the worker reports of them: row changes, marks, the
//! progress and its summary, the item read before a request is built from it.

use super::update::confirm;
use super::{Flow, Mutation, Progress};
use crate::api::Kind;
use crate::app::present;
use crate::app::state::{State, View};
use crate::worker::mutate::{MutationError, Outcome, RowChange};
use crate::worker::{Command, Event, RequestId};

/// `y` on a confirmation of mutations: refused in read-only mode, otherwise sent.
pub(crate) fn run(state: &mut State, m: Mutation) -> Vec<Command> {
    if let Some(message) = m
        .items
        .first()
        .and_then(|(_, r)| state.read_only.refusal(r))
    {
        state.flash_error(message);
        return Vec::new();
    }
    let id = state.next_request_id();
    let total = m.items.len();
    state.flow = Some(Flow::Running(Progress {
        id,
        kind: m.kind,
        label: m.label,
        done: m.done,
        total,
        ok: 0,
        failed: Vec::new(),
        finished: false,
    }));
    let mut items = m.items;
    if total == 1 {
        let (item_id, request) = items.remove(0);
        vec![Command::Mutate {
            id,
            kind: Some(m.kind),
            item_id: (!item_id.is_empty()).then_some(item_id),
            request,
        }]
    } else {
        vec![Command::Bulk {
            id,
            kind: Some(m.kind),
            items,
        }]
    }
}

/// Applies a change to every open table of `kind`; a changed row is no longer marked.
fn apply(state: &mut State, kind: &'static Kind, item_id: &str, change: &RowChange) {
    let current = state.current_account().map(str::to_string);
    for depth in 0..state.stack.len() {
        let height = state.layout_at(depth).page();
        if let View::Table(t) = &mut state.stack[depth] {
            if t.kind == kind {
                t.apply_change(change, height, current.as_deref());
                // The person's own change to the console's row is no news at its next refresh.
                if let (Some(live), RowChange::Updated(row)) = (t.live.as_mut(), change) {
                    live.saw(row);
                    state.firing.saw(row);
                }
            }
        }
    }
    let failed_before = matches!(&state.flow, Some(Flow::Running(p)) if p.failed_for(item_id));
    if state.marks.kind == Some(kind) && !failed_before {
        state.marks.ids.remove(item_id);
    }
    if let RowChange::Removed(id) = change {
        state.marks.ids.remove(id);
    }
}

/// One outcome of a running action; its row changes apply even when the overlay was closed.
fn record(state: &mut State, outcome: Outcome) {
    let Outcome {
        id,
        kind,
        item_id,
        request,
        result,
    } = outcome;
    let item_id = item_id.unwrap_or_default();
    if let (Some(kind), Ok(change)) = (kind, &result) {
        apply(state, kind, &item_id, change);
    }
    if let Some(Flow::Running(p)) = &mut state.flow {
        if p.id == id {
            match result {
                Ok(_) => p.ok += 1,
                Err(e) => p
                    .failed
                    .push((item_id, request, present::Present::message(&e))),
            }
        }
    }
}

/// Whether the running overlay is the one for request `id`.
fn running(state: &State, id: RequestId) -> Option<&Progress> {
    match &state.flow {
        Some(Flow::Running(p)) if p.id == id => Some(p),
        _ => None,
    }
}

/// Worker events of actions.
pub(crate) fn on_action_event(state: &mut State, event: Event) -> Vec<Command> {
    match event {
        Event::Mutated(outcome) => mutated(state, *outcome),
        Event::BulkItem(outcome) => record(state, *outcome),
        Event::BulkDone { id, .. } => bulk_done(state, id),
        Event::ItemRead { id, result } => item_read(state, id, result),
        _ => {}
    }
    Vec::new()
}

/// A single change came back: the overlay closes and the message line says how it went.
fn mutated(state: &mut State, outcome: Outcome) {
    let id = outcome.id;
    let failed = outcome
        .result
        .as_ref()
        .err()
        .map(|e: &MutationError| present::Present::message(e));
    let what = outcome
        .item_id
        .as_ref()
        .map(|i| format!(" {i}"))
        .unwrap_or_default();
    record(state, outcome);
    let Some(p) = running(state, id) else {
        return;
    };
    let text = format!("{}: {}{what}", p.done, p.kind.title.to_lowercase());
    state.flow = None;
    match failed {
        None => state.flash_info(text),
        Some(e) => state.flash_error(e),
    }
}

/// A bulk change is done: without failures the overlay closes by itself and the list takes the
/// keys again; with failures the summary stays for a retry.
fn bulk_done(state: &mut State, id: RequestId) {
    let Some(Flow::Running(p)) = &mut state.flow else {
        return;
    };
    if p.id != id {
        return;
    }
    p.finished = true;
    let summary = p.summary();
    if p.failed.is_empty() {
        state.flow = None;
        state.flash_info(summary);
    } else {
        state.flash_error(summary);
    }
}

/// The item a request is built from was read: its confirmation opens.
fn item_read(
    state: &mut State,
    id: RequestId,
    result: Result<serde_json::Value, crate::api::ApiError>,
) {
    let Some(Flow::Reading {
        id: want,
        kind,
        entry,
        op,
        item_id,
    }) = state.flow.take()
    else {
        return;
    };
    if want != id {
        state.flow = Some(Flow::Reading {
            id: want,
            kind,
            entry,
            op,
            item_id,
        });
        return;
    }
    match result {
        Ok(current) => {
            let request = op.request_from(&item_id, &current, state.now_ms / 1000);
            confirm(state, kind, entry, vec![(item_id, request)]);
        }
        Err(e) => present::flash(state, &e),
    }
}
