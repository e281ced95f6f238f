//! The `:` command line: editing, completion, and running what was typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::worker::Command;

use super::super::input::TextInput;
use super::super::keymap::Action;
use super::super::prompt::{self, PromptCommand};
use super::super::state::{LoginState, State, View};
use super::super::views::accounts::update::switch_account;
use super::super::views::chart::update::{export, open_query};
use super::super::views::inspector::update::{run_jq, save};
use super::super::views::table::TableView;
use super::*;

pub(super) fn on_prompt_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let Some(input) = state.prompt.as_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => state.prompt = None,
        // Typed text has no use for ctrl-c: it quits from here as from everywhere else.
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            state.prompt = None;
            state.quit = true;
        }
        KeyCode::Tab => {
            if let Some(word) = prompt::complete(input.value()) {
                *input = TextInput::new(word);
            }
        }
        KeyCode::Enter => {
            let line = input.value().to_string();
            state.prompt = None;
            return run_prompt(state, &line);
        }
        KeyCode::Backspace if input.is_empty() => state.prompt = None,
        _ => {
            input.handle(&key);
        }
    }
    Vec::new()
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
        Ok(PromptCommand::Query(expression)) => open_query(state, &expression),
        Ok(PromptCommand::Export { format, path }) => export(state, format, path),
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
