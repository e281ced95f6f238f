//! The keys of the actions overlay: the menu, inputs and forms, the progress of what runs.
//! Every mutation goes through the confirmation overlay first and is refused in read-only mode
//! when it is sent (`events::run`; the worker refuses it again).

pub(crate) use super::events::{on_action_event, run};
pub(crate) use super::marks::{copy_curl, on_view_action, targets};

use crossterm::event::{KeyCode, KeyEvent};

use super::{Flow, Form, Mutation, Progress};
use crate::api::ApiRequest;
use crate::api::catalog::{Ask, Kind, MenuEntry};
use crate::app::input::TextInput;
use crate::app::keymap::{Action, Scope};
use crate::app::overlays::confirm::Confirm;
use crate::app::state::{State, View};
use crate::worker::Command;

/// The scope of the open overlay (see [`super::scope`]).
pub(crate) fn flow_scope(state: &State) -> Scope {
    state.flow.as_ref().map_or(Scope::Confirm, super::scope)
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
        let mut form = Form::new(spec, state.times.zone().clone(), state.now_ms);
        if let Some(prefill) = spec.prefill {
            form.fill(&prefill(&target_items(state, kind, &targets)));
        }
        state.flow = Some(Flow::Form {
            kind: entry.kind(kind),
            entry,
            form,
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

/// The JSON of the rows `ids` of `kind`'s tables, as they hold them (what a form starts from).
fn target_items(state: &State, kind: &'static Kind, ids: &[String]) -> Vec<serde_json::Value> {
    let Some(View::Table(t)) = state
        .stack
        .iter()
        .rev()
        .find(|v| matches!(v, View::Table(t) if t.kind == kind))
    else {
        return Vec::new();
    };
    ids.iter()
        .filter_map(|id| t.rows.iter().find(|r| r.id() == Some(id.as_str())))
        .filter_map(|r| crate::json::parse_str(r.raw()?).ok())
        .collect()
}

/// Opens the confirmation of `items`.
pub(super) fn confirm(
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
        // Enter moves through a form's fields and submits on the last, as in the login form;
        // alt-enter submits from any field.
        (
            Some(Action::Submit),
            Some(Flow::Form {
                kind,
                entry,
                mut form,
                error,
            }),
        ) if !form.on_last_field() => {
            form.focus += 1;
            state.flow = Some(Flow::Form {
                kind,
                entry,
                form,
                error,
            });
        }
        (Some(Action::Submit | Action::SubmitForm), Some(flow)) => submit(state, flow, now_s),
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

/// Pasted text, into the input or the focused field.
pub(crate) fn paste(flow: &mut Flow, text: &str) {
    match flow {
        Flow::Input { input, error, .. } => {
            input.paste(text);
            *error = None;
        }
        Flow::Form { form, error, .. } => {
            if let Some((_, input)) = form.fields.get_mut(form.focus) {
                input.paste(text);
            }
            *error = None;
        }
        _ => {}
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
