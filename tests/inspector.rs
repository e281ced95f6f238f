//! The inspector in the app: opening an item, folding, searching, paths, copying, jq filters,
//! saving, and how it looks.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::Arc;

use common::{Harness, render};
use crossterm::event::KeyCode;
use wf_tui::app::inspector::Inspector;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::LoginMethod;
use wf_tui::json::Doc;
use wf_tui::worker::Command;

fn inspector(h: &Harness) -> &Inspector {
    match h.state.view() {
        View::Detail(d) => d,
        other => panic!("expected the inspector, got {other:?}"),
    }
}

async fn open_dashboard(h: &mut Harness) {
    h.press(':');
    h.type_text("dashboards");
    h.key(KeyCode::Enter);
    h.settle().await;
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(inspector(h).doc.is_some());
}

#[tokio::test]
async fn search_fold_path_copy_and_jq_on_a_real_item() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_dashboard(&mut h).await;
    // Fold everything, then search: the match opens its folded ancestors.
    h.press('H');
    h.press('/');
    h.type_text("ts(");
    h.key(KeyCode::Enter);
    let d = inspector(&h);
    let found = d.search.as_ref().unwrap().matches.len();
    assert!(found > 3, "queries of the charts: {found}");
    let path = d.path();
    assert!(path.starts_with(".sections[0].rows["), "{path}");
    assert!(path.ends_with(".query"), "{path}");
    assert!(h.render().contains(&path), "the status shows the path");
    h.press('n');
    assert_ne!(inspector(&h).path(), path);
    // Y copies the path, y the value: both go out as clipboard commands.
    h.state.now_ms += 1;
    let commands = update(&mut h.state, Msg::Key(common::key(KeyCode::Char('Y'))));
    assert!(
        matches!(&commands[..], [Command::Copy(p)] if p.starts_with(".sections")),
        "{commands:?}"
    );
    let commands = update(&mut h.state, Msg::Key(common::key(KeyCode::Char('y'))));
    assert!(
        matches!(&commands[..], [Command::Copy(v)] if v.starts_with('"')),
        "{commands:?}"
    );
    // A jq filter opens its result as a new document; esc comes back.
    let depth = h.state.stack.len();
    h.press('|');
    h.type_text("[.sections[].rows[].charts[].name] | length");
    h.key(KeyCode::Enter);
    h.settle().await;
    let result = inspector(&h);
    assert!(result.error.is_none(), "{:?}", result.error);
    let text = String::from_utf8_lossy(&result.doc.as_ref().unwrap().text).into_owned();
    assert!(text.parse::<u32>().unwrap() > 0, "{text}");
    assert_eq!(h.state.stack.len(), depth + 1);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.stack.len(), depth);
    assert_eq!(h.state.jq_history.len(), 1);
    // A broken filter says why, and the original stays one esc away.
    h.press('|');
    h.type_text(".[");
    h.key(KeyCode::Enter);
    h.settle().await;
    let err = inspector(&h).error.clone().unwrap();
    assert!(
        err.contains("invalid filter: expected closing bracket"),
        "{err}"
    );
    h.key(KeyCode::Esc);
    // History: up recalls the last good filter.
    h.press('|');
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    let View::Detail(d) = h.state.view() else {
        panic!()
    };
    assert_eq!(
        d.jq_input.as_ref().unwrap().0.value(),
        "[.sections[].rows[].charts[].name] | length"
    );
}

#[tokio::test]
async fn save_writes_the_document_or_the_value() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_dashboard(&mut h).await;
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("dash.json");
    h.press(':');
    h.type_text(&format!("w {}", whole.display()));
    h.key(KeyCode::Enter);
    h.next_event().await;
    assert!(h.state.flash.as_ref().unwrap().text.starts_with("saved"));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&whole).unwrap()).unwrap();
    assert_eq!(saved["url"], saved["id"]);
    h.press('j');
    h.press('j');
    let one = dir.path().join("value.json");
    h.press(':');
    h.type_text(&format!("wv {}", one.display()));
    h.key(KeyCode::Enter);
    h.next_event().await;
    let value = std::fs::read_to_string(&one).unwrap();
    assert_eq!(
        value.trim(),
        format!("\"{}\"", saved["url"].as_str().unwrap())
    );
    // A file that cannot be written: one clear message, nothing else changes.
    h.press(':');
    h.type_text("w /nonexistent/dir/x.json");
    h.key(KeyCode::Enter);
    h.next_event().await;
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .starts_with("cannot write /nonexistent/dir/x.json")
    );
}

fn standalone(text: &str, size: (u16, u16)) -> State {
    let doc = Arc::new(Doc::parse(text.as_bytes().to_vec()).unwrap());
    let view = Inspector::with_doc("doc.json".into(), String::new(), doc);
    State::standalone("inspect doc.json", view, size, 0)
}

const DOC: &str = r#"{"name":"High CPU on api tier","condition":"ts(cpu.usage.percentage, env=prod and role=api) > 90 and ts(cpu.usage.percentage, env=prod and role=api) > 90","severity":"WARN","tags":{"customerTags":["team.platform","env.prod"]},"targets":[],"snoozed":-1,"obj":{},"weird\u001b[2J key":"bidi \u202e txt","nested":{"a":[1,2,{"b":null}]}}"#;

#[test]
fn tree_snapshot() {
    let state = standalone(DOC, (70, 18));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn folded_and_searched_snapshot() {
    let mut state = standalone(DOC, (70, 12));
    for key in [KeyCode::Char('H'), KeyCode::Char('/')] {
        update(&mut state, Msg::Key(common::key(key)));
    }
    for c in "null".chars() {
        update(&mut state, Msg::Key(common::key(KeyCode::Char(c))));
    }
    update(&mut state, Msg::Key(common::key(KeyCode::Enter)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn wrapped_and_whole_string_snapshot() {
    let mut state = standalone(DOC, (60, 16));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('w'))));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('j'))));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('j'))));
    let wrapped = render(&state);
    assert!(
        wrapped.contains("i) > 90\""),
        "the whole condition shows: {wrapped}"
    );
    insta::assert_snapshot!("wrapped", wrapped);
    update(&mut state, Msg::Key(common::key(KeyCode::Char('v'))));
    insta::assert_snapshot!("whole_string", render(&state));
}

#[test]
fn hostile_keys_and_values_are_drawn_safely() {
    let mut state = standalone(DOC, (70, 18));
    update(&mut state, Msg::Key(common::key(KeyCode::End)));
    let screen = render(&state);
    assert!(
        !screen.contains('\x1b') && !screen.contains('\u{202e}'),
        "{screen}"
    );
    assert!(matches!(state.login, LoginState::Standalone(_)));
}

#[tokio::test]
async fn an_answer_that_is_not_json_is_shown_as_text_with_the_reason() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server
        .state()
        .html_details
        .store(true, std::sync::atomic::Ordering::SeqCst);
    h.key(KeyCode::Enter);
    h.settle().await;
    let d = inspector(&h);
    assert!(
        d.error.as_deref().unwrap_or("").contains("not JSON"),
        "{d:?}"
    );
    assert!(
        d.plain
            .as_ref()
            .unwrap()
            .iter()
            .any(|l| l.contains("Please sign in"))
    );
    let screen = h.render();
    assert!(
        screen.contains("shown as text") && screen.contains("Please sign in"),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Table(_)));
}
