//! Acting on what you see, through the TUI against the stand-in: every action, its failure
//! (404, 403), bulk with partial failures and a retry of just the failures, read-only refusing
//! in `update` and in the worker, copy as curl, and the state the stand-in keeps.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::Value;
use wf_tui::api::Executor;
use wf_tui::api::catalog::Cell;
use wf_tui::app::overlays::actions::{Flow, Mutation};
use wf_tui::app::overlays::confirm::Then;
use wf_tui::app::{Msg, State, update};
use wf_tui::auth::{LoginMethod, Session};
use wf_tui::demo::faults::{Fault, FaultRule};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{Command, WorkerConfig};

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

async fn open(h: &mut Harness, kind: &str) {
    command_line(h, kind);
    h.settle().await;
    assert_eq!(h.table().kind.name, kind);
    assert!(!h.table().rows.is_empty());
}

/// Feeds worker events until no action is running or reading.
async fn finish(h: &mut Harness) {
    loop {
        match &h.state.flow {
            Some(Flow::Running(p)) if !p.finished => {}
            Some(Flow::Reading { .. }) => {}
            _ => return,
        }
        h.next_event().await;
    }
}

/// A second, independent reader of the stand-in: what "the next read" sees.
async fn reader(server: &DemoServer) -> Executor {
    let http = wf_tui::api::client::http_client(Default::default());
    Session::login(http, server.account(LoginMethod::ApiToken))
        .await
        .unwrap()
        .1
}

fn cell(h: &Harness, id: &str, column: &str) -> String {
    let t = h.table();
    let col = t
        .kind
        .columns
        .iter()
        .position(|c| c.title == column)
        .unwrap();
    let row = t
        .rows
        .to_rows()
        .find(|r| r.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no row {id}"));
    match &row.cells[col] {
        Cell::Text(s) => s.to_string(),
        Cell::Flag(b) => b.to_string(),
        Cell::Int(n) => n.to_string(),
        Cell::Time(t) => t.to_string(),
        Cell::Empty => String::new(),
    }
}

fn selected_id(h: &Harness) -> String {
    h.table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap()
}

/// The mutations the open confirmation waits to send.
fn mutation(h: &Harness) -> &Mutation {
    match h.state.confirm.as_ref().map(|c| &c.then) {
        Some(Then::Mutate(m)) => m,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

fn confirm_text(h: &Harness) -> String {
    mutation(h).items[0].1.to_string()
}

fn flash(h: &Harness) -> String {
    h.state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

fn mutations_seen(server: &DemoServer) -> usize {
    server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method != "GET" && !r.path.starts_with("/api/v2/search/"))
        .filter(|r| r.path.starts_with("/api/v2/"))
        .count()
}

#[tokio::test]
async fn source_tags_add_remove_and_set_are_kept() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "source").await;
    let id = selected_id(&h);
    h.press('x');
    assert!(matches!(h.state.flow, Some(Flow::Menu { .. })));
    h.press('a');
    h.type_text("env=prod, team/web");
    h.key(KeyCode::Enter);
    let shown = confirm_text(&h);
    assert_eq!(
        shown,
        format!("PUT /api/v2/source/{id}/tag/env%3Dprod"),
        "the confirmation shows the exact request"
    );
    let screen = h.render();
    assert!(screen.contains("…and 1 more"), "{screen}");
    h.press('y');
    finish(&mut h).await;
    assert!(h.state.flow.is_none(), "done: the summary closes by itself");
    assert!(flash(&h).contains("2 tagged"), "{}", flash(&h));
    let tags = cell(&h, &id, "TAGS");
    assert!(
        tags.contains("env=prod") && tags.contains("team/web"),
        "{tags}"
    );
    // The next detail and search see it.
    let s = reader(&h.server).await;
    let detail = s.get(&format!("/api/v2/source/{id}"), &[]).await.unwrap();
    assert_eq!(detail["tags"]["env=prod"], Value::Bool(true));
    assert_eq!(detail["tags"]["team/web"], Value::Bool(true));
    let found = s
        .execute(
            &wf_tui::api::ApiRequest::search(
                "/api/v2/search/source",
                serde_json::json!({"query":[{"key":"tags","value":"env=prod","matchingMethod":"CONTAINS"}],"limit":10}),
            ),
            &|_| {},
        )
        .await
        .unwrap();
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert!(
        ids.contains(&id.as_str()),
        "search finds the new tag: {ids:?}"
    );

    // Remove one.
    h.press('x');
    h.press('r');
    h.type_text("team/web");
    h.key(KeyCode::Enter);
    assert_eq!(
        confirm_text(&h),
        format!("DELETE /api/v2/source/{id}/tag/team%2Fweb")
    );
    h.key(KeyCode::Enter);
    finish(&mut h).await;
    assert!(!cell(&h, &id, "TAGS").contains("team/web"));

    // Set replaces them all.
    h.press('x');
    h.press('s');
    h.type_text("only");
    h.key(KeyCode::Enter);
    let c = mutation(&h);
    assert_eq!(
        c.items[0].1.to_string(),
        format!("POST /api/v2/source/{id}/tag")
    );
    assert_eq!(c.items[0].1.body, Some(serde_json::json!(["only"])));
    h.press('y');
    finish(&mut h).await;
    assert_eq!(cell(&h, &id, "TAGS"), "only");
    let detail = s.get(&format!("/api/v2/source/{id}"), &[]).await.unwrap();
    assert_eq!(detail["tags"], serde_json::json!({"only": true}));
}

#[tokio::test]
async fn bulk_tagging_reports_partial_failures_and_retries_just_those() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "source").await;
    let ids: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .filter_map(|r| r.id.as_deref().map(String::from))
        .collect();
    let n = ids.len();
    assert!(n >= 50, "a page of sources: {n}");
    // Three sources refuse the change (a permission missing on them).
    let failing: Vec<String> = vec![ids[3].clone(), ids[10].clone(), ids[42].clone()];
    let rules: Vec<_> = failing
        .iter()
        .map(|id| {
            h.server.state().add_fault(
                FaultRule::new(Fault::Forbidden).path(&format!("/api/v2/source/{id}/tag")),
            )
        })
        .collect();
    h.press('*');
    let title = h.render();
    assert!(title.contains(&format!("{n} marked")), "{title}");
    h.press('x');
    h.press('a');
    h.type_text("bulk");
    h.key(KeyCode::Enter);
    let screen = h.render();
    assert!(
        screen.contains(&format!("…and {} more", n - 1)),
        "the first request and how many more: {screen}"
    );
    h.press('y');
    finish(&mut h).await;
    let Some(Flow::Running(p)) = &h.state.flow else {
        panic!("the summary stays open: {:?}", h.state.flow);
    };
    assert_eq!(p.ok, n - 3);
    assert_eq!(p.failed.len(), 3);
    let summary = p.summary();
    assert!(
        summary.starts_with(&format!("{} tagged, 3 failed: ", n - 3)),
        "{summary}"
    );
    assert!(summary.contains("permission"), "in words: {summary}");
    let screen = h.render();
    assert!(screen.contains("R retries the failures"), "{screen}");
    // Each mutation was sent once: no blind retries of the 403s.
    let sent = h
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .count();
    // Faulted requests never reach the recorder: the rules count them.
    let refused: u32 = rules.iter().map(|r| r.fired()).sum();
    assert_eq!(refused, 3, "each refused PUT was sent once, never retried");
    assert_eq!(sent, n - 3, "one PUT per source");

    h.server.state().clear_faults();
    // What failed is still marked, what was tagged is not.
    let mut marked: Vec<String> = h.state.marks.ids.iter().cloned().collect();
    marked.sort();
    let mut want = failing.clone();
    want.sort();
    assert_eq!(marked, want, "the failures stay marked");
    h.press('R');
    let mut again: Vec<String> = mutation(&h)
        .items
        .iter()
        .map(|(id, _)| id.clone())
        .collect();
    again.sort();
    assert_eq!(
        again, want,
        "only the failures are retried, confirmed first"
    );
    h.press('y');
    finish(&mut h).await;
    assert!(h.state.flow.is_none(), "no failures: the summary closes");
    assert!(flash(&h).starts_with("3 tagged"), "{}", flash(&h));
    for id in &ids {
        assert!(cell(&h, id, "TAGS").contains("bulk"), "{id}");
    }
    assert!(h.state.marks.ids.is_empty(), "all applied: no marks left");
}

#[tokio::test]
async fn alerts_snooze_unsnooze_and_tags() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    let s = reader(&h.server).await;

    h.press('x');
    h.press('1');
    assert_eq!(
        confirm_text(&h),
        format!("POST /api/v2/alert/{id}/snooze?seconds=3600")
    );
    let before = wf_tui::auth::session::wall_ms();
    h.press('y');
    finish(&mut h).await;
    assert!(flash(&h).starts_with("snoozed"), "{}", flash(&h));
    assert!(cell(&h, &id, "STATUS").contains("SNOOZED"));
    let alert = s.get(&format!("/api/v2/alert/{id}"), &[]).await.unwrap();
    let until = alert["snoozed"].as_i64().unwrap();
    assert!(
        (before + 3_600_000..before + 3_700_000).contains(&until),
        "{until}"
    );

    // A typed duration.
    h.press('x');
    h.press('f');
    h.type_text("1h30m");
    h.key(KeyCode::Enter);
    assert_eq!(
        confirm_text(&h),
        format!("POST /api/v2/alert/{id}/snooze?seconds=5400")
    );
    h.key(KeyCode::Esc);
    assert!(h.state.flow.is_none(), "esc cancels");

    // Until unsnoozed: -1, as the real API stores it.
    h.press('x');
    h.press('z');
    assert_eq!(confirm_text(&h), format!("POST /api/v2/alert/{id}/snooze"));
    h.press('y');
    finish(&mut h).await;
    let alert = s.get(&format!("/api/v2/alert/{id}"), &[]).await.unwrap();
    assert_eq!(alert["snoozed"], -1);

    h.press('x');
    h.press('u');
    assert_eq!(
        confirm_text(&h),
        format!("POST /api/v2/alert/{id}/unsnooze")
    );
    h.press('y');
    finish(&mut h).await;
    assert!(!cell(&h, &id, "STATUS").contains("SNOOZED"));
    let alert = s.get(&format!("/api/v2/alert/{id}"), &[]).await.unwrap();
    assert!(alert.get("snoozed").is_none());

    // Tags answer `ResponseContainerVoid`: the row is read again.
    h.press('x');
    h.press('a');
    h.type_text("oncall");
    h.key(KeyCode::Enter);
    assert_eq!(
        confirm_text(&h),
        format!("PUT /api/v2/alert/{id}/tag/oncall")
    );
    h.press('y');
    finish(&mut h).await;
    assert!(cell(&h, &id, "TAGS").contains("oncall"));
    h.press('x');
    h.press('r');
    h.type_text("oncall");
    h.key(KeyCode::Enter);
    h.press('y');
    finish(&mut h).await;
    assert!(!cell(&h, &id, "TAGS").contains("oncall"));
    let alert = s.get(&format!("/api/v2/alert/{id}"), &[]).await.unwrap();
    assert!(
        !alert["tags"]["customerTags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "oncall")
    );
}

#[tokio::test]
async fn cloud_integrations_disable_and_enable() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "cloudintegration").await;
    let id = selected_id(&h);
    h.press('x');
    h.press('d');
    assert_eq!(
        confirm_text(&h),
        format!("POST /api/v2/cloudintegration/{id}/disable")
    );
    h.press('y');
    finish(&mut h).await;
    assert_eq!(cell(&h, &id, "STATE"), "true", "disabled");
    let s = reader(&h.server).await;
    let ci = s
        .get(&format!("/api/v2/cloudintegration/{id}"), &[])
        .await
        .unwrap();
    assert_eq!(ci["disabled"], true);
    h.press('x');
    h.press('e');
    // Regression: `?` inside a confirmation did nothing; it shows the confirmation's keys, and
    // closing it leaves the confirmation as it was.
    h.press('?');
    let screen = h.render();
    assert!(screen.contains("Keys: Confirm"), "{screen}");
    assert!(screen.contains("copy"), "{screen}");
    assert!(
        !screen.contains("token status"),
        "not usable here: {screen}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(
        confirm_text(&h),
        format!("POST /api/v2/cloudintegration/{id}/enable")
    );
    h.press('y');
    finish(&mut h).await;
    assert_eq!(cell(&h, &id, "STATE"), "false");
}

#[tokio::test]
async fn maintenance_windows_are_created_closed_and_deleted() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "maintenancewindow").await;
    let before = h.table().rows.len();
    h.press('x');
    h.press('n');
    assert!(matches!(h.state.flow, Some(Flow::Form { .. })));
    // Submitted (alt-enter) with the title empty: the form says what is missing and stays.
    h.send(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Enter,
        crossterm::event::KeyModifiers::ALT,
    )));
    match &h.state.flow {
        Some(Flow::Form { error: Some(e), .. }) => assert!(e.contains("title"), "{e}"),
        other => panic!("{other:?}"),
    }
    h.type_text("Kernel patching");
    h.key(KeyCode::Tab);
    h.type_text("CVE-2026-1");
    h.key(KeyCode::Tab); // start: now
    h.key(KeyCode::Tab); // end: +1h
    h.key(KeyCode::Tab);
    h.type_text("db, cache");
    h.key(KeyCode::Tab);
    h.type_text("canary");
    // Enter moves on to the last field (sources, left empty), and submits there.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let now_s = h.state.now_ms / 1000;
    {
        {
            let r = &mutation(&h).items[0].1;
            assert_eq!(r.to_string(), "POST /api/v2/maintenancewindow");
            let b = r.body.as_ref().unwrap();
            assert_eq!(b["title"], "Kernel patching");
            assert_eq!(
                b["relevantCustomerTags"],
                serde_json::json!(["db", "cache"])
            );
            assert_eq!(b["relevantHostTags"], serde_json::json!(["canary"]));
            let start = b["startTimeInSeconds"].as_i64().unwrap();
            assert!((now_s - 2..=now_s).contains(&start));
            assert_eq!(b["endTimeInSeconds"].as_i64().unwrap(), start + 3600);
        }
    }
    // The confirmation starts with the request: a create is on no item, so no empty line.
    let screen = h.render();
    let title = screen.lines().position(|l| l.contains("Confirm:")).unwrap();
    let first = screen.lines().nth(title + 1).unwrap();
    assert!(first.contains("POST /api/v2/maintenancewindow"), "{screen}");
    h.press('y');
    finish(&mut h).await;
    assert_eq!(h.table().rows.len(), before + 1, "the new window is a row");
    let created = h
        .server
        .state()
        .items("maintenancewindow")
        .into_iter()
        .find(|w| w["title"] == "Kernel patching")
        .expect("the stand-in keeps it");
    assert_eq!(created["runningState"], "ONGOING");
    let id = created["id"].as_str().unwrap().to_string();

    // Close it early: read it, confirm the PUT with the end set to now.
    let pos =
        h.table().view.iter().position(|&i| {
            h.table().rows.row(i as usize).unwrap().id.as_deref() == Some(id.as_str())
        });
    let pos = pos.unwrap();
    let height = h.state.layout().page();
    if let wf_tui::app::View::Table(t) = h.state.view_mut() {
        t.move_to(pos, height);
    }
    h.press('x');
    h.press('c');
    finish(&mut h).await;
    let r = &mutation(&h).items[0].1;
    assert_eq!(r.to_string(), format!("PUT /api/v2/maintenancewindow/{id}"));
    let end = r.body.as_ref().unwrap()["endTimeInSeconds"]
        .as_i64()
        .unwrap();
    assert!((now_s..=now_s + 5).contains(&end));
    h.press('y');
    finish(&mut h).await;
    assert_eq!(cell(&h, &id, "STATE"), "ENDED");

    // Delete it: the row goes, and the next read is a 404.
    h.press('x');
    h.press('d');
    assert_eq!(
        confirm_text(&h),
        format!("DELETE /api/v2/maintenancewindow/{id}")
    );
    h.press('y');
    finish(&mut h).await;
    assert_eq!(h.table().rows.len(), before);
    let s = reader(&h.server).await;
    let err = s
        .get(&format!("/api/v2/maintenancewindow/{id}"), &[])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn failures_are_reported_in_words() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    // Gone on the server since the list was loaded: 404.
    h.server.state().edit_items("alert", |items| {
        items.retain(|a| a["id"].as_str() != Some(id.as_str()));
    });
    h.press('x');
    h.press('u');
    h.press('y');
    finish(&mut h).await;
    let text = flash(&h);
    assert!(
        text.contains("404") || text.contains("does not exist"),
        "{text}"
    );
    assert!(
        text.contains(&format!("/api/v2/alert/{id}/unsnooze")),
        "{text}"
    );

    // A missing permission: 403 on every change, reads still fine.
    h.server
        .state()
        .add_fault(wf_tui::demo::faults::parse("403:method=mutating").unwrap());
    h.key(KeyCode::Down);
    h.press('x');
    h.press('1');
    h.press('y');
    finish(&mut h).await;
    let text = flash(&h);
    assert!(text.contains("lacks the permission"), "{text}");
    assert!(h.state.flow.is_none(), "the app stays usable");
}

#[tokio::test]
async fn read_only_refuses_in_update() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "cloudintegration").await;
    h.state.read_only.flag = true;
    assert!(
        h.render().lines().next().unwrap().contains("RO"),
        "the header says RO"
    );
    let before = mutations_seen(&h.server);
    h.press('x');
    h.press('d');
    let screen = h.render();
    assert!(screen.contains("will be refused"), "{screen}");
    h.press('y');
    let text = flash(&h);
    assert!(
        text.starts_with("read-only: POST /api/v2/cloudintegration/") && text.contains("refused"),
        "{text}"
    );
    assert!(h.state.flow.is_none());
    assert_eq!(mutations_seen(&h.server), before, "nothing was sent");
}

#[tokio::test]
async fn read_only_refuses_in_the_worker_too() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let config = WorkerConfig {
        read_only: wf_tui::readonly::ReadOnly::new(true, false, false),
        ..WorkerConfig::ephemeral()
    };
    let mut h = Harness::with_account_config(server, account, config, (100, 30));
    h.settle().await;
    open(&mut h, "alert").await;
    let before = mutations_seen(&h.server);
    // The UI does not know (a bug, say): the worker still refuses.
    assert!(!h.state.read_only.is_on());
    h.press('x');
    h.press('2');
    h.press('y');
    finish(&mut h).await;
    let text = flash(&h);
    assert!(text.starts_with("read-only: POST /api/v2/alert/"), "{text}");
    assert_eq!(mutations_seen(&h.server), before, "nothing was sent");
    // Bulk too.
    h.press('*');
    h.press('x');
    h.press('u');
    h.press('y');
    finish(&mut h).await;
    let Some(Flow::Running(p)) = &h.state.flow else {
        panic!()
    };
    assert_eq!(p.ok, 0);
    assert_eq!(p.failed.len(), h.table().rows.len());
    assert_eq!(mutations_seen(&h.server), before);
}

/// The commands `update` returns for a key (the harness would send them to the worker).
fn commands_for(h: &mut Harness, c: char) -> Vec<Command> {
    update(&mut h.state, Msg::Key(common::key(KeyCode::Char(c))))
}

fn copied(commands: Vec<Command>) -> String {
    commands
        .into_iter()
        .find_map(|c| match c {
            Command::Copy(text) => Some(text),
            _ => None,
        })
        .expect("a Copy command")
}

#[tokio::test]
async fn copy_as_curl_is_exact_and_never_holds_the_token() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    let base = h.server.url();
    open(&mut h, "alert").await;
    let mut everything = String::new();
    let table = copied(commands_for(&mut h, 'C'));
    assert_eq!(
        table,
        format!(
            "curl '{base}/api/v2/alert?offset=0&limit=100' -H 'Accept: application/json' \
             -H \"Authorization: Bearer $WAVEFRONT_TOKEN\""
        )
    );
    everything.push_str(&table);
    let id = selected_id(&h);
    h.press('i');
    h.settle().await;
    let detail = copied(commands_for(&mut h, 'C'));
    assert_eq!(
        detail,
        format!(
            "curl '{base}/api/v2/alert/{id}' -H 'Accept: application/json' \
             -H \"Authorization: Bearer $WAVEFRONT_TOKEN\""
        )
    );
    everything.push_str(&detail);
    h.key(KeyCode::Esc);
    h.press('x');
    h.press('1');
    let action = copied(commands_for(&mut h, 'C'));
    assert_eq!(
        action,
        format!(
            "curl -X POST '{base}/api/v2/alert/{id}/snooze?seconds=3600' \
             -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\" \
             -H 'Content-Type: application/json'"
        )
    );
    everything.push_str(&action);
    assert!(h.state.confirm.is_some(), "copying keeps the confirmation");
    // The token in use, and every credential, appear nowhere.
    let c = h.server.credentials();
    let mut secrets: Vec<String> = h.server.state().issued_tokens();
    secrets.extend([
        c.csp_api_token.expose().to_string(),
        c.api_token.expose().to_string(),
    ]);
    assert!(!secrets.is_empty());
    for s in &secrets {
        assert!(
            !everything.contains(s.as_str()),
            "a secret leaked into curl"
        );
    }
}

/// The fixed clock of the snapshots.
const NOW: i64 = 1_700_000_000_000;

/// A state as the worker leaves it after logging in and loading `n` sources, with the clock
/// fixed: what the snapshots of the dialogs draw behind them.
fn logged_in_with_sources(n: usize, size: (u16, u16)) -> State {
    use wf_tui::api::catalog::SOURCES;
    let mut state = State::with_kind(&SOURCES, "prod", size, NOW);
    state.login = wf_tui::app::LoginState::LoggedIn(Box::new(wf_tui::auth::TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        identity: Some("jane@acme.com".into()),
        ..Default::default()
    }));
    let mut commands = press_at(&mut state, KeyCode::Char('r'));
    let Some(Command::FetchPage { id, .. }) = commands.pop() else {
        panic!("refresh asks for a page");
    };
    let rows = (0..n)
        .map(|i| {
            let item = serde_json::json!({"id": format!("web-{i:04}.prod.acme.net"),
                "tags": {"env=prod": true}, "description": "web server"});
            SOURCES.row(&item)
        })
        .collect();
    let page = wf_tui::worker::LoadedPage {
        rows,
        next: None,
        total_items: Some(n as u64),
    };
    let event = wf_tui::worker::Event::Page {
        id,
        request: wf_tui::api::PageRequest::first(100),
        result: Ok(page),
    };
    update(&mut state, Msg::Worker(event));
    state
}

/// A key through `update`, on a state without a worker.
fn press_at(state: &mut State, code: KeyCode) -> Vec<Command> {
    update(state, Msg::Key(common::key(code)))
}

fn type_at(state: &mut State, text: &str) {
    for c in text.chars() {
        press_at(state, KeyCode::Char(c));
    }
}

/// Marks every source and asks to set their tags: the confirmation, reached by its keys.
fn confirming_tag_set(size: (u16, u16)) -> State {
    let mut state = logged_in_with_sources(412, size);
    press_at(&mut state, KeyCode::Char('*'));
    press_at(&mut state, KeyCode::Char('x'));
    press_at(&mut state, KeyCode::Char('s'));
    type_at(&mut state, "env=prod team=web");
    press_at(&mut state, KeyCode::Enter);
    state
}

#[test]
fn confirmation_dialog_snapshot() {
    let state = confirming_tag_set((100, 24));
    assert_eq!(mutation_of(&state).items.len(), 412);
    insta::assert_snapshot!(common::render(&state));
}

fn mutation_of(state: &State) -> &Mutation {
    match state.confirm.as_ref().map(|c| &c.then) {
        Some(Then::Mutate(m)) => m,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

#[tokio::test]
async fn space_marks_rows_and_marks_belong_to_their_kind() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let first = selected_id(&h);
    h.press(' ');
    let second = selected_id(&h);
    assert_ne!(first, second, "space moves down");
    h.press(' ');
    assert!(h.render().contains("2 marked"));
    h.press('k');
    h.press(' ');
    assert!(h.render().contains("1 marked"), "space again unmarks");
    h.press('x');
    match &h.state.flow {
        Some(Flow::Menu { targets, .. }) => assert_eq!(targets, &vec![first.clone()]),
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Esc);
    open(&mut h, "cloudintegration").await;
    assert!(
        !h.render().contains("marked"),
        "marks of alerts do not apply here"
    );
    h.press('x');
    match &h.state.flow {
        Some(Flow::Menu { targets, .. }) => assert_eq!(targets.len(), 1),
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Esc);
    open(&mut h, "dashboard").await;
    h.press('x');
    assert!(h.state.flow.is_none());
    assert!(
        flash(&h).starts_with("no actions on dashboards"),
        "{}",
        flash(&h)
    );
}

#[tokio::test]
async fn rows_update_after_the_progress_is_closed() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    h.server.state().add_fault(FaultRule::new(Fault::Latency(
        std::time::Duration::from_millis(50),
    )));
    h.press('*');
    h.press('x');
    h.press('a');
    h.type_text("late");
    h.key(KeyCode::Enter);
    h.press('y');
    h.key(KeyCode::Esc);
    assert!(h.state.flow.is_none());
    assert!(flash(&h).starts_with("still running"), "{}", flash(&h));
    let ids: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .filter_map(|r| r.id.as_deref().map(String::from))
        .collect();
    let all_tagged = |h: &Harness| ids.iter().all(|id| cell(h, id, "TAGS").contains("late"));
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while !all_tagged(&h) {
        assert!(tokio::time::Instant::now() < deadline, "rows never updated");
        h.next_event().await;
    }
}

#[tokio::test]
async fn a_read_only_account_turns_read_only_on_at_login() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let url = server.url();
    let mut h = Harness::with_account(server, account, (100, 30));
    h.state
        .accounts
        .accounts
        .push(wf_tui::config::accounts::SavedAccount {
            name: "demo".into(),
            address: url,
            method: LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: true,
        });
    h.settle().await;
    assert!(h.state.read_only.is_on());
    assert_eq!(
        h.state.read_only.because(),
        Some("the account is readonly in accounts.toml")
    );
    let header = h.render().lines().next().unwrap().to_string();
    assert!(header.trim_end().ends_with("RO"), "{header}");
}

/// The summary of a bulk change with failures, reached by its keys and the worker's events.
#[test]
fn bulk_summary_snapshot() {
    use wf_tui::worker::mutate::{MutationError, Outcome, RowChange};
    let mut state = logged_in_with_sources(415, (100, 20));
    press_at(&mut state, KeyCode::Char('*'));
    press_at(&mut state, KeyCode::Char('x'));
    press_at(&mut state, KeyCode::Char('a'));
    type_at(&mut state, "team=web");
    press_at(&mut state, KeyCode::Enter);
    let commands = press_at(&mut state, KeyCode::Char('y'));
    let Some(Command::Bulk { id, kind, items }) = commands.into_iter().next() else {
        panic!("y sends them in bulk");
    };
    let failing = [
        "web-0003.prod.acme.net",
        "web-0010.prod.acme.net",
        "web-0042.prod.acme.net",
    ];
    for (item_id, request) in items {
        let result = if failing.contains(&item_id.as_str()) {
            Err(MutationError::Api(wf_tui::api::ApiError::Status {
                method: "PUT",
                path: request.path.clone(),
                status: 403,
                message: "Don't have permission for this operation. Check token.".into(),
                retry_after: None,
            }))
        } else {
            Ok(RowChange::Unchanged)
        };
        let outcome = Outcome {
            id,
            kind,
            item_id: Some(item_id),
            request,
            result,
        };
        update(
            &mut state,
            Msg::Worker(wf_tui::worker::Event::BulkItem(Box::new(outcome))),
        );
    }
    update(
        &mut state,
        Msg::Worker(wf_tui::worker::Event::BulkDone {
            id,
            ok: 412,
            failed: 3,
        }),
    );
    insta::assert_snapshot!(common::render(&state));
}

/// The last line of the screen.
fn footer_line(h: &Harness) -> String {
    h.render().lines().last().unwrap_or_default().to_string()
}

/// Regression: after a change of two requests the footer stayed on "y run C curl R retry
/// failed" and `j`/`k` did nothing until esc. Done, it closes and the list takes the keys.
#[tokio::test]
async fn a_finished_change_gives_the_keys_back_to_the_list() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "source").await;
    let first = selected_id(&h);
    h.press('x');
    h.press('a');
    h.type_text("one two");
    h.key(KeyCode::Enter);
    assert_eq!(mutation(&h).items.len(), 2);
    h.press('y');
    finish(&mut h).await;
    assert!(h.state.flow.is_none(), "{:?}", h.state.flow);
    let footer = footer_line(&h);
    assert!(!footer.contains("retry failed"), "{footer}");
    h.press('j');
    assert_ne!(selected_id(&h), first, "j moves in the list again");
    assert!(footer_line(&h).contains("filter"), "the list's footer");
}

/// Regression: the marks survived a change, so the next action hit the same rows. Applied,
/// they are cleared; a cancelled confirmation keeps them.
#[tokio::test]
async fn marks_are_cleared_once_the_change_is_applied() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    h.press(' ');
    h.press(' ');
    assert_eq!(h.state.marks.ids.len(), 2);
    h.press('x');
    h.press('u');
    assert_eq!(mutation(&h).items.len(), 2);
    h.key(KeyCode::Esc);
    assert!(h.state.confirm.is_none(), "esc cancels");
    assert_eq!(h.state.marks.ids.len(), 2, "cancelled: still marked");
    h.press('x');
    h.press('u');
    h.press('y');
    finish(&mut h).await;
    assert!(h.state.marks.ids.is_empty(), "applied: no marks left");
    assert!(!h.render().contains("marked"));
    h.press('x');
    match &h.state.flow {
        Some(Flow::Menu { targets, .. }) => assert_eq!(targets.len(), 1, "the selected row"),
        other => panic!("{other:?}"),
    }
}

/// Regression: the tag prompt and the maintenance-window form showed the login form's footer
/// ("test and save").
#[tokio::test]
async fn the_tag_prompt_and_the_window_form_have_their_own_footers() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "source").await;
    h.press('x');
    h.press('a');
    let footer = footer_line(&h);
    assert!(!footer.contains("test and save"), "{footer}");
    assert!(
        footer.contains("enter continue") && footer.contains("esc cancel"),
        "{footer}"
    );
    h.key(KeyCode::Esc);
    open(&mut h, "maintenancewindow").await;
    h.press('x');
    h.press('n');
    let footer = footer_line(&h);
    assert!(!footer.contains("test and save"), "{footer}");
    assert!(
        footer.contains("enter next field") && footer.contains("alt-enter continue"),
        "{footer}"
    );
    // The confirmation's footer names its keys from the keymap.
    h.key(KeyCode::Esc);
    h.press('x');
    h.press('d');
    let footer = footer_line(&h);
    assert!(
        footer.contains("y run") && footer.contains("esc cancel"),
        "{footer}"
    );
    assert!(!footer.contains("retry"), "{footer}");
}

/// A state with one saved account, its removal asked for (`A`, then `d`).
fn removing_an_account(keymap: wf_tui::app::Keymap) -> State {
    let mut state = State::new("prod", (100, 20), NOW);
    state.keymap = keymap;
    state.accounts.upsert(
        wf_tui::config::accounts::SavedAccount {
            name: "staging".into(),
            address: "acme-stg.wavefront.com".into(),
            method: LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        },
        None,
    );
    press_at(&mut state, KeyCode::Char('A'));
    press_at(&mut state, KeyCode::Char('d'));
    state
}

/// Regression: the accounts' removal and the history's replay hard-coded `y`. Every
/// confirmation takes its keys from the keymap's confirm scope, and says which they are.
#[test]
fn confirmations_answer_to_the_keymap() {
    use wf_tui::app::keymap::{Action, KeyChord, Scope};
    let mut keymap = wf_tui::app::Keymap::default();
    keymap.unbind_keys(Scope::Confirm, &[KeyChord::ch('y')]);
    keymap.bind(Scope::Confirm, vec![KeyChord::ch('o')], Action::Confirm);
    let mut state = removing_an_account(keymap.clone());
    let screen = common::render(&state);
    assert!(screen.contains("remove account staging"), "{screen}");
    assert!(screen.contains("o to confirm"), "{screen}");
    assert!(
        press_at(&mut state, KeyCode::Char('y')).is_empty(),
        "y is no yes now"
    );
    assert!(state.confirm.is_none(), "any other key keeps it");
    let mut state = removing_an_account(keymap);
    let commands = press_at(&mut state, KeyCode::Char('o'));
    assert!(
        matches!(commands.as_slice(), [Command::RemoveAccount(name)] if name == "staging"),
        "{commands:?}"
    );
    // With the default keys, the footer names them too.
    let state = removing_an_account(wf_tui::app::Keymap::default());
    let footer = common::render(&state).lines().last().unwrap().to_string();
    assert!(
        footer.contains("y remove") && footer.contains("esc keep"),
        "{footer}"
    );
}

/// Regression: the login form's switch to a secrets file hard-coded ctrl-o; it is a binding.
#[test]
fn the_secrets_file_switch_is_a_binding() {
    use wf_tui::app::keymap::{Action, KeyChord, Scope};
    let mut keymap = wf_tui::app::Keymap::default();
    keymap.unbind_keys(Scope::Form, &[KeyChord::ctrl('o')]);
    keymap.bind(
        Scope::Form,
        vec![KeyChord::ctrl('t')],
        Action::ToggleSecretsFile,
    );
    let mut state = State::new("prod", (100, 30), NOW);
    state.keymap = keymap;
    state.vault = Some(Err(wf_tui::auth::store::StoreError::Unavailable(
        "no keyring".into(),
    )));
    let form = wf_tui::app::login::AccountForm::new(LoginMethod::ApiToken, "prod");
    state.stack.push(wf_tui::app::View::Form(form));
    let secrets_file = |state: &State| match state.view() {
        wf_tui::app::View::Form(f) => f.secrets_file,
        _ => panic!("the form"),
    };
    let ctrl = |c| {
        crossterm::event::KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::CONTROL)
    };
    update(&mut state, Msg::Key(ctrl('o')));
    assert!(!secrets_file(&state), "ctrl-o is unbound now");
    update(&mut state, Msg::Key(ctrl('t')));
    assert!(secrets_file(&state));
    assert!(common::render(&state).contains("(mode 0600)  ctrl-t"));
}

/// Every operation a menu offers is served by the stand-in at the catalog's method and path
/// (an unknown item is a 404 of that item, never an unknown endpoint).
#[tokio::test]
async fn the_stand_in_serves_every_operation_the_menus_offer() {
    use wf_tui::api::catalog::{Arg, KINDS, Takes};
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let s = reader(&server).await;
    let tags = vec!["t".to_string()];
    let mut served = 0;
    for kind in KINDS {
        for entry in kind.menu {
            let op = entry.operation(kind).unwrap();
            let arg = match op.takes {
                Takes::Tag => Arg::Tag("t"),
                Takes::Tags => Arg::Tags(&tags),
                Takes::Seconds => Arg::Seconds(Some(60)),
                Takes::Item => Arg::Item(serde_json::json!({})),
                Takes::Version => Arg::Version(1),
                Takes::Name => Arg::Name(None),
                Takes::Nothing => Arg::None,
            };
            let request = op.request("no-such-item", arg);
            if let Err(e) = s.execute(&request, &|_| {}).await {
                let text = e.to_string();
                assert!(
                    !text.contains("Unknown endpoint") && e.status() != Some(405),
                    "{}: {request}: {text}",
                    kind.name
                );
            }
            served += 1;
        }
    }
    assert!(served >= 15, "{served}");
}

/// A confirmation asked under one login is not answered under the next: the accounts view and
/// the history it came from close at login, and so does the question (a change replayed from
/// the history would otherwise go to the new instance).
#[test]
fn a_login_closes_the_open_confirmation() {
    let mut state = removing_an_account(wf_tui::app::Keymap::default());
    assert!(state.confirm.is_some());
    let token = wf_tui::auth::TokenStatus {
        account: "staging".into(),
        ..Default::default()
    };
    update(
        &mut state,
        Msg::Worker(wf_tui::worker::Event::LoggedIn(Box::new(token))),
    );
    assert!(state.confirm.is_none());
    assert!(
        press_at(&mut state, KeyCode::Char('y')).is_empty(),
        "y is no yes now"
    );
}

/// A confirmation names what it acts on as the list does (name and id, not the id alone), and
/// shows the whole request: on a narrow screen it was cut before the tag being added.
#[tokio::test]
async fn a_confirmation_names_the_items_and_shows_the_whole_request() {
    let server = DemoServer::start(Default::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, (60, 30));
    h.settle().await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    let name = cell(&h, &id, "NAME");
    h.press('x');
    assert!(h.render().contains("on alert “"), "the menu names it too");
    h.press('a');
    let tag = "a-rather-long-tag-name-to-add";
    h.type_text(tag);
    h.key(KeyCode::Enter);
    // The box's inside, its lines joined (a wrapped line continues on the next).
    let joined: String = h
        .render()
        .lines()
        .filter_map(|l| {
            let (start, end) = (l.find('│')?, l.rfind('│')?);
            (start < end).then(|| l[start + '│'.len_utf8()..end].trim_end().to_string())
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        joined.contains(&format!("“{}”({id})", name.replace(' ', ""))),
        "named: {}",
        h.render()
    );
    assert!(joined.contains(tag), "the tag is on screen: {}", h.render());
    h.key(KeyCode::Esc);

    // Several marked: counted, the first named.
    h.press(' ');
    h.press(' ');
    h.press(' ');
    h.press('x');
    h.press('1');
    let screen = h.render();
    assert!(screen.contains("on 3 alerts: “"), "{screen}");
}
