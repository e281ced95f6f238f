//! Snapshots of a zoomed dashboard panel (`z`): the tour's "CPU and memory by host" (CPU on
//! the left axis, memory on the right, a disabled source left out) with its legend, with the
//! `/` filter applied, and as numbers, at 120x40 and 80x24. The player is built from the
//! stand-in's fixture, `z` is pressed through `update`, and every query it sends is answered
//! by the stand-in's chart code at a fixed clock.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashMap;

use common::{key, render};
use crossterm::event::KeyCode;
use wf_tui::api::chart::{ChartData, parse_query_result};
use wf_tui::api::chart_events::ChartEvent;
use wf_tui::api::dashboard::Dashboard;
use wf_tui::app::dashboard::DashboardPlayer;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::worker::{Command, Event};

const NOW: i64 = 1_800_000_000_000;

fn fixture(id: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/dashboard.json"
    ))
    .unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    all.into_iter().find(|d| d["id"] == id).unwrap()
}

/// The tour's second section in the player, its first panel selected, then `z` with every
/// query answered by the stand-in.
fn zoomed(size: (u16, u16)) -> State {
    let mut state = State::new("prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    let raw = fixture("demo-player-tour");
    let mut player = DashboardPlayer::loading("demo-player-tour", 0, NOW);
    player.set_dashboard(Dashboard::read(&raw), &raw);
    player.show_section(1);
    state.stack.push(View::Dashboard(Box::new(player)));
    let commands = update(&mut state, Msg::Key(key(KeyCode::Char('z'))));
    let charts: Vec<_> = commands
        .into_iter()
        .filter_map(|c| match c {
            Command::Chart { id, query } => Some((id, query)),
            _ => None,
        })
        .collect();
    assert_eq!(
        charts.len(),
        3,
        "CPU, memory and the event query: {charts:?}"
    );
    for (id, query) in charts {
        let result = if query.expression.starts_with("events(") {
            // The dashboard's event query: one deploy half an hour ago.
            Ok(ChartData {
                events: vec![ChartEvent {
                    name: "deploy checkout 1.4.2".into(),
                    start_ms: NOW - 1_800_000,
                    end_ms: None,
                    annotations: vec![("type".into(), "deploy".into())],
                    tags: Vec::new(),
                    hosts: Vec::new(),
                    summarized: 0,
                }],
                ..Default::default()
            })
        } else {
            let params: HashMap<String, String> = query.request().query.into_iter().collect();
            parse_query_result(&wf_tui::demo::chart::answer(&params, NOW).unwrap())
        };
        update(&mut state, Msg::Worker(Event::Chart { id, result }));
    }
    state
}

fn typed(state: &mut State, text: &str) {
    update(state, Msg::Key(key(KeyCode::Char('/'))));
    for c in text.chars() {
        update(state, Msg::Key(key(KeyCode::Char(c))));
    }
}

#[test]
fn zoom_legend_120x40() {
    let state = zoomed((120, 40));
    let View::Chart(c) = state.view() else {
        panic!("not the chart")
    };
    let sources: std::collections::BTreeSet<usize> = c.origin.iter().copied().collect();
    assert_eq!(sources.len(), 2, "series of both enabled sources");
    insta::assert_snapshot!(render(&state));
}

#[test]
fn zoom_legend_80x24() {
    insta::assert_snapshot!(render(&zoomed((80, 24))));
}

#[test]
fn zoom_filter_typed_and_applied_120x40() {
    let mut state = zoomed((120, 40));
    typed(&mut state, "memory");
    let typing = render(&state);
    update(&mut state, Msg::Key(key(KeyCode::Enter)));
    insta::assert_snapshot!(format!("{typing}\n----\n{}", render(&state)));
}

#[test]
fn zoom_filter_80x24() {
    let mut state = zoomed((80, 24));
    typed(&mut state, "cpu");
    update(&mut state, Msg::Key(key(KeyCode::Enter)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn zoom_numbers_120x40() {
    let mut state = zoomed((120, 40));
    update(&mut state, Msg::Key(key(KeyCode::Char('n'))));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn zoom_numbers_80x24() {
    let mut state = zoomed((80, 24));
    update(&mut state, Msg::Key(key(KeyCode::Char('n'))));
    insta::assert_snapshot!(render(&state));
}
