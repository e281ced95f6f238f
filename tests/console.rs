//! The firing console over HTTP to the stand-in: `!` and `:firing`, its counts and rows, the
//! summary's and the search's failures (500, 429 then OK, throttling that slows it down), its
//! refresh on its own schedule (driven by an explicit clock), the badge's poll elsewhere, and
//! what a row offers: snoozes, a pre-filled maintenance window, the chart, the JSON.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use wf_tui::api::catalog::{Cell, FIRING_ALERTS};
use wf_tui::app::overlays::actions::Flow;
use wf_tui::app::overlays::confirm::Then;
use wf_tui::app::{Msg, View, update};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{Command, WorkerConfig};

/// Retries that do not wait long: the failure tests see the end of them quickly.
fn quick_retries() -> WorkerConfig {
    WorkerConfig {
        retry: wf_tui::api::retry::RetryPolicy {
            max_retries: 1,
            base: Duration::from_millis(20),
            cap: Duration::from_millis(50),
        },
        ..WorkerConfig::ephemeral()
    }
}

async fn start(faults: &[&str], config: WorkerConfig) -> Harness {
    let options = DemoOptions {
        faults: faults.iter().map(ToString::to_string).collect(),
        ..Default::default()
    };
    let server = DemoServer::start(options).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account_config(server, account, config, (110, 30));
    h.settle().await;
    h
}

/// Feeds worker events until the console's rows and its counts are in.
async fn settle(h: &mut Harness) {
    h.settle().await;
    while h.state.firing.pending.is_some() {
        h.next_event().await;
    }
    h.settle().await;
}

async fn open_console(h: &mut Harness) {
    h.press('!');
    settle(h).await;
    assert_eq!(h.table().kind.name, FIRING_ALERTS.name);
}

/// The ids of the alerts firing now, as the stand-in has them.
fn live_firing(server: &DemoServer) -> BTreeSet<String> {
    server
        .state()
        .items("alert")
        .iter()
        .filter(|a| a["status"].as_array().unwrap().contains(&"FIRING".into()))
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

/// The first whole minute from the stand-in's now at which the alerts firing differ.
fn minutes_to_a_change(server: &DemoServer) -> u64 {
    let state = server.state();
    let ids: Vec<String> = state
        .items("alert")
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    let firing_at = |t: i64| -> BTreeSet<&String> {
        ids.iter()
            .filter(|id| state.schedule().current(id, t).is_some())
            .collect()
    };
    let now = state.now_ms();
    (1..=60)
        .find(|m| firing_at(now + m * 60_000) != firing_at(now))
        .expect("something starts or stops within the hour") as u64
}

fn shown_ids(h: &Harness) -> Vec<String> {
    let t = h.table();
    t.view
        .iter()
        .map(|&i| {
            t.rows
                .row(i as usize)
                .unwrap()
                .id
                .as_deref()
                .map(String::from)
                .unwrap()
        })
        .collect()
}

fn column(title: &str) -> usize {
    FIRING_ALERTS
        .columns
        .iter()
        .position(|c| c.title == title)
        .unwrap()
}

fn selected_id(h: &Harness) -> String {
    h.table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap()
}

fn flash(h: &Harness) -> String {
    h.state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

fn requests_to(h: &Harness, method: &str, path: &str) -> Vec<u16> {
    h.server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .map(|r| r.status)
        .collect()
}

/// How often each fault rule fired, in the order given.
fn fired(h: &Harness) -> Vec<u32> {
    h.server
        .state()
        .faults()
        .iter()
        .map(|f| f.fired())
        .collect()
}

async fn finish(h: &mut Harness) {
    loop {
        match &h.state.flow {
            Some(Flow::Running(p)) if !p.finished => {}
            _ => return,
        }
        h.next_event().await;
    }
}

fn confirm_requests(h: &Harness) -> Vec<String> {
    match h.state.confirm.as_ref().map(|c| &c.then) {
        Some(Then::Mutate(m)) => m.items.iter().map(|(_, r)| r.to_string()).collect(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// Updates with the clock at `now_ms` (the harness's `send` reads the wall clock) and sends
/// what the update asks for.
fn at(h: &mut Harness, now_ms: i64, msg: Msg) -> Vec<String> {
    h.state.now_ms = now_ms;
    let commands = update(&mut h.state, msg);
    let names = commands.iter().map(|c| format!("{c:?}")).collect();
    for c in commands {
        h.run_command(c);
    }
    names
}

#[tokio::test]
async fn bang_opens_the_firing_alerts_most_severe_first_with_their_counts() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    let live = live_firing(&h.server);
    assert!(live.len() > 5, "{live:?}");
    let shown = shown_ids(&h);
    assert_eq!(shown.iter().cloned().collect::<BTreeSet<_>>(), live);
    // Most severe first, then the earliest start.
    let rank = |s: &str| {
        ["SEVERE", "WARN", "SMOKE", "INFO"]
            .iter()
            .position(|k| *k == s)
    };
    let t = h.table();
    let keys: Vec<(Option<usize>, i64)> = t
        .view
        .iter()
        .map(|&i| {
            let cells = &t.rows.row(i as usize).unwrap().cells;
            let severity = match &cells[column("SEVERITY")] {
                Cell::Text(s) => rank(s),
                _ => None,
            };
            let start = match cells[column("FIRING FOR")] {
                Cell::Time(ms) => ms,
                _ => i64::MAX,
            };
            (severity, start)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // The counts above the list, the badge by severity in the header.
    let screen = h.render();
    assert!(
        screen.contains(&format!("FIRING {}", live.len())),
        "{screen}"
    );
    assert!(screen.contains("SNOOZED "), "{screen}");
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains("●") && header.contains("SEVERE"),
        "{header}"
    );
    assert_eq!(requests_to(&h, "POST", "/api/v2/search/alert"), [200]);
    assert_eq!(requests_to(&h, "GET", "/api/v2/alert/summary"), [200]);

    // `i` opens the alert's JSON, as on the alert list; `:firing` goes back to the console.
    let depth = h.state.stack.len();
    let id = selected_id(&h);
    h.press('i');
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("expected the alert's JSON")
    };
    assert_eq!(d.source, format!("GET /api/v2/alert/{id}"));
    // Named by the alert's name, not by the severity the console shows first.
    let name = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(d.title, format!("Firing alerts › {name}"));
    h.press(':');
    h.type_text("firing");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(
        h.state.stack.len(),
        depth,
        "back to the console, not another one"
    );
    assert_eq!(h.table().kind.name, "firing");
    // `c` charts the row's alert.
    h.press('c');
    assert!(matches!(h.state.view(), View::Chart(_)));
}

#[tokio::test]
async fn a_failed_summary_is_said_and_the_console_stays_usable() {
    let mut h = start(&["500:path=/api/v2/alert/summary"], quick_retries()).await;
    open_console(&mut h).await;
    // Tried twice (the retry), failed twice; faulted answers never reach the request record.
    assert_eq!(fired(&h), [2]);
    assert!(requests_to(&h, "GET", "/api/v2/alert/summary").is_empty());
    assert!(h.state.firing.summary.is_none());
    let screen = h.render();
    let counts = screen.lines().nth(1).unwrap();
    assert!(
        counts.contains("⚠ counts by state:") && counts.contains("(HTTP 500)"),
        "{screen}"
    );
    assert!(
        !screen.lines().next().unwrap().contains('?'),
        "the rows are current"
    );
    assert!(!h.table().rows.is_empty(), "the rows came all the same");
    let first = selected_id(&h);
    h.press('j');
    assert_ne!(selected_id(&h), first, "the keys still work");
}

#[tokio::test]
async fn a_failed_search_keeps_the_counts_and_says_why() {
    let mut h = start(&["503:path=/api/v2/search/alert"], quick_retries()).await;
    open_console(&mut h).await;
    assert_eq!(fired(&h), [2]);
    assert!(h.table().error().is_some());
    let screen = h.render();
    assert!(screen.contains("503"), "{screen}");
    assert!(screen.contains("FIRING "), "the counts came: {screen}");
    // The badge falls back to the summary's count.
    let header = screen.lines().next().unwrap().to_string();
    assert!(header.contains("FIRING"), "{header}");
}

#[tokio::test]
async fn a_429_then_ok_is_waited_out_and_both_reads_come() {
    let mut h = start(
        &[
            "429:times=1:path=/api/v2/alert/summary",
            "429:times=1:path=/api/v2/search/alert",
        ],
        quick_retries(),
    )
    .await;
    open_console(&mut h).await;
    assert_eq!(fired(&h), [1, 1], "one 429 each");
    assert_eq!(requests_to(&h, "GET", "/api/v2/alert/summary"), [200]);
    assert_eq!(requests_to(&h, "POST", "/api/v2/search/alert"), [200]);
    assert!(h.state.firing.summary.is_some());
    assert_eq!(
        h.state.firing.throttled, 0,
        "it went through: no slowing down"
    );
    assert_eq!(shown_ids(&h).len(), live_firing(&h.server).len());
}

#[tokio::test]
async fn throttling_doubles_the_period_until_a_read_goes_through() {
    let config = WorkerConfig {
        retry: wf_tui::api::retry::RetryPolicy::NONE,
        ..WorkerConfig::ephemeral()
    };
    let mut h = start(&["429:path=/api/v2/alert/summary"], config).await;
    open_console(&mut h).await;
    assert_eq!(h.state.firing.throttled, 1);
    let polled = h.state.firing.polled_at_ms.unwrap();
    let due = wf_tui::app::views::firing::update::poll_at(&h.state).unwrap();
    assert_eq!(due, polled + 30_000, "15 s doubled");
    assert!(
        h.render().contains("slowed down: auto 30s"),
        "{}",
        h.render()
    );
    // Still throttled: doubled again.
    at(&mut h, due, Msg::Tick);
    settle(&mut h).await;
    assert_eq!(h.state.firing.throttled, 2);
    let due = wf_tui::app::views::firing::update::poll_at(&h.state).unwrap();
    assert_eq!(due, h.state.firing.polled_at_ms.unwrap() + 60_000);
    // The server lets it through: back to the setting's period.
    h.server.state().clear_faults();
    at(&mut h, due, Msg::Tick);
    settle(&mut h).await;
    assert_eq!(h.state.firing.throttled, 0);
    assert!(h.state.firing.summary.is_some());
    let due = wf_tui::app::views::firing::update::poll_at(&h.state).unwrap();
    assert_eq!(due, h.state.firing.polled_at_ms.unwrap() + 15_000);
}

#[tokio::test]
async fn the_console_refreshes_on_its_schedule_and_marks_what_changed() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    // An alert whose firing lasts (the fixture's) stays selected by its id.
    h.press('j');
    h.press('j');
    let kept = selected_id(&h);
    let due = wf_tui::app::views::firing::update::poll_at(&h.state).unwrap();
    assert_eq!(due, h.state.firing.polled_at_ms.unwrap() + 15_000);
    assert_eq!(h.state.next_tick_ms().map(|t| t <= due), Some(true));
    assert!(at(&mut h, due - 1, Msg::Tick).is_empty(), "not yet");
    // Ahead to the first minute at which some alert started or stopped firing.
    let before = shown_ids(&h);
    let minutes = minutes_to_a_change(&h.server);
    h.server.state().advance(Duration::from_secs(minutes * 60));
    let sent = at(&mut h, due, Msg::Tick);
    assert!(
        sent.iter().any(|c| c.starts_with("FetchPage"))
            && sent.iter().any(|c| c.starts_with("AlertSummary")),
        "{sent:?}"
    );
    settle(&mut h).await;
    let after = shown_ids(&h);
    assert_ne!(before, after, "the refresh shows what changed");
    assert_eq!(selected_id(&h), kept, "the selection follows its alert");
    let live = h.table().live.as_ref().unwrap().changes.clone();
    assert!(!live.is_empty());
    for id in live.keys() {
        assert!(after.contains(id));
    }
    let new: Vec<&String> = after.iter().filter(|id| !before.contains(id)).collect();
    for id in &new {
        assert_eq!(
            live.get(*id),
            Some(&wf_tui::app::views::firing::Change::New),
            "{id}"
        );
    }
    // Paused (the list's pause key): no poll while the console is on screen.
    h.press('p');
    assert_eq!(wf_tui::app::views::firing::update::poll_at(&h.state), None);
    let due = h.state.firing.polled_at_ms.unwrap() + 15_000;
    assert!(at(&mut h, due, Msg::Tick).is_empty());
    h.press('p');
    assert!(!at(&mut h, due, Msg::Tick).is_empty(), "resumed");
}

#[tokio::test]
async fn the_badge_polls_the_counts_while_the_console_is_not_open() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    assert_eq!(h.table().kind.name, "cloudintegration");
    let now = h.state.now_ms;
    assert_eq!(
        wf_tui::app::views::firing::update::poll_at(&h.state),
        Some(now)
    );
    let sent = at(&mut h, now, Msg::Tick);
    assert_eq!(sent.len(), 1, "one small request: {sent:?}");
    assert!(sent[0].starts_with("AlertSummary"), "{sent:?}");
    settle(&mut h).await;
    let live = live_firing(&h.server).len();
    let header = h.render().lines().next().unwrap().to_string();
    assert!(header.contains(&format!("●{live} FIRING")), "{header}");
    let due = h.state.firing.polled_at_ms.unwrap() + 15_000;
    assert_eq!(
        wf_tui::app::views::firing::update::poll_at(&h.state),
        Some(due)
    );
    // The request history keeps it among the auto-refreshes (hidden until asked for).
    h.drain();
    let last_summary = |h: &Harness| {
        h.state
            .history
            .entries
            .iter()
            .rev()
            .find(|e| e.path == wf_tui::api::alerting::SUMMARY_PATH)
            .cloned()
            .expect("the request is in the history")
    };
    assert!(h.state.history.is_auto(&last_summary(&h)));
    // The console's own, opened by hand, is not.
    h.press('!');
    settle(&mut h).await;
    h.drain();
    assert!(!h.state.history.is_auto(&last_summary(&h)));
    h.key(KeyCode::Esc);
    let due = h.state.firing.polled_at_ms.unwrap() + 15_000;
    // Off in the settings: no poll, no badge.
    h.state.firing.badge = false;
    assert_eq!(wf_tui::app::views::firing::update::poll_at(&h.state), None);
    assert!(at(&mut h, due, Msg::Tick).is_empty());
    assert!(!h.render().lines().next().unwrap().contains("FIRING"));
}

#[tokio::test]
async fn a_row_is_snoozed_for_the_products_durations_and_the_row_changes() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    let id = selected_id(&h);
    h.press('x');
    let name = h
        .table()
        .selected_row()
        .map(|r| FIRING_ALERTS.row_name(r).unwrap().to_string());
    assert!(
        h.render()
            .contains(&format!("on firing alert “{}”", name.unwrap())),
        "{}",
        h.render()
    );
    h.press('6');
    assert_eq!(
        confirm_requests(&h),
        [format!("POST /api/v2/alert/{id}/snooze?seconds=21600")]
    );
    h.key(KeyCode::Esc);
    h.press('x');
    h.press('1');
    assert_eq!(
        confirm_requests(&h),
        [format!("POST /api/v2/alert/{id}/snooze?seconds=3600")]
    );
    let before = h.server.state().now_ms();
    h.press('y');
    finish(&mut h).await;
    assert!(flash(&h).starts_with("snoozed"), "{}", flash(&h));
    let row = h
        .table()
        .rows
        .to_rows()
        .find(|r| r.id.as_deref() == Some(&id))
        .unwrap()
        .clone();
    let Cell::Time(until) = row.cells[column("SNOOZED")] else {
        panic!("{:?}", row.cells)
    };
    assert!((before + 3_600_000..before + 3_700_000).contains(&until));
    assert!(h.render().contains("in 59m"), "{}", h.render());
    // One's own change is no news at the next refresh.
    h.key(KeyCode::Char('r'));
    settle(&mut h).await;
    assert!(!h.table().live.as_ref().unwrap().changes.contains_key(&id));

    // Typed, forever, unsnoozed.
    h.press('x');
    h.press('f');
    h.type_text("1h30m");
    h.key(KeyCode::Enter);
    assert_eq!(
        confirm_requests(&h),
        [format!("POST /api/v2/alert/{id}/snooze?seconds=5400")]
    );
    h.key(KeyCode::Esc);
    h.press('x');
    h.press('z');
    h.press('y');
    finish(&mut h).await;
    let row = h
        .table()
        .rows
        .to_rows()
        .find(|r| r.id.as_deref() == Some(&id))
        .unwrap();
    assert_eq!(row.cells[column("SNOOZED")], Cell::Text("forever".into()));
    h.press('x');
    h.press('u');
    h.press('y');
    finish(&mut h).await;
    let row = h
        .table()
        .rows
        .to_rows()
        .find(|r| r.id.as_deref() == Some(&id))
        .unwrap();
    assert_eq!(row.cells[column("SNOOZED")], Cell::Empty);
}

#[tokio::test]
async fn marked_rows_are_snoozed_together_once_confirmed() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    let ids: Vec<String> = shown_ids(&h).into_iter().take(3).collect();
    for _ in 0..3 {
        h.press(' ');
    }
    h.press('x');
    h.press('w');
    let sent = confirm_requests(&h);
    assert_eq!(sent.len(), 3, "{sent:?}");
    for id in &ids {
        assert!(
            sent.contains(&format!("POST /api/v2/alert/{id}/snooze?seconds=604800")),
            "{sent:?}"
        );
    }
    h.press('y');
    finish(&mut h).await;
    assert!(flash(&h).starts_with("3 snoozed"), "{}", flash(&h));
    for id in &ids {
        let alert = h
            .server
            .state()
            .items("alert")
            .into_iter()
            .find(|a| a["id"] == id.as_str())
            .unwrap();
        assert!(alert["snoozed"].as_i64().unwrap() > 0, "{id}");
    }
    assert!(h.state.marks.ids.is_empty());
}

#[tokio::test]
async fn read_only_refuses_a_snooze_from_the_console() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let config = WorkerConfig {
        read_only: wf_tui::readonly::ReadOnly::new(true, false, false),
        ..WorkerConfig::ephemeral()
    };
    let mut h = Harness::with_account_config(server, account, config, (110, 30));
    h.settle().await;
    h.state.read_only = wf_tui::readonly::ReadOnly::new(true, false, false);
    open_console(&mut h).await;
    h.press('x');
    h.press('1');
    h.press('y');
    assert!(flash(&h).starts_with("read-only"), "{}", flash(&h));
    let changes = h
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path.contains("/snooze"))
        .count();
    assert_eq!(changes, 0, "nothing was sent");
}

#[tokio::test]
async fn a_maintenance_window_starts_with_the_alerts_tags_and_failing_sources() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    let id = selected_id(&h);
    let alert: Value = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    let tags: Vec<&str> = alert["tags"]["customerTags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let hosts: Vec<&str> = alert["failingHostLabelPairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["host"].as_str().unwrap())
        .collect();
    assert!(!tags.is_empty() && !hosts.is_empty());
    h.press('x');
    h.press('n');
    let Some(Flow::Form { kind, form, .. }) = &h.state.flow else {
        panic!("expected the window's form: {:?}", h.state.flow)
    };
    assert_eq!(kind.name, "maintenancewindow");
    let field = |label: &str| {
        form.fields
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, i)| i.value().to_string())
            .unwrap()
    };
    let name = alert["name"].as_str().unwrap();
    assert_eq!(field("title"), format!("Maintenance: {name}"));
    assert_eq!(field("alert tags"), tags.join(", "));
    assert_eq!(field("sources"), hosts.join(", "));
    // The reason is the person's; then the window goes to the confirmation.
    h.key(KeyCode::Tab);
    h.type_text("failover in progress");
    h.send(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)));
    assert_eq!(confirm_requests(&h), ["POST /api/v2/maintenancewindow"]);
    h.press('y');
    finish(&mut h).await;
    let window = h
        .server
        .state()
        .items("maintenancewindow")
        .into_iter()
        .find(|w| w["reason"] == "failover in progress")
        .expect("the window was created");
    assert_eq!(window["title"], format!("Maintenance: {name}"));
    assert_eq!(window["relevantCustomerTags"], serde_json::json!(tags));
    assert_eq!(window["relevantHostNames"], serde_json::json!(hosts));
}

#[tokio::test]
async fn a_new_session_starts_a_new_look() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    assert!(h.state.firing.seen.is_some());
    // The harness's account logs in again (an account switch would do the same).
    let account = h.server.account(LoginMethod::ApiToken);
    h.run_command(Command::Login(Box::new(account)));
    for _ in 0..20 {
        h.next_event().await;
        if h.state.firing.seen.is_none() {
            break;
        }
    }
    assert!(
        h.state.firing.seen.is_none(),
        "the last session's look went"
    );
    assert!(h.state.firing.summary.is_none(), "and its counts");
    settle(&mut h).await;
    assert_eq!(h.table().kind.name, "firing", "the console stays, reloaded");
    assert!(h.table().live.as_ref().unwrap().changes.is_empty());
}

#[tokio::test]
async fn a_throttled_search_slows_the_console_down_too() {
    let config = WorkerConfig {
        retry: wf_tui::api::retry::RetryPolicy::NONE,
        ..WorkerConfig::ephemeral()
    };
    let mut h = start(&["406:path=/api/v2/search/alert"], config).await;
    open_console(&mut h).await;
    assert_eq!(
        (h.state.firing.throttled, h.state.firing.search_throttled),
        (0, 1),
        "the counts came, the search was told to wait"
    );
    let due = wf_tui::app::views::firing::update::poll_at(&h.state).unwrap();
    assert_eq!(due, h.state.firing.polled_at_ms.unwrap() + 30_000);
    h.server.state().clear_faults();
    at(&mut h, due, Msg::Tick);
    settle(&mut h).await;
    assert_eq!(h.state.firing.search_throttled, 0);
    assert!(!h.table().rows.is_empty());
}

/// `enter` on a console row opens the alert viewer, as on the alert list (it opened the JSON);
/// `i` still opens the JSON.
#[tokio::test]
async fn enter_on_a_firing_alert_opens_its_viewer() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_console(&mut h).await;
    let footer = h.render().lines().last().unwrap().to_string();
    assert!(footer.contains("enter viewer"), "{footer}");
    let t = h.table();
    let row = t.rows.get(t.view[0] as usize).unwrap();
    let name = FIRING_ALERTS.row_name(row).unwrap().to_string();
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.state.view(), View::Alert(_)),
        "{:?}",
        h.state.view()
    );
    h.settle().await;
    let screen = h.render();
    assert!(screen.contains(&format!("Alerts › {name}")), "{screen}");
    assert!(screen.contains("Firings, last 7 days"), "{screen}");
    h.key(KeyCode::Esc);
    h.press('i');
    assert!(matches!(h.state.view(), View::Detail(_)));
}
