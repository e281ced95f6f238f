//! Accounts and logging in from the UI: the token and accounts panes, switching, the form.

use crate::worker::Command;

use super::super::keymap::Action;
use super::super::login::AccountForm;
use super::super::state::{AccountsView, LoginState, State, View};
use super::super::table::TableView;

pub(super) fn open_token_pane(state: &mut State) {
    if !matches!(state.view(), View::Token) {
        state.stack.push(View::Token);
    }
}

pub(super) fn open_accounts(state: &mut State) {
    if matches!(state.view(), View::Accounts(_)) {
        return;
    }
    let selected = state
        .current_account()
        .and_then(|c| state.accounts.accounts.iter().position(|a| a.name == c))
        .unwrap_or(0);
    state.stack.push(View::Accounts(AccountsView { selected }));
}

pub(super) fn selected_account(state: &State) -> Option<String> {
    match state.view() {
        View::Accounts(v) => state
            .accounts
            .accounts
            .get(v.selected)
            .map(|a| a.name.clone()),
        _ => None,
    }
}

pub(super) fn edit_selected_account(state: &mut State) -> Vec<Command> {
    let Some(saved) = selected_account(state).and_then(|n| state.accounts.get(&n).cloned()) else {
        return Vec::new();
    };
    state.stack.push(View::Form(AccountForm::edit(&saved)));
    Vec::new()
}

/// Logs in to a saved account; the views stay, emptied, and reload once the login lands.
pub(super) fn switch_account(state: &mut State, name: &str) -> Vec<Command> {
    let Some(saved) = state.accounts.get(name).cloned() else {
        let known: Vec<&str> = state
            .accounts
            .accounts
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        state.flash_error(format!(
            "no account named {name} (known: {})",
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            }
        ));
        return Vec::new();
    };
    begin_login(state, &saved.name);
    vec![Command::LoginSaved(Box::new(saved))]
}

pub(super) fn begin_login(state: &mut State, account: &str) {
    state.login = LoginState::Pending {
        account: account.to_string(),
    };
    for view in &mut state.stack {
        if let View::Table(t) = view {
            **t = TableView::new(t.kind);
        }
    }
}

pub(super) fn on_form_action(state: &mut State, action: Action) -> Vec<Command> {
    let View::Form(form) = state.view_mut() else {
        return Vec::new();
    };
    match action {
        Action::NextField => form.move_focus(1),
        Action::PrevField => form.move_focus(-1),
        Action::Back => {
            state.stack.pop();
        }
        Action::Quit => state.quit = true,
        Action::Submit if form.testing => {}
        Action::Submit if !form.on_button() => form.move_focus(1),
        Action::Submit => return submit_form(state),
        _ => {}
    }
    Vec::new()
}

pub(super) fn submit_form(state: &mut State) -> Vec<Command> {
    let accounts = state.accounts.clone();
    let View::Form(form) = state.view_mut() else {
        return Vec::new();
    };
    match form.validate(&accounts) {
        Err(message) => {
            form.error = Some(message);
            Vec::new()
        }
        Ok((saved, secret)) => {
            form.error = None;
            form.testing = true;
            vec![Command::SaveAccount {
                saved: Box::new(saved),
                secret,
                replacing: form.editing.clone(),
                secrets_file: form.secrets_file,
            }]
        }
    }
}
