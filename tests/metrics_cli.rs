//! `wf-tui metrics` and `wf-tui query --stats` against the stand-in over HTTP: names one level
//! down or all of them, text and JSON, the statistics after the series, and the clear error of
//! an instance that lists no names.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::StandIn;
use wf_tui::demo::DemoOptions;

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_lists_names_by_namespace() {
    let s = StandIn::start(&[]).await;
    let top = stdout(&s.command(&["metrics"]).output().unwrap());
    let top: Vec<&str> = top.lines().collect();
    assert!(top.contains(&"cpu.") && top.contains(&"aws."), "{top:?}");
    assert!(
        top.iter().all(|n| n.ends_with('.') || !n.contains('.')),
        "{top:?}"
    );
    let load = stdout(
        &s.command(&["metrics", "cpu.load.", "-o", "json"])
            .output()
            .unwrap(),
    );
    let names: Vec<String> = serde_json::from_str(&load).unwrap();
    assert_eq!(names, ["cpu.load.15m", "cpu.load.1m", "cpu.load.5m"]);
    let all = stdout(
        &s.command(&["metrics", "aws.", "--recursive"])
            .output()
            .unwrap(),
    );
    assert!(all.lines().count() > 20);
    assert!(
        all.lines()
            .all(|n| n.starts_with("aws.") && !n.ends_with('.')),
        "{all}"
    );
    assert!(all.contains("aws.lambda.throttles\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_says_when_the_instance_lists_no_names() {
    let s = StandIn::start_with(DemoOptions {
        undocumented: false,
        ..DemoOptions::default()
    })
    .await;
    let out = s.command(&["metrics", "cpu."]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("this instance offers no way to list metric names"),
        "{err}"
    );
    assert!(err.contains("404"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_stats_follow_the_series() {
    let s = StandIn::start(&[]).await;
    let q = "ts(cpu.usage.percentage, env=prod and role=api)";
    let text = stdout(&s.command(&["query", q, "--stats"]).output().unwrap());
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("stats: "), "{text}");
    assert!(
        last.contains("points scanned") && last.contains("cardinality"),
        "{last}"
    );
    let json = stdout(
        &s.command(&["query", q, "--stats", "-o", "json"])
            .output()
            .unwrap(),
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["series"].as_array().unwrap().len() >= 2);
    assert!(v["stats"]["points"].as_i64().unwrap() > 0);
    // Without --stats the JSON is the series as before.
    let plain = stdout(&s.command(&["query", q, "-o", "json"]).output().unwrap());
    assert!(
        serde_json::from_str::<serde_json::Value>(&plain)
            .unwrap()
            .is_array()
    );
}
