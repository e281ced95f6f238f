//! Keys of the login pane: choosing a method, then the account form (typing, fields, saving).

use crossterm::event::KeyEvent;

use crate::worker::Command;

use super::{AccountForm, MethodPicker, PickerItem};
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;

/// The picker's and the accounts' page: they are short lists.
const PAGE: usize = 10;

impl ViewBehaviour for MethodPicker {
    fn scope(&self) -> Scope {
        Scope::Methods
    }

    fn footer_actions(&self) -> &'static [Action] {
        &[Action::Down, Action::Open, Action::Import, Action::Quit]
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        (action == Action::Open).then_some("choose")
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw_picker(frame, area, state, self, theme);
        Drawn::top(frame, state, area)
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        let import = state.wf_import.is_some();
        let logged_out = state.login == LoginState::LoggedOut;
        let no_keyring = matches!(state.vault, Some(Err(_)));
        let View::Methods(p) = state.view_mut() else {
            return None;
        };
        match action {
            Action::Open => Some(choose(state)),
            Action::ToggleSecretsFile => {
                p.secrets_file = no_keyring && !p.secrets_file;
                Some(Vec::new())
            }
            // Without any account, the login pane is where the app starts: nothing to go back to.
            Action::Back if logged_out => Some(Vec::new()),
            nav => {
                let delta = nav_delta(nav, PAGE)?;
                p.selected =
                    crate::app::layout::step(p.selected, delta, MethodPicker::items(import).len());
                Some(Vec::new())
            }
        }
    }
}

/// Enter on the picker: the form for the method, or the import.
fn choose(state: &mut State) -> Vec<Command> {
    let View::Methods(p) = state.view() else {
        return Vec::new();
    };
    let items = MethodPicker::items(state.wf_import.is_some());
    match items.get(p.selected) {
        Some(PickerItem::Method(method)) => {
            // No suggested name: an empty one is named after the instance (see the form).
            let mut form = AccountForm::new(*method, "");
            // The first account starts on the instance: its name may stay empty.
            if state.accounts.accounts.is_empty() {
                form.focus = 1;
            }
            state.stack.push(View::Form(form));
            Vec::new()
        }
        Some(PickerItem::ImportWf) => import_wf(state),
        None => Vec::new(),
    }
}

impl ViewBehaviour for AccountForm {
    fn scope(&self) -> Scope {
        Scope::Form
    }

    fn footer_actions(&self) -> &'static [Action] {
        &[
            Action::NextField,
            Action::PrevField,
            Action::Submit,
            Action::SubmitForm,
            Action::Back,
        ]
    }

    /// Enter moves to the next field until the button has the focus: the footer says which.
    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Submit if !self.on_button() => Some("next field"),
            // On the button, `enter` already says it.
            Action::SubmitForm if self.on_button() => Some(""),
            Action::SubmitForm => Some("test and save"),
            _ => None,
        }
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw_form(frame, area, state, self, theme);
        Drawn::top(frame, state, area)
    }

    /// Every key goes to the form: its actions, or the focused field.
    fn on_key(state: &mut State, key: &KeyEvent, action: Option<Action>) -> Option<Vec<Command>> {
        let no_keyring = matches!(state.vault, Some(Err(_)));
        match action {
            Some(Action::ToggleSecretsFile) => {
                if let View::Form(form) = state.view_mut() {
                    form.secrets_file = no_keyring && !form.secrets_file;
                }
            }
            Some(action) => return Some(on_form_action(state, action)),
            None => {
                if let View::Form(form) = state.view_mut() {
                    if let Some(field) = form.focused_field() {
                        field.input.handle(key);
                    }
                }
            }
        }
        Some(Vec::new())
    }
}

fn on_form_action(state: &mut State, action: Action) -> Vec<Command> {
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
        Action::Submit | Action::SubmitForm if form.testing => {}
        Action::SubmitForm => return submit_form(state),
        Action::Submit if !form.on_button() => form.move_focus(1),
        Action::Submit => return submit_form(state),
        _ => {}
    }
    Vec::new()
}

fn submit_form(state: &mut State) -> Vec<Command> {
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
            let command = Command::SaveAccount {
                saved: Box::new(saved),
                secret,
                replacing: form.editing.clone(),
                secrets_file: form.secrets_file,
            };
            // The worker runs one login at a time: a switch under way ends here.
            state.switching = None;
            vec![command]
        }
    }
}

/// Imports the Ruby `wf` CLI's profiles, if a file of them was found. Where no keyring works,
/// the tokens need the secrets file: the picker offers it (ctrl-o), and the import waits for it.
pub fn import_wf(state: &mut State) -> Vec<Command> {
    let Some(path) = state.wf_import.as_ref().map(|i| i.path.clone()) else {
        state.flash_error("no ~/.wavefront file with accounts was found");
        return Vec::new();
    };
    if state.vault.is_none() {
        // Where the tokens can go is not known yet (the worker opens the keyring at start).
        state.flash_info("still checking the OS keyring: import again in a moment");
        return Vec::new();
    }
    let no_keyring = matches!(state.vault, Some(Err(_)));
    let secrets_file = matches!(state.view(), View::Methods(p) if p.secrets_file);
    if no_keyring && !secrets_file {
        if !matches!(state.view(), View::Methods(_)) {
            state.stack.push(View::Methods(MethodPicker::on_import()));
        }
        let keys = state
            .keymap
            .labels(Scope::Methods, Action::ToggleSecretsFile);
        let key = keys.first().map_or("", String::as_str);
        state.flash_error(format!(
            "no OS keyring works here to keep the tokens: {key} keeps them in the 0600 secrets \
             file (secrets = \"file\" in accounts.toml), then import again"
        ));
        return Vec::new();
    }
    vec![Command::ImportWf {
        path,
        secrets_file: no_keyring,
    }]
}

/// The import is done: with one account and nobody logged in, straight in to it; otherwise
/// the accounts pane, on the first one imported.
pub fn imported(state: &mut State, done: crate::worker::Imported) -> Vec<Command> {
    state.accounts = done.accounts;
    state.flash_info(done.summary);
    let Some(first) = done.names.first() else {
        return Vec::new();
    };
    let logged_in = matches!(state.login, LoginState::LoggedIn(_));
    if !logged_in && done.names.len() == 1 {
        return crate::app::views::accounts::update::switch_account(state, first);
    }
    // Logged in, the picker goes (the accounts pane is under it, or takes its place); without a
    // session it stays under the pane, where the app starts.
    if logged_in && matches!(state.view(), View::Methods(_)) {
        state.stack.pop();
    }
    crate::app::views::accounts::update::open_accounts(state);
    let at = state
        .accounts
        .accounts
        .iter()
        .position(|a| &a.name == first);
    if let (View::Accounts(pane), Some(at)) = (state.view_mut(), at) {
        pane.selected = at;
    }
    Vec::new()
}
