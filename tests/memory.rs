//! Remembered state and the request history, over real HTTP to the stand-in, with the worker
//! writing to a temporary state folder: what one run remembers, the next run (or the next
//! login) finds.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::View;
use wf_tui::auth::{Account, LoginMethod};
use wf_tui::config::state_file::{HistorySettings, MemoryConfig};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{Command, WorkerConfig};

fn config(dir: &std::path::Path, history: HistorySettings) -> WorkerConfig {
    WorkerConfig {
        memory: MemoryConfig {
            dir: Some(dir.to_path_buf()),
            history,
        },
        ..WorkerConfig::ephemeral()
    }
}

async fn start(dir: &std::path::Path, account: Account, history: HistorySettings) -> Harness {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut h = Harness::with_account_config(server, account, config(dir, history), (120, 30));
    h.settle().await;
    h
}

/// The same account on a stand-in of its own (the address differs; the name is what counts).
async fn account(name: &str) -> (DemoServer, Account) {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut account = server.account(LoginMethod::ApiToken);
    account.name = name.into();
    (server, account)
}

async fn flush(h: &mut Harness) {
    let (done, flushed) = tokio::sync::oneshot::channel();
    h.run_command(Command::Flush(done));
    flushed.await.unwrap();
}

fn command(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

#[tokio::test]
async fn view_sort_widths_and_filters_come_back_at_the_next_login() {
    let dir = tempfile::tempdir().unwrap();
    let (_s1, prod) = account("prod").await;
    let mut h = start(dir.path(), prod.clone(), HistorySettings::default()).await;
    command(&mut h, "alerts");
    h.settle().await;
    h.press('s');
    h.press('s'); // first column, descending
    h.key(KeyCode::Right);
    h.press('>');
    h.press('>');
    h.press('/');
    h.type_text("cpu");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    let sort = h.table().sort;
    assert!(sort.is_some_and(|s| s.column == 0 && !s.ascending));
    let widened = h.state.memory.kinds["alert"].widths.clone();
    assert_eq!(widened.len(), 1, "{widened:?}");
    flush(&mut h).await;
    drop(h);

    // A new run: a new worker, the same state folder.
    let (_s2, prod_again) = account("prod").await;
    let mut h = start(dir.path(), prod_again, HistorySettings::default()).await;
    assert_eq!(h.table().kind.name, "alert", "the last list is back");
    assert_eq!(h.table().sort, sort, "with its sort");
    assert!(!h.table().rows.is_empty(), "and loaded");
    assert_eq!(h.state.memory.kinds["alert"].widths, widened);
    // ↑ in an empty filter line recalls the filter used before.
    h.press('/');
    h.key(KeyCode::Up);
    let filter = h.table().filter.as_ref().unwrap().input.value().to_string();
    assert_eq!(filter, "cpu");
    h.key(KeyCode::Down);
    assert_eq!(h.table().filter.as_ref().unwrap().input.value(), "");
    h.key(KeyCode::Esc);

    // Switching to another account brings its own memory; switching back, prod's again.
    let (_s3, staging) = account("staging").await;
    h.state.login = wf_tui::app::LoginState::Pending {
        account: "staging".into(),
    };
    h.run_command(Command::Login(Box::new(staging)));
    h.settle().await;
    assert_eq!(h.token().account, "staging");
    command(&mut h, "sources");
    h.settle().await;
    flush(&mut h).await;
    h.state.login = wf_tui::app::LoginState::Pending {
        account: "prod".into(),
    };
    h.run_command(Command::Login(Box::new(prod)));
    h.settle().await;
    assert_eq!(h.table().kind.name, "alert");
    assert_eq!(h.table().sort, sort);
    let staging_file = dir.path().join("accounts/staging/state.json");
    let staging_text = std::fs::read_to_string(staging_file).unwrap();
    assert!(staging_text.contains("\"source\""), "{staging_text}");
    assert!(!staging_text.contains("cpu"), "prod's filters stay prod's");
}

#[tokio::test]
async fn a_corrupt_state_file_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accounts/prod/state.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{\"view\": [broken").unwrap();
    std::fs::write(file.with_file_name("history.jsonl"), "not json\n").unwrap();
    let (_s, prod) = account("prod").await;
    let mut h = start(dir.path(), prod, HistorySettings::default()).await;
    assert_eq!(h.table().kind.name, "cloudintegration");
    assert!(!h.table().rows.is_empty());
    // The next change replaces the broken file.
    h.press('s');
    flush(&mut h).await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
        "{text}"
    );
}

#[tokio::test]
async fn history_lists_replays_copies_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (_s, prod) = account("prod").await;
    let mut h = start(dir.path(), prod, HistorySettings::default()).await;
    h.transcript = Some(String::new());
    command(&mut h, "alerts");
    h.settle().await;
    h.press('i');
    h.settle().await;
    h.key(KeyCode::Esc);
    h.drain();
    command(&mut h, "history");
    let View::History(_) = h.state.view() else {
        panic!("history view")
    };
    let newest = h.state.history.newest(0).unwrap().clone();
    assert_eq!(newest.method, "GET");
    assert!(newest.path.starts_with("/api/v2/alert/"), "{newest:?}");
    assert_eq!(newest.status, Some(200));
    assert!(newest.bytes > 0);
    let screen = h.render();
    assert!(screen.contains("Request history"), "{screen}");
    assert!(screen.contains(&newest.path), "{screen}");

    // C: a curl command with the placeholder.
    h.press('C');
    let transcript = h.transcript.take().unwrap();
    assert!(
        transcript.contains("Copy(\"curl 'http://127.0.0.1:"),
        "{transcript}"
    );
    assert!(transcript.contains("Bearer $WAVEFRONT_TOKEN"));

    // enter: sent again, the answer in the inspector.
    let before = h.state.history.entries.len();
    h.key(KeyCode::Enter);
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("the inspector")
    };
    assert!(d.doc().is_some() && d.error().is_none(), "{:?}", d.error());
    h.drain();
    assert_eq!(
        h.state.history.entries.len(),
        before + 1,
        "the replay is recorded too"
    );
    flush(&mut h).await;
    drop(h);

    let (_s2, prod_again) = account("prod").await;
    let h = start(dir.path(), prod_again, HistorySettings::default()).await;
    assert!(
        h.state
            .history
            .entries
            .iter()
            .any(|e| e.path == newest.path),
        "the history survives a restart"
    );
}

#[tokio::test]
async fn history_off_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_s, prod) = account("prod").await;
    let off = HistorySettings::default().overridden(false, Some("off"));
    let mut h = start(dir.path(), prod, off).await;
    h.press('r');
    h.settle().await;
    h.drain();
    assert!(!h.state.history.enabled);
    assert!(h.state.history.entries.is_empty());
    command(&mut h, "history");
    assert!(!matches!(h.state.view(), View::History(_)));
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("history is off")
    );
    flush(&mut h).await;
    assert!(!dir.path().join("accounts/prod/history.jsonl").exists());
}

/// A state folder that cannot be written used to fail without a word: every view, sort and
/// request of the session was lost. The first failure is said on the message line, once.
#[tokio::test]
async fn a_state_folder_that_cannot_be_written_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    // A plain file where the folder should be: nothing under it can be written, root or not.
    let blocked = dir.path().join("state");
    std::fs::write(&blocked, "").unwrap();
    let (_s, prod) = account("prod").await;
    let mut h = start(&blocked, prod, HistorySettings::default()).await;
    command(&mut h, "alerts");
    h.settle().await;
    flush(&mut h).await;
    h.settle().await;
    let flash = h
        .state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(
        flash.contains("cannot be saved"),
        "the failure is on the message line: {flash:?}"
    );
    // Said once: more failed writes stay in the log.
    h.state.flash = None;
    command(&mut h, "sources");
    h.settle().await;
    flush(&mut h).await;
    h.settle().await;
    assert!(
        h.state
            .flash
            .as_ref()
            .is_none_or(|f| !f.text.contains("cannot be saved")),
        "said only once"
    );
}
