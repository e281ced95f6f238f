//! Snapshots of the whole player grid at 80x24 and 200x60: the stand-in's fixture dashboards
//! drawn by `dashboard render`'s frame code, every panel answered with fixed series (a
//! function of its query) at a fixed clock.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

use wf_tui::api::chart::{ChartData, Series};
use wf_tui::app::dashboard::runs::SourceQuery;
use wf_tui::cli::dashboard_render::{Answered, RenderArgs, render_frame};
use wf_tui::format::Times;

const NOW: i64 = 1_800_000_000_000;

fn fixture(id: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/dashboard.json"
    ))
    .unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    all.into_iter().find(|d| d["id"] == id).unwrap()
}

/// Two series per query, shaped by the query's length: the same every run.
fn answer(q: &SourceQuery) -> Answered {
    let seed = q.query.expression.len() as f64;
    let end = q.query.end_ms / 1000;
    let span = (q.query.end_ms - q.query.start_ms()) / 1000;
    let series = (0..2)
        .map(|k| Series {
            label: format!("m{k}"),
            host: Some(format!("host-{k}")),
            tags: vec![("env".into(), "prod".into())],
            points: (0..60)
                .map(|i| {
                    let t = end - span + span * i / 60;
                    let v = 50.0
                        + 30.0 * ((i as f64 + seed) / (5.0 + k as f64)).sin()
                        + 10.0 * k as f64;
                    (t, v)
                })
                .collect(),
        })
        .collect();
    (
        q.panel,
        q.source,
        Ok(ChartData {
            series,
            ..Default::default()
        }),
    )
}

fn frame(id: &str, width: u16, height: u16, section: u16) -> String {
    let args = RenderArgs {
        id: id.into(),
        width,
        height,
        section,
        vars: Vec::new(),
        window: None,
    };
    let value = fixture(id);
    let run = |queries: Vec<SourceQuery>| async move { queries.iter().map(answer).collect() };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(render_frame(&value, &args, NOW, &Times::default(), run))
        .unwrap()
}

#[test]
fn the_24_panel_grid_at_80x24() {
    insta::assert_snapshot!(frame("demo-24-panels", 80, 24, 1));
}

#[test]
fn the_24_panel_grid_at_200x60() {
    insta::assert_snapshot!(frame("demo-24-panels", 200, 60, 1));
}

#[test]
fn the_tour_at_200x60_every_section() {
    let tour = fixture("demo-player-tour");
    let sections = tour["sections"].as_array().unwrap().len() as u16;
    for s in 1..=sections {
        insta::assert_snapshot!(
            format!("tour_section_{s}"),
            frame("demo-player-tour", 200, 60, s)
        );
    }
}

#[test]
fn the_tour_at_80x24() {
    insta::assert_snapshot!(frame("demo-player-tour", 80, 24, 1));
}
