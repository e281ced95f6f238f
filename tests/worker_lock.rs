//! The worker's loop never waits on the token lock: while a CSP exchange hangs (the lock held
//! across its HTTP call, single-flight), commands that need no token are still handled.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;
use wf_tui::api::{PageRequest, kind_by_name};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::{Fault, FaultRule};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{self, Command, Event, WorkerConfig};

/// The next event that `pick` keeps, within `within` (a bound against hanging, not a timing).
async fn wait_for<T>(
    events: &mut UnboundedReceiver<Event>,
    within: Duration,
    mut pick: impl FnMut(Event) -> Option<T>,
) -> Option<T> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .ok()??;
        if let Some(found) = pick(event) {
            return Some(found);
        }
    }
}

#[tokio::test]
async fn a_hanging_csp_exchange_does_not_stall_the_worker() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let (commands, mut events) = worker::spawn(WorkerConfig::ephemeral());
    let account = server.account(LoginMethod::CspApiToken);
    commands.send(Command::Login(Box::new(account))).unwrap();
    let logged_in = wait_for(&mut events, Duration::from_secs(20), |e| {
        matches!(e, Event::LoggedIn(_)).then_some(())
    })
    .await;
    assert!(logged_in.is_some(), "logged in");

    // The next request gets a 401; its re-exchange hangs, holding the token lock.
    server.state().revoke_issued();
    let hang = server
        .state()
        .add_fault(FaultRule::new(Fault::Hang).path("/csp/").times(1));
    let kind = kind_by_name("alert").unwrap();
    commands
        .send(Command::FetchPage {
            id: 1,
            kind,
            page: PageRequest::first(50),
            search: None,
        })
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while hang.fired() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "no exchange began");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Commands that need no token are handled meanwhile, each one of them.
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.json", "b.json", "c.json"] {
        commands
            .send(Command::Save {
                path: dir.path().join(name),
                contents: "{}".into(),
            })
            .unwrap();
        let saved = wait_for(&mut events, Duration::from_secs(10), |e| match e {
            Event::Notice(text) if text.contains(name) => Some(text),
            _ => None,
        })
        .await;
        assert!(
            saved.is_some(),
            "{name} was not saved while the exchange hung"
        );
    }
}
