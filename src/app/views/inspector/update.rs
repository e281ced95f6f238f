//! Keys of the JSON inspector: folding, search, copy, jq filters, saving.

use crossterm::event::KeyEvent;

use crate::worker::{Command, RequestId};

use super::copy::Copied;
use super::{Failure, Inspector};
use crate::app::drawn::Drawn;
use crate::app::input::TextInput;
use crate::app::keymap::{Action, Scope};
use crate::app::remote::Remote;
use crate::app::state::{State, View};
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;

impl ViewBehaviour for Inspector {
    fn scope(&self) -> Scope {
        if self.search_input.is_some() || self.jq_input.is_some() {
            Scope::Filter
        } else {
            Scope::Detail
        }
    }

    fn footer_actions(&self) -> &'static [Action] {
        super::FOOTER
    }

    fn footer_input(&self, theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        use ratatui::text::{Line, Span};
        if let Some(input) = &self.search_input {
            let text = format!("/{}", input.with_bar(80));
            return Some(Line::from(Span::styled(text, theme.key)));
        }
        let (input, _) = self.jq_input.as_ref()?;
        Some(Line::from(vec![
            Span::styled(format!("jq {}", input.with_bar(80)), theme.key),
            Span::styled("   enter runs · ↑↓ history · esc cancels", theme.muted),
        ]))
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw(
            frame,
            area,
            self,
            theme,
            state.now_ms,
            state.stack.len() - 1,
        )
    }

    fn waiting_for(&self) -> Option<RequestId> {
        self.request()
    }

    fn follow_wait(&mut self, now_ms: i64) {
        self.content.follow(now_ms);
    }

    fn on_retry(&mut self, id: RequestId, notice: &str) {
        self.content.retry(id, notice.to_string());
    }

    fn next_tick_ms(&self, now_ms: i64) -> Option<i64> {
        match (&self.progress, self.request()) {
            // Indexing a large document: its progress counts up.
            (Some(_), Some(_)) => Some(now_ms + 100),
            // A preview on screen, the rest being indexed: the header's percentage counts up.
            (Some(_), None) if self.is_indexing() => Some(now_ms + 100),
            // A wait counts on screen by the second.
            (None, Some(_)) => Some(now_ms + 1_000),
            _ => None,
        }
    }

    fn fit(&mut self, drawn: &Drawn) {
        self.keep_cursor_visible(drawn.page(), drawn.width());
    }

    fn click(&mut self, index: usize, _drawn: &Drawn) {
        self.cursor = index;
    }

    fn on_key(state: &mut State, key: &KeyEvent, action: Option<Action>) -> Option<Vec<Command>> {
        let d = inspector_mut(state)?;
        if d.scope() != Scope::Filter {
            return None;
        }
        if let Some(action) = action {
            return Some(on_inspector_search_action(state, action));
        }
        if let Some(input) = d.search_input.as_mut() {
            input.handle(key);
        } else if let Some((input, _)) = d.jq_input.as_mut() {
            input.handle(key);
        }
        Some(Vec::new())
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        let layout = state.layout();
        let (height, width) = (layout.page(), layout.width());
        let d = inspector_mut(state)?;
        if d.is_indexing() && needs_whole_index(d, action) {
            return Some(put_off(state, action));
        }
        let d = inspector_mut(state)?;
        match action {
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
            | Action::CopyValueLine
            | Action::CopyString
            | Action::CopyKey
            | Action::CopyBracketPath
            | Action::CopyQueryPath
            | Action::JqFilter => return Some(on_inspector_action(state, action)),
            // Esc first closes the whole string, then the search.
            Action::Back if d.show_whole => d.show_whole = false,
            Action::Back if d.search.is_some() => d.search = None,
            Action::Top => d.to_top(),
            Action::Bottom => d.to_bottom(height, width),
            nav => d.move_by(nav_delta(nav, height)?, height, width),
        }
        Some(Vec::new())
    }
}

/// Whether `action` needs the document's complete index: it looks at every value (search, jq,
/// folding by level, the bottom) or folds or copies a container still being indexed.
fn needs_whole_index(d: &Inspector, action: Action) -> bool {
    let open = d.doc().is_some_and(|doc| {
        doc.is_open(d.cursor)
            || (action == Action::Collapse && doc.is_open(doc.parent(d.cursor) as usize))
    });
    match action {
        Action::Search
        | Action::NextMatch
        | Action::PrevMatch
        | Action::Bottom
        | Action::FoldAll
        | Action::UnfoldAll
        | Action::FoldLevel
        | Action::UnfoldLevel
        | Action::JqFilter => true,
        Action::Collapse | Action::ToggleFold => open,
        _ => copied(action).is_some() && open,
    }
}

/// Puts `action` off until the index is complete, and says so.
fn put_off(state: &mut State, action: Action) -> Vec<Command> {
    let Some(d) = inspector_mut(state) else {
        return Vec::new();
    };
    d.put_off = Some(action);
    let done = d.indexed_percent();
    state.flash_info(format!(
        "indexing… {done}%: {} once the whole document is indexed",
        action.hint()
    ));
    Vec::new()
}

fn inspector_mut(state: &mut State) -> Option<&mut Inspector> {
    match state.view_mut() {
        View::Detail(d) => Some(d),
        _ => None,
    }
}

fn on_inspector_action(state: &mut State, action: Action) -> Vec<Command> {
    let layout = state.layout();
    let (height, width) = (layout.page(), layout.width());
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
        Action::JqFilter if d.doc().is_some() => d.jq_input = Some((TextInput::default(), None)),
        Action::NextMatch => d.next_match(true, height, width),
        Action::PrevMatch => d.next_match(false, height, width),
        Action::Wrap => {
            d.wrap = !d.wrap;
            d.keep_cursor_visible(height, width);
        }
        Action::ShowWhole => d.show_whole = d.doc().is_some(),
        _ => {
            if let Some(what) = copied(action) {
                return copy(state, what);
            }
        }
    }
    Vec::new()
}

/// After a key that copies and waits for more (`y`): what the next key copies instead.
fn more_copies(state: &State, done: Copied) -> Option<String> {
    let scope = state.view().scope();
    let next: Vec<String> = state
        .keymap
        .continuations(scope, &state.pending_keys)
        .into_iter()
        .filter(|&(_, action)| copied(action).is_some_and(|c| c != done))
        .map(|(key, action)| format!("{key} {}", action.hint()))
        .collect();
    (!next.is_empty()).then(|| next.join(", "))
}

/// The copy variant an action asks for.
fn copied(action: Action) -> Option<Copied> {
    Some(match action {
        Action::CopyValue => Copied::Value,
        Action::CopyValueLine => Copied::ValueLine,
        Action::CopyString => Copied::String,
        Action::CopyKey => Copied::Key,
        Action::CopyPath => Copied::Path,
        Action::CopyBracketPath => Copied::BracketPath,
        Action::CopyQueryPath => Copied::QueryPath,
        _ => return None,
    })
}

fn copy(state: &mut State, what: Copied) -> Vec<Command> {
    let View::Detail(d) = state.view() else {
        return Vec::new();
    };
    if d.doc().is_none() {
        return Vec::new();
    }
    match d.copy_text(what) {
        Ok(text) => {
            let size = text.len();
            let name = what.name();
            let text_said = match more_copies(state, what) {
                Some(more) => format!("copied the {name} ({size} bytes); then {more}"),
                None => format!("copied the {name} ({size} bytes) to the clipboard"),
            };
            state.flash_info(text_said);
            vec![Command::Copy(text)]
        }
        Err(why) => {
            state.flash_error(why);
            Vec::new()
        }
    }
}

fn on_inspector_search_action(state: &mut State, action: Action) -> Vec<Command> {
    let layout = state.layout();
    let (height, width) = (layout.page(), layout.width());
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

/// Runs a jq filter on the document on screen; the result opens as a new document above it.
pub(crate) fn run_jq(state: &mut State, filter: String) -> Vec<Command> {
    if filter.is_empty() {
        return Vec::new();
    }
    let Some(doc) = (match state.view() {
        View::Detail(d) => d.doc().cloned(),
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
pub(crate) fn save(state: &mut State, path: String, value_only: bool) -> Vec<Command> {
    let View::Detail(d) = state.view() else {
        state.flash_error("open an item's JSON first: :w saves the document on screen");
        return Vec::new();
    };
    let contents = if value_only {
        d.value_text()
    } else {
        d.document_text()
    };
    // The person's own text is written back as it came, byte for byte.
    let newline = if value_only || !d.saves_verbatim() {
        "\n"
    } else {
        ""
    };
    match contents {
        Some(contents) => vec![Command::Save {
            path: std::path::PathBuf::from(path),
            contents: contents + newline,
        }],
        None => {
            state.flash_error("nothing to save yet");
            Vec::new()
        }
    }
}

/// The inspector waiting for request `id`, if one does: an answer nobody waits for is stale.
fn awaiting(state: &mut State, id: RequestId) -> Option<&mut Inspector> {
    let threshold = state.large_document_values;
    let d = state.stack.iter_mut().find_map(|v| match v {
        View::Detail(d) if d.content.awaits(id) || d.indexing.is_some_and(|(i, _)| i == id) => {
            Some(d)
        }
        _ => None,
    });
    if d.is_none() {
        tracing::debug!(id, "dropped a stale document");
    }
    d.map(|d| {
        d.large_document_values = threshold;
        &mut **d
    })
}

/// A file's (or stdin's) document, or why not (with the text that did not parse).
pub(crate) fn on_document(
    state: &mut State,
    id: RequestId,
    result: Result<std::sync::Arc<crate::json::Doc>, crate::worker::DocumentError>,
) -> Vec<Command> {
    land(
        state,
        id,
        result.map_err(|e| crate::app::present::in_view(&e)),
    );
    run_put_off(state).unwrap_or_default()
}

/// What waited for the complete index runs now.
fn run_put_off(state: &mut State) -> Option<Vec<Command>> {
    let put_off = match state.view_mut() {
        View::Detail(d) if d.doc().is_some_and(|doc| !doc.is_partial()) => d.put_off.take(),
        _ => None,
    };
    let action = put_off?;
    // The message that said it waits is answered (the action may say more).
    state.flash_info(format!("indexed: {}", action.hint()));
    Inspector::on_action(state, action)
}

/// An item's JSON, or why it did not come (an answer that is not JSON is shown as text).
pub(crate) fn on_detail(
    state: &mut State,
    id: RequestId,
    result: Result<std::sync::Arc<crate::json::Doc>, crate::api::ApiError>,
) {
    land(
        state,
        id,
        result.map_err(|e| crate::app::present::in_view(&e)),
    );
}

fn land(
    state: &mut State,
    id: RequestId,
    result: Result<std::sync::Arc<crate::json::Doc>, crate::app::present::Failed>,
) {
    let Some(d) = awaiting(state, id) else { return };
    match result {
        Ok(doc) => d.set_doc(doc),
        Err(shown) => {
            (d.indexing, d.put_off) = (None, None);
            d.content = Remote::Failed(Failure {
                reason: shown.message,
                plain: shown.plain,
            });
        }
    }
}
