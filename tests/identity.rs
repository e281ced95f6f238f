//! Who is logged in is a nicety, never a gate (issue #14): when `GET /api/v2/apitoken` fails
//! or answers oddly, the TUI says "identity unknown" with the reason, and everything else works.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use wf_tui::app::LoginState;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::DemoOptions;
use wf_tui::demo::faults::{Fault, FaultRule, RawBody};

/// Logged in with an API token (whose identity only the lookup tells) while the lookup gets
/// `fault`; the first list (cloud integrations) settled.
async fn with_lookup_fault(fault: Fault) -> Harness {
    with_lookup_fault_times(fault, u32::MAX).await
}

/// [`with_lookup_fault`], the fault answering at most `times` lookups.
async fn with_lookup_fault_times(fault: Fault, times: u32) -> Harness {
    let server = wf_tui::demo::DemoServer::start(DemoOptions::default())
        .await
        .unwrap();
    server
        .state()
        .add_fault(FaultRule::new(fault).path("/api/v2/apitoken").times(times));
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, (100, 30));
    h.settle().await;
    h
}

fn assert_the_list_loaded(h: &Harness) {
    assert!(
        matches!(h.state.login, LoginState::LoggedIn(_)),
        "{:?}",
        h.state.login
    );
    let expected = h.server.state().items("cloudintegration").len();
    assert_eq!(h.table().rows.len(), expected, "{}", h.render());
    assert_eq!(h.table().error, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_on_the_lookup_leaves_the_identity_unknown_and_the_list_loads() {
    let mut h = with_lookup_fault(Fault::Forbidden).await;
    assert_the_list_loaded(&h);
    let t = h.token();
    assert_eq!(t.identity, None);
    assert_eq!(
        t.identity_unknown.as_deref(),
        Some("HTTP 403: Don't have permission for this operation. Check token.")
    );
    let screen = h.render();
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("identity unknown (HTTP 403)"), "{header}");
    // The token pane has the whole reason.
    h.press('t');
    let pane = h.render();
    assert!(
        pane.contains("unknown: HTTP 403: Don't have permission for this operation"),
        "{pane}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_on_the_lookup_is_asked_once_and_the_list_loads() {
    let h = with_lookup_fault(Fault::ServerError(500)).await;
    assert_the_list_loaded(&h);
    assert_eq!(
        h.token().identity_unknown.as_deref(),
        Some("HTTP 500: 500 Internal Server Error")
    );
    // Not retried: a nicety does not hold the first list back.
    let lookups = h
        .server
        .state()
        .faults()
        .first()
        .map(|rule| rule.fired())
        .unwrap_or_default();
    assert_eq!(lookups, 1);
    let screen = h.render();
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("identity unknown (HTTP 500)"), "{header}");
}

/// The header and the token pane of a session whose lookup was refused.
#[test]
fn identity_unknown_snapshot() {
    const NOW: i64 = 1_800_000_000_000;
    let mut state = wf_tui::app::State::new("prod", (100, 24), NOW);
    state.login = LoginState::LoggedIn(Box::new(wf_tui::auth::TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        identity_unknown: Some(
            "HTTP 403: Don't have permission for this operation. Check token.".into(),
        ),
        ..Default::default()
    }));
    let t = common::key(crossterm::event::KeyCode::Char('t'));
    wf_tui::app::update(&mut state, wf_tui::app::Msg::Key(t));
    insta::assert_snapshot!(common::render(&state));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_odd_answer_to_the_lookup_leaves_the_identity_unknown() {
    let body = br#"{"status":{"result":"OK","code":200},"response":{"items":[]}}"#;
    let h = with_lookup_fault(Fault::Raw(200, RawBody(body.to_vec().into()))).await;
    assert_the_list_loaded(&h);
    assert_eq!(
        h.token().identity_unknown.as_deref(),
        Some("odd answer: an object, not a list of tokens")
    );
    assert!(h.render().contains("identity unknown (odd answer)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_working_lookup_leaves_nothing_unknown() {
    let h = with_lookup_fault(Fault::Latency(std::time::Duration::ZERO)).await;
    assert_eq!(h.token().identity.as_deref(), Some("demo@example.com"));
    assert_eq!(h.token().identity_unknown, None);
    assert!(!h.render().contains("identity unknown"));
}

/// The lookup is still the call that proves the token: a refused one fails the login.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_still_fails_the_login() {
    let server = wf_tui::demo::DemoServer::start(DemoOptions::default())
        .await
        .unwrap();
    server.state().revoke_all();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, (100, 30));
    h.settle().await;
    match &h.state.login {
        LoginState::Failed { message, .. } => assert!(message.contains("401"), "{message}"),
        other => panic!("logged in with a revoked token: {other:?}"),
    }
}

/// No answer at all (a body cut short) is asked again: it decides whether the login works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lookup_cut_short_is_asked_again() {
    let h = with_lookup_fault_times(Fault::CutShort, 1).await;
    assert_the_list_loaded(&h);
    assert_eq!(h.token().identity.as_deref(), Some("demo@example.com"));
    assert_eq!(h.token().identity_unknown, None);
}
