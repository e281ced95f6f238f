//! Issue #23: `wf-tui get KIND --all` fetches offset pages a few at a time, over HTTP to the
//! stand-in: the same items in the same order as one page holding them all, at most
//! `AHEAD` requests in flight, and a failing page named.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::StandIn;
use serde_json::Value;
use wf_tui::worker::ahead::AHEAD;

fn ids_of(s: &StandIn, args: &[&str]) -> Vec<String> {
    let mut all = vec!["get"];
    all.extend(args);
    all.extend(["-o", "json"]);
    let out = s.command(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{all:?} failed: {stderr}");
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    items.iter().map(|i| i["id"].to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fetched_ahead_hold_the_items_of_one_page_in_its_order() {
    let s = StandIn::start(&[]).await;
    for kind in ["alert", "dashboard", "maintenancewindow"] {
        // One page of up to 1000 is the sequential listing at its simplest.
        let one_page = ids_of(&s, &[kind, "--limit", "1000"]);
        assert!(one_page.len() > 12, "{kind}: {} items", one_page.len());
        let paged = ids_of(&s, &[kind, "--all", "--limit", "3"]);
        assert_eq!(paged, one_page, "{kind}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_ahead_pages_are_in_flight_and_more_than_one_is() {
    // Slow pages, so the requests fetched ahead overlap at the stand-in.
    let s = StandIn::start(&["latency:ms=150:path=/api/v2/alert"]).await;
    let alerts = s.server.state().items("alert").len();
    s.server.state().take_most_in_flight();
    let ids = ids_of(&s, &["alert", "--all", "--limit", "4"]);
    assert_eq!(ids.len(), alerts);
    let most = s.server.state().take_most_in_flight();
    assert!((2..=AHEAD).contains(&most), "{most} in flight at once");
    // No guesses past the server's count: one request a page.
    let sent = s
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v2/alert")
        .count();
    assert_eq!(sent, alerts.div_ceil(4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_page_by_cursor_one_at_a_time() {
    let s = StandIn::start(&["latency:ms=50:path=/api/v2/source"]).await;
    s.server.state().take_most_in_flight();
    let ids = ids_of(&s, &["source", "--all", "--limit", "50"]);
    assert_eq!(ids.len(), wf_tui::demo::DemoOptions::default().sources);
    assert_eq!(s.server.state().take_most_in_flight(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_page_stops_the_listing_and_is_named() {
    // The third list request to arrive fails (403 is not retried), whichever page it asks.
    let s = StandIn::start(&["403:path=/api/v2/alert:every=3:times=1"]).await;
    let out = s
        .command(&["get", "alert", "--all", "--limit", "5", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("403"), "{stderr}");
    // "page N of alert (offset O) failed after W items": the pages before it printed, in order.
    let line = stderr
        .lines()
        .find(|l| l.contains(" of alert (offset "))
        .unwrap_or_else(|| panic!("{stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (page, offset, written) = (numbers[0], numbers[1], numbers[2]);
    assert!(page >= 2, "{line}");
    assert_eq!(offset, (page - 1) * 5, "{line}");
    assert_eq!(written, offset, "{line}");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed.matches("\n{").count(), written, "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_pages_are_retried_and_nothing_is_lost() {
    let s = StandIn::start(&["429:path=/api/v2/alert:every=2:times=3:retry-after=0"]).await;
    let one_page = ids_of(&s, &["alert", "--limit", "1000"]);
    let paged = ids_of(&s, &["alert", "--all", "--limit", "4"]);
    assert_eq!(paged, one_page);
}
