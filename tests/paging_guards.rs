//! Paging that the server would never end (issue #15), in the TUI: the list stops, says why,
//! holds every item once, and asks nothing more while it sits there.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashSet;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::api::catalog::{BASE, Kind, SOURCES};
use wf_tui::app::Msg;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::WorkerConfig;

/// Alerts ten at a time: the 60 of the stand-in over six offset pages.
static ALERTS_BY_10: Kind = Kind {
    name: "alert",
    title: "Alerts",
    list_path: "/api/v2/alert",
    page_size: 10,
    ..BASE
};

/// Logged in with an API token, `kind` open and its first page loaded, `faults` on.
async fn open(kind: &'static Kind, faults: &[&str], sources: usize) -> Harness {
    let server = DemoServer::start(DemoOptions {
        sources,
        faults: faults.iter().map(ToString::to_string).collect(),
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account_config(server, account, WorkerConfig::ephemeral(), (100, 30));
    h.state = wf_tui::app::State::with_kind(kind, "demo", (100, 30), 0);
    h.settle().await;
    h
}

fn list_requests(h: &Harness, path: &str) -> usize {
    h.server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == path)
        .count()
}

fn assert_rows_unique(h: &Harness) -> usize {
    let ids: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate rows: {ids:?}");
    ids.len()
}

/// Idle on the last row: ticks and moves there ask for nothing more.
async fn idle_at_the_end(h: &mut Harness, path: &str) {
    let before = list_requests(h, path);
    for _ in 0..5 {
        h.send(Msg::Tick);
        h.key(KeyCode::End);
        h.press('j');
        h.settle().await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    h.drain();
    assert_eq!(list_requests(h, path), before, "requests while idle");
    assert!(!h.table().is_loading());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_items_forever_stops_after_an_empty_page() {
    let mut h = open(&ALERTS_BY_10, &["more"], 250).await;
    let alerts = h.server.state().items("alert").len();
    h.press('G');
    h.settle().await;
    assert_eq!(assert_rows_unique(&h), alerts);
    let t = h.table();
    assert!(!t.load_all && t.next.is_none());
    let why = format!("the server sent a page with no new items (offset {alerts})");
    assert_eq!(t.stopped.as_deref(), Some(why.as_str()));
    let screen = h.render();
    assert!(screen.contains("stopped paging"), "{screen}");
    // Pages of 10 to fill the screen, the rest at once (1000 a page), one empty page past
    // the end: never more than a page each and one.
    let sent = list_requests(&h, "/api/v2/alert");
    assert!(sent <= alerts.div_ceil(10) + 1, "{sent} requests");
    idle_at_the_end(&mut h, "/api/v2/alert").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_ignoring_the_offset_is_not_asked_again_and_again() {
    let mut h = open(&ALERTS_BY_10, &["ignoreoffset"], 250).await;
    // Opening asked for more at once (ten rows do not fill the screen): the second page is
    // the first again, and paging stopped there.
    assert_eq!(assert_rows_unique(&h), 10);
    assert_eq!(list_requests(&h, "/api/v2/alert"), 2);
    let t = h.table();
    assert_eq!(
        t.stopped.as_deref(),
        Some("the server sent a page with no new items (offset 10)")
    );
    // The message line says it too, with the kind.
    let flash = h.state.flash.as_ref().map(|f| f.text.clone());
    assert_eq!(
        flash.as_deref(),
        Some("stopped paging alert: the server sent a page with no new items (offset 10)")
    );
    assert!(
        h.render()
            .contains("⚠ stopped paging: the server sent a page with no new")
    );
    idle_at_the_end(&mut h, "/api/v2/alert").await;
    // A refresh starts over, and stops the same way.
    h.press('r');
    h.settle().await;
    assert_eq!(assert_rows_unique(&h), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_loop_stops_paging() {
    let mut h = open(&SOURCES, &["loop"], 250).await;
    for _ in 0..20 {
        h.key(KeyCode::PageDown);
        h.settle().await;
    }
    // A (100), B (200), then the first page with A again.
    assert_eq!(list_requests(&h, "/api/v2/source"), 3);
    assert_eq!(assert_rows_unique(&h), 200);
    let why = h.table().stopped.clone().unwrap_or_default();
    assert!(
        why.starts_with("the server sent cursor ") && why.ends_with(" again"),
        "{why}"
    );
    idle_at_the_end(&mut h, "/api/v2/source").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicates_and_an_absent_offset_still_give_every_item_once() {
    for fault in ["dup", "nooffset", "nooffset:echo=-1"] {
        let mut h = open(&ALERTS_BY_10, &[fault], 250).await;
        let alerts = h.server.state().items("alert").len();
        for _ in 0..alerts + 5 {
            h.press('j');
            h.settle().await;
        }
        assert_eq!(assert_rows_unique(&h), alerts, "{fault}");
        assert_eq!(h.table().stopped, None, "{fault}");
        assert!(
            list_requests(&h, "/api/v2/alert") <= alerts.div_ceil(10) + 1,
            "{fault}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_stops_a_load_all() {
    let mut h = open(&SOURCES, &[], 30_000).await;
    h.press('G');
    // One page of the many, then esc.
    h.next_event().await;
    let at_esc = list_requests(&h, "/api/v2/source");
    h.key(KeyCode::Esc);
    h.settle().await;
    // The worker has taken esc's cancel once a command sent after it is answered.
    let (done, flushed) = tokio::sync::oneshot::channel();
    h.run_command(wf_tui::worker::Command::Flush(done));
    flushed.await.unwrap();
    let loaded = h.table().rows.len();
    assert!(!h.table().load_all);
    assert!(loaded < 30_000, "{loaded} rows");
    // A request already sent when the cancel landed may still reach the server (it was
    // counted in CI once, the count taken before it arrived); none starts after it.
    let mut sent = list_requests(&h, "/api/v2/source");
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let now = list_requests(&h, "/api/v2/source");
        if now == sent {
            break;
        }
        sent = now;
    }
    // Besides those counted at esc, at most the two a cursor listing has in flight.
    assert!(sent <= at_esc + 2, "{sent} requests, {at_esc} at esc");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    h.drain();
    assert_eq!(list_requests(&h, "/api/v2/source"), sent);
    assert_eq!(h.table().rows.len(), loaded);
}
