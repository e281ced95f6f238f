//! Acting on what you see: marks, the actions menu, inputs, the confirmation with the exact
//! request, the progress of what runs, and copy as curl. Every mutation is confirmed first and
//! refused here in read-only mode (the worker refuses it again).

use crossterm::event::KeyEvent;

use crate::api::catalog::Kind;
use crate::api::{ApiRequest, PageRequest};
use crate::app::present;
use crate::worker::mutate::{MutationError, RowChange};
use crate::worker::{Command, Event};

use super::super::actions::{Choice, Confirm, Flow, Progress, WindowForm};
use super::super::input::TextInput;
use super::super::keymap::{Action, Scope};
use super::super::state::{State, View};

/// The scope of the open overlay: text entry for inputs and the form, dialog keys otherwise.
pub(crate) fn flow_scope(state: &State) -> Scope {
    match &state.flow {
        Some(Flow::Input { .. } | Flow::Window { .. }) => Scope::Form,
        _ => Scope::Confirm,
    }
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
pub(super) fn on_view_action(state: &mut State, action: Action) -> Vec<Command> {
    let height = state.layout().page();
    match action {
        Action::Actions => {
            let Some((kind, ids)) = targets(state) else {
                return Vec::new();
            };
            if Choice::for_kind(kind).is_empty() {
                state.flash_info(format!(
                    "no actions on {}: they exist on sources, alerts, cloud integrations and maintenance windows",
                    kind.title.to_lowercase()
                ));
                return Vec::new();
            }
            state.flow = Some(Flow::Menu {
                kind,
                targets: ids,
                selected: 0,
            });
            Vec::new()
        }
        Action::ToggleMark => {
            let View::Table(t) = state.view_mut() else {
                return Vec::new();
            };
            let (kind, id) = (t.kind.name, t.selected_row().and_then(|r| r.id.clone()));
            t.move_by(1, height);
            if state.marks.kind != kind {
                state.marks.kind = kind;
                state.marks.ids.clear();
            }
            if let Some(id) = id {
                if !state.marks.ids.remove(&id) {
                    state.marks.ids.insert(id);
                }
            }
            Vec::new()
        }
        Action::MarkAll => {
            let View::Table(t) = state.view() else {
                return Vec::new();
            };
            let ids: Vec<String> = t
                .view
                .iter()
                .filter_map(|&i| t.rows.get(i as usize).and_then(|r| r.id.clone()))
                .collect();
            if state.marks.kind != t.kind.name {
                state.marks.kind = t.kind.name;
                state.marks.ids.clear();
            }
            let n = ids.len();
            state.marks.ids.extend(ids);
            state.flash_info(format!(
                "{n} rows marked ({} in all)",
                state.marks.ids.len()
            ));
            Vec::new()
        }
        Action::ClearMarks => {
            state.marks.ids.clear();
            Vec::new()
        }
        Action::CopyCurl => copy_curl(state, view_request(state)),
        _ => Vec::new(),
    }
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
fn copy_curl(state: &mut State, requests: impl IntoIterator<Item = ApiRequest>) -> Vec<Command> {
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

/// Keys while the overlay is open: the [`FLOW_ACTIONS`](crate::app::actions::FLOW_ACTIONS).
pub(super) fn on_flow_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let scope = flow_scope(state);
    let action = state.keymap.action(scope, &key);
    if scope == Scope::Form {
        return on_text_key(state, action, &key);
    }
    match action {
        Some(Action::Quit) => {
            state.quit = true;
            Vec::new()
        }
        Some(Action::Back) => {
            let running = matches!(&state.flow, Some(Flow::Running(p)) if !p.finished);
            state.flow = None;
            if running {
                state.flash_info("still running: rows update as results arrive");
            }
            Vec::new()
        }
        Some(Action::CopyCurl) => match &state.flow {
            Some(Flow::Confirm(c)) => {
                let reqs: Vec<ApiRequest> = c.items.iter().map(|(_, r)| r.clone()).collect();
                copy_curl(state, reqs)
            }
            _ => Vec::new(),
        },
        Some(Action::RetryFailed) => retry_failed(state),
        Some(Action::Help) => {
            state.help = Some(0);
            Vec::new()
        }
        Some(a @ (Action::Up | Action::Down)) => {
            if let Some(Flow::Menu { kind, selected, .. }) = &mut state.flow {
                let n = Choice::for_kind(kind).len();
                *selected = if a == Action::Down {
                    (*selected + 1) % n
                } else {
                    (*selected + n - 1) % n
                };
            }
            Vec::new()
        }
        Some(Action::Confirm) => match state.flow.take() {
            Some(Flow::Menu {
                kind,
                targets,
                selected,
            }) => {
                let choice = Choice::for_kind(kind)[selected];
                choose(state, kind, targets, choice)
            }
            Some(Flow::Confirm(c)) => run(state, c),
            Some(Flow::Running(p)) if !p.finished => {
                state.flow = Some(Flow::Running(p));
                Vec::new()
            }
            other => {
                // enter on a summary closes it; elsewhere it waits.
                if !matches!(other, Some(Flow::Running(_))) {
                    state.flow = other;
                }
                Vec::new()
            }
        },
        _ => {
            // The menu's own letters.
            if let (Some(Flow::Menu { kind, .. }), crossterm::event::KeyCode::Char(c)) =
                (&state.flow, key.code)
            {
                let kind = *kind;
                if let Some(choice) = Choice::for_kind(kind).iter().find(|ch| ch.key() == c) {
                    let Some(Flow::Menu { targets, .. }) = state.flow.take() else {
                        return Vec::new();
                    };
                    return choose(state, kind, targets, *choice);
                }
            }
            Vec::new()
        }
    }
}

/// The menu chose `choice`: ask for what it needs, or go straight to the confirmation.
fn choose(
    state: &mut State,
    kind: &'static Kind,
    targets: Vec<String>,
    choice: Choice,
) -> Vec<Command> {
    if choice.needs_targets() && targets.is_empty() {
        state.flash_error("nothing selected: no row to act on");
        return Vec::new();
    }
    match choice {
        Choice::WindowCreate => {
            state.flow = Some(Flow::Window {
                kind,
                form: WindowForm::default(),
                error: None,
            });
            Vec::new()
        }
        Choice::WindowClose => {
            let [item_id] = targets.as_slice() else {
                state.flash_error("close one maintenance window at a time (clear the marks: u)");
                return Vec::new();
            };
            let Some(read) = kind.detail_request(item_id) else {
                return Vec::new();
            };
            let id = state.next_request_id();
            state.flow = Some(Flow::Reading {
                id,
                kind,
                item_id: item_id.clone(),
            });
            vec![Command::ReadItem { id, request: read }]
        }
        c if c.input_prompt().is_some() => {
            state.flow = Some(Flow::Input {
                kind,
                targets,
                choice,
                input: TextInput::default(),
                error: None,
            });
            Vec::new()
        }
        _ => {
            confirm(state, kind, choice, &targets, "");
            Vec::new()
        }
    }
}

fn confirm(state: &mut State, kind: &'static Kind, choice: Choice, targets: &[String], text: &str) {
    match choice.requests(targets, text) {
        Ok(items) => {
            state.flow = Some(Flow::Confirm(Confirm {
                kind,
                choice,
                items,
            }));
        }
        Err(e) => state.flash_error(e),
    }
}

/// Keys in the tag/duration input and the window form.
fn on_text_key(state: &mut State, action: Option<Action>, key: &KeyEvent) -> Vec<Command> {
    let now_s = state.now_ms / 1000;
    match (action, state.flow.take()) {
        (Some(Action::Back), _) => {}
        (Some(Action::Quit), _) => state.quit = true,
        (
            Some(Action::Submit),
            Some(Flow::Input {
                kind,
                targets,
                choice,
                input,
                ..
            }),
        ) => match choice.requests(&targets, input.value()) {
            Ok(items) => {
                state.flow = Some(Flow::Confirm(Confirm {
                    kind,
                    choice,
                    items,
                }));
            }
            Err(e) => {
                state.flow = Some(Flow::Input {
                    kind,
                    targets,
                    choice,
                    input,
                    error: Some(e),
                });
            }
        },
        (Some(Action::Submit), Some(Flow::Window { kind, form, .. })) => {
            match form.request(now_s) {
                Ok(request) => {
                    state.flow = Some(Flow::Confirm(Confirm {
                        kind,
                        choice: Choice::WindowCreate,
                        items: vec![(String::new(), request)],
                    }));
                }
                Err(e) => {
                    state.flow = Some(Flow::Window {
                        kind,
                        form,
                        error: Some(e),
                    });
                }
            }
        }
        (
            Some(a @ (Action::NextField | Action::PrevField)),
            Some(Flow::Window {
                kind,
                mut form,
                error,
            }),
        ) => {
            let n = form.fields.len();
            form.focus = if a == Action::NextField {
                (form.focus + 1) % n
            } else {
                (form.focus + n - 1) % n
            };
            state.flow = Some(Flow::Window { kind, form, error });
        }
        (_, Some(mut flow)) => {
            match &mut flow {
                Flow::Input { input, error, .. } => {
                    input.handle(key);
                    *error = None;
                }
                Flow::Window { form, error, .. } => {
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
        (_, None) => {}
    }
    Vec::new()
}

/// `y` on a confirmation: refused in read-only mode, otherwise sent.
fn run(state: &mut State, c: Confirm) -> Vec<Command> {
    if let Some(message) = c
        .items
        .first()
        .and_then(|(_, r)| state.read_only.refusal(r))
    {
        state.flash_error(message);
        return Vec::new();
    }
    let id = state.next_request_id();
    let total = c.items.len();
    state.flow = Some(Flow::Running(Progress {
        id,
        kind: c.kind,
        choice: c.choice,
        total,
        ok: 0,
        failed: Vec::new(),
        finished: false,
    }));
    if total == 1 {
        let (item_id, request) = c.items.into_iter().next().expect("one item");
        vec![Command::Mutate {
            id,
            kind: Some(c.kind),
            item_id: (!item_id.is_empty()).then_some(item_id),
            request,
        }]
    } else {
        vec![Command::Bulk {
            id,
            kind: Some(c.kind),
            items: c.items,
        }]
    }
}

/// `R` after a bulk action with failures: those requests again, confirmed first.
fn retry_failed(state: &mut State) -> Vec<Command> {
    if let Some(Flow::Running(p)) = &state.flow {
        if p.finished && !p.failed.is_empty() {
            let items = p
                .failed
                .iter()
                .map(|(id, r, _)| (id.clone(), r.clone()))
                .collect();
            state.flow = Some(Flow::Confirm(Confirm {
                kind: p.kind,
                choice: p.choice,
                items,
            }));
        }
    }
    Vec::new()
}

/// Applies a change to every open table of `kind`.
fn apply(state: &mut State, kind: &'static Kind, change: &RowChange) {
    for depth in 0..state.stack.len() {
        let height = state.layout_at(depth).page();
        if let View::Table(t) = &mut state.stack[depth] {
            if t.kind.name == kind.name {
                t.apply_change(change, height);
            }
        }
    }
    if let RowChange::Removed(id) = change {
        state.marks.ids.remove(id);
    }
}

/// One outcome of a running action; its row changes apply even when the overlay was closed.
fn record(
    state: &mut State,
    id: u64,
    kind: Option<&'static Kind>,
    item_id: String,
    request: ApiRequest,
    result: Result<RowChange, MutationError>,
) {
    if let (Some(kind), Ok(change)) = (kind, &result) {
        apply(state, kind, change);
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

/// Worker events of actions.
pub(super) fn on_action_event(state: &mut State, event: Event) -> Vec<Command> {
    match event {
        Event::Mutated(outcome) => {
            let crate::worker::mutate::Outcome {
                id,
                kind,
                item_id,
                request,
                result,
            } = *outcome;
            let failed = result.as_ref().err().map(present::Present::message);
            record(
                state,
                id,
                kind,
                item_id.clone().unwrap_or_default(),
                request,
                result,
            );
            if let Some(Flow::Running(p)) = &state.flow {
                if p.id == id {
                    let kind = p.kind.title.to_lowercase();
                    let what = item_id.map(|i| format!(" {i}")).unwrap_or_default();
                    let done = p.choice.done();
                    state.flow = None;
                    match failed {
                        None => state.flash_info(format!("{done}: {kind}{what}")),
                        Some(e) => state.flash_error(e),
                    }
                }
            }
            Vec::new()
        }
        Event::BulkItem(outcome) => {
            let o = *outcome;
            record(
                state,
                o.id,
                o.kind,
                o.item_id.unwrap_or_default(),
                o.request,
                o.result,
            );
            Vec::new()
        }
        Event::BulkDone { id, .. } => {
            if let Some(Flow::Running(p)) = &mut state.flow {
                if p.id == id {
                    p.finished = true;
                    let summary = p.summary();
                    if p.failed.is_empty() {
                        state.flash_info(summary);
                    } else {
                        state.flash_error(summary);
                    }
                }
            }
            Vec::new()
        }
        Event::ItemRead { id, result } => {
            let Some(Flow::Reading {
                id: want,
                kind,
                item_id,
            }) = state.flow.clone()
            else {
                return Vec::new();
            };
            if want != id {
                return Vec::new();
            }
            match result {
                Ok(current) => {
                    let request =
                        crate::api::actions::window_close(&item_id, &current, state.now_ms / 1000);
                    state.flow = Some(Flow::Confirm(Confirm {
                        kind,
                        choice: Choice::WindowClose,
                        items: vec![(item_id, request)],
                    }));
                }
                Err(e) => {
                    state.flow = None;
                    present::flash(state, &e);
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}
