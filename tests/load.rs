//! The worker under load: many list and detail loads against a slow stand-in, with navigation
//! and account switches in between. No stale result may land in the wrong view.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::{LoginState, View};
use wf_tui::auth::LoginMethod;
use wf_tui::auth::store::{MemoryStore, SecretStore, Vault};
use wf_tui::config::accounts::{AccountsFile, SavedAccount};
use wf_tui::demo::faults::{Fault, FaultRule};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{AccountsLocation, Command, SecretsChoice, WorkerConfig};

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

/// What a row of each kind looks like, to tell whose rows a table holds.
fn belongs(kind: &str, id: &str) -> bool {
    match kind {
        "source" => id.ends_with(".acme.net"),
        "alert" => id.chars().all(|c| c.is_ascii_digit()),
        "event" => id.starts_with('e'),
        "cloudintegration" => id.len() == 36 && id.contains('-'),
        "proxy" | "dashboard" | "maintenancewindow" => !id.ends_with(".acme.net"),
        _ => true,
    }
}

#[tokio::test]
async fn fifty_loads_with_navigation_and_account_switches_never_mix_up_views() {
    let server = DemoServer::start(DemoOptions {
        sources: 5000,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    // Every answer takes a while, so many requests are in flight at once.
    server
        .state()
        .add_fault(FaultRule::new(Fault::Latency(Duration::from_millis(60))));
    let c = server.credentials().clone();
    let store = Arc::new(MemoryStore::default());
    store.set("prod", &c.api_token).unwrap();
    store.set("csp", &c.csp_api_token).unwrap();
    let mut file = AccountsFile::default();
    for (name, method) in [
        ("prod", LoginMethod::ApiToken),
        ("csp", LoginMethod::CspApiToken),
    ] {
        file.upsert(
            SavedAccount {
                name: name.into(),
                address: server.url(),
                method,
                csp_url: Some(server.url()),
                client_id: None,
                org_id: None,
                readonly: false,
            },
            None,
        );
    }
    let config = WorkerConfig {
        accounts: AccountsLocation::Memory(Arc::new(Mutex::new(file.clone()))),
        secrets: SecretsChoice::Vault(Vault::new(store)),
        ..WorkerConfig::ephemeral()
    };
    let mut h = Harness::logged_out(server, config, (100, 30));
    h.state.accounts = file.clone();
    h.next_event().await;
    h.state = wf_tui::app::State::new("prod", (100, 30), wf_tui::auth::session::wall_ms());
    h.state.accounts = file;
    h.run_command(Command::LoginSaved(Box::new(
        h.state.accounts.get("prod").unwrap().clone(),
    )));
    h.settle().await;

    let kinds = [
        "sources",
        "alerts",
        "events",
        "integrations",
        "proxies",
        "dashboards",
        "mw",
    ];
    let mut last_kind = "";
    for i in 0..50 {
        let kind = kinds[i % kinds.len()];
        command_line(&mut h, kind);
        last_kind = kind;
        match i % 5 {
            // Open a detail and leave before it lands.
            1 => {
                h.key(KeyCode::Enter);
                h.key(KeyCode::Esc);
            }
            // Ask for more pages and a refresh.
            2 => {
                h.key(KeyCode::PageDown);
                h.press('r');
            }
            // Switch accounts in the middle of it all.
            3 => command_line(
                &mut h,
                if i % 2 == 0 {
                    "account prod"
                } else {
                    "account csp"
                },
            ),
            _ => {}
        }
        // Let some answers arrive in between, out of step with the commands.
        tokio::time::sleep(Duration::from_millis(7)).await;
        h.drain();
    }
    h.settle().await;

    let expected = wf_tui::api::kind_by_name(last_kind).unwrap().name;
    let t = h.table();
    assert_eq!(t.kind.name, expected);
    assert!(t.error().is_none(), "{:?}", t.error());
    assert!(!t.rows.is_empty());
    for row in t.rows.to_rows() {
        let id = row.id.as_deref().unwrap_or("");
        assert!(
            belongs(expected, id),
            "a row of another kind landed in {expected}: {id}"
        );
    }
    assert!(matches!(h.state.view(), View::Table(_)));
    assert!(matches!(h.state.login, LoginState::LoggedIn(_)));
    // Nothing keeps loading behind the scenes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.drain();
    assert!(!h.table().is_loading());
    assert_eq!(h.table().kind.name, expected);
}
