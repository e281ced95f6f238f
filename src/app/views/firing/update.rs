//! The console's life: opening it, its schedule (one poll a period: its rows and the counts while
//! it is on screen, the counts alone for the badge elsewhere), the answers, the marks of what
//! changed since the last look, and the bell.

use std::collections::HashMap;

use super::Change;
use crate::api::ApiError;
use crate::api::alerting::Summary;
use crate::api::catalog::{Cell, CellRef, FIRING_ALERTS};
use crate::app::state::{LoginState, State, View};
use crate::app::views::table::TableView;
use crate::worker::{Command, RequestId};

/// `:firing`: the console; with accounts after the word (`@all`, `@a,@b`), the merged one.
pub fn open_command(state: &mut State, rest: &str) -> Vec<Command> {
    if !rest.trim().is_empty() {
        return super::fleet::open(state, rest);
    }
    open(state)
}

/// Opens the console (`!`, `:firing`), or goes back to it when it is open under other views.
pub fn open(state: &mut State) -> Vec<Command> {
    if matches!(
        state.login,
        LoginState::LoggedOut | LoginState::Standalone(_)
    ) {
        state.flash_error("the firing console watches an instance: log in first (A)");
        return Vec::new();
    }
    let mut commands = Vec::new();
    match console_depth(state) {
        Some(depth) => {
            while state.stack.len() > depth + 1 {
                if let Some(mut view) = state.stack.pop() {
                    commands.extend(view.on_close());
                }
            }
        }
        None => {
            let mut table = TableView::new(&FIRING_ALERTS);
            crate::app::memory::restore_table(&state.memory, &mut table);
            table.live = Some(Box::default());
            state.stack.push(View::Table(Box::new(table)));
        }
    }
    let loading = matches!(state.view(), View::Table(t) if t.is_loading());
    if !loading {
        commands.extend(refresh(state));
    }
    commands
}

/// Where the console is in the view stack, if it is open.
pub fn console_depth(state: &State) -> Option<usize> {
    state
        .stack
        .iter()
        .position(|v| matches!(v, View::Table(t) if t.live.is_some()))
}

/// The console, when it is the view on screen.
fn on_top(state: &State) -> Option<&TableView> {
    match state.view() {
        View::Table(t) if t.live.is_some() => Some(t),
        _ => None,
    }
}

/// When the next poll is due, if one will come: the console on screen refreshes (unless
/// paused), the badge polls elsewhere (unless it is off); nothing while one is in flight.
pub fn poll_at(state: &State) -> Option<i64> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        return None;
    }
    let watch = &state.firing;
    let period = watch.period_ms()?;
    if watch.in_flight(state.now_ms) {
        return None;
    }
    match on_top(state) {
        Some(_) if state.refresh_paused => return None,
        Some(t) if t.is_loading() => return None,
        None if !watch.badge => return None,
        _ => {}
    }
    Some(
        watch
            .polled_at_ms
            .map_or(state.now_ms, |at| at.saturating_add(period)),
    )
}

/// The app's timer: polls when one is due.
pub fn on_tick(state: &mut State) -> Vec<Command> {
    if poll_at(state).is_none_or(|at| at > state.now_ms) {
        return Vec::new();
    }
    let commands = if on_top(state).is_some() {
        let commands = refresh(state);
        // What the console's timer sends is the history's auto-refresh (hidden there).
        crate::app::views::history::log::auto_refresh_started(state);
        commands
    } else {
        request_summary(state)
    };
    state.firing.pending_by_timer = state.firing.pending.is_some();
    commands
}

/// The console on screen loads its rows and the counts again.
fn refresh(state: &mut State) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        return Vec::new();
    }
    let id = state.next_request_id();
    let mut commands = match state.view_mut() {
        View::Table(t) if t.live.is_some() => t.reload(id),
        _ => Vec::new(),
    };
    commands.extend(request_summary(state));
    commands
}

/// Asks for the counts by state, unless that is in flight already.
pub fn request_summary(state: &mut State) -> Vec<Command> {
    if state.firing.in_flight(state.now_ms) || !matches!(state.login, LoginState::LoggedIn(_)) {
        return Vec::new();
    }
    let id = state.next_request_id();
    state.firing.pending = Some(id);
    state.firing.pending_since_ms = state.now_ms;
    state.firing.pending_by_timer = false;
    vec![Command::AlertSummary { id }]
}

/// Whether the server asked to slow down (FACTS §4: the proxy treats 406 as 429).
fn throttled(error: &ApiError) -> bool {
    matches!(error.status(), Some(406 | 429))
}

/// The counts came (or not): the header and the badge show them; the next poll is a period
/// away, longer after a 429/406.
pub fn on_summary(state: &mut State, id: RequestId, result: Result<Summary, ApiError>) {
    let watch = &mut state.firing;
    if watch.pending != Some(id) {
        return;
    }
    watch.pending = None;
    watch.polled_at_ms = Some(state.now_ms);
    match result {
        Ok(summary) => {
            watch.summary = Some((summary, state.now_ms));
            watch.summary_error = None;
            watch.throttled = 0;
        }
        Err(e) => {
            tracing::warn!(error = %e, "alert summary failed");
            if throttled(&e) {
                watch.throttled += 1;
            }
            watch.summary_error = Some(crate::app::present::Present::message(&e));
        }
    }
}

/// A page of the console at `depth` was taken: once the rows are all in, what changed since
/// the last look is marked, and a new SEVERE rings the bell (when that is on).
pub fn after_page(state: &mut State, depth: usize, result_throttled: bool) -> Vec<Command> {
    if result_throttled {
        state.firing.search_throttled += 1;
    }
    let View::Table(t) = &mut state.stack[depth] else {
        return Vec::new();
    };
    if t.is_loading() || t.error().is_some() {
        return Vec::new();
    }
    state.firing.search_throttled = 0;
    let now: HashMap<String, Vec<Cell>> = t
        .rows
        .iter()
        .filter_map(|r| Some((r.id()?.into(), r.cells().map(CellRef::to_cell).collect())))
        .collect();
    let changes = match &state.firing.seen {
        Some(seen) => changes(seen, &now),
        None => HashMap::new(),
    };
    let ring = state.firing.bell
        && state
            .firing
            .seen
            .as_ref()
            .is_some_and(|seen| new_severe(seen, &now, &changes));
    if let Some(live) = t.live.as_mut() {
        live.changes = changes;
    }
    state.firing.seen = Some(now);
    if ring {
        vec![Command::Bell]
    } else {
        Vec::new()
    }
}

/// The rows new or changed between two looks.
fn changes(
    seen: &HashMap<String, Vec<Cell>>,
    now: &HashMap<String, Vec<Cell>>,
) -> HashMap<String, Change> {
    now.iter()
        .filter_map(|(id, cells)| match seen.get(id) {
            None => Some((id.clone(), Change::New)),
            Some(before) if before != cells => Some((id.clone(), Change::Changed)),
            Some(_) => None,
        })
        .collect()
}

/// Whether a row is SEVERE now and was not at the last look (new, or worse than it was).
fn new_severe(
    seen: &HashMap<String, Vec<Cell>>,
    now: &HashMap<String, Vec<Cell>>,
    changes: &HashMap<String, Change>,
) -> bool {
    let severe = |cells: &Vec<Cell>| severity(cells) == Some("SEVERE");
    changes
        .keys()
        .any(|id| now.get(id).is_some_and(severe) && !seen.get(id).is_some_and(severe))
}

/// A row's severity (the console's first column).
pub fn severity(cells: &[Cell]) -> Option<&str> {
    match cells.first() {
        Some(Cell::Text(s)) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(severity: &str, series: i64) -> Vec<Cell> {
        vec![Cell::Text(severity.into()), Cell::Int(series)]
    }

    #[test]
    fn new_and_changed_rows_are_told_apart_and_a_new_severe_rings() {
        let seen: HashMap<String, Vec<Cell>> = [
            ("a".to_string(), cells("WARN", 1)),
            ("b".to_string(), cells("SEVERE", 1)),
            ("c".to_string(), cells("INFO", 1)),
        ]
        .into();
        let mut now = seen.clone();
        now.remove("c");
        now.insert("b".into(), cells("SEVERE", 3));
        now.insert("d".into(), cells("WARN", 1));
        let found = changes(&seen, &now);
        assert_eq!(found.len(), 2);
        assert_eq!(found["b"], Change::Changed);
        assert_eq!(found["d"], Change::New);
        assert!(!new_severe(&seen, &now, &found), "b was SEVERE before");
        now.insert("a".into(), cells("SEVERE", 1));
        let found = changes(&seen, &now);
        assert!(new_severe(&seen, &now, &found), "a became SEVERE");
        now.insert("a".into(), cells("WARN", 1));
        now.insert("e".into(), cells("SEVERE", 1));
        let found = changes(&seen, &now);
        assert!(new_severe(&seen, &now, &found), "e is new and SEVERE");
    }
}
