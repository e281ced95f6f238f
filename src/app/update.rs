//! The one place state changes: `update(state, msg) -> commands`.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use serde_json::Value;

use crate::worker::{Command, Event};

use super::input::TextInput;
use super::inspector::Inspector;
use super::keymap::{Action, Scope};
use super::layout::{detail_rows, step, table_rows};
use super::login::{AccountForm, MethodPicker, PickerItem};
use super::prompt::{self, PromptCommand};
use super::state::{AccountsView, LoginState, State, View};
use super::table::TableView;

/// Everything that can happen to the UI.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// A timer fired: something on screen counts (the token's lifetime, relative times).
    Tick,
    Worker(Event),
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
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
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    state.flash = None;
    if state.prompt.is_some() {
        return on_prompt_key(state, key);
    }
    if let View::Accounts(AccountsView {
        confirm_remove: confirm @ Some(_),
        ..
    }) = state.view_mut()
    {
        let name = confirm.take().unwrap_or_default();
        if key.code == KeyCode::Char('y') {
            return vec![Command::RemoveAccount(name)];
        }
        state.flash_info("kept");
        return Vec::new();
    }
    let scope = state.scope();
    let action = state.keymap.action(scope, &key);
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
        (Scope::Form, Some(action)) => on_form_action(state, action),
        (Scope::Form, None) => {
            let no_keyring = matches!(state.vault, Some(Err(_)));
            if let View::Form(form) = state.view_mut() {
                let ctrl_o = key.code == KeyCode::Char('o')
                    && key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL);
                if ctrl_o {
                    form.secrets_file = no_keyring && !form.secrets_file;
                    return Vec::new();
                }
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

fn on_help_action(state: &mut State, action: Action) -> Vec<Command> {
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

fn on_action(state: &mut State, action: Action) -> Vec<Command> {
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
        Action::Open => open(state),
        Action::Add => {
            state.stack.push(View::Methods(MethodPicker::default()));
            Vec::new()
        }
        Action::Edit => edit_selected_account(state),
        Action::Remove => {
            let name = selected_account(state);
            if let (Some(name), View::Accounts(v)) = (name, state.view_mut()) {
                v.confirm_remove = Some(name.clone());
                state.flash_info(format!(
                    "remove account {name} and its stored secret? y to confirm, any other key keeps it"
                ));
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
        nav => {
            navigate(state, nav);
            load_more_if_near_end(state)
        }
    }
}

fn on_inspector_action(state: &mut State, action: Action) -> Vec<Command> {
    let (height, width) = (detail_rows(state.size.1), state.size.0 as usize);
    let View::Detail(d) = state.view_mut() else {
        return Vec::new();
    };
    if d.show_whole {
        d.show_whole = false;
        return Vec::new();
    }
    match action {
        Action::Collapse => d.collapse(height, width),
        Action::Expand => d.expand(height, width),
        Action::ToggleFold => d.toggle(height, width),
        Action::FoldAll => d.fold_all(true),
        Action::UnfoldAll => d.fold_all(false),
        Action::FoldLevel => d.fold_level(),
        Action::UnfoldLevel => d.unfold_level(),
        Action::Search => d.search_input = Some(TextInput::default()),
        Action::JqFilter if d.doc.is_some() => d.jq_input = Some((TextInput::default(), None)),
        Action::NextMatch => d.next_match(true, height, width),
        Action::PrevMatch => d.next_match(false, height, width),
        Action::Wrap => {
            d.wrap = !d.wrap;
            d.keep_cursor_visible(height, width);
        }
        Action::ShowWhole => d.show_whole = d.doc.is_some(),
        Action::CopyValue | Action::CopyPath => {
            let (what, text) = if action == Action::CopyPath {
                ("path", Some(d.path()))
            } else {
                ("value", d.value_text())
            };
            if let Some(text) = text {
                let size = text.len();
                state.flash_info(format!("copied the {what} ({size} bytes) to the clipboard"));
                return vec![Command::Copy(text)];
            }
        }
        _ => {}
    }
    Vec::new()
}

fn navigate(state: &mut State, nav: Action) {
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
        View::Form(_) | View::Token => {}
    }
}

fn go_back(state: &mut State) -> Vec<Command> {
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
        _ => Vec::new(),
    }
}

fn refresh(state: &mut State) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        return Vec::new();
    }
    let id = state.next_request_id();
    match state.view_mut() {
        View::Table(t) => t.reload(id),
        View::Token => vec![Command::RefreshToken],
        // Detail views are never reloaded underneath the reader.
        _ => Vec::new(),
    }
}

fn open(state: &mut State) -> Vec<Command> {
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
        _ => Vec::new(),
    }
}

fn open_selected(state: &mut State) -> Vec<Command> {
    let id = state.next_request_id();
    let View::Table(t) = state.view() else {
        return Vec::new();
    };
    let kind = t.kind;
    let Some(row) = t.selected_row() else {
        return Vec::new();
    };
    let name = row
        .cells
        .first()
        .and_then(|c| match c {
            crate::api::catalog::Cell::Text(s) => Some(s.to_string()),
            _ => None,
        })
        .or_else(|| row.id.clone())
        .unwrap_or_else(|| "item".into());
    let title = format!("{} › {}", kind.title, name);
    if let Some(raw) = &row.raw {
        let value: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        let doc = std::sync::Arc::new(crate::json::Doc::from_value(&value));
        let view = Inspector::with_doc(title, format!("GET {}", kind.list_path), doc);
        state.stack.push(View::Detail(Box::new(view)));
        return Vec::new();
    }
    let (Some(item_id), Some(path)) = (
        row.id.clone(),
        row.id.as_deref().and_then(|i| kind.detail_path_for(i)),
    ) else {
        state.flash_error("this item has no id to open it by");
        return Vec::new();
    };
    state.stack.push(View::Detail(Box::new(Inspector::loading(
        title,
        format!("GET {path}"),
        id,
    ))));
    vec![Command::FetchDetail { id, kind, item_id }]
}

fn open_token_pane(state: &mut State) {
    if !matches!(state.view(), View::Token) {
        state.stack.push(View::Token);
    }
}

fn open_accounts(state: &mut State) {
    if matches!(state.view(), View::Accounts(_)) {
        return;
    }
    let selected = state
        .current_account()
        .and_then(|c| state.accounts.accounts.iter().position(|a| a.name == c))
        .unwrap_or(0);
    state.stack.push(View::Accounts(AccountsView {
        selected,
        confirm_remove: None,
    }));
}

fn selected_account(state: &State) -> Option<String> {
    match state.view() {
        View::Accounts(v) => state
            .accounts
            .accounts
            .get(v.selected)
            .map(|a| a.name.clone()),
        _ => None,
    }
}

fn edit_selected_account(state: &mut State) -> Vec<Command> {
    let Some(saved) = selected_account(state).and_then(|n| state.accounts.get(&n).cloned()) else {
        return Vec::new();
    };
    state.stack.push(View::Form(AccountForm::edit(&saved)));
    Vec::new()
}

/// Logs in to a saved account; the views stay, emptied, and reload once the login lands.
fn switch_account(state: &mut State, name: &str) -> Vec<Command> {
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

fn begin_login(state: &mut State, account: &str) {
    state.login = LoginState::Pending {
        account: account.to_string(),
    };
    for view in state.stack.iter_mut() {
        if let View::Table(t) = view {
            **t = TableView::new(t.kind);
        }
    }
}

fn on_inspector_search_action(state: &mut State, action: Action) -> Vec<Command> {
    let (height, width) = (detail_rows(state.size.1), state.size.0 as usize);
    let history = state.jq_history.clone();
    let View::Detail(d) = state.view_mut() else {
        return Vec::new();
    };
    if let Some((input, position)) = d.jq_input.as_mut() {
        match action {
            Action::Submit => {
                let filter = input.value().trim().to_string();
                d.jq_input = None;
                return run_jq(state, filter);
            }
            Action::Back => d.jq_input = None,
            // Up and down walk the filters used before.
            Action::Up | Action::Down if !history.is_empty() => {
                let last = history.len() - 1;
                let next = match (action, *position) {
                    (Action::Up, None) => Some(last),
                    (Action::Up, Some(p)) => Some(p.saturating_sub(1)),
                    (_, Some(p)) if p < last => Some(p + 1),
                    _ => None,
                };
                *position = next;
                *input = TextInput::new(next.map_or("", |p| history[p].as_str()));
            }
            Action::Quit => state.quit = true,
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Submit => {
            let query = d
                .search_input
                .take()
                .map(|i| i.value().to_string())
                .unwrap_or_default();
            d.search_for(&query, height, width);
            let found = d.search.as_ref().map_or(0, |s| s.matches.len());
            if !query.is_empty() {
                state.flash_info(format!(
                    "{found} match(es) for '{query}': n next, N previous"
                ));
            }
        }
        Action::Back => d.search_input = None,
        Action::Quit => state.quit = true,
        _ => {}
    }
    Vec::new()
}

fn on_filter_action(state: &mut State, action: Action) -> Vec<Command> {
    let height = table_rows(state.size.1);
    let View::Table(t) = state.view_mut() else {
        return Vec::new();
    };
    match action {
        Action::Submit => {
            t.apply_filter();
            if t.offer_search {
                let text = t
                    .filter
                    .as_ref()
                    .map(|f| f.input.value().to_string())
                    .unwrap_or_default();
                state.flash_info(format!(
                    "only part of the list is loaded: enter searches the server for '{text}', any other key keeps the local filter"
                ));
            }
        }
        Action::Back => t.clear_filter(height),
        Action::Down => t.move_by(1, height),
        Action::Up => t.move_by(-1, height),
        Action::Quit => state.quit = true,
        _ => {}
    }
    Vec::new()
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

fn on_prompt_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let Some(input) = state.prompt.as_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => state.prompt = None,
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

fn run_prompt(state: &mut State, line: &str) -> Vec<Command> {
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
        Ok(PromptCommand::Kind(_)) if matches!(state.login, LoginState::Standalone(_)) => {
            state.flash_error("no instance here: wf-tui inspect shows one document");
            Vec::new()
        }
        Ok(PromptCommand::Save { path, value_only }) => save(state, path, value_only),
        Ok(PromptCommand::Jq(filter)) => run_jq(state, filter),
        Ok(PromptCommand::Kind(kind)) => {
            // Back to the table level, on this kind.
            state.stack.truncate(1);
            let id = state.next_request_id();
            let mut commands = match state.view_mut() {
                View::Table(t) => t.cancel(),
                _ => Vec::new(),
            };
            let mut table = TableView::new(kind);
            if matches!(state.login, LoginState::LoggedIn(_)) {
                commands.extend(table.reload(id));
            }
            state.stack[0] = View::Table(Box::new(table));
            commands
        }
    }
}

/// Runs a jq filter on the document on screen; the result opens as a new document above it.
fn run_jq(state: &mut State, filter: String) -> Vec<Command> {
    if filter.is_empty() {
        return Vec::new();
    }
    let Some(doc) = (match state.view() {
        View::Detail(d) => d.doc.clone(),
        _ => None,
    }) else {
        state.flash_error("open an item's JSON first: jq filters apply to the document on screen");
        return Vec::new();
    };
    state.jq_history.retain(|f| f != &filter);
    state.jq_history.push(filter.clone());
    let id = state.next_request_id();
    let view = Inspector::loading(format!("jq {filter}"), "filter result".into(), id);
    state.stack.push(View::Detail(Box::new(view)));
    vec![Command::Jq {
        id,
        input: doc,
        filter,
    }]
}

/// `:w FILE` saves the document, `:wv FILE` the value under the cursor.
fn save(state: &mut State, path: String, value_only: bool) -> Vec<Command> {
    let View::Detail(d) = state.view() else {
        state.flash_error("open an item's JSON first: :w saves the document on screen");
        return Vec::new();
    };
    let contents = if value_only {
        d.value_text()
    } else {
        d.document_text()
    };
    match contents {
        Some(contents) => vec![Command::Save {
            path: std::path::PathBuf::from(path),
            contents: contents + "\n",
        }],
        None => {
            state.flash_error("nothing to save yet");
            Vec::new()
        }
    }
}

fn load_more_if_near_end(state: &mut State) -> Vec<Command> {
    let height = table_rows(state.size.1);
    let wants = matches!(state.view(), View::Table(t) if t.wants_more(height));
    if !wants {
        return Vec::new();
    }
    let id = state.next_request_id();
    match state.view_mut() {
        View::Table(t) => t.fetch_more(id),
        _ => Vec::new(),
    }
}

fn on_worker(state: &mut State, event: Event) -> Vec<Command> {
    match event {
        Event::LoggedIn(status) => {
            state.login = LoginState::LoggedIn(status);
            // Land on the same resource views, reloaded for this session.
            state.stack.retain(|v| !v.closes_on_login());
            let mut commands = Vec::new();
            for i in 0..state.stack.len() {
                let id = state.next_request_id();
                if let View::Table(t) = &mut state.stack[i] {
                    commands.extend(t.reload(id));
                }
            }
            commands
        }
        Event::LoginFailed { account, message } => {
            state.flash_error(format!("login to {account} failed: {message}"));
            state.login = LoginState::Failed { account, message };
            Vec::new()
        }
        Event::FormFailed(message) => {
            let form = state.stack.iter_mut().rev().find_map(|v| match v {
                View::Form(f) if f.testing => Some(f),
                _ => None,
            });
            if let Some(form) = form {
                form.testing = false;
                form.error = Some(message);
            }
            Vec::new()
        }
        Event::Vault(vault) => {
            state.vault = Some(vault);
            Vec::new()
        }
        Event::AccountsChanged(file) => {
            state.accounts = *file;
            let count = state.accounts.accounts.len();
            for view in state.stack.iter_mut() {
                if let View::Accounts(v) = view {
                    v.selected = v.selected.min(count.saturating_sub(1));
                }
            }
            Vec::new()
        }
        Event::Notice { error, text } => {
            if error {
                state.flash_error(text);
            } else {
                state.flash_info(text);
            }
            Vec::new()
        }
        Event::Token(status) => {
            // A status of an account that is no longer current is stale.
            let current =
                matches!(&state.login, LoginState::LoggedIn(t) if t.account == status.account);
            if !current {
                return Vec::new();
            }
            if let Some(err) = &status.last_refresh_error {
                state.flash_error(format!("token refresh failed: {err}"));
            }
            state.login = LoginState::LoggedIn(status);
            Vec::new()
        }
        Event::Page { id, result, .. } => {
            let (now, height) = (state.now_ms, table_rows(state.size.1));
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Table(t) if t.loading.as_ref().is_some_and(|p| p.id == id) => Some(t),
                _ => None,
            });
            let Some(table) = awaiting else {
                tracing::debug!(id, "dropped a stale page");
                return Vec::new();
            };
            if table.receive(id, result, now, height) {
                return table.continue_reload().into_iter().collect();
            }
            load_more_if_near_end(state)
        }
        Event::Retrying { id, notice } => {
            for view in state.stack.iter_mut() {
                if let View::Table(t) = view {
                    if t.loading.as_ref().is_some_and(|p| p.id == id) {
                        t.retrying = Some(format!(
                            "retrying in {} (try {}): {}",
                            crate::format::short_duration(notice.delay.as_secs().max(1)),
                            notice.attempt + 1,
                            notice.reason
                        ));
                    }
                }
            }
            Vec::new()
        }
        Event::Document { id, result } => {
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Detail(d) if d.loading == Some(id) => Some(d),
                _ => None,
            });
            if let Some(d) = awaiting {
                d.loading = None;
                match result {
                    Ok(doc) => d.set_doc(doc),
                    Err((reason, text)) => {
                        d.error = Some(reason);
                        d.plain = Some(
                            text.lines()
                                .take(10_000)
                                .map(|l| crate::text::sanitize(l).into_owned())
                                .collect(),
                        );
                    }
                }
            }
            Vec::new()
        }
        Event::Detail { id, result } => {
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Detail(d) if d.loading == Some(id) => Some(d),
                _ => None,
            });
            match awaiting {
                Some(d) => {
                    d.loading = None;
                    match result {
                        // Parsed off the wire already; the index is built once here.
                        Ok(value) => {
                            d.set_doc(std::sync::Arc::new(crate::json::Doc::from_value(&value)))
                        }
                        Err(crate::api::ApiError::NotJson { reason, body, .. }) => {
                            d.error =
                                Some(format!("the answer is not JSON ({reason}); shown as text"));
                            d.plain = Some(
                                body.lines()
                                    .map(|l| crate::text::sanitize(l).into_owned())
                                    .collect(),
                            );
                        }
                        Err(e) => d.error = Some(e.to_string()),
                    }
                }
                None => tracing::debug!(id, "dropped a stale detail"),
            }
            Vec::new()
        }
    }
}

fn clamp_views(state: &mut State) {
    let (table_h, detail_h) = (table_rows(state.size.1), detail_rows(state.size.1));
    let width = state.size.0 as usize;
    for view in state.stack.iter_mut() {
        match view {
            View::Table(t) => t.clamp(table_h),
            View::Detail(d) => d.keep_cursor_visible(detail_h, width),
            _ => {}
        }
    }
}
