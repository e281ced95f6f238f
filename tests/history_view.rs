//! `:history` filters with `/` and leaves the lists' auto-refresh requests out until `a`
//! shows them (issue #17: it had no filter and filled with auto-refresh entries).
#![allow(clippy::unwrap_used)]

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::{Msg, View};
use wf_tui::auth::LoginMethod;
use wf_tui::config::state_file::{HistorySettings, MemoryConfig};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::WorkerConfig;

async fn start(dir: &std::path::Path) -> Harness {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let config = WorkerConfig {
        memory: MemoryConfig {
            dir: Some(dir.to_path_buf()),
            history: HistorySettings::default(),
        },
        ..WorkerConfig::ephemeral()
    };
    let mut h = Harness::with_account_config(server, account, config, (120, 30));
    h.settle().await;
    h
}

fn command(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

fn shown(h: &Harness) -> Vec<String> {
    let View::History(v) = h.state.view() else {
        panic!("not the history");
    };
    v.shown(&h.state.history)
        .iter()
        .map(|e| e.label())
        .collect()
}

#[tokio::test]
async fn auto_refreshes_are_hidden_until_asked_for_and_slash_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = start(dir.path()).await;
    // One refresh by the timer, then one by hand (the firing badge's poll, a timer's too, off).
    h.state.firing.every_ms = None;
    h.state.refresh_every_ms = Some(1);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    h.send(Msg::Tick);
    assert!(h.busy(), "the timer refreshed the list");
    h.settle().await;
    h.state.refresh_every_ms = None;
    h.press('r');
    h.settle().await;
    command(&mut h, "alerts");
    h.settle().await;
    h.drain();
    let total = h.state.history.entries.len();
    command(&mut h, "history");
    let hidden = shown(&h);
    assert_eq!(
        hidden.len(),
        total - 1,
        "the auto-refresh is left out: {hidden:?}"
    );
    let screen = h.render();
    assert!(screen.contains("1 auto-refresh hidden"), "{screen}");
    assert!(
        screen.contains("show auto-refresh"),
        "the footer says the key: {screen}"
    );
    h.press('a');
    assert_eq!(shown(&h).len(), total);
    h.press('a');

    h.press('/');
    h.type_text("v2/alert");
    let alerts = shown(&h);
    assert!(!alerts.is_empty());
    assert!(
        alerts.iter().all(|l| l.contains("/api/v2/alert")),
        "{alerts:?}"
    );
    assert!(alerts.len() < hidden.len(), "{alerts:?}");
    h.key(KeyCode::Enter);
    let screen = h.render();
    assert!(
        screen.contains("/v2/alert"),
        "the applied filter is named: {screen}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(shown(&h).len(), hidden.len(), "esc clears the filter");
}
