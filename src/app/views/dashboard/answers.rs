//! Opening a dashboard and the worker's answers to the player: the dashboard's read, each
//! panel query's answer, the pool's throttling, DYNAMIC variables' values, the favourite.

use std::sync::Arc;

use serde_json::Value;

use super::update::{player_mut, run_on_screen};
use super::{DashboardPlayer, Tv};
use crate::api::chart::ChartData;
use crate::api::dashboard::Dashboard;
use crate::app::state::{LoginState, State, View};
use crate::worker::{Command, RequestId};

/// `f`: favourites the dashboard, or unfavourites it (read-only refuses, said at once).
pub(super) fn favorite(state: &mut State) -> Vec<Command> {
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
    let id = t.selected_row()?.id()?.to_string();
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
            if key.is_event_query() {
                let current = key.generation == p.generation && key.place.section == p.section;
                if current && p.events_inflight {
                    p.receive_dashboard_events(result);
                    return;
                }
                continue;
            }
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
