//! Events on charts end to end: the chart query asks `autoEvents=true` and the stand-in answers
//! the events that touch it (an alert's chart has the alert's own firings); `v` adds the
//! window's event list (deploys) and then hides them all; a failed list leaves the chart up and
//! says so. The time cursor: `h`/`l`, `H`/`L` from event to event, `esc`. Snapshots of a chart
//! with markers and the cursor on an event, and of the numbers with their events.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{Harness, key, render};
use crossterm::event::KeyCode;
use wf_tui::api::chart::{Window, parse_query_result};
use wf_tui::api::chart_events::{ChartEvent, ShowEvents};
use wf_tui::api::retry::RetryPolicy;
use wf_tui::app::chart::ChartView;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::WorkerConfig;

fn chart(state: &State) -> &ChartView {
    match state.view() {
        View::Chart(c) => c,
        other => panic!("expected a chart, got {other:?}"),
    }
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

/// The queries of the stand-in's requests to `path`.
fn queries(h: &Harness, path: &str) -> Vec<String> {
    h.server
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.path == path)
        .map(|r| r.query)
        .collect()
}

/// An alert that fires over the week (the stand-in's schedule) and its display expression.
fn firing_alert(h: &Harness) -> (String, String) {
    let alerts = h.server.state().items("alert");
    let now = h.server.state().now_ms();
    alerts
        .iter()
        .filter(|a| {
            a["displayExpression"]
                .as_str()
                .is_some_and(|e| e.starts_with("ts("))
        })
        .find_map(|a| {
            let id = a["id"].as_str()?;
            let fired = h
                .server
                .state()
                .schedule()
                .firings(id, now - 7 * 86_400_000, now, now);
            (!fired.is_empty()).then(|| {
                (
                    a["name"].as_str().unwrap().to_string(),
                    a["displayExpression"].as_str().unwrap().to_string(),
                )
            })
        })
        .expect("an alert with firings this week")
}

#[tokio::test]
async fn an_alerts_chart_shows_its_firings_and_v_adds_every_event_then_none() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    let (name, expression) = firing_alert(&h);
    command_line(&mut h, &format!("query {expression}"));
    h.settle().await;
    h.press('4');
    h.settle().await;
    let c = chart(&h.state);
    assert!(c.request.failed().is_none(), "{:?}", c.request);
    assert!(
        queries(&h, "/api/v2/chart/api")
            .iter()
            .all(|q| q.contains("autoEvents=true")),
        "every chart query asks for its events"
    );
    let events = c.data.as_ref().unwrap().events.clone();
    assert!(
        events
            .iter()
            .any(|e| e.name == name && e.kind() == Some("alert")),
        "the alert's own firings: {events:?}"
    );
    let screen = render(&h.state);
    assert!(
        screen.contains(&format!("{} events", events.len())),
        "{screen}"
    );
    assert!(screen.contains('●') || screen.contains('━'), "{screen}");
    assert!(queries(&h, "/api/v2/event").is_empty(), "no list yet");

    // All: the event list too (the fixture's deploys), one of each.
    h.press('v');
    h.settle().await;
    assert_eq!(chart(&h.state).query.events, ShowEvents::All);
    let listed = queries(&h, "/api/v2/event");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(listed[0].contains("limit=1000"), "{listed:?}");
    let all = &chart(&h.state).data.as_ref().unwrap().events;
    assert!(all.len() > events.len(), "{} ≤ {}", all.len(), events.len());
    assert!(all.iter().any(|e| e.kind() == Some("deploy")));
    let mut keys: Vec<(&str, i64)> = all.iter().map(|e| (e.name.as_str(), e.start_ms)).collect();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "merged without doubles");

    // None: hidden at once, and the next run asks for none.
    let sent = queries(&h, "/api/v2/chart/api").len();
    h.press('v');
    let c = chart(&h.state);
    assert_eq!(c.query.events, ShowEvents::Off);
    assert!(c.events().is_empty());
    let screen = render(&h.state);
    assert!(screen.contains("events off"), "{screen}");
    assert!(!screen.contains('●') && !screen.contains('◆'), "{screen}");
    assert_eq!(
        queries(&h, "/api/v2/chart/api").len(),
        sent,
        "hiding runs nothing"
    );
    h.press('r');
    h.settle().await;
    let last = queries(&h, "/api/v2/chart/api").pop().unwrap();
    assert!(!last.contains("autoEvents"), "{last}");
}

/// Quick retries, so a failing list fails in milliseconds.
fn fast() -> WorkerConfig {
    WorkerConfig {
        retry: RetryPolicy {
            max_retries: 1,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(10),
        },
        ..WorkerConfig::ephemeral()
    }
}

#[tokio::test]
async fn a_failed_event_list_leaves_the_chart_and_says_so() {
    let server = DemoServer::start(DemoOptions {
        faults: vec!["500:path=/api/v2/event:method=GET".into()],
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account_config(server, account, fast(), (100, 30));
    h.settle().await;
    command_line(&mut h, "query ts(cpu.usage.percentage, env=prod)");
    h.settle().await;
    h.press('v');
    h.settle().await;
    let c = chart(&h.state);
    assert!(c.request.failed().is_none(), "{:?}", c.request);
    let data = c.data.as_ref().unwrap();
    assert!(!data.series.is_empty(), "the series still show");
    let note = data.events_note.clone().unwrap();
    assert!(note.contains("could not be listed"), "{note}");
    assert!(note.contains("500"), "{note}");
    let screen = render(&h.state);
    assert!(
        screen.contains("events: the window's events could not be listed"),
        "{screen}"
    );
    // The app stays usable: back to the chart's own events, the list is not asked for.
    h.press('v');
    h.press('v');
    h.settle().await;
    let c = chart(&h.state);
    assert_eq!(c.query.events, ShowEvents::FromChart);
    assert!(c.data.as_ref().unwrap().events_note.is_none());
}

// The cursor and the snapshots: deterministic stand-in series, fixed events, a fixed clock.

const NOW: i64 = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC
const MINUTE: i64 = 60_000;

fn event(name: &str, start: i64, end: Option<i64>, annotations: &[(&str, &str)]) -> ChartEvent {
    ChartEvent {
        name: name.into(),
        start_ms: start,
        end_ms: end,
        annotations: annotations
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        tags: Vec::new(),
        hosts: Vec::new(),
        summarized: 0,
    }
}

/// The events of the snapshots: a deploy (instant), two instants in one column, an incident
/// (a span), an alert still firing, and a maintenance from before the window.
fn fixed_events() -> Vec<ChartEvent> {
    let mut deploy = event(
        "Deploy checkout v2.4.1",
        NOW - 40 * MINUTE,
        Some(NOW - 40 * MINUTE + 1),
        &[("severity", "info"), ("type", "deploy")],
    );
    deploy.tags = vec!["deploy".into(), "service.checkout".into()];
    deploy.hosts = vec!["api-01".into(), "api-02".into()];
    let mut incident = event(
        "INC-7: checkout latency\u{1b}[31m",
        NOW - 25 * MINUTE,
        Some(NOW - 15 * MINUTE),
        &[
            ("severity", "severe"),
            ("type", "incident"),
            ("details", "p99 over 2 s"),
        ],
    );
    incident.tags = vec!["incident".into()];
    vec![
        event(
            "Maintenance: db failover",
            NOW - 120 * MINUTE,
            Some(NOW - 50 * MINUTE),
            &[("severity", "smoke"), ("type", "maint")],
        ),
        deploy,
        event(
            "Feature flag dark-mode",
            NOW - 30 * MINUTE,
            Some(NOW - 30 * MINUTE + 1),
            &[("severity", "info"), ("type", "feature")],
        ),
        event(
            "Config push",
            NOW - 30 * MINUTE + 10_000,
            Some(NOW - 30 * MINUTE + 10_001),
            &[("severity", "warn"), ("type", "config")],
        ),
        incident,
        event(
            "High CPU on api tier",
            NOW - 8 * MINUTE,
            None,
            &[("severity", "warn"), ("type", "alert")],
        ),
    ]
}

fn state_with_events(size: (u16, u16)) -> State {
    let mut state = State::new("prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    let mut view =
        ChartView::for_expression("ts(cpu.usage.percentage, env=prod and role=api)", NOW);
    view.set_window(Window::Hour);
    let params: HashMap<String, String> = view.query.request().query.into_iter().collect();
    let answer = wf_tui::demo::chart::answer(&params, NOW).unwrap();
    let mut data = parse_query_result(&answer).unwrap();
    data.events = fixed_events();
    view.data = Some(data);
    state.stack.push(View::Chart(Box::new(view)));
    state
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(key(code)));
}

#[test]
fn chart_with_event_markers_and_the_cursor_on_an_incident() {
    let mut state = state_with_events((100, 30));
    let plain = render(&state);
    assert!(plain.contains("6 events"), "{plain}");
    assert!(plain.contains('◆'), "two instants in one column: {plain}");
    assert!(plain.contains('┊'), "lines at the events' starts: {plain}");
    // L from no cursor: the first event's start (the maintenance from before: the left edge).
    press(&mut state, KeyCode::Char('L'));
    assert_eq!(chart(&state).cursor, Some(NOW - 60 * MINUTE));
    for _ in 0..3 {
        press(&mut state, KeyCode::Char('L'));
    }
    assert_eq!(
        chart(&state).cursor,
        Some(NOW - 25 * MINUTE),
        "the incident"
    );
    let screen = render(&state);
    assert!(
        screen.contains("│ 07:35:00 UTC  ━ INC-7: checkout latency␛[31m"),
        "{screen}"
    );
    assert!(
        screen.contains("2027-01-15 07:35:00 – 07:45:00 UTC"),
        "{screen}"
    );
    assert!(screen.contains("here "), "values at the cursor: {screen}");
    assert!(!screen.contains('\u{1b}'), "server text is sanitised");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_cursor_steps_through_points_jumps_between_events_and_esc_puts_it_away() {
    let mut state = state_with_events((100, 30));
    let times: Vec<i64> = chart(&state)
        .data
        .as_ref()
        .unwrap()
        .times()
        .iter()
        .map(|t| t * 1000)
        .collect();
    press(&mut state, KeyCode::Char('h'));
    assert_eq!(
        chart(&state).cursor,
        times.last().copied(),
        "h starts at the right"
    );
    press(&mut state, KeyCode::Left);
    assert_eq!(chart(&state).cursor, Some(times[times.len() - 2]));
    press(&mut state, KeyCode::Char('l'));
    press(&mut state, KeyCode::Char('l'));
    assert_eq!(
        chart(&state).cursor,
        times.last().copied(),
        "and stops at the end"
    );
    // Back from the end: the alert still firing, then the incident.
    press(&mut state, KeyCode::Char('H'));
    assert_eq!(chart(&state).cursor, Some(NOW - 8 * MINUTE));
    press(&mut state, KeyCode::Char('H'));
    assert_eq!(chart(&state).cursor, Some(NOW - 25 * MINUTE));
    let screen = render(&state);
    assert!(
        screen.contains("High CPU") || screen.contains("INC-7"),
        "{screen}"
    );
    // Between events: said so.
    press(&mut state, KeyCode::Char('h'));
    let screen = render(&state);
    assert!(screen.contains("no event here"), "{screen}");
    // esc: the cursor first, then the chart.
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.view(), View::Chart(c) if c.cursor.is_none()));
    assert!(
        render(&state).contains("last "),
        "the legend's last values again"
    );
    press(&mut state, KeyCode::Esc);
    assert!(!matches!(state.view(), View::Chart(_)));
}

#[test]
fn the_numbers_list_the_events_of_each_row() {
    let mut state = state_with_events((100, 24));
    press(&mut state, KeyCode::Tab);
    let screen = render(&state);
    assert!(screen.contains("EVENTS"), "{screen}");
    let first = screen
        .lines()
        .find(|l| l.starts_with("01-15 07:00"))
        .expect("the first row");
    assert!(
        first.contains("━ Maintenance: db failover"),
        "from before: {first}"
    );
    // Further down: the deploy's row, and a row of two.
    for _ in 0..15 {
        press(&mut state, KeyCode::Char('j'));
    }
    let screen = render(&state);
    let row = |at: &str| {
        screen
            .lines()
            .find(|l| l.starts_with(at))
            .unwrap_or_else(|| panic!("no row {at}: {screen}"))
            .to_string()
    };
    assert!(row("01-15 07:20").contains("● Deploy checkout v2.4.1"));
    let two = row("01-15 07:30");
    assert!(
        two.ends_with("● Feature flag dark-mode  ●…"),
        "cut to the column: {two}"
    );
    insta::assert_snapshot!(screen);
    // L goes from event to event (each start a stop here), the rows with it: the incident's
    // is the fifth.
    for _ in 0..5 {
        press(&mut state, KeyCode::Char('L'));
    }
    let screen = render(&state);
    // Below the header, the query, its statistics and the numbers' two header lines.
    let first_row = screen.lines().nth(6).unwrap();
    assert!(first_row.starts_with("01-15 07:35"), "{screen}");
    assert!(first_row.contains("━ INC-7"), "{first_row}");
}
