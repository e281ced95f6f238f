//! Issue #23: `wf-tui get KIND -o json` prints a page's items from their bytes without decoding
//! them (`api::skim`): the output is still the server's own bytes, item for item, in order.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::StandIn;
use wf_tui::json::value::{array_elements, envelope_payload, top_level_member};

/// `get ARGS -o json`'s stdout.
fn json_out(s: &StandIn, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["get"];
    all.extend(args);
    all.extend(["-o", "json"]);
    let out = s.command(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{all:?} failed: {stderr}");
    out.stdout
}

/// The items of one page of up to 1,000, as the stand-in sends their bytes, fetched by plain
/// HTTP; printed as `get -o json` prints an array.
async fn as_sent(s: &StandIn, path: &str) -> Vec<u8> {
    // reqwest is built without a TLS provider of its own (plain HTTP here all the same).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let body = reqwest::Client::new()
        .get(format!("{}{path}?limit=1000", s.server.url()))
        .bearer_auth(s.server.credentials().api_token.expose())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let payload = &body[envelope_payload(&body).unwrap()];
    let items = &payload[top_level_member(payload, "items").unwrap()];
    let parts: Vec<&[u8]> = array_elements(items)
        .unwrap()
        .into_iter()
        .map(|r| &items[r])
        .collect();
    assert!(parts.len() > 12, "{path}: {} items", parts.len());
    let mut out = b"[\n".to_vec();
    out.extend(parts.join(&b",\n"[..]));
    out.extend(b"\n]\n");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_printed_from_their_bytes_are_the_bytes_the_server_sent() {
    let s = StandIn::start(&[]).await;
    let expected = as_sent(&s, "/api/v2/dashboard").await;
    // Many pages (fetched ahead) and one.
    for args in [
        &["dashboard", "--all", "--limit", "5"][..],
        &["dashboard", "--limit", "1000"],
    ] {
        let got = json_out(&s, args);
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected.clone()).unwrap(),
            "{args:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_source_once_in_its_own_bytes() {
    let s = StandIn::start(&[]).await;
    let out = json_out(&s, &["source", "--all", "--limit", "40"]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(items.len(), wf_tui::demo::DemoOptions::default().sources);
    // Each item as the stand-in writes it: compact, its keys in the stand-in's order.
    let text = String::from_utf8(out).unwrap();
    for (line, item) in text.lines().skip(1).zip(&items) {
        let line = line.trim_end_matches(',');
        if line == "]" {
            break;
        }
        assert!(line.starts_with(r#"{"id":""#), "{line}");
        assert_eq!(&wf_tui::json::parse_str(line).unwrap(), item);
        assert!(!line.contains(": "), "compact as sent: {line}");
    }
}
