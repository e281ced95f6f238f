//! The player's keys and answers: opening a dashboard, its sections, moving between panels
//! (the grid scrolls to the selected one and only panels on screen run), the window, the
//! variables, refresh, zoom, a panel's queries and JSON, the favourite.

use std::sync::Arc;

use serde_json::{Value, json};

use super::draw::{placed, rows_of};
use super::grid;
use super::{DashboardPlayer, SPINNER_MS};
use crate::api::chart::ChartQuery;
use crate::api::chart::Window;
use crate::api::dashboard::substitute;
use crate::app::drawn::{Drawn, areas};
use crate::app::keymap::{Action, Scope};
use crate::app::state::{State, View};
use crate::app::views::ViewBehaviour;
use crate::app::views::chart::ChartView;
use crate::app::views::chart::sources::SourceRun;
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

    fn on_key(
        state: &mut State,
        key: &crossterm::event::KeyEvent,
        _action: Option<Action>,
    ) -> Option<Vec<Command>> {
        // The variables' picker takes every key while it is open.
        let open = matches!(state.view(), View::Dashboard(p) if p.picker.is_some());
        open.then(|| super::picker::on_key(state, key))
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

pub(super) fn player_mut(state: &mut State) -> Option<&mut DashboardPlayer> {
    match state.view_mut() {
        View::Dashboard(p) => Some(p),
        _ => None,
    }
}

/// The panels on screen run (those that left it dropped); with `all`, even those with an
/// answer, else only those not run yet.
pub(super) fn run_on_screen(state: &mut State, all: bool) -> Vec<Command> {
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
    p.submit(&want, &shown, now, all)
}

/// A new terminal size: the panels it brings on screen run, those it takes off are dropped
/// (the player's geometry is computed from `state.size`, so this needs no frame first).
pub(crate) fn on_resize(state: &mut State) -> Vec<Command> {
    if player_mut(state).is_none_or(|p| p.dashboard.is_none()) {
        return Vec::new();
    }
    run_on_screen(state, false)
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
            super::commands::open_command_line(
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
                Some(name) => variable_changed(state, &name),
                None => {
                    super::commands::open_variable_line(state);
                    Vec::new()
                }
            }
        }
        Action::TypeVariable => {
            super::commands::open_variable_line(state);
            Vec::new()
        }
        Action::ZoomPanel => return Some(zoom(state)),
        Action::Inspect | Action::Open => return Some(inspect_panel(state)),
        Action::ToggleFavorite => return Some(super::answers::favorite(state)),
        Action::PickVariable => super::picker::open(state),
        Action::ScrollPanelDown | Action::ScrollPanelUp => {
            scroll_panel(p, action == Action::ScrollPanelDown, size);
            Vec::new()
        }
        _ => return None,
    };
    Some(commands)
}

/// Variable `name` changed (its binding is set): the markdown panels show its value, the
/// panels on screen that use it run again, and so does the dashboard's event query when it
/// uses it.
pub(super) fn variable_changed(state: &mut State, name: &str) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    p.fill_markdown();
    let touched = p.panels_using(name);
    let events = p.event_query_uses(name);
    run_touched(state, &touched, events)
}

/// The selected panel's rows, when it is a table (`table`, `top-k`, `status-list`) on screen:
/// how many it lists and how many fit.
pub fn table_extent(p: &DashboardPlayer, size: (u16, u16)) -> Option<(usize, usize)> {
    let placed = placed(p, player_area(p, size));
    let rect = placed.iter().find(|pl| pl.panel == p.selected)?.rect;
    let state = p.panels.get(p.selected)?;
    let content = super::panel::Content {
        title: "",
        look: &state.look,
        status: &state.status,
        series: &state.series,
        secondary: &state.secondary,
        colors: &state.colors,
        events: &[],
        window: p.window_ms(),
        tick: 0,
        selected: true,
    };
    super::panel::table_extent(rect, &content)
}

/// `J`/`K`: the selected table panel scrolls a row, within its rows (nothing for other panels).
fn scroll_panel(p: &mut DashboardPlayer, down: bool, size: (u16, u16)) {
    let Some(extent) = table_extent(p, size) else {
        return;
    };
    let Some(panel) = p.panels.get_mut(p.selected) else {
        return;
    };
    let last = super::panel::table::first_row(usize::MAX, extent);
    let now = super::panel::table::first_row(panel.scroll, extent);
    panel.scroll = if down {
        (now + 1).min(last)
    } else {
        now.saturating_sub(1)
    };
}

/// A left click at screen cell (`x`, `y`): a section's tab shows that section, a variable
/// opens its picker (as `v` on the focused one), the panel under it is selected, and a click
/// on the panel already selected zooms it (as `z`).
pub(crate) fn on_click(state: &mut State, x: u16, y: u16) -> Option<Vec<Command>> {
    use super::draw::ChromeTarget;
    let (size, now) = (state.size, state.now_ms);
    let p = player_mut(state)?;
    p.dashboard.as_ref()?;
    if p.picker.is_some() {
        return Some(Vec::new());
    }
    let area = player_area(p, size);
    match super::draw::chrome_target(p, area, x, y) {
        Some(ChromeTarget::Section(i)) if i != p.section => {
            let mut commands = p.cancel_all();
            p.show_section(i);
            if let Some(tv) = &mut p.tv {
                tv.since_ms = now;
            }
            commands.extend(run_on_screen(state, true));
            return Some(commands);
        }
        Some(ChromeTarget::Variable(n)) => {
            p.variable = n;
            return Some(super::picker::open(state));
        }
        Some(ChromeTarget::Section(_)) => return Some(Vec::new()),
        None => {}
    }
    let hit = placed(p, area)
        .into_iter()
        .find(|pl| pl.rect.contains(ratatui::layout::Position { x, y }))?;
    if hit.panel == p.selected {
        return player_action(state, Action::ZoomPanel);
    }
    p.selected = hit.panel;
    Some(Vec::new())
}

/// The panels on screen among `touched` run again (a variable they use changed); those off
/// screen run when they come on it.
/// With `events`, the dashboard's event query runs again too.
fn run_touched(state: &mut State, touched: &[usize], events: bool) -> Vec<Command> {
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
    p.submit(&now, &shown, at, events)
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

/// `z`: the selected panel's enabled sources charted together in the chart view (their
/// union, each series named by its source; the legend, the `/` filter over the series, the
/// numbers), with the panel's units, range and right-hand scale and the dashboard's event
/// query; `e` there shows one source alone, then the next, then all again.
fn zoom(state: &mut State) -> Vec<Command> {
    let now = state.now_ms;
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let Some(chart) = p.chart(p.selected) else {
        return Vec::new();
    };
    type Named = (usize, String, bool, Option<ratatui::style::Color>);
    let names: Vec<Named> = chart
        .running_sources()
        .map(|(i, s)| {
            let name = if s.name.trim().is_empty() {
                format!("source {}", i + 1)
            } else {
                crate::text::sanitize(&s.name).into_owned()
            };
            let color = s.color.as_deref().and_then(super::panel::parse_color);
            (i, name, s.secondary_axis, color)
        })
        .collect();
    let title = format!(
        "{} › {}",
        crate::text::sanitize(p.dashboard.as_ref().map_or("", |d| d.name.as_str())),
        crate::text::sanitize(&chart.name)
    );
    // The panel's own queries (variables filled in, its events choice), even for a type that
    // is drawn without them (a zoom charts what the sources find).
    let mut look = p.panels[p.selected].look.clone();
    use super::panel::Renderer;
    if !matches!(
        look.renderer(),
        Renderer::Line | Renderer::Scatter | Renderer::StackedArea | Renderer::StackedColumn
    ) {
        // A single stat, a table, a gauge, a type not drawn here: its series as lines.
        look.renderer = Some(Renderer::Line);
    }
    let queries = {
        let saved = p.panels[p.selected].look.clone();
        p.panels[p.selected].look.renderer = Some(Renderer::Line);
        let q = p.queries_of(&[p.selected]);
        p.panels[p.selected].look = saved;
        q
    };
    let mut runs: Vec<SourceRun> = queries
        .into_iter()
        .filter_map(|q| {
            let (_, name, secondary, color) = names.iter().find(|(i, ..)| *i == q.source)?;
            let mut run = SourceRun::new(name.clone(), q.query, *secondary);
            run.color = *color;
            Some(run)
        })
        .collect();
    if runs.is_empty() {
        state.flash_info("this panel has no query to chart (i shows what it has)");
        return Vec::new();
    }
    runs.extend(p.event_query().map(SourceRun::event_query));
    let template = ChartQuery::new(String::new(), p.window, now);
    let mut view = ChartView::for_panel(title, runs, look, template);
    // The dashboard's live refresh, paused if the player is.
    view.live_ms = Some(p.refresh_ms);
    view.paused = p.paused;
    // At most as many of its queries at once as the player's pool sends.
    view.limit = p.concurrency;
    let first = state.next_request_id();
    for _ in 1..view.ids_needed() {
        state.next_request_id();
    }
    let commands = view.run(first, now);
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

pub use super::answers::open;
pub(crate) use super::answers::{
    awaits_detail, favorited, on_answer, on_detail, on_throttle, on_variable, open_row,
};
pub use super::commands::{PLAY_WORD, TV_DEFAULT_S, VARIABLE_WORD};
pub(crate) use super::commands::{play_command, set_window, variable_command};
