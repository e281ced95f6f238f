//! The query editor end to end: `tab` in a `:query` line completes functions, metric names
//! (from the undocumented names endpoint when the instance answers it, else from the queries
//! typed), sources and point tags (from the official metric detail), over real HTTP to the
//! stand-in; and snapshots of the editor with its colours and popup.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::{Harness, render};
use crossterm::event::KeyCode;
use wf_tui::app::query_editor::cache::{NO_NAMES, Probe};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::DemoOptions;

fn open_line(h: &mut Harness, text: &str) {
    h.press(':');
    h.type_text(text);
}

fn line(h: &Harness) -> String {
    h.state.prompt.as_ref().unwrap().value().to_string()
}

fn candidates(h: &Harness) -> Vec<String> {
    h.state
        .query_editor
        .popup
        .as_ref()
        .map(|p| {
            p.completion
                .candidates
                .iter()
                .map(|c| c.text.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn asked(h: &Harness, path: &str) -> usize {
    h.server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == path)
        .count()
}

#[tokio::test]
async fn tab_completes_metrics_sources_and_tags_over_http() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_line(&mut h, "query ts(cpu.");
    h.key(KeyCode::Tab);
    h.settle().await;
    let names = candidates(&h);
    assert!(names.contains(&"cpu.load.".to_string()), "{names:?}");
    assert!(names.contains(&"cpu.usage.".to_string()), "{names:?}");
    assert_eq!(h.state.query_cache.names, Probe::Answers);
    // Down to cpu.load. and in: one level further.
    let at = names.iter().position(|n| n == "cpu.load.").unwrap();
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(line(&h), "query ts(cpu.load.");
    h.key(KeyCode::Tab);
    h.settle().await;
    assert_eq!(
        candidates(&h),
        vec!["cpu.load.15m", "cpu.load.1m", "cpu.load.5m"]
    );
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.type_text(", ");
    // Point-tag keys of that metric, from the official metric detail.
    h.key(KeyCode::Tab);
    h.settle().await;
    assert_eq!(asked(&h, "/api/v2/chart/metric/detail"), 1);
    let keys = candidates(&h);
    assert_eq!(keys, vec!["source", "env", "region"], "{keys:?}");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(line(&h), "query ts(cpu.load.1m, env=");
    // Values: known now, no second request; the one that fits is taken.
    let values = &h.state.query_cache.known.tags["cpu.load.1m"]["env"];
    assert!(values.contains("prod"), "{values:?}");
    h.type_text("pr");
    h.key(KeyCode::Tab);
    assert_eq!(line(&h), "query ts(cpu.load.1m, env=prod");
    h.type_text(" and source=");
    h.key(KeyCode::Tab);
    let sources = candidates(&h);
    assert!(
        sources.len() >= 2 && sources.iter().all(|s| s.starts_with("cpu-")),
        "{sources:?}"
    );
    assert_eq!(asked(&h, "/api/v2/chart/metric/detail"), 1, "cached");
    h.key(KeyCode::Esc);
    assert!(
        h.state.prompt.is_some(),
        "esc closes the list, not the line"
    );
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.type_text(")");
    // The query runs as typed.
    h.key(KeyCode::Enter);
    h.settle().await;
    let screen = render(&h.state);
    assert!(
        screen.contains("ts(cpu.load.1m, env=prod and source=cpu-"),
        "{screen}"
    );
    // A glob metric: sources of any metric, from the official source search.
    open_line(&mut h, "query ts(cpu.*, source=web-00000");
    h.key(KeyCode::Tab);
    h.settle().await;
    let found = candidates(&h);
    assert!(found.len() >= 2, "{found:?}");
    assert!(
        found.iter().all(|s| s.starts_with("web-00000")),
        "{found:?}"
    );
    assert_eq!(asked(&h, "/api/v2/search/source"), 1);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    // The names endpoint was probed once for the two lookups.
    assert_eq!(asked(&h, "/chart/metrics/all"), 2);
}

#[tokio::test]
async fn without_the_undocumented_endpoints_names_come_from_typed_queries() {
    let options = DemoOptions {
        undocumented: false,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    // A query charted before: its metric is known.
    open_line(&mut h, "query ts(mem.used.percentage)");
    h.key(KeyCode::Enter);
    h.settle().await;
    open_line(&mut h, "query ts(me");
    h.key(KeyCode::Tab);
    h.settle().await;
    assert_eq!(h.state.query_cache.names, Probe::Missing);
    assert_eq!(candidates(&h), vec!["mem."], "the one namespace known");
    h.key(KeyCode::Enter);
    assert_eq!(line(&h), "query ts(mem.");
    assert_eq!(h.state.query_editor.hint.as_deref(), Some(NO_NAMES));
    // Asked once: the next lookups do not try again.
    h.key(KeyCode::Esc);
    open_line(&mut h, "query ts(disk.");
    h.key(KeyCode::Tab);
    h.settle().await;
    assert_eq!(asked(&h, "/chart/metrics/all"), 1);
    assert!(render(&h.state).contains("no metric-name completion"));
    // Tags still come from the official endpoint.
    h.key(KeyCode::Esc);
    open_line(&mut h, "query ts(cpu.usage.idle, ");
    h.key(KeyCode::Tab);
    h.settle().await;
    assert!(candidates(&h).contains(&"env".to_string()));
}

#[tokio::test]
async fn functions_complete_with_their_signature_in_the_popup() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_line(&mut h, "query m");
    h.key(KeyCode::Tab);
    let screen = render(&h.state);
    assert!(screen.contains("ƒ mavg"), "{screen}");
    assert!(screen.contains("min(expression[, group by])"), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(h.state.prompt.is_none());
    assert_eq!(h.state.query_editor.hint, None);
    // The chart's in-place edit (`i`) is a query line too: the tags of its metric complete.
    open_line(&mut h, "query ts(cpu.usage.idle)");
    h.key(KeyCode::Enter);
    h.settle().await;
    h.press('i');
    assert_eq!(line(&h), "expr ts(cpu.usage.idle)");
    h.key(KeyCode::Left);
    h.type_text(", reg");
    h.key(KeyCode::Tab);
    h.settle().await;
    assert_eq!(line(&h), "expr ts(cpu.usage.idle, region=)");
    h.key(KeyCode::Tab);
    let regions = candidates(&h);
    assert!(
        !regions.is_empty() && regions.iter().all(|r| r.contains('-')),
        "{regions:?}"
    );
}

/// The stand-in's undocumented completion endpoints, in the shapes the product's own clients
/// read, and their absence when started without them.
#[tokio::test]
async fn the_standin_answers_the_undocumented_completion_endpoints() {
    use wf_tui::demo::{DemoOptions as Options, DemoServer};
    let get = |server: &DemoServer, path: &str| {
        let url = format!("{}{path}", server.url());
        let token = server.credentials().api_token.expose().to_string();
        async move {
            let r = wf_tui::api::client::http_client(Default::default())
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (
                status,
                r.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let server = DemoServer::start(Options::default()).await.unwrap();
    let (status, body) = get(&server, "/chart/autocomplete?exp=ts(cpu.&p=7").await;
    assert_eq!(status, 200);
    assert_eq!(
        (body["start"].as_u64(), body["end"].as_u64()),
        (Some(3), Some(7))
    );
    assert!(
        body["symbols"]
            .as_array()
            .unwrap()
            .contains(&"cpu.load.".into()),
        "{body}"
    );
    let request = r#"{"queries":[{"query":"ts(cpu.load.1m)","name":"A"}],"start":0}"#;
    let (_, keys) = get(
        &server,
        &format!("/chart/api/keys?request={}", urlencode(request)),
    )
    .await;
    assert_eq!(keys["metrics"], serde_json::json!(["cpu.load.1m"]));
    assert!(
        keys["queryKeys"][0]["tags"]["env"].as_array().is_some(),
        "{keys}"
    );
    let (_, all) = get(&server, "/chart/metrics/all?trie=true&q=cpu.load.&l=2").await;
    assert_eq!(
        all["metrics"],
        serde_json::json!(["cpu.load.15m", "cpu.load.1m"])
    );
    let (_, next) = get(
        &server,
        "/chart/metrics/all?trie=true&q=cpu.load.&l=2&p=cpu.load.1m",
    )
    .await;
    assert_eq!(next["metrics"], serde_json::json!(["cpu.load.5m"]));
    let bare = DemoServer::start(Options {
        undocumented: false,
        ..Options::default()
    })
    .await
    .unwrap();
    for path in [
        "/chart/autocomplete?exp=ts(&p=3",
        "/chart/metrics/all?trie=true&q=",
    ] {
        assert_eq!(get(&bare, path).await.0, 404, "{path}");
    }
    assert_eq!(
        get(&bare, "/api/v2/chart/metric/detail?m=cpu.load.1m")
            .await
            .0,
        200
    );
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// In the dashboard player, `:var NAME VALUE` completes too: a variable whose values are a
/// query's sources completes the sources of its metric (from the metric detail); another
/// (here a list, opened with `V`) completes as WQL.
#[tokio::test]
async fn a_dashboard_variables_value_completes() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    open_line(&mut h, "play k8s-cluster-overview");
    h.key(KeyCode::Enter);
    h.settle().await;
    open_line(&mut h, "var source ");
    h.key(KeyCode::Tab);
    h.settle().await;
    let sources = candidates(&h);
    assert!(sources.len() >= 2, "{sources:?}");
    assert!(asked(&h, "/api/v2/chart/metric/detail") >= 1);
    let kinds: Vec<_> = h
        .state
        .query_editor
        .popup
        .as_ref()
        .unwrap()
        .completion
        .candidates
        .iter()
        .map(|c| c.kind)
        .collect();
    assert!(
        kinds
            .iter()
            .all(|k| *k == wf_tui::wql::CandidateKind::Source),
        "{kinds:?}"
    );
    h.key(KeyCode::Enter);
    assert_eq!(line(&h), format!("var source {}", sources[0]));
    h.key(KeyCode::Esc);
    // `V` opens the line for the chosen variable (a list): plain WQL there.
    h.press('V');
    assert_eq!(line(&h), "var env ");
    h.type_text("mav");
    h.key(KeyCode::Tab);
    assert_eq!(line(&h), "var env mavg(");
}

/// `:query @name` charts the saved query `q_name`; an unknown name says so and opens nothing.
#[tokio::test]
async fn a_saved_query_runs_by_its_name() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.state.saved_queries =
        wf_tui::config::wavefront_cli::parse_queries("[default]\nq_load = ts(cpu.load.1m)\n");
    open_line(&mut h, "query @nosuch");
    h.key(KeyCode::Enter);
    let flash = h.state.flash.as_ref().unwrap();
    assert!(
        flash.text.contains("no saved query nosuch"),
        "{}",
        flash.text
    );
    assert!(!matches!(h.state.view(), wf_tui::app::View::Chart(_)));
    open_line(&mut h, "query @load");
    h.key(KeyCode::Enter);
    h.settle().await;
    let wf_tui::app::View::Chart(c) = h.state.view() else {
        panic!("a chart")
    };
    assert_eq!(c.query.expression, "ts(cpu.load.1m)");
    assert!(c.data.as_ref().is_some_and(|d| !d.series.is_empty()));
}
