//! Accounts and logging in from the UI: the token and accounts panes, switching, the form.

use crate::worker::Command;

use super::AccountsView;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::login::AccountForm;
use crate::app::views::table::TableView;
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;

/// A short list: a page is this many accounts.
const PAGE: usize = 10;

impl ViewBehaviour for AccountsView {
    fn scope(&self) -> Scope {
        Scope::Accounts
    }

    fn footer_actions(&self) -> &'static [Action] {
        &[
            Action::Open,
            Action::Add,
            Action::Edit,
            Action::Remove,
            Action::SetDefault,
            Action::Back,
        ]
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        (action == Action::Open).then_some("switch")
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw(frame, area, state, self, theme)
    }

    fn click(&mut self, index: usize, _drawn: &Drawn) {
        self.selected = index;
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        let count = state.accounts.accounts.len();
        Some(match action {
            Action::Open => match selected_account(state) {
                Some(name) => switch_account(state, &name),
                None => Vec::new(),
            },
            Action::Edit => edit_selected_account(state),
            Action::Remove => {
                if let Some(name) = selected_account(state) {
                    state.confirm =
                        Some(crate::app::overlays::confirm::Confirm::remove_account(name));
                }
                Vec::new()
            }
            Action::SetDefault => selected_account(state)
                .map(|name| vec![Command::SetDefault(name)])
                .unwrap_or_default(),
            nav => {
                let delta = nav_delta(nav, PAGE)?;
                let View::Accounts(v) = state.view_mut() else {
                    return None;
                };
                v.selected = crate::app::layout::step(v.selected, delta, count);
                Vec::new()
            }
        })
    }
}

pub(crate) fn open_token_pane(state: &mut State) {
    if !matches!(state.view(), View::Token) {
        state.stack.push(View::Token);
    }
}

pub(crate) fn open_accounts(state: &mut State) {
    if matches!(state.view(), View::Accounts(_)) {
        return;
    }
    let selected = state
        .current_account()
        .and_then(|c| state.accounts.accounts.iter().position(|a| a.name == c))
        .unwrap_or(0);
    state.stack.push(View::Accounts(AccountsView { selected }));
}

pub(crate) fn selected_account(state: &State) -> Option<String> {
    match state.view() {
        View::Accounts(v) => state
            .accounts
            .accounts
            .get(v.selected)
            .map(|a| a.name.clone()),
        _ => None,
    }
}

pub(crate) fn edit_selected_account(state: &mut State) -> Vec<Command> {
    let Some(saved) = selected_account(state).and_then(|n| state.accounts.get(&n).cloned()) else {
        return Vec::new();
    };
    state.stack.push(View::Form(AccountForm::edit(&saved)));
    Vec::new()
}

/// Logs in to a saved account; the views stay, emptied, and reload once the login lands.
pub(crate) fn switch_account(state: &mut State, name: &str) -> Vec<Command> {
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

pub(crate) fn begin_login(state: &mut State, account: &str) {
    state.login = LoginState::Pending {
        account: account.to_string(),
    };
    for view in &mut state.stack {
        if let View::Table(t) = view {
            **t = TableView::new(t.kind);
        }
    }
}
