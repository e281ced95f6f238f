//! A resource table: the rows loaded so far, paging (one page at a time, or everything), a
//! filter (fzf syntax or a regex), a sort, a server-side search, selection and scroll.

pub mod column_sort;
pub mod compare;
pub mod draw;
pub mod filter;
pub mod rowview;
pub mod status;
pub mod update;

use std::collections::HashSet;

use crate::api::catalog::{CellRef, Row, RowRef, Rows};
use crate::api::{ApiError, Kind, PageGuard, PageRequest};
use crate::app::remote::Remote;
use crate::worker::{Command, LoadedPage, RequestId};

use crate::app::input::TextInput;
use crate::app::layout::{scroll_to, step};
use filter::Query;
use rowview::Sort;

use crate::app::keymap::Action;

/// What the footer names on a table.
pub const FOOTER: &[Action] = &[
    Action::Down,
    Action::Open,
    Action::Filter,
    Action::SortNext,
    Action::Refresh,
    Action::Command,
    Action::Help,
    Action::Quit,
];
/// What the footer names on the firing console.
pub const CONSOLE_FOOTER: &[Action] = &[
    Action::Down,
    Action::Actions,
    Action::ToggleMark,
    Action::Chart,
    Action::Open,
    Action::Filter,
    Action::PauseRefresh,
    Action::Refresh,
    Action::Help,
];

/// What the footer names on a trash (`:trash`).
pub const TRASH_FOOTER: &[Action] = &[
    Action::Down,
    Action::Restore,
    Action::ToggleMark,
    Action::Open,
    Action::Filter,
    Action::Refresh,
    Action::Back,
];
/// What the footer names while the filter line is typed.
pub const FILTER_FOOTER: &[Action] = &[Action::Submit, Action::Back, Action::ToggleRegex];

/// Start loading the next page when the selection is this close to the last loaded row.
const PREFETCH_MARGIN: usize = 20;
/// Page size while loading everything: the API's maximum.
const LOAD_ALL_PAGE: u32 = 1000;

#[derive(Debug)]
pub struct TableView {
    pub kind: &'static Kind,
    /// Every row loaded, in server order (kept by column: see [`Rows`]).
    pub rows: Rows,
    /// Indices into `rows` of the rows shown (filtered, sorted).
    pub view: Vec<u32>,
    /// The server's lower-bound estimate of all items.
    pub total: Option<u64>,
    /// The page after the last one loaded; `None` once everything is here.
    pub next: Option<PageRequest>,
    /// The page being fetched (since when, a retry), or why the last one failed.
    pub page: Remote<(), String>,
    /// What the page in flight is for.
    pending: Pending,
    /// Index into `view`.
    pub selected: usize,
    pub offset: usize,
    pub loaded_at_ms: Option<i64>,
    pub filter: Option<Filter>,
    pub sort: Option<Sort>,
    /// A server-side search (`POST /api/v2/search/<entity>`) in place of the plain list.
    pub search: Option<String>,
    /// The filter was applied with a server search to offer: the next yes key searches the server
    /// (`y`, or enter when no row is shown; see the table's `offer_key`).
    pub offer_search: bool,
    /// `G`: keep fetching pages until everything is here (or `esc`).
    pub load_all: bool,
    /// `G` came while the rows were still on their way: it applies when they land (else it
    /// would be lost: no rows to go to the end of, no next page known yet).
    pub end_on_arrival: bool,
    /// A reload in progress: fresh rows collect here and replace `rows` once they cover them.
    shadow: Option<Rows>,
    /// Ends paging however the server answers (loops, pages of nothing new).
    guard: PageGuard,
    /// Why paging stopped although the server said there was more (shown in the title).
    pub stopped: Option<String>,
    /// The live console's part, when this list is the firing console.
    pub live: Option<Box<crate::app::views::firing::Live>>,
    /// What makes the table the merged console over several accounts (`:firing @all`): its
    /// rows come from the fleet's reads, never from a listing of the current session.
    pub fleet: Option<Box<crate::app::views::firing::fleet::Fleet>>,
    /// A keystroke's filter over more rows than a keystroke scores (see [`filter::run`]):
    /// `view` shows the last finished result until it ends.
    pub filter_run: Option<Box<filter::run::FilterRun>>,
    /// The last keystrokes' results, to narrow the next one from (see [`filter::recent`]).
    recent: filter::recent::Recent,
    /// `:diff @account`: the column saying which items differ in another account.
    pub compare: Option<Box<compare::Compare>>,
}

#[derive(Debug, Clone)]
pub struct Filter {
    pub input: TextInput,
    /// Still typing (keys go to the filter), or applied.
    pub editing: bool,
    /// fzf syntax or a regex (`ctrl-r` while typing).
    pub mode: filter::Mode,
    /// Why the text does not filter (an invalid regex): no row shows, this is said instead.
    pub error: Option<filter::FilterError>,
}

#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// Part of a reload: the page goes to the shadow rows.
    pub reload: bool,
    /// The id of the row selected when a reload started, to select it again.
    pub keep_selected: Option<String>,
}

impl TableView {
    pub fn new(kind: &'static Kind) -> Self {
        Self {
            kind,
            rows: Rows::new(),
            view: Vec::new(),
            total: None,
            next: None,
            page: Remote::NotAsked,
            pending: Pending::default(),
            selected: 0,
            offset: 0,
            loaded_at_ms: None,
            filter: None,
            sort: None,
            search: None,
            offer_search: false,
            load_all: false,
            end_on_arrival: false,
            shadow: None,
            guard: PageGuard::default(),
            stopped: None,
            live: None,
            fleet: None,
            filter_run: None,
            recent: filter::recent::Recent::default(),
            compare: None,
        }
    }

    /// Puts `rows` in place of the table's (the merged console's reads), the selected row
    /// selected again when `same` finds it among them.
    pub fn replace_rows(&mut self, rows: Vec<Row>, same: impl Fn(RowRef<'_>, &Row) -> bool) {
        let before = self.selected_row().map(RowRef::to_row);
        self.rows = rows.into();
        self.refresh_view(None);
        let again = before.and_then(|b| {
            self.view
                .iter()
                .position(|&i| self.rows.get(i as usize).is_some_and(|r| same(r, &b)))
        });
        if let Some(pos) = again {
            self.selected = pos;
        }
    }

    fn fetch(&self, id: RequestId, page: PageRequest) -> Command {
        let (kind, search) = (self.kind, self.search.clone());
        match self.load_all {
            // Loading everything: the worker fetches the pages after it ahead (#23).
            true => Command::FetchPageAhead {
                id,
                kind,
                page,
                search,
            },
            false => Command::FetchPage {
                id,
                kind,
                page,
                search,
            },
        }
    }

    /// Loads from the first page again. The rows shown stay until fresh ones cover as many,
    /// then the selected item is selected again.
    pub fn reload(&mut self, id: RequestId) -> Vec<Command> {
        let mut commands = self.cancel();
        let limit = (self.rows.len() as u32)
            .clamp(self.kind.page_size, LOAD_ALL_PAGE.max(self.kind.page_size));
        self.pending = Pending {
            reload: true,
            keep_selected: self.selected_row().and_then(|r| r.id().map(Into::into)),
        };
        self.page = Remote::loading(id);
        self.shadow = Some(Rows::new());
        // A fresh listing from the first page: what it has seen starts over too.
        self.guard = PageGuard::default();
        self.stopped = None;
        commands.push(self.fetch(id, PageRequest::first(limit)));
        commands
    }

    /// Cancels the page in flight (and a reload or load-all in progress).
    pub fn cancel(&mut self) -> Vec<Command> {
        self.shadow = None;
        let Some(id) = self.page.request() else {
            return Vec::new();
        };
        self.page = Remote::NotAsked;
        vec![Command::Cancel(id)]
    }

    /// Whether the next page should be fetched now: near the end, more to come, none in flight.
    ///
    /// A filter that shows few rows is always "near the end" of what it shows: prefetching then
    /// would page through the whole collection by itself (hundreds of requests on a large
    /// instance). While a filter narrows the list, only an explicit `G` loads more; the title and
    /// the message line offer it, and the server's search.
    pub fn wants_more(&self, height: usize) -> bool {
        !self.page.is_loading()
            && self.error().is_none()
            && self.next.is_some()
            && (self.load_all
                || (!self.filtering()
                    && self.selected + PREFETCH_MARGIN.max(height) >= self.view.len()))
    }

    /// A filter with text narrows what is shown.
    pub fn filtering(&self) -> bool {
        self.filter
            .as_ref()
            .is_some_and(|f| !f.input.value().trim().is_empty())
    }

    pub fn fetch_more(&mut self, id: RequestId) -> Vec<Command> {
        let Some(mut page) = self.next.clone() else {
            return Vec::new();
        };
        if self.load_all {
            page.limit = page.limit.max(LOAD_ALL_PAGE);
        }
        self.pending = Pending::default();
        self.page = Remote::loading(id);
        vec![self.fetch(id, page)]
    }

    /// Takes a page the worker loaded for `asked`. Returns whether more pages should follow at
    /// once (a reload that does not yet cover what was shown).
    pub fn receive(
        &mut self,
        id: RequestId,
        asked: &PageRequest,
        result: Result<LoadedPage, ApiError>,
        now_ms: i64,
        height: usize,
    ) -> bool {
        if !self.page.awaits(id) {
            return false;
        }
        let Remote::Loading(mut loading) = std::mem::replace(&mut self.page, Remote::Loaded(()))
        else {
            return false;
        };
        loading.retrying = None;
        let pending = std::mem::take(&mut self.pending);
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                tracing::warn!(kind = self.kind.name, error = %e, "page failed");
                self.page = Remote::Failed(crate::app::present::Present::message(&e));
                self.shadow = None;
                self.load_all = false;
                self.end_on_arrival = false;
                return false;
            }
        };
        let verdict = self
            .guard
            .check(asked, page.rows.iter().map(|r| r.id.as_deref()), page.next);
        let mut fresh = verdict.new.into_iter();
        let mut rows = page.rows;
        rows.retain(|_| fresh.next().unwrap_or(true));
        self.next = match verdict.next {
            Ok(next) => next,
            Err(why) => {
                tracing::warn!(kind = self.kind.name, reason = %why, "stopped paging");
                self.stopped = Some(why.to_string());
                None
            }
        };
        self.total = page.total_items;
        if pending.reload {
            let shadow = self.shadow.get_or_insert_with(Rows::new);
            append_unique(shadow, rows);
            if shadow.len() < self.rows.len() && self.next.is_some() {
                // Keep the same id (and wait) for the reload's next page.
                self.page = Remote::Loading(loading);
                self.pending = pending;
                return true;
            }
            self.rows = self.shadow.take().unwrap_or_default();
            self.loaded_at_ms = Some(now_ms);
            self.refresh_view(None);
            if let Some(keep) = pending.keep_selected {
                if let Some(pos) = self
                    .view
                    .iter()
                    .position(|&i| self.rows.get(i as usize).and_then(RowRef::id) == Some(&keep))
                {
                    self.selected = pos;
                }
            }
        } else {
            let follow_end = self.load_all && self.selected + 1 >= self.view.len();
            let before = self.rows.len();
            append_unique(&mut self.rows, rows);
            self.loaded_at_ms = Some(now_ms);
            self.rows_appended(before);
            if follow_end {
                self.selected = self.view.len().saturating_sub(1);
            }
        }
        if std::mem::take(&mut self.end_on_arrival) {
            // What `G` does on rows that are here: the end, and everything for a paged list.
            self.load_all = self.next.is_some();
            self.selected = self.view.len().saturating_sub(1);
        }
        if self.next.is_none() {
            self.load_all = false;
            // Whole: the room kept for more rows is given back.
            self.rows.shrink_to_fit();
        }
        self.clamp(height);
        false
    }

    /// The request continuing a reload (same id), after `receive` said more should follow.
    pub fn continue_reload(&self) -> Option<Command> {
        let id = self.page.request()?;
        let page = self.next.clone()?;
        Some(self.fetch(id, page))
    }

    /// Rows were appended from `from` on. Shown in list order (no filter, sort or kind's own
    /// order) the rows before keep their places and the new ones follow: the view grows by
    /// them, not rebuilt, so a page costs its own rows however many came before (`G` over a
    /// million sources rebuilt a million-entry view a page). Otherwise it is recomputed.
    fn rows_appended(&mut self, from: usize) {
        let in_list_order = self.sort.is_none()
            && self.kind.order.is_empty()
            && self.filter_run.is_none()
            && self.view.len() == from
            && self.query().is_some_and(|query| query.is_all());
        if !in_list_order {
            return self.refresh_view(None);
        }
        self.recent.clear();
        self.view.extend(from as u32..self.rows.len() as u32);
    }

    /// Recomputes which rows show; `within` narrows a previous result (a filter being extended).
    /// A filter that does not compile shows no row (`*` then marks nothing) and says why.
    fn refresh_view(&mut self, within: Option<Vec<u32>>) {
        // Rows or the sort changed: what a run in flight scores is stale, and what the last
        // keystrokes matched.
        self.recent.clear();
        self.recompute_view(within);
    }

    /// [`Self::refresh_view`] for a filter's keystroke, the rows and the sort as they were.
    fn recompute_view(&mut self, within: Option<Vec<u32>>) {
        self.filter_run = None;
        let selected_row = self.view.get(self.selected).copied();
        let Some(query) = self.query() else {
            self.view.clear();
            return;
        };
        self.view = rowview::compute(&self.rows, &query, self.sort, within.as_deref());
        self.view_computed(selected_row);
    }

    /// The filter's text compiled, or `None` (and the reason kept) when it does not compile.
    fn query(&mut self) -> Option<Query> {
        match &mut self.filter {
            None => Some(Query::All),
            Some(f) => match Query::parse(f.input.value(), f.mode) {
                Ok(query) => {
                    f.error = None;
                    Some(query)
                }
                Err(e) => {
                    f.error = Some(e);
                    None
                }
            },
        }
    }

    /// After `view` was computed: the kind's order, and the row selected before selected again.
    fn view_computed(&mut self, selected_row: Option<u32>) {
        if self.sort.is_none() {
            rowview::order_by(&self.rows, &mut self.view, self.kind.order);
        }
        if let Some(row) = selected_row {
            if let Some(pos) = self.view.iter().position(|&i| i == row) {
                self.selected = pos;
            }
        }
    }

    /// Scores the next slice of the filter's run; once it is done, its rows show, the best
    /// match selected (as after any keystroke).
    pub fn step_filter(&mut self, height: usize) {
        let Some(run) = self.filter_run.as_mut() else {
            return;
        };
        if !run.step(&self.rows) {
            return;
        }
        if let Some(run) = self.filter_run.take() {
            self.view = rowview::finish(&self.rows, run.into_scored(), self.sort);
            self.view_computed(None);
            self.selected = 0;
            self.offset = 0;
            self.clamp(height);
        }
    }

    /// (scored, of how many) while a filter's run is in flight.
    pub fn filter_progress(&self) -> Option<(usize, usize)> {
        self.filter_run.as_ref().map(|run| run.progress())
    }

    /// Whether a page is being fetched.
    pub fn is_loading(&self) -> bool {
        self.page.is_loading()
    }

    /// Why the last page failed (the rows from before stay).
    pub fn error(&self) -> Option<&str> {
        self.page.failed().map(String::as_str)
    }

    /// The retry the page in flight waits for, in words.
    pub fn retrying(&self) -> Option<&str> {
        self.page.retrying()
    }

    pub fn selected_row(&self) -> Option<RowRef<'_>> {
        self.view
            .get(self.selected)
            .and_then(|&i| self.rows.get(i as usize))
    }

    /// The rows in view from `offset`, at most `height` of them: all a frame needs.
    pub fn visible(&self, height: usize) -> impl Iterator<Item = (usize, RowRef<'_>)> {
        let end = (self.offset + height).min(self.view.len());
        let start = self.offset.min(end);
        self.view[start..end]
            .iter()
            .enumerate()
            .filter_map(move |(i, &r)| Some((start + i, self.rows.get(r as usize)?)))
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.selected = step(self.selected, delta, self.view.len());
        self.offset = scroll_to(self.offset, self.selected, height);
    }

    pub fn move_to(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.view.len().saturating_sub(1));
        self.offset = scroll_to(self.offset, self.selected, height);
    }

    /// Keeps selection and scroll valid after rows or the window height changed.
    pub fn clamp(&mut self, height: usize) {
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
        let max_offset = self.view.len().saturating_sub(height);
        self.offset = scroll_to(self.offset.min(max_offset), self.selected, height);
    }

    /// Opens the filter line (keeping what it held).
    pub fn start_filter(&mut self) {
        match &mut self.filter {
            Some(f) => f.editing = true,
            None => {
                self.filter = Some(Filter {
                    input: TextInput::default(),
                    editing: true,
                    mode: filter::Mode::default(),
                    error: None,
                });
            }
        }
        self.offer_search = false;
    }

    /// After the filter text changed: narrows the current view when the text only grew (or what
    /// a run in flight has left to look at). Over more rows than a keystroke scores, a run
    /// starts and the rows shown stay until it ends.
    pub fn filter_changed(&mut self, previous: &str, height: usize) {
        let (now, mode) = self
            .filter
            .as_ref()
            .map(|f| (f.input.value().to_string(), f.mode))
            .unwrap_or_default();
        let within = match self.filter_run.take() {
            Some(run) => run.narrowed(&now, mode),
            None if self.sort.is_some() => None,
            None => match self.recent.narrowing(&now, mode) {
                Some(rows) => Some(rows.to_vec()),
                None => Query::narrows(previous, &now, mode)
                    .then(|| rowview::in_list_order(&self.view).into_owned()),
            },
        };
        let candidates = within.as_ref().map_or(self.rows.len(), Vec::len);
        match self.query() {
            Some(query) if !query.is_all() && candidates > filter::run::SLICE => {
                let all = || (0..self.rows.len() as u32).collect();
                let candidates = within.unwrap_or_else(all);
                let run = filter::run::FilterRun::new(query, now, mode, candidates);
                self.filter_run = Some(Box::new(run));
                return;
            }
            Some(query) => {
                let keep = mode == filter::Mode::Fzf && !query.is_all() && self.sort.is_none();
                self.recompute_view(within);
                if keep {
                    let rows = rowview::in_list_order(&self.view).into_owned();
                    self.recent.push(&now, mode, rows);
                }
            }
            None => self.recompute_view(within),
        }
        // While typing, the best match is the one to act on.
        self.selected = 0;
        self.offset = 0;
        self.clamp(height);
    }

    /// Reads the filter's text as fzf syntax or as a regex, the other than it was.
    pub fn toggle_filter_mode(&mut self, height: usize) {
        let Some(f) = &mut self.filter else { return };
        f.mode = f.mode.toggled();
        self.filter_changed("", height);
    }

    /// The filter's text when the server's search looks for what it means (plain words).
    pub fn searchable_filter(&self) -> Option<&str> {
        // A list that is a search already (the firing alerts) filters what it holds only.
        if self.kind.search_listing.is_some() {
            return None;
        }
        let f = self.filter.as_ref()?;
        filter::server_searchable(f.input.value(), f.mode).then(|| f.input.value())
    }

    /// The filter's mode, while there is one.
    pub fn filter_mode(&self) -> Option<filter::Mode> {
        self.filter.as_ref().map(|f| f.mode)
    }

    /// Enter in the filter line: applies it, and offers the server's search (when the kind has
    /// one): over a partial list it finds what is not loaded; over a whole one it matches fields
    /// the columns do not show.
    pub fn apply_filter(&mut self) {
        let Some(f) = &mut self.filter else {
            return;
        };
        f.editing = false;
        if f.input.is_empty() {
            self.filter = None;
            return;
        }
        self.offer_search = self.kind.search_entity.is_some() && self.searchable_filter().is_some();
    }

    pub fn clear_filter(&mut self, height: usize) {
        self.filter = None;
        self.offer_search = false;
        self.refresh_view(None);
        self.clamp(height);
    }

    /// Replaces the list with the server's search for the filter's text.
    pub fn search_server(&mut self, id: RequestId) -> Vec<Command> {
        let text = self
            .filter
            .take()
            .map(|f| f.input.value().trim().to_string());
        self.offer_search = false;
        self.search = text.filter(|t| !t.is_empty());
        self.start_over(id)
    }

    /// Leaves a server search: back to the plain list.
    pub fn end_search(&mut self, id: RequestId) -> Vec<Command> {
        self.search = None;
        self.start_over(id)
    }

    /// A different list (a search entered or left): nothing loaded is kept, from the top.
    fn start_over(&mut self, id: RequestId) -> Vec<Command> {
        self.filter_run = None;
        self.recent.clear();
        self.rows.clear();
        self.view.clear();
        self.selected = 0;
        self.offset = 0;
        self.next = None;
        self.total = None;
        self.reload(id)
    }

    /// Cycles the sort: column 1 ↑, column 1 ↓, column 2 ↑ … then server order.
    pub fn cycle_sort(&mut self, forward: bool, height: usize) {
        let columns = self.kind.columns.len();
        let states = columns * 2 + 1;
        let position = match self.sort {
            None => 0,
            Some(Sort { column, ascending }) => 1 + column * 2 + usize::from(!ascending),
        };
        let next = if forward {
            (position + 1) % states
        } else {
            (position + states - 1) % states
        };
        self.sort = (next > 0).then(|| Sort {
            column: (next - 1) / 2,
            ascending: (next - 1) % 2 == 0,
        });
        self.refresh_view(None);
        self.clamp(height);
    }

    /// "41", "100 of ≥2,300" (the server's total is a lower bound), "12 of 41" when filtered.
    pub fn count_label(&self) -> String {
        let loaded = self.rows.len();
        let base = match (self.total, &self.next) {
            (_, None) if self.loaded_at_ms.is_some() => loaded.to_string(),
            (Some(total), Some(_)) if total as usize > loaded => {
                format!("{loaded} of ≥{total}")
            }
            (_, Some(_)) => format!("{loaded} of more"),
            _ => "…".to_string(),
        };
        if self.view.len() != loaded {
            format!("{} shown · {base}", self.view.len())
        } else {
            base
        }
    }
}

/// Appends rows, skipping ids already there. Offset windows shift when items are added or
/// removed while paging, by a few positions: checking the last two pages' worth of rows catches
/// that without keeping an index of every id of a 100,000-row list.
fn append_unique(rows: &mut Rows, fresh: Vec<Row>) {
    let window = rows.len().saturating_sub(fresh.len() * 2);
    let seen: HashSet<&str> = (window..rows.len())
        .filter_map(|at| rows.get(at)?.id())
        .collect();
    let keep: Vec<bool> = fresh
        .iter()
        .map(|r| r.id.as_deref().is_none_or(|id| !seen.contains(id)))
        .collect();
    let mut keep = keep.into_iter();
    rows.extend(fresh.into_iter().filter(|_| keep.next().unwrap_or(true)));
}

impl TableView {
    /// Applies what a mutation did to one of this table's items: its cells re-extracted, a new
    /// row, or a row gone. The filter and sort apply to the new rows as to any other.
    pub fn apply_change(
        &mut self,
        change: &crate::worker::mutate::RowChange,
        height: usize,
        current_account: Option<&str>,
    ) {
        use crate::worker::mutate::RowChange;
        match change {
            RowChange::Updated(row) if self.fleet.is_some() => {
                // The merged console: only the current account's rows are acted on, and the
                // answer does not name its account: the row keeps its ACCOUNT cell.
                let Some(id) = row.id.as_deref() else { return };
                let Some(current) = current_account else {
                    return;
                };
                let slot = self.rows.iter().find(|r| {
                    r.id() == Some(id)
                        && crate::app::views::firing::fleet::row_account(*r) == Some(current)
                });
                if let Some(slot) = slot {
                    let at = slot.index();
                    let account = slot.cell(0).map(CellRef::to_cell);
                    let mut row = row.clone();
                    if let (Some(first), Some(account)) = (row.cells.first_mut(), account) {
                        *first = account;
                    }
                    self.rows.set(at, row);
                }
            }
            RowChange::Updated(row) => {
                let Some(id) = row.id.as_deref() else { return };
                let at = self.rows.iter().position(|r| r.id() == Some(id));
                if let Some(at) = at {
                    self.rows.set(at, row.clone());
                }
            }
            RowChange::Added(row) => self.rows.push(row.clone()),
            RowChange::Removed(id) if self.fleet.is_some() => self.rows.retain(|r| {
                r.id() != Some(id.as_str())
                    || crate::app::views::firing::fleet::row_account(r) != current_account
            }),
            RowChange::Removed(id) => self.rows.retain(|r| r.id() != Some(id.as_str())),
            RowChange::Unchanged => return,
        }
        self.refresh_view(None);
        self.clamp(height);
    }
}
