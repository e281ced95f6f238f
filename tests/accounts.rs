//! Saved accounts end to end: a secrets file others can read, switching to an account whose
//! login fails, importing `~/.wavefront` where no keyring works, removing an account's files.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::{Arc, Mutex};

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::{State, View};
use wf_tui::auth::LoginMethod;
use wf_tui::auth::store::{MemoryStore, SecretStore, StoreError, Vault};
use wf_tui::config::accounts::{AccountsFile, SavedAccount};
use wf_tui::config::state_file::MemoryConfig;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::secret::Secret;
use wf_tui::worker::{AccountsLocation, Command, SecretsChoice, WorkerConfig};

/// The config folder of the isolated `home` (see `common::wf_tui_command`).
fn config_dir(home: &std::path::Path) -> std::path::PathBuf {
    home.join("xdg_config_home").join("wf-tui")
}

/// A `secrets.toml` others could read was used without a word: now the binary refuses it,
/// naming the file, its mode and the fix, and works again once the file is private.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secrets_file_others_can_read_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let dir = config_dir(home.path());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("accounts.toml"),
        format!(
            "secrets = \"file\"\n[[account]]\nname = \"prod\"\naddress = \"{}\"\nmethod = \"api-token\"\n",
            server.url()
        ),
    )
    .unwrap();
    let secrets = dir.join("secrets.toml");
    let token = server.credentials().api_token.expose().to_string();
    std::fs::write(&secrets, format!("prod = \"{token}\"\n")).unwrap();
    std::fs::set_permissions(&secrets, PermissionsExt::from_mode(0o644)).unwrap();
    let get = || {
        common::wf_tui_command(home.path())
            .args(["--profile", "prod", "get", "alert", "--limit", "1"])
            .output()
            .unwrap()
    };
    let out = get();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "refused: {err}");
    assert!(err.contains(&secrets.display().to_string()), "{err}");
    assert!(err.contains("mode 0644"), "{err}");
    assert!(
        err.contains(&format!("chmod 600 {}", secrets.display())),
        "{err}"
    );
    assert!(!err.contains(&token), "no secret in the message");
    std::fs::set_permissions(&secrets, PermissionsExt::from_mode(0o600)).unwrap();
    let out = get();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn api_token_account(name: &str, server: &DemoServer) -> SavedAccount {
    SavedAccount {
        name: name.into(),
        address: server.url(),
        method: LoginMethod::ApiToken,
        csp_url: None,
        client_id: None,
        org_id: None,
        readonly: false,
    }
}

/// A worker over `store` and saved accounts `names` (all API-token accounts on the stand-in),
/// with `memory` for what is remembered.
fn worker_config(
    store: Arc<dyn SecretStore>,
    accounts: &Arc<Mutex<AccountsFile>>,
    memory: MemoryConfig,
) -> WorkerConfig {
    WorkerConfig {
        accounts: AccountsLocation::Memory(accounts.clone()),
        secrets: SecretsChoice::Vault(Vault::new(store)),
        memory,
        ..WorkerConfig::ephemeral()
    }
}

/// Logged in to the saved account `name` and settled.
async fn logged_in_to(mut h: Harness, file: AccountsFile, name: &str) -> Harness {
    let saved = file.get(name).unwrap().clone();
    h.state = State::new(name, (100, 30), wf_tui::auth::session::wall_ms());
    h.state.accounts = file;
    h.run_command(Command::LoginSaved(Box::new(saved)));
    h.settle().await;
    assert_eq!(h.token().account, name);
    h
}

/// A switch to an account whose login fails used to drop the working session: the header said
/// "login failed" and every list was gone until the person switched back by hand. Now the old
/// session, its header and its lists stay, and the message says why.
#[tokio::test]
async fn a_failed_switch_keeps_the_working_session() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let store = Arc::new(MemoryStore::default());
    store.set("good", &server.credentials().api_token).unwrap();
    store.set("bad", &Secret::new("not-a-valid-token")).unwrap();
    store.set("other", &server.credentials().api_token).unwrap();
    let mut file = AccountsFile::default();
    for name in ["good", "bad", "other"] {
        file.upsert(api_token_account(name, &server), None);
    }
    let accounts = Arc::new(Mutex::new(file.clone()));
    let config = worker_config(store, &accounts, MemoryConfig::default());
    let h = Harness::logged_out(server, config, (100, 30));
    let mut h = logged_in_to(h, file, "good").await;
    assert!(h.table().rows.len() >= 40);
    h.press('A');
    h.press('j');
    h.key(KeyCode::Enter);
    assert_eq!(h.state.switching.as_deref(), Some("bad"));
    let screen = h.render();
    assert!(screen.contains("logging in to bad…"), "{screen}");
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains("good · 127.0.0.1"),
        "the header names the account still in use: {screen}"
    );
    assert!(
        header.contains("switching to bad…"),
        "and the switch: {header}"
    );
    let View::Table(list) = &h.state.stack[0] else {
        panic!("a list is first");
    };
    assert!(list.rows.len() >= 40, "the rows stay while switching");
    h.settle().await;
    assert_eq!(h.token().account, "good", "still on the old account");
    assert_eq!(h.state.switching, None);
    let flash = h.state.flash.clone().unwrap().text;
    assert!(
        flash.starts_with("could not switch to bad (still on good): "),
        "{flash}"
    );
    assert!(flash.contains("Invalid or unknown token"), "{flash}");
    let screen = h.render();
    assert!(
        screen.lines().next().unwrap().contains("good · 127.0.0.1"),
        "{screen}"
    );
    // The old session still works: back to the list, reload it.
    h.key(KeyCode::Esc);
    h.press('r');
    h.settle().await;
    assert!(h.table().error().is_none(), "{:?}", h.table().error());
    assert!(h.table().rows.len() >= 40);
    // And a switch that works lands on the new account, its list reloaded.
    h.press('A');
    h.press('j');
    h.press('j');
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.token().account, "other");
    assert!(
        matches!(h.state.view(), View::Table(_)),
        "the accounts pane closed"
    );
    assert!(h.table().rows.len() >= 40);
}

/// Waits until the worker has written (or deleted) everything queued before now.
async fn flush(h: &mut Harness) {
    let (tx, rx) = tokio::sync::oneshot::channel();
    h.run_command(Command::Flush(tx));
    tokio::time::timeout(std::time::Duration::from_secs(10), rx)
        .await
        .expect("flushed within 10 s")
        .unwrap();
}

async fn until(h: &mut Harness, what: &str, done: impl Fn(&Harness) -> bool) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !done(h) {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        h.drain();
    }
}

/// Opens the accounts pane on `name` and removes it (with its yes).
async fn remove(h: &mut Harness, name: &str) {
    h.press('A');
    let at = h
        .state
        .accounts
        .accounts
        .iter()
        .position(|a| a.name == name);
    let View::Accounts(pane) = h.state.view_mut() else {
        panic!("the accounts pane opens");
    };
    pane.selected = at.unwrap();
    h.press('d');
    h.press('y');
    until(h, "the account is removed", |h| {
        h.state.accounts.get(name).is_none()
    })
    .await;
    let flash = h.state.flash.clone().unwrap().text;
    assert!(
        flash.starts_with(&format!("removed account {name}")),
        "{flash}"
    );
    h.key(KeyCode::Esc);
}

/// A removed account's remembered views, filters and request history stayed on disk. Now
/// they go with it, for an account not in use and for the one in use (whose session, still
/// open, writes nothing more for it).
#[tokio::test]
async fn removing_an_account_deletes_what_was_kept_for_it() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let store = Arc::new(MemoryStore::default());
    let mut file = AccountsFile::default();
    for name in ["prod", "dev"] {
        store.set(name, &server.credentials().api_token).unwrap();
        file.upsert(api_token_account(name, &server), None);
    }
    let accounts = Arc::new(Mutex::new(file.clone()));
    let state_dir = tempfile::tempdir().unwrap();
    let memory = MemoryConfig {
        dir: Some(state_dir.path().to_path_buf()),
        history: Default::default(),
    };
    let config = worker_config(store, &accounts, memory.clone());
    let h = Harness::logged_out(server, config, (100, 30));
    let mut h = logged_in_to(h, file, "prod").await;
    // A filter and a sort to remember, requests in the history.
    h.press('/');
    h.type_text("a");
    h.key(KeyCode::Enter);
    h.press('s');
    h.settle().await;
    flush(&mut h).await;
    let kept = |name: &str| {
        let dir = memory.account_dir(name).unwrap();
        (
            dir.join("state.json").exists(),
            dir.join("history.jsonl").exists(),
        )
    };
    assert_eq!(kept("prod"), (true, true), "prod's files are written");
    // Over to dev, then remove prod: not in use.
    h.press(':');
    h.type_text("account dev");
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.token().account, "dev");
    flush(&mut h).await;
    assert!(kept("dev").1, "dev's history is written");
    remove(&mut h, "prod").await;
    flush(&mut h).await;
    assert!(
        !memory.account_dir("prod").unwrap().exists(),
        "prod's files went"
    );
    assert!(kept("dev").1, "dev's stay");
    // Remove dev, the account in use: its files go, and browsing on writes none again.
    remove(&mut h, "dev").await;
    h.press('r');
    h.settle().await;
    h.press('/');
    h.type_text("b");
    h.key(KeyCode::Enter);
    flush(&mut h).await;
    assert!(
        !memory.account_dir("dev").unwrap().exists(),
        "dev's files went"
    );
    assert!(accounts.lock().unwrap().accounts.is_empty());
}

/// A first start where no keyring works, with `~/.wavefront` holding `profiles` (name, token)
/// on the stand-in and one profile without a token; the secrets file goes in `dir`.
async fn no_keyring_first_start(
    dir: &std::path::Path,
    profiles: &[&str],
) -> (Harness, Arc<Mutex<AccountsFile>>) {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let accounts = Arc::new(Mutex::new(AccountsFile::default()));
    let config = WorkerConfig {
        accounts: AccountsLocation::Memory(accounts.clone()),
        // The keyring forced unavailable, as on a box without one.
        secrets: SecretsChoice::Vault(Vault::unavailable(StoreError::Unavailable(
            "no OS keyring works here (forced by the test)".into(),
        ))),
        secrets_file: Some(dir.join("secrets.toml")),
        ..WorkerConfig::ephemeral()
    };
    let token = server.credentials().api_token.expose().to_string();
    let mut text = String::from("[notoken]\nendpoint = x.wavefront.com\n");
    for name in profiles {
        text.push_str(&format!(
            "[{name}]\nendpoint = {}\ntoken = {token}\n",
            server.url()
        ));
    }
    let wf = dir.join(".wavefront");
    std::fs::write(&wf, text).unwrap();
    let mut h = Harness::logged_out(server, config, (100, 30));
    h.next_event().await; // which vault: none
    assert!(matches!(h.state.vault, Some(Err(_))));
    h.state.wf_import = Some(wf_tui::app::WfImport {
        path: wf,
        names: profiles.iter().map(ToString::to_string).collect(),
    });
    (h, accounts)
}

fn ctrl(c: char) -> wf_tui::app::Msg {
    wf_tui::app::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char(c),
        crossterm::event::KeyModifiers::CONTROL,
    ))
}

/// Without a keyring the import could not work from the UI (the secrets file could be chosen
/// only in the form) and left the person on the login pane. Now the pane offers the file, the
/// tokens land there (0600), and the import ends on the accounts list.
#[tokio::test]
async fn importing_without_a_keyring_offers_the_secrets_file_and_lands_on_the_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, accounts) = no_keyring_first_start(dir.path(), &["default", "staging"]).await;
    h.press('i');
    let flash = h.state.flash.clone().unwrap().text;
    assert!(
        flash.contains("ctrl-o keeps them in the 0600 secrets file"),
        "{flash}"
    );
    assert!(accounts.lock().unwrap().accounts.is_empty(), "nothing yet");
    assert!(
        h.render()
            .contains("[ ] keep secrets in a file only you can read")
    );
    h.send(ctrl('o'));
    assert!(
        h.render()
            .contains("[x] keep secrets in a file only you can read")
    );
    h.press('i');
    until(&mut h, "the import lands", |h| {
        matches!(h.state.view(), View::Accounts(_))
    })
    .await;
    let flash = h.state.flash.clone().unwrap().text;
    assert!(flash.contains("default, staging"), "{flash}");
    let View::Accounts(pane) = h.state.view() else {
        unreachable!()
    };
    assert_eq!(h.state.accounts.accounts[pane.selected].name, "default");
    let screen = h.render();
    assert!(
        screen.contains("default") && screen.contains("staging"),
        "{screen}"
    );
    let file = accounts.lock().unwrap().clone();
    assert_eq!(file.secrets, wf_tui::config::accounts::SecretsMode::File);
    assert_eq!(file.accounts.len(), 2);
    let secrets = dir.path().join("secrets.toml");
    let text = std::fs::read_to_string(&secrets).unwrap();
    assert!(text.contains("default = ") && text.contains("staging = "));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Esc goes back to the login pane (nobody is logged in yet); enter on one logs in.
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Methods(_)));
    h.press('A');
    assert!(matches!(h.state.view(), View::Accounts(_)));
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.token().account, "default");
    assert!(matches!(h.state.view(), View::Table(_)));
    assert!(h.table().rows.len() >= 40);
}

/// One account imported on a first start: straight in.
#[tokio::test]
async fn importing_one_account_logs_straight_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = no_keyring_first_start(dir.path(), &["only"]).await;
    h.send(ctrl('o'));
    h.press('i');
    until(&mut h, "the login starts", |h| {
        h.state.current_account() == Some("only")
    })
    .await;
    h.settle().await;
    assert_eq!(h.token().account, "only");
    assert_eq!(h.state.stack.len(), 1, "the login pane closed");
}

/// Renaming an account (an edit with a new name) left its files under the old name, where
/// nothing would read or remove them: they move with it.
#[tokio::test]
async fn renaming_an_account_moves_what_was_kept_for_it() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let store = Arc::new(MemoryStore::default());
    store.set("prod", &server.credentials().api_token).unwrap();
    let mut file = AccountsFile::default();
    file.upsert(api_token_account("prod", &server), None);
    let accounts = Arc::new(Mutex::new(file.clone()));
    let state_dir = tempfile::tempdir().unwrap();
    let memory = MemoryConfig {
        dir: Some(state_dir.path().to_path_buf()),
        history: Default::default(),
    };
    let config = worker_config(store, &accounts, memory.clone());
    let h = Harness::logged_out(server, config, (100, 30));
    let mut h = logged_in_to(h, file, "prod").await;
    h.press('/');
    h.type_text("a");
    h.key(KeyCode::Enter);
    h.settle().await;
    flush(&mut h).await;
    let history = |name: &str| {
        std::fs::read_to_string(memory.history_file(name).unwrap()).unwrap_or_default()
    };
    let before = history("prod");
    assert!(!before.is_empty());
    // Edit: a new name, the secret kept.
    h.press('A');
    h.press('e');
    h.key(KeyCode::BackTab);
    h.send(ctrl('u'));
    h.type_text("production");
    for _ in 0..5 {
        h.key(KeyCode::Enter);
    }
    h.settle().await;
    assert_eq!(h.token().account, "production");
    assert_eq!(
        h.state.memory.filter_history,
        vec!["a".to_string()],
        "the filter history came along"
    );
    flush(&mut h).await;
    assert!(
        !memory.account_dir("prod").unwrap().exists(),
        "no files under the old name"
    );
    assert!(
        history("production").starts_with(&before),
        "the history moved"
    );
}

/// The whole first start in a terminal, the real binary with the keyring switched off
/// (`WF_TUI_KEYRING=off`) and a `~/.wavefront` of one profile: the import asks for the secrets
/// file, takes it with ctrl-o, and logs straight in; the token is in `secrets.toml` (0600).
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_without_a_keyring_imports_into_the_secrets_file_in_a_terminal() {
    use common::pty::{Step, Then};
    use std::os::unix::fs::PermissionsExt;
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let token = server.credentials().api_token.expose().to_string();
    std::fs::write(
        home.path().join(".wavefront"),
        format!("[default]\nendpoint = {}\ntoken = {token}\n", server.url()),
    )
    .unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.env("WF_TUI_KEYRING", "off");
    let (status, screen, _) = tokio::task::spawn_blocking(move || {
        let steps = [
            Step::Keys(b"i"),
            Step::Shown("no OS keyring works here to keep the tokens"),
            Step::Keys(b"\x0f"),
            Step::Shown("[x] keep secrets"),
            Step::Keys(b"i"),
            Step::Shown("demo@example.com"),
            Step::Keys(b"q"),
        ];
        common::pty::run_then(
            cmd,
            // The offer shows once the worker said no keyring works.
            Some(("[ ] keep secrets", Then::Steps(&steps))),
        )
    })
    .await
    .unwrap();
    assert!(status.success(), "{screen}");
    assert!(
        screen.contains("the OS keyring is switched off"),
        "{screen}"
    );
    assert!(
        !screen.contains(&token),
        "the token never reaches the screen"
    );
    let dir = config_dir(home.path());
    let accounts = std::fs::read_to_string(dir.join("accounts.toml")).unwrap();
    assert!(accounts.contains("secrets = \"file\""), "{accounts}");
    assert!(accounts.contains("name = \"default\""), "{accounts}");
    let secrets = dir.join("secrets.toml");
    assert!(std::fs::read_to_string(&secrets).unwrap().contains(&token));
    let mode = std::fs::metadata(&secrets).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
