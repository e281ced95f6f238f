//! `:trash` end to end, over HTTP to the stand-in: each kind's deleted items listed by the
//! search the spec has for them, `U` restoring the selected or marked ones after a yes; a
//! failed restore says why and keeps the row; read-only refuses; secrets stay masked.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::View;
use wf_tui::app::overlays::actions::Flow;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::{Fault, FaultRule};

async fn command(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
    h.settle().await;
}

fn flash(h: &Harness) -> String {
    h.state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

fn ids(h: &Harness) -> Vec<String> {
    h.table()
        .rows
        .to_rows()
        .filter_map(|r| r.id.as_deref().map(String::from))
        .collect()
}

async fn finish(h: &mut Harness) {
    while matches!(&h.state.flow, Some(Flow::Running(p)) if !p.finished) {
        h.next_event().await;
    }
}

fn restores_seen(h: &Harness) -> usize {
    let requests = h.server.state().requests();
    requests
        .iter()
        .filter(|r| r.path.ends_with("/undelete"))
        .count()
}

#[tokio::test]
async fn trash_lists_the_deleted_items_of_the_list_shown_or_of_the_kind_named() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "alert").await;
    command(&mut h, "trash").await;
    assert_eq!(h.table().kind.name, "alert/deleted");
    assert_eq!(h.state.stack.len(), 2, "over the list it came from");
    let deleted = h.server.state().trash.items("alert");
    for item in &deleted {
        assert!(ids(&h).contains(&item["id"].as_str().unwrap().to_string()));
    }
    let searched = h
        .server
        .state()
        .requests()
        .iter()
        .any(|r| r.method == "POST" && r.path == "/api/v2/search/alert/deleted");
    assert!(searched, "listed by the trash's search");
    let screen = h.render();
    assert!(screen.contains("Deleted alerts"), "{screen}");
    assert!(screen.contains("U restore"), "{screen}");
    h.key(KeyCode::Esc);
    assert_eq!(h.table().kind.name, "alert", "esc: back to the list");
    for (word, name) in [
        ("dashboard", "dashboard/deleted"),
        ("derivedmetrics", "derivedmetric/deleted"),
        ("ci", "cloudintegration/deleted"),
        ("proxy", "proxy/deleted"),
    ] {
        command(&mut h, &format!("trash {word}")).await;
        assert_eq!(h.table().kind.name, name);
        assert!(!h.table().rows.is_empty(), "{name}");
        h.key(KeyCode::Esc);
    }
    command(&mut h, "trash source").await;
    assert!(flash(&h).starts_with("no trash of source"), "{}", flash(&h));
}

#[tokio::test]
async fn u_restores_after_a_yes_and_the_item_leaves_the_trash() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "trash dashboard").await;
    let id = h
        .table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap();
    h.press('U');
    let screen = h.render();
    assert!(
        screen.contains(&format!("POST /api/v2/dashboard/{id}/undelete")),
        "{screen}"
    );
    assert_eq!(restores_seen(&h), 0, "nothing before the yes");
    h.press('y');
    finish(&mut h).await;
    assert_eq!(restores_seen(&h), 1);
    assert!(!ids(&h).contains(&id), "out of the trash list");
    assert!(flash(&h).starts_with("restored"), "{}", flash(&h));
    let back = h.server.state().items("dashboard");
    assert!(
        back.iter().any(|d| d["id"] == id.as_str()),
        "back in its list"
    );
    // Esc on the confirmation of the next one: nothing sent.
    h.press('U');
    h.key(KeyCode::Esc);
    assert_eq!(restores_seen(&h), 1);
}

#[tokio::test]
async fn marked_items_are_restored_together() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "trash proxy").await;
    let before = ids(&h);
    h.press(' ');
    h.press(' ');
    assert_eq!(h.state.marks.ids.len(), 2);
    h.press('U');
    let screen = h.render();
    assert!(screen.contains("(2 requests)"), "{screen}");
    h.press('y');
    finish(&mut h).await;
    assert_eq!(restores_seen(&h), 2);
    assert_eq!(ids(&h).len(), before.len() - 2);
    assert!(h.state.marks.ids.is_empty());
}

#[tokio::test]
async fn a_failed_restore_says_why_and_keeps_the_row() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "trash alert").await;
    let before = ids(&h);
    let fault = h.server.state().add_fault(
        FaultRule::new(Fault::ServerError(500))
            .path("/api/v2/alert/")
            .method("POST"),
    );
    h.press('U');
    h.press('y');
    finish(&mut h).await;
    let text = flash(&h);
    assert!(text.contains("500"), "{text}");
    assert_eq!(ids(&h), before, "the row stays");
    assert!(h.state.flow.is_none(), "the app stays usable");
    let still: Vec<String> = h
        .server
        .state()
        .trash
        .items("alert")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    assert!(
        before
            .iter()
            .all(|id| still.contains(id) || id == "1690000055871")
    );
    // Not retried by itself: one try.
    assert_eq!(fault.fired(), 1);
}

#[tokio::test]
async fn read_only_refuses_a_restore() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "trash alert").await;
    h.state.read_only.flag = true;
    h.press('U');
    assert!(h.render().contains("will be refused"));
    h.press('y');
    assert!(
        flash(&h).starts_with("read-only: POST /api/v2/alert/"),
        "{}",
        flash(&h)
    );
    assert_eq!(restores_seen(&h), 0);
}

#[tokio::test]
async fn u_outside_a_trash_says_where_it_works() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.press('U');
    assert!(flash(&h).contains(":trash"), "{}", flash(&h));
    assert!(h.state.confirm.is_none());
}

#[tokio::test]
async fn a_deleted_integrations_json_keeps_its_secrets_masked() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "trash cloudintegration").await;
    for _ in 0..h.table().rows.len() {
        h.key(KeyCode::Enter);
        h.settle().await;
        assert!(matches!(h.state.view(), View::Detail(_)));
        let screen = h.render();
        assert!(!screen.contains("FAKE-DEMO"), "{screen}");
        h.key(KeyCode::Esc);
        h.press('j');
    }
}

#[tokio::test]
async fn h_in_a_trash_shows_the_deleted_items_history() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command(&mut h, "alert").await;
    let id = h
        .table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap();
    // A second writer deletes it; the trash shows it, with its history.
    let http = wf_tui::api::client::http_client(Default::default());
    let other = wf_tui::auth::Session::login(http, h.server.account(LoginMethod::ApiToken))
        .await
        .unwrap()
        .1;
    let delete = wf_tui::api::catalog::ALERTS
        .operation(wf_tui::api::catalog::Verb::Delete)
        .unwrap()
        .request(&id, wf_tui::api::catalog::Arg::None);
    other.execute(&delete, &|_| {}).await.unwrap();
    command(&mut h, "trash").await;
    let t = h.table();
    let at = t
        .view
        .iter()
        .position(|&i| t.rows.row(i as usize).unwrap().id.as_deref() == Some(&id));
    let at = at.expect("the deleted alert is in the trash");
    for _ in 0..at {
        h.press('j');
    }
    h.press('H');
    h.settle().await;
    let View::Versions(v) = h.state.view() else {
        panic!("its versions: {:?}", h.state.view());
    };
    assert_eq!(v.item_id, id);
    assert!(!v.versions.is_empty());
}
