//! Hostile data from the server: escapes (OSC title, clear screen, OSC 52), C0 and C1 controls,
//! bidi overrides, zero-width characters, 10,000-character strings, 2,000-deep nesting, bytes
//! that are not UTF-8, a 50 MB detail, and error messages holding all of it. Nothing of it may
//! reach a cell of the screen (or the stdout of `wf-tui get -o table`, or its stderr) raw,
//! nothing panics, and long strings are cut on screen but kept whole in the data.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::Arc;

use common::{Harness, buffer_text};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;
use wf_tui::app::inspector::Inspector;
use wf_tui::app::{Msg, State, View, update};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::hostile::{self, STRINGS, is_forbidden};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::json::Doc;
use wf_tui::worker::Command;

/// Draws the state and lists every cell holding a character that must not reach a terminal.
fn forbidden_cells(state: &State) -> (Vec<(u16, u16, String)>, String) {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            wf_tui::ui::draw(f, state);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut bad = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let symbol = buffer[(x, y)].symbol();
            if symbol.chars().any(is_forbidden) {
                bad.push((x, y, format!("{symbol:?}")));
            }
        }
    }
    (bad, buffer_text(buffer))
}

fn assert_clean(state: &State, what: &str) -> String {
    let (bad, screen) = forbidden_cells(state);
    assert!(
        bad.is_empty(),
        "{what}: raw characters in cells {bad:?}\n{screen}"
    );
    screen
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

fn inspector(state: &State) -> &Inspector {
    match state.view() {
        View::Detail(d) => d,
        other => panic!("expected the inspector, got {other:?}"),
    }
}

async fn hostile_alerts() -> Harness {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server.state().edit_items("alert", |items| {
        let mut all = hostile::alerts();
        all.append(items);
        *items = all;
    });
    command_line(&mut h, "alerts");
    h.settle().await;
    h
}

#[tokio::test]
async fn hostile_strings_never_reach_a_cell_in_the_table_the_inspector_or_the_overlay() {
    let mut h = hostile_alerts().await;
    let screen = assert_clean(&h.state, "alerts table");
    assert!(screen.contains("title␛]2;pwned␇ change"), "{screen}");
    // The data keeps every item, whole: the row of the long one holds its 10,000 characters.
    let table = h.table();
    let long = hostile::long_string(10_000);
    assert!(
        table.rows.to_rows().any(|r| r
            .cells
            .iter()
            .any(|c| matches!(c, wf_tui::api::catalog::Cell::Text(t) if t.as_ref() == long))),
        "the long name is kept whole in the row"
    );
    assert!(!screen.contains("@END"), "the long name is cut on screen");
    assert!(screen.contains('…'), "with an ellipsis: {screen}");

    // Every hostile item's detail, in the inspector: clean as a tree, wrapped, and whole.
    for i in 0..=STRINGS.len() {
        h.press('g');
        for _ in 0..i {
            h.press('j');
        }
        h.press('i');
        h.settle().await;
        let d = inspector(&h.state);
        assert!(d.doc().is_some(), "item {i} opened: {:?}", d.error());
        assert_clean(&h.state, &format!("inspector of item {i}"));
        h.press('L');
        assert_clean(&h.state, &format!("inspector of item {i}, unfolded"));
        h.press('w');
        assert_clean(&h.state, &format!("inspector of item {i}, wrapped"));
        h.press('w');
        // The name, whole and unescaped in the overlay: still safe.
        h.press('/');
        h.type_text("name");
        h.key(KeyCode::Enter);
        h.press('v');
        assert_clean(&h.state, &format!("whole name of item {i}"));
        // esc closes the overlay, then the search, then the inspector.
        for _ in 0..4 {
            if matches!(h.state.view(), View::Table(_)) {
                break;
            }
            h.key(KeyCode::Esc);
        }
        assert!(matches!(h.state.view(), View::Table(_)));
    }

    // The long one: cut on screen, whole in the document and in what `y` copies.
    h.press('g');
    for _ in 0..STRINGS.len() {
        h.press('j');
    }
    h.press('i');
    h.settle().await;
    h.press('/');
    h.type_text("@END");
    h.key(KeyCode::Enter);
    let d = inspector(&h.state);
    assert_eq!(d.whole_string().as_deref(), Some(long.as_str()));
    let screen = assert_clean(&h.state, "long string");
    // (The footer shows the query itself.)
    let name_line = screen.lines().find(|l| l.contains("name:")).unwrap();
    assert!(!name_line.contains("@END"), "cut on screen: {screen}");
    h.state.now_ms += 1;
    let commands = update(&mut h.state, Msg::Key(common::key(KeyCode::Char('y'))));
    assert!(
        matches!(&commands[..], [Command::Copy(v)] if *v == format!("\"{long}\"")),
        "y copies the whole string"
    );
}

#[tokio::test]
async fn bodies_that_are_not_utf8_too_deep_or_huge_and_hostile_errors_are_survived() {
    let mut h = hostile_alerts().await;
    let rows = h.table().rows.len();
    let state = h.server.state().clone();

    // A page with bytes that are not UTF-8: an error in words, the list as it was.
    state.add_fault(hostile::serve(
        "/api/v2/alert",
        200,
        hostile::invalid_utf8_page(),
    ));
    h.press('r');
    h.settle().await;
    let screen = assert_clean(&h.state, "a page that is not UTF-8");
    assert!(screen.contains("not JSON"), "{screen}");
    assert_eq!(h.table().rows.len(), rows, "the rows stay");
    state.clear_faults();

    // An error whose message holds every hostile string.
    state.add_fault(hostile::serve(
        "/api/v2/alert",
        400,
        hostile::error_body(400),
    ));
    h.press('r');
    h.settle().await;
    let screen = assert_clean(&h.state, "a hostile error message");
    assert!(
        screen.contains("HTTP 400") || screen.contains("pwned"),
        "{screen}"
    );
    state.clear_faults();

    // A 2,000-deep detail: shown (as text when it is too deep to decode), never a crash.
    let deep = format!(
        r#"{{"status":{{"result":"OK","code":200}},"response":{{"id":"deep","v":{}}}}}"#,
        hostile::deep_json(2_000)
    );
    state.add_fault(hostile::serve("/api/v2/alert/", 200, deep.into_bytes()));
    h.press('i');
    h.settle().await;
    assert_clean(&h.state, "a 2,000-deep detail");
    h.press('G');
    h.press('L');
    assert_clean(&h.state, "a 2,000-deep detail, at the bottom");
    h.key(KeyCode::Esc);
    state.clear_faults();

    // A 50 MB detail with an escape in every string: indexed, moved through, drawn safely.
    let huge = hostile::huge_detail(50_000_000);
    let size = huge.len();
    state.add_fault(hostile::serve("/api/v2/alert/", 200, huge));
    h.press('i');
    h.settle().await;
    let d = inspector(&h.state);
    let doc = d.doc().expect("the 50 MB detail opened");
    assert!(doc.text.len() >= size - 200, "the whole document is kept");
    assert_clean(&h.state, "a 50 MB detail");
    h.press('G');
    h.press('w');
    assert_clean(&h.state, "a 50 MB detail, wrapped at the bottom");
    h.key(KeyCode::Esc);
    state.clear_faults();
    h.press('r');
    h.settle().await;
    assert_eq!(h.table().rows.len(), rows, "usable after all of it");
}

#[test]
fn a_2000_deep_document_opens_folds_and_draws_in_the_inspector() {
    let text = hostile::deep_json(2_000);
    let doc = Arc::new(Doc::parse(text.into_bytes()).expect("deep JSON indexes"));
    let view = Inspector::with_doc("deep".into(), String::new(), doc);
    let mut state = State::standalone("deep", view, (80, 24), 0);
    assert_clean(&state, "deep document");
    for key in ['L', 'G', 'H', 'g', 'L', 'w', 'G'] {
        update(&mut state, Msg::Key(common::key(KeyCode::Char(key))));
        assert_clean(&state, &format!("deep document after {key}"));
    }
    let d = inspector(&state);
    assert!(d.path().len() > 2_000, "the jq path of the deepest value");
}

/// `wf-tui get` on hostile items: the table on stdout holds no raw control, bidi or zero-width
/// character; JSON keeps the data whole (escaped as JSON escapes it); a hostile error message
/// reaches stderr made safe.
#[tokio::test]
async fn wf_tui_get_prints_hostile_items_safely() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    server.state().edit_items("alert", |items| {
        let mut all = hostile::alerts();
        all.append(items);
        *items = all;
    });
    let url = server.url();
    let token = server.credentials().api_token.expose().to_string();
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = common::wf_tui_command(home.path());
        cmd.env("WAVEFRONT_ADDRESS", &url)
            .env("WAVEFRONT_TOKEN", &token)
            .arg("get")
            .args(args);
        // The binary talks to the stand-in of this test's runtime: run it off that runtime.
        std::thread::spawn(move || cmd.output().unwrap())
    };
    let unsafe_chars = |text: &str| -> Vec<char> {
        text.chars()
            .filter(|&c| c != '\n' && is_forbidden(c))
            .collect()
    };
    let wait = |t: std::thread::JoinHandle<std::process::Output>| async move {
        tokio::task::spawn_blocking(move || t.join().unwrap())
            .await
            .unwrap()
    };

    let table = wait(run(&["alert", "-o", "table"])).await;
    assert!(table.status.success(), "{table:?}");
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(unsafe_chars(&text).is_empty(), "{:?}", unsafe_chars(&text));
    assert!(text.contains("title␛]2;pwned␇ change"), "{text}");
    assert!(!text.contains("@END"), "long values are cut in the table");
    let one = wait(run(&["alert", "hostile-0", "-o", "table"])).await;
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(
        one.status.success() && unsafe_chars(&text).is_empty(),
        "{text:?}"
    );

    let json = wait(run(&["alert", "-o", "json"])).await;
    assert!(json.status.success());
    let items: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    for s in STRINGS {
        assert!(names.contains(s), "{s:?} kept exactly in JSON");
    }
    assert!(names.contains(&hostile::long_string(10_000).as_str()));

    server.state().add_fault(hostile::serve(
        "/api/v2/alert",
        400,
        hostile::error_body(400),
    ));
    let failed = wait(run(&["alert"])).await;
    assert!(!failed.status.success());
    let stderr = String::from_utf8(failed.stderr).unwrap();
    assert!(
        stderr.contains("pwned"),
        "the server's words are shown: {stderr}"
    );
    assert!(
        unsafe_chars(&stderr).is_empty(),
        "stderr: {:?}",
        unsafe_chars(&stderr)
    );
}

/// `wf-tui inspect` on a file of hostile keys and values, in a real pseudo-terminal: what it
/// writes holds the escapes only as their visible stand-ins.
#[cfg(unix)]
#[test]
fn wf_tui_inspect_writes_no_hostile_sequence_to_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("hostile.json");
    let mut doc = serde_json::Map::new();
    for (i, s) in STRINGS.iter().enumerate() {
        doc.insert(format!("k{i} {s}"), Value::String(s.to_string()));
    }
    std::fs::write(&file, Value::Object(doc).to_string()).unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.arg("inspect").arg(&file).env("TERM", "xterm-256color");
    let (status, out) = common::pty::run(cmd, Some(("pwned", b"Lq")));
    assert!(status.success(), "{out:?}");
    assert!(out.contains("title␛]2;pwned␇ change"), "{out:?}");
    for raw in [
        "\x1b]2;pwned",
        "clear\x1b[2J",
        "\x1b]52;c;cHdu",
        "\u{202e}",
        "\u{2066}",
        "\u{200b}",
        "\u{feff}",
        "\u{9b}",
        "\x07 backspace",
        "\x08",
    ] {
        assert!(!out.contains(raw), "{raw:?} reached the terminal");
    }
}
