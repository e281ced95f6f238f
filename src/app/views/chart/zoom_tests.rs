//! A zoomed dashboard panel in the chart view, driven through `update`: every source runs,
//! their union is drawn, the filter narrows it, a failed source leaves the others shown.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::ChartView;
use super::sources::SourceRun;
use crate::api::chart::{ChartData, ChartQuery, Series, Window};
use crate::api::chart_events::ShowEvents;
use crate::app::state::{State, View};
use crate::app::views::dashboard::panel::Look;
use crate::app::{Msg, update};
use crate::worker::{Command, Event};

const NOW: i64 = 1_800_000_000_000;

fn series(label: &str, host: &str, v: f64) -> Series {
    Series {
        label: label.into(),
        host: Some(host.into()),
        tags: Vec::new(),
        points: vec![(NOW / 1000 - 120, v), (NOW / 1000 - 60, v + 1.0)],
    }
}

fn answer(series: Vec<Series>) -> ChartData {
    ChartData {
        series,
        ..Default::default()
    }
}

fn source(name: &str, expression: &str, secondary: bool) -> SourceRun {
    SourceRun::new(
        name,
        ChartQuery::new(expression, Window::Hour, NOW),
        secondary,
    )
}

/// A zoom of three sources (the last on the right axis) and the dashboard's event query,
/// opened as `z` does: the commands it sent.
fn zoomed() -> (State, Vec<Command>) {
    let mut state = State::new("prod", (120, 40), NOW);
    let mut events = ChartQuery::new("events(type=deploy)", Window::Hour, NOW);
    events.events = ShowEvents::Off;
    let runs = vec![
        source("requests", "ts(requests)", false),
        source("errors", "ts(errors)", false),
        source("latency", "ts(latency)", true),
        SourceRun::event_query(events),
    ];
    let look = Look {
        units: Some("req/s".into()),
        ..Look::default()
    };
    let mut view = ChartView::for_panel(
        "Shop › Traffic",
        runs,
        look,
        ChartQuery::new("", Window::Hour, NOW),
    );
    let first = state.next_request_id();
    for _ in 1..view.ids_needed() {
        state.next_request_id();
    }
    let commands = view.run(first, NOW);
    state.stack.push(View::Chart(Box::new(view)));
    (state, commands)
}

fn chart(state: &State) -> &ChartView {
    match state.view() {
        View::Chart(c) => c,
        other => panic!("expected the chart, got {other:?}"),
    }
}

fn answer_with(state: &mut State, id: u64, result: Result<ChartData, String>) {
    let result = result.map_err(crate::api::chart::ChartError::Refused);
    update(state, Msg::Worker(Event::Chart { id, result }));
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn chart_ids(commands: &[Command]) -> Vec<(u64, String)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Chart { id, query } => Some((*id, query.expression.clone())),
            _ => None,
        })
        .collect()
}

fn answer_all(state: &mut State, ids: &[(u64, String)]) {
    let [(a, _), (b, _), (c, _), (e, _)] = ids else {
        panic!("{ids:?}");
    };
    answer_with(
        state,
        *a,
        Ok(answer(vec![
            series("requests", "web-1", 10.0),
            series("requests", "web-2", 20.0),
        ])),
    );
    answer_with(state, *b, Ok(answer(vec![series("errors", "web-1", 1.0)])));
    answer_with(
        state,
        *c,
        Ok(answer(vec![series("latency", "db-1", 300.0)])),
    );
    let mut events = answer(Vec::new());
    events.events = vec![crate::api::chart_events::ChartEvent {
        name: "deploy 42".into(),
        start_ms: NOW - 1_800_000,
        end_ms: None,
        annotations: vec![("type".into(), "deploy".into())],
        tags: Vec::new(),
        hosts: Vec::new(),
        summarized: 0,
    }];
    answer_with(state, *e, Ok(events));
}

#[test]
fn every_source_runs_and_their_union_is_charted() {
    let (mut state, commands) = zoomed();
    let ids = chart_ids(&commands);
    let expressions: Vec<&str> = ids.iter().map(|(_, e)| e.as_str()).collect();
    assert_eq!(
        expressions,
        [
            "ts(requests)",
            "ts(errors)",
            "ts(latency)",
            "events(type=deploy)"
        ]
    );
    let distinct: std::collections::BTreeSet<u64> = ids.iter().map(|(id, _)| *id).collect();
    assert_eq!(distinct.len(), 4, "one request each: {ids:?}");
    assert!(chart(&state).request.is_loading());
    answer_all(&mut state, &ids);
    let c = chart(&state);
    assert!(!c.request.is_loading());
    let data = c.data.as_ref().unwrap();
    assert_eq!(data.series.len(), 4, "the union of the three sources");
    assert_eq!(c.origin, vec![0, 0, 1, 2]);
    assert_eq!(c.source_of(2), Some("errors"));
    assert!(
        c.on_right(3) && !c.on_right(0),
        "latency is on the right axis"
    );
    assert_eq!(data.events.len(), 1, "the dashboard's event query's events");
    let screen = render(&state);
    for name in [
        "requests",
        "errors",
        "latency",
        "min 10",
        "req/s",
        "3 sources",
    ] {
        assert!(screen.contains(name), "{name} in\n{screen}");
    }
}

#[test]
fn the_filter_narrows_the_series_drawn_and_listed() {
    let (mut state, commands) = zoomed();
    answer_all(&mut state, &chart_ids(&commands));
    press(&mut state, KeyCode::Char('/'));
    assert_eq!(state.view().scope(), crate::app::keymap::Scope::Filter);
    for c in "web-1".chars() {
        press(&mut state, KeyCode::Char(c));
    }
    assert_eq!(chart(&state).origin, vec![0, 1], "as typed");
    press(&mut state, KeyCode::Enter);
    let c = chart(&state);
    assert_eq!(c.data.as_ref().unwrap().series.len(), 2);
    assert_eq!(c.total_series, 4);
    let screen = render(&state);
    assert!(screen.contains("2 of 4 series"), "{screen}");
    assert!(screen.contains("/web-1"), "{screen}");
    assert!(!screen.contains("db-1"), "{screen}");
    // The numbers list the same series.
    press(&mut state, KeyCode::Char('n'));
    assert!(render(&state).contains("series 1–2 of 2"));
    press(&mut state, KeyCode::Char('n'));
    // A refresh keeps the filter on the new answers.
    press(&mut state, KeyCode::Char('r'));
    assert_eq!(chart(&state).requests().len(), 4, "all run again");
    press(&mut state, KeyCode::Esc);
    assert!(
        matches!(state.view(), View::Chart(_)),
        "esc clears the filter first"
    );
    assert!(chart(&state).filter.is_none());
}

#[test]
fn one_failed_source_leaves_the_others_shown_and_is_named() {
    let (mut state, commands) = zoomed();
    let ids = chart_ids(&commands);
    answer_with(
        &mut state,
        ids[0].0,
        Ok(answer(vec![series("requests", "web-1", 10.0)])),
    );
    answer_with(
        &mut state,
        ids[1].0,
        Err("Unknown function: frobnicate".into()),
    );
    answer_with(&mut state, ids[2].0, Ok(answer(Vec::new())));
    answer_with(&mut state, ids[3].0, Ok(answer(Vec::new())));
    let c = chart(&state);
    assert!(c.request.failed().is_none(), "{:?}", c.request);
    assert_eq!(c.data.as_ref().unwrap().series.len(), 1);
    assert_eq!(c.failed_sources().len(), 1);
    let screen = render(&state);
    assert!(
        screen.contains("errors failed: query failed: Unknown function"),
        "{screen}"
    );
    assert!(screen.contains("requests"), "{screen}");
}

#[test]
fn every_source_failing_fails_the_chart_with_their_errors() {
    let (mut state, commands) = zoomed();
    let ids = chart_ids(&commands);
    for (id, _) in &ids[..3] {
        answer_with(&mut state, *id, Err("HTTP 500".into()));
    }
    assert!(
        chart(&state).request.is_loading(),
        "the event query runs still"
    );
    answer_with(&mut state, ids[3].0, Ok(answer(Vec::new())));
    let c = chart(&state);
    let why = c.request.failed().unwrap();
    assert!(why.contains("requests: query failed: HTTP 500"), "{why}");
    assert!(c.data.is_none());
}

#[test]
fn e_shows_one_source_alone_then_the_next_then_all() {
    let (mut state, commands) = zoomed();
    answer_all(&mut state, &chart_ids(&commands));
    press(&mut state, KeyCode::Char('e'));
    assert_eq!(chart(&state).origin, vec![0, 0]);
    assert_eq!(chart(&state).query.expression, "ts(requests)");
    assert!(render(&state).contains("requests alone (e: the next)"));
    press(&mut state, KeyCode::Char('e'));
    assert_eq!(chart(&state).origin, vec![1]);
    press(&mut state, KeyCode::Char('e'));
    assert_eq!(chart(&state).origin, vec![2]);
    let sent = update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE)),
    );
    assert_eq!(chart(&state).origin, vec![0, 0, 1, 2], "all again");
    assert!(
        sent.is_empty(),
        "e reruns nothing: the answers are all here"
    );
}

#[test]
fn leaving_and_rerunning_cancel_every_source_in_flight() {
    let (mut state, commands) = zoomed();
    let ids: Vec<u64> = chart_ids(&commands).iter().map(|(id, _)| *id).collect();
    let View::Chart(c) = state.view_mut() else {
        panic!()
    };
    let again = c.run(100, NOW + 1000);
    let cancelled: Vec<u64> = again
        .iter()
        .filter_map(|c| match c {
            Command::Cancel(id) => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(cancelled, ids);
    assert!(!c.receive(ids[0], Ok(answer(Vec::new()))), "stale");
    let close = crate::app::views::ViewBehaviour::on_close(&mut **c);
    assert_eq!(close.len(), 4, "{close:?}");
    assert!(
        close
            .iter()
            .all(|c| matches!(c, Command::Cancel(100..=103)))
    );
}

#[test]
fn a_window_key_reruns_every_source_over_the_new_window() {
    let (mut state, commands) = zoomed();
    answer_all(&mut state, &chart_ids(&commands));
    press(&mut state, KeyCode::Char('3'));
    let c = chart(&state);
    assert_eq!(c.query.window, Window::Day);
    assert!(
        c.sources
            .iter()
            .all(|s| s.query.window == Window::Day && s.request.is_loading())
    );
    press(&mut state, KeyCode::Char('v'));
    let c = chart(&state);
    assert_eq!(c.query.events, ShowEvents::All);
    assert_eq!(
        c.sources[0].query.events,
        ShowEvents::All,
        "the first asks for the list"
    );
    assert_eq!(c.sources[1].query.events, ShowEvents::FromChart);
    assert_eq!(
        c.sources[3].query.events,
        ShowEvents::Off,
        "the event query"
    );
}

#[test]
fn a_live_zoom_refreshes_on_the_dashboards_schedule_and_p_pauses_it() {
    let (mut state, commands) = zoomed();
    answer_all(&mut state, &chart_ids(&commands));
    if let View::Chart(c) = state.view_mut() {
        c.live_ms = Some(60_000);
    }
    assert_eq!(state.view().next_tick_ms(NOW), Some(NOW + 60_000));
    state.now_ms = NOW + 30_000;
    assert!(update(&mut state, Msg::Tick).is_empty(), "not due yet");
    state.now_ms = NOW + 60_000;
    let again = chart_ids(&update(&mut state, Msg::Tick));
    assert_eq!(again.len(), 4, "every source runs again: {again:?}");
    assert!(render(&state).contains("  live"));
    press(&mut state, KeyCode::Char('p'));
    assert!(chart(&state).paused);
    assert_eq!(state.view().next_tick_ms(NOW), None, "paused: no timer");
    state.now_ms = NOW + 600_000;
    assert!(chart_ids(&update(&mut state, Msg::Tick)).is_empty());
}

#[test]
fn the_cursor_reads_every_series_at_its_time() {
    let (mut state, commands) = zoomed();
    answer_all(&mut state, &chart_ids(&commands));
    render(&state);
    press(&mut state, KeyCode::Char('l'));
    assert!(chart(&state).cursor.is_some());
    let screen = render(&state);
    assert_eq!(screen.matches("here ").count(), 4, "{screen}");
}

/// The screen as the app draws it, colours and all.
fn drawn(state: &State) -> ratatui::buffer::Buffer {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(
        state.size.0,
        state.size.1,
    ))
    .unwrap();
    terminal
        .draw(|f| {
            crate::ui::draw(f, state);
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text.
pub(super) fn render(state: &State) -> String {
    let buffer = drawn(state);
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// A zoom sends at most `limit` of its sources' queries at once (the player's
/// `[dashboard] concurrency`); each answer lets the next queued one go, a stale answer does
/// not, and a rerun starts over from the first source.
#[test]
fn a_zoom_sends_at_most_its_limit_and_the_rest_as_answers_arrive() {
    let (mut state, _) = zoomed();
    let View::Chart(view) = state.view_mut() else {
        unreachable!()
    };
    view.limit = 2;
    let first = state.next_request_id();
    for _ in 1..4 {
        state.next_request_id();
    }
    let View::Chart(view) = state.view_mut() else {
        unreachable!()
    };
    let sent = chart_ids(&view.run(first, NOW));
    assert_eq!(
        sent,
        [
            (first, "ts(requests)".to_string()),
            (first + 1, "ts(errors)".to_string())
        ]
    );
    // A stale id (the run before) sends nothing.
    let commands = update(
        &mut state,
        Msg::Worker(Event::Chart {
            id: first - 1,
            result: Ok(answer(Vec::new())),
        }),
    );
    assert!(chart_ids(&commands).is_empty());
    let commands = update(
        &mut state,
        Msg::Worker(Event::Chart {
            id: first + 1,
            result: Ok(answer(vec![series("errors", "web-1", 1.0)])),
        }),
    );
    assert_eq!(
        chart_ids(&commands),
        [(first + 2, "ts(latency)".to_string())]
    );
    // A failure frees its place too.
    let commands = update(
        &mut state,
        Msg::Worker(Event::Chart {
            id: first,
            result: Err(crate::api::chart::ChartError::Refused("no".into())),
        }),
    );
    assert_eq!(
        chart_ids(&commands),
        [(first + 3, "events(type=deploy)".to_string())]
    );
    assert!(chart(&state).sources[2].request.is_loading());
    // Nothing is left to send.
    let commands = update(
        &mut state,
        Msg::Worker(Event::Chart {
            id: first + 2,
            result: Ok(answer(Vec::new())),
        }),
    );
    assert!(chart_ids(&commands).is_empty());
}

/// A source's `sourceColor` colours its series in the plot and in the legend; the others keep
/// the palette's colour of their place.
#[test]
fn a_source_colour_draws_its_series_in_the_plot_and_the_legend() {
    use ratatui::style::Color;
    let own = Color::Rgb(150, 150, 150);
    let (mut state, commands) = zoomed();
    if let View::Chart(c) = state.view_mut() {
        c.sources[1].color = Some(own);
    }
    answer_all(&mut state, &chart_ids(&commands));
    let c = chart(&state);
    // requests ×2, errors, latency: errors (series 2) is the coloured source's.
    assert_eq!(c.series_color(2), own);
    assert_eq!(c.series_color(0), super::draw::PALETTE[0]);
    assert_eq!(c.series_color(3), super::draw::PALETTE[3]);
    let buffer = drawn(&state);
    let braille = |s: &str| s.chars().all(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
    let plotted = buffer
        .content()
        .iter()
        .filter(|cell| braille(cell.symbol()) && cell.fg == own)
        .count();
    assert!(
        plotted > 0,
        "the errors series is drawn in its source's colour"
    );
    let legend = buffer
        .content()
        .iter()
        .filter(|cell| cell.symbol() == "━" && cell.fg == own)
        .count();
    assert_eq!(legend, 2, "its legend line's mark");
}

/// `NO_COLOR`: the series (and a source's own colour) are drawn without colour too.
#[test]
fn no_color_leaves_no_colour_on_the_chart() {
    use ratatui::style::Color;
    let (mut state, commands) = zoomed();
    state.theme = crate::theme::Theme::default().without_colors();
    if let View::Chart(c) = state.view_mut() {
        c.sources[1].color = Some(Color::Rgb(150, 150, 150));
    }
    answer_all(&mut state, &chart_ids(&commands));
    let buffer = drawn(&state);
    let coloured: Vec<_> = buffer
        .content()
        .iter()
        .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
        .map(|c| (c.symbol().to_string(), c.fg, c.bg))
        .take(3)
        .collect();
    assert!(coloured.is_empty(), "{coloured:?}");
    assert!(
        buffer.content().iter().any(|c| c.symbol() == "━"),
        "the legend is still drawn"
    );
}
