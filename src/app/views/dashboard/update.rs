//! The player's keys and answers: opening a dashboard, its sections, moving between panels
//! (the grid scrolls to the selected one and only panels on screen run), the window, the
//! variables, refresh, zoom, a panel's queries and JSON, the favourite.

use std::sync::Arc;

use serde_json::{Value, json};

use super::draw::{placed, rows_of};
use super::grid;
use super::{DashboardPlayer, SPINNER_MS, Tv};
use crate::api::chart::{ChartData, Window};
use crate::api::dashboard::{Dashboard, substitute};
use crate::app::drawn::{Drawn, areas};
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::ViewBehaviour;
use crate::app::views::chart::ChartView;
use crate::app::views::inspector::Inspector;
use crate::theme::Theme;
use crate::worker::{Command, RequestId};

impl ViewBehaviour for DashboardPlayer {
    fn scope(&self) -> Scope {
        Scope::Dashboard
    }

    fn footer_actions(&self) -> &'static [Action] {
        super::FOOTER
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw(frame, area, self, &state.times, theme);
        Drawn::top(frame, state, area)
    }

    fn waiting_for(&self) -> Option<RequestId> {
        self.load.request()
    }

    fn on_retry(&mut self, id: RequestId, notice: &str) {
        if self.load.awaits(id) {
            self.notice = Some(notice.to_string());
        }
    }

    fn next_tick_ms(&self, now_ms: i64) -> Option<i64> {
        let spinner = self.is_loading().then_some(now_ms + SPINNER_MS);
        let refresh = self.next_refresh_ms();
        // Sections cycle only when there is another to show.
        let tv = self
            .tv
            .filter(|_| self.section_count() > 1)
            .map(|t| t.since_ms + t.interval_ms);
        [spinner, refresh, tv].into_iter().flatten().min()
    }

    fn full_screen(&self) -> bool {
        self.tv.is_some()
    }

    fn on_close(&mut self) -> Vec<Command> {
        let mut commands = self.cancel_all();
        commands.extend(self.load.request().map(Command::Cancel));
        commands.extend(
            self.variable_reads
                .drain()
                .map(|(id, _)| Command::Cancel(id)),
        );
        commands
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        player_action(state, action)
    }
}

impl DashboardPlayer {
    /// When the panels on screen refresh next: a refresh after the oldest answer, while live.
    pub fn next_refresh_ms(&self) -> Option<i64> {
        if self.paused || !self.window.ends_now() || self.dashboard.is_none() {
            return None;
        }
        self.last_run_ms.map(|at| at + self.refresh_ms)
    }
}

/// The player's area in a terminal of `size` (the whole screen in TV mode).
pub fn player_area(p: &DashboardPlayer, size: (u16, u16)) -> ratatui::layout::Rect {
    let screen = ratatui::layout::Rect::new(0, 0, size.0, size.1);
    if p.tv.is_some() {
        screen
    } else {
        areas(screen)[1]
    }
}

/// The panels on screen for the state's size.
pub fn on_screen(p: &DashboardPlayer, size: (u16, u16)) -> Vec<usize> {
    placed(p, player_area(p, size))
        .into_iter()
        .map(|pl| pl.panel)
        .collect()
}

fn player_mut(state: &mut State) -> Option<&mut DashboardPlayer> {
    match state.view_mut() {
        View::Dashboard(p) => Some(p),
        _ => None,
    }
}

/// The panels on screen run (those that left it dropped); with `all`, even those with an
/// answer, else only those not run yet.
fn run_on_screen(state: &mut State, all: bool) -> Vec<Command> {
    let (size, now) = (state.size, state.now_ms);
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let shown = on_screen(p, size);
    if all {
        p.last_run_ms = Some(now);
        p.notice = None;
    }
    let running = p.running_panels();
    let want: Vec<usize> = shown
        .iter()
        .copied()
        .filter(|i| {
            all || (p.panels.get(*i).is_some_and(|s| s.loaded_at.is_none()) && !running.contains(i))
        })
        .collect();
    p.submit(&want, &shown, now)
}

fn player_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let (size, now) = (state.size, state.now_ms);
    let p = player_mut(state)?;
    p.dashboard.as_ref()?;
    let commands = match action {
        Action::NextSection | Action::PrevSection => {
            let n = p.section_count().max(1);
            let next = if action == Action::NextSection {
                p.section + 1
            } else {
                p.section + n - 1
            };
            let mut commands = p.cancel_all();
            p.show_section(next % n);
            if let Some(tv) = &mut p.tv {
                tv.since_ms = now;
            }
            commands.extend(run_on_screen(state, true));
            commands
        }
        Action::Up | Action::Down | Action::ColumnLeft | Action::ColumnRight => {
            move_selection(p, action, size);
            run_on_screen(state, false)
        }
        Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            page(p, action, size);
            run_on_screen(state, false)
        }
        Action::Window1h | Action::Window6h | Action::Window1d | Action::Window1w => {
            p.window = match action {
                Action::Window1h => Window::Hour,
                Action::Window6h => Window::SixHours,
                Action::Window1d => Window::Day,
                _ => Window::Week,
            };
            run_on_screen(state, true)
        }
        Action::TypeWindow => {
            open_command_line(
                state,
                &format!("{} ", crate::app::views::chart::update::RANGE_WORD),
            );
            Vec::new()
        }
        Action::Refresh => run_on_screen(state, true),
        Action::PauseRefresh => {
            p.paused = !p.paused;
            let text = if p.paused {
                "refresh paused (p resumes)"
            } else {
                "live again: the panels refresh on their schedule"
            };
            state.flash_info(text);
            Vec::new()
        }
        Action::NextVariable => {
            let n = p.visible_variables().len();
            if n == 0 {
                state.flash_info("this dashboard has no variables to set");
            } else {
                p.variable = (p.variable + 1) % n;
            }
            Vec::new()
        }
        Action::NextChoice | Action::PrevChoice => {
            match p.cycle_choice(action == Action::NextChoice) {
                Some(name) => {
                    let touched = p.panels_using(&name);
                    run_touched(state, &touched)
                }
                None => {
                    open_variable_line(state);
                    Vec::new()
                }
            }
        }
        Action::TypeVariable => {
            open_variable_line(state);
            Vec::new()
        }
        Action::ZoomPanel => return Some(zoom(state)),
        Action::Inspect | Action::Open => return Some(inspect_panel(state)),
        Action::ToggleFavorite => return Some(favorite(state)),
        _ => return None,
    };
    Some(commands)
}

/// The panels on screen among `touched` run again (a variable they use changed); those off
/// screen run when they come on it.
fn run_touched(state: &mut State, touched: &[usize]) -> Vec<Command> {
    let (size, at) = (state.size, state.now_ms);
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let shown = on_screen(p, size);
    for i in touched {
        if let Some(panel) = p.panels.get_mut(*i) {
            if !shown.contains(i) {
                panel.loaded_at = None;
            }
        }
    }
    let now: Vec<usize> = touched
        .iter()
        .copied()
        .filter(|i| shown.contains(i))
        .collect();
    p.submit(&now, &shown, at)
}

/// Moves the selected panel: left and right within a row, up and down between rows (to the
/// panel of the nearest column); the grid scrolls to keep it on screen.
fn move_selection(p: &mut DashboardPlayer, action: Action, size: (u16, u16)) {
    let Some(&(row, col)) = p.panels.get(p.selected).map(|s| &s.place) else {
        return;
    };
    let rows = rows_of(p);
    let index_of =
        |r: usize, c: usize| -> usize { rows.iter().take(r).map(|x| x.1).sum::<usize>() + c };
    let target = match action {
        Action::ColumnLeft if col > 0 => Some((row, col - 1)),
        Action::ColumnRight if col + 1 < rows[row].1 => Some((row, col + 1)),
        Action::Up => (0..row)
            .rev()
            .find(|r| rows[*r].1 > 0)
            .map(|r| (r, col.min(rows[r].1 - 1))),
        Action::Down => (row + 1..rows.len())
            .find(|r| rows[*r].1 > 0)
            .map(|r| (r, col.min(rows[r].1 - 1))),
        _ => None,
    };
    if let Some((r, c)) = target {
        p.selected = index_of(r, c);
        let height = super::draw::grid_area(p, player_area(p, size)).height;
        p.scroll = grid::scroll_to(&rows, p.scroll, r, height);
    }
}

/// Scrolls by a screen of rows (or to either end), the selection following.
fn page(p: &mut DashboardPlayer, action: Action, size: (u16, u16)) {
    let rows = rows_of(p);
    if rows.is_empty() {
        return;
    }
    let shown = on_screen(p, size);
    let visible_rows = shown
        .iter()
        .filter_map(|i| p.panels.get(*i).map(|s| s.place.0))
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        .max(1);
    let last = rows.len() - 1;
    p.scroll = match action {
        Action::PageUp => p.scroll.saturating_sub(visible_rows),
        Action::PageDown => (p.scroll + visible_rows).min(last),
        Action::Top => 0,
        _ => {
            let height = super::draw::grid_area(p, player_area(p, size)).height;
            grid::scroll_to(&rows, p.scroll, last, height)
        }
    };
    let first_panel: usize = rows.iter().take(p.scroll).map(|r| r.1).sum();
    p.selected = first_panel.min(p.panels.len().saturating_sub(1));
}

/// `w`, `V` open the command line with their word typed: as keys, so it keeps its history.
fn open_command_line(state: &mut State, text: &str) {
    let line = state.prompt.insert(Default::default());
    for c in text.chars() {
        line.handle(&crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        ));
    }
}

/// The command-line word that sets a variable: `:var env prod`.
pub const VARIABLE_WORD: &str = "var";

fn open_variable_line(state: &mut State) {
    let name = match state.view() {
        View::Dashboard(p) => p
            .visible_variables()
            .get(p.variable)
            .and_then(|i| p.dashboard.as_ref().map(|d| d.variables[*i].name.clone())),
        _ => None,
    };
    match name {
        Some(name) => open_command_line(state, &format!("{VARIABLE_WORD} {name} ")),
        None => state.flash_info("this dashboard has no variables to set"),
    }
}

/// `:var NAME VALUE` (`*` for all, `a,b` for several): the variable set, what uses it rerun.
pub(crate) fn variable_command(state: &mut State, text: &str) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        state
            .flash_error(":var sets a dashboard's variable: play one first (enter on a dashboard)");
        return Vec::new();
    };
    let (name, value) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
    let Some(var) = p.dashboard.as_ref().and_then(|d| d.variable(name)).cloned() else {
        state.flash_error(format!("no variable {} here", crate::text::sanitize(name)));
        return Vec::new();
    };
    let value = value.trim();
    let selection = if value == "*" {
        crate::api::dashboard::Selection::All
    } else {
        crate::api::dashboard::Selection::Values(
            value
                .split(',')
                .map(|v| var.value_of(v.trim()))
                .filter(|v| !v.is_empty())
                .collect(),
        )
    };
    p.bindings.insert(var.name.clone(), selection);
    let touched = p.panels_using(&var.name);
    run_touched(state, &touched)
}

/// `:range 3h` in the player: its window.
pub(crate) fn set_window(state: &mut State, window: Window) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    p.window = window;
    if let Window::Between { end_ms, .. } = window {
        p.end_ms = end_ms;
    }
    run_on_screen(state, true)
}

/// `z`: the selected panel's sources in the chart view (legend, numbers, the series'
/// filter); `e` there goes from one source to the next.
fn zoom(state: &mut State) -> Vec<Command> {
    let (now, id) = (state.now_ms, state.next_request_id());
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let Some(chart) = p.chart(p.selected) else {
        return Vec::new();
    };
    let expressions: Vec<(String, String)> = chart
        .running_sources()
        .map(|(i, s)| {
            let name = if s.name.trim().is_empty() {
                format!("source {}", i + 1)
            } else {
                crate::text::sanitize(&s.name).into_owned()
            };
            (name, substitute(&s.query, &p.bindings).query)
        })
        .collect();
    if expressions.is_empty() {
        state.flash_info("this panel has no query to chart (i shows what it has)");
        return Vec::new();
    }
    let title = format!(
        "{} › {}",
        crate::text::sanitize(p.dashboard.as_ref().map_or("", |d| d.name.as_str())),
        crate::text::sanitize(&chart.name)
    );
    let window = p.window;
    let mut view = ChartView::new(title, expressions, now);
    view.set_window(window);
    let commands = view.run(id, now);
    state.stack.push(View::Chart(Box::new(view)));
    commands
}

/// `enter`/`i` on a panel: its queries (as written and filled in) and the chart's JSON.
fn inspect_panel(state: &mut State) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let Some(chart) = p.chart(p.selected) else {
        return Vec::new();
    };
    let queries: Vec<Value> = chart
        .sources
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "query": s.query,
                "filled": substitute(&s.query, &p.bindings).query,
                "queryType": s.query_type.name(),
                "disabled": s.disabled,
                "secondaryAxis": s.secondary_axis,
            })
        })
        .collect();
    let doc = json!({"queries": queries, "chart": chart.raw});
    let title = format!(
        "{} › {}",
        p.dashboard.as_ref().map_or("", |d| d.name.as_str()),
        chart.name
    );
    let view = Inspector::with_doc(
        crate::text::sanitize(&title).into_owned(),
        format!("the dashboard {}'s chart", p.id),
        Arc::new(crate::json::Doc::from_value(&doc)),
    );
    state.stack.push(View::Detail(Box::new(view)));
    Vec::new()
}

/// `f`: favourites the dashboard, or unfavourites it (read-only refuses, said at once).
fn favorite(state: &mut State) -> Vec<Command> {
    let id = state.next_request_id();
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let Some(d) = &p.dashboard else {
        return Vec::new();
    };
    let favorite = !d.favorite;
    let request = crate::api::dashboard::favorite_request(&p.id, favorite);
    let dashboard = p.id.clone();
    if let Some(why) = state.read_only.refusal(&request) {
        state.flash_error(why);
        return Vec::new();
    }
    if let Some(p) = player_mut(state) {
        p.favorite_request = Some(id);
    }
    vec![Command::DashboardFavorite {
        id,
        dashboard,
        favorite,
    }]
}

/// The favourite request's answer: the star follows it.
pub(crate) fn favorited(
    state: &mut State,
    id: RequestId,
    favorite: bool,
    result: Result<(), crate::worker::mutate::MutationError>,
) {
    let mut mine = false;
    for view in &mut state.stack {
        if let View::Dashboard(p) = view {
            if p.favorite_request == Some(id) {
                p.favorite_request = None;
                mine = true;
                if let (Ok(()), Some(d)) = (&result, p.dashboard.as_mut()) {
                    d.favorite = favorite;
                }
            }
        }
    }
    if !mine {
        return;
    }
    match result {
        Ok(()) if favorite => state.flash_info("a favourite now (f again: no longer)"),
        Ok(()) => state.flash_info("no longer a favourite"),
        Err(e) => state.flash_error(crate::app::present::Present::message(&e)),
    }
}

/// `enter` on a dashboard row plays it.
pub(crate) fn open_row(state: &mut State) -> Option<Vec<Command>> {
    let View::Table(t) = state.view() else {
        return None;
    };
    if t.kind.name != "dashboard" {
        return None;
    }
    let id = t.selected_row()?.id.clone()?;
    Some(open(state, &id, None))
}

/// Plays dashboard `dashboard_id` (in TV mode, cycling sections every `tv_ms`).
pub fn open(state: &mut State, dashboard_id: &str, tv_ms: Option<i64>) -> Vec<Command> {
    match &state.login {
        LoginState::LoggedIn(_) => {}
        _ => {
            state.flash_error("not logged in: a dashboard plays once the login is done");
            return Vec::new();
        }
    }
    let id = state.next_request_id();
    let mut player = DashboardPlayer::loading(dashboard_id, id, state.now_ms);
    player.concurrency = state.dashboard_concurrency;
    player.tv = tv_ms.map(|interval_ms| Tv {
        interval_ms: interval_ms.max(1000),
        since_ms: state.now_ms,
    });
    state.stack.push(View::Dashboard(Box::new(player)));
    vec![Command::FetchDetail {
        id,
        kind: &crate::api::catalog::DASHBOARDS,
        item_id: dashboard_id.to_string(),
    }]
}

/// Whether a player waits for the read `id`.
pub(crate) fn awaits_detail(state: &State, id: RequestId) -> bool {
    state
        .stack
        .iter()
        .any(|v| matches!(v, View::Dashboard(p) if p.load.awaits(id)))
}

/// The dashboard's read: the player takes it and runs the panels on screen.
pub(crate) fn on_detail(
    state: &mut State,
    id: RequestId,
    result: Result<Arc<crate::json::Doc>, crate::api::ApiError>,
) -> Vec<Command> {
    let on_top = matches!(state.view(), View::Dashboard(p) if p.load.awaits(id));
    let answer = match result {
        Ok(doc) => serde_json::from_slice::<Value>(doc.raw_value(0))
            .map(|v| (v, doc.clone()))
            .map_err(|e| format!("the dashboard is not JSON: {e}")),
        Err(e) => Err(crate::app::present::in_view(&e).message),
    };
    for view in &mut state.stack {
        if let View::Dashboard(p) = view {
            if p.load.awaits(id) {
                match &answer {
                    Ok((value, doc)) => {
                        p.load.land(id, Ok(()));
                        p.doc = Some(doc.clone());
                        p.set_dashboard(Dashboard::read(value), value);
                    }
                    Err(why) => {
                        p.load.land(id, Err(why.clone()));
                    }
                }
            }
        }
    }
    if on_top {
        let mut commands = run_on_screen(state, true);
        commands.extend(read_variables(state));
        commands
    } else {
        Vec::new()
    }
}

/// A panel query's answer, for the player it is for (a stale generation is dropped).
pub(crate) fn on_answer(
    state: &mut State,
    key: crate::worker::dashboard::PanelKey,
    result: Result<ChartData, crate::api::chart::ChartError>,
) {
    let now = state.now_ms;
    let result = result.map_err(|e| crate::app::present::in_view(&e).message);
    for view in &mut state.stack {
        if let View::Dashboard(p) = view {
            let Some((panel, source)) = p.panel_of(&key) else {
                continue;
            };
            if !p.inflight.remove(&(panel, source)) {
                continue;
            }
            p.receive(panel, source, result, now);
            return;
        }
    }
    tracing::debug!(?key, "dropped a stale panel answer");
}

/// The pool waits (429/406) or goes on: the status line says so.
pub(crate) fn on_throttle(state: &mut State, throttle: Option<crate::worker::dashboard::Throttle>) {
    let times = state.times.clone();
    for view in &mut state.stack {
        if let View::Dashboard(p) = view {
            p.notice = throttle
                .as_ref()
                .map(|t| format!("{}: waiting until {}", t.reason, times.full(t.until_ms)));
        }
    }
}

/// A DYNAMIC variable's values arrived: its choices.
pub(crate) fn on_variable(
    state: &mut State,
    id: RequestId,
    name: String,
    result: Result<Vec<String>, crate::worker::dashboard::VariableError>,
) {
    let mut failed = None;
    for view in &mut state.stack {
        if let View::Dashboard(p) = view {
            if p.variable_reads.remove(&id).is_none() {
                continue;
            }
            match &result {
                Ok(values) => {
                    p.choices.insert(name.clone(), values.clone());
                }
                Err(e) => failed = Some(format!("the values of {name}: {e}")),
            }
        }
    }
    if let Some(text) = failed {
        state.flash_error(crate::text::sanitize(&text).into_owned());
    }
}

/// The reads of the dashboard's DYNAMIC variables' values (their query filled in).
fn read_variables(state: &mut State) -> Vec<Command> {
    let wanted: Vec<(
        String,
        crate::api::dashboard::Dynamic,
        crate::api::chart::ChartQuery,
    )> = match state.view() {
        View::Dashboard(p) => p.dynamic_queries(),
        _ => return Vec::new(),
    };
    let mut commands = Vec::new();
    for (name, dynamic, query) in wanted {
        let id = state.next_request_id();
        if let Some(p) = player_mut(state) {
            p.variable_reads.insert(id, name.clone());
        }
        commands.push(Command::DashboardVariable {
            id,
            name,
            dynamic,
            query,
        });
    }
    commands
}

/// The clock: the spinner turns, panels refresh on schedule, TV mode moves on.
pub(crate) fn on_tick(state: &mut State) -> Vec<Command> {
    let now = state.now_ms;
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    if p.is_loading() {
        p.tick = p.tick.wrapping_add(1);
    }
    if let Some(tv) = p.tv {
        if now >= tv.since_ms + tv.interval_ms && p.section_count() > 1 {
            return player_action(state, Action::NextSection).unwrap_or_default();
        }
    }
    let due = p.next_refresh_ms().is_some_and(|at| at <= now);
    if due {
        return run_on_screen(state, true);
    }
    Vec::new()
}

/// The command-line word that plays a dashboard: `:play ID [--tv [SECONDS]]`.
pub const PLAY_WORD: &str = "play";
/// How long a section stays on a TV screen when `--tv` names no interval.
pub const TV_DEFAULT_S: i64 = 30;

/// `:play ID [--tv [SECONDS]]`.
pub(crate) fn play_command(state: &mut State, text: &str) -> Vec<Command> {
    let mut words = text.split_whitespace();
    let Some(id) = words.next().filter(|w| !w.starts_with("--")) else {
        state.flash_error(":play needs a dashboard's id, e.g. :play demo-overview --tv");
        return Vec::new();
    };
    let id = id.to_string();
    let rest: Vec<&str> = words.collect();
    let tv = match rest.as_slice() {
        [] => None,
        ["--tv"] => Some(TV_DEFAULT_S),
        ["--tv", s] => match s.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                state.flash_error("--tv takes the seconds each section stays on screen");
                return Vec::new();
            }
        },
        _ => {
            state.flash_error(":play ID [--tv [SECONDS]]");
            return Vec::new();
        }
    };
    open(state, &id, tv.map(|s| s * 1000))
}
