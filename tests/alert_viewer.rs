//! The alert viewer end to end: `enter` on an alert opens it, the worker asks the stand-in for
//! the firings, the chosen firing's series and its related events over real HTTP, and the
//! viewer shows them; each call's failure is said where its answer would be and leaves the rest
//! usable; odd and hostile answers never break it or reach the screen raw.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::{Harness, render};
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::chart::Window;
use wf_tui::app::View;
use wf_tui::app::alert::{AlertViewer, Pane};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::{Fault, FaultRule};
use wf_tui::demo::hostile;

/// The fixture's threshold alert that fires now (three severities, a runbook link).
const PRICING: &str = "1690000079491";
const PRICING_ONGOING: &str = "1690000079491:Pricing SLO burn rate:1";

fn viewer(h: &Harness) -> &AlertViewer {
    match h.state.view() {
        View::Alert(v) => v,
        other => panic!("expected the alert viewer, got {other:?}"),
    }
}

async fn start(size: (u16, u16)) -> Harness {
    Harness::start_with(Default::default(), LoginMethod::ApiToken, size).await
}

async fn alert_list(h: &mut Harness) {
    h.press(':');
    h.type_text("alert");
    h.key(KeyCode::Enter);
    h.settle().await;
}

/// Selects the alert `id` in the alert list and presses enter.
async fn open_alert(h: &mut Harness, id: &str) {
    if !matches!(h.state.view(), View::Table(t) if t.kind.name == "alert") {
        alert_list(h).await;
    }
    let t = h.table();
    let at = t
        .view
        .iter()
        .position(|&i| t.rows.row(i as usize).unwrap().id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{id} is not listed"));
    h.key(KeyCode::Home);
    for _ in 0..at {
        h.press('j');
    }
    h.key(KeyCode::Enter);
    h.settle().await;
}

/// The hosts of the series the schedule says fired in `event_id`.
fn scheduled_hosts(h: &Harness, event_id: &str) -> Vec<String> {
    let state = h.server.state();
    let firing = state
        .schedule()
        .by_event_id(event_id, state.now_ms())
        .unwrap();
    firing.hosts()
}

fn shown_hosts(v: &AlertViewer) -> Vec<String> {
    v.details
        .loaded()
        .unwrap()
        .iter()
        .filter_map(|p| p.host.clone())
        .collect()
}

#[tokio::test]
async fn enter_opens_the_viewer_with_the_firings_series_and_related_events_of_the_stand_in() {
    let mut h = start((110, 34)).await;
    open_alert(&mut h, PRICING).await;
    let v = viewer(&h);
    assert!(v.history.failed().is_none(), "{:?}", v.history);
    let state = h.server.state();
    let scheduled: Vec<String> = state
        .schedule()
        .firings(PRICING, v.from_ms, v.to_ms, state.now_ms())
        .iter()
        .map(wf_tui::demo::firings::Firing::event_id)
        .collect();
    let shown: Vec<String> = v.firings().iter().filter_map(|f| f.id.clone()).collect();
    assert_eq!(shown, scheduled, "oldest first, all of the week");
    assert!(shown.len() >= 2, "{shown:?}");
    assert_eq!(v.selected, Some(shown.len() - 1), "the latest first");
    let firing = v.firing().unwrap();
    assert_eq!(firing.id.as_deref(), Some(PRICING_ONGOING));
    assert!(firing.ongoing());
    assert_eq!(shown_hosts(v), scheduled_hosts(&h, PRICING_ONGOING));
    let related = v.related.loaded().unwrap();
    assert!(!related.items.is_empty());
    assert!(
        related
            .items
            .iter()
            .all(|r| r.event.id.as_deref() != Some(PRICING_ONGOING)),
        "the firing is not related to itself"
    );
    let chart = v.chart.as_ref().unwrap();
    assert!(
        chart.data.as_ref().is_some_and(|d| !d.series.is_empty()),
        "{:?}",
        chart.request
    );
    assert!(chart.bands.span.as_ref().is_some_and(|s| s.ongoing));
    assert_eq!(chart.bands.levels.len(), 3, "severe, warn, info");

    // What went over the wire: the firings by alert id, the firing's id escaped in its paths.
    let requests = h.server.state().requests();
    let firings = requests
        .iter()
        .find(|r| r.path == "/api/v2/event/alertFirings")
        .expect("the firings were asked for");
    assert!(
        firings.query.contains("alertId=1690000079491"),
        "{}",
        firings.query
    );
    assert!(
        firings.query.contains("earliestStartTimeEpochMillis="),
        "{}",
        firings.query
    );
    let escaped = "1690000079491%3APricing%20SLO%20burn%20rate%3A1";
    for (method, path) in [
        ("GET", format!("/api/v2/event/{escaped}/alertFiringDetails")),
        ("POST", format!("/api/v2/search/event/related/{escaped}")),
    ] {
        assert!(
            requests
                .iter()
                .any(|r| r.method == method && r.path == path && r.status == 200),
            "{method} {path}"
        );
    }

    let screen = h.render();
    for text in [
        "Alerts › Pricing SLO burn rate",
        "Firings, last 7 days:",
        "ongoing for",
        "┈ SEVERE > 14",
        "Affected (3)",
        "queue-17.prod.acme.net",
    ] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
}

#[tokio::test]
async fn brackets_step_through_the_firings_asking_for_each_ones_series() {
    let mut h = start((110, 34)).await;
    open_alert(&mut h, PRICING).await;
    let n = viewer(&h).firings().len();
    h.press('[');
    h.settle().await;
    let v = viewer(&h);
    assert_eq!(v.selected, Some(n - 2));
    let id = v.firing().unwrap().id.clone().unwrap();
    assert!(!v.firing().unwrap().ongoing());
    assert_eq!(shown_hosts(v), scheduled_hosts(&h, &id));
    let chart = v.chart.as_ref().unwrap();
    let Window::Between { start_ms, end_ms } = chart.query.window else {
        panic!("a window around the firing: {:?}", chart.query.window);
    };
    let f = v.firing().unwrap();
    assert!(start_ms < f.start_ms.unwrap() && end_ms > f.end_ms.unwrap());
    assert!(h.render().contains(&format!("{} of {n}", n - 1)));

    h.press(']');
    h.settle().await;
    assert_eq!(
        viewer(&h).firing().unwrap().id.as_deref(),
        Some(PRICING_ONGOING)
    );
    h.press(']');
    let flash = h.state.flash.clone().unwrap();
    assert!(flash.text.contains("latest"), "{}", flash.text);
}

#[tokio::test]
async fn tab_moves_between_the_panes_and_each_scrolls() {
    let mut h = start((100, 30)).await;
    open_alert(&mut h, PRICING).await;
    assert_eq!(viewer(&h).pane, Pane::Affected);
    h.key(KeyCode::Tab);
    assert_eq!(viewer(&h).pane, Pane::Related);
    let page = h.state.layout().page();
    let related = viewer(&h).related.loaded().unwrap().items.len();
    assert!(
        related > page,
        "{related} related events fill more than a page of {page}"
    );
    let screen = h.render();
    assert!(screen.contains(&format!("1–{page} of")), "{screen}");
    h.press('j');
    h.press('j');
    assert_eq!(viewer(&h).pane_scroll(Pane::Related), 2);
    h.press('G');
    let bottom = viewer(&h).pane_scroll(Pane::Related);
    h.press('j');
    assert_eq!(
        viewer(&h).pane_scroll(Pane::Related),
        bottom,
        "not past the end"
    );
    assert_eq!(
        viewer(&h).pane_scroll(Pane::Affected),
        0,
        "each pane its own"
    );
    h.key(KeyCode::Tab);
    assert_eq!(viewer(&h).pane, Pane::Runbook);
    let screen = h.render();
    assert!(
        screen.contains("https://wiki.acme.example/runbooks/pricing/pricing-slo-burn-rate"),
        "{screen}"
    );
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    assert_eq!(viewer(&h).pane, Pane::Affected);
}

#[tokio::test]
async fn i_shows_the_alerts_json_and_c_its_chart_with_the_firing_drawn() {
    let mut h = start((110, 34)).await;
    open_alert(&mut h, PRICING).await;
    h.press('i');
    let View::Detail(d) = h.state.view() else {
        panic!("i opens the JSON: {}", h.render());
    };
    let text = String::from_utf8_lossy(&d.doc().unwrap().text).into_owned();
    assert!(
        text.contains(PRICING) && text.contains("runbookLinks"),
        "{text}"
    );
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Alert(_)));

    let bands = viewer(&h).chart.as_ref().unwrap().bands.clone();
    h.press('c');
    h.settle().await;
    let View::Chart(c) = h.state.view() else {
        panic!("c opens the chart: {}", h.render());
    };
    assert_eq!(
        c.bands, bands,
        "the firing and the thresholds, on the full chart too"
    );
    assert!(c.data.is_some(), "{:?}", c.request);
    assert!(h.render().contains("░ the firing (ongoing)"));
    h.press('4');
    h.settle().await;
    assert!(matches!(h.state.view(), View::Chart(c) if c.query.window == Window::Week));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Table(_)));
}

#[tokio::test]
async fn enter_opens_the_json_where_there_is_no_richer_view_and_i_everywhere() {
    let mut h = start((100, 30)).await;
    // The first list is the cloud integrations: enter still opens an item's JSON.
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(matches!(h.state.view(), View::Detail(_)), "{}", h.render());
    h.key(KeyCode::Esc);
    alert_list(&mut h).await;
    h.press('i');
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("i opens an alert's JSON: {}", h.render());
    };
    assert!(d.doc().is_some(), "{:?}", d.error());
}

#[tokio::test]
async fn no_firings_in_the_last_7_days_is_said_and_the_last_day_charted() {
    let mut h = start((100, 30)).await;
    // An alert the schedule does not know (added after the start) never fired.
    h.server.state().edit_items("alert", |items| {
        items.insert(
            0,
            json!({"id": "quiet-1", "name": "Quiet alert", "severity": "WARN",
                   "status": ["CHECKING"], "alertType": "CLASSIC",
                   "condition": "ts(cpu.usage.percentage) > 99",
                   "displayExpression": "ts(cpu.usage.percentage)"}),
        );
    });
    open_alert(&mut h, "quiet-1").await;
    let v = viewer(&h);
    assert!(v.firings().is_empty() && v.history.loaded().is_some());
    assert_eq!(v.chart.as_ref().unwrap().query.window, Window::Day);
    let screen = h.render();
    assert!(screen.contains("no firings in the last 7 days"), "{screen}");
    h.press('[');
    assert!(h.state.flash.as_ref().unwrap().text.contains("no firings"));
}

/// Each call's failure is said where its answer would be; the rest stays, and `r` tries again.
#[tokio::test]
async fn a_failed_firings_request_leaves_the_chart_and_the_runbook() {
    let mut h = start((100, 30)).await;
    alert_list(&mut h).await;
    let rule = h
        .server
        .state()
        .add_fault(FaultRule::new(Fault::Forbidden).path("/api/v2/event/alertFirings"));
    open_alert(&mut h, PRICING).await;
    assert!(rule.fired() > 0);
    let v = viewer(&h);
    let why = v.history.failed().cloned().expect("the firings failed");
    assert!(why.contains("HTTP 403"), "{why}");
    assert!(
        v.chart.as_ref().unwrap().data.is_some(),
        "the last day is charted"
    );
    let screen = h.render();
    assert!(
        screen.contains("Firings, last 7 days: not loaded"),
        "{screen}"
    );
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert!(
        h.render().contains("pricing-slo-burn-rate"),
        "the runbook still shows"
    );

    h.server.state().clear_faults();
    h.press('r');
    h.settle().await;
    assert!(!viewer(&h).firings().is_empty(), "r asks again");
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Table(_)));
}

#[tokio::test]
async fn a_failed_series_or_related_request_is_said_in_its_pane() {
    let mut h = start((100, 30)).await;
    alert_list(&mut h).await;
    let state = h.server.state().clone();
    // The firing's own paths begin with its alert's id: the firings list is not touched.
    state.add_fault(FaultRule::new(Fault::Forbidden).path("/api/v2/event/1690000079491"));
    open_alert(&mut h, PRICING).await;
    let v = viewer(&h);
    assert!(!v.firings().is_empty());
    assert!(v.related.loaded().is_some());
    let why = v.details.failed().cloned().expect("the series failed");
    assert!(why.contains("HTTP 403"), "{why}");
    let screen = h.render();
    assert!(
        screen.contains("the series that fired not loaded"),
        "{screen}"
    );

    state.clear_faults();
    state.add_fault(FaultRule::new(Fault::Forbidden).path("/api/v2/search/event/related/"));
    h.press('[');
    h.settle().await;
    let v = viewer(&h);
    assert!(v.details.loaded().is_some(), "{:?}", v.details);
    assert!(v.related.failed().is_some_and(|e| e.contains("HTTP 403")));
    h.key(KeyCode::Tab);
    assert!(h.render().contains("the related events not loaded"));
}

/// Odd answers as a real instance might send them: a firing without a start, nulls, a
/// severity and a state the spec does not list, numbers too large for a time.
#[tokio::test]
async fn odd_answers_are_read_leniently() {
    let mut h = start((100, 30)).await;
    alert_list(&mut h).await;
    let now = h.server.state().now_ms();
    let page = json!({"status": {"result": "OK", "code": 200}, "response": {
        "items": [
            {"id": "x:1", "name": null, "startTime": now - 7_200_000, "endTime": null,
             "annotations": {"severity": "CRITICAL"}, "runningState": "FLAPPING"},
            {"id": "x:2", "name": "no start", "annotations": null},
            {"id": "x:3", "startTime": now - 3 * 3_600_000,
             "endTime": 123456789012345678901234567890u128.to_string(), "annotations": {}},
            "not an event",
        ],
        "moreItems": null}});
    let series = json!({"status": {"result": "OK", "code": 200}, "response": [
        {"host": null, "severity": "CRITICAL", "startTime": "soon", "tags": {"n": 3}},
        {"host": "web-1", "label": "cpu", "tags": null},
    ]});
    let state = h.server.state().clone();
    state.add_fault(hostile::serve(
        "/api/v2/event/alertFirings",
        200,
        page.to_string().into_bytes(),
    ));
    state.add_fault(hostile::serve(
        "/api/v2/event/x",
        200,
        series.to_string().into_bytes(),
    ));
    open_alert(&mut h, PRICING).await;
    let v = viewer(&h);
    let history = v.history.loaded().unwrap();
    assert_eq!((history.firings.len(), history.undated), (2, 1));
    assert_eq!(v.details.loaded().map(Vec::len), Some(2));
    let screen = h.render();
    assert!(screen.contains("1 without a start time"), "{screen}");
    assert!(
        screen.contains("CRITICAL"),
        "an unknown severity, shown as it is:\n{screen}"
    );
    assert!(screen.contains("web-1"), "{screen}");
}

#[tokio::test]
async fn hostile_strings_never_reach_a_cell_of_the_viewer() {
    let mut h = start((100, 30)).await;
    let joined = hostile::STRINGS.join(" ");
    let mut alert = hostile::alerts().remove(0);
    alert["runbookLinks"] = json!(hostile::STRINGS);
    alert["additionalInformation"] = json!(hostile::STRINGS.join("\n"));
    alert["alertTriageDashboards"] = json!([{"dashboardId": joined, "description": joined}]);
    alert["alertType"] = json!("THRESHOLD");
    alert["conditions"] =
        json!({"severe": format!("ts(x) > {joined}"), (joined.as_str()): "ts(x) > 1"});
    h.server
        .state()
        .edit_items("alert", |items| items.insert(0, alert));
    let now = h.server.state().now_ms();
    let event = |id: &str, start: i64| {
        json!({"id": id, "name": joined, "startTime": start, "hosts": hostile::STRINGS,
               "annotations": {"severity": joined, "type": joined},
               "relatedData": {"summary": joined}})
    };
    let envelope = |response: Value| {
        json!({"status": {"result": "OK", "code": 200}, "response": response})
            .to_string()
            .into_bytes()
    };
    let state = h.server.state().clone();
    state.add_fault(hostile::serve(
        "/api/v2/event/alertFirings",
        200,
        envelope(json!({"items": [event("h:1", now - 3_600_000), event("h:2", now - 7_200_000)]})),
    ));
    let pairs: Vec<Value> = hostile::STRINGS
        .iter()
        .map(|s| json!({"host": s, "label": s, "severity": s, "tags": {*s: s}}))
        .collect();
    state.add_fault(hostile::serve(
        "/api/v2/event/h",
        200,
        envelope(json!(pairs)),
    ));
    state.add_fault(hostile::serve(
        "/api/v2/search/event/related/",
        200,
        envelope(json!({"items": [event("r:1", now - 1_800_000)]})),
    ));
    open_alert(&mut h, "hostile-0").await;
    assert_eq!(viewer(&h).firings().len(), 2);
    for step in ["opened", "earlier firing", "related", "runbook"] {
        match step {
            "earlier firing" => {
                h.press('[');
                h.settle().await;
            }
            "related" | "runbook" => h.key(KeyCode::Tab),
            _ => {}
        }
        let screen = render(&h.state);
        let bad: Vec<char> = screen
            .chars()
            .filter(|&c| c != '\n' && hostile::is_forbidden(c))
            .collect();
        assert!(bad.is_empty(), "{step}: {bad:?}\n{screen}");
    }
}

// --- In a pseudo-terminal: the real binary on its demo. ---

#[cfg(unix)]
mod pty {
    use super::common;
    use common::pty::{Step, Then, run_then};

    /// `--demo`, `:alert`, enter on the first alert: the viewer with its timeline and panes.
    /// (The screen is drawn as changes: one word at a time is looked for.)
    #[test]
    fn in_the_demo_enter_on_an_alert_opens_its_viewer() {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.arg("--demo").env("TERM", "xterm-256color");
        let steps = [
            Step::Keys(b":alert\r"),
            Step::Shown("THRESHOLD"),
            Step::Keys(b"\r"),
            Step::Shown("Firings,"),
            Step::Shown("Affected"),
            Step::Shown("Runbook"),
            Step::Keys(b"q"),
        ];
        let (status, out, _) = run_then(cmd, Some(("CLOUDWATCH", Then::Steps(&steps))));
        assert!(status.success(), "{status:?}: {out:?}");
    }
}
