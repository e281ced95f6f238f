//! The merged firing console (`:firing @all`) over HTTP to two stand-ins, with saved accounts
//! whose secrets sit in a `MemoryStore`: the rows of both with their ACCOUNT, the counts per
//! account, one account failing (a bad token, a 500) while the other's rows stay, a 429 on one
//! slowing only it, `@name` parsing, the sessions closing with the console, and the rule that
//! the viewer and actions work on the current account's rows only.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Harness, saved_account as saved};
use crossterm::event::KeyCode;
use wf_tui::api::catalog::{Cell, FLEET_FIRING};
use wf_tui::app::views::firing::fleet;
use wf_tui::app::{State, View};

use wf_tui::auth::store::{MemoryStore, SecretStore, Vault};
use wf_tui::config::accounts::AccountsFile;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::secret::Secret;
use wf_tui::worker::{AccountsLocation, Command, SecretsChoice, WorkerConfig};

async fn stand_in(faults: &[&str]) -> DemoServer {
    let options = DemoOptions {
        faults: faults.iter().map(ToString::to_string).collect(),
        ..Default::default()
    };
    DemoServer::start(options).await.unwrap()
}

/// Logged in to `prod` (the harness's stand-in), with `staging` on `other` and `broken` (a
/// token no stand-in takes) saved beside it; reads retried once, quickly.
async fn two_accounts(prod: DemoServer, other: &DemoServer) -> Harness {
    let store = Arc::new(MemoryStore::default());
    store.set("prod", &prod.credentials().api_token).unwrap();
    store
        .set("staging", &other.credentials().api_token)
        .unwrap();
    store
        .set("broken", &Secret::new("not-a-valid-token"))
        .unwrap();
    let mut file = AccountsFile::default();
    file.upsert(saved("prod", &prod), None);
    file.upsert(saved("staging", other), None);
    file.upsert(saved("broken", other), None);
    let config = WorkerConfig {
        accounts: AccountsLocation::Memory(Arc::new(Mutex::new(file.clone()))),
        secrets: SecretsChoice::Vault(Vault::new(store)),
        retry: wf_tui::api::retry::RetryPolicy {
            max_retries: 1,
            base: Duration::from_millis(20),
            cap: Duration::from_millis(50),
        },
        ..WorkerConfig::ephemeral()
    };
    let prod_saved = file.get("prod").unwrap().clone();
    let mut h = Harness::logged_out(prod, config, (130, 40));
    h.state = State::new("prod", (130, 40), wf_tui::auth::session::wall_ms());
    h.state.accounts = file;
    h.run_command(Command::LoginSaved(Box::new(prod_saved)));
    h.settle().await;
    assert_eq!(h.token().account, "prod");
    h
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

fn the_fleet(h: &Harness) -> &fleet::Fleet {
    h.table().fleet.as_deref().expect("the merged console")
}

/// Feeds worker events until no account of the merged console is being read.
async fn settle(h: &mut Harness) {
    h.settle().await;
    while the_fleet(h).members.iter().any(|m| m.pending.is_some()) {
        h.next_event().await;
    }
}

fn member<'a>(h: &'a Harness, name: &str) -> &'a fleet::Member {
    the_fleet(h)
        .members
        .iter()
        .find(|m| m.name == name)
        .unwrap()
}

/// The ids of the alerts firing now on a stand-in.
fn live_firing(server: &DemoServer) -> BTreeSet<String> {
    server
        .state()
        .items("alert")
        .iter()
        .filter(|a| a["status"].as_array().unwrap().contains(&"FIRING".into()))
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

/// The ids of the merged console's rows of `account`.
fn rows_of(h: &Harness, account: &str) -> BTreeSet<String> {
    h.table()
        .rows
        .iter()
        .filter(|r| fleet::row_account(*r) == Some(account))
        .map(|r| r.id().map(String::from).unwrap())
        .collect()
}

fn searches(server: &DemoServer) -> usize {
    server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v2/search/alert")
        .count()
}

fn flash(h: &Harness) -> String {
    h.state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// The counts line: the second line of the screen (under the header).
fn counts_line(h: &Harness) -> String {
    h.render().lines().nth(1).unwrap().to_string()
}

#[tokio::test]
async fn all_merges_both_accounts_rows_with_their_account_and_a_failed_login_in_its_place() {
    let other = stand_in(&[]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    command_line(&mut h, "firing @all");
    settle(&mut h).await;
    assert_eq!(h.table().kind.name, FLEET_FIRING.name);
    let names: Vec<&str> = the_fleet(&h)
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(names, ["prod", "staging", "broken"]);
    assert_eq!(rows_of(&h, "prod"), live_firing(&h.server));
    assert_eq!(rows_of(&h, "staging"), live_firing(&other));
    assert!(!rows_of(&h, "staging").is_empty());
    assert!(rows_of(&h, "broken").is_empty());
    // Sorted as the console is, across accounts: severity first.
    let rank = |r: &wf_tui::api::catalog::Row| match r.cells.get(1) {
        Some(Cell::Text(s)) => ["SEVERE", "WARN", "SMOKE", "INFO"]
            .iter()
            .position(|k| **k == **s)
            .unwrap_or(4),
        _ => 4,
    };
    let t = h.table();
    let ranks: Vec<usize> = t
        .view
        .iter()
        .map(|&i| rank(&t.rows.row(i as usize).unwrap()))
        .collect();
    assert!(ranks.is_sorted(), "{ranks:?}");
    let line = counts_line(&h);
    assert!(line.contains("prod ●"), "{line}");
    assert!(line.contains("staging ●"), "{line}");
    assert!(line.contains("broken: login failed ("), "{line}");
    let screen = h.render();
    assert!(screen.contains("ACCOUNT"), "{screen}");
    assert!(
        !screen.contains("not-a-valid-token"),
        "the secret is never shown"
    );
    // The badge stays the current account's, the footer says whose rows take the viewer.
    assert!(screen.contains("open (this account)"), "{screen}");
    // The other account was read through its own session, not the current one's.
    assert!(searches(&other) >= 1);
}

#[tokio::test]
async fn one_accounts_500_is_said_while_the_others_rows_stay() {
    let other = stand_in(&["500:path=/api/v2/search/alert"]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    command_line(&mut h, "firing @prod,@staging");
    settle(&mut h).await;
    assert_eq!(rows_of(&h, "prod"), live_firing(&h.server));
    assert!(rows_of(&h, "staging").is_empty());
    let staging = member(&h, "staging");
    assert!(staging.summary.is_some(), "its counts came");
    assert!(
        staging.error.as_deref().unwrap().contains("HTTP 500"),
        "{staging:?}"
    );
    let line = counts_line(&h);
    assert!(
        line.contains("staging: alerts:") && line.contains("500"),
        "{line}"
    );
    assert!(member(&h, "prod").error.is_none());
    // The app stays usable: moving, filtering.
    h.press('j');
    h.press('/');
    h.type_text("zzz-nothing");
    h.key(KeyCode::Enter);
    assert!(h.table().view.is_empty());
}

#[tokio::test]
async fn a_429_on_one_account_slows_only_that_one() {
    let other = stand_in(&["429:path=/api/v2/alert/summary"]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    command_line(&mut h, "firing @prod,@staging");
    settle(&mut h).await;
    assert_eq!(member(&h, "staging").throttled, 1);
    assert_eq!(member(&h, "prod").throttled, 0);
    assert!(
        counts_line(&h).contains("(slowed down: 30s)"),
        "{}",
        counts_line(&h)
    );
    let polled = member(&h, "prod").polled_at_ms.unwrap();
    // A period later (on an explicit clock): prod is due, staging (doubled) is not.
    h.state.now_ms = polled + 15_000;
    let commands = fleet::on_tick(&mut h.state);
    let asked: Vec<&str> = commands
        .iter()
        .filter_map(|c| match c {
            Command::FleetRead { account, .. } => Some(account.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(asked, ["prod"]);
    let last_search = |h: &Harness| {
        h.state
            .history
            .entries
            .iter()
            .rev()
            .find(|e| e.path == "/api/v2/search/alert")
            .cloned()
            .expect("the current account's search is in its history")
    };
    h.drain();
    assert!(!h.state.history.is_auto(&last_search(&h)), "opened by hand");
    for c in commands {
        h.run_command(c);
    }
    settle(&mut h).await;
    h.drain();
    assert!(
        h.state.history.is_auto(&last_search(&h)),
        "the timer's read is an auto-refresh in the history"
    );
    // Twice the period after staging's read: staging's turn.
    h.state.now_ms = member(&h, "staging").polled_at_ms.unwrap() + 30_000;
    let commands = fleet::on_tick(&mut h.state);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::FleetRead { account, .. } if account == "staging"))
    );
}

#[tokio::test]
async fn names_are_checked_and_unknown_ones_refused_clearly() {
    let other = stand_in(&[]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    let depth = h.state.stack.len();
    command_line(&mut h, "firing @prod,@nowhere");
    assert_eq!(h.state.stack.len(), depth, "nothing opened");
    let text = flash(&h);
    assert!(
        text.contains("no saved account is named @nowhere") && text.contains("staging"),
        "{text}"
    );
    command_line(&mut h, "firing prod");
    assert!(
        flash(&h).contains("accounts are named with @"),
        "{}",
        flash(&h)
    );
}

#[tokio::test]
async fn the_viewer_and_actions_work_on_the_current_accounts_rows_only() {
    let other = stand_in(&[]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    command_line(&mut h, "firing @staging,@prod");
    settle(&mut h).await;
    let staging_at = |h: &Harness| {
        let t = h.table();
        t.view
            .iter()
            .position(|&i| fleet::row_account(t.rows.get(i as usize).unwrap()) == Some("staging"))
            .unwrap()
    };
    let depth = h.state.stack.len();
    h.press('g');
    for _ in 0..staging_at(&h) {
        h.press('j');
    }
    for key in ['x', 'c'] {
        h.press(key);
        assert!(h.state.flow.is_none(), "no menu on staging's row");
        assert_eq!(h.state.stack.len(), depth, "nothing opened for {key}");
        assert!(flash(&h).contains("this row is staging's"), "{}", flash(&h));
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.state.stack.len(), depth, "no viewer on staging's row");
    // Marked rows: one of them staging's refuses the menu for all.
    h.press(' ');
    h.press('x');
    assert!(h.state.flow.is_none());
    h.state.marks.ids.clear();
    // A row of the current account opens the viewer as on the single console.
    let prod_at = {
        let t = h.table();
        t.view
            .iter()
            .position(|&i| fleet::row_account(t.rows.get(i as usize).unwrap()) == Some("prod"))
            .unwrap()
    };
    h.press('g');
    for _ in 0..prod_at {
        h.press('j');
    }
    h.press('x');
    assert!(h.state.flow.is_some(), "the alert menu on prod's row");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.state.view(), View::Alert(_)),
        "the viewer: {:?}",
        h.state.view()
    );
}

#[tokio::test]
async fn the_other_sessions_close_with_the_merged_console() {
    let other = stand_in(&[]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    command_line(&mut h, "firing @staging");
    settle(&mut h).await;
    assert!(!rows_of(&h, "staging").is_empty());
    let logins = |s: &DemoServer| {
        s.state()
            .requests()
            .iter()
            .filter(|r| r.path != "/api/v2/search/alert" && r.path != "/api/v2/alert/summary")
            .count()
    };
    let before = logins(&other);
    h.key(KeyCode::Esc);
    assert!(h.table().fleet.is_none(), "closed");
    // Opened again, it reads through a new session: the login's own call goes out again.
    command_line(&mut h, "firing @staging");
    settle(&mut h).await;
    assert!(before > 0, "the login's own call");
    assert!(logins(&other) > before, "logged in again");
}

/// Moves the selection to the first row of `account`.
fn select_first_of(h: &mut Harness, account: &str) {
    let at = {
        let t = h.table();
        t.view
            .iter()
            .position(|&i| fleet::row_account(t.rows.get(i as usize).unwrap()) == Some(account))
            .unwrap()
    };
    h.key(KeyCode::Home);
    for _ in 0..at {
        h.press('j');
    }
}

fn posts(server: &DemoServer) -> Vec<String> {
    server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path != "/api/v2/search/alert")
        .map(|r| r.path.clone())
        .collect()
}

#[tokio::test]
async fn a_snooze_on_the_current_accounts_row_goes_to_that_account_and_read_only_refuses_it() {
    let other = stand_in(&[]).await;
    let mut h = two_accounts(stand_in(&[]).await, &other).await;
    command_line(&mut h, "firing @staging,@prod");
    settle(&mut h).await;
    select_first_of(&mut h, "prod");
    let id = h
        .table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap();
    h.state.read_only = wf_tui::readonly::ReadOnly::new(true, false, false);
    h.press('x');
    h.press('1');
    h.press('y');
    assert!(flash(&h).starts_with("read-only"), "{}", flash(&h));
    assert!(posts(&h.server).is_empty() && posts(&other).is_empty());
    h.state.read_only = wf_tui::readonly::ReadOnly::default();
    h.state.flow = None;
    h.press('x');
    h.press('1');
    h.press('y');
    while h.state.flow.is_some() || posts(&h.server).is_empty() {
        h.next_event().await;
        if matches!(&h.state.flow, Some(wf_tui::app::overlays::actions::Flow::Running(p)) if p.finished)
        {
            break;
        }
    }
    assert_eq!(
        posts(&h.server),
        [format!("/api/v2/alert/{id}/snooze")],
        "to prod, the row's account"
    );
    assert!(posts(&other).is_empty(), "never to staging");
}
