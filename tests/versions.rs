//! The version history end to end, over HTTP to the stand-in: `H` lists an item's versions,
//! `enter` and two marks show diffs, `i` a version's JSON, `r` reverts (a diff against the item
//! now, a yes, the item read again, then the `PUT`), `n` copies a version into a new item;
//! read-only refuses, a second writer in between stops the revert, a failed read says so and
//! leaves the history usable.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::catalog::{ALERTS, Arg, Verb};
use wf_tui::app::View;
use wf_tui::app::overlays::actions::Flow;
use wf_tui::app::overlays::confirm::Then;
use wf_tui::app::versions::VersionsView;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::{Fault, FaultRule, RawBody};

/// The fourth alert of the fixtures: it starts with four versions.
fn four_versions(h: &Harness) -> Value {
    h.server.state().items("alert")[3].clone()
}

async fn open_list(h: &mut Harness, kind: &str) {
    h.press(':');
    h.type_text(kind);
    h.key(KeyCode::Enter);
    h.settle().await;
}

/// Selects the row `id` of the list shown.
fn select(h: &mut Harness, id: &str) {
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
}

/// The versions of alert `id`, open and loaded.
async fn history_of(h: &mut Harness, kind: &str, id: &str) {
    open_list(h, kind).await;
    select(h, id);
    h.press('H');
    h.settle().await;
}

fn versions(h: &Harness) -> &VersionsView {
    match h.state.view() {
        View::Versions(v) => v,
        other => panic!("expected a version history, got {other:?}"),
    }
}

fn flash(h: &Harness) -> String {
    h.state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

fn puts_seen(h: &Harness) -> usize {
    h.server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .count()
}

/// Feeds worker events until no action is running.
async fn finish(h: &mut Harness) {
    while matches!(&h.state.flow, Some(Flow::Running(p)) if !p.finished) {
        h.next_event().await;
    }
    h.settle().await;
}

async fn start() -> Harness {
    Harness::start(LoginMethod::ApiToken).await
}

#[tokio::test]
async fn h_lists_the_versions_newest_first_with_who_when_and_what() {
    let mut h = start().await;
    let alert = four_versions(&h);
    let id = alert["id"].as_str().unwrap();
    history_of(&mut h, "alert", id).await;
    let v = versions(&h);
    let numbers: Vec<String> = v
        .versions
        .iter()
        .map(|x| x.number.clone().unwrap().to_string())
        .collect();
    assert_eq!(numbers, ["4", "3", "2", "1"]);
    assert_eq!(v.versions[0].user.as_deref(), alert["updaterId"].as_str());
    assert_eq!(v.versions[0].time_ms, alert["updatedEpochMillis"].as_i64());
    assert_eq!(v.versions[3].changes, ["Created"]);
    let screen = h.render();
    assert!(screen.contains("versions [4]"), "{screen}");
    assert!(screen.contains("WHAT CHANGED"), "{screen}");
    let asked: Vec<String> = h
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/history"))
        .map(|r| format!("{}?{}", r.path, r.query))
        .collect();
    assert_eq!(
        asked,
        [format!("/api/v2/alert/{id}/history?offset=0&limit=100")]
    );
    // esc goes back to the list.
    h.key(KeyCode::Esc);
    assert_eq!(h.table().kind.name, "alert");
}

#[tokio::test]
async fn kinds_without_a_history_say_so() {
    let mut h = start().await;
    open_list(&mut h, "proxy").await;
    h.press('H');
    assert!(
        flash(&h).contains("proxies have no version history"),
        "{}",
        flash(&h)
    );
    assert!(matches!(h.state.view(), View::Table(_)));
}

#[tokio::test]
async fn enter_diffs_a_version_with_the_one_before_and_two_marks_with_each_other() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    h.key(KeyCode::Enter);
    h.settle().await;
    let View::Diff(d) = h.state.view() else {
        panic!("a diff: {:?}", h.state.view());
    };
    assert_eq!(d.what, "version 3 → version 4");
    assert!(!d.diff.is_empty());
    let screen = h.render();
    assert!(screen.contains("version 3 → version 4"), "{screen}");
    assert!(
        !screen.contains("updatedEpochMillis"),
        "computed fields left out:\n{screen}"
    );
    h.key(KeyCode::Esc);
    // Space on 4, then on 2: their diff at once.
    h.press(' ');
    h.press('j');
    h.press('j');
    h.press(' ');
    h.settle().await;
    let View::Diff(d) = h.state.view() else {
        panic!("a diff of the marked: {:?}", h.state.view());
    };
    assert_eq!(d.what, "version 2 → version 4");
    h.key(KeyCode::Esc);
    // The marks stay; enter shows their diff again, without reading the versions again.
    let reads = h.server.state().requests().len();
    h.key(KeyCode::Enter);
    assert!(matches!(h.state.view(), View::Diff(_)));
    assert_eq!(h.server.state().requests().len(), reads, "read once");
    h.key(KeyCode::Esc);
    // The first version: all of it, against nothing.
    h.press('u');
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    h.settle().await;
    let View::Diff(d) = h.state.view() else {
        panic!()
    };
    assert!(d.what.starts_with("version 1, the first"), "{}", d.what);
}

#[tokio::test]
async fn i_shows_a_versions_json() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    h.key(KeyCode::End);
    h.press('i');
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("the inspector: {:?}", h.state.view());
    };
    assert!(d.title.ends_with("› version 1"), "{}", d.title);
    let first = h.server.state().history.item_at("alert", &id, 1).unwrap();
    let screen = h.render();
    assert!(screen.contains(first["name"].as_str().unwrap()), "{screen}");
}

#[tokio::test]
async fn r_reverts_after_its_diff_and_a_yes_and_the_history_shows_the_new_version() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    let v1 = h.server.state().history.item_at("alert", &id, 1).unwrap();
    history_of(&mut h, "alert", &id).await;
    h.key(KeyCode::End);
    h.press('r');
    h.settle().await;
    let Some(Then::Revert(r)) = h.state.confirm.as_ref().map(|c| c.then.clone()) else {
        panic!("a revert to confirm: {:?}", h.state.confirm);
    };
    assert_eq!(r.version.to_string(), "1");
    assert!(!r.diff.is_empty());
    let screen = h.render();
    assert!(screen.contains("Revert to version 1"), "{screen}");
    assert!(
        screen.contains(&format!("PUT /api/v2/alert/{id}")),
        "{screen}"
    );
    assert!(screen.contains("what it changes"), "{screen}");
    assert_eq!(puts_seen(&h), 0, "nothing sent before the yes");
    h.press('y');
    h.settle().await;
    finish(&mut h).await;
    assert_eq!(puts_seen(&h), 1);
    let now = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    for field in [
        "condition",
        "minutes",
        "severity",
        "tags",
        "additionalInformation",
    ] {
        assert_eq!(now[field], v1[field], "{field} is version 1's");
    }
    assert!(flash(&h).starts_with("reverted"), "{}", flash(&h));
    let v = versions(&h);
    assert_eq!(v.versions.len(), 5, "the revert is a version too");
    assert_eq!(v.versions[0].number.as_ref().unwrap().to_string(), "5");
}

#[tokio::test]
async fn a_revert_not_confirmed_sends_nothing() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    h.key(KeyCode::End);
    h.press('r');
    h.settle().await;
    assert!(h.state.confirm.is_some());
    h.key(KeyCode::Esc);
    h.settle().await;
    assert!(h.state.confirm.is_none());
    assert_eq!(flash(&h), "not reverted: nothing was sent");
    assert_eq!(puts_seen(&h), 0);
}

#[tokio::test]
async fn the_newest_version_is_nothing_to_revert() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    h.press('r');
    h.settle().await;
    assert!(h.state.confirm.is_none());
    assert!(flash(&h).contains("nothing to revert"), "{}", flash(&h));
}

#[tokio::test]
async fn read_only_refuses_a_revert_and_a_copy() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    h.state.read_only.flag = true;
    h.key(KeyCode::End);
    h.press('r');
    h.settle().await;
    let screen = h.render();
    assert!(screen.contains("will be refused"), "{screen}");
    h.press('y');
    h.settle().await;
    assert!(
        flash(&h).starts_with("read-only: PUT /api/v2/alert/"),
        "{}",
        flash(&h)
    );
    h.press('n');
    h.settle().await;
    h.press('y');
    h.settle().await;
    assert!(
        flash(&h).starts_with("read-only: POST /api/v2/alert/"),
        "{}",
        flash(&h)
    );
    let writes = h
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    assert_eq!(writes, 0, "nothing was sent");
}

#[tokio::test]
async fn a_change_by_someone_else_after_the_diff_stops_the_revert() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    h.key(KeyCode::End);
    h.press('r');
    h.settle().await;
    assert!(h.state.confirm.is_some());
    // A second writer, between the diff and the yes.
    let http = wf_tui::api::client::http_client(Default::default());
    let other = wf_tui::auth::Session::login(http, h.server.account(LoginMethod::ApiToken))
        .await
        .unwrap()
        .1;
    let mut theirs: Value = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    theirs["minutes"] = json!(77);
    let put = ALERTS
        .operation(Verb::Update)
        .unwrap()
        .request(&id, Arg::Item(theirs));
    other.execute(&put, &|_| {}).await.unwrap();
    let puts = puts_seen(&h);
    h.press('y');
    h.settle().await;
    assert_eq!(puts_seen(&h), puts, "nothing was sent");
    assert!(
        flash(&h).contains("changed on the server since the diff was shown"),
        "{}",
        flash(&h)
    );
    let now = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    assert_eq!(now["minutes"], 77, "their change stays");
    // r again: the diff against what is there now.
    h.press('r');
    h.settle().await;
    assert!(matches!(
        h.state.confirm.as_ref().map(|c| &c.then),
        Some(Then::Revert(_))
    ));
}

#[tokio::test]
async fn n_copies_a_version_into_a_new_item() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    let v1 = h.server.state().history.item_at("alert", &id, 1).unwrap();
    history_of(&mut h, "alert", &id).await;
    h.key(KeyCode::End);
    h.press('n');
    h.settle().await;
    let screen = h.render();
    assert!(
        screen.contains(&format!("POST /api/v2/alert/{id}/clone?name=")),
        "{screen}"
    );
    assert!(screen.contains("v=1"), "{screen}");
    h.press('y');
    finish(&mut h).await;
    let name = format!("{} (copy of version 1)", v1["name"].as_str().unwrap());
    let copy = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["name"] == name.as_str())
        .unwrap_or_else(|| panic!("no alert named {name}"));
    assert_eq!(copy["condition"], v1["condition"]);
    assert_ne!(copy["id"], id.as_str());
}

#[tokio::test]
async fn a_dashboard_version_is_copied_by_a_create() {
    let mut h = start().await;
    let dash = h.server.state().items("dashboard")[2].clone();
    let id = dash["id"].as_str().unwrap().to_string();
    history_of(&mut h, "dashboard", &id).await;
    assert_eq!(versions(&h).versions.len(), 3);
    h.key(KeyCode::End);
    h.press('n');
    h.settle().await;
    assert!(
        h.render().contains("POST /api/v2/dashboard"),
        "{}",
        h.render()
    );
    h.press('y');
    finish(&mut h).await;
    let copy = h
        .server
        .state()
        .items("dashboard")
        .into_iter()
        .find(|d| d["id"] == format!("{id}-v1-copy").as_str())
        .expect("the copy");
    assert!(
        copy["name"]
            .as_str()
            .unwrap()
            .ends_with("(copy of version 1)")
    );
}

#[tokio::test]
async fn a_version_that_is_not_found_says_so_and_the_history_stays_usable() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    history_of(&mut h, "alert", &id).await;
    let body = br#"{"status":{"result":"ERROR","message":"Version 3 not found","code":404}}"#;
    h.server.state().add_fault(
        FaultRule::new(Fault::Raw(404, RawBody(body.to_vec().into())))
            .path(&format!("/api/v2/alert/{id}/history/3")),
    );
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(
        matches!(h.state.view(), View::Versions(_)),
        "still the history"
    );
    let text = flash(&h);
    assert!(text.starts_with("version 3 not read"), "{text}");
    assert!(text.contains("404") || text.contains("not found"), "{text}");
    assert!(versions(&h).job.is_none());
    // Another version still opens.
    h.press('j');
    h.press('j');
    h.press('i');
    h.settle().await;
    assert!(matches!(h.state.view(), View::Detail(_)));
}

#[tokio::test]
async fn a_history_that_fails_to_load_says_why_in_place() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    open_list(&mut h, "alert").await;
    select(&mut h, &id);
    h.server
        .state()
        .add_fault(FaultRule::new(Fault::Forbidden).path(&format!("/api/v2/alert/{id}/history")));
    h.press('H');
    h.settle().await;
    let screen = h.render();
    assert!(screen.contains('⚠'), "{screen}");
    h.server.state().clear_faults();
    h.send(wf_tui::app::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('r'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    h.settle().await;
    assert_eq!(versions(&h).versions.len(), 4, "ctrl-r loads it again");
}

#[tokio::test]
async fn h_in_the_alert_viewer_shows_that_alerts_versions() {
    let mut h = start().await;
    let id = four_versions(&h)["id"].as_str().unwrap().to_string();
    open_list(&mut h, "alert").await;
    select(&mut h, &id);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(matches!(h.state.view(), View::Alert(_)));
    h.press('H');
    h.settle().await;
    assert_eq!(versions(&h).item_id, id);
    assert_eq!(versions(&h).versions.len(), 4);
}

// --- In a pseudo-terminal: the real binary on its demo. ---

#[cfg(unix)]
mod pty {
    use super::common;
    use common::pty::{Step, Then, run_then};

    /// `--demo`: `H` on the first alert lists its versions, `enter` shows a diff, `:trash`
    /// lists the deleted alerts. (The screen is drawn as changes: one word at a time.)
    #[test]
    fn in_the_demo_h_lists_versions_and_trash_lists_deleted_items() {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.arg("--demo").env("TERM", "xterm-256color");
        let steps = [
            Step::Keys(b":alert\r"),
            Step::Shown("THRESHOLD"),
            Step::Keys(b"H"),
            Step::Shown("WHAT"),
            Step::Shown("Created"),
            Step::Keys(b"\r"),
            Step::Shown("all of it"),
            Step::Keys(b":trash alert\r"),
            Step::Shown("SEVERITY CHANGED"),
            Step::Keys(b"q"),
        ];
        let (status, out, _) = run_then(cmd, Some(("CLOUDWATCH", Then::Steps(&steps))));
        assert!(status.success(), "{status:?}: {out:?}");
    }
}
