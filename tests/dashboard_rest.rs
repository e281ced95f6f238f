//! The dashboard player's last points (#20): the variables' pop-up picker, `${var}` in
//! markdown text, the event query rerun by a variable it uses (and run by `dashboard render`),
//! table panels scrolled with `J`/`K`, and the mouse on panels. Over HTTP to the stand-in
//! where it goes through it; the drawings on a `TestBackend` with fixed data.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wf_tui::api::chart::{ChartData, Series};
use wf_tui::api::chart_events::ChartEvent;
use wf_tui::api::dashboard::Selection;
use wf_tui::app::dashboard::DashboardPlayer;
use wf_tui::app::dashboard::picker::{self, Choice, Picker};
use wf_tui::app::dashboard::runs::{EVENT_QUERY_PANEL, SourceQuery};
use wf_tui::app::{Msg, View};
use wf_tui::auth::LoginMethod;
use wf_tui::cli::dashboard_render::{Answered, RenderArgs, render_frame};
use wf_tui::format::Times;
use wf_tui::theme::Theme;

fn player(h: &Harness) -> &DashboardPlayer {
    match h.state.view() {
        View::Dashboard(p) => p,
        other => panic!("expected the player, got {other:?}"),
    }
}

fn player_mut(h: &mut Harness) -> &mut DashboardPlayer {
    match h.state.view_mut() {
        View::Dashboard(p) => p,
        other => panic!("expected the player, got {other:?}"),
    }
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

async fn playing(id: &str, size: (u16, u16)) -> Harness {
    let mut h = Harness::start_with(Default::default(), LoginMethod::CspApiToken, size).await;
    command_line(&mut h, &format!("play {id}"));
    h.settle().await;
    h
}

fn running(p: &DashboardPlayer) -> Vec<usize> {
    p.inflight.iter().map(|(panel, _)| *panel).collect()
}

// --- The picker ---

#[tokio::test]
async fn o_opens_the_picker_typing_filters_space_marks_enter_applies_and_reruns() {
    let mut h = playing("demo-24-panels", (120, 40)).await;
    assert!(player(&h).inflight.is_empty());
    h.press('o');
    let p = player(&h);
    let picker = p.picker.as_ref().expect("o opens the picker");
    assert_eq!(picker.name, "env");
    assert!(picker.multi, "env is multivalue");
    let labels: Vec<&str> = picker.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Production", "Staging", "Dev"]);
    assert_eq!(picker.marked, [true, false, false], "the current value");
    // Keys are the picker's: `j` is typed, not a move; `q` does not quit.
    h.type_text("stag");
    let picker = player(&h).picker.as_ref().unwrap();
    assert_eq!(picker.shown(), [1]);
    h.press(' ');
    for _ in 0.."stag".len() {
        h.key(KeyCode::Backspace);
    }
    assert_eq!(player(&h).picker.as_ref().unwrap().shown().len(), 3);
    assert!(player(&h).inflight.is_empty(), "nothing runs before enter");
    let screen = h.render();
    assert!(screen.contains("[x] Production"), "{screen}");
    assert!(screen.contains("[x] Staging"), "{screen}");
    assert!(screen.contains("[ ] Dev"), "{screen}");
    h.key(KeyCode::Enter);
    let p = player(&h);
    assert!(p.picker.is_none());
    assert_eq!(
        p.bindings.get("env"),
        Some(&Selection::Values(vec!["prod".into(), "staging".into()]))
    );
    let using = p.panels_using("env");
    let ran = running(p);
    assert!(!ran.is_empty(), "the panels that use env run again");
    assert!(ran.iter().all(|r| using.contains(r)), "{ran:?} ⊄ {using:?}");
    h.settle().await;
    // The stand-in answers a series set per value: both environments are charted.
    let p = player(&h);
    let panel = &p.panels[using[0]];
    let envs: std::collections::BTreeSet<&str> = panel
        .series
        .iter()
        .flat_map(|s| s.tags.iter())
        .filter(|(k, _)| k == "env")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(envs.into_iter().collect::<Vec<_>>(), ["prod", "staging"]);
}

#[tokio::test]
async fn esc_cancels_the_picker_and_nothing_changes_or_runs() {
    let mut h = playing("demo-24-panels", (120, 40)).await;
    let before = player(&h).bindings.clone();
    h.press('o');
    h.key(KeyCode::Down);
    h.press(' ');
    h.key(KeyCode::Esc);
    let p = player(&h);
    assert!(p.picker.is_none());
    assert_eq!(p.bindings, before);
    assert!(p.inflight.is_empty());
    assert!(
        matches!(h.state.view(), View::Dashboard(_)),
        "esc closed the picker, not the player"
    );
}

#[tokio::test]
async fn a_dynamic_variables_picker_offers_what_its_query_found_and_all() {
    let mut h = playing("demo-player-tour", (200, 60)).await;
    // env (LIST), service (SIMPLE), host (DYNAMIC of sources, all allowed).
    h.press('v');
    h.press('o');
    assert!(player(&h).picker.is_none(), "a SIMPLE variable is typed");
    assert!(h.state.prompt.is_some(), "on the command line, as V");
    h.key(KeyCode::Esc);
    h.press('v');
    h.press('o');
    let p = player(&h);
    let picker = p.picker.as_ref().unwrap();
    assert_eq!(picker.name, "host");
    let found = p.choices.get("host").expect("the variable's query ran");
    assert!(!found.is_empty());
    assert_eq!(picker.choices[0].value, None, "all first");
    assert_eq!(picker.choices.len(), found.len() + 1);
    assert!(picker.marked[0], "the default is *");
    let host = found[0].clone();
    // Marking a host drops "all"; enter applies the host.
    h.key(KeyCode::Down);
    h.press(' ');
    h.key(KeyCode::Enter);
    let p = player(&h);
    assert_eq!(p.bindings.get("host"), Some(&Selection::one(host)));
    h.settle().await;
    // Tab in the picker goes on to the next variable that has choices.
    h.press('o');
    h.key(KeyCode::Tab);
    assert_eq!(player(&h).picker.as_ref().unwrap().name, "zone");
    h.key(KeyCode::BackTab);
    assert_eq!(player(&h).picker.as_ref().unwrap().name, "host");
    h.key(KeyCode::Esc);
}

fn draw_picker(picker: &Picker, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| picker::draw(f, f.area(), picker, &Theme::default()))
        .unwrap();
    common::buffer_text(terminal.backend().buffer())
}

fn tour_env_picker(multi: bool) -> Picker {
    let choice = |l: &str, v: Option<&str>| Choice {
        label: l.into(),
        value: v.map(Into::into),
    };
    Picker {
        variable: 0,
        name: "env".into(),
        title: "Environment".into(),
        choices: vec![
            choice("all", None),
            choice("Production", Some("prod")),
            choice("Staging", Some("staging")),
            choice("Dev", Some("dev")),
        ],
        marked: vec![false, true, true, false],
        multi,
        filter: String::new(),
        cursor: 2,
    }
}

#[test]
fn the_picker_drawn() {
    insta::assert_snapshot!(
        "picker_multi",
        draw_picker(&tour_env_picker(true), (60, 12))
    );
    let mut one = tour_env_picker(false);
    one.marked = vec![false, false, true, false];
    one.filter = "g".into();
    one.cursor = 0;
    insta::assert_snapshot!("picker_one_filtered", draw_picker(&one, (60, 12)));
    let mut none = tour_env_picker(false);
    none.choices.clear();
    none.marked.clear();
    none.filter = "web-01".into();
    insta::assert_snapshot!("picker_nothing_read", draw_picker(&none, (60, 8)));
}

// --- `${var}` in markdown, the event query and variables ---

fn markdown_panel(p: &DashboardPlayer) -> usize {
    p.panels
        .iter()
        .position(|s| !s.look.markdown.is_empty())
        .expect("the tour's first section has its markdown")
}

#[tokio::test]
async fn markdown_text_shows_the_variables_values() {
    let mut h = playing("demo-player-tour", (200, 60)).await;
    let p = player(&h);
    let md = &p.panels[markdown_panel(p)].look.markdown;
    assert!(md.contains("`prod`"), "{md}");
    assert!(!md.contains("${env}"), "{md}");
    command_line(&mut h, "var env staging,dev");
    let p = player(&h);
    let md = &p.panels[markdown_panel(p)].look.markdown;
    assert!(md.contains("`staging or dev`"), "{md}");
    h.settle().await;
    let screen = h.render();
    assert!(screen.contains("staging or dev"), "{screen}");
}

#[tokio::test]
async fn a_variable_the_event_query_uses_reruns_it_and_others_do_not() {
    let server = wf_tui::demo::DemoServer::start(Default::default())
        .await
        .unwrap();
    server.state().edit_items("dashboard", |items| {
        let tour = items
            .iter_mut()
            .find(|d| d["id"] == "demo-player-tour")
            .unwrap();
        tour["eventQuery"] = "events(type=deploy or type=alert, service=\"${service}\")".into();
    });
    let account = server.account(LoginMethod::CspApiToken);
    let mut h = Harness::with_account(server, account, (200, 60));
    h.settle().await;
    command_line(&mut h, "play demo-player-tour");
    h.settle().await;
    let p = player(&h);
    assert!(
        p.event_query().unwrap().expression.contains("\"checkout\""),
        "filled in"
    );
    assert!(p.event_query_uses("service") && !p.event_query_uses("env"));
    let checkout: Vec<String> = p.dashboard_events.iter().map(|e| e.name.clone()).collect();
    assert!(!checkout.is_empty());
    command_line(&mut h, "var env staging");
    assert!(
        !player(&h).events_inflight,
        "env is not in the event query: it does not run again"
    );
    h.settle().await;
    command_line(&mut h, "var service search");
    let p = player(&h);
    assert!(p.events_inflight, "service is: it runs again");
    assert!(p.event_query().unwrap().expression.contains("\"search\""));
    h.settle().await;
    let p = player(&h);
    let search: Vec<String> = p.dashboard_events.iter().map(|e| e.name.clone()).collect();
    assert_ne!(search, checkout, "the events of the other service");
}

fn tour() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/dashboard.json"
    ))
    .unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    all.into_iter()
        .find(|d| d["id"] == "demo-player-tour")
        .unwrap()
}

const NOW: i64 = 1_800_000_000_000;

/// A panel's two series over the query's window, and for the event query one deploy in the
/// middle of it.
fn answer(q: &SourceQuery) -> Answered {
    let (start, end) = (q.query.start_ms(), q.query.end_ms);
    if q.panel == EVENT_QUERY_PANEL {
        let event = ChartEvent {
            name: "deploy checkout v42".into(),
            start_ms: (start + end) / 2,
            end_ms: None,
            annotations: vec![("type".into(), "deploy".into())],
            tags: Vec::new(),
            hosts: Vec::new(),
            summarized: 0,
        };
        return (
            q.panel,
            q.source,
            Ok(ChartData {
                events: vec![event],
                ..Default::default()
            }),
        );
    }
    let series = (0..2)
        .map(|k| Series {
            label: format!("m{k}"),
            host: Some(format!("host-{k}")),
            tags: Vec::new(),
            points: (0..60)
                .map(|i| {
                    let t = (start + (end - start) * i / 60) / 1000;
                    (t, 50.0 + 20.0 * ((i + k) as f64 / 7.0).sin())
                })
                .collect(),
        })
        .collect();
    (
        q.panel,
        q.source,
        Ok(ChartData {
            series,
            ..Default::default()
        }),
    )
}

#[test]
fn dashboard_render_runs_the_event_query_and_marks_its_events() {
    let args = RenderArgs {
        id: "demo-player-tour".into(),
        width: 200,
        height: 60,
        section: 2,
        vars: vec![("service".into(), "cart".into())],
        window: None,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let asked = std::sync::Mutex::new(Vec::new());
    let run = |queries: Vec<SourceQuery>| {
        asked.lock().unwrap().extend(
            queries
                .iter()
                .map(|q| (q.panel, q.query.expression.clone())),
        );
        async move { queries.iter().map(answer).collect() }
    };
    let frame = rt
        .block_on(render_frame(&tour(), &args, NOW, &Times::default(), run))
        .unwrap();
    let asked = asked.into_inner().unwrap();
    let events: Vec<&String> = asked
        .iter()
        .filter(|(panel, _)| *panel == EVENT_QUERY_PANEL)
        .map(|(_, q)| q)
        .collect();
    assert_eq!(events.len(), 1, "{asked:?}");
    assert!(events[0].starts_with("events("), "{}", events[0]);
    // The deploy's marker on the line panels.
    assert!(frame.contains('┊'), "{frame}");
    // Without the event's answer, no marker.
    let quiet = |queries: Vec<SourceQuery>| async move {
        queries
            .iter()
            .filter(|q| q.panel != EVENT_QUERY_PANEL)
            .map(answer)
            .collect()
    };
    let plain = rt
        .block_on(render_frame(&tour(), &args, NOW, &Times::default(), quiet))
        .unwrap();
    assert!(!plain.contains('┊'), "{plain}");
}

// --- Table panels scroll; the mouse ---

fn many_series(n: usize) -> Vec<Series> {
    (0..n)
        .map(|i| Series {
            label: "cpu".into(),
            host: Some(format!("host-{i:02}")),
            tags: Vec::new(),
            points: vec![(1, i as f64)],
        })
        .collect()
}

/// The tour's "Tables" section, its first table given 30 rows and selected.
async fn tables(h: &mut Harness) -> usize {
    h.press(']');
    h.press(']');
    h.settle().await;
    let p = player_mut(h);
    assert_eq!(
        p.dashboard.as_ref().unwrap().sections[p.section].name,
        "Tables"
    );
    let table = p
        .panels
        .iter()
        .position(|s| s.look.renderer() == wf_tui::app::dashboard::panel::Renderer::Table)
        .unwrap();
    p.selected = table;
    p.panels[table].series = many_series(30);
    table
}

#[tokio::test]
async fn j_and_k_scroll_the_selected_table_within_its_rows() {
    let mut h = playing("demo-player-tour", (200, 60)).await;
    let table = tables(&mut h).await;
    let (rows, fit) = wf_tui::app::dashboard::update::table_extent(player(&h), h.state.size)
        .expect("a table on screen");
    assert_eq!(rows, 30);
    assert!(fit < rows, "{fit} rows fit");
    let screen = h.render();
    assert!(screen.contains("host-00"), "{screen}");
    h.press('J');
    h.press('J');
    assert_eq!(player(&h).panels[table].scroll, 2);
    let screen = h.render();
    assert!(
        !screen.contains("host-00") && screen.contains("host-02"),
        "{screen}"
    );
    h.press('K');
    assert_eq!(player(&h).panels[table].scroll, 1);
    // Never past the last screenful.
    for _ in 0..100 {
        h.press('J');
    }
    assert_eq!(player(&h).panels[table].scroll, rows - fit);
    assert!(h.render().contains("host-29"));
    for _ in 0..100 {
        h.press('K');
    }
    assert_eq!(player(&h).panels[table].scroll, 0);
    // On a panel that is not a table, J does nothing (and j still moves between panels).
    let line = player(&h)
        .panels
        .iter()
        .position(|s| s.look.renderer() == wf_tui::app::dashboard::panel::Renderer::Line);
    if let Some(line) = line {
        player_mut(&mut h).selected = line;
        h.press('J');
        assert_eq!(player(&h).panels[line].scroll, 0);
    }
    assert!(player(&h).inflight.is_empty(), "scrolling runs nothing");
}

fn click(h: &mut Harness, x: u16, y: u16) {
    h.send(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    }));
}

#[tokio::test]
async fn a_click_selects_a_panel_and_a_second_click_zooms_it() {
    let mut h = playing("demo-24-panels", (120, 40)).await;
    let placed = wf_tui::app::dashboard::draw::placed(
        player(&h),
        wf_tui::app::dashboard::update::player_area(player(&h), h.state.size),
    );
    let target = placed.iter().find(|pl| pl.panel == 5).unwrap().rect;
    let (x, y) = (target.x + target.width / 2, target.y + target.height / 2);
    // Mouse capture is off by default: a click does nothing.
    click(&mut h, x, y);
    assert_eq!(player(&h).selected, 0);
    h.press('M');
    click(&mut h, x, y);
    assert_eq!(player(&h).selected, 5);
    click(&mut h, x, y);
    assert!(
        matches!(h.state.view(), View::Chart(_)),
        "the second click zooms"
    );
    h.key(KeyCode::Esc);
    h.settle().await;
    assert!(matches!(h.state.view(), View::Dashboard(_)));
}

/// Where `text` is drawn on the screen (column, line), as a click would aim at it.
fn drawn_at(screen: &str, text: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| {
            let at = line.find(text)?;
            Some((line[..at].chars().count() as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{screen}"))
}

#[tokio::test]
async fn a_click_on_a_tab_shows_its_section_and_on_a_variable_opens_its_picker() {
    let mut h = playing("demo-player-tour", (200, 60)).await;
    h.press('M');
    let (x, y) = drawn_at(&h.render(), " Trends ");
    click(&mut h, x + 2, y);
    assert_eq!(player(&h).section, 1, "the Trends tab");
    assert!(!player(&h).inflight.is_empty(), "its panels run");
    h.settle().await;
    // The section shown already: nothing changes, nothing runs.
    click(&mut h, x + 2, y);
    assert_eq!(player(&h).section, 1);
    assert!(player(&h).inflight.is_empty());
    let (x, y) = drawn_at(&h.render(), "Host=");
    click(&mut h, x + 1, y);
    let picker = player(&h)
        .picker
        .as_ref()
        .expect("the variable's picker opens");
    assert_eq!(picker.name, "host");
    h.key(KeyCode::Esc);
    assert!(player(&h).picker.is_none());
    // A simple variable has no choices: its value is typed on the line, as `o` does.
    let (x, y) = drawn_at(&h.render(), "Service=");
    click(&mut h, x + 1, y);
    assert!(player(&h).picker.is_none());
    assert!(h.state.prompt.is_some(), "the variable's line opens");
    h.key(KeyCode::Esc);
    assert!(h.state.prompt.is_none());
    // Between the variables, on the window: nothing.
    let (x, y) = drawn_at(&h.render(), "window ");
    click(&mut h, x + 1, y);
    assert!(player(&h).picker.is_none());
    assert_eq!(player(&h).section, 1);
}
