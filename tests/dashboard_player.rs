//! The dashboard player end to end: the stand-in's dashboards read and played over real HTTP,
//! panels filled by the worker's answers, keys for sections, windows, variables, zoom,
//! inspect, refresh and pause.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::{Harness, render};
use crossterm::event::KeyCode;
use wf_tui::app::dashboard::DashboardPlayer;
use wf_tui::app::dashboard::panel::Status;
use wf_tui::app::{Msg, View};
use wf_tui::auth::LoginMethod;

const DASHBOARD: &str = "k8s-cluster-overview";

fn player(h: &Harness) -> &DashboardPlayer {
    match h.state.view() {
        View::Dashboard(p) => p,
        other => panic!("expected the player, got {other:?}"),
    }
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

async fn playing(size: (u16, u16)) -> Harness {
    let mut h = Harness::start_with(Default::default(), LoginMethod::CspApiToken, size).await;
    command_line(&mut h, &format!("play {DASHBOARD}"));
    h.settle().await;
    h
}

#[tokio::test]
async fn enter_on_a_dashboard_row_plays_it_and_i_still_opens_its_json() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(&mut h, "dashboard");
    h.settle().await;
    h.press('i');
    h.settle().await;
    assert!(
        matches!(h.state.view(), View::Detail(_)),
        "i opens the JSON"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.settle().await;
    let p = player(&h);
    assert!(p.dashboard.is_some(), "{:?}", p.load);
    assert!(p.inflight.is_empty());
}

#[tokio::test]
async fn only_the_panels_on_screen_run_and_fill_in() {
    let h = playing((100, 30)).await;
    let p = player(&h);
    let shown = wf_tui::app::dashboard::update::on_screen(p, h.state.size);
    assert!(
        !shown.is_empty() && shown.len() < p.panels.len(),
        "{shown:?}"
    );
    for (i, panel) in p.panels.iter().enumerate() {
        if shown.contains(&i) {
            assert!(
                matches!(panel.status, Status::Ready | Status::Failed(_)),
                "panel {i}: {:?}",
                panel.status
            );
        } else {
            assert_eq!(panel.status, Status::Idle, "panel {i} is off screen");
            assert!(panel.loaded_at.is_none());
        }
    }
    let ready = shown
        .iter()
        .filter(|i| !p.panels[**i].series.is_empty())
        .count();
    assert!(ready > 0, "some panel has series");
    let screen = render(&h.state);
    assert!(screen.contains("Kubernetes cluster overview"), "{screen}");
    assert!(screen.contains("CPU usage"), "{screen}");
    assert!(screen.contains("window "), "{screen}");
}

#[tokio::test]
async fn scrolling_runs_the_rows_that_come_on_screen() {
    let mut h = playing((100, 30)).await;
    let before = player(&h)
        .panels
        .iter()
        .filter(|p| p.loaded_at.is_some())
        .count();
    h.key(KeyCode::Char('G'));
    let p = player(&h);
    assert!(!p.inflight.is_empty(), "the last rows' queries are sent");
    h.settle().await;
    let after = player(&h)
        .panels
        .iter()
        .filter(|p| p.loaded_at.is_some())
        .count();
    assert!(after > before, "{before} → {after}");
}

#[tokio::test]
async fn leaving_the_player_cancels_what_is_in_flight() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(&mut h, &format!("play {DASHBOARD}"));
    // The dashboard's read, then its first queries out, not answered yet.
    while player(&h).dashboard.is_none() {
        h.next_event().await;
    }
    assert!(!player(&h).inflight.is_empty());
    h.key(KeyCode::Esc);
    assert!(!matches!(h.state.view(), View::Dashboard(_)));
    h.settle().await;
}

#[tokio::test]
async fn sections_windows_and_pause() {
    let mut h = playing((100, 30)).await;
    assert_eq!(player(&h).section, 0);
    h.press(']');
    h.settle().await;
    assert_eq!(player(&h).section, 1);
    h.key(KeyCode::BackTab);
    h.settle().await;
    assert_eq!(player(&h).section, 0);
    h.press('3');
    assert_eq!(player(&h).window, wf_tui::api::chart::Window::Day);
    assert!(
        !player(&h).inflight.is_empty(),
        "the window reruns the panels"
    );
    h.settle().await;
    command_line(&mut h, "range 3h");
    assert_eq!(
        player(&h).window,
        wf_tui::api::chart::Window::Last(3 * 3_600_000)
    );
    h.settle().await;
    let now = h.state.now_ms;
    assert!(h.state.next_tick_ms().is_some(), "live: a refresh is due");
    h.press('p');
    assert!(player(&h).paused);
    assert_eq!(
        wf_tui::app::views::ViewBehaviour::next_tick_ms(player(&h), now),
        None,
        "paused and idle: no timer"
    );
}

#[tokio::test]
async fn the_refresh_runs_the_panels_on_schedule() {
    // The harness stamps each message with the wall clock: the last run is moved instead.
    let mut h = playing((100, 30)).await;
    let ran = player(&h).last_run_ms.unwrap();
    assert_eq!(player(&h).next_refresh_ms(), Some(ran + 60_000));
    let set_last_run = |h: &mut Harness, ago_ms: i64| {
        let now = wf_tui::auth::session::wall_ms();
        if let View::Dashboard(p) = h.state.view_mut() {
            p.last_run_ms = Some(now - ago_ms);
        }
    };
    set_last_run(&mut h, 50_000);
    h.send(Msg::Tick);
    assert!(player(&h).inflight.is_empty(), "not yet");
    set_last_run(&mut h, 61_000);
    h.send(Msg::Tick);
    assert!(!player(&h).inflight.is_empty(), "due: the panels run");
    h.settle().await;
    assert!(player(&h).last_run_ms.unwrap() >= ran);
}

#[tokio::test]
async fn z_zooms_the_panel_into_the_chart_view_and_i_shows_its_queries() {
    let mut h = playing((100, 30)).await;
    h.press('l');
    h.press('z');
    h.settle().await;
    match h.state.view() {
        View::Chart(c) => {
            assert!(c.title.contains("GC pause"), "{}", c.title);
            assert_eq!(c.expressions.len(), 2, "both sources, e switches");
            assert!(c.data.is_some());
        }
        other => panic!("expected the chart view, got {other:?}"),
    }
    h.key(KeyCode::Esc);
    h.press('h');
    h.key(KeyCode::Enter);
    let View::Detail(d) = h.state.view() else {
        panic!("expected the panel's JSON");
    };
    let text = d.document_text().unwrap();
    assert!(text.contains("\"filled\""), "{text}");
    assert!(!text.contains("${env}\"") || text.contains("\"query\""));
}

#[tokio::test]
async fn a_variable_set_reruns_the_panels_that_use_it() {
    let mut h = playing((100, 30)).await;
    let p = player(&h);
    let using = p.panels_using("env");
    assert!(!using.is_empty());
    command_line(&mut h, "var env staging");
    let p = player(&h);
    assert_eq!(
        p.bindings.get("env"),
        Some(&wf_tui::api::dashboard::Selection::one("staging"))
    );
    let running: Vec<usize> = p.inflight.iter().map(|(panel, _)| *panel).collect();
    assert!(!running.is_empty());
    assert!(
        running.iter().all(|r| using.contains(r)),
        "{running:?} ⊄ {using:?}"
    );
    h.settle().await;
    command_line(&mut h, "var nosuch x");
    let flash = h.state.flash.as_ref().unwrap();
    assert!(flash.text.contains("no variable nosuch"), "{}", flash.text);
}

#[tokio::test]
#[ignore = "prints the screen, for a look by hand"]
async fn print_the_screen() {
    let h = playing((120, 40)).await;
    println!("{}", render(&h.state));
}

// --- In a pseudo-terminal: the real binary on its demo. ---

#[cfg(unix)]
mod pty {
    use super::common;
    use common::pty::{Step, Then, run_then};

    /// `--demo`, the dashboards, the tour filtered, enter: the player; its next section with a
    /// panel filled (the right axis' units are drawn once its series arrived).
    #[test]
    fn in_the_demo_enter_on_a_dashboard_plays_it() {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.arg("--demo").env("TERM", "xterm-256color");
        let steps = [
            Step::Keys(b":dashboard\r"),
            Step::Shown("CHARTS"),
            Step::Keys(b"/player tour\r"),
            // Enter right after a filter offers the server's search: `k` keeps the filter.
            Step::Keys(b"k\r"),
            Step::Shown("Overview"),
            Step::Keys(b"]"),
            Step::Shown("Latency points"),
            Step::Shown("mem"),
            Step::Keys(b"q"),
        ];
        let (status, out, _) = run_then(cmd, Some(("CLOUDWATCH", Then::Steps(&steps))));
        assert!(status.success(), "{status:?}: {out:?}");
    }

    /// `--tv`: the dashboard on the whole screen, its sections cycled.
    #[test]
    fn tv_mode_cycles_the_sections() {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.args(["--demo", "--tv", "demo-player-tour", "--tv-interval", "1"])
            .env("TERM", "xterm-256color");
        let steps = [
            Step::Shown("Latency points"),
            Step::Shown("Top DB connections"),
            Step::Keys(b"q"),
        ];
        let (status, out, _) = run_then(cmd, Some(("Read me", Then::Steps(&steps))));
        assert!(status.success(), "{status:?}: {out:?}");
    }
}

#[tokio::test]
async fn enter_on_a_filtered_dashboard_row_plays_it() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(&mut h, "dashboard");
    h.settle().await;
    h.press('/');
    h.type_text("player tour");
    h.key(KeyCode::Enter);
    // Enter right after a filter offers the server's search: another key keeps the filter.
    h.press('k');
    h.key(KeyCode::Enter);
    h.settle().await;
    let p = player(&h);
    assert_eq!(p.id, "demo-player-tour");
}

/// The tour's `eventQuery` (BYCHARTANDDASHBOARD) runs through the pool over the window: its
/// events (alerts and deploys of checkout, the query's filters) are on every panel that
/// answered, and a new window runs it again.
#[tokio::test]
async fn the_dashboards_event_query_marks_every_line_panel() {
    let mut h = Harness::start_with(Default::default(), LoginMethod::CspApiToken, (200, 60)).await;
    command_line(&mut h, "play demo-player-tour");
    h.settle().await;
    let p = player(&h);
    let query = p.event_query().expect("the tour asks for its event query");
    assert!(
        query.expression.starts_with("events("),
        "{}",
        query.expression
    );
    assert!(!p.events_inflight);
    let names: Vec<&str> = p.dashboard_events.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Checkout SLO burn rate"), "{names:?}");
    assert!(
        p.dashboard_events
            .iter()
            .all(|e| matches!(e.kind(), Some("alert" | "deploy"))),
        "only what the query picks: {names:?}"
    );
    let answered: Vec<_> = p.panels.iter().filter(|s| s.loaded_at.is_some()).collect();
    assert!(!answered.is_empty());
    for panel in answered {
        for e in &p.dashboard_events {
            assert!(
                panel
                    .events
                    .iter()
                    .any(|m| m.name == e.name && m.start_ms == e.start_ms),
                "{:?} lacks {}",
                panel.place,
                e.name
            );
        }
    }
    h.press('1');
    assert!(player(&h).events_inflight, "a new window runs it again");
    h.settle().await;
    let p = player(&h);
    let (start, _) = p.window_ms();
    assert!(
        p.dashboard_events
            .iter()
            .all(|e| e.end_ms.is_none_or(|end| end >= start)),
        "the events of the hour"
    );
}

/// A taller terminal runs the panels it brings on screen at once, with no key pressed.
#[tokio::test]
async fn a_resize_runs_the_panels_it_brings_on_screen() {
    let mut h = playing((100, 30)).await;
    let before = wf_tui::app::dashboard::update::on_screen(player(&h), h.state.size);
    h.send(Msg::Resize(100, 80));
    let p = player(&h);
    let after = wf_tui::app::dashboard::update::on_screen(p, h.state.size);
    let new: Vec<usize> = after
        .iter()
        .copied()
        .filter(|i| !before.contains(i))
        .collect();
    assert!(!new.is_empty(), "{before:?} → {after:?}");
    for i in &new {
        assert_eq!(p.panels[*i].status, Status::Loading, "panel {i} runs");
    }
    h.settle().await;
    let p = player(&h);
    for i in &new {
        assert!(p.panels[*i].loaded_at.is_some(), "panel {i} answered");
    }
}

/// `z` on the tour's "CPU and memory by host" charts both enabled sources at once (the
/// disabled "CPU last week" is not run), memory on the right-hand scale, with the dashboard's
/// event query's markers; the filter narrows to one source's series; leaving cancels nothing
/// left in flight.
#[tokio::test]
async fn z_charts_every_enabled_source_of_the_panel_together() {
    let mut h = Harness::start_with(Default::default(), LoginMethod::CspApiToken, (120, 40)).await;
    command_line(&mut h, "play demo-player-tour");
    h.settle().await;
    h.press(']');
    h.settle().await;
    h.press('z');
    h.settle().await;
    let View::Chart(c) = h.state.view() else {
        panic!("expected the chart view, got {:?}", h.state.view());
    };
    assert!(c.title.contains("CPU and memory by host"), "{}", c.title);
    let names: Vec<&str> = c.charted_sources().map(|(_, s)| s.name.as_str()).collect();
    assert_eq!(names, ["CPU", "Memory"], "the disabled source is left out");
    assert!(
        c.sources.last().unwrap().events_only,
        "the event query runs too"
    );
    assert!(!c.request.is_loading() && c.failed_sources().is_empty());
    let from: std::collections::BTreeSet<usize> = c.origin.iter().copied().collect();
    assert_eq!(from.len(), 2, "series of both sources: {:?}", c.origin);
    let memory = c.origin.iter().position(|o| *o == 1).unwrap();
    assert!(c.on_right(memory) && !c.on_right(0));
    assert!(
        c.data.as_ref().unwrap().series.len() > 2,
        "a series per host from each"
    );
    let screen = render(&h.state);
    assert!(screen.contains("2 sources (e: one alone)"), "{screen}");
    assert!(screen.contains("━━ Memory"), "{screen}");
    h.press('/');
    h.type_text("Memory");
    h.key(KeyCode::Enter);
    let View::Chart(c) = h.state.view() else {
        panic!()
    };
    assert!(c.origin.iter().all(|o| *o == 1), "{:?}", c.origin);
    h.press('r');
    h.settle().await;
    let View::Chart(c) = h.state.view() else {
        panic!()
    };
    assert!(
        !c.origin.is_empty() && c.origin.iter().all(|o| *o == 1),
        "the filter stays"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Dashboard(_)));
}
