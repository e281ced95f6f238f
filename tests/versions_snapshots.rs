//! Snapshots of the version history on ratatui's `TestBackend`: the list of versions, two
//! versions' diff, a revert's confirmation and a trash; fixed data and a fixed clock, the
//! worker's answers fed by hand. Server text in them is hostile once, to show it is made safe.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::render;
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::catalog::{ALERTS, TRASHED_ALERTS};
use wf_tui::api::paging::PageRequest;
use wf_tui::api::versions::{Answer, Call, VersionPage, decode};
use wf_tui::app::versions::VersionsView;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::worker::{Command, Event, LoadedPage};

const NOW: i64 = 1_800_000_000_000;
const DAY: i64 = 86_400_000;
const ID: &str = "1690000000372";

fn logged_in(size: (u16, u16)) -> State {
    let mut state = State::with_kind(&ALERTS, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    state
}

fn entry(v: u64, user: &str, days_ago: i64, changes: &[&str]) -> Value {
    json!({"id": ID, "version": v, "updateUser": user, "updateTime": NOW - days_ago * DAY,
           "changeDescription": changes, "inTrash": false})
}

fn history() -> VersionPage {
    let items = json!({"items": [
        entry(4, "olivia.smith@acme.com", 2, &["condition changed", "tags changed"]),
        entry(3, "sa::terraform", 9, &["minutes: 10 → 15"]),
        entry(2, "raj.patel@acme.com", 30, &["additionalInformation changed"]),
        entry(1, "aisha.khan@acme.com", 120, &["Created"]),
    ], "moreItems": false, "totalItems": 4});
    decode::page(&items).unwrap()
}

fn version(n: u64) -> Value {
    let threshold = [12000, 12000, 16000, 20000][n as usize - 1];
    let minutes = if n >= 3 { 15 } else { 10 };
    let mut tags = vec!["env.dev", "team.payments"];
    if n >= 4 {
        tags.push("paged");
    }
    let info = if n >= 2 {
        "Runbook: https://wiki.acme.example/runbooks/pricing\nOwner: payments\nEscalate after 30m"
    } else {
        "Runbook: https://wiki.acme.example/runbooks/pricing"
    };
    json!({
        "id": ID,
        "name": "Queue depth pricing",
        "condition": format!("ts(rabbitmq.queue.messages, queue=\"pricing.*\") > {threshold}"),
        "minutes": minutes,
        "severity": "WARN",
        "tags": {"customerTags": tags},
        "additionalInformation": info,
        "resolveAfterMinutes": 10,
        "status": ["CHECKING"],
        "updatedEpochMillis": NOW - (5 - n as i64) * DAY,
        "updaterId": "someone@acme.com",
    })
}

/// The history of the alert, open, its first page answered.
fn open(size: (u16, u16), page: VersionPage) -> State {
    let mut state = logged_in(size);
    let mut view = VersionsView::new(&ALERTS, ID.into(), "Queue depth pricing".into());
    let commands = view.reload(1);
    let Some(Command::Versions { id, .. }) = commands.last() else {
        panic!("a page asked for");
    };
    let id = *id;
    state.stack.push(View::Versions(Box::new(view)));
    answer(&mut state, id, Answer::Page(page));
    state
}

fn answer(state: &mut State, id: u64, answer: Answer) -> Vec<Command> {
    update(
        state,
        Msg::Worker(Event::Versions {
            id,
            result: Ok(answer),
        }),
    )
}

/// Answers every version read `commands` ask for, as the stand-in would.
fn answer_reads(state: &mut State, commands: Vec<Command>, current: &Value) -> Vec<Command> {
    let mut out = Vec::new();
    for c in commands {
        match c {
            Command::Versions {
                id,
                call: Call::Version { version, .. },
            } => {
                let n: u64 = version.as_str().parse().unwrap();
                out.extend(answer(state, id, Answer::Item(version_of(n))));
            }
            Command::Versions {
                id,
                call: Call::Current { .. },
            } => out.extend(answer(state, id, Answer::Item(current.clone()))),
            other => out.push(other),
        }
    }
    out
}

fn version_of(n: u64) -> Value {
    version(n)
}

fn key(state: &mut State, code: KeyCode) -> Vec<Command> {
    update(state, Msg::Key(common::key(code)))
}

#[test]
fn history_list() {
    let mut state = open((100, 14), history());
    key(&mut state, KeyCode::Char('j'));
    key(&mut state, KeyCode::Char('j'));
    key(&mut state, KeyCode::Char(' '));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn history_list_80x24_with_more_to_load() {
    let mut page = history();
    page.more = true;
    page.total = Some(140);
    let state = open((80, 24), page);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn history_server_text_cannot_reach_the_terminal_raw() {
    let page = decode::page(&json!({"items": [
        {"version": 2, "updateUser": "mallory\u{1b}]52;c;aGk=\u{7}", "updateTime": NOW - DAY,
         "changeDescription": ["name changed\u{1b}[2J", "tags\nchanged"]},
        {"version": "1", "updateUser": null, "updateTime": 1e300, "changeDescription": "Created"},
        {"updateUser": "no number at all"}
    ]}))
    .unwrap();
    let state = open((100, 10), page);
    let text = render(&state);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn version_diff_of_the_selected_and_the_one_before() {
    let mut state = open((100, 30), history());
    let reads = key(&mut state, KeyCode::Enter);
    assert!(answer_reads(&mut state, reads, &version(4)).is_empty());
    assert!(matches!(state.view(), View::Diff(_)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn version_diff_of_two_marked() {
    let mut state = open((100, 30), history());
    key(&mut state, KeyCode::Char(' '));
    key(&mut state, KeyCode::End);
    let reads = key(&mut state, KeyCode::Char(' '));
    assert!(answer_reads(&mut state, reads, &version(4)).is_empty());
    insta::assert_snapshot!(render(&state));
}

#[test]
fn revert_confirmation() {
    let mut state = open((100, 30), history());
    key(&mut state, KeyCode::End);
    let reads = key(&mut state, KeyCode::Char('r'));
    assert!(answer_reads(&mut state, reads, &version(4)).is_empty());
    assert!(state.confirm.is_some());
    insta::assert_snapshot!(render(&state));
}

#[test]
fn revert_confirmation_on_a_small_screen() {
    let mut state = open((80, 16), history());
    key(&mut state, KeyCode::End);
    let reads = key(&mut state, KeyCode::Char('r'));
    assert!(answer_reads(&mut state, reads, &version(4)).is_empty());
    let text = render(&state);
    assert!(text.contains("more lines"), "cut, and said so:\n{text}");
    assert!(text.contains("esc cancels"), "the keys stay:\n{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn deleted_alerts() {
    let mut state = logged_in((110, 12));
    state.stack[0] = View::Table(Box::new(wf_tui::app::table::TableView::new(
        &TRASHED_ALERTS,
    )));
    let mut commands = key(&mut state, KeyCode::Char('r'));
    let Some(Command::FetchPage { id, .. }) = commands.pop() else {
        panic!("a page asked for");
    };
    let items: Vec<Value> = (0..3)
        .map(|n| {
            let mut a = version(4);
            a["id"] = json!(format!("16800000{n}"));
            a["name"] = json!(
                [
                    "Queue depth pricing (old)",
                    "Disk almost full",
                    "Cart no traffic"
                ][n]
            );
            a["updaterId"] = json!("raj.patel@acme.com");
            a["updatedEpochMillis"] = json!(NOW - (n as i64 + 1) * DAY);
            a["deleted"] = json!(true);
            a
        })
        .collect();
    let rows = items.iter().map(|i| TRASHED_ALERTS.row(i)).collect();
    update(
        &mut state,
        Msg::Worker(Event::Page {
            id,
            request: PageRequest::first(100),
            result: Ok(LoadedPage {
                rows,
                next: None,
                total_items: Some(3),
            }),
        }),
    );
    insta::assert_snapshot!(render(&state));
}
