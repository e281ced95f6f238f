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
        let View::Methods(p) = state.view_mut() else {
            return None;
        };
        match action {
            Action::Open => Some(choose(state)),
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
            Action::Back,
        ]
    }

    /// Enter moves to the next field until the button has the focus: the footer says which.
    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Submit if !self.on_button() => Some("next field"),
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
        Action::Submit if form.testing => {}
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
            vec![Command::SaveAccount {
                saved: Box::new(saved),
                secret,
                replacing: form.editing.clone(),
                secrets_file: form.secrets_file,
            }]
        }
    }
}

/// Imports the Ruby `wf` CLI's profiles, if a file of them was found.
pub fn import_wf(state: &mut State) -> Vec<Command> {
    match &state.wf_import {
        Some(import) => vec![Command::ImportWf(import.path.clone())],
        None => {
            state.flash_error("no ~/.wavefront file with accounts was found");
            Vec::new()
        }
    }
}
