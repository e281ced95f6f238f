//! Snapshots of the query workbench on ratatui's test backend: the `:query` editor with its
//! colours and completion popup, a long query's box, and a chart's statistics and an error
//! marked at its place in the query. No server: fixed state and a fixed clock.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashMap;

use common::{key, render};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wf_tui::api::chart::{Window, parse_query_result};
use wf_tui::app::chart::ChartView;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};

const NOW: i64 = 1_800_000_000_000;

fn state(size: (u16, u16)) -> State {
    let mut state = State::new("prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    state.query_cache.account = Some("prod".into());
    let known = &mut state.query_cache.known;
    for m in [
        "cpu.load.1m",
        "cpu.load.5m",
        "cpu.usage.idle",
        "cpu.usage.user",
        "mem.used",
    ] {
        known.metrics.insert(m.into());
    }
    let tags = known.tags.entry("cpu.usage.idle".into()).or_default();
    tags.entry("env".into()).or_default().insert("prod".into());
    tags.entry("env".into())
        .or_default()
        .insert("staging".into());
    state
}

fn type_line(state: &mut State, text: &str) {
    update(state, Msg::Key(key(KeyCode::Char(':'))));
    for c in text.chars() {
        update(state, Msg::Key(key(KeyCode::Char(c))));
    }
}

/// Row `y` as runs of one foreground colour: `[Cyan]sum[Reset](`.
fn colour_runs(state: &State, y: u16) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            wf_tui::ui::draw(f, state);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    let mut last = None;
    for x in 0..w {
        let cell = &buffer[(x, y)];
        let style = (cell.fg, cell.modifier);
        if last != Some(style) {
            out.push_str(&format!(
                "[{:?}{}]",
                cell.fg,
                if cell.modifier.is_empty() {
                    String::new()
                } else {
                    format!(" {:?}", cell.modifier)
                }
            ));
            last = Some(style);
        }
        out.push_str(cell.symbol());
    }
    out.trim_end().to_string()
}

#[test]
fn the_editor_colours_the_query_and_lists_candidates() {
    let mut state = state((80, 16));
    type_line(
        &mut state,
        "query sum(ts(cpu.usage.idle, env=prod)) > 2 and ts(cpu.",
    );
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    insta::assert_snapshot!(render(&state));
    insta::assert_snapshot!("editor_colours", colour_runs(&state, 15));
}

#[test]
fn a_function_candidate_shows_its_signature() {
    let mut state = state((80, 16));
    type_line(&mut state, "query ma");
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    update(&mut state, Msg::Key(key(KeyCode::Down)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn a_long_query_is_wrapped_in_a_box() {
    let mut state = state((60, 16));
    type_line(
        &mut state,
        "query sum(mavg(5m, rate(ts(cpu.usage.idle, env=prod and region=\"us-east-1\" and not source=db-*))), env) / ${scale}",
    );
    insta::assert_snapshot!(render(&state));
}

fn chart_state(expression: &str, answer: serde_json::Value, failed: Option<&str>) -> State {
    let mut state = state((100, 14));
    let mut view = ChartView::for_expression(expression, NOW);
    view.set_window(Window::Hour);
    match failed {
        Some(message) => {
            view.request = wf_tui::app::remote::Remote::Failed(message.into());
        }
        None => view.data = Some(parse_query_result(&answer).unwrap()),
    }
    state.stack.push(View::Chart(Box::new(view)));
    state
}

#[test]
fn the_chart_says_its_statistics() {
    let expression = "ts(cpu.usage.percentage, env=prod and role=api)";
    let view = ChartView::for_expression(expression, NOW);
    let params: HashMap<String, String> = view.query.request().query.into_iter().collect();
    let mut answer = wf_tui::demo::chart::answer(&params, NOW).unwrap();
    answer["stats"] = serde_json::json!({
        "keys": 4, "points": 43_200, "latency": 182, "cpu_ns": 3_400_000,
        "metrics_used": 1, "hosts_used": 4, "compacted_points": 0
    });
    let state = chart_state(expression, answer, None);
    let screen = render(&state);
    assert!(screen.contains(
        "4 series · 43.2k points scanned · 182 ms · cpu 3.4 ms · cardinality 4 · 1 metric, 4 sources"
    ), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn an_error_is_marked_at_its_place_in_the_query() {
    let message =
        "GET /api/v2/chart/api: Query syntax error: Unexpected ) at position 12 (HTTP 400)";
    let state = chart_state("sum(ts(cpu)))", serde_json::Value::Null, Some(message));
    let screen = render(&state);
    assert!(
        screen.contains("at char 13 (marked above): GET /api/v2/chart/api: Query syntax error"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    insta::assert_snapshot!("error_mark", colour_runs(&state, 2));
    // No position in the message: said so.
    let state = chart_state(
        "frobnicate(ts(cpu))",
        serde_json::Value::Null,
        Some("query failed (QueryError): Unknown function: frobnicate"),
    );
    assert!(render(&state).contains("no position given: query failed"));
}

#[test]
fn the_metrics_tree() {
    use wf_tui::api::metrics::{Answer, Ask, SourceDetail};
    use wf_tui::app::metrics::MetricsView;
    let mut state = state((80, 14));
    let mut view = MetricsView::new("");
    let names = |n: &[&str]| -> Result<Answer, String> {
        Ok(Answer::Children {
            names: n.iter().map(ToString::to_string).collect(),
            cut: false,
        })
    };
    view.ask(1, Ask::Children { prefix: "".into() });
    view.receive(1, &names(&["aws.", "cpu.", "jvm.", "mem."]));
    view.toggle("cpu.");
    view.ask(
        2,
        Ask::Children {
            prefix: "cpu.".into(),
        },
    );
    view.receive(2, &names(&["cpu.load.", "cpu.usage.idle"]));
    view.toggle("cpu.usage.idle");
    view.ask(
        3,
        Ask::Detail {
            metric: "cpu.usage.idle".into(),
        },
    );
    let source = |host: &str, ago_s: i64, env: &str| SourceDetail {
        host: host.into(),
        last_update: Some(NOW - ago_s * 1000),
        tags: vec![
            ("env".into(), env.into()),
            ("region".into(), "us-east-1".into()),
        ],
    };
    let sources = vec![
        source("web-01", 40, "prod"),
        source("web-02\u{1b}[2J", 7200, "staging"),
    ];
    view.receive(
        3,
        &Ok(Answer::Detail {
            sources,
            more: false,
        }),
    );
    view.selected = 3;
    state.stack.push(View::Metrics(Box::new(view)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn saved_queries_of_the_profile_are_offered_on_an_empty_query() {
    use wf_tui::config::wavefront_cli::parse_queries;
    let mut state = state((80, 12));
    state.saved_queries = parse_queries(
        "[default]\nq_cpu = ts(cpu.load.1m)\n[prod]\nq_mem = sum(ts(mem.used, env=prod))\nq_lag = 'ts(kafka.topic.orders.consumer_lag)'\n",
    );
    type_line(&mut state, "query ");
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    insta::assert_snapshot!(render(&state));
    update(&mut state, Msg::Key(key(KeyCode::Down)));
    update(&mut state, Msg::Key(key(KeyCode::Enter)));
    let line = state.prompt.as_ref().unwrap().value().to_string();
    assert_eq!(line, "query ts(kafka.topic.orders.consumer_lag)");
}
