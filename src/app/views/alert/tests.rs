use serde_json::json;

use super::*;

const NOW: i64 = 1_800_000_000_000;
const HOUR: i64 = 3_600_000;

fn ids(n: RequestId) -> StepIds {
    StepIds {
        chart: n,
        details: n + 1,
        related: n + 2,
    }
}

fn alert() -> Value {
    json!({
        "id": "42", "name": "CPU", "alertType": "THRESHOLD",
        "condition": "ts(cpu) > 90", "displayExpression": "ts(cpu)",
        "conditions": {"severe": "ts(cpu) > 90", "warn": "ts(cpu) > 80 and ts(x) > 1"}
    })
}

fn firing(n: i64, start: i64, end: Option<i64>) -> Value {
    let mut v = json!({"id": format!("42:CPU:{n}"), "name": "CPU", "startTime": start,
                       "annotations": {"severity": "severe"}});
    if let Some(e) = end {
        v["endTime"] = json!(e);
    }
    v
}

fn answer(items: Vec<Value>) -> Result<Answer, String> {
    let call = Call::Firings {
        alert_id: "42".into(),
        from_ms: 0,
        to_ms: NOW,
    };
    Ok(call.read(&json!({"items": items})).unwrap())
}

/// A viewer whose firings arrived: two ended, one ongoing.
fn loaded() -> AlertViewer {
    let mut v = AlertViewer::new("Alerts › CPU", alert(), NOW);
    let commands = v.load(1, ids(2), NOW);
    assert!(matches!(
        &commands[..],
        [Command::Alerting {
            id: 1,
            call: Call::Firings { .. }
        }]
    ));
    let items = vec![
        firing(3, NOW - HOUR, None),
        firing(1, NOW - 50 * HOUR, Some(NOW - 49 * HOUR)),
        firing(2, NOW - 20 * HOUR, Some(NOW - 19 * HOUR)),
    ];
    let commands = v.receive(1, answer(items), ids(10), NOW).unwrap();
    let sent: Vec<RequestId> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Chart { id, .. } | Command::Alerting { id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        [10, 11, 12],
        "chart, series, related of the chosen firing"
    );
    v
}

#[test]
fn the_latest_firing_is_shown_first_with_its_span_and_thresholds() {
    let v = loaded();
    assert_eq!(v.selected, Some(2));
    assert_eq!(v.firing().unwrap().id.as_deref(), Some("42:CPU:3"));
    let chart = v.chart.as_ref().unwrap();
    assert_eq!(
        chart.query.window,
        Window::Between {
            start_ms: NOW - HOUR - 30 * MINUTE,
            end_ms: NOW
        }
    );
    let span = chart.bands.span.clone().unwrap();
    assert!(span.ongoing);
    assert_eq!((span.start_ms, span.end_ms), (NOW - HOUR, NOW));
    assert_eq!(chart.bands.levels.len(), 1);
    assert_eq!(chart.bands.levels[0].label, "> 90");
    assert_eq!(chart.bands.notes, ["warn: more than one comparison"]);
}

#[test]
fn stepping_cancels_what_the_last_firing_asked_and_stops_at_the_ends() {
    let mut v = loaded();
    assert!(v.step(1, ids(20), NOW).is_none(), "the latest already");
    let commands = v.step(-1, ids(20), NOW).unwrap();
    let cancelled: Vec<RequestId> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Cancel(id) => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(cancelled, [11, 12, 10]);
    assert_eq!(v.selected, Some(1));
    assert_eq!(v.firing().unwrap().id.as_deref(), Some("42:CPU:2"));
    // An answer for the firing left behind is stale.
    assert!(
        v.receive(11, Ok(Answer::Details(vec![])), ids(30), NOW)
            .is_none()
    );
    assert!(v.details.is_loading());
    assert!(
        v.receive(21, Ok(Answer::Details(vec![])), ids(30), NOW)
            .is_some()
    );
    assert_eq!(v.details.loaded().map(Vec::len), Some(0));
    v.step(-1, ids(40), NOW).unwrap();
    assert!(v.step(-1, ids(50), NOW).is_none(), "the earliest");
    assert_eq!(
        v.chart.as_ref().unwrap().query.window,
        Window::Between {
            start_ms: NOW - 50 * HOUR - 30 * MINUTE,
            end_ms: NOW - 49 * HOUR + 30 * MINUTE
        }
    );
}

#[test]
fn a_reload_keeps_the_firing_shown() {
    let mut v = loaded();
    v.step(-1, ids(20), NOW).unwrap();
    let commands = v.load(30, ids(31), NOW + 60_000);
    assert!(commands.iter().any(|c| matches!(c, Command::Cancel(21))));
    let items = vec![
        firing(2, NOW - 20 * HOUR, Some(NOW - 19 * HOUR)),
        firing(3, NOW - HOUR, None),
    ];
    v.receive(30, answer(items), ids(40), NOW + 60_000).unwrap();
    assert_eq!(v.firing().unwrap().id.as_deref(), Some("42:CPU:2"));
}

#[test]
fn failures_and_empty_histories_still_chart_the_last_day() {
    let mut v = AlertViewer::new("a", alert(), NOW);
    v.load(1, ids(2), NOW);
    let commands = v.receive(1, Err("HTTP 500".into()), ids(5), NOW).unwrap();
    assert!(matches!(&commands[..], [Command::Chart { id: 5, .. }]));
    assert_eq!(v.history.failed().map(String::as_str), Some("HTTP 500"));
    assert_eq!(v.chart.as_ref().unwrap().query.window, Window::Day);
    assert_eq!(v.chart.as_ref().unwrap().bands.span, None);

    let mut empty = AlertViewer::new("a", alert(), NOW);
    empty.load(1, ids(2), NOW);
    empty.receive(1, answer(vec![]), ids(5), NOW).unwrap();
    assert_eq!(empty.selected, None);
    assert!(empty.details == Remote::NotAsked && empty.related == Remote::NotAsked);

    let mut no_id = AlertViewer::new("a", json!({"condition": "ts(x) > 1"}), NOW);
    let commands = no_id.load(1, ids(2), NOW);
    assert!(matches!(&commands[..], [Command::Chart { id: 2, .. }]));
    assert!(no_id.history.failed().is_some());
}

#[test]
fn undated_firings_are_counted_not_placed() {
    let mut v = AlertViewer::new("a", alert(), NOW);
    v.load(1, ids(2), NOW);
    let undated = json!({"id": "42:CPU:9", "name": "CPU"});
    v.receive(
        1,
        answer(vec![undated, firing(1, NOW - HOUR, Some(NOW))]),
        ids(5),
        NOW,
    )
    .unwrap();
    let h = v.history.loaded().unwrap();
    assert_eq!((h.firings.len(), h.undated), (1, 1));
}

#[test]
fn thresholds_follow_the_display_expression_only() {
    let mut v = loaded();
    let commands = v.next_expression(60, NOW).unwrap();
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::Chart { id: 60, .. }))
    );
    let bands = &v.chart.as_ref().unwrap().bands;
    assert!(bands.levels.is_empty(), "the condition charts 0 and 1");
    assert!(bands.notes.iter().any(|n| n.contains("display expression")));
    assert!(bands.span.is_some());
}

#[test]
fn the_chart_window_pads_a_firing_and_stops_at_now() {
    let f = |start: i64, end: Option<i64>| EventSummary::read(&firing(1, start, end)).unwrap();
    assert_eq!(
        firing_window(&f(NOW - 4 * HOUR, Some(NOW - 2 * HOUR)), NOW),
        Some((NOW - 5 * HOUR, NOW - HOUR))
    );
    assert_eq!(
        firing_window(&f(NOW - 10 * MINUTE, Some(NOW - 5 * MINUTE)), NOW),
        Some((NOW - 40 * MINUTE, NOW)),
        "at least half an hour either side, never past now"
    );
    let ongoing =
        EventSummary::read(&json!({"startTime": NOW - HOUR, "runningState": "ONGOING"})).unwrap();
    assert_eq!(
        firing_window(&ongoing, NOW),
        Some((NOW - HOUR - 30 * MINUTE, NOW))
    );
}

#[test]
fn panes_turn_round_and_scroll_within_their_lines() {
    assert_eq!(Pane::Runbook.turn(true), Pane::Affected);
    assert_eq!(Pane::Affected.turn(false), Pane::Runbook);
    let mut v = loaded();
    v.scroll_by(5, 20, 10);
    assert_eq!(v.pane_scroll(Pane::Affected), 5);
    v.scroll_by(100, 20, 10);
    assert_eq!(v.pane_scroll(Pane::Affected), 10);
    v.scroll_by(-100, 20, 10);
    assert_eq!(v.pane_scroll(Pane::Affected), 0);
    v.pane = Pane::Runbook;
    v.scroll_by(3, 2, 10);
    assert_eq!(v.pane_scroll(Pane::Runbook), 0, "it all fits");
}
