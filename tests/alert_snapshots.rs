//! Snapshots of the alert viewer on ratatui's `TestBackend`, from fixed answers and a fixed
//! clock: a firing alert, an ended firing, an alert with no firings, a threshold alert, its
//! panes, and the chart with a firing's span shaded and the thresholds drawn.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::{key, render};
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::alert_firings::Call;
use wf_tui::api::catalog::ALERTS;
use wf_tui::api::chart::{ChartData, ChartQuery, Series};
use wf_tui::app::{LoginState, Msg, State, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::worker::{Command, Event};

const NOW: i64 = 1_800_000_000_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

const TLS: &str = "1690000118829";
const PRICING: &str = "1690000079491";

fn fixture_alert(id: &str) -> Value {
    wf_tui::demo::collections::by_name("alert")
        .unwrap()
        .load(NOW)
        .into_iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

fn logged_in(size: (u16, u16)) -> State {
    let mut state = State::with_kind(&ALERTS, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    state
}

/// A firing as the API's `Event`: `end` `None` while it goes on. Its series are the alert's
/// failing ones, from its start (kept in `computedHlps`, as the API does).
fn firing(alert: &Value, n: u32, start: i64, end: Option<i64>, severity: &str) -> Value {
    let series: Vec<Value> = alert["failingHostLabelPairs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut p = p.clone();
            p["startTime"] = json!(start + i as i64 * 4 * MIN);
            p["severity"] = json!(severity.to_ascii_uppercase());
            p
        })
        .collect();
    let mut e = json!({
        "id": format!("{}:{}:{n}", alert["id"].as_str().unwrap(), alert["name"].as_str().unwrap()),
        "name": alert["name"], "startTime": start,
        "annotations": {"severity": severity, "type": "alert"},
        "hosts": series.iter().map(|p| p["host"].clone()).collect::<Vec<_>>(),
        "computedHlps": series,
        "runningState": if end.is_some() { "ENDED" } else { "ONGOING" },
    });
    if let Some(end) = end {
        e["endTime"] = json!(end);
    }
    e
}

/// The week of firings the snapshots show, oldest first; the last goes on.
fn week(alert: &Value) -> Vec<Value> {
    vec![
        firing(
            alert,
            10_001,
            NOW - 6 * DAY + 3 * HOUR,
            Some(NOW - 6 * DAY + 4 * HOUR),
            "warn",
        ),
        firing(
            alert,
            10_002,
            NOW - 4 * DAY,
            Some(NOW - 4 * DAY + 3 * HOUR),
            "severe",
        ),
        firing(
            alert,
            10_003,
            NOW - 2 * DAY + 5 * HOUR,
            Some(NOW - 2 * DAY + 5 * HOUR + 20 * MIN),
            "smoke",
        ),
        firing(alert, 10_004, NOW - DAY, Some(NOW - DAY + 90 * MIN), "warn"),
        firing(alert, 1, NOW - 3 * HOUR, None, "severe"),
    ]
}

/// Two events near the firing that starts at `start`.
fn related(start: i64) -> Value {
    json!({"items": [
        {"id": "e1", "name": "Deploy cart v2.6.5", "startTime": start - 13 * MIN, "endTime": start - 9 * MIN,
         "annotations": {"type": "deploy"},
         "relatedData": {"summary": "started 13m before, 1 common source"}},
        {"id": "e2", "name": "Cart JVM GC pause time", "startTime": start + 7 * MIN,
         "annotations": {"severity": "warn", "type": "alert"}, "runningState": "ONGOING",
         "relatedData": {"summary": "started 7m after"}},
    ], "moreItems": false})
}

/// Points every few minutes over the query's window: `base`, and `high` inside `[from, to]`.
fn chart_data(query: &ChartQuery, base: f64, high: f64, span: (i64, i64)) -> ChartData {
    let step = ((query.end_ms - query.start_ms()) / 90).max(MIN);
    let points = (0..=90)
        .map(|i| query.start_ms() + i * step)
        .filter(|&t| t <= query.end_ms)
        .map(|t| {
            let wave = ((t / step) % 7) as f64 * 0.3;
            let v = if t >= span.0 && t <= span.1 {
                high
            } else {
                base
            };
            (t / 1000, v + wave)
        })
        .collect();
    ChartData {
        series: vec![Series {
            label: "value".into(),
            host: Some("web-01.prod.acme.net".into()),
            tags: vec![("env".into(), "prod".into())],
            points,
        }],
        ..Default::default()
    }
}

/// Feeds the viewer's requests the answers the snapshots show: the firings of `week`, each
/// one's own series and related events, the chart from `chart`.
fn answer(
    state: &mut State,
    commands: Vec<Command>,
    week: &[Value],
    chart: &dyn Fn(&ChartQuery) -> ChartData,
) {
    let of = |event_id: &str| week.iter().find(|f| f["id"] == event_id).unwrap();
    let mut pending = commands;
    while let Some(command) = pending.pop() {
        let event = match command {
            Command::Alerting { id, call } => {
                let payload = match &call {
                    Call::Firings { .. } => json!({"items": week}),
                    Call::Details { event_id } => of(event_id)["computedHlps"].clone(),
                    Call::Related { event_id, .. } => {
                        related(of(event_id)["startTime"].as_i64().unwrap())
                    }
                };
                Event::Alerting {
                    id,
                    result: Ok(call.read(&payload).unwrap()),
                }
            }
            Command::Chart { id, query } => Event::Chart {
                id,
                result: Ok(chart(&query)),
            },
            _ => continue,
        };
        pending.extend(update(state, Msg::Worker(event)));
    }
}

fn viewer_of(id: &str, firings: &[Value], chart: &dyn Fn(&ChartQuery) -> ChartData) -> State {
    let mut state = logged_in((100, 34));
    let commands = wf_tui::app::alert::open(&mut state, fixture_alert(id));
    answer(&mut state, commands, firings, chart);
    state
}

fn tls_chart(q: &ChartQuery) -> ChartData {
    chart_data(q, 20.0, 12.0, (NOW - 3 * HOUR, NOW))
}

#[test]
fn viewer_of_a_firing_alert() {
    let alert = fixture_alert(TLS);
    let state = viewer_of(TLS, &week(&alert), &tls_chart);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn viewer_of_an_ended_firing() {
    let alert = fixture_alert(TLS);
    let mut state = viewer_of(TLS, &week(&alert), &tls_chart);
    let commands = update(&mut state, Msg::Key(key(KeyCode::Char('['))));
    let span = (NOW - DAY, NOW - DAY + 90 * MIN);
    answer(&mut state, commands, &week(&alert), &|q| {
        chart_data(q, 20.0, 12.0, span)
    });
    insta::assert_snapshot!(render(&state));
}

#[test]
fn viewer_of_an_alert_without_firings() {
    let state = viewer_of(TLS, &[], &|q| chart_data(q, 20.0, 20.0, (0, 0)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn viewer_of_a_threshold_alert() {
    let mut alert = fixture_alert(PRICING);
    // One condition the viewer cannot read as a threshold: said in the chart's key line.
    alert["conditions"]["smoke"] = json!("ts(slo.error_budget.burn_rate) > ts(slo.budget)");
    let mut state = logged_in((100, 34));
    let commands = wf_tui::app::alert::open(&mut state, alert.clone());
    let burn = |q: &ChartQuery| chart_data(q, 6.0, 15.0, (NOW - 3 * HOUR, NOW));
    answer(&mut state, commands, &week(&alert), &burn);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn viewer_panes_related_and_runbook() {
    let alert = fixture_alert(TLS);
    let mut state = viewer_of(TLS, &week(&alert), &tls_chart);
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    let related = render(&state);
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    let runbook = render(&state);
    let panes = |screen: &str| -> String {
        let lines: Vec<&str> = screen.lines().collect();
        let strip = lines.iter().position(|l| l.contains(" Affected")).unwrap();
        lines[strip..].join("\n")
    };
    insta::assert_snapshot!(format!("{}\n---\n{}", panes(&related), panes(&runbook)));
}

#[test]
fn chart_with_a_shaded_span_and_threshold_lines() {
    let alert = fixture_alert(PRICING);
    let burn = |q: &ChartQuery| chart_data(q, 6.0, 15.0, (NOW - 3 * HOUR, NOW));
    let mut state = logged_in((90, 26));
    let commands = wf_tui::app::alert::open(&mut state, alert.clone());
    answer(&mut state, commands, &week(&alert), &burn);
    // `[` for an ended firing, then `c`: the chart on its own, the span and thresholds with it.
    let commands = update(&mut state, Msg::Key(key(KeyCode::Char('['))));
    let span = (NOW - DAY, NOW - DAY + 90 * MIN);
    answer(&mut state, commands, &week(&alert), &|q| {
        chart_data(q, 6.0, 13.0, span)
    });
    let commands = update(&mut state, Msg::Key(key(KeyCode::Char('c'))));
    answer(&mut state, commands, &week(&alert), &|q| {
        chart_data(q, 6.0, 13.0, span)
    });
    let screen = render(&state);
    assert!(screen.contains('░') && screen.contains('━'), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn loading_is_said_until_each_answer_comes() {
    let alert = fixture_alert(PRICING);
    let mut state = logged_in((100, 34));
    let commands = wf_tui::app::alert::open(&mut state, alert.clone());
    let screen = render(&state);
    assert!(
        screen.contains("Firings, last 7 days: loading…"),
        "{screen}"
    );
    assert!(screen.contains("loading the firings…"), "{screen}");
    let [Command::Alerting { id, call }] = &commands[..] else {
        panic!("the firings are asked for first: {commands:?}");
    };
    let firings = call.read(&json!({"items": week(&alert)})).unwrap();
    let next = update(
        &mut state,
        Msg::Worker(Event::Alerting {
            id: *id,
            result: Ok(firings),
        }),
    );
    assert_eq!(
        next.len(),
        3,
        "the chart, the series, related events: {next:?}"
    );
    let screen = render(&state);
    assert!(screen.contains("Firings, last 7 days: 5"), "{screen}");
    assert!(screen.contains("running the query…"), "{screen}");
    assert!(
        screen.contains("loading the series that fired…"),
        "{screen}"
    );
}
