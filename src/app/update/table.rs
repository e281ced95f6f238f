//! Keys of resource tables: refreshing, opening an item, loading more, the filter line.

use crate::worker::Command;

use super::super::inspector::Inspector;
use super::super::keymap::Action;
use super::super::layout::table_rows;
use super::super::state::{LoginState, State, View};

pub(super) fn refresh(state: &mut State) -> Vec<Command> {
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

pub(super) fn open_selected(state: &mut State) -> Vec<Command> {
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
    if let Some(raw) = row.raw.as_ref().filter(|_| kind.detail_path.is_none()) {
        // The row kept its item's JSON text: index it as it is (it came from serde, so it parses).
        let doc = crate::json::Doc::parse(raw.as_bytes().to_vec())
            .unwrap_or_else(|_| crate::json::Doc::from_value(&serde_json::Value::Null));
        let doc = std::sync::Arc::new(doc);
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

pub(super) fn on_filter_action(state: &mut State, action: Action) -> Vec<Command> {
    if super::super::memory::on_filter_key(state, action).is_some() {
        return Vec::new();
    }
    let height = table_rows(state.size.1);
    let View::Table(t) = state.view_mut() else {
        return Vec::new();
    };
    match action {
        Action::Submit => {
            t.apply_filter();
            let text = t
                .filter
                .as_ref()
                .map(|f| f.input.value().to_string())
                .unwrap_or_default();
            let partial = t.next.is_some();
            let message = match (t.offer_search, partial) {
                (true, true) => Some(format!(
                    "the filter covers the {} rows loaded: enter searches the server for '{text}', G loads everything, any other key keeps the local filter",
                    t.rows.len()
                )),
                (false, true) => Some(format!(
                    "the filter covers the {} rows loaded: G loads everything",
                    t.rows.len()
                )),
                (true, false) => Some(format!(
                    "enter searches the server for '{text}' (every field), any other key keeps the local filter"
                )),
                (false, false) => None,
            };
            if let Some(message) = message {
                state.flash_info(message);
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

pub(super) fn load_more_if_near_end(state: &mut State) -> Vec<Command> {
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
