//! The `:` command line: editing, completion, and running what was typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::worker::Command;

use crate::config::state_file::remember;

use super::super::keymap::Action;
use super::super::prompt::{self, PromptCommand};
use super::super::state::{LoginState, State, View};
use super::super::views::accounts::update::switch_account;
use super::super::views::chart::update::{export, open_query};
use super::super::views::inspector::update::{run_jq, save};
use super::super::views::table::TableView;
use super::*;

pub(super) fn on_prompt_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let Some(line) = state.prompt.as_ref() else {
        return Vec::new();
    };
    if let Some((start, lead)) = crate::app::query_editor::query_place(state, line.value()) {
        state.query_editor.lead = lead;
        if let Some(commands) = query_key(state, &key, start) {
            return commands;
        }
    } else {
        state.query_editor.close();
    }
    let Some(line) = state.prompt.as_mut() else {
        return Vec::new();
    };
    let listed = std::mem::take(&mut line.choices);
    match key.code {
        KeyCode::Esc => {
            state.prompt = None;
            state.query_editor.close();
        }
        // Typed text has no use for ctrl-c: it quits from here as from everywhere else.
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            state.prompt = None;
            state.quit = true;
        }
        KeyCode::Tab => tab(state, listed),
        KeyCode::Up => recall(state, true),
        KeyCode::Down => recall(state, false),
        KeyCode::Enter => {
            let text = line.value().trim().to_string();
            state.prompt = None;
            state.query_editor.close();
            if !text.is_empty() {
                remember(&mut state.memory.command_history, &text);
            }
            return run_prompt(state, &text);
        }
        KeyCode::Backspace if line.is_empty() => state.prompt = None,
        _ => {
            if line.input.handle(&key) {
                line.recall = None;
            }
        }
    }
    Vec::new()
}

/// A key of a `:query` line (the query from char `start`): the completion popup's keys and
/// `tab`; `None` lets the key go on to the line.
fn query_key(state: &mut State, key: &KeyEvent, start: usize) -> Option<Vec<Command>> {
    let account = state.current_account().map(str::to_string);
    state.query_cache.for_account(account.as_deref());
    state.query_cache.saved =
        crate::config::wavefront_cli::queries_for(&state.saved_queries, account.as_deref())
            .into_iter()
            .map(|q| (q.name.clone(), q.query.clone()))
            .collect();
    let line = state.prompt.as_mut()?;
    if state.query_editor.on_key(key, &mut line.input, start) {
        return Some(Vec::new());
    }
    if key.code != KeyCode::Tab {
        return None;
    }
    line.choices.clear();
    let asks = state
        .query_editor
        .tab(&mut line.input, start, &mut state.query_cache);
    Some(
        asks.into_iter()
            .map(|ask| Command::Metrics {
                id: state.next_request_id(),
                ask,
            })
            .collect(),
    )
}

/// `@name` is the saved query `q_name` of the account's profile (else `[default]`); any other
/// text is the query itself.
fn saved_query(state: &State, expression: &str) -> Result<String, String> {
    let Some(name) = expression.trim().strip_prefix('@') else {
        return Ok(expression.to_string());
    };
    let name = name.trim();
    let account = state.current_account();
    crate::config::wavefront_cli::queries_for(&state.saved_queries, account)
        .into_iter()
        .find(|q| q.name == name)
        .map(|q| q.query.clone())
        .ok_or_else(|| {
            format!(
                "no saved query {} (q_<name> keys in ~/.wavefront)",
                crate::text::sanitize(name)
            )
        })
}

/// The instance answered a completion's question: learnt, and the open `:query` line's list
/// made again.
pub(super) fn on_metrics(
    state: &mut State,
    id: crate::worker::RequestId,
    ask: &crate::api::metrics::Ask,
    result: Result<crate::api::metrics::Answer, crate::api::ApiError>,
) {
    // What is learnt belongs to the account logged in now.
    let account = state.current_account().map(str::to_string);
    state.query_cache.for_account(account.as_deref());
    let shown = result
        .as_ref()
        .map(Clone::clone)
        .map_err(ToString::to_string);
    if crate::app::views::metrics::update::on_answer(state, id, &shown) {
        state.query_cache.absorb(ask, &result);
        return;
    }
    let hint = state.query_cache.learn(ask, &result);
    if hint.is_some() {
        // No names from the instance: those of the queries typed before stand in.
        for line in &state.memory.command_history {
            if let Some(start) = crate::app::query_editor::query_start(line) {
                let query: String = line.chars().skip(start).collect();
                state.query_cache.learn_query(&query);
            }
        }
    }
    let Some(line) = state.prompt.as_ref() else {
        return;
    };
    let place = crate::app::query_editor::query_place(state, line.value());
    let Some(line) = state.prompt.as_mut() else {
        return;
    };
    if let Some((start, lead)) = place {
        state.query_editor.lead = lead;
        state
            .query_editor
            .refresh(&mut line.input, start, &state.query_cache, hint);
    }
}

/// Pasted text goes where text is being typed: the `:` line, an action's input or form, else
/// the view's field (a filter, a login field: as typed keys, so the view reacts as to
/// typing). Anywhere else it is dropped: pasted letters are not commands.
pub(super) fn on_paste(state: &mut State, text: &str) -> Vec<Command> {
    state.flash = None;
    if let Some(line) = state.prompt.as_mut() {
        line.choices.clear();
        line.recall = None;
        line.input.paste(text);
        return Vec::new();
    }
    if state.help.is_some() || state.confirm.is_some() {
        return Vec::new();
    }
    if let Some(flow) = state.flow.as_mut() {
        super::actions::paste(flow, text);
        return Vec::new();
    }
    if !state.scope().takes_text() {
        return Vec::new();
    }
    let mut one_line = crate::app::input::TextInput::default();
    one_line.paste(text);
    let mut commands = Vec::new();
    for c in one_line.value().chars() {
        commands.extend(super::on_key(state, KeyEvent::from(KeyCode::Char(c))));
    }
    commands
}

/// `tab`: the common part of what fits is typed; when several fit, they are listed (a second
/// `tab` with nothing new keeps the list).
fn tab(state: &mut State, listed: Vec<String>) {
    let names: Vec<&str> = state
        .accounts
        .accounts
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    let Some(line) = state.prompt.as_mut() else {
        return;
    };
    if line.cursor() != line.value().chars().count() {
        line.choices = listed;
        return;
    }
    let found = prompt::complete_line(line.value(), &names, &prompt::read_dir);
    if let Some(text) = found.line {
        line.input.set(&text);
        line.recall = None;
    }
    line.choices = found.choices;
}

/// `↑` older, `↓` newer; past the newest, the line is empty again.
fn recall(state: &mut State, older: bool) {
    let history = &state.memory.command_history;
    let Some(line) = state.prompt.as_mut() else {
        return;
    };
    if history.is_empty() {
        return;
    }
    let last = history.len() - 1;
    let next = match (line.recall, older) {
        (None, true) => Some(last),
        // Not recalling: what is typed stays.
        (None, false) => return,
        (Some(p), true) => Some(p.saturating_sub(1)),
        (Some(p), false) if p < last => Some(p + 1),
        (Some(_), false) => None,
    };
    line.input.set(next.map_or("", |p| history[p].as_str()));
    line.recall = next;
}

pub(super) fn run_prompt(state: &mut State, line: &str) -> Vec<Command> {
    match prompt::parse(line) {
        Err(message) => {
            state.flash_error(message);
            Vec::new()
        }
        Ok(PromptCommand::Token) => on_action(state, Action::TokenStatus),
        Ok(PromptCommand::Accounts) => on_action(state, Action::Accounts),
        Ok(PromptCommand::AddAccount) => on_action(state, Action::Add),
        Ok(PromptCommand::SwitchAccount(name)) => switch_account(state, &name),
        Ok(PromptCommand::Help) => on_action(state, Action::Help),
        Ok(PromptCommand::Quit) => on_action(state, Action::Quit),
        Ok(PromptCommand::Mouse) => on_action(state, Action::ToggleMouse),
        Ok(PromptCommand::Kind(_)) if matches!(state.login, LoginState::Standalone(_)) => {
            state.flash_error("no instance here: wf-tui inspect shows one document");
            Vec::new()
        }
        Ok(PromptCommand::Save { path, value_only }) => save(state, path, value_only),
        Ok(PromptCommand::Jq(filter)) => run_jq(state, filter),
        Ok(PromptCommand::View { word, rest }) => {
            super::super::views::open_command(state, word, &rest)
        }
        Ok(PromptCommand::Query(expression)) => match saved_query(state, &expression) {
            Ok(expression) => open_query(state, &expression),
            Err(message) => {
                state.flash_error(message);
                Vec::new()
            }
        },
        Ok(PromptCommand::Export { format, path }) => export(state, format, path),
        Ok(PromptCommand::Diff(rest)) => crate::app::views::table::compare::start(state, &rest),
        Ok(PromptCommand::Kind(kind)) => {
            // Back to the table level, on this kind.
            state.stack.truncate(1);
            let id = state.next_request_id();
            let mut commands = match state.view_mut() {
                View::Table(t) => t.cancel(),
                _ => Vec::new(),
            };
            let mut table = TableView::new(kind);
            super::super::memory::restore_table(&state.memory, &mut table);
            if matches!(state.login, LoginState::LoggedIn(_)) {
                commands.extend(table.reload(id));
            }
            state.stack[0] = View::Table(Box::new(table));
            commands
        }
    }
}
