//! Lists in use (issue #17): `G` typed before the rows came, the age in the title ticking while
//! a slow refresh runs, an alert's states with the one that matters first.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::Msg;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::DemoOptions;

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

async fn slow(path: &str, ms: u64) -> Harness {
    let options = DemoOptions {
        faults: vec![format!("latency:ms={ms}:path={path}")],
        ..DemoOptions::default()
    };
    Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await
}

/// `G` before the first page: lost (the selection stayed on the first row).
#[tokio::test]
async fn g_typed_while_the_list_loads_goes_to_the_end_when_the_rows_come() {
    let mut h = slow("/api/v2/alert", 300).await;
    command_line(&mut h, "alerts");
    assert!(h.table().is_loading() && h.table().rows.is_empty());
    h.press('G');
    h.settle().await;
    let t = h.table();
    assert!(t.view.len() > 1);
    assert_eq!(t.selected, t.view.len() - 1, "G waited for the rows");
    assert!(!t.load_all, "one page: nothing more to load");
}

/// On a paged list, `G` loads everything and goes to the end, typed early or not.
#[tokio::test]
async fn g_typed_early_on_a_paged_list_loads_everything() {
    let mut h = slow("/api/v2/source", 200).await;
    command_line(&mut h, "sources");
    assert!(h.table().is_loading() && h.table().rows.is_empty());
    h.press('G');
    h.settle().await;
    let t = h.table();
    assert_eq!(t.rows.len(), DemoOptions::default().sources, "every page");
    assert!(t.next.is_none());
    assert_eq!(t.selected, t.view.len() - 1);
}

/// Moving by hand after an early `G` wins: the rows come and the selection stays put.
#[tokio::test]
async fn moving_after_an_early_g_cancels_it() {
    let mut h = slow("/api/v2/alert", 300).await;
    command_line(&mut h, "alerts");
    h.press('G');
    h.press('k');
    h.settle().await;
    assert_eq!(h.table().selected, 0);
}

/// "updated 0s ago" stayed for a minute (the title woke once a minute), and a refresh on a slow
/// server replaced it with "loading…". The age now counts by the second, through the refresh,
/// which the title names.
#[tokio::test]
async fn the_age_ticks_by_the_second_while_a_slow_refresh_runs() {
    let mut h = slow("/api/v2/alert", 2_500).await;
    h.state.refresh_every_ms = None;
    command_line(&mut h, "alerts");
    h.settle().await;
    let title = |h: &Harness| h.render().lines().nth(1).unwrap().to_string();
    assert!(title(&h).contains("updated 0s ago"), "{}", title(&h));
    let tick = h.state.next_tick_ms().unwrap();
    assert!(
        tick - h.state.now_ms <= 1_000,
        "the age wakes the app by the second"
    );

    h.press('r');
    assert!(h.table().is_loading());
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    h.send(Msg::Tick);
    let during = title(&h);
    assert!(during.contains("updated 1s ago"), "{during}");
    assert!(during.contains("refreshing"), "{during}");
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    h.send(Msg::Tick);
    let later = title(&h);
    assert!(later.contains("updated 2s ago"), "{later}");
    assert!(later.contains("waiting 2s for the server"), "{later}");
    h.settle().await;
    assert!(title(&h).contains("updated 0s ago"), "{}", title(&h));
    assert!(!title(&h).contains("refreshing"), "{}", title(&h));
}

const NOW: i64 = 1_800_000_000_000;

/// A logged-in state showing `items` of `kind`, loaded at `NOW`.
fn showing(
    kind: &'static wf_tui::api::Kind,
    items: &[serde_json::Value],
    size: (u16, u16),
) -> wf_tui::app::State {
    use wf_tui::app::{LoginState, State, update};
    use wf_tui::worker::{Command, Event, LoadedPage};
    let mut state = State::with_kind(kind, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(wf_tui::auth::TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        ..Default::default()
    }));
    let mut commands = update(&mut state, Msg::Key(common::key(KeyCode::Char('r'))));
    let Some(Command::FetchPage { id, .. }) = commands.pop() else {
        panic!("refresh asks for a page");
    };
    let rows = items.iter().map(|i| kind.row(i)).collect();
    let page = LoadedPage {
        rows,
        next: None,
        total_items: Some(items.len() as u64),
    };
    update(
        &mut state,
        Msg::Worker(Event::Page {
            id,
            request: wf_tui::api::paging::PageRequest::first(100),
            result: Ok(page),
        }),
    );
    state
}

/// STATUS showed `IN_MAINTENANC…` for an alert in maintenance that fires: the list of states
/// came as sent and was cut. The state that matters comes first, whole, in its colour.
#[test]
fn an_alerts_states_show_the_one_that_matters_first() {
    use serde_json::json;
    use wf_tui::api::catalog::ALERTS;
    let alert = |name: &str, status: serde_json::Value| {
        json!({"id": name, "name": name, "severity": "SEVERE", "status": status,
               "alertType": "CLASSIC"})
    };
    let items = [
        alert("maintained and firing", json!(["IN_MAINTENANCE", "FIRING"])),
        alert("snoozed and firing", json!(["SNOOZED", "FIRING"])),
        alert(
            "checking in maintenance",
            json!(["CHECKING", "IN_MAINTENANCE"]),
        ),
        alert(
            "three at once",
            json!(["IN_MAINTENANCE", "SNOOZED", "FIRING"]),
        ),
        alert("firing", json!(["FIRING"])),
    ];
    let state = showing(&ALERTS, &items, (90, 10));
    let screen = common::render(&state);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("FIRING +MAINT"), "{screen}");
    assert!(screen.contains("FIRING +SNOOZE"), "{screen}");
    assert!(!screen.contains("IN_MAINTENANC…"), "{screen}");
    // Coloured by the state first in line: a firing alert is red, maintenance or not.
    let (w, h) = state.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            wf_tui::ui::draw(f, &state);
        })
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let lines: Vec<&str> = screen.lines().collect();
    let y = lines
        .iter()
        .position(|l| l.contains("maintained and firing"))
        .unwrap();
    let x = lines[y].find("FIRING +MAINT").unwrap();
    let x = lines[y][..x].chars().count() as u16;
    let plain_y = lines.iter().position(|l| l.starts_with("firing")).unwrap();
    let plain_x = lines[plain_y][..lines[plain_y].find("FIRING").unwrap()]
        .chars()
        .count() as u16;
    assert_eq!(
        buffer[(x, y as u16)].fg,
        buffer[(plain_x, plain_y as u16)].fg,
        "the colour of FIRING"
    );
}

/// A server search of user accounts answers groups by id (the spec's CustomerFacingUserObject),
/// where the list names them: the GROUPS column showed ids after a search.
#[tokio::test]
async fn user_accounts_found_by_the_server_show_group_names() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "useraccount");
    h.settle().await;
    let groups = h
        .table()
        .kind
        .columns
        .iter()
        .position(|c| c.title == "GROUPS")
        .unwrap();
    let listed = h.table().rows.row(0).unwrap().clone();
    h.press('/');
    h.type_text(listed.id.as_deref().unwrap());
    h.key(KeyCode::Enter);
    // y: yes to searching the server (enter would open the row the filter shows).
    h.press('y');
    h.settle().await;
    let t = h.table();
    assert!(t.search.is_some(), "a server search");
    let found = t.rows.to_rows().find(|r| r.id == listed.id).expect("found");
    assert_eq!(
        found.cells[groups], listed.cells[groups],
        "names, as listed"
    );
}

/// EVERY read `processRateMinutes`, which many instances leave out (and which is not how often
/// the query runs): the column was blank. It reads `minutes`, which every one has.
#[tokio::test]
async fn every_derived_metric_says_how_often_it_runs() {
    use wf_tui::api::catalog::Cell;
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    let mut minutes = std::collections::HashMap::new();
    h.server.state().edit_items("derivedmetric", |items| {
        for item in items.iter_mut() {
            // As many instances answer: the optional field absent.
            item.as_object_mut().unwrap().remove("processRateMinutes");
            minutes.insert(
                item["id"].as_str().unwrap().to_string(),
                item["minutes"].as_i64().unwrap(),
            );
        }
    });
    command_line(&mut h, "derivedmetrics");
    h.settle().await;
    let t = h.table();
    let every = t
        .kind
        .columns
        .iter()
        .position(|c| c.title == "EVERY")
        .unwrap();
    assert_eq!(t.rows.len(), minutes.len());
    for row in t.rows.to_rows() {
        let want = minutes[row.id.as_deref().unwrap()];
        assert_eq!(row.cells[every], Cell::Int(want), "{:?}", row.id);
    }
    let screen = h.render();
    let line = screen
        .lines()
        .find(|l| l.starts_with("checkout error ratio"))
        .unwrap();
    assert!(line.contains(" 10 "), "{line}");
}

/// `G` over a paged list grows the view by each page's rows instead of rebuilding it (#23):
/// without a filter or sort the rows show in list order, the end selected; with a sort or a
/// filter set before, every page's rows land where a view computed from scratch puts them.
#[tokio::test]
async fn pages_after_g_land_where_a_whole_recompute_puts_them() {
    use wf_tui::app::table::filter::Query;
    use wf_tui::app::table::rowview::{Sort, compute, order_by};
    for setup in ["", "s", "/web-0\n"] {
        let options = DemoOptions {
            sources: 2_600,
            ..DemoOptions::default()
        };
        let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
        command_line(&mut h, "sources");
        h.settle().await;
        for c in setup.chars() {
            match c {
                '\n' => h.key(KeyCode::Enter),
                c => h.press(c),
            }
        }
        h.settle().await;
        h.press('G');
        h.settle().await;
        let t = h.table();
        assert_eq!(t.rows.len(), 2_600, "{setup:?}: every page");
        let query = match &t.filter {
            Some(f) => Query::parse(f.input.value(), f.mode).unwrap(),
            None => Query::All,
        };
        let sort: Option<Sort> = t.sort;
        let mut whole = compute(&t.rows, &query, sort, None);
        if sort.is_none() {
            order_by(&t.rows, &mut whole, t.kind.order);
        }
        assert_eq!(t.view, whole, "{setup:?}");
        match setup {
            "" => assert_eq!(t.view, (0..2_600).collect::<Vec<u32>>()),
            "s" => assert!(sort.is_some()),
            _ => assert!(t.view.len() > 1 && t.view.len() < 2_600, "{}", t.view.len()),
        }
        assert_eq!(t.selected, t.view.len() - 1, "{setup:?}: G ends at the end");
    }
}
