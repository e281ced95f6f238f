//! Acting on what you see: marks, the actions menu, inputs and forms, the progress of what runs,
//! and copy as curl. Every mutation goes through the confirmation overlay first and is refused
//! here in read-only mode (the worker refuses it again).

use crossterm::event::{KeyCode, KeyEvent};

use super::{Flow, Form, Mutation, Progress};
use crate::api::catalog::{Ask, Kind, MenuEntry};
use crate::api::{ApiRequest, PageRequest};
use crate::app::input::TextInput;
use crate::app::keymap::{Action, Scope};
use crate::app::layout::table_rows;
use crate::app::overlays::confirm::Confirm;
use crate::app::state::{State, View};
use crate::worker::mutate::{MutationError, Outcome, RowChange};
use crate::worker::{Command, Event, RequestId};

/// The scope of the open overlay (see [`super::scope`]).
pub(crate) fn flow_scope(state: &State) -> Scope {
    state.flow.as_ref().map_or(Scope::Confirm, super::scope)
}

/// The ids an action applies to: the marked rows of the kind, or the selected one.
fn targets(state: &State) -> Option<(&'static Kind, Vec<String>)> {
    let View::Table(t) = state.view() else {
        return None;
    };
    if let Some(marked) = state.marks.of(t.kind) {
        let mut ids: Vec<String> = marked.iter().cloned().collect();
        ids.sort();
        return Some((t.kind, ids));
    }
    let ids = t
        .selected_row()
        .and_then(|r| r.id.clone())
        .into_iter()
        .collect();
    Some((t.kind, ids))
}

/// Keys of the table and the inspector that belong to actions.
pub(crate) fn on_view_action(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Actions => open_menu(state),
        Action::ToggleMark => toggle_mark(state),
        Action::MarkAll => mark_all(state),
        Action::ClearMarks => state.marks.ids.clear(),
        Action::CopyCurl => return copy_curl(state, view_request(state)),
        _ => {}
    }
    Vec::new()
}

fn open_menu(state: &mut State) {
    let Some((kind, ids)) = targets(state) else {
        return;
    };
    if kind.menu.is_empty() {
        let offered: Vec<String> = crate::api::catalog::KINDS
            .iter()
            .filter(|k| !k.menu.is_empty())
            .map(|k| k.title.to_lowercase())
            .collect();
        state.flash_info(format!(
            "no actions on {}: they exist on {}",
            kind.title.to_lowercase(),
            and_list(&offered)
        ));
        return;
    }
    state.flow = Some(Flow::Menu {
        kind,
        targets: ids,
        selected: 0,
    });
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn toggle_mark(state: &mut State) {
    let height = table_rows(state.size.1);
    let View::Table(t) = state.view_mut() else {
        return;
    };
    let (kind, id) = (t.kind, t.selected_row().and_then(|r| r.id.clone()));
    t.move_by(1, height);
    state.marks.belong_to(kind);
    if let Some(id) = id {
        if !state.marks.ids.remove(&id) {
            state.marks.ids.insert(id);
        }
    }
}

fn mark_all(state: &mut State) {
    let View::Table(t) = state.view() else {
        return;
    };
    let ids: Vec<String> = t
        .view
        .iter()
        .filter_map(|&i| t.rows.get(i as usize).and_then(|r| r.id.clone()))
        .collect();
    state.marks.belong_to(t.kind);
    let n = ids.len();
    state.marks.ids.extend(ids);
    state.flash_info(format!(
        "{n} rows marked ({} in all)",
        state.marks.ids.len()
    ));
}

/// The request behind the current view: the list's first page (or its search), or the detail.
fn view_request(state: &State) -> Option<ApiRequest> {
    match state.view() {
        View::Table(t) => {
            let first = PageRequest::first(t.kind.page_size);
            let text = t
                .search
                .clone()
                .or_else(|| t.filter.as_ref().map(|f| f.input.value().to_string()))
                .filter(|s| !s.trim().is_empty());
            text.and_then(|s| t.kind.search_request(&first, &s, state.now_ms))
                .or_else(|| Some(t.kind.list_request(&first, state.now_ms)))
        }
        View::Detail(d) => d
            .source
            .strip_prefix("GET ")
            .filter(|p| p.starts_with("/api/"))
            .map(ApiRequest::get),
        _ => None,
    }
}

/// Puts the curl command(s) on the clipboard: one line per request.
pub(crate) fn copy_curl(
    state: &mut State,
    requests: impl IntoIterator<Item = ApiRequest>,
) -> Vec<Command> {
    let Some(base) = state.instance_address() else {
        state.flash_error("not logged in to an instance: nothing to copy as curl");
        return Vec::new();
    };
    let lines: Vec<String> = requests.into_iter().map(|r| r.curl(&base)).collect();
    if lines.is_empty() {
        state.flash_error("no request behind this view");
        return Vec::new();
    }
    let n = lines.len();
    state.flash_info(if n == 1 {
        "copied as curl (the token comes from $WAVEFRONT_TOKEN)".to_string()
    } else {
        format!("copied {n} curl commands (the token comes from $WAVEFRONT_TOKEN)")
    });
    vec![Command::Copy(lines.join("\n"))]
}

/// Keys while the overlay is open: the [`FLOW_ACTIONS`](super::FLOW_ACTIONS).
pub(crate) fn on_flow_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let scope = flow_scope(state);
    let action = state.keymap.action(scope, &key);
    if scope == Scope::Form {
        on_text_key(state, action, &key);
        return Vec::new();
    }
    match action {
        Some(Action::Quit) => state.quit = true,
        Some(Action::Help) => state.help = Some(0),
        _ => match state.flow.take() {
            Some(Flow::Menu {
                kind,
                targets,
                selected,
            }) => return on_menu_key(state, (kind, targets, selected), action, &key),
            Some(Flow::Running(p)) => return on_progress_key(state, p, action),
            Some(Flow::Reading { .. }) if action == Some(Action::Back) => {}
            other => state.flow = other,
        },
    }
    Vec::new()
}

/// The menu: up and down, enter or a letter chooses, esc cancels.
fn on_menu_key(
    state: &mut State,
    (kind, targets, selected): (&'static Kind, Vec<String>, usize),
    action: Option<Action>,
    key: &KeyEvent,
) -> Vec<Command> {
    let n = kind.menu.len();
    let selected = match action {
        Some(Action::Back) => return Vec::new(),
        Some(Action::Confirm) => return choose(state, kind, targets, &kind.menu[selected]),
        Some(Action::Down) => (selected + 1) % n,
        Some(Action::Up) => (selected + n - 1) % n,
        _ => {
            let letter = match key.code {
                KeyCode::Char(c) => kind.menu.iter().find(|e| e.key == c),
                _ => None,
            };
            if let Some(entry) = letter {
                return choose(state, kind, targets, entry);
            }
            selected
        }
    };
    state.flow = Some(Flow::Menu {
        kind,
        targets,
        selected,
    });
    Vec::new()
}

/// The progress: esc hides it while it runs (rows still update). Once done with failures, `R`
/// retries them and `C` copies them as curl; any other key closes it.
fn on_progress_key(state: &mut State, p: Progress, action: Option<Action>) -> Vec<Command> {
    match action {
        _ if !p.finished => {
            if action == Some(Action::Back) {
                state.flash_info("still running: rows update as results arrive");
            } else {
                state.flow = Some(Flow::Running(p));
            }
            Vec::new()
        }
        Some(Action::RetryFailed) => {
            let items = p
                .failed
                .iter()
                .map(|(id, r, _)| (id.clone(), r.clone()))
                .collect();
            let mutation = Mutation {
                kind: p.kind,
                label: p.label,
                done: p.done,
                items,
            };
            state.confirm = Some(Confirm::mutation(mutation));
            Vec::new()
        }
        Some(Action::CopyCurl) => {
            let failed: Vec<ApiRequest> = p.failed.iter().map(|(_, r, _)| r.clone()).collect();
            state.flow = Some(Flow::Running(p));
            copy_curl(state, failed)
        }
        _ => Vec::new(),
    }
}

/// The menu chose `entry`: ask for what it needs, read the item, or go to the confirmation.
fn choose(
    state: &mut State,
    kind: &'static Kind,
    targets: Vec<String>,
    entry: &'static MenuEntry,
) -> Vec<Command> {
    if entry.needs_targets() && targets.is_empty() {
        state.flash_error("nothing selected: no row to act on");
        return Vec::new();
    }
    let op = match entry.operation(kind) {
        Ok(op) => op,
        Err(e) => {
            state.flash_error(e.to_string());
            return Vec::new();
        }
    };
    if let Ask::Form(spec) = entry.ask {
        state.flow = Some(Flow::Form {
            kind,
            entry,
            form: Form::new(spec),
            error: None,
        });
        return Vec::new();
    }
    if op.from_current.is_some() {
        let [item_id] = targets.as_slice() else {
            state.flash_error(format!(
                "{} one at a time (clear the marks: u)",
                entry.label
            ));
            return Vec::new();
        };
        let Some(read) = kind.detail_request(item_id) else {
            return Vec::new();
        };
        let id = state.next_request_id();
        state.flow = Some(Flow::Reading {
            id,
            kind,
            entry,
            op,
            item_id: item_id.clone(),
        });
        return vec![Command::ReadItem { id, request: read }];
    }
    if entry.prompt().is_some() {
        state.flow = Some(Flow::Input {
            kind,
            targets,
            entry,
            input: TextInput::default(),
            error: None,
        });
        return Vec::new();
    }
    match entry.requests(kind, &targets, "") {
        Ok(items) => confirm(state, kind, entry, items),
        Err(e) => state.flash_error(e.to_string()),
    }
    Vec::new()
}

/// Opens the confirmation of `items`.
fn confirm(
    state: &mut State,
    kind: &'static Kind,
    entry: &'static MenuEntry,
    items: Vec<(String, ApiRequest)>,
) {
    let done = entry.operation(kind).map_or("done", |op| op.done);
    state.confirm = Some(Confirm::mutation(Mutation {
        kind,
        label: entry.label,
        done,
        items,
    }));
}

/// Keys in the tag/duration input and the forms.
fn on_text_key(state: &mut State, action: Option<Action>, key: &KeyEvent) {
    let now_s = state.now_ms / 1000;
    match (action, state.flow.take()) {
        (Some(Action::Back), _) | (_, None) => {}
        (Some(Action::Quit), _) => state.quit = true,
        (Some(Action::Submit), Some(flow)) => submit(state, flow, now_s),
        (
            Some(a @ (Action::NextField | Action::PrevField)),
            Some(Flow::Form {
                kind,
                entry,
                mut form,
                error,
            }),
        ) => {
            let n = form.fields.len().max(1);
            form.focus = if a == Action::NextField {
                (form.focus + 1) % n
            } else {
                (form.focus + n - 1) % n
            };
            state.flow = Some(Flow::Form {
                kind,
                entry,
                form,
                error,
            });
        }
        (_, Some(mut flow)) => {
            match &mut flow {
                Flow::Input { input, error, .. } => {
                    input.handle(key);
                    *error = None;
                }
                Flow::Form { form, error, .. } => {
                    let focus = form.focus;
                    if let Some((_, input)) = form.fields.get_mut(focus) {
                        input.handle(key);
                    }
                    *error = None;
                }
                _ => {}
            }
            state.flow = Some(flow);
        }
    }
}

/// Enter in an input or a form: its requests go to the confirmation, or it says what is wrong.
fn submit(state: &mut State, mut flow: Flow, now_s: i64) {
    let built = match &flow {
        Flow::Input {
            kind,
            targets,
            entry,
            input,
            ..
        } => entry
            .requests(kind, targets, input.value())
            .map(|items| (*kind, *entry, items))
            .map_err(|e| e.to_string()),
        Flow::Form {
            kind, entry, form, ..
        } => entry
            .operation(kind)
            .map_err(|e| e.to_string())
            .and_then(|op| {
                let item = form.item(now_s)?;
                let request = op.request("", crate::api::catalog::Arg::Item(item));
                Ok((*kind, *entry, vec![(String::new(), request)]))
            }),
        _ => return,
    };
    match built {
        Ok((kind, entry, items)) => confirm(state, kind, entry, items),
        Err(e) => {
            if let Flow::Input { error, .. } | Flow::Form { error, .. } = &mut flow {
                *error = Some(e);
            }
            state.flow = Some(flow);
        }
    }
}

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
    let height = table_rows(state.size.1);
    for view in state.stack.iter_mut() {
        if let View::Table(t) = view {
            if t.kind == kind {
                t.apply_change(change, height);
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
                Err(e) => p.failed.push((item_id, request, e.to_string())),
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
    let failed = outcome.result.as_ref().err().map(MutationError::to_string);
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
        Err(e) => state.flash_error(e.to_string()),
    }
}
