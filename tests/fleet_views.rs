//! The merged firing console (`:firing @all`) on ratatui's `TestBackend`, from fixed data and a
//! fixed clock: a snapshot of its rows with their ACCOUNT and its counts per account (one
//! account quiet, one whose login failed), and the account rule for `enter`/`x`/`c` and for
//! a snooze's answer, which must not touch another account's row of the same id.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::render;
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::alerting::Summary;
use wf_tui::api::catalog::{CLOUD_INTEGRATIONS, Cell, CellRef};
use wf_tui::app::views::firing::fleet;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::config::accounts::{AccountsFile, SavedAccount};
use wf_tui::worker::{Command, Event, FleetError, FleetRead, LoginError, account_row};

const NOW: i64 = 1_800_000_000_000;

fn token() -> TokenStatus {
    TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::CspApiToken),
        identity: Some("jane@acme.com".into()),
        expires_at_ms: Some(NOW + 27 * 60_000 + 5_000),
        ..TokenStatus::default()
    }
}

fn saved(name: &str) -> SavedAccount {
    SavedAccount {
        name: name.into(),
        address: format!("https://{name}.wavefront.com"),
        method: LoginMethod::ApiToken,
        csp_url: None,
        client_id: None,
        org_id: None,
        readonly: false,
    }
}

fn alert(id: &str, name: &str, severity: &str, started_min_ago: i64) -> Value {
    json!({
        "id": id, "name": name, "severity": severity, "status": ["FIRING"],
        "event": {"startTime": NOW - started_min_ago * 60_000},
        "failingHostLabelPairs": [{"host": "web-01"}],
        "target": "pd:oncall",
        "condition": "ts(cpu) > 90",
    })
}

fn summary(firing: i64) -> Summary {
    Summary::from_response(&json!({"FIRING": firing, "CHECKING": 12})).unwrap()
}

/// What each account answers: prod two alerts, staging one, eu none, ops a failed login.
fn answer_for(account: &str) -> Result<FleetRead, FleetError> {
    let alerts = match account {
        "prod" => vec![
            alert("1", "API latency p99", "WARN", 42),
            alert("2", "Checkout errors", "SEVERE", 7),
        ],
        // The same id as one of prod's: ids of two instances may be equal.
        "staging" => vec![alert("2", "Disk almost full", "SEVERE", 90)],
        "eu" => Vec::new(),
        _ => return Err(FleetError::Login(LoginError::NoStoredSecret)),
    };
    Ok(FleetRead {
        summary: Ok(summary(alerts.len() as i64)),
        firing: Ok(alerts.iter().map(|a| account_row(a, account)).collect()),
    })
}

/// Logged in to prod, `:firing @all` typed and every account answered.
fn merged(size: (u16, u16)) -> State {
    let mut state = State::with_kind(&CLOUD_INTEGRATIONS, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(token()));
    let mut file = AccountsFile::default();
    for name in ["prod", "staging", "eu", "ops"] {
        file.upsert(saved(name), None);
    }
    state.accounts = file;
    let mut commands = update(&mut state, Msg::Key(common::key(KeyCode::Char(':'))));
    for c in "firing @all".chars() {
        commands.extend(update(&mut state, Msg::Key(common::key(KeyCode::Char(c)))));
    }
    commands.extend(update(&mut state, Msg::Key(common::key(KeyCode::Enter))));
    let mut asked = Vec::new();
    for command in commands {
        if let Command::FleetRead { id, account, saved } = command {
            // The current account goes through the current session, the others their own.
            assert_eq!(saved.is_none(), account == "prod", "{account}");
            let result = answer_for(&account);
            asked.push(account.clone());
            update(
                &mut state,
                Msg::Worker(Event::Fleet {
                    id,
                    account,
                    result,
                }),
            );
        }
    }
    assert_eq!(asked, ["prod", "staging", "eu", "ops"]);
    state
}

fn table(state: &State) -> &wf_tui::app::table::TableView {
    match state.view() {
        View::Table(t) => t,
        other => panic!("expected a table, got {other:?}"),
    }
}

fn select(state: &mut State, account: &str, name: &str) {
    update(state, Msg::Key(common::key(KeyCode::Home)));
    loop {
        let row = table(state).selected_row().unwrap();
        let here =
            fleet::row_account(row) == Some(account) && row.cell(2) == Some(CellRef::Text(name));
        if here {
            return;
        }
        update(state, Msg::Key(common::key(KeyCode::Char('j'))));
    }
}

fn flash(state: &State) -> String {
    state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn merged_console_snapshot() {
    let state = merged((120, 14));
    let screen = render(&state);
    assert!(
        screen.contains("prod ●1 SEVERE 1 WARN")
            && screen.contains("eu ○ 0 firing")
            && screen.contains("ops: login failed ("),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn the_rows_are_sorted_across_accounts_by_severity_then_how_long_they_fire() {
    let state = merged((120, 14));
    let t = table(&state);
    let order: Vec<(String, String)> = t
        .view
        .iter()
        .map(|&i| {
            let row = &t.rows.row(i as usize).unwrap();
            let text = |c: Option<&Cell>| match c {
                Some(Cell::Text(s)) => s.to_string(),
                _ => String::new(),
            };
            (text(row.cells.first()), text(row.cells.get(2)))
        })
        .collect();
    let expected = [
        ("staging", "Disk almost full"),
        ("prod", "Checkout errors"),
        ("prod", "API latency p99"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, n)| (a.to_string(), n.to_string()))
        .collect();
    assert_eq!(order, expected);
}

#[test]
fn another_accounts_row_refuses_the_viewer_the_chart_and_actions() {
    let mut state = merged((120, 14));
    select(&mut state, "staging", "Disk almost full");
    let depth = state.stack.len();
    for key in [KeyCode::Enter, KeyCode::Char('c'), KeyCode::Char('x')] {
        let commands = update(&mut state, Msg::Key(common::key(key)));
        assert!(commands.is_empty(), "{key:?}: {commands:?}");
        assert_eq!(state.stack.len(), depth, "{key:?} opened nothing");
        assert!(state.flow.is_none());
        assert!(
            flash(&state).contains("this row is staging's"),
            "{}",
            flash(&state)
        );
    }
    // Marking prod's row of the same id as staging's: a mark does not say whose it is, so the
    // menu is refused rather than risk the wrong alert.
    select(&mut state, "prod", "Checkout errors");
    update(&mut state, Msg::Key(common::key(KeyCode::Char(' '))));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('x'))));
    assert!(
        state.flow.is_none(),
        "refused: staging has an alert of that id"
    );
    state.marks.ids.clear();
    // Prod's own row: the menu, as on the single console.
    select(&mut state, "prod", "API latency p99");
    update(&mut state, Msg::Key(common::key(KeyCode::Char('x'))));
    assert!(
        state.flow.is_some(),
        "the alert menu on the current account's row"
    );
}

#[test]
fn a_snoozes_answer_changes_the_current_accounts_row_only_and_keeps_its_account() {
    use wf_tui::worker::mutate::RowChange;
    let mut state = merged((120, 14));
    let mut snoozed = alert("2", "Checkout errors", "SEVERE", 7);
    snoozed["snoozed"] = json!(-1);
    // As the worker builds it from the answer: the ACCOUNT cell is not in the alert.
    let row = wf_tui::api::catalog::FLEET_FIRING.row(&snoozed);
    let View::Table(t) = state.stack.last_mut().unwrap() else {
        panic!()
    };
    t.apply_change(&RowChange::Updated(row), 10, Some("prod"));
    let of = |t: &wf_tui::app::table::TableView, account: &str| {
        t.rows
            .iter()
            .find(|r| fleet::row_account(*r) == Some(account) && r.id() == Some("2"))
            .unwrap()
            .to_row()
            .cells
    };
    let prod = of(t, "prod");
    assert_eq!(prod[0], Cell::Text("prod".into()), "the account stays");
    assert_ne!(prod[6], Cell::Empty, "snoozed now: {prod:?}");
    assert_eq!(
        of(t, "staging")[6],
        Cell::Empty,
        "staging's alert 2 untouched"
    );
}
