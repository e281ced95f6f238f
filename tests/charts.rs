//! Charts and exports end to end: the worker runs chart queries over real HTTP against the
//! stand-in and the view shows the result; `:export` writes what the list shows; the `query` CLI.
//! Snapshots of the chart and numbers views from deterministic stand-in series and a fixed clock.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashMap;

use common::{Harness, key, render};
use crossterm::event::KeyCode;
use wf_tui::api::chart::{ChartQuery, Granularity, Window, parse_query_result};
use wf_tui::app::chart::ChartView;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::worker::Command;

fn chart(h: &Harness) -> &ChartView {
    match h.state.view() {
        View::Chart(c) => c,
        other => panic!("expected a chart, got {other:?}"),
    }
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

#[tokio::test]
async fn query_draws_series_and_switches_window_granularity_and_numbers() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(
        &mut h,
        "query ts(cpu.usage.percentage, env=prod and role=api)",
    );
    h.settle().await;
    let c = chart(&h);
    assert!(c.request.failed().is_none(), "{:?}", c.request);
    let data = c.data.as_ref().expect("series arrived");
    assert!((2..=4).contains(&data.series.len()));
    assert!(data.series.iter().all(|s| s.points.len() == 60));
    assert_eq!(data.series[0].host.as_deref(), Some("api-01"));
    let screen = render(&h.state);
    assert!(screen.contains("window 1h"), "{screen}");
    assert!(screen.contains("granularity m"), "{screen}");
    assert!(
        screen.contains("━━ cpu.usage.percentage  api-01  env=prod role=api"),
        "{screen}"
    );

    h.press('3');
    h.settle().await;
    let c = chart(&h);
    assert_eq!(c.query.window, Window::Day);
    assert_eq!(c.query.granularity, Granularity::Hour);
    assert_eq!(c.data.as_ref().unwrap().series[0].points.len(), 24);
    assert!(render(&h.state).contains("window 1d"));

    h.press('g');
    h.settle().await;
    assert_eq!(chart(&h).query.granularity, Granularity::Day);
    h.press('2');
    h.settle().await;
    assert_eq!(chart(&h).query.granularity, Granularity::Minute);
    assert_eq!(chart(&h).data.as_ref().unwrap().series[0].points.len(), 360);

    h.key(KeyCode::Tab);
    let screen = render(&h.state);
    assert!(screen.contains("TIME (UTC)"), "{screen}");
    assert!(screen.contains("api-01"), "{screen}");
    h.press('j');
    assert_eq!(chart(&h).scroll, 1);

    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Table(_)));
}

#[tokio::test]
async fn copy_as_curl_is_exact_and_token_free() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(
        &mut h,
        "query sum(ts(http.server.requests.count, env=prod))",
    );
    h.settle().await;
    let q = chart(&h).query.clone();
    let commands = update(&mut h.state, Msg::Key(key(KeyCode::Char('C'))));
    let [Command::Copy(curl)] = &commands[..] else {
        panic!("expected one copy, got {commands:?}");
    };
    let port = h.server.url().rsplit(':').next().unwrap().to_string();
    assert_eq!(
        curl,
        &format!(
            "curl 'http://127.0.0.1:{port}/api/v2/chart/api?q=sum%28ts%28http.server.requests.count%2C+env%3Dprod%29%29\
             &s={}&e={}&g=m&n=wf-tui&p=1000&strict=true&autoEvents=true' \
             -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\"",
            q.start_ms(),
            q.end_ms
        )
    );
    let creds = h.server.credentials();
    assert!(!curl.contains(creds.csp_api_token.expose()));
    for issued in h.server.state().issued_tokens() {
        assert!(
            !curl.contains(&issued),
            "an access token leaked into the curl"
        );
    }
    assert!(h.render().contains("$WAVEFRONT_TOKEN"));
}

#[tokio::test]
async fn query_errors_are_shown_in_words() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    // Unbalanced: the stand-in answers 400 with a text body, as the real endpoint does.
    command_line(&mut h, "query sum(ts(cpu)");
    h.settle().await;
    let err = chart(&h).request.failed().cloned().expect("an error");
    assert!(err.contains("Query syntax error: Missing )"), "{err}");
    assert!(err.contains("HTTP 400"), "{err}");
    assert!(render(&h.state).contains("Query syntax error"));

    // An unknown function: HTTP 200 with errorType/errorMessage must still be an error.
    h.key(KeyCode::Esc);
    command_line(&mut h, "query frobnicate(ts(cpu))");
    h.settle().await;
    let c = chart(&h);
    assert_eq!(
        c.request.failed().map(String::as_str),
        Some("query failed (QueryError): Unknown function: frobnicate")
    );
    assert!(c.data.is_none());
    assert!(render(&h.state).contains("Unknown function: frobnicate"));
    // The app stays usable: another window runs again.
    h.press('4');
    h.settle().await;
    assert!(chart(&h).request.failed().is_some());
}

#[tokio::test]
async fn c_charts_an_alert_from_its_row_and_from_its_inspector() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(&mut h, "alert");
    h.settle().await;
    h.press('c');
    h.settle().await;
    let c = chart(&h);
    assert!(c.title.starts_with("Alerts › "), "{}", c.title);
    assert_eq!(c.expression_name(), "display expression");
    assert!(
        c.data.as_ref().is_some_and(|d| !d.series.is_empty()),
        "{:?}",
        c.request
    );
    let display = c.query.expression.clone();
    h.press('e');
    h.settle().await;
    let c = chart(&h);
    assert_eq!(c.expression_name(), "condition");
    assert_ne!(c.query.expression, display);
    assert!(
        c.data.as_ref().is_some_and(|d| !d.series.is_empty()),
        "{:?}",
        c.request
    );

    h.key(KeyCode::Esc);
    h.press('i');
    h.settle().await;
    assert!(matches!(h.state.view(), View::Detail(_)));
    h.press('c');
    h.settle().await;
    assert!(chart(&h).data.is_some());
}

#[tokio::test]
async fn c_elsewhere_explains_itself() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    h.press('c');
    let flash = h.state.flash.clone().expect("a message");
    // Cloud integrations are not charted: the message says what is.
    assert!(flash.text.contains("c charts an alert"), "{}", flash.text);
}

#[tokio::test]
async fn export_writes_the_list_as_shown_and_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(&mut h, "alert");
    h.settle().await;
    // Filter first: the export holds the rows shown.
    h.press('/');
    h.type_text("cpu");
    h.key(KeyCode::Enter);
    let shown = h.table().view.len();
    assert!(shown > 0 && shown < h.table().rows.len());

    let csv_path = dir.path().join("alerts.csv");
    command_line(&mut h, &format!("export {}", csv_path.display()));
    h.next_event().await;
    let flash = h.state.flash.clone().unwrap();
    assert_eq!(
        flash.text,
        format!(
            "wrote {shown} rows of Alerts as CSV to {}",
            csv_path.display()
        )
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "id,NAME,SEVERITY,STATUS,TYPE,LAST EVENT,TAGS");
    assert_eq!(lines.len(), shown + 1);

    let json_path = dir.path().join("alerts.data");
    command_line(&mut h, &format!("export json {}", json_path.display()));
    h.next_event().await;
    let items: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(items.as_array().unwrap().len(), shown);
    assert!(
        items[0]["condition"].is_string(),
        "the raw items, not the cells"
    );

    // No format: asked for, nothing written.
    command_line(
        &mut h,
        &format!("export {}", dir.path().join("x.txt").display()),
    );
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains(".json or .csv")
    );

    // A document exports as JSON.
    h.press('i');
    h.settle().await;
    let doc_path = dir.path().join("alert.json");
    command_line(&mut h, &format!("export {}", doc_path.display()));
    h.next_event().await;
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&doc_path).unwrap()).unwrap();
    assert!(doc["condition"].is_string());
    command_line(
        &mut h,
        &format!("export {}", dir.path().join("a.csv").display()),
    );
    assert!(h.state.flash.as_ref().unwrap().text.contains("JSON"));

    // A failed write says so.
    command_line(&mut h, "export /nonexistent-dir/x.json");
    h.next_event().await;
    let flash = h.state.flash.clone().unwrap();
    assert!(
        flash
            .text
            .starts_with("cannot write /nonexistent-dir/x.json"),
        "{}",
        flash.text
    );
}

#[tokio::test]
async fn exported_tokens_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "apitoken");
    h.settle().await;
    for name in ["t.json", "t.csv"] {
        let path = dir.path().join(name);
        command_line(&mut h, &format!("export {}", path.display()));
        h.next_event().await;
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("wf-tui demo"), "{text}");
        let creds = h.server.credentials();
        for secret in [&creds.api_token, &creds.service_account_token] {
            assert!(
                !text.contains(secret.expose()),
                "a token leaked into {name}"
            );
        }
    }
}

#[test]
fn query_cli_prints_series_curl_and_errors() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        common::wf_tui_command(home.path())
            .arg("--demo")
            .arg("query")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "sum(ts(cpu.usage.percentage, env=prod))",
        "--window",
        "1d",
        "-o",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "time,label,host,tags,value");
    assert_eq!(lines.len(), 1 + 24, "{csv}");
    assert!(
        lines[1].contains(",cpu.usage.percentage,,env=prod,"),
        "{}",
        lines[1]
    );

    let out = run(&[
        "ts(cpu.usage.percentage, role=web)",
        "-o",
        "json",
        "--granularity",
        "h",
    ]);
    assert!(out.status.success());
    let series: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(series[0]["host"], "web-01");
    assert_eq!(series[0]["points"].as_array().unwrap().len(), 1);

    let out = run(&["ts(cpu.usage.percentage, role=web)"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("cpu.usage.percentage web-01 role=web"),
        "{text}"
    );
    assert!(text.contains("60 points"), "{text}");

    let out = run(&["ts(x)", "--curl"]);
    let curl = String::from_utf8(out.stdout).unwrap();
    assert!(curl.starts_with("curl 'http://127.0.0.1:"), "{curl}");
    assert!(curl.contains("/api/v2/chart/api?q=ts%28x%29&s="));
    assert!(
        curl.trim_end()
            .ends_with("-H \"Authorization: Bearer $WAVEFRONT_TOKEN\"")
    );

    let out = run(&["frobnicate(ts(x))"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "wf-tui: query failed (QueryError): Unknown function: frobnicate"
    );
    let out = run(&["ts(x", "--window", "soon"]);
    assert_eq!(out.status.code(), Some(2), "a bad window is a usage error");
    // A typed length: the request spans it.
    let out = run(&["ts(x)", "--window", "2h", "--curl"]);
    assert!(out.status.success(), "{out:?}");
    let curl = String::from_utf8(out.stdout).unwrap();
    let param = |name: &str| -> i64 {
        let at = curl.find(&format!("&{name}=")).unwrap() + name.len() + 2;
        curl[at..].split('&').next().unwrap().parse().unwrap()
    };
    assert_eq!(param("e") - param("s"), 2 * 3_600_000, "{curl}");
}

// Snapshots: deterministic stand-in series, a fixed clock.

const NOW: i64 = 1_800_000_000_000;

fn snapshot_state(expression: &str, window: Window, size: (u16, u16)) -> State {
    let mut state = State::new("prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    let mut view = ChartView::for_expression(expression, NOW);
    view.set_window(window);
    let query: ChartQuery = view.query.clone();
    let params: HashMap<String, String> = query.request().query.into_iter().collect();
    let answer = wf_tui::demo::chart::answer(&params, NOW).unwrap();
    view.data = Some(parse_query_result(&answer).unwrap());
    state.stack.push(View::Chart(Box::new(view)));
    state
}

#[test]
fn chart_view_snapshot() {
    let state = snapshot_state(
        "ts(cpu.usage.percentage, env=prod and role=api)",
        Window::Hour,
        (100, 30),
    );
    insta::assert_snapshot!(render(&state));
}

#[test]
fn chart_view_week_snapshot() {
    let state = snapshot_state(
        "ts(kafka.consumer.lag, consumer_group=\"checkout-workers\")",
        Window::Week,
        (90, 24),
    );
    insta::assert_snapshot!(render(&state));
}

#[test]
fn chart_numbers_snapshot() {
    let mut state = snapshot_state(
        "ts(cpu.usage.percentage, env=prod and role=api)",
        Window::Hour,
        (80, 20),
    );
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    update(&mut state, Msg::Key(key(KeyCode::Char('j'))));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn chart_error_snapshot() {
    let mut state = snapshot_state("ts(x)", Window::Hour, (80, 10));
    if let View::Chart(c) = state.view_mut() {
        c.data = None;
        c.request = wf_tui::app::remote::Remote::Failed(
            "query failed (QueryError): Unknown function: frobnicate\u{1b}[31m".into(),
        );
    }
    insta::assert_snapshot!(render(&state));
}

#[test]
fn many_series_draw_the_first_eight_and_count_the_rest() {
    use wf_tui::api::chart::{ChartData, Series};
    let mut state = snapshot_state("ts(x)", Window::Hour, (100, 40));
    if let View::Chart(c) = state.view_mut() {
        c.data = Some(ChartData {
            series: (0..12)
                .map(|i| Series {
                    label: "x".into(),
                    host: Some(format!("host-{i:02}\u{202e}")),
                    tags: vec![("env".into(), "prod".into())],
                    points: vec![
                        (NOW / 1000 - 600, i as f64),
                        (NOW / 1000 - 60, 2.0 * i as f64),
                    ],
                })
                .collect(),
            ..Default::default()
        });
    }
    let screen = render(&state);
    assert!(screen.contains("host-07"), "{screen}");
    assert!(!screen.contains("host-08"), "{screen}");
    assert!(screen.contains("+4 more series not drawn"), "{screen}");
    assert!(!screen.contains('\u{202e}'), "bidi overrides are sanitised");
}

#[test]
fn warnings_and_dropped_points_are_shown_above_the_chart() {
    let mut state = snapshot_state("ts(x)", Window::Hour, (100, 30));
    let answer = serde_json::json!({
        "warnings": "Query exceeded the point limit; results were summarized",
        "timeseries": [{"label": "x", "host": "h", "data": [[NOW / 1000 - 120, 1.0], [NOW / 1000 - 60, null]]}],
    });
    if let View::Chart(c) = state.view_mut() {
        c.data = Some(parse_query_result(&answer).unwrap());
    }
    let screen = render(&state);
    assert!(
        screen.contains("warning: Query exceeded the point limit; results were summarized"),
        "{screen}"
    );
    assert!(
        screen.contains("1 point without a number was left out"),
        "{screen}"
    );
    assert!(screen.contains("━━ x  h"), "{screen}");
}

/// Regression: page keys in the numbers predicted the chart's height (a row more than the
/// numbers show, and more under a warning), so a page skipped rows never shown.
#[test]
fn a_page_of_numbers_is_the_rows_drawn() {
    let mut state = snapshot_state("ts(x)", Window::Hour, (80, 20));
    if let View::Chart(c) = state.view_mut() {
        c.numbers = true;
        c.data.as_mut().unwrap().warnings.push("a warning".into());
    }
    let screen = render(&state);
    let header = screen
        .lines()
        .position(|l| l.contains("TIME (UTC)"))
        .expect("the numbers' header");
    // The rows shown: below the column header, above the footer.
    let shown = screen.lines().count() - 1 - (header + 1);
    update(&mut state, Msg::Key(key(KeyCode::PageDown)));
    let View::Chart(c) = state.view() else {
        panic!()
    };
    assert_eq!(c.scroll, shown, "{screen}");
}
