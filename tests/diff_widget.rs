//! The diff widget on ratatui's `TestBackend`: what an edit's review, a version history and a
//! dump's diff show. Fixed data; snapshots of the text and a check of the colours.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::widgets::Paragraph;
use serde_json::{Value, json};
use wf_tui::app::widgets::diff::Folded;
use wf_tui::theme::Theme;

fn draw(diff: &Folded, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| {
            let lines = diff.draw(&Theme::default());
            f.render_widget(Paragraph::new(lines), f.area());
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

fn screen(old: &Value, new: &Value, height: u16) -> String {
    common::buffer_text(&draw(&Folded::new(old, new), 80, height))
}

fn alert() -> Value {
    json!({
        "id": "1690000000372",
        "name": "Queue depth pricing",
        "condition": "ts(rabbitmq.queue.messages, queue=\"pricing.*\") > 16000",
        "minutes": 15,
        "severity": "WARN",
        "tags": {"customerTags": ["env.dev", "team.payments"]},
        "additionalInformation": "Runbook: https://wiki.acme.example/runbooks/pricing\nOwner: payments\nEscalate after 30m",
        "resolveAfterMinutes": 10,
        "notificationResendFrequencyMinutes": 0,
        "includeObsoleteMetrics": false,
        "evaluateRealtimeData": false
    })
}

#[test]
fn an_alert_edit_shows_each_change_and_its_context() {
    let old = alert();
    let mut new = old.clone();
    new["condition"] = json!("ts(rabbitmq.queue.messages, queue=\"pricing.*\") > 20000");
    new["tags"]["customerTags"] = json!(["env.dev", "team.payments", "paged"]);
    new["additionalInformation"] = json!(
        "Runbook: https://wiki.acme.example/runbooks/pricing\nOwner: checkout\nEscalate after 30m"
    );
    insta::assert_snapshot!(screen(&old, &new, 24));
}

#[test]
fn a_long_item_is_folded_to_its_changes() {
    let mut old = serde_json::Map::new();
    for i in 0..60 {
        old.insert(format!("field{i:02}"), json!(format!("value {i}")));
    }
    let mut new = old.clone();
    new.insert("field05".into(), json!("changed"));
    new.shift_remove("field40");
    new.insert("field59".into(), json!(59));
    insta::assert_snapshot!(screen(&Value::Object(old), &Value::Object(new), 24));
}

#[test]
fn a_new_item_is_all_additions() {
    let new = json!({"name": "disk full", "condition": "ts(disk.used) > 90", "minutes": 5});
    insta::assert_snapshot!(screen(&json!({}), &new, 10));
}

#[test]
fn server_text_cannot_reach_the_terminal_raw() {
    let old = json!({"name": "a", "text": "one\ntwo"});
    let new = json!({"name": "b\u{1b}]52;c;aGk=\u{7}\u{1b}[2J", "text": "one\n\u{1b}[2Jtwo\u{7}"});
    let text = screen(&old, &new, 10);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    insta::assert_snapshot!(text);
}

#[test]
fn removals_are_red_and_additions_green() {
    let diff = Folded::new(&json!({"a": 1}), &json!({"a": 2}));
    let buffer = draw(&diff, 40, 4);
    let row = |y: u16| {
        let text: String = (0..40).map(|x| buffer[(x, y)].symbol()).collect();
        (text, buffer[(0, y)].fg)
    };
    let (removed, red) = row(1);
    let (added, green) = row(2);
    assert!(removed.starts_with("-   \"a\": 1"), "{removed:?}");
    assert!(added.starts_with("+   \"a\": 2"), "{added:?}");
    assert_eq!((red, green), (Color::Red, Color::Green));
    assert!(Folded::new(&json!({"a": 1}), &json!({"a": 1})).is_empty());
}
