//! `:diff @account` on a list, over HTTP to two stand-ins (the first instance as the account in
//! use, the second saved as `staging`): a column says for each alert whether staging's copy is
//! the same, differs or is missing (alert targets' other ids are no difference), the title
//! sums it up, `:diff off` takes it away, and an account that cannot log in says why.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::{Arc, Mutex};

use common::{Harness, saved_account as saved};
use crossterm::event::KeyCode;
use wf_tui::app::State;

use wf_tui::auth::store::{MemoryStore, SecretStore, Vault};
use wf_tui::config::accounts::AccountsFile;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::secret::Secret;
use wf_tui::worker::sync::Differs;
use wf_tui::worker::{AccountsLocation, Command, SecretsChoice, WorkerConfig};

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

fn press_until(h: &mut Harness, text: &str) -> String {
    let screen = h.render();
    assert!(screen.contains(text), "{text} in\n{screen}");
    screen
}

/// Feeds events until the promote waits for nothing.
async fn promoted(h: &mut Harness) {
    use wf_tui::app::View;
    h.settle().await;
    loop {
        let waiting = match h.state.view() {
            View::Promote(p) => matches!(
                p.stage,
                wf_tui::app::views::promote::Stage::Planning { .. }
                    | wf_tui::app::views::promote::Stage::Writing { .. }
            ),
            _ => false,
        };
        if !waiting {
            break;
        }
        h.next_event().await;
    }
}

/// `P` on two marked alerts: one staging lacks (created there, its targets in staging's ids),
/// one staging has changed (updated); the plan shows both with their diffs, `y` writes them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p_promotes_the_marked_alerts_with_their_targets_mapped() {
    let (mut h, staging) = two_instances().await;
    command_line(&mut h, "alert");
    h.settle().await;
    // The 4th alert is left out of the second instance, the 2nd is changed there.
    for row in [1, 3] {
        while h.table().selected < row {
            h.key(KeyCode::Down);
        }
        h.press(' ');
    }
    h.press('P');
    press_until(&mut h, "Promote 2 alerts");
    press_until(&mut h, "broken");
    // The accounts other than prod: broken, staging (as saved).
    let staging_at = match h.state.view() {
        wf_tui::app::View::Promote(p) => match &p.stage {
            wf_tui::app::views::promote::Stage::Pick { accounts, .. } => {
                accounts.iter().position(|a| a == "staging").unwrap()
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    for _ in 0..staging_at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    promoted(&mut h).await;
    let screen = press_until(&mut h, "to staging: the plan");
    assert!(
        screen.contains("create alert “Search error ratio excluding health checks”"),
        "{screen}"
    );
    assert!(
        screen.contains("references mapped to the account's ids:"),
        "{screen}"
    );
    let before = staging.state().items("alert").len();
    h.press('y');
    promoted(&mut h).await;
    let screen = press_until(&mut h, "to staging: done");
    assert!(
        screen.contains("created alert “Search error ratio excluding health checks”"),
        "{screen}"
    );
    assert!(
        screen.contains("updated alert “Memory pressure on queue hosts”"),
        "{screen}"
    );
    let alerts = staging.state().items("alert");
    assert_eq!(alerts.len(), before + 1);
    let created = alerts
        .iter()
        .find(|a| a["name"] == "Search error ratio excluding health checks")
        .unwrap();
    let targets: Vec<String> = staging
        .state()
        .items("notificant")
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    for t in created["target"].as_str().unwrap().split(',') {
        let id = t.trim().trim_start_matches("target:").to_string();
        assert!(targets.contains(&id), "{t}: one of staging's targets");
    }
    let updated = alerts
        .iter()
        .find(|a| a["name"] == "Memory pressure on queue hosts")
        .unwrap();
    let mine = h
        .server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["name"] == "Memory pressure on queue hosts")
        .unwrap();
    assert_eq!(updated["minutes"], mine["minutes"], "made like prod's");
    // Back to the list.
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), wf_tui::app::View::Table(_)));
}

/// A read-only target account refuses before anything is read or written there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p_to_a_read_only_account_is_refused() {
    let (mut h, staging) = two_instances().await;
    let mut ro = h.state.accounts.get("staging").unwrap().clone();
    ro.readonly = true;
    h.state.accounts.upsert(ro, None);
    command_line(&mut h, "alert");
    h.settle().await;
    h.press('P');
    let staging_at = match h.state.view() {
        wf_tui::app::View::Promote(p) => match &p.stage {
            wf_tui::app::views::promote::Stage::Pick { accounts, .. } => {
                accounts.iter().position(|a| a == "staging").unwrap()
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    for _ in 0..staging_at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    promoted(&mut h).await;
    press_until(&mut h, "read-only: promote refused (staging is readonly");
    assert!(
        staging
            .state()
            .requests()
            .iter()
            .all(|r| r.method == "GET" || r.path.starts_with("/api/v2/search"))
    );
}

/// The account in use being read-only stops nothing written to another account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p_from_a_read_only_account_to_a_writable_one_plans() {
    let (mut h, _staging) = two_instances().await;
    let mut prod = h.state.accounts.get("prod").unwrap().clone();
    prod.readonly = true;
    h.state.accounts.upsert(prod.clone(), None);
    h.run_command(Command::LoginSaved(Box::new(prod)));
    h.settle().await;
    command_line(&mut h, "alert");
    h.settle().await;
    h.press('P');
    let staging_at = match h.state.view() {
        wf_tui::app::View::Promote(p) => match &p.stage {
            wf_tui::app::views::promote::Stage::Pick { accounts, .. } => {
                accounts.iter().position(|a| a == "staging").unwrap()
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    for _ in 0..staging_at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    promoted(&mut h).await;
    let screen = press_until(&mut h, "to staging: the plan");
    assert!(!screen.contains("read-only"), "{screen}");
}
