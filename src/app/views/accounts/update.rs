//! Accounts and logging in from the UI: the token and accounts panes, switching, the form.

use crate::worker::Command;

use super::AccountsView;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::present::{self, Present};
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
    match &state.login {
        // The session stays, views and all, until the new one works (see `landing`).
        LoginState::LoggedIn(current) => {
            let text = if current.account == saved.name {
                format!("logging in to {} again…", saved.name)
            } else {
                format!(
                    "logging in to {}… ({} stays until it works)",
                    saved.name, current.account
                )
            };
            state.flash_info(text);
            state.switching = Some(saved.name.clone());
        }
        _ => begin_login(state, &saved.name),
    }
    vec![Command::LoginSaved(Box::new(saved))]
}

/// A login landed for `account`: after a switch, the old account's rows and marks go (the
/// tables reload for the new session, with the new account's remembered sorts).
pub(crate) fn landing(state: &mut State, account: &str) {
    state.switching = None;
    let switched = matches!(&state.login, LoginState::LoggedIn(t) if t.account != account);
    if !switched {
        return;
    }
    state.marks = Default::default();
    for view in &mut state.stack {
        if let View::Table(t) = view {
            **t = TableView::new(t.kind);
            crate::app::memory::restore_table(&state.memory, t);
        }
    }
}

/// A login failed. After a switch the worker kept the old session: the person stays on it,
/// told why; otherwise there is no session and the views say the login failed.
pub(crate) fn login_failed(
    state: &mut State,
    account: String,
    error: &dyn Present,
    still_on: Option<String>,
) {
    if state.switching.as_deref() == Some(account.as_str()) {
        state.switching = None;
    }
    let current = match &state.login {
        LoginState::LoggedIn(t) => Some(t.account.as_str()),
        _ => None,
    };
    match still_on {
        Some(old) if current == Some(old.as_str()) => {
            let what = format!("could not switch to {account} (still on {old})");
            present::flash_in(state, &what, error);
        }
        _ => {
            present::flash_in(state, &format!("login to {account} failed"), error);
            let message = error.message();
            state.login = LoginState::Failed { account, message };
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{LoginMethod, TokenStatus};
    use crate::config::accounts::SavedAccount;
    use crate::worker::LoginError;

    fn logged_in_to(account: &str) -> State {
        let mut state = State::new(account, (100, 30), 0);
        state.login = LoginState::LoggedIn(Box::new(TokenStatus {
            account: account.into(),
            ..Default::default()
        }));
        for name in ["good", "bad"] {
            let saved = SavedAccount {
                name: name.into(),
                address: "acme.wavefront.com".into(),
                method: LoginMethod::ApiToken,
                csp_url: None,
                client_id: None,
                org_id: None,
                readonly: false,
            };
            state.accounts.upsert(saved, None);
        }
        state
    }

    /// A switch used to empty the lists and forget the session at once.
    #[test]
    fn a_switch_keeps_the_session_until_its_login_lands_or_fails() {
        let mut state = logged_in_to("good");
        let commands = switch_account(&mut state, "bad");
        assert!(matches!(&commands[..], [Command::LoginSaved(s)] if s.name == "bad"));
        assert_eq!(state.switching.as_deref(), Some("bad"));
        assert_eq!(state.current_account(), Some("good"));
        let no_secret = LoginError::NoStoredSecret;
        login_failed(&mut state, "bad".into(), &no_secret, Some("good".into()));
        assert_eq!(state.current_account(), Some("good"));
        assert!(matches!(state.login, LoginState::LoggedIn(_)));
        assert_eq!(state.switching, None);
        let flash = state.flash.clone().unwrap().text;
        assert!(flash.starts_with("could not switch to bad (still on good): "));
        // Without a session left (the worker says none), the login failed for good.
        login_failed(&mut state, "bad".into(), &no_secret, None);
        assert!(matches!(state.login, LoginState::Failed { ref account, .. } if account == "bad"));
    }
}
