//! An edit moving along: the items read, the editor's text back, the condition checked, the
//! review's keys, the writes' results. Every way out that leaves text unused names its file;
//! a way out that used it (written, or nothing to write) removes the file.

use serde_json::Value;

use crate::api::ApiError;
use crate::api::edit::{Purpose, check_query, describe_check, read_back, text_for, text_for_new};
use crate::app::keymap::Action;
use crate::app::present;
use crate::app::state::{State, View};
use crate::app::widgets::diff::Folded;
use crate::editor::{Edited, EditorError};
use crate::worker::edit::{EditWrite, WriteOutcome};
use crate::worker::mutate::RowChange;
use crate::worker::{Command, RequestId};

use super::start::editor_job;
use super::{EditView, Outcome, Planned, Step, ThreeWay};

/// The edit view on top, if it is one.
fn top(state: &mut State) -> Option<&mut EditView> {
    match state.stack.last_mut() {
        Some(View::Edit(v)) => Some(v),
        _ => None,
    }
}

/// The edit view anywhere in the stack that waits for `id`.
fn waiting(state: &mut State, id: RequestId) -> Option<&mut EditView> {
    state.stack.iter_mut().find_map(|v| match v {
        View::Edit(e)
            if e.waiting() == Some(id) || matches!(e.step, Step::Editing(i) if i == id) =>
        {
            Some(e.as_mut())
        }
        _ => None,
    })
}

/// Closes the edit view on top with a message; the file goes when its text was used.
fn finish(state: &mut State, message: String, error: bool, used: bool) -> Vec<Command> {
    let Some(View::Edit(v)) = state.stack.pop() else {
        return Vec::new();
    };
    if error {
        state.flash_error(message);
    } else {
        state.flash_info(message);
    }
    match (used, v.file) {
        (true, Some(file)) => vec![Command::DiscardEdit(file)],
        _ => Vec::new(),
    }
}

/// `Event::EditRead`: the items are here; the editor opens on them (or on a copy of one).
pub fn on_read(
    state: &mut State,
    id: RequestId,
    items: Vec<(String, Result<Value, ApiError>)>,
) -> Vec<Command> {
    if waiting(state, id).is_none() {
        return Vec::new();
    }
    let mut opened = Vec::with_capacity(items.len());
    for (item_id, result) in items {
        match result {
            Ok(item) if item.is_object() => opened.push(item),
            Ok(_) => {
                let text = format!("{item_id}: the API answered something that is not an item");
                return finish(state, text, true, false);
            }
            Err(e) => {
                let text = format!("cannot read {item_id}: {}", present::Present::message(&e));
                return finish(state, text, true, false);
            }
        }
    }
    let now_s = state.now_ms / 1000;
    let v = match top(state) {
        Some(v) if v.waiting() == Some(id) => v,
        _ => return Vec::new(),
    };
    if v.copy_of.is_some() {
        v.text = text_for_new(v.editing, opened.first(), now_s);
    } else {
        v.text = text_for(v.editing, &opened);
        v.opened = opened;
    }
    reopen(state)
}

/// Opens the editor again on the view's text (kept in its file).
fn reopen(state: &mut State) -> Vec<Command> {
    let id = state.next_request_id();
    let Some(v) = top(state) else {
        return Vec::new();
    };
    v.step = Step::Editing(id);
    v.scroll = 0;
    vec![Command::Edit(Box::new(editor_job(v, id)))]
}

/// `Msg::Edited`: the editor closed. Its text is read and checked.
pub fn on_edited(state: &mut State, edited: Edited) -> Vec<Command> {
    let Some(v) = top(state).filter(|v| matches!(v.step, Step::Editing(i) if i == edited.id))
    else {
        // The edit was left meanwhile: its text stays in its file.
        return Vec::new();
    };
    if edited.file.is_some() {
        v.file = edited.file;
    }
    let text = match edited.result {
        Ok(text) => text,
        Err(e @ EditorError::Exited { .. }) => {
            let kept = v.kept();
            return finish(state, format!("{e}: nothing written; {kept}"), false, false);
        }
        Err(e) => {
            let kept = v.kept();
            let sep = if kept.is_empty() { "" } else { "; " };
            return finish(state, format!("{e}{sep}{kept}"), true, false);
        }
    };
    v.text = text;
    let planned = match plan(v) {
        Ok(planned) => planned,
        Err(why) => {
            v.step = Step::Invalid(why);
            return Vec::new();
        }
    };
    if planned.is_empty() {
        let what = match v.purpose {
            Purpose::Update => "no change: nothing written",
            Purpose::Create => "nothing changed in the template: nothing created",
        };
        return finish(state, what.to_string(), false, true);
    }
    check_next(state, planned, 0, Vec::new())
}

/// What the text asks to write: one per changed item.
fn plan(v: &EditView) -> Result<Vec<Planned>, String> {
    let bodies = read_back(v.editing, &v.text, v.purpose, &v.opened).map_err(|e| e.to_string())?;
    let mut planned = Vec::new();
    for body in bodies {
        let item_id = match v.purpose {
            Purpose::Update => v.kind.item_id(&body),
            Purpose::Create => None,
        };
        let opened = item_id.as_ref().and_then(|id| {
            v.opened
                .iter()
                .find(|o| v.kind.item_id(o).as_deref() == Some(id))
                .cloned()
        });
        let base = match v.purpose {
            Purpose::Update => opened.clone().unwrap_or(Value::Null),
            Purpose::Create => {
                let mut template = (v.editing.template)(0);
                if let Some(m) = template.as_object_mut() {
                    m.retain(|k, _| !crate::api::edit::is_note(k));
                }
                if v.copy_of.is_none() && template == body {
                    continue;
                }
                Value::Object(Default::default())
            }
        };
        let diff = Folded::new(&base, &body);
        if diff.is_empty() {
            continue;
        }
        planned.push(Planned {
            label: label(&body, item_id.as_deref()),
            item_id,
            opened,
            body,
            diff,
        });
    }
    Ok(planned)
}

/// An opened item as named on screen.
pub(super) fn label_of(item: &Value, id: &str) -> String {
    label(item, Some(id).filter(|i| !i.is_empty()))
}

/// An item as named on screen: `“name” (id)`, the name, or the id.
fn label(item: &Value, id: Option<&str>) -> String {
    let name = ["name", "title"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .filter(|n| !n.is_empty());
    match (name, id) {
        (Some(n), Some(id)) if n != id => format!("“{n}” ({id})"),
        (Some(n), _) => format!("“{n}”"),
        (None, Some(id)) => id.to_string(),
        (None, None) => "the new item".into(),
    }
}

/// Checks the condition of the alerts from `next` on, one request each; then the review.
fn check_next(
    state: &mut State,
    planned: Vec<Planned>,
    next: usize,
    said: Vec<String>,
) -> Vec<Command> {
    let is_alert = top(state).is_some_and(|v| v.kind.name == "alert");
    let request = is_alert
        .then(|| {
            planned
                .iter()
                .enumerate()
                .skip(next)
                .find_map(|(i, p)| check_query(&p.body).map(|r| (i, r)))
        })
        .flatten();
    let id = state.next_request_id();
    let Some(v) = top(state) else {
        return Vec::new();
    };
    match request {
        Some((at, request)) => {
            v.step = Step::Checking {
                id,
                planned,
                next: at,
                said,
            };
            vec![Command::CheckQuery { id, request }]
        }
        None => {
            v.step = Step::Review { planned, said };
            v.scroll = 0;
            Vec::new()
        }
    }
}

/// `Event::QueryChecked`: on to the next alert, or the review; a refused condition reopens
/// nothing by itself: the reason shows, and `e` goes back to the text.
pub fn on_checked(
    state: &mut State,
    id: RequestId,
    result: Result<Value, ApiError>,
) -> Vec<Command> {
    let Some(v) = top(state).filter(|v| v.waiting() == Some(id)) else {
        return Vec::new();
    };
    let Step::Checking {
        planned,
        next,
        mut said,
        ..
    } = std::mem::replace(&mut v.step, Step::Invalid(String::new()))
    else {
        return Vec::new();
    };
    match result {
        Ok(answer) => {
            let of = if planned.len() > 1 {
                format!("{}: ", planned[next].label)
            } else {
                String::new()
            };
            said.push(format!("{of}{}", describe_check(&answer)));
            check_next(state, planned, next + 1, said)
        }
        Err(e) => {
            v.step = Step::Invalid(format!(
                "the condition of {} was refused: {}",
                planned[next].label,
                present::Present::message(&e)
            ));
            Vec::new()
        }
    }
}

/// Which keys an edit's step takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    Review,
    Invalid,
    Done,
    Writing,
    /// Reading the items or checking a condition: `esc` stops it.
    Waiting,
}

/// The review's and the results' keys.
pub fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let height = state.layout().body.height as usize;
    if let Some(delta) = crate::app::views::nav_delta(action, height.saturating_sub(2).max(1)) {
        let View::Edit(v) = state.view() else {
            return None;
        };
        let total = super::draw::lines(v, state, &state.theme).len();
        let v = top(state)?;
        let last = total.saturating_sub(height);
        v.scroll = v.scroll.min(last).saturating_add_signed(delta).min(last);
        return Some(Vec::new());
    }
    let v = top(state)?;
    let at = match v.step {
        Step::Review { .. } => At::Review,
        Step::Invalid(_) => At::Invalid,
        Step::Done { .. } => At::Done,
        Step::Writing { .. } => At::Writing,
        _ => At::Waiting,
    };
    let kept = v.kept();
    let waiting = v.waiting();
    Some(match (action, at) {
        (Action::Confirm, At::Review) => write(state),
        (Action::Confirm | Action::EditItem, At::Invalid | At::Review) => reopen(state),
        (Action::EditItem, At::Done) => again(state),
        (Action::CopyCurl, At::Review) => {
            let requests = top(state).map(review_requests).unwrap_or_default();
            crate::app::overlays::actions::update::copy_curl(state, requests)
        }
        (Action::Back, At::Writing) => {
            state.flash_info("still writing: the results come in a moment");
            Vec::new()
        }
        (Action::Back, At::Done) => {
            finish(state, format!("not all was written: {kept}"), true, false)
        }
        (Action::Back, _) => {
            let sep = if kept.is_empty() { "" } else { ": " };
            let mut commands = finish(state, format!("nothing written{sep}{kept}"), false, false);
            commands.extend(waiting.map(Command::Cancel));
            commands
        }
        // The app's own (help, quit, the command line) and keys that mean nothing here.
        _ => return None,
    })
}

/// The requests a yes in the review sends.
fn review_requests(v: &mut EditView) -> Vec<crate::api::ApiRequest> {
    match &v.step {
        Step::Review { planned, .. } => planned
            .iter()
            .filter_map(|p| request(v, p))
            .map(|w| w.request)
            .collect(),
        _ => Vec::new(),
    }
}

/// The write of one planned item.
fn request(v: &EditView, p: &Planned) -> Option<EditWrite> {
    let verb = match p.item_id {
        Some(_) => crate::api::catalog::Verb::Update,
        None => crate::api::catalog::Verb::Create,
    };
    let op = v.kind.operation(verb)?;
    let id = p.item_id.as_deref().unwrap_or_default();
    Some(EditWrite {
        item_id: p.item_id.clone(),
        opened: p.opened.clone(),
        request: op.request(id, crate::api::catalog::Arg::Item(p.body.clone())),
    })
}

/// `y` in the review: the writes go (refused in read-only mode, the text kept).
fn write(state: &mut State) -> Vec<Command> {
    let read_only = state.read_only;
    let id = state.next_request_id();
    let Some(v) = top(state) else {
        return Vec::new();
    };
    let Step::Review { planned, .. } = &v.step else {
        return Vec::new();
    };
    let writes: Vec<EditWrite> = planned.iter().filter_map(|p| request(v, p)).collect();
    if let Some(message) = writes.iter().find_map(|w| read_only.refusal(&w.request)) {
        let kept = v.kept();
        return finish(state, format!("{message}; {kept}"), true, false);
    }
    let Step::Review { planned, .. } = std::mem::replace(&mut v.step, Step::Reading(id)) else {
        return Vec::new();
    };
    let results = vec![None; planned.len()];
    v.step = Step::Writing {
        id,
        planned,
        results,
    };
    vec![Command::WriteEdits {
        id,
        kind: v.kind,
        writes,
    }]
}

/// `e` after a conflict: a new edit of the items that were not written, from the server's
/// copy as it is now (the earlier text stays in its file).
fn again(state: &mut State) -> Vec<Command> {
    let Some(View::Edit(old)) = state.stack.pop() else {
        return Vec::new();
    };
    let ids: Vec<String> = match &old.step {
        Step::Done { planned, results } => planned
            .iter()
            .zip(results)
            .filter(|(_, r)| !matches!(r, Some(Outcome::Written)))
            .filter_map(|(p, _)| p.item_id.clone())
            .collect(),
        _ => Vec::new(),
    };
    let kept = old.kept();
    let mut commands = Vec::new();
    if !ids.is_empty() {
        let id = state.next_request_id();
        let name = format!("{}-again", old.name);
        let v = EditView {
            kind: old.kind,
            editing: old.editing,
            purpose: old.purpose,
            opened: Vec::new(),
            text: String::new(),
            file: None,
            name,
            copy_of: None,
            step: Step::Reading(id),
            scroll: 0,
        };
        let kind = v.kind;
        state.stack.push(View::Edit(Box::new(v)));
        commands.push(Command::EditRead { id, kind, ids });
    }
    state.flash_info(format!("the earlier edit: {kept}"));
    commands
}

/// `Event::EditWritten`: one result; the lists show the item as written.
pub fn on_written(
    state: &mut State,
    id: RequestId,
    index: usize,
    outcome: WriteOutcome,
) -> Vec<Command> {
    let mut row = None;
    let Some(v) = waiting(state, id) else {
        return Vec::new();
    };
    let kind = v.kind;
    let Step::Writing {
        planned, results, ..
    } = &mut v.step
    else {
        return Vec::new();
    };
    let Some(p) = planned.get(index) else {
        return Vec::new();
    };
    let result = match outcome {
        WriteOutcome::Written { row: change, .. } => {
            row = Some(change);
            Outcome::Written
        }
        WriteOutcome::Conflict { theirs } => {
            let opened = p.opened.clone().unwrap_or(Value::Null);
            let both = crate::json::diff::both_changed(&opened, &theirs, &p.body)
                .iter()
                .map(ToString::to_string)
                .collect();
            Outcome::Conflict(Box::new(ThreeWay {
                theirs: Folded::new(&opened, &theirs),
                mine: Folded::new(&opened, &p.body),
                both,
            }))
        }
        WriteOutcome::Failed(e) => Outcome::Failed(present::Present::message(&e)),
    };
    if let Some(slot) = results.get_mut(index) {
        *slot = Some(result);
    }
    if let Some(change) = row {
        apply_row(state, kind, &change);
    }
    Vec::new()
}

/// Shows the written item in every open list of its kind.
fn apply_row(state: &mut State, kind: &'static crate::api::Kind, change: &RowChange) {
    let current = state.current_account().map(str::to_string);
    for depth in 0..state.stack.len() {
        let height = state.layout_at(depth).page();
        if let View::Table(t) = &mut state.stack[depth] {
            if t.kind == kind {
                t.apply_change(change, height, current.as_deref());
            }
        }
    }
}

/// `Event::EditsDone`: all written closes the view; otherwise the results stay, the text in
/// its file.
pub fn on_done(state: &mut State, id: RequestId) -> Vec<Command> {
    let Some(v) = top(state).filter(|v| v.waiting() == Some(id)) else {
        return Vec::new();
    };
    let Step::Writing {
        planned, results, ..
    } = std::mem::replace(&mut v.step, Step::Invalid(String::new()))
    else {
        return Vec::new();
    };
    let written = results
        .iter()
        .filter(|r| matches!(r, Some(Outcome::Written)))
        .count();
    if written == planned.len() {
        let done = match v.purpose {
            Purpose::Update => "updated",
            Purpose::Create => "created",
        };
        let what = match planned.as_slice() {
            [one] => format!("{done}: {} {}", v.noun(), one.label),
            many => format!("{} {}s {done}", many.len(), v.noun()),
        };
        return finish(state, what, false, true);
    }
    let failed = planned.len() - written;
    let kept = v.kept();
    v.step = Step::Done { planned, results };
    v.scroll = 0;
    state.flash_error(format!("{written} written, {failed} not: {kept}"));
    Vec::new()
}
