//! `wf-tui history KIND ID [--diff V1 V2]`: the real binary against a stand-in in this process
//! (its versions are the test's to shape), the account from the environment as scripts use
//! it: the versions as a table and as JSON, every page of a long history, two versions' diff
//! as lines and as changes by path; a version that is not there, a kind without a history,
//! a bad version number. It only reads: read-only mode lets it run.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::process::Output;

use common::StandIn;
use serde_json::{Value, json};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run(s: &StandIn, args: &[&str]) -> Output {
    let mut cmd = s.command(args);
    cmd.env_remove("WF_TUI_READONLY");
    cmd.output().unwrap()
}

/// The fourth alert of the fixtures (four versions: each older one undoes a runbook line, a
/// severity, a tag).
fn alert(s: &StandIn) -> String {
    s.server.state().items("alert")[3]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_versions_as_a_table_and_as_json() {
    let s = StandIn::start(&[]).await;
    let id = alert(&s);
    let out = run(&s, &["history", "alert", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with("VERSION  WHEN"), "{text}");
    assert!(lines[1].starts_with("4 "), "newest first: {text}");
    assert!(
        lines[4].starts_with("1 ") && lines[4].ends_with("Created"),
        "{text}"
    );
    assert!(lines[2].contains("severity: "), "{text}");

    let out = run(&s, &["history", "alerts", &id, "-o", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let numbers: Vec<i64> = entries
        .iter()
        .map(|e| e["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [4, 3, 2, 1]);
    assert_eq!(entries[3]["changeDescription"], json!(["Created"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_history_is_read_page_after_page() {
    let s = StandIn::start(&[]).await;
    let id = alert(&s);
    let state = s.server.state();
    let mut item = state.items("alert")[3].clone();
    for n in 0..150 {
        item["minutes"] = json!(n);
        state.history.record("alert", &item, "bot@acme.com", n);
    }
    let out = run(&s, &["history", "alert", &id, "-o", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries.len(), 154);
    assert_eq!(entries[0]["version"], 154);
    let asked: Vec<String> = state
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/history"))
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(asked, ["offset=0&limit=100", "offset=100&limit=100"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_versions_diff_as_lines_and_as_changes() {
    let s = StandIn::start(&[]).await;
    let id = alert(&s);
    let out = run(&s, &["history", "alert", &id, "--diff", "1", "4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.starts_with("-   \"severity\"")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("+   \"severity\"")),
        "{text}"
    );
    assert!(
        !text.contains("updatedEpochMillis"),
        "computed fields left out: {text}"
    );

    let out = run(
        &s,
        &["history", "alert", &id, "--diff", "1", "4", "-o", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let changes: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let v1 = s.server.state().history.item_at("alert", &id, 1).unwrap();
    let v4 = s.server.state().history.item_at("alert", &id, 4).unwrap();
    let severity = changes.iter().find(|c| c["path"] == ".severity").unwrap();
    assert_eq!(severity["change"], "changed");
    assert_eq!(
        (&severity["old"], &severity["new"]),
        (&v1["severity"], &v4["severity"])
    );
    let paths: Vec<&str> = changes
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.starts_with(".tags")), "{paths:?}");
    assert!(paths.contains(&".additionalInformation"), "{paths:?}");

    // The same version twice: nothing to say.
    let out = run(&s, &["history", "alert", &id, "--diff", "2", "2"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_say_why_and_print_nothing() {
    let s = StandIn::start(&[]).await;
    let id = alert(&s);
    let out = run(&s, &["history", "alert", &id, "--diff", "1", "99"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "", "nothing half printed");
    let err = stderr(&out);
    assert!(err.contains("404") && err.contains("/history/99"), "{err}");

    let out = run(&s, &["history", "proxy", "p1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("proxies have no version history"),
        "{}",
        stderr(&out)
    );

    let out = run(&s, &["history", "alert", &id, "--diff", "1", "x"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&out).contains("a version is a number"),
        "{}",
        stderr(&out)
    );

    let out = run(&s, &["history", "alert", "0000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("404"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_mode_lets_it_read() {
    let s = StandIn::start(&[]).await;
    let id = alert(&s);
    let out = run(
        &s,
        &["--readonly", "history", "dashboard", "k8s-cluster-overview"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(
        &s,
        &["--readonly", "history", "alert", &id, "--diff", "3", "4"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).is_empty());
}
