//! The one place state changes: `update(state, msg) -> commands`. Split by concern: accounts,
//! the inspector, the command line, worker events.

mod accounts;
pub(crate) use super::overlays::actions::update as actions;
mod chart;
mod command_line;
mod events;
mod inspect;
mod mouse;
mod table;

use accounts::*;
use chart::*;
use command_line::*;
use events::*;
use inspect::*;
use table::*;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

pub use mouse::selection_hint as mouse_selection_hint;

use crate::worker::{Command, Event};

use super::input::TextInput;
use super::keymap::{Action, Scope};
use super::layout::{detail_rows, step, table_rows};
use super::login::{AccountForm, MethodPicker, PickerItem};
use super::state::{LoginState, State, View};

/// Everything that can happen to the UI.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// A timer fired: something on screen counts (the token's lifetime, relative times).
    Tick,
    Worker(Event),
    /// A mouse event (only while mouse capture is on).
    Mouse(crossterm::event::MouseEvent),
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Command> {
    let commands = dispatch(state, msg);
    follow_waits(state);
    commands
}

/// Every waiting view follows the request it waits for, to say how long once it is slow.
fn follow_waits(state: &mut State) {
    let now = state.now_ms;
    for view in &mut state.stack {
        match view {
            View::Table(t) => t.wait.follow(t.loading.as_ref().map(|p| p.id), now),
            View::Detail(d) => d.wait.follow(d.loading, now),
            _ => {}
        }
    }
}

fn dispatch(state: &mut State, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => {
            let mut commands = on_key(state, key);
            // Keys change what is remembered (sort, widths, filters, the list shown).
            commands.extend(super::memory::after_update(state));
            commands
        }
        Msg::Key(_) => Vec::new(),
        Msg::Tick => {
            let due = state.auto_refresh_at().is_some_and(|at| at <= state.now_ms);
            if due { refresh(state) } else { Vec::new() }
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            clamp_views(state);
            Vec::new()
        }
        Msg::Worker(event) => on_worker(state, event),
        Msg::Mouse(event) => {
            // A click can change what is remembered too (the list shown, the selection's column).
            let mut commands = mouse::on_mouse(state, event);
            commands.extend(super::memory::after_update(state));
            commands
        }
    }
}

pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    state.flash = None;
    if state.prompt.is_some() {
        return on_prompt_key(state, key);
    }
    if state.confirm.is_some() && state.help.is_none() {
        return super::overlays::confirm::on_key(state, key);
    }
    if state.flow.is_some() && state.help.is_none() {
        return actions::on_flow_key(state, key);
    }
    let scope = state.scope();
    // Sequences (`g g`) wait for their next key; a key that continues none counts alone.
    let action = match state.keymap.resolve(scope, &mut state.pending_keys, &key) {
        super::keymap::KeyStep::Pending | super::keymap::KeyStep::Cancelled => return Vec::new(),
        super::keymap::KeyStep::Action(action) => Some(action),
        super::keymap::KeyStep::Unbound => None,
    };
    if state.help.is_some() {
        return action.map(|a| on_help_action(state, a)).unwrap_or_default();
    }
    if let View::Table(t) = state.view_mut() {
        if t.offer_search {
            t.offer_search = false;
            if matches!(key.code, KeyCode::Enter | KeyCode::Char('y')) {
                let id = state.next_request_id();
                return match state.view_mut() {
                    View::Table(t) => t.search_server(id),
                    _ => Vec::new(),
                };
            }
        }
    }
    match (scope, action) {
        (Scope::Filter, Some(action)) if matches!(state.view(), View::Detail(_)) => {
            on_inspector_search_action(state, action)
        }
        (Scope::Filter, None) if matches!(state.view(), View::Detail(_)) => {
            if let View::Detail(d) = state.view_mut() {
                if let Some(input) = d.search_input.as_mut() {
                    input.handle(&key);
                } else if let Some((input, _)) = d.jq_input.as_mut() {
                    input.handle(&key);
                }
            }
            Vec::new()
        }
        (Scope::Filter, Some(action)) => on_filter_action(state, action),
        (Scope::Filter, None) => {
            let height = table_rows(state.size.1);
            if let View::Table(t) = state.view_mut() {
                if let Some(f) = t.filter.as_mut() {
                    let before = f.input.value().to_string();
                    if f.input.handle(&key) && f.input.value() != before {
                        t.filter_changed(&before, height);
                    }
                }
            }
            load_more_if_near_end(state)
        }
        (Scope::Form, Some(Action::ToggleSecretsFile)) => {
            let no_keyring = matches!(state.vault, Some(Err(_)));
            if let View::Form(form) = state.view_mut() {
                form.secrets_file = no_keyring && !form.secrets_file;
            }
            Vec::new()
        }
        (Scope::Form, Some(action)) => on_form_action(state, action),
        (Scope::Form, None) => {
            if let View::Form(form) = state.view_mut() {
                if let Some(field) = form.focused_field() {
                    field.input.handle(&key);
                }
            }
            Vec::new()
        }
        (_, Some(action)) => on_action(state, action),
        (_, None) => Vec::new(),
    }
}

pub(super) fn on_help_action(state: &mut State, action: Action) -> Vec<Command> {
    let scroll = state.help.get_or_insert(0);
    match action {
        Action::Back | Action::Help => state.help = None,
        Action::Quit => state.quit = true,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = usize::MAX / 2,
        _ => {}
    }
    Vec::new()
}

pub(super) fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    if let Some(commands) = chart_action(state, action) {
        return commands;
    }
    match action {
        Action::Quit => {
            state.quit = true;
            Vec::new()
        }
        Action::Help => {
            state.help = Some(0);
            Vec::new()
        }
        Action::Command => {
            state.prompt = Some(TextInput::default());
            Vec::new()
        }
        Action::TokenStatus => {
            open_token_pane(state);
            Vec::new()
        }
        Action::Accounts => {
            open_accounts(state);
            Vec::new()
        }
        Action::Back => go_back(state),
        Action::Filter => {
            if let View::Table(t) = state.view_mut() {
                t.start_filter();
            }
            Vec::new()
        }
        Action::SortNext | Action::SortPrev => {
            let height = table_rows(state.size.1);
            if let View::Table(t) = state.view_mut() {
                t.cycle_sort(action == Action::SortNext, height);
            }
            Vec::new()
        }
        Action::PauseRefresh => {
            state.refresh_paused = !state.refresh_paused;
            let text = if state.refresh_paused {
                "auto-refresh paused (p resumes)"
            } else {
                "auto-refresh resumed"
            };
            state.flash_info(text);
            Vec::new()
        }
        Action::Refresh => refresh(state),
        Action::ToggleMouse => {
            mouse::toggle(state);
            Vec::new()
        }
        Action::Open => open(state),
        Action::Add => {
            state.stack.push(View::Methods(MethodPicker::default()));
            Vec::new()
        }
        Action::Edit => edit_selected_account(state),
        Action::Remove => {
            if let Some(name) = selected_account(state) {
                state.confirm = Some(super::overlays::confirm::Confirm::remove_account(name));
            }
            Vec::new()
        }
        Action::SetDefault => selected_account(state)
            .map(|name| vec![Command::SetDefault(name)])
            .unwrap_or_default(),
        Action::Import => match &state.wf_import {
            Some(import) => vec![Command::ImportWf(import.path.clone())],
            None => {
                state.flash_error("no ~/.wavefront file with accounts was found");
                Vec::new()
            }
        },
        Action::Collapse
        | Action::Expand
        | Action::ToggleFold
        | Action::FoldAll
        | Action::UnfoldAll
        | Action::FoldLevel
        | Action::UnfoldLevel
        | Action::Search
        | Action::NextMatch
        | Action::PrevMatch
        | Action::Wrap
        | Action::ShowWhole
        | Action::CopyValue
        | Action::CopyPath
        | Action::JqFilter => on_inspector_action(state, action),
        Action::Actions
        | Action::ToggleMark
        | Action::MarkAll
        | Action::ClearMarks
        | Action::CopyCurl => match state.view() {
            View::History(_) => super::history::copy_curl(state),
            _ => actions::on_view_action(state, action),
        },
        Action::Confirm | Action::RetryFailed => Vec::new(),
        Action::ColumnNext
        | Action::ColumnPrev
        | Action::WidenColumn
        | Action::NarrowColumn
        | Action::ResetColumns => {
            super::memory::on_column_action(state, action);
            Vec::new()
        }
        Action::RecallPrev | Action::RecallNext => Vec::new(),
        nav => {
            navigate(state, nav);
            load_more_if_near_end(state)
        }
    }
}

pub(super) fn navigate(state: &mut State, nav: Action) {
    if matches!(state.view(), View::History(_)) {
        return super::history::navigate(state, nav);
    }
    let (table_h, detail_h) = (table_rows(state.size.1), detail_rows(state.size.1));
    let width = state.size.0 as usize;
    let import = state.wf_import.is_some();
    let account_count = state.accounts.accounts.len();
    let delta = |page: usize| -> Option<isize> {
        match nav {
            Action::Up => Some(-1),
            Action::Down => Some(1),
            Action::PageUp => Some(-(page as isize)),
            Action::PageDown => Some(page as isize),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            _ => None,
        }
    };
    match state.view_mut() {
        View::Table(t) => match nav {
            Action::Top => t.move_to(0, table_h),
            Action::Bottom => {
                // G loads everything, streaming; esc stops it.
                t.load_all = t.next.is_some();
                t.move_to(usize::MAX, table_h);
            }
            _ => {
                if let Some(d) = delta(table_h) {
                    t.move_by(d, table_h);
                }
            }
        },
        View::Detail(d) => match nav {
            Action::Top => d.to_top(),
            Action::Bottom => d.to_bottom(detail_h, width),
            _ => {
                if let Some(delta) = delta(detail_h) {
                    d.move_by(delta, detail_h, width);
                }
            }
        },
        View::Methods(p) => {
            if let Some(d) = delta(10) {
                p.selected = step(p.selected, d, MethodPicker::items(import).len());
            }
        }
        View::Accounts(v) => {
            if let Some(d) = delta(10) {
                v.selected = step(v.selected, d, account_count);
            }
        }
        View::Form(_) | View::Token | View::History(_) | View::Chart(_) => {}
    }
}

pub(super) fn go_back(state: &mut State) -> Vec<Command> {
    // In a table, esc first undoes what narrows it: loading everything, the filter, a search.
    let height = table_rows(state.size.1);
    let id = state.next_request_id();
    if let View::Table(t) = state.view_mut() {
        if t.load_all {
            t.load_all = false;
            return t.cancel();
        }
        if t.filter.is_some() {
            t.clear_filter(height);
            return Vec::new();
        }
        if t.search.is_some() {
            return t.end_search(id);
        }
    }
    if let View::Detail(d) = state.view_mut() {
        if d.show_whole {
            d.show_whole = false;
            return Vec::new();
        }
        if d.search.is_some() {
            d.search = None;
            return Vec::new();
        }
    }
    if state.stack.len() <= 1 {
        return Vec::new();
    }
    // Without any account, the login pane is where the app starts: it has nothing to go back to.
    if state.login == LoginState::LoggedOut && matches!(state.view(), View::Methods(_)) {
        return Vec::new();
    }
    match state.stack.pop() {
        Some(View::Detail(d)) => d.loading.map(Command::Cancel).into_iter().collect(),
        Some(View::Table(mut t)) => t.cancel(),
        Some(View::Chart(c)) => c.loading.map(Command::Cancel).into_iter().collect(),
        _ => Vec::new(),
    }
}

pub(super) fn open(state: &mut State) -> Vec<Command> {
    match state.view() {
        View::Table(_) => open_selected(state),
        View::Methods(p) => {
            let items = MethodPicker::items(state.wf_import.is_some());
            match items.get(p.selected) {
                Some(PickerItem::Method(method)) => {
                    let name = if state.accounts.accounts.is_empty() {
                        "prod"
                    } else {
                        ""
                    };
                    state
                        .stack
                        .push(View::Form(AccountForm::new(*method, name)));
                    Vec::new()
                }
                Some(PickerItem::ImportWf) => on_action(state, Action::Import),
                None => Vec::new(),
            }
        }
        View::Accounts(_) => match selected_account(state) {
            Some(name) => switch_account(state, &name),
            None => Vec::new(),
        },
        View::History(_) => super::history::replay(state),
        _ => Vec::new(),
    }
}

pub(super) fn clamp_views(state: &mut State) {
    let (table_h, detail_h) = (table_rows(state.size.1), detail_rows(state.size.1));
    let width = state.size.0 as usize;
    for view in &mut state.stack {
        match view {
            View::Table(t) => t.clamp(table_h),
            View::Detail(d) => d.keep_cursor_visible(detail_h, width),
            _ => {}
        }
    }
}
