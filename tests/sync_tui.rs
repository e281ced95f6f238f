//! `:diff @account` on a list, over HTTP to two stand-ins (the first instance as the account in
//! use, the second saved as `staging`): a column says for each alert whether staging's copy is
//! the same, differs or is missing (alert targets' other ids are no difference), the title
//! sums it up, `:diff off` takes it away, and an account that cannot log in says why.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::{Arc, Mutex};

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::State;
use wf_tui::auth::LoginMethod;
use wf_tui::auth::store::{MemoryStore, SecretStore, Vault};
use wf_tui::config::accounts::{AccountsFile, SavedAccount};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::secret::Secret;
use wf_tui::worker::sync::Differs;
use wf_tui::worker::{AccountsLocation, Command, SecretsChoice, WorkerConfig};

fn saved(name: &str, server: &DemoServer) -> SavedAccount {
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

/// Logged in to `prod` (the first instance), `staging` (the second) and `broken` saved too.
async fn two_instances() -> (Harness, DemoServer) {
    let start = |instance| {
        DemoServer::start(DemoOptions {
            instance,
            ..DemoOptions::default()
        })
    };
    let (prod, staging) = (start(0).await.unwrap(), start(1).await.unwrap());
    let store = Arc::new(MemoryStore::default());
    store.set("prod", &prod.credentials().api_token).unwrap();
    store
        .set("staging", &staging.credentials().api_token)
        .unwrap();
    store
        .set("broken", &Secret::new("not-a-valid-token"))
        .unwrap();
    let mut file = AccountsFile::default();
    file.upsert(saved("prod", &prod), None);
    file.upsert(saved("staging", &staging), None);
    file.upsert(saved("broken", &staging), None);
    let config = WorkerConfig {
        accounts: AccountsLocation::Memory(Arc::new(Mutex::new(file.clone()))),
        secrets: SecretsChoice::Vault(Vault::new(store)),
        ..WorkerConfig::ephemeral()
    };
    let prod_saved = file.get("prod").unwrap().clone();
    let mut h = Harness::logged_out(prod, config, (160, 40));
    h.state = State::new("prod", (160, 40), wf_tui::auth::session::wall_ms());
    h.state.accounts = file;
    h.run_command(Command::LoginSaved(Box::new(prod_saved)));
    h.settle().await;
    (h, staging)
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

/// Feeds events until the comparison is answered.
async fn compared(h: &mut Harness) {
    h.settle().await;
    while h
        .table()
        .compare
        .as_ref()
        .is_some_and(|c| c.request.is_some())
    {
        h.next_event().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_column_says_which_alerts_differ_in_the_other_account() {
    let (mut h, _staging) = two_instances().await;
    command_line(&mut h, "alert");
    h.settle().await;
    command_line(&mut h, "diff @staging");
    compared(&mut h).await;
    let c = h.table().compare.as_deref().unwrap();
    let result = c.result.as_ref().unwrap().as_ref().unwrap();
    let count = |f: fn(&Differs) -> bool| result.by_id.values().filter(|d| f(d)).count();
    // The second instance: every seventh alert left out, every fifth changed, two added.
    let n = result.by_id.len();
    let missing = (0..n).filter(|i| i % 7 == 3).count();
    let changed = (0..n).filter(|i| i % 5 == 1 && i % 7 != 3).count();
    assert_eq!(count(|d| *d == Differs::OnlyHere), missing);
    assert_eq!(count(|d| matches!(d, Differs::Changed(_))), changed);
    assert_eq!(count(|d| *d == Differs::Same), n - missing - changed);
    assert_eq!(result.only_there, 2);
    let screen = h.render();
    assert!(screen.contains("@staging"), "{screen}");
    assert!(
        screen.contains("same") && screen.contains("differs (") && screen.contains("missing"),
        "{screen}"
    );
    let summary = format!("diff @staging: {changed} differ, {missing} missing there, 2 only there");
    assert!(screen.contains(&summary), "{screen}");
    // The first alert is changed there (its minutes): its row says so.
    let first_id = "1690000000372";
    assert_eq!(result.by_id[first_id], Differs::Same);
    assert!(matches!(result.by_id["1690000008286"], Differs::Changed(_)));
    command_line(&mut h, "diff off");
    assert!(h.table().compare.is_none());
    assert!(!h.render().contains("@staging"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_that_cannot_log_in_or_is_not_saved_says_so() {
    let (mut h, _staging) = two_instances().await;
    command_line(&mut h, "alert");
    h.settle().await;
    command_line(&mut h, "diff @nobody");
    assert!(h.table().compare.is_none());
    assert!(
        h.render().contains("no saved account named nobody"),
        "{}",
        h.render()
    );
    command_line(&mut h, "diff @prod");
    assert!(
        h.render().contains("prod is the account in use"),
        "{}",
        h.render()
    );
    command_line(&mut h, "diff @broken");
    compared(&mut h).await;
    let c = h.table().compare.as_deref().unwrap();
    assert!(matches!(c.result, Some(Err(_))), "{c:?}");
    let screen = h.render();
    assert!(screen.contains("diff @broken failed"), "{screen}");
    // The list still works.
    h.key(KeyCode::Down);
    assert_eq!(h.table().selected, 1);
    // A kind without natural keys (events) is not compared.
    command_line(&mut h, "event");
    h.settle().await;
    command_line(&mut h, "diff @staging");
    assert!(h.table().compare.is_none());
    assert!(
        h.render()
            .contains("events are not compared across accounts"),
        "{}",
        h.render()
    );
}
