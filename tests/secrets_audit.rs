//! Runs the login flows with distinctive secrets and looks for them everywhere they must not be:
//! the log file (at trace level), the accounts file, every rendered screen, every command and
//! the state's `Debug`. Only the store (the keyring's stand-in here) may hold them.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wf_tui::app::{Msg, View};
use wf_tui::auth::store::{MemoryStore, Vault};
use wf_tui::config::env;
use wf_tui::config::state_file::{HistorySettings, MemoryConfig};
use wf_tui::demo::{DemoCredentials, DemoOptions, DemoServer};
use wf_tui::secret::Secret;
use wf_tui::worker::{AccountsLocation, SecretsChoice, WorkerConfig};

fn distinctive() -> DemoCredentials {
    DemoCredentials {
        user: "audit@example.com".into(),
        api_token: Secret::new("a0d17a11-7e57-4c0d-9e55-5ec2e7a0d171"),
        service_account: "sa::audit".into(),
        service_account_token: Secret::new("5e2v1ce0-acc0-4a7e-b00b-5ec2e75a0000"),
        csp_api_token: Secret::new("AUDITcspApiTokenZq9Xw3Vb7Nm1Lk5Jh8Gf2Dd4Ss6Aa"),
        app_id: "audit-app".into(),
        app_secret: Secret::new("AUDITappSecretQw8Er7Ty6Ui5Op4"),
        org_id: "0a0d17a0-0000-4000-8000-000000000001".into(),
    }
}

const WRONG: &str = "AUDITwrongSecretThatMustNotLeak123";

fn ctrl_u() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL))
}

#[tokio::test]
async fn no_secret_reaches_logs_config_screens_or_errors() {
    let dir = tempfile::tempdir().unwrap();
    let log = wf_tui::logging::init_with_filter(&dir.path().join("state"), Some("trace"))
        .expect("log file");
    let accounts_path = dir.path().join("config").join("accounts.toml");
    let creds = distinctive();
    let options = DemoOptions {
        token_lifetime: Duration::from_secs(2),
        credentials: Some(creds.clone()),
        ..DemoOptions::default()
    };
    let server = DemoServer::start(options.clone()).await.unwrap();
    let url = server.url();
    let store = Arc::new(MemoryStore::default());
    let config = WorkerConfig {
        timeouts: Default::default(),
        retry: Default::default(),
        accounts: AccountsLocation::File(accounts_path.clone()),
        secrets: SecretsChoice::Vault(Vault::new(store.clone())),
        secrets_file: None,
        read_only: Default::default(),
        // Remembered state and the request history, bodies included (the strictest case).
        memory: MemoryConfig {
            dir: Some(dir.path().join("state")),
            history: HistorySettings {
                history: Some(true),
                history_bodies: Some(true),
            },
        },
        jq_exe: None,
    };
    let mut h = Harness::logged_out(server, config, (100, 30));
    h.transcript = Some(String::new());
    h.next_event().await;

    // 1. The form: a wrong API token first, then the right one.
    h.press('j');
    h.press('j');
    h.key(KeyCode::Enter);
    // The name first (the form starts on the instance: an empty name comes from it).
    h.key(KeyCode::BackTab);
    h.type_text("prod");
    h.key(KeyCode::Tab);
    h.type_text(&url);
    h.key(KeyCode::Tab);
    h.type_text(WRONG);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(matches!(h.state.view(), View::Form(f) if f.error.is_some()));
    h.key(KeyCode::BackTab);
    h.send(ctrl_u());
    h.type_text(creds.api_token.expose());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.token().account, "prod");

    // 2. A CSP API token account with 2 s tokens: refreshes while browsing, then a revocation.
    h.press('A');
    h.press('a');
    h.key(KeyCode::Enter);
    h.type_text("csp");
    h.key(KeyCode::Tab);
    h.type_text(&url);
    h.key(KeyCode::Tab);
    h.type_text(creds.csp_api_token.expose());
    h.key(KeyCode::Tab);
    h.send(ctrl_u());
    h.type_text(&url);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.token().account, "csp");
    for _ in 0..12 {
        h.press('r');
        h.settle().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        h.drain();
    }
    assert!(h.token().refresh_count >= 1);
    h.server.state().revoke_issued();
    h.press('r');
    h.settle().await;
    h.key(KeyCode::Enter);
    h.settle().await;
    h.key(KeyCode::Esc);
    h.press('t');
    h.key(KeyCode::Esc);

    // 3. A server-to-server app and a service account from the environment, and a wrong secret.
    let all_secrets = [
        creds.api_token.expose().to_string(),
        creds.service_account_token.expose().to_string(),
        creds.csp_api_token.expose().to_string(),
        creds.app_secret.expose().to_string(),
        WRONG.to_string(),
    ];
    for vars in [
        vec![
            ("CSP_APP_ID", creds.app_id.clone()),
            ("CSP_APP_SECRET", creds.app_secret.expose().to_string()),
        ],
        vec![(
            "WAVEFRONT_TOKEN",
            creds.service_account_token.expose().to_string(),
        )],
        vec![
            ("CSP_APP_ID", creds.app_id.clone()),
            ("CSP_APP_SECRET", WRONG.to_string()),
        ],
    ] {
        let mut all = vars;
        all.push(("WAVEFRONT_ADDRESS", url.clone()));
        all.push(("CSP_BASE_URL", url.clone()));
        let account =
            env::account_from(|k| all.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
                .unwrap()
                .unwrap();
        h.transcript
            .as_mut()
            .unwrap()
            .push_str(&format!("{account:?}\n"));
        h.run_command(wf_tui::worker::Command::Login(Box::new(account)));
        h.state.login = wf_tui::app::LoginState::Pending {
            account: "env".into(),
        };
        h.settle().await;
        h.press('r');
        h.settle().await;
    }

    // The request history, on screen (it is in the transcript).
    h.press(':');
    h.type_text("history");
    h.key(KeyCode::Enter);
    assert!(matches!(h.state.view(), View::History(_)));
    assert!(
        !h.state.history.entries.is_empty(),
        "requests were recorded"
    );
    h.press('j');
    h.press('C');
    h.key(KeyCode::Esc);
    // Give the background writer a moment to write what the last requests recorded.
    let (done, flushed) = tokio::sync::oneshot::channel();
    h.run_command(wf_tui::worker::Command::Flush(done));
    flushed.await.unwrap();
    let mut state_text = String::new();
    let mut files = 0;
    for account in std::fs::read_dir(dir.path().join("state").join("accounts")).unwrap() {
        for file in std::fs::read_dir(account.unwrap().path()).unwrap() {
            state_text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
            files += 1;
        }
    }
    assert!(files >= 3, "history files were written");
    assert!(
        state_text.contains("/api/v2/"),
        "the history file has requests"
    );

    // Everything the app showed, asked for and wrote.
    let mut issued = h.server.state().issued_tokens();
    issued.extend(h.server.state().revoked_tokens());
    assert!(issued.len() >= 3, "access tokens were issued");
    let transcript = h.transcript.take().unwrap();
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(log_text.contains("logged in"), "the log has content");
    let config_text = std::fs::read_to_string(&accounts_path).unwrap();
    assert!(config_text.contains("[[account]]"));
    for (place, text) in [
        ("log file", &log_text),
        ("accounts file", &config_text),
        ("screens, commands and state", &transcript),
        (
            "state folder (remembered state, request history)",
            &state_text,
        ),
    ] {
        for secret in all_secrets.iter().chain(issued.iter()) {
            assert!(
                !text.contains(secret.as_str()),
                "a secret ({}…) leaked into the {place}",
                &secret[..6]
            );
        }
    }
    // The store is the one place that holds them.
    use wf_tui::auth::store::SecretStore;
    assert_eq!(
        store.get("prod").unwrap().unwrap().expose(),
        creds.api_token.expose()
    );
    assert_eq!(
        store.get("csp").unwrap().unwrap().expose(),
        creds.csp_api_token.expose()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&accounts_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the accounts file is private");
    }
}

/// `:w` and `:wv` write what the inspector shows to a file: an API token's item (whose id is
/// the token) saved whole and by value holds no secret.
#[tokio::test]
async fn files_written_by_the_inspector_hold_no_secret() {
    let creds = distinctive();
    let options = DemoOptions {
        credentials: Some(creds.clone()),
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, wf_tui::auth::LoginMethod::ApiToken, (100, 30)).await;
    let dir = tempfile::tempdir().unwrap();
    h.press(':');
    h.type_text("apitokens");
    h.key(KeyCode::Enter);
    h.settle().await;
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(matches!(h.state.view(), View::Detail(_)));
    let whole = dir.path().join("token.json");
    let value = dir.path().join("value.json");
    for (command, path) in [("w", &whole), ("wv", &value)] {
        h.press(':');
        h.type_text(&format!("{command} {}", path.display()));
        h.key(KeyCode::Enter);
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !(whole.exists() && value.exists()) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let saved = std::fs::read_to_string(&whole).expect(":w wrote the file");
    assert!(saved.contains("tokenName"), "{saved}");
    let saved_value = std::fs::read_to_string(&value).expect(":wv wrote the file");
    for text in [&saved, &saved_value] {
        assert!(
            !text.contains(creds.api_token.expose()),
            "the API token leaked into a saved file"
        );
    }
}

/// A panic while logged in (forced by `WF_TUI_PANIC_AFTER_LOGIN`, with the state's `Debug` in
/// its message): the crash report, the trace-level log and everything written to the terminal
/// hold none of the secrets.
#[cfg(unix)]
#[tokio::test]
async fn a_panic_after_login_leaks_no_secret() {
    let creds = distinctive();
    let options = DemoOptions {
        credentials: Some(creds.clone()),
        ..DemoOptions::default()
    };
    let server = DemoServer::start(options).await.unwrap();
    let url = server.url();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.env("WAVEFRONT_ADDRESS", &url)
        .env("CSP_BASE_URL", &url)
        .env("CSP_API_TOKEN", creds.csp_api_token.expose())
        .env("WF_TUI_LOG", "trace")
        .env("WF_TUI_PANIC_AFTER_LOGIN", "1")
        .env("TERM", "xterm-256color");
    let (status, terminal) = tokio::task::spawn_blocking(move || common::pty::run(cmd, None))
        .await
        .unwrap();
    assert_eq!(status.code(), Some(101), "it panicked: {terminal}");
    let state_dir = home.path().join("xdg_state_home").join("wf-tui");
    let reports: Vec<_> = std::fs::read_dir(&state_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("crash-")
        })
        .collect();
    assert_eq!(reports.len(), 1, "one crash report in {state_dir:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&reports[0]).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the crash report is private like the log"
        );
    }
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("panic requested after login"), "{report}");
    assert!(report.contains("LoggedIn"), "the state is in the message");
    let log = std::fs::read_to_string(state_dir.join("wf-tui.log")).unwrap();
    assert!(log.contains("panic"), "the log has the panic");
    assert!(terminal.contains("a report is in"), "{terminal}");
    let mut secrets = vec![
        creds.csp_api_token.expose().to_string(),
        creds.api_token.expose().to_string(),
    ];
    secrets.extend(server.state().issued_tokens());
    assert!(secrets.len() >= 3, "an access token was issued");
    for (place, text) in [
        ("crash report", &report),
        ("log", &log),
        ("terminal", &terminal),
    ] {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a secret ({}…) leaked into the {place}",
                &secret[..6]
            );
        }
    }
}
