//! The firing console and the badge on ratatui's `TestBackend`, from fixed data and a fixed
//! clock: snapshots of the console (counts, order, marks of what changed) and of the badge in
//! the header, and the bell for a new SEVERE (only when that is on, never at the first look).

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::render;
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::alerting::Summary;
use wf_tui::api::catalog::{CLOUD_INTEGRATIONS, FIRING_ALERTS, Kind};
use wf_tui::api::paging::PageRequest;
use wf_tui::app::{LoginState, Msg, State, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::worker::{Command, Event, LoadedPage};

const NOW: i64 = 1_800_000_000_000;

fn token() -> TokenStatus {
    TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::CspApiToken),
        identity: Some("jane@acme.com".into()),
        expires_at_ms: Some(NOW + 27 * 60_000 + 5_000),
        ..TokenStatus::default()
    }
}

/// The fixture's alerts as the stand-in has them at its start (the schedule applied).
fn alerts() -> Vec<Value> {
    let mut alerts = wf_tui::demo::collections::by_name("alert")
        .unwrap()
        .load(NOW);
    let schedule = wf_tui::demo::firings::Schedule::new(&alerts, NOW);
    for a in &mut alerts {
        schedule.apply(a, NOW);
    }
    alerts
}

fn firing(alerts: &[Value]) -> Vec<Value> {
    alerts
        .iter()
        .filter(|a| a["status"].as_array().unwrap().contains(&json!("FIRING")))
        .cloned()
        .collect()
}

fn summary_of(alerts: &[Value]) -> Summary {
    let mut counts = serde_json::Map::new();
    for s in alerts
        .iter()
        .flat_map(|a| a["status"].as_array().unwrap().clone())
    {
        let key = s.as_str().unwrap().to_string();
        let n = counts.get(&key).and_then(Value::as_i64).unwrap_or(0);
        counts.insert(key, json!(n + 1));
    }
    Summary::from_response(&Value::Object(counts)).unwrap()
}

fn logged_in(kind: &'static Kind, size: (u16, u16)) -> State {
    let mut state = State::with_kind(kind, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(token()));
    state
}

/// Answers what `commands` asked: the firing search with `items`, the counts with `summary`.
/// Returns the commands those answers asked for in turn (a bell).
fn answer(
    state: &mut State,
    commands: Vec<Command>,
    items: &[Value],
    summary: &Summary,
) -> Vec<Command> {
    let mut more = Vec::new();
    for command in commands {
        let event = match command {
            Command::FetchPage { id, .. } => Event::Page {
                id,
                request: PageRequest::first(1000),
                result: Ok(LoadedPage {
                    rows: items.iter().map(|i| FIRING_ALERTS.row(i)).collect(),
                    next: None,
                    total_items: Some(items.len() as u64),
                }),
            },
            Command::AlertSummary { id } => Event::AlertSummary {
                id,
                result: Ok(summary.clone()),
            },
            _ => continue,
        };
        more.extend(update(state, Msg::Worker(event)));
    }
    more
}

/// The console open on the fixture's firing alerts, counted.
fn console(size: (u16, u16)) -> (State, Vec<Value>) {
    let mut state = logged_in(&CLOUD_INTEGRATIONS, size);
    let all = alerts();
    let commands = update(&mut state, Msg::Key(common::key(KeyCode::Char('!'))));
    let rest = answer(&mut state, commands, &firing(&all), &summary_of(&all));
    assert!(rest.is_empty(), "{rest:?}");
    (state, all)
}

/// A refresh where one alert stopped firing, one started (SEVERE), one has a series more.
fn refresh_with_changes(state: &mut State, all: &[Value]) -> Vec<Command> {
    let mut now = firing(all);
    let gone = now.remove(now.len() - 1);
    let changed = now.iter_mut().find(|a| a["severity"] == "WARN").unwrap();
    changed["failingHostLabelPairs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"host": "web-99.prod.acme.net", "label": "x"}));
    let mut started = all
        .iter()
        .find(|a| a["status"] == json!(["CHECKING"]))
        .unwrap()
        .clone();
    started["status"] = json!(["FIRING"]);
    started["severity"] = json!("SEVERE");
    started["event"] = json!({"startTime": NOW - 60_000});
    started["failingHostLabelPairs"] = json!([{"host": "db-01.prod.acme.net"}]);
    now.push(started);
    assert_ne!(gone["id"], now.last().unwrap()["id"]);
    state.now_ms = NOW + 15_000;
    let commands = update(state, Msg::Tick);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::FetchPage { .. })),
        "the period came: {commands:?}"
    );
    answer(state, commands, &now, &summary_of(all))
}

#[test]
fn console_snapshot() {
    let (state, _) = console((110, 24));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn console_with_new_and_changed_rows_snapshot() {
    let (mut state, all) = console((110, 24));
    let rest = refresh_with_changes(&mut state, &all);
    assert!(rest.is_empty(), "the bell is off by default: {rest:?}");
    let screen = render(&state);
    assert!(screen.contains("+ SEVERE"), "{screen}");
    assert!(screen.contains("~ WARN"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_new_severe_rings_the_bell_when_that_is_on() {
    let (mut state, all) = console((110, 24));
    state.firing.bell = true;
    let rest = refresh_with_changes(&mut state, &all);
    assert!(rest.iter().any(|c| matches!(c, Command::Bell)), "{rest:?}");
    // Nothing new at the next look: no bell.
    state.now_ms = NOW + 30_000;
    let commands = update(&mut state, Msg::Tick);
    let now: Vec<Value> = state
        .stack
        .iter()
        .find_map(|v| match v {
            wf_tui::app::View::Table(t) if t.live.is_some() => Some(
                t.rows
                    .to_rows()
                    .map(|r| wf_tui::json::parse_str(r.raw.as_deref().unwrap()).unwrap())
                    .collect(),
            ),
            _ => None,
        })
        .unwrap();
    let rest = answer(&mut state, commands, &now, &summary_of(&all));
    assert!(rest.is_empty(), "{rest:?}");
}

#[test]
fn the_first_look_rings_nothing_and_marks_nothing() {
    let mut state = logged_in(&CLOUD_INTEGRATIONS, (110, 24));
    state.firing.bell = true;
    let all = alerts();
    let commands = update(&mut state, Msg::Key(common::key(KeyCode::Char('!'))));
    let rest = answer(&mut state, commands, &firing(&all), &summary_of(&all));
    assert!(rest.is_empty(), "{rest:?}");
    assert!(!render(&state).contains("+ SEVERE"));
}

/// The header of the integrations list with the badge the summary gives (loud, quiet, after a
/// failed read), and with the console's rows by severity once it was opened.
#[test]
fn badge_snapshot() {
    let header = |state: &State| render(state).lines().next().unwrap().to_string();
    let mut lines = Vec::new();
    for (width, firing) in [(100, 14), (100, 0), (60, 3)] {
        let mut state = logged_in(&CLOUD_INTEGRATIONS, (width, 6));
        let commands = wf_tui::app::views::firing::update::request_summary(&mut state);
        let summary = Summary::from_response(&json!({"FIRING": firing, "CHECKING": 20})).unwrap();
        answer(&mut state, commands, &[], &summary);
        lines.push(header(&state));
        if firing == 14 {
            // A failed read keeps the last counts, dimmed and asked after.
            let Command::AlertSummary { id } =
                wf_tui::app::views::firing::update::request_summary(&mut state).remove(0)
            else {
                panic!()
            };
            let error = wf_tui::api::ApiError::Status {
                method: "GET",
                path: "/api/v2/alert/summary".into(),
                status: 503,
                message: "Service Unavailable".into(),
                retry_after: None,
            };
            update(
                &mut state,
                Msg::Worker(Event::AlertSummary {
                    id,
                    result: Err(error),
                }),
            );
            lines.push(header(&state));
        }
    }
    let (mut state, _) = console((100, 24));
    lines.push(header(&state));
    update(&mut state, Msg::Key(common::key(KeyCode::Esc)));
    lines.push(header(&state));
    state.firing.badge = false;
    lines.push(format!("[badge off] {}", header(&state)));
    insta::assert_snapshot!(lines.join("\n"));
}
