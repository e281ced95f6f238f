//! Keys of the table and the inspector that belong to actions: marks, opening the menu on
//! the marked or selected rows, and copy as curl.

use crate::api::catalog::Kind;
use crate::api::{ApiRequest, PageRequest};
use crate::app::keymap::Action;
use crate::app::state::{State, View};
use crate::worker::Command;

use super::Flow;

/// The ids an action applies to: the marked rows of the kind, or the selected one.
pub(crate) fn targets(state: &State) -> Option<(&'static Kind, Vec<String>)> {
    let View::Table(t) = state.view() else {
        return None;
    };
    if let Some(marked) = state.marks.of(t.kind) {
        let mut ids: Vec<String> = marked.iter().cloned().collect();
        ids.sort();
        return Some((t.kind, ids));
    }
    let ids = t
        .selected_row()
        .and_then(|r| r.id().map(Into::into))
        .into_iter()
        .collect();
    Some((t.kind, ids))
}

/// Keys of the table and the inspector that belong to actions.
pub(crate) fn on_view_action(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Actions => open_menu(state),
        Action::ToggleMark => toggle_mark(state),
        Action::MarkAll => mark_all(state),
        Action::ClearMarks => state.marks.ids.clear(),
        Action::CopyCurl => return copy_curl(state, view_request(state)),
        _ => {}
    }
    Vec::new()
}

fn open_menu(state: &mut State) {
    let Some((kind, ids)) = targets(state) else {
        return;
    };
    if kind.menu.is_empty() {
        let offered: Vec<String> = crate::api::catalog::KINDS
            .iter()
            .filter(|k| !k.menu.is_empty())
            .map(|k| k.title.to_lowercase())
            .collect();
        state.flash_info(format!(
            "no actions on {}: they exist on {}",
            kind.title.to_lowercase(),
            and_list(&offered)
        ));
        return;
    }
    state.flow = Some(Flow::Menu {
        kind,
        targets: ids,
        selected: 0,
    });
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn toggle_mark(state: &mut State) {
    let height = state.layout().page();
    let View::Table(t) = state.view_mut() else {
        return;
    };
    let (kind, id) = (
        t.kind,
        t.selected_row().and_then(|r| r.id().map(String::from)),
    );
    t.move_by(1, height);
    state.marks.belong_to(kind);
    if let Some(id) = id {
        if !state.marks.ids.remove(&id) {
            state.marks.ids.insert(id);
        }
    }
}

/// `*`: marks the rows shown (the filter's, when one applies) and says how many and which,
/// and how many marked rows the filter hides: an action applies to every marked row.
fn mark_all(state: &mut State) {
    let View::Table(t) = state.view() else {
        return;
    };
    let (kind, filtered) = (t.kind, t.filtering());
    let ids: Vec<String> = t
        .view
        .iter()
        .filter_map(|&i| t.rows.get(i as usize).and_then(|r| r.id().map(Into::into)))
        .collect();
    state.marks.belong_to(kind);
    let shown: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let hidden = state
        .marks
        .ids
        .iter()
        .filter(|id| !shown.contains(id.as_str()))
        .count();
    let mut text = marked_text(state, kind, &ids, filtered);
    if hidden > 0 {
        text.push_str(&format!(
            " (and {hidden} marked before, not shown: {} in all)",
            ids.len() + hidden
        ));
    }
    state.marks.ids.extend(ids);
    state.flash_info(text);
}

/// "marked 10 sources shown by the filter: “web-01” (id), … and 7 more".
fn marked_text(state: &State, kind: &'static Kind, ids: &[String], filtered: bool) -> String {
    const NAMED: usize = 3;
    let shown = if filtered {
        "shown by the filter"
    } else {
        "shown"
    };
    let noun = kind.title.to_lowercase();
    let names =
        crate::app::overlays::popup::named_targets(state, kind, &ids[..ids.len().min(NAMED)]);
    // Ids come from the server as they are: made safe for the terminal here.
    let names = crate::text::sanitize(&names.join(", ")).into_owned();
    let more = match ids.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    match ids.len() {
        0 => format!("no {noun} {shown} to mark"),
        1 => format!("marked 1 {} {shown}: {}", noun.trim_end_matches('s'), names),
        n => format!("marked {n} {noun} {shown}: {names}{more}"),
    }
}

/// The request behind the current view: the list's first page (or its search), or the detail.
fn view_request(state: &State) -> Option<ApiRequest> {
    match state.view() {
        View::Table(t) => {
            let first = PageRequest::first(t.kind.page_size);
            // A filter the server's search cannot take (a regex, fzf's operators) leaves the
            // plain list's request.
            let text = t
                .search
                .clone()
                .or_else(|| t.searchable_filter().map(str::to_string))
                .filter(|s| !s.trim().is_empty());
            text.and_then(|s| t.kind.search_request(&first, &s, state.now_ms))
                .or_else(|| Some(t.kind.list_request(&first, state.now_ms)))
        }
        View::Detail(d) => d
            .source
            .strip_prefix("GET ")
            .filter(|p| p.starts_with("/api/"))
            .map(ApiRequest::get),
        _ => None,
    }
}

/// Puts the curl command(s) on the clipboard: one line per request.
pub(crate) fn copy_curl(
    state: &mut State,
    requests: impl IntoIterator<Item = ApiRequest>,
) -> Vec<Command> {
    let Some(base) = state.instance_address() else {
        state.flash_error("not logged in to an instance: nothing to copy as curl");
        return Vec::new();
    };
    let lines: Vec<String> = requests.into_iter().map(|r| r.curl(&base)).collect();
    if lines.is_empty() {
        state.flash_error("no request behind this view");
        return Vec::new();
    }
    let n = lines.len();
    state.flash_info(if n == 1 {
        "copied as curl (the token comes from $WAVEFRONT_TOKEN)".to_string()
    } else {
        format!("copied {n} curl commands (the token comes from $WAVEFRONT_TOKEN)")
    });
    vec![Command::Copy(lines.join("\n"))]
}
