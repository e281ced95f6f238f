//! What the worker reports for requests it never sends: said as what it is, not as an
//! "unexpected response" from a server that was never asked.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use wf_tui::api::{ApiError, ApiRequest, PageRequest, kind_by_name};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{self, Command, Event, WorkerConfig};

async fn next(events: &mut UnboundedReceiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(20), events.recv())
        .await
        .expect("an event within 20 s")
        .expect("the worker is alive")
}

type Channels = (UnboundedSender<Command>, UnboundedReceiver<Event>);

async fn logged_in(config: WorkerConfig) -> (DemoServer, Channels) {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let (commands, mut events) = worker::spawn(config);
    let account = server.account(LoginMethod::ApiToken);
    commands.send(Command::Login(Box::new(account))).unwrap();
    while !matches!(next(&mut events).await, Event::LoggedIn(_)) {}
    (server, (commands, events))
}

async fn detail_error(events: &mut UnboundedReceiver<Event>) -> ApiError {
    loop {
        if let Event::Detail { result, .. } = next(events).await {
            return result.expect_err("a failure");
        }
    }
}

#[tokio::test]
async fn a_kind_without_a_detail_endpoint_says_so() {
    let (_server, (commands, mut events)) = logged_in(WorkerConfig::ephemeral()).await;
    let kind = kind_by_name("apitoken").unwrap();
    assert!(kind.detail_request("x").is_none());
    let item_id = "x".into();
    commands
        .send(Command::FetchDetail {
            id: 1,
            kind,
            item_id,
        })
        .unwrap();
    let error = detail_error(&mut events).await;
    assert!(
        matches!(error, ApiError::NoDetailEndpoint { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("{} have no detail endpoint", kind.title)
    );
}

#[tokio::test]
async fn a_kind_without_server_search_says_so() {
    let (_server, (commands, mut events)) = logged_in(WorkerConfig::ephemeral()).await;
    let kind = kind_by_name("user").unwrap();
    let page = PageRequest::first(50);
    assert!(kind.search_request(&page, "x", 0).is_none());
    let search = Some("x".into());
    commands
        .send(Command::FetchPage {
            id: 1,
            kind,
            page,
            search,
        })
        .unwrap();
    let error = loop {
        if let Event::Page { result, .. } = next(&mut events).await {
            break result.expect_err("a failure");
        }
    };
    assert!(
        matches!(error, ApiError::NoServerSearch { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert_eq!(
        text,
        format!("{} cannot be searched on the server", kind.title)
    );
}

#[tokio::test]
async fn a_change_replayed_in_read_only_mode_is_refused_in_those_words() {
    let config = WorkerConfig {
        read_only: wf_tui::readonly::ReadOnly::new(true, false, false),
        ..WorkerConfig::ephemeral()
    };
    let (server, (commands, mut events)) = logged_in(config).await;
    let before = server.state().requests().len();
    let request = Box::new(ApiRequest::delete("/api/v2/alert/1"));
    commands.send(Command::Replay { id: 1, request }).unwrap();
    let error = detail_error(&mut events).await;
    assert!(matches!(error, ApiError::ReadOnly(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "read-only: DELETE /api/v2/alert/1 refused (--readonly)"
    );
    assert_eq!(server.state().requests().len(), before, "nothing sent");
}
