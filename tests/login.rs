//! Logging in four ways against the stand-in: from the form, from the environment, refreshing
//! ahead of expiry, re-exchanging after a 401, switching accounts.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::View;
use wf_tui::auth::store::{MemoryStore, SecretStore, Vault};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::config::accounts::AccountsFile;
use wf_tui::config::env;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{AccountsLocation, SecretsChoice, WorkerConfig};

struct Setup {
    h: Harness,
    store: Arc<MemoryStore>,
    accounts: Arc<std::sync::Mutex<AccountsFile>>,
}

async fn first_start(options: DemoOptions) -> Setup {
    let server = DemoServer::start(options).await.unwrap();
    let store = Arc::new(MemoryStore::default());
    let accounts = Arc::new(std::sync::Mutex::new(AccountsFile::default()));
    let config = WorkerConfig {
        timeouts: Default::default(),
        retry: Default::default(),
        accounts: AccountsLocation::Memory(accounts.clone()),
        secrets: SecretsChoice::Vault(Vault::new(store.clone())),
        secrets_file: None,
        read_only: Default::default(),
        memory: Default::default(),
        jq_exe: None,
    };
    let mut h = Harness::logged_out(server, config, (100, 30));
    h.next_event().await; // which vault
    Setup { h, store, accounts }
}

/// Picks `method` in the login pane and fills the form as a person would.
fn fill_form(h: &mut Harness, method: LoginMethod, name: &str, secret_override: Option<&str>) {
    let index = LoginMethod::ALL.iter().position(|m| *m == method).unwrap();
    for _ in 0..index {
        h.press('j');
    }
    h.key(KeyCode::Enter);
    assert!(matches!(h.state.view(), View::Form(_)), "the form opens");
    let url = h.server.url();
    let c = h.server.credentials().clone();
    // Focus starts on the name, or on the instance when a name is suggested: go to the name.
    while matches!(h.state.view(), View::Form(f) if f.focus != 0) {
        h.key(KeyCode::BackTab);
    }
    h.send(wf_tui::app::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    h.type_text(name);
    h.key(KeyCode::Tab);
    h.type_text(&url);
    h.key(KeyCode::Tab);
    let secret = |real: &str| secret_override.unwrap_or(real).to_string();
    match method {
        LoginMethod::CspApiToken => {
            h.type_text(&secret(c.csp_api_token.expose()));
            h.key(KeyCode::Tab);
            clear_and_type(h, &url);
        }
        LoginMethod::CspServerToServer => {
            h.type_text(&c.app_id);
            h.key(KeyCode::Tab);
            h.type_text(&secret(c.app_secret.expose()));
            h.key(KeyCode::Tab);
            h.type_text(&c.org_id);
            h.key(KeyCode::Tab);
            clear_and_type(h, &url);
        }
        LoginMethod::ApiToken => h.type_text(&secret(c.api_token.expose())),
        LoginMethod::ServiceAccountToken => h.type_text(&secret(c.service_account_token.expose())),
    }
    // Enter moves through the remaining fields to the button, then submits.
    for _ in 0..8 {
        let View::Form(f) = h.state.view() else { break };
        if f.testing {
            break;
        }
        h.key(KeyCode::Enter);
    }
}

fn clear_and_type(h: &mut Harness, text: &str) {
    h.send(wf_tui::app::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    h.type_text(text);
}

#[tokio::test]
async fn each_method_logs_in_from_the_form_and_is_saved() {
    for (method, identity, account_type) in [
        (LoginMethod::CspApiToken, "demo@example.com", "CSP user"),
        (
            LoginMethod::CspServerToServer,
            "demo-app-",
            "CSP server-to-server app",
        ),
        (LoginMethod::ApiToken, "demo@example.com", "USER_ACCOUNT"),
        (
            LoginMethod::ServiceAccountToken,
            "sa::demo-automation",
            "SERVICE_ACCOUNT",
        ),
    ] {
        let mut s = first_start(DemoOptions::default()).await;
        fill_form(&mut s.h, method, "prod", None);
        s.h.settle().await;
        let t = s.h.token().clone();
        assert_eq!(t.method, Some(method));
        assert!(
            t.identity.as_deref().unwrap_or("").starts_with(identity),
            "{method:?}: {t:?}"
        );
        assert_eq!(t.account_type.as_deref(), Some(account_type), "{method:?}");
        assert_eq!(t.expires_at_ms.is_some(), method.is_csp());
        if method.is_csp() {
            assert_eq!(
                t.org.as_deref(),
                Some(s.h.server.credentials().org_id.as_str())
            );
            assert!(!t.permissions.is_empty());
        }
        assert!(
            s.h.table().rows.len() >= 40,
            "{method:?} lands on the table"
        );
        assert_eq!(s.h.state.stack.len(), 1, "the login views closed");
        let saved = s.accounts.lock().unwrap().clone();
        assert_eq!(saved.accounts.len(), 1);
        assert_eq!(saved.accounts[0].method, method);
        assert_eq!(saved.default.as_deref(), Some("prod"));
        let stored = s
            .store
            .get("prod")
            .unwrap()
            .expect("the secret is in the store");
        assert!(!stored.expose().is_empty());
        let header = s.h.render();
        assert!(
            header.lines().next().unwrap().contains("prod · 127.0.0.1"),
            "{header}"
        );
    }
}

#[tokio::test]
async fn wrong_secrets_keep_the_form_with_the_servers_message() {
    for method in LoginMethod::ALL {
        let mut s = first_start(DemoOptions::default()).await;
        fill_form(&mut s.h, method, "prod", Some("wrong-secret"));
        s.h.settle().await;
        let View::Form(form) = s.h.state.view() else {
            panic!("{method:?}: the form stays");
        };
        let err = form.error.clone().unwrap_or_default();
        let expected = match method {
            LoginMethod::CspApiToken => "Invalid refresh token",
            LoginMethod::CspServerToServer => "Client authentication failed",
            _ => "Invalid or unknown token",
        };
        assert!(err.contains(expected), "{method:?}: {err}");
        assert!(!form.testing);
        assert_eq!(
            form.value(wf_tui::app::login::FieldId::Name),
            "prod",
            "what was typed stays"
        );
        assert!(
            s.accounts.lock().unwrap().accounts.is_empty(),
            "nothing saved"
        );
        assert!(s.h.render().contains(expected));
    }
}

/// Environment variables, the method they mean, the account type the instance reports.
type EnvCase = (Vec<(&'static str, String)>, LoginMethod, &'static str);

#[tokio::test]
async fn every_method_logs_in_from_the_environment() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let c = server.credentials().clone();
    let url = server.url();
    let cases: Vec<EnvCase> = vec![
        (
            vec![("CSP_API_TOKEN", c.csp_api_token.expose().into())],
            LoginMethod::CspApiToken,
            "CSP user",
        ),
        (
            vec![
                ("CSP_APP_ID", c.app_id.clone()),
                ("CSP_APP_SECRET", c.app_secret.expose().into()),
                ("CSP_ORG_ID", c.org_id.clone()),
            ],
            LoginMethod::CspServerToServer,
            "CSP server-to-server app",
        ),
        (
            vec![("WAVEFRONT_TOKEN", c.api_token.expose().into())],
            LoginMethod::ApiToken,
            "USER_ACCOUNT",
        ),
        // A service account's token is an API token too: the instance says whose it is.
        (
            vec![("WAVEFRONT_TOKEN", c.service_account_token.expose().into())],
            LoginMethod::ApiToken,
            "SERVICE_ACCOUNT",
        ),
    ];
    for (vars, method, account_type) in cases {
        let mut all = vars.clone();
        all.push(("WAVEFRONT_ADDRESS", url.clone()));
        all.push(("CSP_BASE_URL", url.clone()));
        let account =
            env::account_from(|k| all.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
                .unwrap()
                .unwrap();
        let server = DemoServer::start(DemoOptions {
            port: 0,
            credentials: Some(c.clone()),
            ..DemoOptions::default()
        })
        .await
        .unwrap();
        let mut account = account;
        account.instance = server.address.clone();
        account.csp = server.address.clone();
        let mut h = Harness::with_account(server, account, (100, 30));
        h.settle().await;
        let t = h.token();
        assert_eq!(t.account, "env");
        assert_eq!(t.method, Some(method));
        assert_eq!(t.account_type.as_deref(), Some(account_type));
        assert!(h.table().rows.len() >= 40);
    }
}

/// Feeds events until `done` holds, bounded by `within` (a guard against hanging, no timing):
/// the state is read after every event, so nothing waits longer than the event takes.
async fn until(h: &mut Harness, what: &str, within: Duration, done: impl Fn(&Harness) -> bool) {
    let deadline = tokio::time::Instant::now() + within;
    h.drain();
    while !done(h) {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        let _ = tokio::time::timeout_at(deadline, h.next_event()).await;
    }
}

/// Presses `r` and feeds events, as a person browsing would, until the token in use at the
/// start has expired and the token was refreshed `refreshes` times (within `within`).
/// Between presses it waits for the next event for a moment at most, rather than sleeping.
async fn browse_until(h: &mut Harness, refreshes: u32, within: Duration) -> Vec<TokenStatus> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    let first_expiry = h.token().expires_at_ms.expect("a token that expires");
    let done = |t: &TokenStatus| {
        t.refresh_count >= refreshes && wf_tui::auth::session::wall_ms() > first_expiry
    };
    while !done(h.token()) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} refreshes, not {refreshes}",
            h.token().refresh_count
        );
        h.press('r');
        h.settle().await;
        assert!(h.table().error().is_none(), "{:?}", h.table().error());
        let _ = tokio::time::timeout(Duration::from_millis(150), h.next_event()).await;
        h.drain();
        seen.push(h.token().clone());
    }
    seen
}

#[tokio::test]
async fn csp_api_tokens_refresh_ahead_of_expiry_and_none_is_sent_expired() {
    refreshes_ahead_of_expiry(LoginMethod::CspApiToken).await;
}

#[tokio::test]
async fn server_to_server_tokens_refresh_ahead_of_expiry_and_none_is_sent_expired() {
    refreshes_ahead_of_expiry(LoginMethod::CspServerToServer).await;
}

/// Tokens live 3 s; browsing past the first one's expiry, through two refreshes, must never
/// send an expired one.
async fn refreshes_ahead_of_expiry(method: LoginMethod) {
    let options = DemoOptions {
        token_lifetime: Duration::from_secs(3),
        ..DemoOptions::default()
    };
    {
        let mut h = Harness::start_with(options.clone(), method, (100, 30)).await;
        // Two refreshes more than the start saw (a slow start may have seen some).
        let before = h.token().refresh_count;
        let seen = browse_until(&mut h, before + 2, Duration::from_secs(30)).await;
        let last = seen.last().unwrap();
        assert!(
            last.refresh_count >= before + 2,
            "{method:?}: {} refreshes",
            last.refresh_count
        );
        assert!(last.last_refresh_error.is_none());
        assert!(last.next_refresh_at_ms.unwrap() < last.expires_at_ms.unwrap());
        let requests = h.server.state().requests();
        assert!(requests.len() > 10);
        let expired: Vec<_> = requests.iter().filter(|r| r.expired_token).collect();
        assert!(
            expired.is_empty(),
            "{method:?}: sent expired tokens: {expired:?}"
        );
        assert!(requests.iter().all(|r| r.status == 200), "{method:?}");
    }
}

#[tokio::test]
async fn a_401_re_exchanges_once_and_retries() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    assert_eq!(h.token().refresh_count, 0);
    h.server.state().revoke_issued();
    h.press('r');
    h.settle().await;
    assert!(h.table().error().is_none(), "{:?}", h.table().error());
    assert!(h.table().rows.len() >= 40);
    let statuses: Vec<u16> = h
        .server
        .state()
        .requests()
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        &statuses[statuses.len() - 2..],
        &[401, 200],
        "one 401, then the retry"
    );
    // The refresh reaches the UI through the status watch.
    until(
        &mut h,
        "the refresh is shown",
        Duration::from_secs(10),
        |h| h.token().refresh_count >= 1,
    )
    .await;
    assert_eq!(h.token().refresh_count, 1);
}

#[tokio::test]
async fn a_revoked_api_token_says_so_and_the_app_stays_usable() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server.state().revoke_all();
    h.press('r');
    h.settle().await;
    let err = h.table().error().unwrap().to_string();
    assert!(err.contains("HTTP 401"), "{err}");
    h.press('t');
    assert!(matches!(h.state.view(), View::Token));
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Table(_)));
}

#[tokio::test]
async fn accounts_switch_live_and_land_on_the_same_view() {
    let mut s = first_start(DemoOptions::default()).await;
    fill_form(&mut s.h, LoginMethod::ApiToken, "prod", None);
    s.h.settle().await;
    // Add a second account from the accounts pane.
    s.h.press('A');
    s.h.press('a');
    fill_form(&mut s.h, LoginMethod::CspApiToken, "staging", None);
    s.h.settle().await;
    assert_eq!(s.h.token().account, "staging");
    assert_eq!(s.accounts.lock().unwrap().accounts.len(), 2);
    // Switch back with the command line.
    s.h.press(':');
    s.h.type_text("account prod");
    s.h.key(KeyCode::Enter);
    // Staging's session and rows stay until prod's login works.
    assert_eq!(s.h.token().account, "staging");
    assert_eq!(s.h.state.switching.as_deref(), Some("prod"));
    s.h.settle().await;
    assert_eq!(s.h.state.switching, None);
    assert_eq!(s.h.token().account, "prod");
    assert_eq!(s.h.token().method, Some(LoginMethod::ApiToken));
    assert!(s.h.table().rows.len() >= 40);
    // And from the accounts pane: select staging, enter.
    s.h.press('A');
    s.h.press('j');
    s.h.key(KeyCode::Enter);
    s.h.settle().await;
    assert_eq!(s.h.token().account, "staging");
    assert!(matches!(s.h.state.view(), View::Table(_)));
}

#[tokio::test]
async fn removing_an_account_asks_first_and_deletes_its_secret() {
    let mut s = first_start(DemoOptions::default()).await;
    fill_form(&mut s.h, LoginMethod::ApiToken, "prod", None);
    s.h.settle().await;
    s.h.press('A');
    s.h.press('d');
    s.h.press('n');
    assert_eq!(s.accounts.lock().unwrap().accounts.len(), 1, "kept");
    s.h.press('d');
    s.h.press('y');
    until(
        &mut s.h,
        "the account is removed",
        Duration::from_secs(10),
        |h| h.state.accounts.accounts.is_empty(),
    )
    .await;
    assert!(s.store.get("prod").unwrap().is_none(), "secret removed");
}

#[tokio::test]
async fn editing_an_account_without_retyping_the_secret_keeps_it() {
    let mut s = first_start(DemoOptions::default()).await;
    fill_form(&mut s.h, LoginMethod::ApiToken, "prod", None);
    s.h.settle().await;
    s.h.press('A');
    s.h.press('e');
    let View::Form(form) = s.h.state.view() else {
        panic!("edit form")
    };
    assert_eq!(form.editing.as_deref(), Some("prod"));
    // Rename, leave the secret empty, submit.
    s.h.key(KeyCode::BackTab);
    clear_and_type(&mut s.h, "production");
    for _ in 0..5 {
        s.h.key(KeyCode::Enter);
    }
    s.h.settle().await;
    assert_eq!(s.h.token().account, "production");
    let file = s.accounts.lock().unwrap().clone();
    assert_eq!(file.accounts.len(), 1);
    assert_eq!(file.default.as_deref(), Some("production"));
    assert!(s.store.get("production").unwrap().is_some());
    assert!(s.store.get("prod").unwrap().is_none());
}

#[tokio::test]
async fn the_wf_cli_accounts_import_with_their_tokens_in_the_store() {
    let mut s = first_start(DemoOptions::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join(".wavefront");
    let token = s.h.server.credentials().api_token.expose().to_string();
    std::fs::write(
        &wf,
        format!(
            "[default]\nendpoint = {}\ntoken = {token}\n\n[notoken]\nendpoint = x.wavefront.com\n",
            s.h.server.url()
        ),
    )
    .unwrap();
    s.h.state.wf_import = Some(wf_tui::app::WfImport {
        path: wf,
        names: vec!["default".into()],
    });
    // The picker offers it as its last item.
    for _ in 0..4 {
        s.h.press('j');
    }
    s.h.key(KeyCode::Enter);
    until(
        &mut s.h,
        "the import's summary",
        Duration::from_secs(10),
        |h| {
            h.state
                .flash
                .as_ref()
                .is_some_and(|f| f.text.contains("imported"))
        },
    )
    .await;
    let flash = s.h.state.flash.clone().map(|f| f.text).unwrap_or_default();
    assert!(
        flash.contains("imported 1 account(s) from ~/.wavefront: default"),
        "{flash}"
    );
    assert!(flash.contains("notoken (no token)"), "{flash}");
    assert_eq!(s.store.get("default").unwrap().unwrap().expose(), token);
    let saved = s.h.state.accounts.get("default").unwrap().clone();
    assert_eq!(saved.method, LoginMethod::ApiToken);
    // And it logs in.
    s.h.press('A');
    s.h.key(KeyCode::Enter);
    s.h.settle().await;
    assert_eq!(s.h.token().identity.as_deref(), Some("demo@example.com"));
}

#[tokio::test]
async fn a_failed_refresh_is_shown_and_retried_before_expiry() {
    let options = DemoOptions {
        token_lifetime: Duration::from_secs(4),
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::CspApiToken, (100, 30)).await;
    h.server
        .state()
        .csp_down
        .store(true, std::sync::atomic::Ordering::SeqCst);
    // The scheduled refresh (at 2 s) fails: the status says so, in words.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while h.token().last_refresh_error.is_none() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no failed refresh reported"
        );
        h.next_event().await;
    }
    let t = h.token().clone();
    let err = t.last_refresh_error.clone().unwrap();
    assert!(err.contains("503 Service Temporarily Unavailable"), "{err}");
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("token refresh failed")
    );
    // The retry is planned before the token runs out.
    assert!(t.next_refresh_at_ms.unwrap() < t.expires_at_ms.unwrap());
    h.press('t');
    assert!(
        h.render().contains("failed"),
        "the token pane shows the failure"
    );
    // The UI stays responsive while the console is down.
    h.key(KeyCode::Esc);
    h.press('j');
    assert_eq!(h.table().selected, 1);
    // Back up: the retry succeeds.
    h.server
        .state()
        .csp_down
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while h.token().last_refresh_error.is_some() || h.token().refresh_count == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the retry never succeeded"
        );
        h.next_event().await;
    }
    assert!(h.token().refresh_count >= 1);
}
