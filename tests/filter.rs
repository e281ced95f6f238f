//! The table filter end to end through `update` and `draw`: fzf's syntax with nucleo's
//! scoring, the regex mode and its errors, and `*` marking what the filter shows.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use wf_tui::api::PageRequest;
use wf_tui::api::catalog::SOURCES;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::TokenStatus;
use wf_tui::worker::{Command, Event, LoadedPage};

const NOW: i64 = 1_800_000_000_000;

/// A logged-in sources table holding host-00000 … host-01999, every page loaded.
fn hosts() -> State {
    table_of((0..2000).map(|i| format!("host-{i:05}")).collect())
}

/// A logged-in sources table of `names`, every page loaded.
fn table_of(names: Vec<String>) -> State {
    let mut state = State::with_kind(&SOURCES, "test", (120, 30), NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "test".into(),
        instance: "acme.wavefront.com".into(),
        ..TokenStatus::default()
    }));
    let Some(Command::FetchPage { id, .. }) = update(&mut state, key('r')).pop() else {
        panic!("r fetches the first page");
    };
    let total = names.len() as u64;
    let rows = names
        .into_iter()
        .map(|name| {
            SOURCES.row(&json!({"id": name, "sourceName": name, "tags": {"env.prod": true}}))
        })
        .collect();
    let page = LoadedPage {
        rows,
        next: None,
        total_items: Some(total),
    };
    update(
        &mut state,
        Msg::Worker(Event::Page {
            id,
            request: PageRequest::first(100),
            result: Ok(page),
        }),
    );
    state
}

fn key(c: char) -> Msg {
    Msg::Key(common::key(KeyCode::Char(c)))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn special(code: KeyCode) -> Msg {
    Msg::Key(common::key(code))
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(c));
    }
}

fn shown(state: &State) -> Vec<String> {
    let View::Table(t) = state.view() else {
        panic!("a table")
    };
    t.view
        .iter()
        .map(|&i| {
            t.rows
                .row(i as usize)
                .unwrap()
                .id
                .as_deref()
                .map(String::from)
                .unwrap()
        })
        .collect()
}

fn footer(state: &State) -> String {
    let screen = common::render(state);
    let last = screen.lines().rev().find(|l| !l.trim().is_empty());
    last.unwrap_or_default().to_string()
}

fn flash(state: &State) -> String {
    state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// The issue's example: `/host-0002` showed 29 rows (host-00012, host-01002 … as scattered
/// subsequences) and `*` then tagged all 29. Now the ten hosts that hold it show, `*` marks
/// those ten and says so, and the action's menu names them.
#[test]
fn host_0002_shows_and_marks_only_the_hosts_that_hold_it() {
    let mut state = hosts();
    update(&mut state, key('/'));
    type_text(&mut state, "host-0002");
    let wanted: Vec<String> = (20..30).map(|i| format!("host-{i:05}")).collect();
    assert_eq!(shown(&state), wanted);
    update(&mut state, special(KeyCode::Enter));
    update(&mut state, key('*'));
    let marked = state.marks.ids.len();
    assert_eq!(marked, 10);
    assert!(!state.marks.ids.contains("host-00012"));
    let text = flash(&state);
    assert!(
        text.starts_with(
            "marked 10 sources shown by the filter: host-00020, host-00021, host-00022 and 7 more"
        ),
        "{text}"
    );
    update(&mut state, key('x'));
    let screen = common::render(&state);
    assert!(screen.contains("on 10 sources: host-00020"), "{screen}");
}

/// The server's search looks for the text as written: it is offered for plain words only.
#[test]
fn the_servers_search_is_offered_for_plain_words_only() {
    let offered = |text: &str| {
        let mut state = hosts();
        update(&mut state, key('/'));
        type_text(&mut state, text);
        update(&mut state, special(KeyCode::Enter));
        let View::Table(t) = state.view() else {
            panic!()
        };
        t.offer_search
    };
    assert!(offered("host-0002"));
    assert!(!offered("^host-0002"));
    assert!(!offered("host !prod"));
}

/// Marks made before a filter stay: `*` says how many of them it does not show.
#[test]
fn mark_all_says_how_many_marked_rows_the_filter_hides() {
    let mut state = hosts();
    update(&mut state, key(' '));
    update(&mut state, key('/'));
    type_text(&mut state, "^host-0003");
    update(&mut state, special(KeyCode::Enter));
    update(&mut state, key('*'));
    let text = flash(&state);
    assert!(
        text.ends_with("(and 1 marked before, not shown: 11 in all)"),
        "{text}"
    );
}

#[test]
fn fzf_operators_narrow_as_fzf_does() {
    let mut state = hosts();
    update(&mut state, key('/'));
    type_text(&mut state, "^host-0001 !host-00015 9$");
    assert_eq!(shown(&state), vec!["host-00019".to_string()]);
    // Letters alone stay fuzzy, the best match first.
    update(&mut state, ctrl('u'));
    type_text(&mut state, "hst");
    assert_eq!(shown(&state).len(), 2000);
    assert_eq!(shown(&state)[0], "host-00000", "ties keep the list order");
}

/// ctrl-r reads the line as a regex; the footer and the title say which mode applies, while
/// typing and once applied.
#[test]
fn ctrl_r_toggles_a_regex_said_in_the_footer() {
    let mut state = hosts();
    update(&mut state, key('/'));
    assert!(
        footer(&state).contains("ctrl-r mode: fzf"),
        "{}",
        footer(&state)
    );
    update(&mut state, ctrl('r'));
    type_text(&mut state, r"^host-0002[0-4]$|01999");
    assert!(
        footer(&state).contains("ctrl-r mode: regex"),
        "{}",
        footer(&state)
    );
    assert_eq!(
        shown(&state),
        [
            "host-00020",
            "host-00021",
            "host-00022",
            "host-00023",
            "host-00024",
            "host-01999"
        ]
    );
    update(&mut state, special(KeyCode::Enter));
    // Applied: no offer of the server's search (it takes words, not a regex).
    let View::Table(t) = state.view() else {
        panic!()
    };
    assert!(!t.offer_search);
    state.flash = None;
    let screen = common::render(&state);
    assert!(footer(&state).contains("/ filter (regex)"), "{screen}");
    assert!(
        screen.contains("/^host-0002[0-4]$|01999  regex"),
        "{screen}"
    );
    // Back to fzf: the same text is words now, and nothing matches them all.
    update(&mut state, key('/'));
    update(&mut state, ctrl('r'));
    assert!(shown(&state).is_empty());
}

/// An invalid regex is a message, not a crash, and shows no row.
#[test]
fn an_invalid_regex_says_why_and_shows_nothing() {
    let mut state = hosts();
    update(&mut state, key('/'));
    update(&mut state, ctrl('r'));
    type_text(&mut state, "host-(0");
    assert!(shown(&state).is_empty());
    let screen = common::render(&state);
    assert!(screen.contains("invalid regex: unclosed group"), "{screen}");
    // Enter cannot apply it: the line stays open, says why, and how to get out.
    update(&mut state, special(KeyCode::Enter));
    assert_eq!(
        flash(&state),
        "invalid regex: unclosed group: fix it, ctrl-r reads it as fzf syntax, esc clears"
    );
    let View::Table(t) = state.view() else {
        panic!()
    };
    assert!(t.filter.as_ref().unwrap().editing);
    assert!(state.memory.filter_history.is_empty(), "not remembered");
    // Fixed, it filters again.
    type_text(&mut state, "1)");
    assert_eq!(shown(&state).len(), 1000, "host-01…");
}

/// A filter with no local match pages through nothing by itself, typed or applied, a regex
/// or an invalid one: it says so and asks (the server's search, or `G`), and loads only on
/// that answer.
#[tokio::test]
async fn a_filter_with_no_local_match_asks_before_loading_more() {
    use wf_tui::auth::LoginMethod;
    let options = wf_tui::demo::DemoOptions {
        sources: 20_000,
        ..wf_tui::demo::DemoOptions::default()
    };
    let mut h = common::Harness::start_with(options, LoginMethod::ApiToken, (100, 30)).await;
    h.press(':');
    h.type_text("sources");
    h.key(KeyCode::Enter);
    h.settle().await;
    let pages = |h: &common::Harness| {
        let requests = h.server.state().requests();
        requests
            .iter()
            .filter(|r| r.path.starts_with("/api/v2/source"))
            .count()
    };
    let before = pages(&h);
    assert_eq!(h.table().rows.len(), 100, "one page");
    h.press('/');
    h.type_text("no-such-host");
    h.settle().await;
    assert!(h.table().view.is_empty());
    assert!(h.render().contains("no row matches the filter"));
    h.key(KeyCode::Enter);
    let text = h.state.flash.as_ref().unwrap().text.clone();
    assert!(
        text.contains("searches the server for 'no-such-host', G loads everything"),
        "{text}"
    );
    // Any other key keeps the local filter; still nothing loads.
    h.press('j');
    h.settle().await;
    // A regex matching nothing, then an invalid one: no offer of the server's search, and
    // nothing loads either.
    h.press('/');
    h.state.flash = None;
    update(&mut h.state, ctrl('r'));
    h.settle().await;
    h.press('(');
    h.settle().await;
    h.key(KeyCode::Enter);
    h.settle().await;
    // The invalid one stays in the line; without the `(` it applies (and matches nothing).
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(h.table().view.is_empty());
    assert_eq!(
        pages(&h),
        before,
        "no page was fetched while the filter applies"
    );
    assert_eq!(h.table().rows.len(), 100);
    // Asked for, everything loads.
    h.press('G');
    assert!(h.table().load_all);
    h.key(KeyCode::Esc);
    h.settle().await;
}

/// Over more rows than a keystroke scores, the filter runs in slices on the app's timer: the
/// rows shown stay until it ends, the footer says it is filtering, and a key typed meanwhile
/// is not lost (the next run takes it, from what the first had matched and not yet seen).
#[test]
fn a_filter_over_many_rows_runs_between_keys_and_loses_none() {
    use wf_tui::app::table::filter::run::SLICE;
    let n = SLICE + SLICE / 2;
    let name = |i: usize| {
        let role = if i % 3 == 0 { "db" } else { "web" };
        format!("{role}-{i:06}")
    };
    let mut state = table_of((0..n).map(name).collect());
    update(&mut state, key('/'));
    type_text(&mut state, "d");
    let table = |state: &State| match state.view() {
        View::Table(t) => t.filter_run.is_some(),
        _ => panic!("a table"),
    };
    assert!(table(&state), "a run in flight");
    assert_eq!(shown(&state).len(), n, "the rows from before stay");
    assert_eq!(state.next_tick_ms(), Some(NOW), "the timer goes on at once");
    assert!(
        footer(&state).contains("filtering… 0%"),
        "{}",
        footer(&state)
    );
    update(&mut state, Msg::Tick);
    assert!(table(&state), "one slice of two");
    assert!(
        footer(&state).contains("filtering… 66%"),
        "{}",
        footer(&state)
    );
    // Typed before the run ends: applied to the next.
    type_text(&mut state, "b-0000");
    let mut ticks = 0;
    while table(&state) {
        update(&mut state, Msg::Tick);
        ticks += 1;
        assert!(ticks < 10, "a run that does not end");
    }
    let wanted: Vec<String> = (0..100).filter(|i| i % 3 == 0).map(name).collect();
    assert_eq!(shown(&state), wanted);
    assert!(!footer(&state).contains("filtering"), "{}", footer(&state));
    assert_ne!(state.next_tick_ms(), Some(NOW), "nothing left to run");
}
