//! The settings file end to end: the schema and the example kept in step with the parser, key
//! overrides and sequences through `update`, themes on screen, the mouse, and confirmation
//! before anything destructive.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::render;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use wf_tui::api::catalog::CLOUD_INTEGRATIONS;
use wf_tui::api::paging::PageRequest;
use wf_tui::app::settings::Applied;
use wf_tui::app::{Action, LoginState, Msg, Scope, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::config::settings::{self, ClipboardMode, FileStatus, Loaded, TOP_LEVEL_KEYS, parse};
use wf_tui::theme::{BUILT_IN, STYLE_NAMES};
use wf_tui::worker::{Command, Event, LoadedPage};

const NOW: i64 = 1_800_000_000_000;

fn applied(text: &str, no_color: bool) -> (Applied, Loaded) {
    let (settings, problems) = parse(text);
    let mut loaded = Loaded {
        path: Some("/cfg/config.toml".into()),
        status: FileStatus::Read,
        settings,
        problems,
    };
    let applied = wf_tui::app::settings::apply(&mut loaded, no_color);
    (applied, loaded)
}

/// A logged-in state with the fixture integrations loaded, the settings applied.
fn loaded(size: (u16, u16), settings: &Applied) -> State {
    let mut state = State::with_kind(&CLOUD_INTEGRATIONS, "prod", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::CspApiToken),
        identity: Some("jane@acme.com".into()),
        expires_at_ms: Some(NOW + 27 * 60_000),
        ..TokenStatus::default()
    }));
    let mut commands = update(&mut state, Msg::Key(common::key(KeyCode::Char('r'))));
    let Some(Command::FetchPage { id, .. }) = commands.pop() else {
        panic!("refresh asks for a page");
    };
    let items = wf_tui::demo::collections::by_name("cloudintegration")
        .unwrap()
        .load(NOW - 30_000);
    let rows = items.iter().map(|i| CLOUD_INTEGRATIONS.row(i)).collect();
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
    // Applied after the load, so a test may rebind `r` too.
    settings.apply_to(&mut state);
    state
}

fn press(state: &mut State, code: KeyCode) -> Vec<Command> {
    update(state, Msg::Key(common::key(code)))
}

fn selected(state: &State) -> usize {
    match state.view() {
        View::Table(t) => t.selected,
        _ => panic!("not a table"),
    }
}

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.schema.json"))
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn names(v: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

fn sorted(v: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = v.into_iter().collect();
    v.sort();
    v
}

#[test]
fn the_schema_and_the_parser_know_the_same_keys() {
    let schema = schema();
    let props = &schema["properties"];
    assert_eq!(
        names(props),
        sorted(TOP_LEVEL_KEYS.iter().map(ToString::to_string)),
        "top-level keys"
    );
    let theme_table = &props["theme"]["oneOf"][1]["properties"];
    assert_eq!(
        names(theme_table),
        sorted(
            settings::theme::THEME_KEYS
                .iter()
                .chain(STYLE_NAMES)
                .map(ToString::to_string)
        ),
        "[theme] keys"
    );
    let built_in: Vec<&str> = props["theme"]["oneOf"][0]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(built_in, BUILT_IN);
    let clipboard: Vec<&str> = props["clipboard"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(clipboard, ClipboardMode::NAMES);
    assert_eq!(
        names(&props["keys"]["properties"]),
        sorted(Scope::ALL.iter().map(|s| s.name())),
        "[keys.SCOPE] scopes"
    );
    assert_eq!(
        names(&schema["$defs"]["bindings"]["properties"]),
        sorted(Action::ALL.iter().map(|a| a.name())),
        "action names"
    );
    assert_eq!(
        names(&props["history"]["properties"]),
        sorted(settings::HISTORY_KEYS.iter().map(ToString::to_string)),
        "[history] keys"
    );
    assert_eq!(
        names(&props["alerts"]["properties"]),
        sorted(settings::ALERTS_KEYS.iter().map(ToString::to_string)),
        "[alerts] keys"
    );
    assert_eq!(
        names(&props["dashboard"]["properties"]),
        sorted(settings::DASHBOARD_KEYS.iter().map(ToString::to_string)),
        "[dashboard] keys"
    );
    let (s, problems) = parse("[history]\nhistory = false\nbodies = 1\n");
    assert_eq!(s.history.history, Some(false));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(3));

    // Every key of the schema, with its example value, is accepted by the parser.
    for (key, spec) in props.as_object().unwrap() {
        let example = spec["examples"][0].clone();
        if example.is_null() {
            assert_eq!(key, "keys", "every other key has an example");
            continue;
        }
        let mut doc = toml::Table::new();
        doc.insert(key.clone(), to_toml(&example));
        let text = toml::to_string(&doc).unwrap();
        let (_, problems) = parse(&text);
        assert!(problems.is_empty(), "{key}: {text}: {problems:?}");
    }
    for (key, spec) in theme_table.as_object().unwrap() {
        let text = format!("[theme]\n{key} = {}\n", spec["examples"][0]);
        let (s, problems) = parse(&text);
        assert!(problems.is_empty(), "{text}: {problems:?}");
        if key != "file" {
            let (_, more) = wf_tui::theme::resolve(&s.theme, None, false);
            assert!(more.is_empty(), "{text}: {more:?}");
        }
    }
    let example_keys = &schema["$defs"]["keys"]["examples"][0];
    for scope in names(&props["keys"]["properties"]) {
        for action in names(&schema["$defs"]["bindings"]["properties"]) {
            let text = format!("[keys.{scope}]\n{action} = []\n");
            let (_, loaded) = applied(&text, false);
            assert!(loaded.problems.is_empty(), "{text}: {:?}", loaded.problems);
        }
    }
    let text = format!("[keys.table]\ntop = {example_keys}\n");
    assert!(applied(&text, false).1.problems.is_empty(), "{text}");
    // And a key outside the schema is not.
    let (_, problems) = parse("bogus = 1\n");
    assert_eq!(problems[0].to_string(), "line 1: unknown key `bogus`");
}

#[test]
fn the_example_file_parses_without_a_warning() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
        .unwrap();
    let (applied, loaded) = applied(&text, false);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(applied.warning, None);
    assert_eq!(
        applied.keymap.labels(Scope::Table, Action::Top),
        vec!["home", "g g"]
    );
}

#[test]
fn help_overlay_with_overrides() {
    let (settings, loaded) = applied(
        r#"
[keys.table]
top = ["g g", "home"]
open = ["enter", "o"]
refresh = ["ctrl-r", "F5"]
[keys.global]
token_status = []
toggle_mouse = ["alt-m"]
"#,
        false,
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut state = loaded_state((80, 30), &settings);
    press(&mut state, KeyCode::Char('?'));
    let screen = render(&state);
    assert!(screen.contains("home, g g"), "{screen}");
    assert!(screen.contains("enter, o"), "{screen}");
    assert!(!screen.contains("token status"), "unbound: {screen}");
    insta::assert_snapshot!(screen);
}

fn loaded_state(size: (u16, u16), settings: &Applied) -> State {
    loaded(size, settings)
}

#[test]
fn a_sequence_waits_with_an_indicator_and_a_stray_key_resets_it() {
    let (settings, _) = applied("[keys.table]\ntop = [\"g g\"]\n", false);
    let mut state = loaded((100, 20), &settings);
    for _ in 0..4 {
        press(&mut state, KeyCode::Char('j'));
    }
    assert_eq!(selected(&state), 4);
    press(&mut state, KeyCode::Char('g'));
    assert_eq!(selected(&state), 4, "g alone waits");
    let footer = render(&state).lines().nth(19).unwrap().to_string();
    assert!(footer.starts_with("g …  g top"), "{footer}");
    press(&mut state, KeyCode::Char('g'));
    assert_eq!(selected(&state), 0, "g g goes to the top");
    assert!(state.pending_keys.is_empty());
    // g then j: the wait ends and j moves on its own.
    press(&mut state, KeyCode::Char('g'));
    press(&mut state, KeyCode::Char('j'));
    assert_eq!(selected(&state), 1);
    assert!(state.pending_keys.is_empty());
    assert!(!render(&state).contains("g …"));
}

/// The screen with each cell's colours and modifiers (insta shows where they change).
fn render_styled(state: &State) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            wf_tui::ui::draw(f, state);
        })
        .unwrap();
    format!("{:?}", terminal.backend().buffer())
}

#[test]
fn integrations_table_in_the_light_theme() {
    let (settings, _) = applied("theme = \"light\"", false);
    let mut state = loaded((100, 12), &settings);
    press(&mut state, KeyCode::Char('j'));
    insta::assert_snapshot!(render_styled(&state));
}

#[test]
fn integrations_table_in_the_high_contrast_theme() {
    let (settings, _) = applied("theme = \"high-contrast\"", false);
    let mut state = loaded((100, 12), &settings);
    press(&mut state, KeyCode::Char('j'));
    insta::assert_snapshot!(render_styled(&state));
}

#[test]
fn each_theme_draws_differently_and_no_color_draws_none() {
    let styled = |text: &str, no_color: bool| {
        let (settings, _) = applied(text, no_color);
        let mut state = loaded((100, 12), &settings);
        press(&mut state, KeyCode::Char('j'));
        let (w, h) = state.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| {
                wf_tui::ui::draw(f, &state);
            })
            .unwrap();
        terminal.backend().buffer().clone()
    };
    let dark = styled("", false);
    let light = styled("theme = \"light\"", false);
    assert_ne!(dark, light);
    let plain = styled("theme = \"light\"\n", true);
    for cell in plain.content() {
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "{cell:?}"
        );
    }
    // The selected row (the second item: table row 4 on screen) still shows: reversed.
    let selected = &plain[(0u16, 4u16)];
    assert!(
        selected.modifier.contains(Modifier::REVERSED),
        "{selected:?}"
    );
    let unselected = &plain[(0u16, 5u16)];
    assert!(!unselected.modifier.contains(Modifier::REVERSED));
}

fn mouse(kind: MouseEventKind, row: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn the_mouse_is_off_until_toggled_then_scrolls_and_selects() {
    let mut state = loaded((100, 20), &Applied::default());
    assert!(!state.mouse);
    update(&mut state, mouse(MouseEventKind::ScrollDown, 5));
    assert_eq!(selected(&state), 0, "ignored while off");

    press(&mut state, KeyCode::Char('M'));
    assert!(state.mouse);
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Char('k'));
    let footer = render(&state).lines().nth(19).unwrap().to_string();
    assert!(footer.contains("to select text"), "{footer}");

    update(&mut state, mouse(MouseEventKind::ScrollDown, 5));
    assert_eq!(selected(&state), 3, "a notch is three rows");
    update(&mut state, mouse(MouseEventKind::ScrollUp, 5));
    assert_eq!(selected(&state), 0);
    // Header, title and column header are rows 0-2: row 7 is the fifth item.
    update(
        &mut state,
        mouse(MouseEventKind::Down(MouseButton::Left), 7),
    );
    assert_eq!(selected(&state), 4);
    update(
        &mut state,
        mouse(MouseEventKind::Down(MouseButton::Left), 1),
    );
    assert_eq!(selected(&state), 4, "a click off the rows changes nothing");

    // :mouse turns it off again.
    press(&mut state, KeyCode::Char(':'));
    for c in "mouse".chars() {
        press(&mut state, KeyCode::Char(c));
    }
    press(&mut state, KeyCode::Enter);
    assert!(!state.mouse);
    assert!(!render(&state).contains("to select text"));
}

#[test]
fn the_mouse_setting_starts_it_on_and_the_wheel_scrolls_the_inspector() {
    let (settings, _) = applied("mouse = true", false);
    let mut state = loaded((100, 20), &settings);
    assert!(state.mouse);
    let doc = std::sync::Arc::new(
        wf_tui::json::Doc::parse(br#"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}"#.to_vec()).unwrap(),
    );
    state.stack.push(View::Detail(Box::new(
        wf_tui::app::inspector::Inspector::with_doc("t".into(), "s".into(), doc),
    )));
    update(&mut state, mouse(MouseEventKind::ScrollDown, 5));
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert_eq!(d.cursor, 3);
    // Header and title are rows 0-1: row 2 is the document's first line (the root).
    update(
        &mut state,
        mouse(MouseEventKind::Down(MouseButton::Left), 4),
    );
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert_eq!(d.cursor, 2);
}

#[test]
fn the_large_document_threshold_comes_from_the_settings() {
    let (settings, _) = applied("large_document_values = 3", false);
    let mut state = loaded((100, 20), &settings);
    let mut commands = press(&mut state, KeyCode::Enter);
    let Some(Command::FetchDetail { id, .. }) = commands.pop() else {
        panic!("enter opens the detail: {commands:?}")
    };
    let doc = std::sync::Arc::new(
        wf_tui::json::Doc::parse(br#"{"a":{"x":1},"b":[1,2]}"#.to_vec()).unwrap(),
    );
    update(
        &mut state,
        Msg::Worker(Event::Detail {
            id,
            result: Ok(doc),
        }),
    );
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert!(d.folded[1], "over 3 values: the first level opens folded");
}

#[test]
fn no_destructive_action_acts_without_a_confirmation_whatever_its_key() {
    use wf_tui::config::accounts::SavedAccount;
    // Bound to a plain letter everywhere it is reachable, and as a sequence.
    for text in [
        "",
        "[keys.accounts]\nremove = [\"x\"]\n",
        "[keys.accounts]\nremove = [\"d d\"]\n",
    ] {
        let (settings, loaded) = applied(text, false);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        for &action in Action::ALL.iter().filter(|a| a.is_destructive()) {
            for &scope in Scope::ALL {
                for keys in settings.keymap.labels(scope, action) {
                    let mut state = loaded_state((100, 20), &settings);
                    state.accounts.upsert(
                        SavedAccount {
                            name: "staging".into(),
                            address: "acme-stg.wavefront.com".into(),
                            method: LoginMethod::ApiToken,
                            csp_url: None,
                            client_id: None,
                            org_id: None,
                            readonly: false,
                        },
                        None,
                    );
                    press(&mut state, KeyCode::Char('A'));
                    let mut commands = Vec::new();
                    for key in wf_tui::app::keymap::parse_keys(&keys).unwrap() {
                        commands.extend(press(&mut state, key.code));
                    }
                    assert!(
                        commands.is_empty(),
                        "{action:?} on {keys} acted at once: {commands:?}"
                    );
                    assert!(render(&state).contains("y to confirm"), "{keys}");
                    // Anything but y keeps it; y removes.
                    assert!(press(&mut state, KeyCode::Char('n')).is_empty());
                    for key in wf_tui::app::keymap::parse_keys(&keys).unwrap() {
                        press(&mut state, key.code);
                    }
                    let commands = press(&mut state, KeyCode::Char('y'));
                    assert!(
                        matches!(commands.as_slice(), [Command::RemoveAccount(name)] if name == "staging"),
                        "{commands:?}"
                    );
                }
            }
        }
    }
}

/// A JSON value as TOML: serde_json's exact numbers (`arbitrary_precision`) serialise as a
/// private struct through any other serializer, so numbers are converted by hand.
fn to_toml(v: &serde_json::Value) -> toml::Value {
    use serde_json::Value;
    match v {
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => n.as_i64().map_or_else(
            || toml::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            toml::Value::Integer,
        ),
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(items) => toml::Value::Array(items.iter().map(to_toml).collect()),
        Value::Object(map) => {
            toml::Value::Table(map.iter().map(|(k, v)| (k.clone(), to_toml(v))).collect())
        }
        Value::Null => toml::Value::String(String::new()),
    }
}
