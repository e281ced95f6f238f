//! Snapshot tests of the screens on ratatui's `TestBackend`, from fixed data and a fixed clock.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::render;
use crossterm::event::KeyCode;
use wf_tui::api::catalog::CLOUD_INTEGRATIONS;
use wf_tui::api::paging::PageRequest;
use wf_tui::app::{LoginState, Msg, State, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::worker::{Event, LoadedPage};

const NOW: i64 = 1_800_000_000_000;

fn token() -> TokenStatus {
    TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::CspApiToken),
        identity: Some("jane@acme.com".into()),
        org: Some("6f1c2d3e-0a1b-4c5d-8e9f-001122334455".into()),
        expires_at_ms: Some(NOW + 27 * 60_000 + 5_000),
        ..TokenStatus::default()
    }
}

/// A state logged in with the fixture integrations loaded, as the worker would leave it.
fn loaded(size: (u16, u16)) -> State {
    kind_loaded(&CLOUD_INTEGRATIONS, "cloudintegration", size)
}

#[test]
fn integrations_table_100x30() {
    insta::assert_snapshot!(render(&loaded((100, 30))));
}

#[test]
fn integrations_table_80x24() {
    insta::assert_snapshot!(render(&loaded((80, 24))));
}

#[test]
fn integrations_table_scrolled_to_the_end() {
    let mut state = loaded((100, 20));
    update(&mut state, Msg::Key(common::key(KeyCode::End)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn help_overlay() {
    let mut state = loaded((80, 24));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('?'))));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn logging_in() {
    let state = State::new("prod", (80, 12), NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn login_failed() {
    let mut state = State::new("prod", (80, 12), NOW);
    state.login = LoginState::Failed {
        account: "prod".into(),
        message: "VMware Cloud services refused the login: invalid_grant (HTTP 400)".into(),
    };
    insta::assert_snapshot!(render(&state));
}

#[test]
fn header_on_a_narrow_terminal_keeps_the_countdown() {
    let state = loaded((60, 6));
    let screen = render(&state);
    let header = screen.lines().next().unwrap();
    assert!(header.ends_with("token 27m"), "{header}");
    insta::assert_snapshot!(screen);
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(common::key(code)));
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, KeyCode::Char(c));
    }
}

#[test]
fn login_pane_on_first_start() {
    let mut state = State::logged_out((90, 24), NOW);
    state.vault = Some(Ok("Secret Service".into()));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn login_pane_without_a_keyring_offers_import_and_says_why() {
    let mut state = State::logged_out((90, 24), NOW);
    state.vault = Some(Err(wf_tui::auth::store::StoreError::Unavailable(
        "no OS keyring works here (keyutils: AccessDenied)".into(),
    )));
    state.wf_import = Some(wf_tui::app::WfImport {
        path: "/home/jane/.wavefront".into(),
        names: vec!["default".into(), "prod".into()],
    });
    press(&mut state, KeyCode::Char('j'));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn login_form_masks_secrets() {
    let mut state = State::logged_out((90, 26), NOW);
    state.vault = Some(Ok("Secret Service".into()));
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Enter);
    type_text(&mut state, "acme.wavefront.com");
    press(&mut state, KeyCode::Tab);
    type_text(&mut state, "app-1234");
    press(&mut state, KeyCode::Tab);
    type_text(&mut state, "super-secret-value");
    let screen = render(&state);
    assert!(!screen.contains("super-secret-value"));
    assert!(screen.contains("••••••••••••••••••"));
    insta::assert_snapshot!(screen);
}

#[test]
fn login_form_shows_what_is_wrong() {
    let mut state = State::logged_out((90, 24), NOW);
    state.vault = Some(Ok("Secret Service".into()));
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Enter);
    type_text(&mut state, "http://acme.wavefront.com");
    for _ in 0..3 {
        press(&mut state, KeyCode::Enter);
    }
    let screen = render(&state);
    assert!(
        screen.contains("plain http:// would send the token unencrypted"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn token_status_pane() {
    let mut state = loaded((90, 26));
    let mut t = token();
    t.account_type = Some("CSP user".into());
    t.permissions = vec!["csp:org_member".into(), "external/6f1c/aoa:admin".into()];
    t.issued_at_ms = Some(NOW - 3 * 60_000);
    t.next_refresh_at_ms = Some(NOW + 24 * 60_000);
    t.last_refresh_at_ms = Some(NOW - 3 * 60_000);
    t.refresh_count = 2;
    state.login = LoginState::LoggedIn(Box::new(t));
    press(&mut state, KeyCode::Char('t'));
    let screen = render(&state);
    insta::assert_snapshot!(screen);
}

#[test]
fn accounts_pane() {
    use wf_tui::config::accounts::SavedAccount;
    let mut state = loaded((90, 12));
    for (name, address, method) in [
        ("prod", "acme.wavefront.com", LoginMethod::CspApiToken),
        (
            "staging",
            "https://acme-stg.wavefront.com",
            LoginMethod::CspServerToServer,
        ),
        ("legacy", "metrics.wavefront.com", LoginMethod::ApiToken),
    ] {
        state.accounts.upsert(
            SavedAccount {
                name: name.into(),
                address: address.into(),
                method,
                csp_url: None,
                client_id: None,
                org_id: None,
                readonly: false,
            },
            None,
        );
    }
    state.accounts.default = Some("staging".into());
    press(&mut state, KeyCode::Char('A'));
    insta::assert_snapshot!(render(&state));
}

/// A logged-in state on `kind`, loaded with the stand-in's fixture for `collection`.
fn kind_loaded(kind: &'static wf_tui::api::Kind, collection: &str, size: (u16, u16)) -> State {
    let mut state = State::with_kind(kind, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(token()));
    let mut commands = update(&mut state, Msg::Key(common::key(KeyCode::Char('r'))));
    let Some(wf_tui::worker::Command::FetchPage { id, .. }) = commands.pop() else {
        panic!("refresh asks for a page");
    };
    let items = wf_tui::demo::collections::by_name(collection)
        .unwrap()
        .load(NOW - 30_000);
    let rows = items.iter().map(|i| kind.row(i)).collect();
    update(
        &mut state,
        Msg::Worker(Event::Page {
            id,
            request: PageRequest::first(100),
            result: Ok(LoadedPage {
                rows,
                next: None,
                total_items: Some(items.len() as u64),
            }),
        }),
    );
    state
}

#[test]
fn alerts_table() {
    use wf_tui::api::catalog::ALERTS;
    insta::assert_snapshot!(render(&kind_loaded(&ALERTS, "alert", (110, 16))));
}

#[test]
fn maintenance_windows_table_sorted_by_start() {
    use wf_tui::api::catalog::MAINTENANCE_WINDOWS;
    let mut state = kind_loaded(&MAINTENANCE_WINDOWS, "maintenancewindow", (110, 14));
    for _ in 0..5 {
        press(&mut state, KeyCode::Char('s'));
    }
    insta::assert_snapshot!(render(&state));
}

#[test]
fn proxies_table_filtered() {
    use wf_tui::api::catalog::PROXIES;
    let mut state = kind_loaded(&PROXIES, "proxy", (110, 12));
    press(&mut state, KeyCode::Char('/'));
    type_text(&mut state, "stopped");
    insta::assert_snapshot!(render(&state));
}

#[test]
fn command_line_with_completions() {
    let mut state = loaded((100, 8));
    press(&mut state, KeyCode::Char(':'));
    type_text(&mut state, "de");
    insta::assert_snapshot!(render(&state));
}

fn entry(
    ago_s: i64,
    method: &str,
    path: &str,
    status: Option<u16>,
) -> wf_tui::api::history::HistoryEntry {
    wf_tui::api::history::HistoryEntry {
        at_ms: NOW - ago_s * 1000,
        method: method.into(),
        path: path.into(),
        query: Vec::new(),
        status,
        duration_ms: 42,
        bytes: 12_345,
        had_body: method == "POST",
        body: None,
    }
}

#[test]
fn request_history() {
    let mut state = loaded((100, 14));
    let log = &mut state.history;
    log.push(entry(600, "GET", "/api/v2/cloudintegration", Some(200)));
    log.push(entry(300, "POST", "/api/v2/search/alert", Some(503)));
    // A server-chosen id in the path is hostile text: drawn with placeholders.
    log.push(entry(
        120,
        "GET",
        "/api/v2/alert/evil\u{1b}[2J\u{202e}id",
        None,
    ));
    log.push(entry(5, "GET", "/api/v2/alert/1", Some(200)));
    press(&mut state, KeyCode::Char(':'));
    type_text(&mut state, "history");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Down);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn integrations_table_with_a_widened_column() {
    let mut state = loaded((100, 12));
    press(&mut state, KeyCode::Right);
    for _ in 0..5 {
        press(&mut state, KeyCode::Char('>'));
    }
    insta::assert_snapshot!(render(&state));
}

/// `:diff @staging` on the alerts: the column at the right, the summary in the title.
#[test]
fn alerts_table_compared_with_another_account() {
    use wf_tui::api::catalog::ALERTS;
    use wf_tui::worker::sync::{Compared, Differs};
    let mut state = kind_loaded(&ALERTS, "alert", (120, 12));
    state.accounts.upsert(
        wf_tui::config::accounts::SavedAccount {
            name: "staging".into(),
            address: "https://staging.wavefront.com".into(),
            method: LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        },
        None,
    );
    press(&mut state, KeyCode::Char(':'));
    type_text(&mut state, "diff @staging");
    let mut commands = update(&mut state, Msg::Key(common::key(KeyCode::Enter)));
    let Some(wf_tui::worker::Command::SyncCompare { id, .. }) = commands.pop() else {
        panic!(":diff asks the worker");
    };
    let waiting = render(&state);
    assert!(waiting.contains("diff @staging…"), "{waiting}");
    let ids: Vec<String> = match state.view() {
        wf_tui::app::View::Table(t) => t
            .rows
            .to_rows()
            .filter_map(|r| r.id.as_deref().map(String::from))
            .collect(),
        _ => panic!("a table"),
    };
    let answers = [Differs::Same, Differs::Changed(2), Differs::OnlyHere];
    let by_id = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), answers[i % 3]))
        .collect();
    update(
        &mut state,
        Msg::Worker(Event::SyncCompared {
            id,
            result: Ok(Compared {
                by_id,
                only_there: 2,
            }),
        }),
    );
    insta::assert_snapshot!(render(&state));
}

/// `P` on an alert, the account picked: the plan's review (references mapped, the step's
/// diff against the other account's copy).
#[test]
fn promote_review() {
    use serde_json::json;
    use wf_tui::api::catalog::ALERTS;
    use wf_tui::worker::promote::{PlannedStep, PromotePlan};
    let mut state = kind_loaded(&ALERTS, "alert", (100, 16));
    state.accounts.upsert(
        wf_tui::config::accounts::SavedAccount {
            name: "staging".into(),
            address: "https://staging.wavefront.com".into(),
            method: LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        },
        None,
    );
    press(&mut state, KeyCode::Char('P'));
    let picking = render(&state);
    assert!(
        picking.contains("to which account?") && picking.contains("staging"),
        "{picking}"
    );
    let mut commands = update(&mut state, Msg::Key(common::key(KeyCode::Enter)));
    let Some(wf_tui::worker::Command::PromotePlan { id, .. }) = commands.pop() else {
        panic!("enter asks for a plan");
    };
    let plan = PromotePlan {
        steps: vec![PlannedStep {
            what: "update alert “Queue depth pricing”".into(),
            old: json!({"name": "Queue depth pricing", "minutes": 10, "target": "target:B1"}),
            new: json!({"name": "Queue depth pricing", "minutes": 5, "target": "target:B1"}),
        }],
        remapped: vec!["alert “Queue depth pricing” /target: A1 → B1".into()],
        ..PromotePlan::default()
    };
    update(
        &mut state,
        Msg::Worker(Event::PromotePlanned {
            id,
            result: Ok(plan),
        }),
    );
    insta::assert_snapshot!(render(&state));
}
