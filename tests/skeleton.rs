//! The skeleton end to end in-process: a real stand-in over HTTP, the real worker, and `update`
//! driven by what comes back.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::api::catalog::{BASE, Cell, Column, Format, Kind, Width};
use wf_tui::api::paging::Paging;
use wf_tui::app::{LoginState, Msg, View};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::{DemoOptions, DemoServer};

#[tokio::test]
async fn demo_lands_logged_in_on_the_integrations_table() {
    let h = Harness::start(LoginMethod::CspApiToken).await;
    let LoginState::LoggedIn(status) = &h.state.login else {
        panic!("not logged in: {:?}", h.state.login);
    };
    assert_eq!(status.identity.as_deref(), Some("demo@example.com"));
    assert_eq!(
        status.org.as_deref(),
        Some(h.server.credentials().org_id.as_str())
    );
    assert!(status.expires_at_ms.is_some());
    let table = h.table();
    assert_eq!(table.kind.name, "cloudintegration");
    assert!(table.rows.len() >= 40, "{} rows", table.rows.len());
    assert!(table.next.is_none(), "everything fits one page");
    let screen = h.render();
    assert!(screen.contains("Cloud integrations"), "{screen}");
    assert!(screen.contains("CLOUDWATCH"), "{screen}");
    assert!(
        screen.contains("token 29m") || screen.contains("token 30m"),
        "{screen}"
    );
}

#[tokio::test]
async fn enter_opens_the_detail_and_esc_comes_back() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    h.press('j');
    h.press('j');
    let selected = h
        .table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap();
    h.key(KeyCode::Enter);
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("expected the detail view");
    };
    assert!(d.error().is_none(), "{:?}", d.error());
    assert!(d.source.ends_with(&selected));
    let doc = d.doc().unwrap();
    assert!(String::from_utf8_lossy(&doc.text).contains(&selected));
    assert!(
        h.render().contains(&format!("id: \"{selected}\"")),
        "{}",
        h.render()
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.table().selected, 2, "selection kept");
}

#[tokio::test]
async fn refresh_keeps_the_selected_item() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.key(KeyCode::End);
    let before = h
        .table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from);
    h.press('r');
    assert!(h.table().is_loading());
    h.settle().await;
    assert_eq!(
        h.table()
            .selected_row()
            .map(wf_tui::api::catalog::RowRef::to_row)
            .unwrap()
            .id
            .as_deref(),
        before.as_deref()
    );
}

#[tokio::test]
async fn api_token_identity_comes_from_the_apitoken_list() {
    let h = Harness::start(LoginMethod::ServiceAccountToken).await;
    let LoginState::LoggedIn(status) = &h.state.login else {
        panic!("not logged in");
    };
    assert_eq!(status.identity.as_deref(), Some("sa::demo-automation"));
    assert_eq!(status.account_type.as_deref(), Some("SERVICE_ACCOUNT"));
    assert_eq!(
        status.expires_at_ms, None,
        "API tokens do not expire on a clock"
    );
}

/// A cloud-integration kind with tiny pages, to page through the 41 fixtures.
static SMALL_PAGES: Kind = Kind {
    page_size: 7,
    ..TEST_KIND_TEMPLATE
};

const TEST_KIND_TEMPLATE: Kind = Kind {
    name: "cloudintegration",
    title: "Cloud integrations",
    list_path: "/api/v2/cloudintegration",
    detail_path: Some("/api/v2/cloudintegration/{id}"),
    columns: &[Column {
        title: "NAME",
        pointer: "/name",
        format: Format::Text,
        width: Width::Fill(1),
    }],
    ..BASE
};

static SOURCES: Kind = Kind {
    name: "source",
    title: "Sources",
    list_path: "/api/v2/source",
    paging: Paging::Cursor,
    page_size: 100,
    detail_path: Some("/api/v2/source/{id}"),
    ..TEST_KIND_TEMPLATE
};

async fn harness_on(kind: &'static Kind, sources: usize, size: (u16, u16)) -> Harness {
    let server = DemoServer::start(DemoOptions {
        sources,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, size);
    h.state = wf_tui::app::State::with_kind(kind, "demo", size, 0);
    h.settle().await;
    h
}

fn ids(h: &Harness) -> Vec<String> {
    h.table()
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect()
}

#[tokio::test]
async fn offset_paging_loads_every_item_once_as_the_selection_moves() {
    let mut h = harness_on(&SMALL_PAGES, 0, (80, 24)).await;
    // The first page plus prefetch: the window is 20 rows, so pages load until it is covered.
    assert!(h.table().rows.len() >= 20);
    for _ in 0..60 {
        h.press('j');
        h.settle().await;
    }
    let got = ids(&h);
    assert_eq!(got.len(), 41);
    let unique: std::collections::HashSet<_> = got.iter().collect();
    assert_eq!(unique.len(), 41, "no item twice");
    assert!(h.table().next.is_none());
    assert_eq!(h.table().count_label(), "41");
}

#[tokio::test]
async fn cursor_paging_loads_every_source_once() {
    let mut h = harness_on(&SOURCES, 1234, (80, 24)).await;
    assert_eq!(h.table().count_label(), "100 of ≥1234");
    for _ in 0..500 {
        if h.table().next.is_none() {
            break;
        }
        assert!(h.table().error().is_none(), "{:?}", h.table().error());
        h.key(KeyCode::PageDown);
        h.settle().await;
    }
    let got = ids(&h);
    assert_eq!(got.len(), 1234);
    let mut sorted = got.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 1234, "no source twice");
}

#[tokio::test]
async fn a_failed_page_is_shown_and_the_app_stays_usable() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, (100, 30));
    h.settle().await;
    h.server.state().revoke_all();
    h.press('r');
    h.settle().await;
    let t = h.table();
    assert!(
        t.error().unwrap_or("").contains("HTTP 401"),
        "{:?}",
        t.error()
    );
    assert!(t.rows.len() >= 40, "rows kept");
    assert!(h.render().contains("HTTP 401"));
    // Still responsive.
    h.press('j');
    assert_eq!(h.table().selected, 1);
}

#[tokio::test]
async fn wrong_credentials_fail_login_with_the_servers_words() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut account = server.account(LoginMethod::CspApiToken);
    account.credentials = wf_tui::auth::Credentials::CspApiToken {
        api_token: wf_tui::secret::Secret::new("wrong-token"),
    };
    let mut h = Harness::with_account(server, account, (100, 30));
    h.settle().await;
    let LoginState::Failed { message, .. } = &h.state.login else {
        panic!("expected a failed login, got {:?}", h.state.login);
    };
    assert!(message.contains("Invalid refresh token"), "{message}");
    assert!(h.render().contains("login failed"));
    h.press('?');
    assert!(h.state.help.is_some(), "keys still work");
}

#[tokio::test]
async fn stale_results_are_dropped() {
    use wf_tui::worker::Command;
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.transcript = Some(String::new());
    let ids: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .filter_map(|r| r.id.as_deref().map(String::from))
        .collect();
    let press =
        |h: &mut Harness, code| wf_tui::app::update(&mut h.state, Msg::Key(common::key(code)));
    // Open the first item: its request goes to the worker.
    let open_first = press(&mut h, KeyCode::Enter);
    let [Command::FetchDetail { id: stale, .. }] = open_first[..] else {
        panic!("{open_first:?}")
    };
    open_first.into_iter().for_each(|c| h.run_command(c));
    // Leave before it lands. The cancel is held back, so its answer still comes, as it does
    // when the worker had answered before the cancel reached it.
    let leave = press(&mut h, KeyCode::Esc);
    assert!(
        matches!(leave[..], [Command::Cancel(id)] if id == stale),
        "{leave:?}"
    );
    // Open the second item, and hold its request: only the stale answer can arrive now.
    h.key(KeyCode::Down);
    let open_second = press(&mut h, KeyCode::Enter);
    let [Command::FetchDetail { id: fresh, .. }] = open_second[..] else {
        panic!("{open_second:?}")
    };
    assert_ne!(fresh, stale);
    let landed = format!("Worker(Detail {{ id: {stale},");
    while !h.transcript.as_deref().unwrap_or("").contains(&landed) {
        h.next_event().await;
    }
    // Dropped: the second item's view still waits for its own answer.
    let View::Detail(d) = h.state.view() else {
        panic!("{:?}", h.state.view())
    };
    assert_eq!(d.request(), Some(fresh), "the stale answer ended the wait");
    assert!(
        d.doc().is_none(),
        "the first item's answer shows as the second's"
    );
    assert_eq!(h.state.stack.len(), 2);
    // Its own answer lands there.
    h.transcript = None;
    open_second.into_iter().for_each(|c| h.run_command(c));
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("{:?}", h.state.view())
    };
    let text = d.document_text().unwrap_or_default();
    assert!(text.contains(&ids[1]) && !text.contains(&ids[0]), "{text}");
}

#[tokio::test]
async fn resize_keeps_the_selection_visible() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.key(KeyCode::End);
    h.send(Msg::Resize(80, 10));
    let t = h.table();
    assert!(
        t.selected >= t.offset && t.selected < t.offset + 6,
        "{} {}",
        t.selected,
        t.offset
    );
    let screen = h.render();
    assert_eq!(screen.lines().count(), 10);
    let _ = Cell::Empty;
}
