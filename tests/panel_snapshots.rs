//! Snapshots of one dashboard panel of each chart type, drawn on a `TestBackend` from fixed
//! series (the draw functions alone; the grid's snapshots are in `dashboard_snapshots.rs`).

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use wf_tui::api::chart::Series;
use wf_tui::api::chart_events::ChartEvent;
use wf_tui::app::views::dashboard::panel::{self, Content, Look, Renderer, Stat, Status};
use wf_tui::format::Times;
use wf_tui::theme::Theme;

const END_MS: i64 = 1_800_000_000_000;
const HOUR_MS: i64 = 3_600_000;

fn series(label: &str, host: &str, f: impl Fn(i64) -> f64) -> Series {
    let end = END_MS / 1000;
    Series {
        label: label.into(),
        host: Some(host.into()),
        tags: vec![("env".into(), "prod".into())],
        points: (0..60).map(|i| (end - 3600 + i * 60, f(i))).collect(),
    }
}

fn two_series() -> Vec<Series> {
    vec![
        series("cpu", "web-1", |i| 40.0 + (i as f64 / 6.0).sin() * 20.0),
        series("cpu", "web-2", |i| 20.0 + (i % 10) as f64),
    ]
}

fn look(renderer: Renderer) -> Look {
    Look {
        renderer: Some(renderer),
        ..Look::default()
    }
}

fn draw(
    look: &Look,
    series: &[Series],
    secondary: &[bool],
    status: Status,
    size: (u16, u16),
) -> String {
    draw_with(look, series, secondary, &status, &[], size)
}

fn draw_with(
    look: &Look,
    series: &[Series],
    secondary: &[bool],
    status: &Status,
    events: &[ChartEvent],
    (w, h): (u16, u16),
) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let content = Content {
        title: "CPU \u{1b}[31mby host",
        look,
        status,
        series,
        secondary,
        colors: &[],
        events,
        window: (END_MS - HOUR_MS, END_MS),
        tick: 0,
        selected: false,
    };
    terminal
        .draw(|f| panel::draw(f, f.area(), &content, &Times::default(), &Theme::default()))
        .unwrap();
    common::buffer_text(terminal.backend().buffer())
}

#[test]
fn line_panel_with_units() {
    let look = Look {
        units: Some("%".into()),
        ..look(Renderer::Line)
    };
    insta::assert_snapshot!(draw(&look, &two_series(), &[], Status::Ready, (48, 12)));
}

#[test]
fn line_panel_with_a_secondary_axis() {
    let look = Look {
        units: Some("%".into()),
        y1_units: Some("req/s".into()),
        y1_min: Some(0.0),
        y1_max: Some(5000.0),
        ..look(Renderer::Line)
    };
    let mut s = two_series();
    s[1].points.iter_mut().for_each(|p| p.1 *= 100.0);
    let out = draw(&look, &s, &[false, true], Status::Ready, (56, 12));
    assert!(out.contains("5000 req/s"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn scatter_panel() {
    insta::assert_snapshot!(draw(
        &look(Renderer::Scatter),
        &two_series(),
        &[],
        Status::Ready,
        (48, 12)
    ));
}

#[test]
fn stacked_area_panel() {
    insta::assert_snapshot!(draw(
        &look(Renderer::StackedArea),
        &two_series(),
        &[],
        Status::Ready,
        (48, 12)
    ));
}

#[test]
fn stacked_column_panel() {
    insta::assert_snapshot!(draw(
        &look(Renderer::StackedColumn),
        &two_series(),
        &[],
        Status::Ready,
        (48, 12)
    ));
}

fn stat_look() -> Look {
    Look {
        units: Some("ms".into()),
        thresholds: vec![50.0, 80.0],
        colors: vec![Color::Green, Color::Yellow, Color::Red],
        stat: Stat::Last,
        ..look(Renderer::SingleStat)
    }
}

#[test]
fn single_stat_big_and_small() {
    let s = vec![series("latency", "web-1", |i| 40.0 + i as f64 * 0.5)];
    let big = draw(&stat_look(), &s, &[], Status::Ready, (30, 12));
    assert!(big.contains('█'), "a big panel uses the block font:\n{big}");
    insta::assert_snapshot!("single_stat_big", big);
    let small = draw(&stat_look(), &s, &[], Status::Ready, (20, 4));
    assert!(small.contains("69.5 ms"), "{small}");
    insta::assert_snapshot!("single_stat_small", small);
}

#[test]
fn single_stat_takes_its_thresholds_colour() {
    let mut terminal = Terminal::new(TestBackend::new(30, 12)).unwrap();
    let s = vec![series("latency", "web-1", |_| 95.0)];
    let look = stat_look();
    let content = Content {
        title: "p99",
        look: &look,
        status: &Status::Ready,
        series: &s,
        secondary: &[],
        colors: &[],
        events: &[],
        window: (END_MS - HOUR_MS, END_MS),
        tick: 0,
        selected: false,
    };
    terminal
        .draw(|f| panel::draw(f, f.area(), &content, &Times::default(), &Theme::default()))
        .unwrap();
    let buf = terminal.backend().buffer();
    let red = buf
        .content()
        .iter()
        .filter(|c| c.symbol() == "█" && c.fg == Color::Red)
        .count();
    assert!(red > 10, "the number is drawn red above 80");
}

/// Colours of a line panel's plot, by how many braille cells each has.
fn plot_colors(series: &[Series], secondary: &[bool], colors: &[Option<Color>]) -> Vec<Color> {
    let mut terminal = Terminal::new(TestBackend::new(60, 16)).unwrap();
    let look = look(Renderer::Line);
    let content = Content {
        title: "cpu",
        look: &look,
        status: &Status::Ready,
        series,
        secondary,
        colors,
        events: &[],
        window: (END_MS - HOUR_MS, END_MS),
        tick: 0,
        selected: false,
    };
    terminal
        .draw(|f| panel::draw(f, f.area(), &content, &Times::default(), &Theme::default()))
        .unwrap();
    let mut seen: Vec<Color> = Vec::new();
    for cell in terminal.backend().buffer().content() {
        let braille = cell
            .symbol()
            .chars()
            .all(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
        if braille && !seen.contains(&cell.fg) {
            seen.push(cell.fg);
        }
    }
    seen.sort_by_key(|c| format!("{c:?}"));
    seen
}

/// A source's `sourceColor` draws its series; the others keep the palette's colour of their
/// position in the panel, whichever axis they are on (the zoom's legend reads the same).
#[test]
fn a_source_colour_draws_its_series_and_positions_keep_theirs() {
    let flat = |v: f64| move |_| v;
    let s = vec![
        series("mem", "web-1", flat(10.0)),
        series("cpu", "web-1", flat(50.0)),
        series("cpu", "web-2", flat(90.0)),
    ];
    // The first series on the right-hand scale: the two on the left keep positions 1 and 2.
    let mut want = vec![
        wf_tui::app::views::chart::draw::PALETTE[0],
        wf_tui::app::views::chart::draw::PALETTE[1],
        wf_tui::app::views::chart::draw::PALETTE[2],
    ];
    want.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(plot_colors(&s, &[true, false, false], &[]), want);
    let own = Color::Rgb(150, 150, 150);
    let mut want = vec![
        wf_tui::app::views::chart::draw::PALETTE[0],
        own,
        wf_tui::app::views::chart::draw::PALETTE[2],
    ];
    want.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        plot_colors(&s, &[true, false, false], &[None, Some(own), None]),
        want
    );
}

#[test]
fn table_panel() {
    insta::assert_snapshot!(draw(
        &look(Renderer::Table),
        &two_series(),
        &[],
        Status::Ready,
        (48, 8)
    ));
}

#[test]
fn top_k_panel_sorts_and_cuts() {
    let look = Look {
        top: Some(1),
        ..look(Renderer::TopK)
    };
    let out = draw(&look, &two_series(), &[], Status::Ready, (48, 8));
    assert!(out.contains("web-1") && !out.contains("web-2"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn status_list_panel() {
    let look = Look {
        thresholds: vec![30.0],
        colors: vec![Color::Green, Color::Red],
        ..look(Renderer::StatusList)
    };
    insta::assert_snapshot!(draw(&look, &two_series(), &[], Status::Ready, (48, 6)));
}

#[test]
fn markdown_panel() {
    let look = Look {
        markdown:
            "# Runbook\nThe **web** tier, see [docs](https://docs.example/x).\n- one\n- `two`"
                .into(),
        ..look(Renderer::Markdown)
    };
    insta::assert_snapshot!(draw(&look, &[], &[], Status::Idle, (48, 8)));
}

#[test]
fn gauge_panel() {
    let look = Look {
        min: Some(0.0),
        max: Some(100.0),
        units: Some("%".into()),
        ..look(Renderer::Gauge)
    };
    let s = vec![series("disk", "db-1", |_| 72.0)];
    let out = draw(&look, &s, &[], Status::Ready, (40, 6));
    assert!(out.contains("72 % of 100 %"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unsupported_types_are_named() {
    for name in [
        "heatmap",
        "histogram",
        "pie",
        "globe",
        "nodemap",
        "sankey\u{7}",
    ] {
        let out = draw(
            &look(Renderer::of_type(name)),
            &two_series(),
            &[],
            Status::Ready,
            (48, 6),
        );
        assert!(out.contains("chart"), "{out}");
        assert!(!out.contains('\u{7}'));
    }
    insta::assert_snapshot!(draw(
        &look(Renderer::of_type("heatmap")),
        &[],
        &[],
        Status::Idle,
        (48, 6)
    ));
}

#[test]
fn loading_failed_and_empty_panels() {
    let line = look(Renderer::Line);
    let loading = draw(&line, &[], &[], Status::Loading, (30, 5));
    assert!(loading.contains("loading…"), "{loading}");
    let failed = draw(
        &line,
        &[],
        &[],
        Status::Failed("query failed (QuerySyntaxError): bad\u{1b}".into()),
        (30, 5),
    );
    assert!(
        failed.contains("QuerySyntaxError") && failed.contains('␛'),
        "{failed}"
    );
    let empty = draw(&line, &[], &[], Status::Ready, (30, 5));
    assert!(empty.contains("no data"), "{empty}");
    insta::assert_snapshot!(format!("{loading}{failed}{empty}"));
}
