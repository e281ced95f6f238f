//! The one place state changes: `update(state, msg) -> commands`.

use crossterm::event::{KeyEvent, KeyEventKind};
use serde_json::Value;

use crate::worker::{Command, Event};

use super::detail::DetailView;
use super::keymap::Action;
use super::layout::{detail_rows, table_rows};
use super::state::{Flash, FlashLevel, LoginState, State, View};

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
        Msg::Key(_) | Msg::Tick => Vec::new(),
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
    let Some(action) = state.keymap.action(state.scope(), &key) else {
        return Vec::new();
    };
    if state.help.is_some() {
        return on_help_action(state, action);
    }
    on_action(state, action)
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
    let (table_h, detail_h) = (table_rows(state.size.1), detail_rows(state.size.1));
    match action {
        Action::Quit => {
            state.quit = true;
            Vec::new()
        }
        Action::Help => {
            state.help = Some(0);
            Vec::new()
        }
        Action::Back => go_back(state),
        Action::Refresh => refresh(state),
        Action::Open => open_selected(state),
        nav => {
            match state.view_mut() {
                View::Table(t) => match nav {
                    Action::Up => t.move_by(-1, table_h),
                    Action::Down => t.move_by(1, table_h),
                    Action::PageUp => t.move_by(-(table_h as isize), table_h),
                    Action::PageDown => t.move_by(table_h as isize, table_h),
                    Action::Top => t.move_to(0, table_h),
                    Action::Bottom => t.move_to(usize::MAX, table_h),
                    _ => {}
                },
                View::Detail(d) => match nav {
                    Action::Up => d.scroll_by(-1, detail_h),
                    Action::Down => d.scroll_by(1, detail_h),
                    Action::PageUp => d.scroll_by(-(detail_h as isize), detail_h),
                    Action::PageDown => d.scroll_by(detail_h as isize, detail_h),
                    Action::Top => d.scroll = 0,
                    Action::Bottom => d.scroll_to_end(detail_h),
                    _ => {}
                },
            }
            load_more_if_near_end(state)
        }
    }
}

fn go_back(state: &mut State) -> Vec<Command> {
    if state.stack.len() <= 1 {
        return Vec::new();
    }
    match state.stack.pop() {
        Some(View::Detail(d)) => d.loading.map(Command::Cancel).into_iter().collect(),
        Some(View::Table(mut t)) => t.cancel(),
        None => Vec::new(),
    }
}

fn refresh(state: &mut State) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        return Vec::new();
    }
    let id = state.next_request_id();
    match state.view_mut() {
        View::Table(t) => t.reload(id),
        // Detail views are never reloaded underneath the reader.
        View::Detail(_) => Vec::new(),
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
        let view = DetailView::ready(title, kind.list_path.to_string(), &value);
        state.stack.push(View::Detail(view));
        return Vec::new();
    }
    let (Some(item_id), Some(path)) = (
        row.id.clone(),
        row.id.as_deref().and_then(|i| kind.detail_path_for(i)),
    ) else {
        state.flash = Some(Flash {
            level: FlashLevel::Error,
            text: "this item has no id to open it by".into(),
        });
        return Vec::new();
    };
    state
        .stack
        .push(View::Detail(DetailView::loading(title, path, id)));
    vec![Command::FetchDetail { id, kind, item_id }]
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
        View::Detail(_) => Vec::new(),
    }
}

fn on_worker(state: &mut State, event: Event) -> Vec<Command> {
    match event {
        Event::LoggedIn(status) => {
            state.login = LoginState::LoggedIn(status);
            // Land on the same views, reloaded for this session.
            let mut commands = Vec::new();
            for i in 0..state.stack.len() {
                let id = state.next_request_id();
                if let View::Table(t) = &mut state.stack[i] {
                    commands.extend(t.reload(id));
                }
            }
            commands
        }
        Event::LoginFailed { account, error } => {
            let message = error.to_string();
            state.flash = Some(Flash {
                level: FlashLevel::Error,
                text: format!("login to {account} failed: {message}"),
            });
            state.login = LoginState::Failed { account, message };
            Vec::new()
        }
        Event::Token(status) => {
            if let Some(err) = &status.last_refresh_error {
                state.flash = Some(Flash {
                    level: FlashLevel::Error,
                    text: format!("token refresh failed: {err}"),
                });
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
            table.receive(id, result, now, height);
            load_more_if_near_end(state)
        }
        Event::Detail { id, result } => {
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Detail(d) if d.loading == Some(id) => Some(d),
                _ => None,
            });
            match awaiting {
                Some(d) => {
                    d.receive(id, result);
                }
                None => tracing::debug!(id, "dropped a stale detail"),
            }
            Vec::new()
        }
    }
}

fn clamp_views(state: &mut State) {
    let (table_h, detail_h) = (table_rows(state.size.1), detail_rows(state.size.1));
    for view in state.stack.iter_mut() {
        match view {
            View::Table(t) => t.clamp(table_h),
            View::Detail(d) => d.scroll_by(0, detail_h),
        }
    }
}
