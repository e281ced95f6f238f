//! Browsing every collection against the stand-in: switching kinds, paging, filtering, sorting,
//! server search, loading everything, auto-refresh, and hostile names.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::json;
use wf_tui::api::catalog::{Cell, KINDS};
use wf_tui::app::{Msg, View};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::DemoOptions;
use wf_tui::worker::Command;

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.to_string(),
        Cell::Int(n) => n.to_string(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn every_kind_lists_and_opens() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    for kind in KINDS {
        // `:account` is wf-tui's own accounts pane; Wavefront's accounts answer to `:iam`.
        let name = if kind.name == "account" {
            "iam"
        } else {
            kind.name
        };
        command_line(&mut h, name);
        h.settle().await;
        let t = h.table();
        assert_eq!(t.kind.name, kind.name, ":{name}");
        assert!(t.error().is_none(), "{}: {:?}", kind.name, t.error());
        assert!(!t.rows.is_empty(), "{} lists nothing", kind.name);
        let screen = h.render();
        assert!(screen.contains(kind.title), "{}: {screen}", kind.name);
        h.press('i');
        h.settle().await;
        let View::Detail(d) = h.state.view() else {
            panic!("{}: i opens the detail", kind.name);
        };
        assert!(d.error().is_none(), "{}: {:?}", kind.name, d.error());
        assert!(
            d.doc().is_some_and(|doc| doc.len() > 2),
            "{}: detail has content",
            kind.name
        );
        h.key(KeyCode::Esc);
        assert!(matches!(h.state.view(), View::Table(_)));
    }
}

#[tokio::test]
async fn aliases_reach_their_kinds() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    for (alias, kind) in [
        ("alerts", "alert"),
        ("sources", "source"),
        ("integrations", "cloudintegration"),
        ("mw", "maintenancewindow"),
    ] {
        command_line(&mut h, alias);
        h.settle().await;
        assert_eq!(h.table().kind.name, kind);
    }
    command_line(&mut h, "nonsense");
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("unknown command: nonsense")
    );
    assert_eq!(h.table().kind.name, "maintenancewindow", "nothing changed");
}

#[tokio::test]
async fn the_filter_narrows_as_you_type_and_esc_clears() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "alerts");
    h.settle().await;
    h.press('/');
    h.type_text("cpu");
    let t = h.table();
    assert!(!t.view.is_empty() && t.view.len() < 60, "{}", t.view.len());
    // The best matches (the text as typed) come first.
    let first = t
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap();
    assert!(
        first
            .cells
            .iter()
            .any(|c| text(c).to_lowercase().contains("cpu"))
    );
    assert!(h.render().contains("/cpu"));
    h.key(KeyCode::Enter);
    assert!(!h.table().filter.as_ref().unwrap().editing);
    // Keys act on the table again: j moves.
    h.press('j');
    assert_eq!(h.table().selected, 1);
    h.key(KeyCode::Esc);
    assert!(h.table().filter.is_none());
    assert_eq!(h.table().view.len(), 60);
}

#[tokio::test]
async fn sort_cycles_columns_and_directions() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    let names = |h: &Harness| -> Vec<String> {
        let t = h.table();
        t.view
            .iter()
            .map(|&i| text(&t.rows.row(i as usize).unwrap().cells[0]).to_lowercase())
            .collect()
    };
    h.press('s');
    let asc = names(&h);
    let mut sorted = asc.clone();
    sorted.sort();
    assert_eq!(asc, sorted);
    assert!(h.render().contains("by NAME↑"));
    h.press('s');
    let desc = names(&h);
    sorted.reverse();
    assert_eq!(desc, sorted);
    // Cycling through every column and direction comes back to server order.
    let columns = h.table().kind.columns.len();
    for _ in 0..(columns * 2 - 1) {
        h.press('s');
    }
    assert!(h.table().sort.is_none());
    h.press('S');
    assert!(
        h.table().sort.is_some_and(|s| !s.ascending),
        "S goes backwards"
    );
}

#[tokio::test]
async fn a_filter_over_a_partial_list_offers_the_servers_search() {
    let options = DemoOptions {
        sources: 3000,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    command_line(&mut h, "sources");
    h.settle().await;
    assert_eq!(h.table().rows.len(), 100, "one page");
    h.press('/');
    h.type_text("002");
    h.key(KeyCode::Enter);
    assert!(h.table().offer_search);
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("y searches the server for '002'")
    );
    h.press('y');
    assert_eq!(h.table().search.as_deref(), Some("002"));
    h.settle().await;
    // Keep loading the search's pages.
    for _ in 0..200 {
        if h.table().next.is_none() || h.table().error().is_some() {
            break;
        }
        h.key(KeyCode::PageDown);
        h.settle().await;
    }
    let t = h.table();
    assert!(t.error().is_none(), "{:?}", t.error());
    let ids: Vec<String> = t
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect();
    assert!(ids.len() > 100, "{}", ids.len());
    assert!(
        ids.iter().all(|id| id.contains("002")),
        "server results match"
    );
    assert!(h.render().contains("server search '002'"));
    // esc goes back to the plain list.
    h.key(KeyCode::Esc);
    h.settle().await;
    assert!(h.table().search.is_none());
    assert_eq!(h.table().rows.len(), 100);
}

/// The offer to search the server is a confirmation: its yes is the keymap's (it was enter or
/// `y` hard-coded, whatever the settings bound).
#[tokio::test]
async fn the_search_offer_takes_the_keymaps_yes() {
    let options = DemoOptions {
        sources: 3000,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    let entry = wf_tui::config::settings::KeyEntry {
        scope: "confirm".into(),
        action: "confirm".into(),
        keys: vec!["o".into()],
        line: 1,
    };
    let problems = wf_tui::app::settings::apply_keys(&mut h.state.keymap, &[entry]);
    assert!(problems.is_empty(), "{problems:?}");
    command_line(&mut h, "sources");
    h.settle().await;
    h.press('/');
    h.type_text("002");
    h.key(KeyCode::Enter);
    let flash = h.state.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("o searches the server for '002'"), "{flash}");
    // enter is no longer yes: no search; it does what it does in a list (opens the row).
    h.key(KeyCode::Enter);
    assert!(matches!(h.state.view(), View::Detail(_)));
    h.key(KeyCode::Esc);
    assert!(h.table().search.is_none());
    // Offered again, the bound key searches.
    h.press('/');
    h.key(KeyCode::Enter);
    assert!(h.table().offer_search);
    h.press('o');
    assert_eq!(h.table().search.as_deref(), Some("002"));
}

/// A filter that matches few rows used to count as "near the end" and page through the whole
/// collection by itself (199 requests for 20,000 sources). Now nothing loads until asked.
#[tokio::test]
async fn a_filter_with_few_matches_loads_no_page_by_itself() {
    let options = DemoOptions {
        sources: 20_000,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    command_line(&mut h, "sources");
    h.settle().await;
    let pages = |h: &Harness| {
        h.server
            .state()
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/api/v2/source"))
            .count()
    };
    let before = pages(&h);
    h.press('/');
    h.type_text("host-0002");
    h.settle().await;
    h.key(KeyCode::Enter);
    assert!(h.table().offer_search, "the server's search is offered");
    let flash = h.state.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("G loads everything"), "{flash}");
    h.settle().await;
    // Moving to the end of the few matches asks for nothing either.
    h.press('j');
    h.press('j');
    h.settle().await;
    assert_eq!(
        pages(&h),
        before,
        "no page was fetched while the filter applies"
    );
    assert_eq!(h.table().rows.len(), 100);
    assert!(h.render().contains("G loads all"), "{}", h.render());
    // G asks for everything explicitly.
    h.press('G');
    assert!(h.table().load_all);
    h.key(KeyCode::Esc);
    h.settle().await;
}

/// Once every row is loaded the server's search is still offered: it matches every field.
#[tokio::test]
async fn a_filter_over_a_whole_list_still_offers_the_servers_search() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "alerts");
    h.settle().await;
    assert!(h.table().next.is_none(), "the demo's alerts fit one page");
    h.press('/');
    h.type_text("cpu");
    h.key(KeyCode::Enter);
    assert!(h.table().offer_search);
    h.press('y');
    assert_eq!(h.table().search.as_deref(), Some("cpu"));
    h.settle().await;
    assert!(h.table().error().is_none(), "{:?}", h.table().error());
}

/// `/cpu` enter enter opens the alert: with rows shown, enter is the list's (the second enter
/// answered the server-search offer before, so opening took a third); `y` takes the offer.
#[tokio::test]
async fn enter_after_a_filter_opens_the_row_and_y_takes_the_offer() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "alerts");
    h.settle().await;
    h.press('/');
    h.type_text("cpu");
    h.key(KeyCode::Enter);
    assert!(h.table().offer_search);
    let flash = h.state.flash.as_ref().unwrap().text.clone();
    assert!(
        flash.contains("y searches the server for 'cpu'") && flash.contains("enter opens the row"),
        "{flash}"
    );
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(
        !matches!(h.state.view(), View::Table(_)),
        "the row opened: {}",
        h.render()
    );
    assert!(h.state.stack.len() >= 2);
}

/// With nothing shown there is nothing to open: enter takes the offer.
#[tokio::test]
async fn enter_takes_the_offer_when_the_filter_shows_nothing() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "alerts");
    h.settle().await;
    h.press('/');
    h.type_text("no-such-alert-zzz");
    h.key(KeyCode::Enter);
    assert!(h.table().offer_search);
    let flash = h.state.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("enter searches the server"), "{flash}");
    h.key(KeyCode::Enter);
    assert_eq!(h.table().search.as_deref(), Some("no-such-alert-zzz"));
}

#[tokio::test]
async fn capital_g_loads_everything_once_and_esc_stops_it() {
    let options = DemoOptions {
        sources: 4321,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    command_line(&mut h, "sources");
    h.settle().await;
    h.press('G');
    assert!(h.table().load_all);
    h.settle().await;
    let t = h.table();
    assert_eq!(t.rows.len(), 4321);
    let mut ids: Vec<&str> = t.rows.iter().map(|r| r.id().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4321, "each source once");
    assert_eq!(t.selected, 4320, "the selection followed to the end");
    assert!(!t.load_all);
    // Again, but stop at once.
    command_line(&mut h, "sources");
    h.settle().await;
    h.press('G');
    h.key(KeyCode::Esc);
    assert!(!h.table().load_all);
    assert!(!h.table().is_loading(), "the page in flight was cancelled");
    h.settle().await;
    assert!(h.table().rows.len() < 4321);
}

#[tokio::test]
async fn refresh_keeps_selection_and_scroll_over_several_pages() {
    let options = DemoOptions {
        sources: 2500,
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    command_line(&mut h, "sources");
    h.settle().await;
    for _ in 0..12 {
        h.key(KeyCode::PageDown);
        h.settle().await;
    }
    let (loaded, selected, offset) = {
        let t = h.table();
        (
            t.rows.len(),
            t.selected_row()
                .map(wf_tui::api::catalog::RowRef::to_row)
                .unwrap()
                .id
                .as_deref()
                .map(String::from),
            t.offset,
        )
    };
    assert!(loaded > 300);
    h.press('r');
    h.settle().await;
    let t = h.table();
    assert!(t.rows.len() >= loaded, "the reload covers what was shown");
    assert_eq!(
        t.selected_row()
            .map(wf_tui::api::catalog::RowRef::to_row)
            .unwrap()
            .id
            .as_deref(),
        selected.as_deref()
    );
    assert_eq!(t.offset, offset);
}

#[tokio::test]
async fn lists_refresh_by_themselves_unless_paused() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    let due = h.state.auto_refresh_at().expect("a refresh is planned");
    h.state.now_ms = due + 1;
    let commands = wf_tui::app::update(&mut h.state, Msg::Tick);
    assert!(
        matches!(commands.last(), Some(Command::FetchPage { .. })),
        "{commands:?}"
    );
    h.state.stack[0] = View::Table(Box::new(wf_tui::app::table::TableView::new(
        &wf_tui::api::catalog::CLOUD_INTEGRATIONS,
    )));
    h.press('r');
    h.settle().await;
    h.press('p');
    assert!(h.state.auto_refresh_at().is_none());
    assert!(h.render().contains("auto-refresh paused"));
    h.press('p');
    assert!(h.state.auto_refresh_at().is_some());
}

#[tokio::test]
async fn hostile_names_never_reach_the_terminal_raw() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    let hostile = [
        "title\x1b]2;pwned\x07 change",
        "clear\x1b[2J\x1b[H screen",
        "bidi \u{202e}txt.exe\u{202c} override",
        "zero\u{200b}width\u{feff}",
        "日本リージョン CPU ワイド",
    ];
    let long = "x".repeat(10_000);
    h.server.state().edit_items("alert", |items| {
        for (i, name) in hostile.iter().chain(std::iter::once(&long.as_str())).enumerate() {
            items.insert(0, json!({"id": format!("h{i}"), "name": name, "severity": "WARN", "status": ["FIRING"],
                "tags": {"customerTags": [name]}}));
        }
    });
    command_line(&mut h, "alerts");
    h.settle().await;
    let screen = h.render();
    for bad in ['\x1b', '\x07', '\u{202e}', '\u{200b}', '\u{feff}'] {
        assert!(!screen.contains(bad), "{bad:?} reached the screen");
    }
    assert!(screen.contains("title␛]2;pwned␇ change"), "{screen}");
    // Wide characters keep the columns aligned: SEVERITY starts in the same cell on every row
    // (the screen text has one char per cell, a wide character's second cell included).
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("WARN")).collect();
    let column = |l: &str| l[..l.find("WARN").unwrap()].chars().count();
    let first = column(rows[0]);
    assert!(rows.iter().all(|l| column(l) == first), "{rows:#?}");
    // The detail view of a hostile item is safe too.
    h.key(KeyCode::Enter);
    h.settle().await;
    let detail = h.render();
    assert!(!detail.contains('\x1b'), "{detail}");
}

/// Accounts hold role and group ids (the spec's Account model); the table shows the names the
/// role and group lists give them.
#[tokio::test]
async fn accounts_show_role_and_group_names() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    command_line(&mut h, "iam");
    h.settle().await;
    let t = h.table();
    assert_eq!(t.kind.name, "account");
    let at = |title: &str| {
        t.kind
            .columns
            .iter()
            .position(|c| c.title == title)
            .unwrap()
    };
    let row = t
        .rows
        .to_rows()
        .find(|r| r.id.as_deref() == Some("nina.kowalski@acme.com"))
        .expect("the fixture's account");
    let groups = text(&row.cells[at("GROUPS")]);
    let roles = text(&row.cells[at("ROLES")]);
    assert_eq!(groups, "Everyone,SRE,Security");
    assert_eq!(roles, "Log Viewers,SRE On-Call");
    // No cell of the column is an id any more: every id in the fixture has a name.
    for r in t.rows.to_rows() {
        let g = text(&r.cells[at("GROUPS")]);
        assert!(g.split(',').all(|n| n.len() != 36), "{g}");
    }
}

/// A server that is slow to answer showed "loading…" unchanged for the whole timeout; after the
/// first slow second the title counts the wait, and the screen ticks by the second meanwhile.
#[tokio::test]
async fn a_slow_page_says_how_long_it_has_waited() {
    let options = DemoOptions {
        faults: vec!["latency:ms=2500:path=/api/v2/alert".into()],
        ..DemoOptions::default()
    };
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    command_line(&mut h, "alerts");
    assert!(h.render().contains("loading…"));
    assert!(!h.render().contains("for the server"), "not slow yet");
    let tick = h.state.next_tick_ms().expect("a wait ticks");
    assert!(tick - h.state.now_ms <= 1_000, "by the second");
    tokio::time::sleep(std::time::Duration::from_millis(1_300)).await;
    h.send(Msg::Tick);
    let screen = h.render();
    assert!(screen.contains("waiting 1s for the server"), "{screen}");
    h.settle().await;
    assert!(
        !h.render().contains("for the server"),
        "the wait ended with the page"
    );
}

/// ctrl-c typed on the `:` line was taken as text; it quits, as everywhere else (issue #17).
#[tokio::test]
async fn ctrl_c_quits_from_the_command_line() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.press(':');
    h.type_text("ale");
    assert!(h.state.prompt.is_some());
    h.send(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('c'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    assert!(h.state.quit, "ctrl-c quits");
}

/// Draws the state as the runtime does and hands the frame's geometry back to `update`.
fn draw_frame(h: &mut Harness) -> String {
    let (w, hgt) = h.state.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, hgt)).unwrap();
    let mut drawn = None;
    terminal
        .draw(|f| drawn = Some(wf_tui::ui::draw(f, &h.state)))
        .unwrap();
    h.send(Msg::Drawn(drawn.unwrap()));
    common::buffer_text(terminal.backend().buffer())
}

fn click(h: &mut Harness, row: u16) {
    h.send(Msg::Mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 3,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    }));
}

/// The row drawn on screen line `y`: its first cell, as the table shows it.
fn name_on_line(screen: &str, y: usize) -> String {
    let line = screen.lines().nth(y).unwrap_or_default();
    line.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Regression: a click found its row from a prediction of the draw (`offset` + line below a
/// fixed header), so once the list had scrolled since the frame on screen was drawn (keys and
/// a click in one batch), the click selected a row the screen did not show there.
#[tokio::test]
async fn a_click_lands_on_the_row_drawn_under_it() {
    let options = DemoOptions {
        sources: 60,
        ..DemoOptions::default()
    };
    // A short, narrow terminal: few rows, cut columns.
    let mut h = Harness::start_with(options, LoginMethod::ApiToken, (40, 10)).await;
    command_line(&mut h, "sources");
    h.settle().await;
    h.state.mouse = true;
    let screen = draw_frame(&mut h);
    // The frame on screen shows rows 0..6 on lines 3..9; then the selection scrolls the list
    // before the next frame is drawn.
    for _ in 0..12 {
        h.key(KeyCode::Down);
    }
    assert!(h.table().offset > 0, "the list scrolled");
    click(&mut h, 5);
    let t = h.table();
    assert_eq!(t.selected, 2, "the third row on screen");
    let name = text(
        &t.selected_row()
            .map(wf_tui::api::catalog::RowRef::to_row)
            .unwrap()
            .cells[0],
    );
    assert!(
        name.starts_with(name_on_line(&screen, 5).trim_end_matches('…')),
        "{name} is not what line 5 shows:\n{screen}"
    );

    // Once drawn again, a click reads the new frame.
    let screen = draw_frame(&mut h);
    let offset = h.table().offset;
    click(&mut h, 4);
    assert_eq!(h.table().selected, offset + 1);
    let name = text(
        &h.table()
            .selected_row()
            .map(wf_tui::api::catalog::RowRef::to_row)
            .unwrap()
            .cells[0],
    );
    assert!(
        name.starts_with(name_on_line(&screen, 4).trim_end_matches('…')),
        "{name} is not what line 4 shows:\n{screen}"
    );
    // Below the last row and on the title: nothing.
    click(&mut h, 9);
    click(&mut h, 1);
    assert_eq!(h.table().selected, offset + 1);
}
