//! Surviving a misbehaving service: every fault the stand-in can inject, with the list checked
//! after recovery (every item exactly once) and the reason shown in words.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::time::Duration;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::api::retry::RetryPolicy;
use wf_tui::app::View;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::{Fault, FaultRule};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::WorkerConfig;

/// Quick retries, so tests take milliseconds.
fn fast() -> WorkerConfig {
    WorkerConfig {
        timeouts: Default::default(),
        retry: RetryPolicy {
            max_retries: 4,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(50),
        },
        ..WorkerConfig::ephemeral()
    }
}

async fn on_sources(sources: usize, method: LoginMethod, lifetime: Duration) -> Harness {
    let server = DemoServer::start(DemoOptions {
        sources,
        token_lifetime: lifetime,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let account = server.account(method);
    let mut h = Harness::with_account_config(server, account, fast(), (100, 30));
    h.settle().await;
    h.press(':');
    h.type_text("sources");
    h.key(KeyCode::Enter);
    h.settle().await;
    h
}

/// Loads everything with `G`, pressing `r` on a failed page (as a person would).
async fn load_everything(h: &mut Harness) {
    h.press('G');
    h.settle().await;
    for _ in 0..20 {
        if h.table().next.is_none() {
            return;
        }
        h.press('G');
        h.settle().await;
    }
}

fn assert_all_once(h: &Harness, n: usize) {
    let t = h.table();
    let mut ids: Vec<&str> = t.rows.iter().map(|r| r.id().unwrap()).collect();
    assert_eq!(ids.len(), n, "every item");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "each once");
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried_and_nothing_is_lost() {
    for fault in [
        Fault::TooManyRequests { retry_after: None },
        Fault::TooManyRequests {
            retry_after: Some(0),
        },
        Fault::NotAcceptable,
        Fault::ServerError(500),
        Fault::ServerError(502),
        Fault::ServerError(503),
        Fault::CutShort,
    ] {
        let mut h = on_sources(3300, LoginMethod::ApiToken, Duration::from_secs(1800)).await;
        let rule = h.server.state().add_fault(
            FaultRule::new(fault.clone())
                .path("/api/v2/source")
                .every(2)
                .times(3),
        );
        load_everything(&mut h).await;
        assert!(
            h.table().error().is_none(),
            "{fault:?}: {:?}",
            h.table().error()
        );
        assert_all_once(&h, 3300);
        assert_eq!(rule.fired(), 3, "{fault:?}");
    }
}

#[tokio::test]
async fn a_retry_is_shown_while_it_waits() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let config = WorkerConfig {
        timeouts: Default::default(),
        retry: RetryPolicy {
            max_retries: 2,
            base: Duration::from_millis(300),
            cap: Duration::from_secs(1),
        },
        ..WorkerConfig::ephemeral()
    };
    let mut h = Harness::with_account_config(server, account, config, (100, 30));
    h.settle().await;
    h.server
        .state()
        .add_fault(FaultRule::new(Fault::ServerError(503)).times(1));
    h.press('r');
    // The retry notice (after the failed attempt's history entry).
    while h.table().retrying().is_none() {
        h.next_event().await;
    }
    let shown = h.table().retrying().unwrap().to_string();
    assert!(shown.starts_with("retrying in"), "{shown}");
    assert!(shown.contains("503 Service Unavailable"), "{shown}");
    assert!(h.render().contains("⟳ retrying"));
    h.settle().await;
    assert!(h.table().retrying().is_none());
    assert!(h.table().error().is_none());

    // A document retries visibly too (it used to wait without a word).
    h.server.state().add_fault(
        FaultRule::new(Fault::ServerError(503))
            .path("/api/v2/cloudintegration/")
            .times(1),
    );
    h.key(KeyCode::Enter);
    let waiting = |h: &Harness| match h.state.view() {
        View::Detail(d) => d.retrying().map(str::to_string),
        _ => None,
    };
    while waiting(&h).is_none() {
        h.next_event().await;
    }
    assert!(
        h.render().contains("loading… retrying in"),
        "{}",
        h.render()
    );
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("the document is open")
    };
    assert!(d.doc().is_some() && d.error().is_none(), "{:?}", d.error());
}

#[tokio::test]
async fn when_retries_run_out_the_reason_shows_and_r_recovers() {
    let mut h = on_sources(500, LoginMethod::ApiToken, Duration::from_secs(1800)).await;
    h.server
        .state()
        .add_fault(FaultRule::new(Fault::ServerError(502)).path("/api/v2/source"));
    h.press('r');
    h.settle().await;
    let err = h.table().error().unwrap().to_string();
    assert_eq!(
        err, "GET /api/v2/source: 502 Bad Gateway (HTTP 502)",
        "the HTML page became its title"
    );
    assert_eq!(h.table().rows.len(), 100, "the rows shown before stay");
    h.server.state().clear_faults();
    h.press('r');
    h.settle().await;
    assert!(h.table().error().is_none());
}

#[tokio::test]
async fn errors_that_will_not_pass_are_not_retried_and_read_in_words() {
    for (fault, expected) in [
        (
            Fault::Forbidden,
            "this token lacks the permission for this: Don't have permission for this operation. Check token. (HTTP 403)",
        ),
        (Fault::FlatError, "Invalid UTF-8 start byte 0xbf (HTTP 400)"),
        (
            Fault::TrackingError,
            "HTTP 415 Unsupported Media Type (HTTP 415)",
        ),
        (Fault::TextError, "resource cannot be found (HTTP 404)"),
    ] {
        let mut h = on_sources(200, LoginMethod::ApiToken, Duration::from_secs(1800)).await;
        let rule = h
            .server
            .state()
            .add_fault(FaultRule::new(fault.clone()).path("/api/v2/source"));
        h.press('r');
        h.settle().await;
        let err = h.table().error().unwrap_or_default().to_string();
        assert!(err.ends_with(expected), "{fault:?}: {err}");
        assert_eq!(rule.fired(), 1, "{fault:?} was not retried");
        assert!(h.render().contains("⚠"), "shown");
        h.press('j');
        assert_eq!(h.table().selected, 1, "still usable");
    }
}

#[tokio::test]
async fn slow_answers_arrive() {
    let mut h = on_sources(300, LoginMethod::ApiToken, Duration::from_secs(1800)).await;
    h.server.state().add_fault(
        FaultRule::new(Fault::Latency(Duration::from_millis(400))).path("/api/v2/source"),
    );
    load_everything(&mut h).await;
    assert_all_once(&h, 300);
}

#[tokio::test]
async fn a_token_that_expires_in_the_middle_of_paging_changes_nothing() {
    let mut h = on_sources(6000, LoginMethod::CspApiToken, Duration::from_secs(2)).await;
    h.server.state().add_fault(
        FaultRule::new(Fault::Latency(Duration::from_millis(500))).path("/api/v2/source"),
    );
    load_everything(&mut h).await;
    assert_all_once(&h, 6000);
    let expired: Vec<_> = h
        .server
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.expired_token)
        .collect();
    assert!(expired.is_empty(), "{expired:?}");
}

#[tokio::test]
async fn a_revoked_token_stops_paging_with_the_reason() {
    let mut h = on_sources(3000, LoginMethod::ApiToken, Duration::from_secs(1800)).await;
    h.server.state().revoke_all();
    load_everything(&mut h).await;
    let err = h.table().error().unwrap().to_string();
    assert!(
        err.contains("not authorized (log in again)") && err.contains("HTTP 401"),
        "{err}"
    );
    assert_eq!(h.table().rows.len(), 100, "what was loaded stays");
}
