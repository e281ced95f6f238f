//! `wf-tui dashboard queries ID`: the real binary against a stand-in in this process, the
//! account from the environment: every chart's queries with the variables at their defaults
//! or as given, as a table, JSON and CSV; an unknown dashboard or variable fails with a line
//! on stderr. It only reads: read-only mode lets it run.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::process::Output;

use common::StandIn;
use serde_json::Value;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run(s: &StandIn, args: &[&str]) -> Output {
    let mut cmd = s.command(args);
    cmd.env("WF_TUI_READONLY", "1");
    cmd.output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queries_as_json_with_defaults_and_given_variables() {
    let s = StandIn::start(&[]).await;
    let out = run(
        &s,
        &[
            "dashboard",
            "queries",
            "demo-player-tour",
            "-o",
            "json",
            "--var",
            "env=Staging",
            "--var",
            "env=dev",
            "--window",
            "6h",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["dashboard"], "demo-player-tour");
    assert_eq!(doc["window"], "6h");
    let (start, end) = (
        doc["startEpochMillis"].as_i64().unwrap(),
        doc["endEpochMillis"].as_i64().unwrap(),
    );
    assert_eq!(end - start, 6 * 3_600_000);
    assert_eq!(
        doc["variables"]["env"],
        serde_json::json!(["staging", "dev"])
    );
    assert_eq!(doc["variables"]["host"], "*");
    let queries = doc["queries"].as_array().unwrap();
    let cpu = queries
        .iter()
        .find(|q| q["chart"] == "CPU and memory by host" && q["source"] == "CPU")
        .unwrap();
    assert_eq!(
        cpu["query"],
        "ts(cpu.usage.percentage, (env=staging or env=dev) and service=checkout and source=*)"
    );
    assert_eq!(cpu["sectionIndex"], 1);
    assert_eq!(cpu["chartType"], "line");
    let memory = queries.iter().find(|q| q["source"] == "Memory").unwrap();
    assert_eq!(memory["secondaryAxis"], true);
    let last_week = queries
        .iter()
        .find(|q| q["source"] == "CPU last week")
        .unwrap();
    assert_eq!(last_week["disabled"], true);
    assert!(
        queries
            .iter()
            .all(|q| q["query"].as_str().is_some_and(|t| !t.contains("${")))
    );
    // Nothing but reads: the dashboard, no chart queries (every variable had a default).
    let paths: Vec<String> = s
        .server
        .state()
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(paths.iter().all(|p| !p.contains("/chart/")), "{paths:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queries_as_a_table_and_as_csv() {
    let s = StandIn::start(&[]).await;
    let out = run(&s, &["dashboard", "queries", "demo-24-panels"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 24, "{text}");
    assert!(lines[0].starts_with("SECTION     ROW  CHART"), "{text}");
    assert!(lines[1].starts_with("All panels  1    "), "{text}");
    assert!(lines[1].contains("env=prod"), "{text}");

    let out = run(
        &s,
        &["dashboard", "queries", "demo-player-tour", "-o", "csv"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "section");
    assert_eq!(header.len(), 9);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records.iter().any(|r| &r[3] == "heatmap"));
    assert!(records.iter().any(|r| &r[7] == "true"), "a disabled source");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_dashboards_and_variables_fail_with_a_line() {
    let s = StandIn::start(&[]).await;
    let out = run(&s, &["dashboard", "queries", "no-such-dashboard"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("wf-tui: ") && err.contains("404"), "{err}");
    assert!(stdout(&out).is_empty());

    let out = run(
        &s,
        &[
            "dashboard",
            "queries",
            "demo-24-panels",
            "--var",
            "colour=red",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim(),
        "wf-tui: demo-24-panels has no variable `colour`: its variables are env"
    );
    let out = run(&s, &["dashboard", "queries", "x", "--var", "novalue"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dynamic_variable_without_a_default_is_asked_of_the_api() {
    let s = StandIn::start(&[]).await;
    s.server.state().edit_items("dashboard", |items| {
        let d = items
            .iter_mut()
            .find(|d| d["id"] == "demo-player-tour")
            .unwrap();
        let host = d["parameterDetails"]["host"].as_object_mut().unwrap();
        host.remove("defaultValue");
        host.remove("valuesToReadableStrings");
        host.insert("allowAll".into(), Value::Bool(false));
    });
    let out = run(
        &s,
        &["dashboard", "queries", "demo-player-tour", "-o", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let host = doc["variables"]["host"][0].as_str().unwrap();
    assert!(host.starts_with("checkout-"), "{doc}");
    let queried: Vec<String> = s
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v2/chart/api")
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(queried.len(), 1, "one query, the variable's: {queried:?}");
}
