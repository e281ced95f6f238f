//! Issue #23: the TUI's `G` on an offset-paged list fetches its pages ahead, at most `AHEAD`
//! at once, and the rows come in the order of sequential paging.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::Value;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::parse;
use wf_tui::worker::ahead::AHEAD;

const DASHBOARDS: usize = 3500;

/// The dashboards' ids as sequential paging reads them, a page of 1000 at a time.
async fn sequential_ids(h: &Harness) -> Vec<String> {
    let http = reqwest::Client::new();
    let token = h.server.credentials().api_token.expose().to_string();
    let mut ids = Vec::new();
    loop {
        let url = format!(
            "{}/api/v2/dashboard?offset={}&limit=1000",
            h.server.url(),
            ids.len()
        );
        let body: Value = http
            .get(url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let page = &body["response"];
        let items = page["items"].as_array().unwrap();
        ids.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_string()));
        if page["moreItems"] != Value::Bool(true) || items.is_empty() {
            return ids;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g_fetches_offset_pages_ahead_and_keeps_their_order() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server.state().edit_items("dashboard", |items| {
        // Small ones: the pages are about the requests, not the charts.
        for i in items.len()..DASHBOARDS {
            let id = format!("ahead-{i:05}");
            let name = format!("Ahead {i:05}");
            items.push(serde_json::json!({"id": id, "url": id, "name": name, "sections": []}));
        }
    });
    let want = sequential_ids(&h).await;
    assert_eq!(want.len(), DASHBOARDS);
    // Slow pages, so the pages fetched ahead overlap at the stand-in.
    h.server
        .state()
        .add_fault(parse("latency:ms=100:path=/api/v2/dashboard").unwrap());
    h.press(':');
    h.type_text("dashboards");
    h.key(KeyCode::Enter);
    h.settle().await;
    h.server.state().take_most_in_flight();
    h.press('G');
    h.settle().await;
    let most = h.server.state().take_most_in_flight();
    let got: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect();
    assert_eq!(got, want);
    assert!((2..=AHEAD).contains(&most), "{most} in flight at once");
}
