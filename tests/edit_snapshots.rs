//! Snapshots of the edit view on ratatui's `TestBackend`, from fixed data: the review of a
//! change, a text that cannot be used, and the three-way view of an item changed meanwhile.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use serde_json::{Value, json};
use wf_tui::api::catalog::{ALERTS, editing};
use wf_tui::api::edit::Purpose;
use wf_tui::app::views::edit::{EditView, Outcome, Planned, Step, ThreeWay};
use wf_tui::app::widgets::diff::Folded;
use wf_tui::app::{LoginState, State, View};
use wf_tui::auth::TokenStatus;

const NOW: i64 = 1_800_000_000_000;

fn alert() -> Value {
    json!({
        "id": "1690000000372",
        "name": "Queue depth pricing",
        "condition": "ts(rabbitmq.queue.messages) > 16000",
        "minutes": 15,
        "severity": "WARN",
        "tags": {"customerTags": ["env.dev"]},
        "updatedEpochMillis": 1_799_000_000_000i64,
    })
}

fn state_with(step: Step) -> State {
    let mut state = State::with_kind(&ALERTS, "prod", (100, 30), NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        ..TokenStatus::default()
    }));
    state.stack.push(View::Edit(Box::new(EditView {
        kind: &ALERTS,
        editing: editing(&ALERTS).unwrap(),
        purpose: Purpose::Update,
        opened: vec![alert()],
        text: String::new(),
        file: Some("/home/me/.local/state/wf-tui/edits/alert-1690000000372-1.json".into()),
        name: "alert-1690000000372".into(),
        copy_of: None,
        step,
        scroll: 0,
    })));
    state
}

fn planned(body: Value) -> Planned {
    Planned {
        item_id: Some("1690000000372".into()),
        label: "“Queue depth pricing” (1690000000372)".into(),
        opened: Some(alert()),
        diff: Folded::new(&alert(), &body),
        body,
    }
}

fn mine() -> Value {
    let mut b = alert();
    b["minutes"] = json!(20);
    b["tags"]["customerTags"] = json!(["env.dev", "paged"]);
    b
}

#[test]
fn the_review_of_a_change() {
    let state = state_with(Step::Review {
        planned: vec![planned(mine())],
        said: vec!["condition: WQL ✓".into()],
    });
    insta::assert_snapshot!(common::render(&state));
}

#[test]
fn a_text_that_cannot_be_used() {
    let state = state_with(Step::Invalid(
        "line 3, column 3: expected `,` or `}`".into(),
    ));
    insta::assert_snapshot!(common::render(&state));
}

#[test]
fn an_item_changed_meanwhile_is_shown_three_ways() {
    let mut theirs = alert();
    theirs["minutes"] = json!(30);
    theirs["updatedEpochMillis"] = json!(1_799_500_000_000i64);
    let three = ThreeWay {
        theirs: Folded::new(&alert(), &theirs),
        mine: Folded::new(&alert(), &mine()),
        both: vec![".minutes".into()],
    };
    let state = state_with(Step::Done {
        planned: vec![planned(mine())],
        results: vec![Some(Outcome::Conflict(Box::new(three)))],
    });
    insta::assert_snapshot!(common::render(&state));
}
