//! `:metrics` over HTTP to the stand-in: the namespace unfolds a level at a time, a metric
//! into its sources with their tags and last report, `c` charts it; without the names
//! endpoint the tree says so and offers the names of the queries typed. A snapshot of the tree.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::{Harness, render};
use crossterm::event::KeyCode;
use wf_tui::app::View;
use wf_tui::app::metrics::Row;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::DemoOptions;

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

fn rows(h: &Harness) -> Vec<Row> {
    match h.state.view() {
        View::Metrics(m) => m.rows(&h.state.query_cache.known.metrics),
        other => panic!("expected the metrics tree, got {other:?}"),
    }
}

fn select(h: &mut Harness, wanted: impl Fn(&Row) -> bool) {
    let at = rows(h).iter().position(wanted).expect("the row is there");
    h.key(KeyCode::Home);
    for _ in 0..at {
        h.press('j');
    }
}

#[tokio::test]
async fn the_namespace_unfolds_and_a_metric_charts() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "metrics");
    h.settle().await;
    let top = rows(&h);
    assert!(top.contains(&Row::Namespace {
        name: "kubernetes.".into(),
        depth: 0,
        open: false
    }));
    select(
        &mut h,
        |r| matches!(r, Row::Namespace { name, .. } if name == "cpu."),
    );
    h.press('l');
    h.settle().await;
    select(
        &mut h,
        |r| matches!(r, Row::Namespace { name, .. } if name == "cpu.load."),
    );
    h.key(KeyCode::Enter);
    h.settle().await;
    select(
        &mut h,
        |r| matches!(r, Row::Metric { name, .. } if name == "cpu.load.5m"),
    );
    h.press('l');
    h.settle().await;
    let sources: Vec<Row> = rows(&h)
        .into_iter()
        .filter(|r| matches!(r, Row::Source { .. }))
        .collect();
    assert!(sources.len() >= 2, "{sources:?}");
    let Row::Source { source, .. } = &sources[0] else {
        unreachable!()
    };
    assert!(source.last_update.is_some());
    assert!(source.tags.iter().any(|(k, _)| k == "env"));
    let screen = render(&h.state);
    assert!(screen.contains("▾ cpu.load."), "{screen}");
    assert!(screen.contains("env=prod"), "{screen}");
    // `h` on a source goes up to its metric, `c` charts it.
    select(&mut h, |r| matches!(r, Row::Source { .. }));
    h.press('h');
    h.press('c');
    h.settle().await;
    let View::Chart(c) = h.state.view() else {
        panic!("a chart")
    };
    assert_eq!(c.query.expression, "ts(cpu.load.5m)");
    assert!(c.data.as_ref().is_some_and(|d| !d.series.is_empty()));
    // The tree's answers taught completion too.
    let tags = &h.state.query_cache.known.tags;
    assert!(
        tags.contains_key("cpu.load.5m"),
        "{tags:?} {:?}",
        h.state.query_cache.account
    );
}

#[tokio::test]
async fn without_a_listing_the_tree_says_so() {
    let options = DemoOptions {
        undocumented: false,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 20)).await;
    command_line(&mut h, "query ts(mem.used)");
    h.settle().await;
    command_line(&mut h, "metrics");
    h.settle().await;
    let screen = render(&h.state);
    assert!(screen.contains("names cannot be listed here"), "{screen}");
    assert!(screen.contains("mem.used"), "{screen}");
    select(
        &mut h,
        |r| matches!(r, Row::Metric { name, .. } if name == "mem.used"),
    );
    h.press('l');
    h.settle().await;
    assert!(rows(&h).iter().any(|r| matches!(r, Row::Source { .. })));
}

/// The tree has its own keys: `?` lists them (not the inspector's), and `r` reloads.
#[tokio::test]
async fn help_lists_the_trees_keys_and_r_reloads() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "metrics");
    h.settle().await;
    h.press('?');
    let help = render(&h.state);
    assert!(help.contains("reload the tree"), "{help}");
    assert!(help.contains("chart the metric"), "{help}");
    assert!(!help.contains("jq filter"), "{help}");
    assert!(!help.contains("wrap long strings"), "{help}");
    h.key(KeyCode::Esc);
    select(
        &mut h,
        |r| matches!(r, Row::Namespace { name, .. } if name == "cpu."),
    );
    h.press('l');
    h.settle().await;
    assert!(
        rows(&h)
            .iter()
            .any(|r| matches!(r, Row::Namespace { name, .. } if name == "cpu.load."))
    );
    h.press('r');
    assert_eq!(
        rows(&h),
        vec![Row::Note {
            text: "loading…".into(),
            depth: 0
        }],
        "r asks for the tree again"
    );
    h.settle().await;
    let top = rows(&h);
    assert!(
        top.iter()
            .any(|r| matches!(r, Row::Namespace { name, open: false, .. } if name == "cpu."))
    );
    assert!(
        !top.iter()
            .any(|r| matches!(r, Row::Namespace { name, .. } if name == "cpu.load."))
    );
}
