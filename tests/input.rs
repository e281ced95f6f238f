//! Typing: the text inputs (word motions, paste), the `:` line's history and completion, the
//! forms' `enter`, driven through `update` as the runtime drives it (issue #17).
#![allow(clippy::unwrap_used)]

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wf_tui::app::login::AccountForm;
use wf_tui::app::{Msg, State, View, update};
use wf_tui::auth::LoginMethod;

fn state() -> State {
    State::new("prod", (100, 30), 0)
}

fn press(state: &mut State, code: KeyCode, modifiers: KeyModifiers) {
    update(state, Msg::Key(KeyEvent::new(code, modifiers)));
}

fn key(state: &mut State, code: KeyCode) {
    press(state, code, KeyModifiers::NONE);
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        key(state, KeyCode::Char(c));
    }
}

fn line(state: &State) -> &str {
    state.prompt.as_ref().map_or("", |p| p.value())
}

/// The hand-written input had no words: ctrl-w, alt-b, alt-d did nothing on the `:` line.
#[test]
fn the_command_line_edits_by_words() {
    let mut s = state();
    key(&mut s, KeyCode::Char(':'));
    type_text(&mut s, "export csv /tmp/rows.csv");
    press(&mut s, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(line(&s), "export csv /tmp/");
    press(&mut s, KeyCode::Char('b'), KeyModifiers::ALT);
    press(&mut s, KeyCode::Char('b'), KeyModifiers::ALT);
    press(&mut s, KeyCode::Char('d'), KeyModifiers::ALT);
    assert_eq!(line(&s), "export tmp/");
    press(&mut s, KeyCode::Left, KeyModifiers::CONTROL);
    press(&mut s, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(line(&s), "");
}

/// A token pasted into the login form's secret field lands whole (its newline dropped, so it
/// does not move on) and the screen shows bullets only.
#[test]
fn a_pasted_token_stays_masked() {
    let mut s = State::logged_out((100, 30), 0);
    let mut form = AccountForm::new(LoginMethod::ApiToken, "prod");
    form.focus = form.fields.iter().position(|f| f.input.masked).unwrap();
    let focus = form.focus;
    s.stack.push(View::Form(form));
    let paste = Msg::Paste("tok-3f9a-SECRET\n".into());
    assert!(
        !format!("{paste:?}").contains("SECRET"),
        "a paste's Debug hides it"
    );
    update(&mut s, paste);
    let View::Form(form) = s.view() else {
        panic!("the form stays open");
    };
    assert_eq!(form.focus, focus, "the pasted newline did not move on");
    assert_eq!(form.fields[focus].input.value(), "tok-3f9a-SECRET");
    let screen = common::render(&s);
    assert!(!screen.contains("SECRET"), "{screen}");
    assert!(screen.contains(&"•".repeat(15)), "{screen}");
}

/// Pasted text in a list is not taken as keys (a `q` in it would quit).
#[test]
fn a_paste_outside_a_field_is_dropped() {
    let mut s = state();
    update(&mut s, Msg::Paste("quit".into()));
    assert!(!s.quit);
    key(&mut s, KeyCode::Char(':'));
    update(&mut s, Msg::Paste("acc\tount\r\n".into()));
    assert_eq!(line(&s), "acc ount");
}

/// `:` had no history: `↑` walks back through the lines run, `↓` forward to an empty line,
/// and the history is what the account's state file keeps.
#[test]
fn the_command_line_recalls_what_was_run() {
    let mut s = state();
    for run in ["mouse", "token"] {
        key(&mut s, KeyCode::Char(':'));
        type_text(&mut s, run);
        key(&mut s, KeyCode::Enter);
        s.stack.truncate(1);
        s.mouse = false;
    }
    key(&mut s, KeyCode::Char(':'));
    type_text(&mut s, "al");
    key(&mut s, KeyCode::Down);
    assert_eq!(line(&s), "al", "down with nothing recalled keeps the text");
    press(&mut s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    key(&mut s, KeyCode::Up);
    assert_eq!(line(&s), "token");
    key(&mut s, KeyCode::Up);
    assert_eq!(line(&s), "mouse");
    key(&mut s, KeyCode::Up);
    assert_eq!(line(&s), "mouse", "the oldest stays");
    key(&mut s, KeyCode::Down);
    assert_eq!(line(&s), "token");
    key(&mut s, KeyCode::Down);
    assert_eq!(line(&s), "");
    let saved = wf_tui::app::memory::snapshot(&s);
    assert_eq!(saved.command_history, vec!["mouse", "token"]);
}

/// `tab` after `:export` completed nothing; now it completes from the folder, and lists what
/// is left to choose in the footer.
#[test]
fn tab_completes_file_paths_and_lists_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rows.csv"), "").unwrap();
    std::fs::write(dir.path().join("rows.json"), "").unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let base = format!("{}/", dir.path().display());
    let mut s = state();
    key(&mut s, KeyCode::Char(':'));
    type_text(&mut s, &format!("export {base}ro"));
    key(&mut s, KeyCode::Tab);
    assert_eq!(line(&s), format!("export {base}rows."));
    let screen = common::render(&s);
    let footer = screen.lines().last().unwrap();
    assert!(footer.contains("2 fit: rows.csv  rows.json"), "{footer}");
    type_text(&mut s, "j");
    key(&mut s, KeyCode::Tab);
    assert_eq!(line(&s), format!("export {base}rows.json"));
    press(&mut s, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(line(&s), format!("export {base}"));
    type_text(&mut s, "re");
    key(&mut s, KeyCode::Tab);
    assert_eq!(line(&s), format!("export {base}reports/"));
}

/// `tab` after `:account` completes a saved account's name.
#[test]
fn tab_completes_account_names() {
    let mut s = state();
    for name in ["prod", "staging"] {
        s.accounts
            .accounts
            .push(wf_tui::config::accounts::SavedAccount {
                name: name.into(),
                address: "127.0.0.1:1".into(),
                method: LoginMethod::ApiToken,
                csp_url: None,
                client_id: None,
                org_id: None,
                readonly: false,
            });
    }
    key(&mut s, KeyCode::Char(':'));
    type_text(&mut s, "account st");
    key(&mut s, KeyCode::Tab);
    assert_eq!(line(&s), "account staging");
}

/// `?` lists the `:` commands and the kinds after the keys (they were nowhere on screen).
#[test]
fn help_ends_with_the_commands_and_kinds() {
    let mut s = state();
    key(&mut s, KeyCode::Char('?'));
    key(&mut s, KeyCode::End);
    let screen = common::render(&s);
    let last = wf_tui::api::catalog::KINDS.last().unwrap();
    assert!(screen.contains(&format!(":{}", last.name)), "{screen}");
    let mut s = state();
    key(&mut s, KeyCode::Char('?'));
    let pages = (0..6).find(|_| {
        key(&mut s, KeyCode::PageDown);
        common::render(&s).contains(":export [csv|json] FILE")
    });
    assert!(pages.is_some(), "{}", common::render(&s));
}

/// The maintenance-window form submitted on `enter` from its first field, where the login
/// form moves on: both move on now, submit on the last field (or alt-enter from any), and
/// the footer says which.
#[test]
fn enter_in_the_maintenance_window_form_moves_to_the_next_field() {
    use wf_tui::api::catalog::{Ask, kind_by_name};
    use wf_tui::app::overlays::actions::{Flow, Form};
    let mut s = state();
    let kind = kind_by_name("maintenancewindow").unwrap();
    let entry = kind
        .menu
        .iter()
        .find(|e| matches!(e.ask, Ask::Form(_)))
        .unwrap();
    let Ask::Form(spec) = entry.ask else {
        unreachable!()
    };
    s.flow = Some(Flow::Form {
        kind,
        entry,
        form: Form::new(spec, jiff::tz::TimeZone::UTC, 0),
        error: None,
    });
    let focus = |s: &State| match &s.flow {
        Some(Flow::Form { form, error, .. }) => (form.focus, error.is_some()),
        _ => (usize::MAX, false),
    };
    let footer = |s: &State| common::render(s).lines().last().unwrap().to_string();
    assert!(footer(&s).contains("enter next field"), "{}", footer(&s));
    assert!(footer(&s).contains("alt-enter continue"), "{}", footer(&s));
    type_text(&mut s, "Kernel patching");
    key(&mut s, KeyCode::Enter);
    assert_eq!(focus(&s), (1, false), "enter moved on, nothing submitted");
    type_text(&mut s, "CVE-2026-1");
    let last = spec.fields.len() - 1;
    let tags = spec
        .fields
        .iter()
        .position(|(l, _)| *l == "alert tags")
        .unwrap();
    for _ in 1..tags {
        key(&mut s, KeyCode::Enter);
    }
    type_text(&mut s, "db");
    for _ in tags..last {
        key(&mut s, KeyCode::Enter);
    }
    assert_eq!(focus(&s), (last, false));
    assert!(footer(&s).contains("enter continue"), "{}", footer(&s));
    key(&mut s, KeyCode::Enter);
    assert!(s.flow.is_none() && s.confirm.is_some(), "submitted");

    // alt-enter submits from the first field (here: what is missing is said).
    s.confirm = None;
    s.flow = Some(Flow::Form {
        kind,
        entry,
        form: Form::new(spec, jiff::tz::TimeZone::UTC, 0),
        error: None,
    });
    press(&mut s, KeyCode::Enter, KeyModifiers::ALT);
    assert_eq!(focus(&s), (0, true), "the empty title is refused");
}

/// In a real terminal: bracketed paste is switched on (and off on the way out), and a pasted
/// text with a carriage return in it lands in the search field whole instead of submitting
/// half of it and running the rest as keys.
#[cfg(unix)]
#[test]
fn a_paste_in_a_terminal_is_one_text() {
    use common::pty::{Step, Then};
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("doc.json");
    std::fs::write(&file, r#"{"name": "cpu alert", "sections": [1, 2]}"#).unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.args(["inspect", file.to_str().unwrap()])
        .env("TERM", "xterm-256color");
    let steps = [
        Step::Keys(b"/"),
        Step::Keys(b"\x1b[200~sect\rions\x1b[201~"),
        // The search line: the text whole, the bar of its cursor after it.
        Step::Shown("sections▏"),
        // ctrl-c: an esc right before a q would read as alt-q.
        Step::Keys(b"\x03"),
    ];
    let (status, out, _) =
        common::pty::run_with_input(cmd, None, Some(("cpu alert", Then::Steps(&steps))));
    assert!(status.success(), "{status:?}");
    assert!(
        out.contains("\x1b[?2004h"),
        "bracketed paste was not switched on"
    );
    assert!(out.contains("\x1b[?2004l"), "bracketed paste was left on");
}

/// The list's `/` line drew its bar at the end wherever the cursor was; it follows the cursor.
#[test]
fn the_filter_line_shows_the_cursor_where_it_is() {
    let mut s = state();
    key(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "web01");
    key(&mut s, KeyCode::Left);
    key(&mut s, KeyCode::Left);
    let screen = common::render(&s);
    assert!(screen.contains("/web▏01"), "{screen}");
}

/// The login form's footer named `enter next field` but not how to save from any field: a new
/// user tabbed to the button instead.
#[test]
fn the_login_form_footer_names_alt_enter() {
    let mut s = State::logged_out((120, 30), 0);
    s.stack
        .push(View::Form(AccountForm::new(LoginMethod::ApiToken, "")));
    let screen = common::render(&s);
    let footer = screen.lines().last().unwrap();
    assert!(footer.contains("enter next field"), "{footer}");
    assert!(footer.contains("alt-enter test and save"), "{footer}");
}

/// Draws as the runtime does: the frame, then what it drew back to `update`.
fn draw_and_feed_back(state: &mut State) -> String {
    let (w, h) = state.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let mut drawn = None;
    terminal
        .draw(|f| drawn = Some(wf_tui::ui::draw(f, state)))
        .unwrap();
    update(state, Msg::Drawn(drawn.unwrap()));
    common::buffer_text(terminal.backend().buffer())
}

/// `G` in the help then `↑` did nothing: the scroll was "the end" far past the last line, and
/// `↑` stepped back from there, out of sight.
#[test]
fn up_after_the_end_of_the_help_scrolls_back() {
    let mut s = state();
    key(&mut s, KeyCode::Char('?'));
    key(&mut s, KeyCode::Char('G'));
    let at_end = draw_and_feed_back(&mut s);
    key(&mut s, KeyCode::Up);
    let after_up = draw_and_feed_back(&mut s);
    assert_ne!(at_end, after_up, "one line up from the end");
    key(&mut s, KeyCode::Down);
    assert_eq!(draw_and_feed_back(&mut s), at_end, "and down again");
}
