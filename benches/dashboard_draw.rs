//! A redraw of the dashboard player's whole grid: the 24-panel demo dashboard, every panel
//! answered (two series of 60 points each, as the stand-in sends), drawn on a 200x100 test
//! backend (the height that shows all 24): the time of one frame. The goal: under 2 ms.
//!
//! Run: `cargo bench --bench dashboard_draw` (a plain harness: medians of runs).

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wf_tui::api::chart::{ChartData, Series};
use wf_tui::app::dashboard::DashboardPlayer;
use wf_tui::app::dashboard::draw::{draw, placed};
use wf_tui::format::Times;
use wf_tui::theme::Theme;

const RUNS: usize = 200;
const NOW: i64 = 1_800_000_000_000;

fn player(size: (u16, u16)) -> DashboardPlayer {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/dashboard.json"
    ))
    .expect("the fixture");
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
    let raw = all
        .into_iter()
        .find(|d| d["id"] == "demo-24-panels")
        .expect("the 24-panel dashboard");
    let mut p = DashboardPlayer::loading("demo-24-panels", 1, NOW);
    p.load = wf_tui::app::remote::Remote::Loaded(());
    p.set_dashboard(wf_tui::api::dashboard::Dashboard::read(&raw), &raw);
    let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
    let shown: Vec<usize> = placed(&p, area).into_iter().map(|pl| pl.panel).collect();
    assert_eq!(shown.len(), 24, "every panel on screen");
    for q in p.queries_of(&shown) {
        let end = NOW / 1000;
        let series = (0..2)
            .map(|k| Series {
                label: format!("m{k}"),
                host: Some(format!("host-{k}")),
                tags: vec![("env".into(), "prod".into())],
                points: (0..60)
                    .map(|i| {
                        (
                            end - 3600 + i * 60,
                            50.0 + 30.0 * ((i + k) as f64 / 5.0).sin(),
                        )
                    })
                    .collect(),
            })
            .collect();
        let data = ChartData {
            series,
            ..Default::default()
        };
        p.receive(q.panel, q.source, Ok(data), NOW);
    }
    p
}

fn main() {
    let size = (200, 100);
    let p = player(size);
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("test backend");
    let (times, theme) = (Times::default(), Theme::default());
    let mut frames: Vec<Duration> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        terminal
            .draw(|f| draw(f, f.area(), &p, &times, &theme))
            .expect("draw");
        frames.push(start.elapsed());
    }
    frames.sort();
    let median = frames[frames.len() / 2];
    let p95 = frames[frames.len() * 95 / 100];
    println!(
        "dashboard grid redraw (24 panels, 200x100): median {:.3} ms, p95 {:.3} ms over {RUNS} frames",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
}
