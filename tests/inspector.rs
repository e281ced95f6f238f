//! The inspector in the app: opening an item, folding, searching, paths, copying, jq filters,
//! saving, and how it looks.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::sync::Arc;

use common::{Harness, render};
use crossterm::event::KeyCode;
use wf_tui::app::inspector::Inspector;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::LoginMethod;
use wf_tui::json::Doc;
use wf_tui::worker::Command;

fn inspector(h: &Harness) -> &Inspector {
    match h.state.view() {
        View::Detail(d) => d,
        other => panic!("expected the inspector, got {other:?}"),
    }
}

async fn open_dashboard(h: &mut Harness) {
    h.press(':');
    h.type_text("dashboards");
    h.key(KeyCode::Enter);
    h.settle().await;
    // `enter` plays a dashboard (#20); `i` opens its JSON.
    h.press('i');
    h.settle().await;
    assert!(inspector(h).doc().is_some());
}

#[tokio::test]
async fn search_fold_path_copy_and_jq_on_a_real_item() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_dashboard(&mut h).await;
    // Fold everything, then search: the match opens its folded ancestors.
    h.press('H');
    h.press('/');
    h.type_text("ts(");
    h.key(KeyCode::Enter);
    let d = inspector(&h);
    let found = d.search.as_ref().unwrap().matches.len();
    assert!(found > 3, "queries of the charts: {found}");
    let path = d.path();
    assert!(path.starts_with(".sections[0].rows["), "{path}");
    assert!(path.ends_with(".query"), "{path}");
    let screen = h.render();
    assert!(
        screen.contains(&path),
        "the status shows the path {path}: {screen}"
    );
    h.press('n');
    assert_ne!(inspector(&h).path(), path);
    // Y copies the path, y the value: both go out as clipboard commands.
    h.state.now_ms += 1;
    let commands = update(&mut h.state, Msg::Key(common::key(KeyCode::Char('Y'))));
    assert!(
        matches!(&commands[..], [Command::Copy(p)] if p.starts_with(".sections")),
        "{commands:?}"
    );
    let commands = update(&mut h.state, Msg::Key(common::key(KeyCode::Char('y'))));
    assert!(
        matches!(&commands[..], [Command::Copy(v)] if v.starts_with('"')),
        "{commands:?}"
    );
    // A jq filter opens its result as a new document; esc comes back.
    let depth = h.state.stack.len();
    h.press('|');
    h.type_text("[.sections[].rows[].charts[].name] | length");
    h.key(KeyCode::Enter);
    h.settle().await;
    let result = inspector(&h);
    assert!(result.error().is_none(), "{:?}", result.error());
    let text = String::from_utf8_lossy(&result.doc().unwrap().text).into_owned();
    assert!(text.parse::<u32>().unwrap() > 0, "{text}");
    assert_eq!(h.state.stack.len(), depth + 1);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.stack.len(), depth);
    assert_eq!(h.state.jq_history.len(), 1);
    // A broken filter says why, and the original stays one esc away.
    h.press('|');
    h.type_text(".[");
    h.key(KeyCode::Enter);
    h.settle().await;
    let err = inspector(&h).error().unwrap().to_string();
    assert!(
        err.contains("invalid filter: expected closing bracket"),
        "{err}"
    );
    h.key(KeyCode::Esc);
    // History: up recalls the last good filter.
    h.press('|');
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    let View::Detail(d) = h.state.view() else {
        panic!()
    };
    assert_eq!(
        d.jq_input.as_ref().unwrap().0.value(),
        "[.sections[].rows[].charts[].name] | length"
    );
}

#[tokio::test]
async fn save_writes_the_document_or_the_value() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open_dashboard(&mut h).await;
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("dash.json");
    h.press(':');
    h.type_text(&format!("w {}", whole.display()));
    h.key(KeyCode::Enter);
    h.next_event().await;
    assert!(h.state.flash.as_ref().unwrap().text.starts_with("saved"));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&whole).unwrap()).unwrap();
    assert_eq!(saved["url"], saved["id"]);
    h.press('j');
    h.press('j');
    let one = dir.path().join("value.json");
    h.press(':');
    h.type_text(&format!("wv {}", one.display()));
    h.key(KeyCode::Enter);
    h.next_event().await;
    let value = std::fs::read_to_string(&one).unwrap();
    assert_eq!(
        value.trim(),
        format!("\"{}\"", saved["url"].as_str().unwrap())
    );
    // A file that cannot be written: one clear message, nothing else changes.
    h.press(':');
    h.type_text("w /nonexistent/dir/x.json");
    h.key(KeyCode::Enter);
    h.next_event().await;
    assert!(
        h.state
            .flash
            .as_ref()
            .unwrap()
            .text
            .starts_with("cannot write /nonexistent/dir/x.json")
    );
}

fn standalone(text: &str, size: (u16, u16)) -> State {
    let doc = Arc::new(Doc::parse(text.as_bytes().to_vec()).unwrap());
    let view = Inspector::with_doc("doc.json".into(), String::new(), doc);
    State::standalone("inspect doc.json", view, size, 0)
}

const DOC: &str = r#"{"name":"High CPU on api tier","condition":"ts(cpu.usage.percentage, env=prod and role=api) > 90 and ts(cpu.usage.percentage, env=prod and role=api) > 90","severity":"WARN","tags":{"customerTags":["team.platform","env.prod"]},"targets":[],"snoozed":-1,"obj":{},"weird\u001b[2J key":"bidi \u202e txt","nested":{"a":[1,2,{"b":null}]}}"#;

#[test]
fn tree_snapshot() {
    let state = standalone(DOC, (70, 18));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn folded_and_searched_snapshot() {
    let mut state = standalone(DOC, (70, 12));
    for key in [KeyCode::Char('H'), KeyCode::Char('/')] {
        update(&mut state, Msg::Key(common::key(key)));
    }
    for c in "null".chars() {
        update(&mut state, Msg::Key(common::key(KeyCode::Char(c))));
    }
    update(&mut state, Msg::Key(common::key(KeyCode::Enter)));
    insta::assert_snapshot!(render(&state));
}

#[test]
fn wrapped_and_whole_string_snapshot() {
    let mut state = standalone(DOC, (60, 16));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('w'))));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('j'))));
    update(&mut state, Msg::Key(common::key(KeyCode::Char('j'))));
    let wrapped = render(&state);
    assert!(
        wrapped.contains("i) > 90\""),
        "the whole condition shows: {wrapped}"
    );
    insta::assert_snapshot!("wrapped", wrapped);
    update(&mut state, Msg::Key(common::key(KeyCode::Char('v'))));
    insta::assert_snapshot!("whole_string", render(&state));
}

#[test]
fn hostile_keys_and_values_are_drawn_safely() {
    let mut state = standalone(DOC, (70, 18));
    update(&mut state, Msg::Key(common::key(KeyCode::End)));
    let screen = render(&state);
    assert!(
        !screen.contains('\x1b') && !screen.contains('\u{202e}'),
        "{screen}"
    );
    assert!(matches!(state.login, LoginState::Standalone(_)));
}

#[tokio::test]
async fn an_answer_that_is_not_json_is_shown_as_text_with_the_reason() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server
        .state()
        .html_details
        .store(true, std::sync::atomic::Ordering::SeqCst);
    h.key(KeyCode::Enter);
    h.settle().await;
    let d = inspector(&h);
    assert!(d.error().unwrap_or("").contains("not JSON"), "{d:?}");
    assert!(
        d.plain()
            .unwrap()
            .iter()
            .any(|l| l.contains("Please sign in"))
    );
    let screen = h.render();
    assert!(
        screen.contains("shown as text") && screen.contains("Please sign in"),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    assert!(matches!(h.state.view(), View::Table(_)));
}

fn press(state: &mut State, keys: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        commands.extend(update(state, Msg::Key(common::key(code))));
    }
    commands
}

/// The text of the file or stdin of `wf-tui inspect`: kept as it came.
fn own_text(text: &str, size: (u16, u16)) -> State {
    let doc = Arc::new(Doc::parse_or_return(text.as_bytes().to_vec(), None).unwrap());
    let view = Inspector::with_doc("doc.json".into(), String::new(), doc);
    State::standalone("inspect doc.json", view, size, 0)
}

fn saved(commands: &[Command]) -> &str {
    match commands {
        [Command::Save { contents, .. }] => contents,
        other => panic!("expected a save, got {other:?}"),
    }
}

const ESCAPED: &str = "{\"jp\": \"\\u65e5\\u672c\", \"pair\": \"\\ud83d\\ude00\",\n \"nul\": \"a\\u0000b\", \"esc\": \"\\u001b[31mred\", \"lone\": \"\\ud800x\",\n \"tab\": \"a\\tb\", \"n\": 1.50}";

/// `\u` escapes show the text they spell; what could not be drawn safely (NUL, ESC, a lone
/// surrogate) stays the escape it was; search finds the text; the bytes are saved as they came.
#[test]
fn escapes_show_their_text_search_finds_it_and_the_bytes_stay() {
    let mut state = own_text(ESCAPED, (60, 12));
    let screen = render(&state);
    // A wide character's second cell reads as a space on the test screen.
    let tight = screen.replace(' ', "");
    assert!(tight.contains("jp:\"日本\""), "{screen}");
    assert!(tight.contains("pair:\"😀\""), "{screen}");
    assert!(screen.contains(r#"nul: "a\u0000b""#), "{screen}");
    assert!(screen.contains(r#"esc: "\u001b[31mred""#), "{screen}");
    assert!(screen.contains(r#"lone: "\ud800x""#), "{screen}");
    assert!(
        !screen.contains('\x1b') && !screen.contains('\0'),
        "{screen}"
    );
    insta::assert_snapshot!("escapes_decoded", screen);
    press(&mut state, "/日本\n");
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert_eq!(d.search.as_ref().unwrap().matches, vec![1]);
    assert_eq!(d.path(), ".jp");
    // The value copies as written, the string as its text.
    let commands = press(&mut state, "yy");
    assert!(
        matches!(&commands[..], [Command::Copy(v), Command::Copy(w)] if v == w && v == r#""\u65e5\u672c""#),
        "{commands:?}"
    );
    let commands = press(&mut state, "ys");
    assert!(
        matches!(&commands[1..], [Command::Copy(s)] if s == "日本"),
        "{commands:?}"
    );
    // `:w` of the unedited document writes its bytes, not a re-spelling of them.
    let commands = press(&mut state, ":w /tmp/x.json\n");
    assert_eq!(saved(&commands), ESCAPED);
}

/// jless's copy chords: `y` still copies the value at once, and the key after it picks another
/// copy; a key that continues none counts on its own.
#[test]
fn copy_variants_follow_jless() {
    let text = r#"{"a": {"b c": [{"s": "x\ty", "n": [1, 2]}]}}"#;
    let mut state = standalone(text, (80, 14));
    press(&mut state, "jjjj");
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert_eq!(d.path(), r#".a["b c"][0].s"#);
    let copies = |state: &mut State, keys: &str| -> Vec<String> {
        press(state, keys)
            .into_iter()
            .map(|c| match c {
                Command::Copy(text) => text,
                other => panic!("{other:?}"),
            })
            .collect()
    };
    let value = r#""x\ty""#.to_string();
    assert_eq!(copies(&mut state, "y"), [value.as_str()]);
    assert!(
        state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("then v one line")
    );
    assert_eq!(copies(&mut state, "s"), ["x\ty"]);
    assert_eq!(copies(&mut state, "yk"), [value.clone(), "s".into()]);
    assert_eq!(copies(&mut state, "yp")[1], r#".a["b c"][0].s"#);
    assert_eq!(copies(&mut state, "yb")[1], r#"["a"]["b c"][0]["s"]"#);
    assert_eq!(copies(&mut state, "yq")[1], r#".a["b c"][].s"#);
    assert_eq!(copies(&mut state, "Y"), [r#".a["b c"][0].s"#]);
    press(&mut state, "j");
    assert_eq!(copies(&mut state, "yv")[1], "[1,2]");
    assert!(copies(&mut state, "yy")[1].starts_with("[\n  1,"));
    // y then j: the value was copied, and j still moves down.
    assert_eq!(copies(&mut state, "yj").len(), 1);
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert_eq!(d.path(), r#".a["b c"][0].n[0]"#);
    // The help lists every chord.
    state.size = (100, 90);
    press(&mut state, "?");
    let help = render(&state);
    for line in ["y b", "copy the path in brackets", "y s", "y v"] {
        assert!(help.contains(line), "{line}: {help}");
    }
}

/// At the bottom of a 2,000-deep document the rows still show (indentation stops at a cap,
/// where the depth is written), and the position line keeps the end of the path and the count.
#[test]
fn the_bottom_of_a_2000_deep_document_shows_rows_and_its_place() {
    let depth = 2000;
    let text = format!("{}\"bottom\"{}", "[".repeat(depth), "]".repeat(depth));
    let mut state = standalone(&text, (80, 10));
    press(&mut state, "G");
    let screen = render(&state);
    let lines: Vec<&str> = screen.lines().collect();
    let place = lines[1];
    assert!(
        place.contains(" …[0][0]") && place.ends_with("[0][0]  2001/2001"),
        "{screen}"
    );
    for row in &lines[2..8] {
        assert!(row.contains("0: ["), "a row with nothing on it: {screen}");
    }
    assert!(lines[8].contains("2000›   0: \"bottom\""), "{screen}");
    insta::assert_snapshot!("deep_bottom", screen);
}

const NDJSON: &str = "{\"host\": \"web-01\", \"cpu\": 93.5}\n{\"host\": \"web-02\"}\n\n[1, 2]\n";

/// Several documents open as a list of them; paths, copies and filters treat them so, and `:w`
/// writes the text as it came.
#[test]
fn ndjson_opens_as_a_list_and_saves_as_it_came() {
    let mut state = own_text(NDJSON, (70, 12));
    let screen = render(&state);
    assert!(screen.contains("3 documents (NDJSON)"), "{screen}");
    assert!(screen.contains("▾ [3 documents]"), "{screen}");
    insta::assert_snapshot!("ndjson", screen);
    press(&mut state, "/web-02\n");
    let View::Detail(d) = state.view() else {
        panic!()
    };
    assert_eq!(d.path(), ".[1].host");
    press(&mut state, "g");
    let commands = press(&mut state, "yv");
    assert!(
        matches!(&commands[1], Command::Copy(v) if v == r#"[{"host":"web-01","cpu":93.5},{"host":"web-02"},[1,2]]"#),
        "{commands:?}"
    );
    let commands = press(&mut state, ":w /tmp/x.ndjson\n");
    assert_eq!(saved(&commands), NDJSON);
    // A filter sees the list: `length` counts the documents.
    let doc = inspector_of(&state).doc().unwrap().clone();
    let out = wf_tui::json::jq::run("length", &doc.json_text()).unwrap();
    assert_eq!(out, "3");
}

fn inspector_of(state: &State) -> &Inspector {
    match state.view() {
        View::Detail(d) => d,
        other => panic!("expected the inspector, got {other:?}"),
    }
}

#[cfg(unix)]
mod pty {
    use super::common;
    use common::pty::Then;

    fn run(args: &[&str], stdin: Option<&str>, shown: &str, keys: &[u8]) -> String {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.args(args).env("TERM", "xterm-256color");
        let input = stdin.map(|s| s.as_bytes().to_vec());
        let (status, out, _) =
            common::pty::run_with_input(cmd, input, Some((shown, Then::Keys(keys))));
        assert!(status.success(), "{status:?}: {out:?}");
        out
    }

    #[test]
    fn inspect_opens_ndjson_and_saves_its_bytes() {
        use common::pty::Step;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.ndjson");
        std::fs::write(&file, super::NDJSON).unwrap();
        let out_file = dir.path().join("saved.ndjson");
        let keys = format!(":w {}\r", out_file.display());
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.args(["inspect", file.to_str().unwrap()])
            .env("TERM", "xterm-256color");
        let steps = [
            Step::Keys(keys.as_bytes()),
            Step::Shown("saved"),
            Step::Keys(b"q"),
        ];
        let (status, out, _) = common::pty::run_with_input(
            cmd,
            None,
            Some(("3 documents (NDJSON)", Then::Steps(&steps))),
        );
        assert!(status.success(), "{status:?}: {out:?}");
        let saved = std::fs::read_to_string(&out_file);
        assert_eq!(saved.ok().as_deref(), Some(super::NDJSON), "{out:?}");
    }

    /// `:w` and `q` typed at once: the file is written before the process ends (it was
    /// dropped with the worker's task).
    #[test]
    fn quitting_right_after_w_still_writes_the_file() {
        use common::pty::Step;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.ndjson");
        std::fs::write(&file, super::NDJSON).unwrap();
        let out_file = dir.path().join("saved.ndjson");
        let keys = format!(":w {}\rq", out_file.display());
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.args(["inspect", file.to_str().unwrap()])
            .env("TERM", "xterm-256color");
        let steps = [Step::Keys(keys.as_bytes())];
        let (status, out, _) = common::pty::run_with_input(
            cmd,
            None,
            Some(("3 documents (NDJSON)", Then::Steps(&steps))),
        );
        assert!(status.success(), "{status:?}: {out:?}");
        let saved = std::fs::read_to_string(&out_file);
        assert_eq!(saved.ok().as_deref(), Some(super::NDJSON), "{out:?}");
    }

    #[test]
    fn inspect_reads_concatenated_documents_from_stdin() {
        let out = run(
            &["inspect", "-"],
            Some(r#"{"a":1}{"b":"\u65e5\u672c"} [3]"#),
            "3 documents (concatenated)",
            b"q",
        );
        assert!(out.contains("inspect stdin"));
    }

    #[test]
    fn a_broken_later_document_names_its_line_and_column() {
        let out = run(
            &["inspect", "-"],
            Some("{\"a\":1}\n{\"b\":}\n"),
            "line 2, column 6",
            b"q",
        );
        assert!(out.contains("expected a value"), "{out:?}");
    }

    #[test]
    fn inspect_shows_escaped_text_and_never_sends_its_controls() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("escaped.json");
        std::fs::write(
            &file,
            r#"{"jp":"\u65e5\u672c","esc":"\u001b[31mred","nul":"\u0000"}"#,
        )
        .unwrap();
        let out = run(&["inspect", file.to_str().unwrap()], None, "日", b"q");
        assert!(out.contains(r#""\u001b[31mred""#), "{out:?}");
        assert!(
            !out.contains("\u{1b}[31mred") && !out.contains('\0'),
            "{out:?}"
        );
    }

    #[test]
    fn the_bottom_of_a_2000_deep_file_shows_its_rows() {
        use common::pty::Step;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("deep.json");
        let depth = 2000;
        let text = format!("{}\"bottom\"{}", "[".repeat(depth), "]".repeat(depth));
        std::fs::write(&file, text).unwrap();
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.args(["inspect", file.to_str().unwrap()])
            .env("TERM", "xterm-256color");
        let steps = [Step::Keys(b"G"), Step::Shown("bottom"), Step::Keys(b"q")];
        let (status, out, _) =
            common::pty::run_with_input(cmd, None, Some(("1/2001", Then::Steps(&steps))));
        assert!(status.success(), "{status:?}");
        assert!(
            out.contains("2000›") && out.contains("\"bottom\""),
            "{out:?}"
        );
    }
}

/// A document of `items` objects, as `wf-tui inspect` gets from an API dump.
fn items_document(count: usize) -> Vec<u8> {
    let items: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"id":"dash-{i}","n":{i},"tags":["a","b"]}}"#))
        .collect();
    format!(r#"{{"items":[{}],"moreItems":false}}"#, items.join(",")).into_bytes()
}

/// `wf-tui inspect`'s view of a large file before its index is complete: its first values,
/// folded as `values` values will be, the rest coming as request 7.
fn previewed(text: &[u8], values: usize, threshold: usize) -> State {
    let preview = Doc::preview(&text[..text.len().min(64 << 10)], 400).unwrap();
    let mut view = Inspector::loading("big.json".into(), String::new(), 7);
    view.large_document_values = threshold;
    view.set_preview(Arc::new(preview), values, 7);
    let mut state = State::standalone("inspect big.json", view, (80, 24), 0);
    state.large_document_values = threshold;
    state
}

fn complete(text: &[u8], threshold: usize) -> State {
    let doc = Arc::new(Doc::parse_or_return(text.to_vec(), None).unwrap());
    let mut view = Inspector::loading("big.json".into(), String::new(), 0);
    view.large_document_values = threshold;
    view.set_doc(doc);
    State::standalone("inspect big.json", view, (80, 24), 0)
}

fn visible_rows(state: &State) -> Vec<usize> {
    let v = inspector_of(state);
    std::iter::successors(Some(0), |&i| v.next_visible(i)).collect()
}

fn indexed(state: &mut State, text: &[u8]) -> Vec<Command> {
    let doc = Arc::new(Doc::parse_or_return(text.to_vec(), None).unwrap());
    let event = wf_tui::worker::Event::Document {
        id: 7,
        result: Ok(doc),
    };
    update(state, Msg::Worker(event))
}

/// The rows a preview shows are those the complete index shows (the first of them), drawn
/// the same but for the containers still being indexed, which count their children so far.
#[test]
fn a_preview_shows_the_first_rows_of_the_complete_document() {
    let text = items_document(3000);
    // Small enough to open unfolded: the preview's rows are the complete view's first rows.
    let (preview, whole) = (previewed(&text, 1000, 100_000), complete(&text, 100_000));
    let (shown, all) = (visible_rows(&preview), visible_rows(&whole));
    assert_eq!(shown.len(), 400);
    assert_eq!(shown[..], all[..400]);
    let (ours, theirs) = (render(&preview), render(&whole));
    let doc = inspector_of(&preview).doc().unwrap().clone();
    assert!(
        ours.lines().any(|l| l.contains("big.json    indexing… ")),
        "{ours}"
    );
    // From the root's line down, a line a node.
    let first = ours.lines().position(|l| l.starts_with("▾ {")).unwrap();
    let rows = ours.lines().zip(theirs.lines()).enumerate().skip(first);
    for (row, (a, b)) in rows.take(18) {
        if doc.is_open(row - first) {
            assert!(a.contains("… item") || a.contains("… key"), "{a}");
        } else {
            assert_eq!(a, b);
        }
    }
    // Large (guessed from the file's size): folded below the first level, as the whole will be.
    let (preview, whole) = (previewed(&text, 20_000, 1000), complete(&text, 1000));
    assert_eq!(visible_rows(&preview), vec![0, 1]);
    assert_eq!(visible_rows(&whole), vec![0, 1, whole_len(&whole) - 1]);
    assert!(render(&preview).contains("items: [") && render(&preview).contains("… items]"));
}

fn whole_len(state: &State) -> usize {
    inspector_of(state).doc().unwrap().len()
}

/// `G`, a search and folding the root wait for the complete index, say so, and run once it is
/// here; moving and folding what is indexed work at once; nothing is saved from a preview.
#[test]
fn what_needs_the_whole_document_waits_for_its_index() {
    let text = items_document(3000);
    let mut state = previewed(&text, 1000, 100_000);
    press(&mut state, "jjj");
    assert_eq!(inspector_of(&state).cursor, 3);
    press(&mut state, "G");
    assert_eq!(inspector_of(&state).cursor, 3, "G waits");
    let said = state.flash.as_ref().unwrap().text.clone();
    assert!(
        said.starts_with("indexing… ") && said.contains("bottom"),
        "{said}"
    );
    assert!(press(&mut state, ":w /tmp/never.json\n").is_empty());
    assert!(
        state
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to save yet")
    );
    indexed(&mut state, &text);
    let v = inspector_of(&state);
    assert!(!v.doc().unwrap().is_partial() && !v.is_indexing());
    assert_eq!(
        v.cursor,
        whole_len(&state) - 1,
        "G ran once the index was complete"
    );
    assert!(!render(&state).contains("indexing…"));
    assert_eq!(state.flash.as_ref().unwrap().text, "indexed: bottom");

    // Folding the root (a container still open) waits too; a search waits, then opens.
    let mut state = previewed(&text, 1000, 100_000);
    press(&mut state, "h");
    assert!(!inspector_of(&state).folded[0]);
    assert_eq!(
        inspector_of(&state).put_off,
        Some(wf_tui::app::keymap::Action::Collapse)
    );
    press(&mut state, "/");
    assert!(inspector_of(&state).search_input.is_none());
    indexed(&mut state, &text);
    assert!(
        inspector_of(&state).search_input.is_some(),
        "the last key put off ran"
    );
    // The index came with the folds and the cursor of the preview kept.
    assert_eq!(visible_rows(&state).len(), whole_len(&state));
}
