//! The events listing: one time window per listing (computed when it begins, carried across its
//! pages), and events that started before the window but are still going on are listed too.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::time::Duration;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::api::Executor;
use wf_tui::api::PageRequest;
use wf_tui::api::catalog::{Cell, EVENTS};
use wf_tui::auth::{LoginMethod, Session};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::fetch::raw_page;

async fn session(server: &DemoServer) -> Executor {
    let http = wf_tui::api::client::http_client(Default::default());
    Session::login(http, server.account(LoginMethod::ApiToken))
        .await
        .unwrap()
        .1
}

/// The (earliest, latest) start times of every `GET /api/v2/event` the stand-in saw.
fn windows(server: &DemoServer) -> Vec<(i64, i64)> {
    server
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path == "/api/v2/event")
        .map(|r| {
            let q: std::collections::HashMap<String, String> =
                url::form_urlencoded::parse(r.query.as_bytes())
                    .into_owned()
                    .collect();
            let at = |k: &str| q[k].parse::<i64>().unwrap();
            (
                at("earliestStartTimeEpochMillis"),
                at("latestStartTimeEpochMillis"),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_page_of_one_listing_asks_the_same_window() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let s = session(&server).await;
    let mut page = Some(PageRequest::first(40));
    let mut ids = Vec::new();
    let mut pages = 0;
    while let Some(p) = page.take() {
        let (got, next) = raw_page(&s, &EVENTS, &p, None).await.unwrap();
        ids.extend(got.items.iter().filter_map(|i| EVENTS.item_id(i)));
        pages += 1;
        page = next;
        // Time passes between pages, as it does while a person scrolls.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let seen = windows(&server);
    assert!(pages >= 3 && seen.len() == pages, "{pages} pages, {seen:?}");
    assert!(
        seen.iter().all(|w| *w == seen[0]),
        "one listing, one window: {seen:?}"
    );
    let (earliest, latest) = seen[0];
    assert_eq!(latest - earliest, 86_400_000);
    // Each event once, the ongoing ones from before the window included.
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an event listed twice");

    // A new listing (a refresh) asks a new window.
    tokio::time::sleep(Duration::from_millis(5)).await;
    raw_page(&s, &EVENTS, &PageRequest::first(40), None)
        .await
        .unwrap();
    let again = windows(&server);
    assert!(again.last().unwrap().1 > latest, "{again:?}");
}

#[tokio::test]
async fn ongoing_events_that_started_before_the_window_are_listed() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let s = session(&server).await;
    let (first, _) = raw_page(&s, &EVENTS, &PageRequest::first(100), None)
        .await
        .unwrap();
    let now = wf_tui::auth::session::wall_ms();
    let day_ago = now - 86_400_000;
    let early_ongoing: Vec<&str> = first
        .items
        .iter()
        .filter(|e| e["startTime"].as_i64().unwrap() < day_ago)
        .map(|e| {
            assert_eq!(e["runningState"], "ONGOING", "{e}");
            e["name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        early_ongoing,
        [
            "INC-5120: EU object storage degraded",
            "Maintenance: datacenter migration dc1 → dc2"
        ]
    );
    // Events that ended before the window stay out (the fixture has many).
    let all = server.state().items("event");
    assert!(
        all.iter()
            .any(|e| e["runningState"] == "ENDED" && e["startTime"].as_i64().unwrap() < day_ago)
    );
    // A page after the first does not repeat them.
    let (_, next) = raw_page(&s, &EVENTS, &PageRequest::first(10), None)
        .await
        .unwrap();
    let (second, _) = raw_page(&s, &EVENTS, &next.unwrap(), None).await.unwrap();
    assert!(
        second
            .items
            .iter()
            .all(|e| e["startTime"].as_i64().unwrap() >= day_ago)
    );
}

#[tokio::test]
async fn the_events_table_shows_ongoing_events_from_before_the_day() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.press(':');
    h.type_text("events");
    h.key(KeyCode::Enter);
    h.settle().await;
    let t = h.table();
    assert_eq!(t.kind.name, "event");
    let names: Vec<String> = t
        .rows
        .to_rows()
        .filter_map(|r| match &r.cells[0] {
            Cell::Text(s) => Some(s.to_string()),
            _ => None,
        })
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n == "INC-5120: EU object storage degraded"),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Maintenance: datacenter migration"))
    );
}
