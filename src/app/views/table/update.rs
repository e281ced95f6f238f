//! Keys of resource tables: refreshing, opening an item, loading more, the filter line.

use crossterm::event::KeyEvent;

use crate::worker::Command;

use super::TableView;
use super::filter::Mode;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::inspector::Inspector;
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;

impl ViewBehaviour for TableView {
    fn scope(&self) -> Scope {
        if self.filter.as_ref().is_some_and(|f| f.editing) {
            Scope::Filter
        } else {
            Scope::Table
        }
    }

    /// The resource lists stay, reloaded for the new session.
    fn closes_on_login(&self) -> bool {
        // The merged console is read for the accounts named at its opening: `:firing @…` again.
        self.fleet.is_some()
    }

    fn footer_actions(&self) -> &'static [Action] {
        if self.scope() == Scope::Filter {
            super::FILTER_FOOTER
        } else if self.live.is_some() || self.fleet.is_some() {
            super::CONSOLE_FOOTER
        } else if self.kind.trash_of.is_some() {
            super::TRASH_FOOTER
        } else {
            super::FOOTER
        }
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match (self.scope(), action) {
            // Through the current session: refused on other accounts' rows.
            (Scope::Table, Action::Open) if self.fleet.is_some() => Some("open (this account)"),
            (Scope::Table, Action::Actions) if self.fleet.is_some() => {
                Some("actions (this account)")
            }
            (Scope::Filter, Action::Submit) => Some("apply"),
            (Scope::Filter, Action::Back) => Some("clear"),
            // The mode is said while typing and while the filter applies.
            (Scope::Filter, Action::ToggleRegex) => Some(match self.filter_mode()? {
                Mode::Fzf => "mode: fzf",
                Mode::Regex => "mode: regex",
            }),
            (Scope::Table, Action::Filter) => Some(match self.filter_mode()? {
                Mode::Fzf => "filter (fzf)",
                Mode::Regex => "filter (regex)",
            }),
            // An alert opens its viewer (the console's rows are alerts too).
            (Scope::Table, Action::Open)
                if crate::app::views::alert::update::opens_viewer(self.kind) =>
            {
                Some("viewer")
            }
            _ => None,
        }
    }

    /// Rows from before a failed load stay on screen; the reason is said here, in full.
    fn footer_status(&self, theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        if let Some((done, of)) = self.filter_progress() {
            let text = format!("filtering… {}%", done * 100 / of.max(1));
            return Some(ratatui::text::Line::from(ratatui::text::Span::styled(
                text,
                theme.muted,
            )));
        }
        let err = self.error().filter(|_| !self.rows.is_empty())?;
        let text = format!("⚠ {}", crate::text::sanitize(err));
        Some(ratatui::text::Line::from(ratatui::text::Span::styled(
            text,
            theme.error,
        )))
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        if let Some(fleet) = &self.fleet {
            return crate::app::views::firing::fleet_draw::draw(
                frame, area, state, self, fleet, theme,
            );
        }
        match &self.live {
            Some(live) => {
                crate::app::views::firing::draw::draw(frame, area, state, self, live, theme)
            }
            None => super::draw::draw(frame, area, state, self, theme),
        }
    }

    fn waiting_for(&self) -> Option<crate::worker::RequestId> {
        self.page.request()
    }

    fn follow_wait(&mut self, now_ms: i64) {
        self.page.follow(now_ms);
    }

    fn on_retry(&mut self, id: crate::worker::RequestId, notice: &str) {
        self.page.retry(id, notice.to_string());
    }

    /// Not while a page loads or after a failure, nor a list too large to fetch again whole;
    /// the console keeps a schedule of its own (`firing::update::poll_at`).
    fn refreshes_from(&self) -> Option<i64> {
        if self.live.is_some() || self.fleet.is_some() {
            return None;
        }
        let idle = !self.is_loading() && self.error().is_none();
        let small = self.rows.len() <= crate::app::state::AUTO_REFRESH_MAX_ROWS;
        self.loaded_at_ms.filter(|_| idle && small)
    }

    fn next_tick_ms(&self, now_ms: i64) -> Option<i64> {
        // A filter's run goes on at once, between keys and frames.
        if self.filter_run.is_some() {
            return Some(now_ms);
        }
        self.title_changes_at(now_ms)
    }

    fn on_close(&mut self) -> Vec<Command> {
        match &self.fleet {
            Some(fleet) => crate::app::views::firing::fleet::on_close(fleet),
            None => self.cancel(),
        }
    }

    fn fit(&mut self, drawn: &Drawn) {
        self.clamp(drawn.page());
    }

    fn click(&mut self, index: usize, drawn: &Drawn) {
        self.move_to(index, drawn.page());
    }

    fn on_key(state: &mut State, key: &KeyEvent, action: Option<Action>) -> Option<Vec<Command>> {
        let View::Table(t) = state.view_mut() else {
            return None;
        };
        if t.offer_search {
            t.offer_search = false;
            let rows_shown = t.selected_row().is_some();
            // The offer is a confirmation: its yes is the keymap's, as in every other one. With
            // rows shown, enter opens the selected one (the list's own enter) when another yes
            // key is bound: `/cpu` enter enter opens the alert, as a list's user expects.
            let yes = state.keymap.action(Scope::Confirm, key) == Some(Action::Confirm);
            let enter_opens = rows_shown
                && key.code == crossterm::event::KeyCode::Enter
                && offer_key(state, true) != "enter";
            if yes && !enter_opens {
                let id = state.next_request_id();
                return Some(table_mut(state)?.search_server(id));
            }
        }
        if table_mut(state)?.scope() != Scope::Filter {
            return None;
        }
        Some(match action {
            Some(action) => on_filter_action(state, action),
            None => {
                let height = state.layout().page();
                let t = table_mut(state)?;
                if let Some(f) = t.filter.as_mut() {
                    let before = f.input.value().to_string();
                    if f.input.handle(key) && f.input.value() != before {
                        t.filter_changed(&before, height);
                    }
                }
                load_more_if_near_end(state)
            }
        })
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        let height = state.layout().page();
        let t = table_mut(state)?;
        match action {
            Action::Filter => t.start_filter(),
            Action::SortNext | Action::SortPrev => t.cycle_sort(action == Action::SortNext, height),
            Action::Open => {
                let richer = crate::app::views::alert::update::open_row(state)
                    .or_else(|| crate::app::views::dashboard::update::open_row(state));
                return Some(richer.unwrap_or_else(|| open_selected(state)));
            }
            Action::Inspect => return Some(open_selected(state)),
            Action::Refresh => return Some(refresh(state)),
            Action::Back => return back(state),
            Action::Top => {
                t.end_on_arrival = false;
                t.move_to(0, height);
            }
            Action::Bottom => {
                // G loads everything, streaming; esc stops it. Rows still on their way: G
                // waits for them.
                t.end_on_arrival = t.is_loading();
                t.load_all = t.next.is_some();
                t.move_to(usize::MAX, height);
            }
            nav => {
                let delta = nav_delta(nav, height)?;
                // Moving by hand overrides a G waiting for the rows.
                t.end_on_arrival = false;
                t.move_by(delta, height);
            }
        }
        Some(load_more_if_near_end(state))
    }
}

fn table_mut(state: &mut State) -> Option<&mut TableView> {
    match state.view_mut() {
        View::Table(t) => Some(t),
        _ => None,
    }
}

/// Esc first undoes what narrows the list: loading everything, the filter, a search.
fn back(state: &mut State) -> Option<Vec<Command>> {
    let height = state.layout().page();
    let id = state.next_request_id();
    let t = table_mut(state)?;
    if t.load_all {
        t.load_all = false;
        t.end_on_arrival = false;
        return Some(t.cancel());
    }
    if t.end_on_arrival {
        // A G waiting for the rows is let go; the rows still come.
        t.end_on_arrival = false;
        return Some(Vec::new());
    }
    if t.filter.is_some() {
        t.clear_filter(height);
        return Some(Vec::new());
    }
    if t.search.is_some() {
        return Some(t.end_search(id));
    }
    None
}

/// Reloads the list (only with a session to load it in).
pub(crate) fn refresh(state: &mut State) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        return Vec::new();
    }
    if matches!(state.view(), View::Table(t) if t.fleet.is_some()) {
        return crate::app::views::firing::fleet::refresh(state);
    }
    let id = state.next_request_id();
    let (mut commands, live) = match table_mut(state) {
        Some(t) => (t.reload(id), t.live.is_some()),
        None => (Vec::new(), false),
    };
    if live {
        // The console's counts come with its rows.
        commands.extend(crate::app::views::firing::update::request_summary(state));
    }
    commands
}

pub(crate) fn open_selected(state: &mut State) -> Vec<Command> {
    let id = state.next_request_id();
    let View::Table(t) = state.view() else {
        return Vec::new();
    };
    let kind = t.kind;
    let Some(row) = t.selected_row() else {
        return Vec::new();
    };
    let name = kind
        .row_name(row)
        .map(str::to_string)
        .or_else(|| {
            row.cell(0)
                .and_then(crate::api::catalog::CellRef::text)
                .map(str::to_string)
        })
        .or_else(|| row.id().map(Into::into))
        .unwrap_or_else(|| "item".into());
    let title = format!("{} › {}", kind.title, name);
    if let Some(raw) = row.raw().filter(|_| kind.detail_path.is_none()) {
        // The row kept its item's JSON text: index it as it is (it came from serde, so it parses).
        let doc = crate::json::Doc::parse(raw.as_bytes().to_vec())
            .unwrap_or_else(|_| crate::json::Doc::from_value(&serde_json::Value::Null));
        let doc = std::sync::Arc::new(doc);
        let view = Inspector::with_doc(title, format!("GET {}", kind.list_path), doc);
        state.stack.push(View::Detail(Box::new(view)));
        return Vec::new();
    }
    let (Some(item_id), Some(path)) = (
        row.id().map(String::from),
        row.id().and_then(|i| kind.detail_path_for(i)),
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

fn on_filter_action(state: &mut State, action: Action) -> Vec<Command> {
    if action == Action::Submit && refuse_invalid(state) {
        return Vec::new();
    }
    if crate::app::memory::on_filter_key(state, action).is_some() {
        return Vec::new();
    }
    let height = state.layout().page();
    let shown = matches!(state.view(), View::Table(t) if t.selected_row().is_some());
    let yes = offer_key(state, shown);
    let others = if shown && yes != "enter" {
        "enter opens the row, any other key keeps the local filter"
    } else {
        "any other key keeps the local filter"
    };
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
                    "the filter covers the {} rows loaded: {yes} searches the server for '{text}', G loads everything, {others}",
                    t.rows.len()
                )),
                (false, true) => Some(format!(
                    "the filter covers the {} rows loaded: G loads everything",
                    t.rows.len()
                )),
                (true, false) => Some(format!(
                    "{yes} searches the server for '{text}' (every field), {others}"
                )),
                (false, false) => None,
            };
            if let Some(message) = message {
                state.flash_info(message);
            }
        }
        Action::Back => t.clear_filter(height),
        Action::ToggleRegex => t.toggle_filter_mode(height),
        Action::Down => t.move_by(1, height),
        Action::Up => t.move_by(-1, height),
        Action::Quit => state.quit = true,
        _ => {}
    }
    Vec::new()
}

/// Fetches the next page when the selection nears the end of what is loaded.
pub(crate) fn load_more_if_near_end(state: &mut State) -> Vec<Command> {
    let height = state.layout().page();
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

/// A page for whichever table waits for it; a stale one (its table left, or reloaded since)
/// is dropped.
pub(crate) fn on_page(
    state: &mut State,
    id: crate::worker::RequestId,
    request: &crate::api::PageRequest,
    result: Result<crate::worker::LoadedPage, crate::api::ApiError>,
) -> Vec<Command> {
    let awaiting = state
        .stack
        .iter()
        .position(|v| matches!(v, View::Table(t) if t.waiting_for() == Some(id)));
    let Some(depth) = awaiting else {
        tracing::debug!(id, "dropped a stale page");
        return Vec::new();
    };
    let (now, height) = (state.now_ms, state.layout_at(depth).page());
    let View::Table(table) = &mut state.stack[depth] else {
        return Vec::new();
    };
    let stopped_before = table.stopped.is_some();
    let live = table.live.is_some();
    let throttled = matches!(&result, Err(e) if matches!(e.status(), Some(406 | 429)));
    if table.receive(id, request, result, now, height) {
        return table.continue_reload().into_iter().collect();
    }
    if let Some(why) = table.stopped.clone().filter(|_| !stopped_before) {
        let kind = table.kind.name;
        state.flash_error(format!("stopped paging {kind}: {why}"));
    }
    let mut commands = Vec::new();
    if live {
        commands = crate::app::views::firing::update::after_page(state, depth, throttled);
    }
    commands.extend(load_more_if_near_end(state));
    commands
}

/// A key that says yes to a confirmation, as bound: enter when it is one.
/// The key that takes the offer to search the server: enter when no row is shown (nothing to
/// open), else the first other yes key (enter then opens the row), enter when it is the only one.
fn offer_key(state: &State, rows_shown: bool) -> String {
    let labels = state.keymap.labels(Scope::Confirm, Action::Confirm);
    let enter = labels.iter().find(|l| *l == "enter");
    let other = labels.iter().find(|l| *l != "enter");
    match (rows_shown, enter, other) {
        (true, _, Some(other)) | (false, None, Some(other)) => other.clone(),
        (_, Some(enter), _) => enter.clone(),
        (_, None, None) => String::new(),
    }
}

/// Enter on a filter that does not compile (an invalid regex): the line stays open (the
/// mode key works only there), says why, and keeps it out of the history.
fn refuse_invalid(state: &mut State) -> bool {
    let View::Table(t) = state.view() else {
        return false;
    };
    let Some(err) = t.filter.as_ref().and_then(|f| f.error.clone()) else {
        return false;
    };
    let toggle = key_label(state, Scope::Filter, Action::ToggleRegex);
    state.flash_error(format!(
        "{err}: fix it, {toggle} reads it as fzf syntax, esc clears"
    ));
    true
}

/// The first key bound to `action` in `scope`, as the footer names it.
fn key_label(state: &State, scope: Scope, action: Action) -> String {
    state
        .keymap
        .labels(scope, action)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The app's timer: the next slice of the current table's filter run, if one is in flight.
pub fn on_tick(state: &mut State) {
    let height = state.layout().page();
    if let View::Table(t) = state.view_mut() {
        t.step_filter(height);
    }
}
