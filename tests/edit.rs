//! Editing through the TUI against the stand-in over HTTP, the editor played by the test: an
//! edit applied after its diff, a second writer between open and save (nothing written, a
//! three-way view, the text kept), a syntax error and its fix, a condition the API refuses,
//! create, clone and delete, read-only refusing, a 400 with the API's words, a 500 on the PUT
//! (sent once, the text kept), several items in one buffer, and no change.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::api::edit::READ_ONLY_KEY;
use wf_tui::app::View;
use wf_tui::app::views::edit::{Outcome, Step};
use wf_tui::auth::LoginMethod;

async fn open(h: &mut Harness, kind: &str) {
    h.press(':');
    h.type_text(kind);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.table().kind.name, kind);
}

fn selected_id(h: &Harness) -> String {
    h.table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap()
        .id
        .as_deref()
        .map(String::from)
        .unwrap()
}

/// The text changed as JSON: `f` gets the item (or list) the editor shows.
fn changed(text: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut v = wf_tui::json::parse_str(text).unwrap();
    f(&mut v);
    wf_tui::json::value::to_pretty_text(&v)
}

fn step(h: &Harness) -> &Step {
    match h.state.view() {
        View::Edit(e) => &e.step,
        other => panic!("not an edit: {other:?}"),
    }
}

fn edit_file(h: &Harness) -> std::path::PathBuf {
    match h.state.view() {
        View::Edit(e) => e.file.clone().unwrap(),
        other => panic!("not an edit: {other:?}"),
    }
}

/// The requests the stand-in saw with this method and path.
fn seen(h: &Harness, method: &str, path: &str) -> usize {
    h.server
        .state()
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

fn stored(h: &Harness, kind: &'static str, id: &str) -> Option<Value> {
    h.server
        .state()
        .items(kind)
        .into_iter()
        .find(|i| i["id"] == id)
}

fn flash(h: &Harness) -> String {
    h.state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// The edit's file is gone within a moment (the worker removes it).
async fn gone(path: &std::path::Path) -> bool {
    for _ in 0..100 {
        if !path.exists() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn an_edit_is_reviewed_as_a_diff_and_written_with_y() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    // Fields the API may add later, and numbers as the server wrote them: kept exactly.
    let raw = r#"{"x": 1.50, "big": 123456789012345678901234567890}"#;
    h.server.state().edit_items("alert", |items| {
        let a = items.iter_mut().find(|a| a["id"] == id.as_str()).unwrap();
        a["futureField"] = wf_tui::json::parse_str(raw).unwrap();
    });
    h.press('e');
    h.settle().await;
    let text = h.editor_jobs.last().unwrap().text.clone();
    assert!(
        text.contains(READ_ONLY_KEY),
        "computed fields apart: {text}"
    );
    assert!(text.contains("123456789012345678901234567890") && text.contains("1.50"));
    h.edit(|t| {
        Ok(changed(t, |a| {
            a["name"] = json!("Queue depth pricing (edited)");
        }))
    })
    .await;
    h.settle().await;
    let Step::Review { planned, said } = step(&h) else {
        panic!("{:?}", step(&h));
    };
    assert_eq!(planned.len(), 1);
    assert_eq!(said, &["condition: WQL ✓"], "checked first");
    let screen = h.render();
    assert!(
        screen.contains("+   \"name\": \"Queue depth pricing (edited)\""),
        "{screen}"
    );
    assert!(screen.contains("-   \"name\":"), "{screen}");
    assert!(
        screen.contains(&format!("PUT /api/v2/alert/{id}")),
        "{screen}"
    );
    assert_eq!(
        seen(&h, "PUT", &format!("/api/v2/alert/{id}")),
        0,
        "nothing yet"
    );
    let file = edit_file(&h);
    h.press('y');
    h.settle().await;
    assert!(matches!(h.state.view(), View::Table(_)), "the edit closed");
    assert!(
        flash(&h).starts_with("updated: alert “Queue depth pricing (edited)”"),
        "{}",
        flash(&h)
    );
    assert_eq!(seen(&h, "PUT", &format!("/api/v2/alert/{id}")), 1);
    let after = stored(&h, "alert", &id).unwrap();
    assert_eq!(after["name"], "Queue depth pricing (edited)");
    let future = wf_tui::json::value::to_pretty_text(&after["futureField"]);
    assert!(future.contains("1.50") && future.contains("123456789012345678901234567890"));
    let row = h
        .table()
        .selected_row()
        .map(wf_tui::api::catalog::RowRef::to_row)
        .unwrap();
    assert!(
        format!("{:?}", row.cells).contains("(edited)"),
        "the row shows the new name"
    );
    assert!(gone(&file).await, "the text was used: its file is gone");
}

#[tokio::test]
async fn a_change_by_someone_else_meanwhile_is_not_written_over() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    h.press('e');
    h.settle().await;
    // A second writer, over HTTP, while the editor is open.
    let other = other_writer(&h).await;
    let path = format!("/api/v2/alert/{id}");
    let mut theirs = other.get(&path, &[]).await.unwrap();
    theirs["name"] = json!("renamed by someone else");
    let put = wf_tui::api::ApiRequest::put(path.clone()).with_body(theirs);
    other.execute(&put, &|_| {}).await.unwrap();
    assert_eq!(seen(&h, "PUT", &path), 1);

    h.edit(|t| {
        Ok(changed(t, |a| {
            a["minutes"] = json!(42);
        }))
    })
    .await;
    h.settle().await;
    assert!(matches!(step(&h), Step::Review { .. }));
    let file = edit_file(&h);
    h.press('y');
    h.settle().await;
    let Step::Done { results, .. } = step(&h) else {
        panic!("{:?}", step(&h));
    };
    assert!(
        matches!(results[0], Some(Outcome::Conflict(_))),
        "{results:?}"
    );
    assert_eq!(seen(&h, "PUT", &path), 1, "only the other writer's PUT");
    let after = stored(&h, "alert", &id).unwrap();
    assert_eq!(after["name"], "renamed by someone else");
    assert_ne!(after["minutes"], 42);
    let screen = h.render();
    assert!(
        screen.contains("changed on the server since you opened it"),
        "{screen}"
    );
    assert!(
        screen.contains("what you opened → what the server has now"),
        "{screen}"
    );
    assert!(
        screen.contains("+   \"name\": \"renamed by someone else\""),
        "{screen}"
    );
    h.press('G');
    let screen = h.render();
    assert!(screen.contains("what you opened → yours"), "{screen}");
    assert!(screen.contains("+   \"minutes\": 42"), "{screen}");
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(kept.contains("\"minutes\": 42"), "the edit is kept");
    assert!(screen.contains(&file.file_name().unwrap().to_string_lossy().to_string()));
    // esc leaves, and says where the text is.
    h.key(KeyCode::Esc);
    assert!(
        flash(&h).contains(&file.display().to_string()),
        "{}",
        flash(&h)
    );
    assert!(file.exists());
}

async fn other_writer(h: &Harness) -> wf_tui::api::Executor {
    let http = wf_tui::api::client::http_client(Default::default());
    wf_tui::auth::Session::login(http, h.server.account(LoginMethod::ApiToken))
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn a_syntax_error_names_where_and_the_editor_reopens_on_the_text() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    h.press('e');
    h.settle().await;
    h.edit(|t| Ok(t.replacen("\"name\":", "\"name\"", 1))).await;
    let Step::Invalid(why) = step(&h) else {
        panic!("{:?}", step(&h));
    };
    assert!(why.starts_with("line 3, column"), "{why}");
    assert!(
        h.render()
            .contains("the text cannot be used: line 3, column")
    );
    h.press('e');
    let job = h.editor_jobs.last().unwrap();
    assert!(
        job.text.contains("\"name\" \""),
        "the broken text comes back as it was left"
    );
    assert!(job.file.is_some(), "in the same file");
    h.edit(|t| {
        Ok(t.replacen("\"name\" ", "\"name\": ", 1)
            .replacen("\"minutes\": ", "\"minutes\": 1", 1))
    })
    .await;
    h.settle().await;
    assert!(matches!(step(&h), Step::Review { .. }), "{:?}", step(&h));
}

#[tokio::test]
async fn a_condition_the_api_refuses_is_never_written() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    h.press('e');
    h.settle().await;
    h.edit(|t| {
        Ok(changed(t, |a| {
            a["condition"] = json!("ts(cpu.load > 2");
        }))
    })
    .await;
    h.settle().await;
    let Step::Invalid(why) = step(&h) else {
        panic!("{:?}", step(&h));
    };
    assert!(
        why.contains("was refused") && why.contains("not closed"),
        "{why}"
    );
    assert_eq!(seen(&h, "POST", "/api/v2/alert/checkQuery"), 1);
    h.press('y');
    assert!(
        !h.editor_jobs.is_empty(),
        "y here goes back to the editor, it writes nothing"
    );
    assert_eq!(seen(&h, "PUT", &format!("/api/v2/alert/{id}")), 0);
}

#[tokio::test]
async fn a_new_item_from_the_template_is_created() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let before = h.server.state().items("alert").len();
    h.press('n');
    let template = h.editor_jobs.last().unwrap().text.clone();
    assert!(template.contains("\"//\""), "{template}");
    h.edit(|t| {
        Ok(changed(t, |a| {
            a["name"] = json!("disk almost full");
            a["condition"] = json!("ts(disk.used.percent) > 90");
        }))
    })
    .await;
    h.settle().await;
    let screen = h.render();
    assert!(screen.contains("POST /api/v2/alert"), "{screen}");
    assert!(
        screen.contains("+   \"name\": \"disk almost full\""),
        "{screen}"
    );
    assert!(!screen.contains("\"//"), "notes are not sent: {screen}");
    h.press('y');
    h.settle().await;
    assert!(
        flash(&h).starts_with("created: alert “disk almost full”"),
        "{}",
        flash(&h)
    );
    let items = h.server.state().items("alert");
    assert_eq!(items.len(), before + 1);
    let new = items
        .iter()
        .find(|a| a["name"] == "disk almost full")
        .unwrap();
    assert!(new.get("//").is_none());
    assert!(
        h.table()
            .rows
            .to_rows()
            .any(|r| format!("{:?}", r.cells).contains("disk almost full")),
        "the list shows it"
    );
}

#[tokio::test]
async fn an_unchanged_template_creates_nothing() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "derivedmetric").await;
    h.press('n');
    h.edit(|t| Ok(t.to_string())).await;
    assert!(flash(&h).contains("nothing created"), "{}", flash(&h));
    assert_eq!(seen(&h, "POST", "/api/v2/derivedmetric"), 0);
}

#[tokio::test]
async fn an_alert_is_cloned_by_its_endpoint_after_a_confirmation() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    let count = h.server.state().items("alert").len();
    // An alert has its own clone endpoint: confirmed, then sent.
    h.press('N');
    let confirm = h.state.confirm.clone().unwrap();
    let request = &confirm.requests()[0];
    assert_eq!(request.path, format!("/api/v2/alert/{id}/clone"));
    assert!(
        request.query[0].1.ends_with(" (copy)"),
        "{:?}",
        request.query
    );
    h.press('y');
    for _ in 0..50 {
        if h.state.flow.is_none() {
            break;
        }
        h.next_event().await;
    }
    assert_eq!(h.server.state().items("alert").len(), count + 1);
}

#[tokio::test]
async fn a_copy_is_created_from_the_editor_and_deleted_after_a_confirmation() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    // A derived metric has no clone endpoint: a copy in the editor, created once saved.
    open(&mut h, "derivedmetric").await;
    let dm = selected_id(&h);
    h.press('N');
    h.settle().await;
    let text = h.editor_jobs.last().unwrap().text.clone();
    assert!(
        !text.contains(&format!("\"id\": \"{dm}\"")),
        "a copy has no id: {text}"
    );
    h.edit(|t| Ok(t.to_string())).await;
    h.settle().await;
    h.press('y');
    h.settle().await;
    assert!(
        flash(&h).starts_with("created: derived metric"),
        "{}",
        flash(&h)
    );
    let copies = h.server.state().items("derivedmetric");
    let copy = copies
        .iter()
        .find(|d| d["name"].as_str().unwrap().ends_with(" (copy)"))
        .unwrap();
    let copy_id = copy["id"].as_str().unwrap().to_string();
    assert_ne!(copy_id, dm);

    // Delete: confirmed, naming the item.
    let rows = &h.table().rows;
    let at = rows
        .iter()
        .position(|r| r.id() == Some(copy_id.as_str()))
        .unwrap();
    h.press('g');
    for _ in 0..at {
        h.press('j');
    }
    assert_eq!(selected_id(&h), copy_id);
    h.press('D');
    let screen = h.render();
    assert!(
        screen.contains("(copy)"),
        "the confirmation names it: {screen}"
    );
    h.press('y');
    for _ in 0..50 {
        if h.state.flow.is_none() {
            break;
        }
        h.next_event().await;
    }
    assert!(stored(&h, "derivedmetric", &copy_id).is_none());
    assert!(
        !h.table()
            .rows
            .to_rows()
            .any(|r| r.id.as_deref() == Some(copy_id.as_str()))
    );
}

#[tokio::test]
async fn read_only_refuses_before_the_editor_opens() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    h.state.read_only.flag = true;
    for key in ['e', 'n', 'N'] {
        h.press(key);
        assert!(h.editor_jobs.is_empty(), "{key}");
        assert!(matches!(h.state.view(), View::Table(_)), "{key}");
        assert!(
            flash(&h).starts_with("read-only (--readonly)"),
            "{key}: {}",
            flash(&h)
        );
    }
    // The confirmation of an alert's clone or a delete says so, and the yes is refused.
    h.press('D');
    assert!(h.render().contains("read-only (--readonly)"));
    h.press('y');
    assert!(flash(&h).starts_with("read-only: DELETE"), "{}", flash(&h));
}

#[tokio::test]
async fn the_worker_refuses_edits_in_read_only_mode_too() {
    let server = wf_tui::demo::DemoServer::start(Default::default())
        .await
        .unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let config = wf_tui::worker::WorkerConfig {
        read_only: wf_tui::readonly::ReadOnly::new(true, false, false),
        ..wf_tui::worker::WorkerConfig::ephemeral()
    };
    let mut h = Harness::with_account_config(server, account, config, (100, 30));
    h.settle().await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    // The UI does not know (as if its check were missed): the worker still refuses.
    h.press('e');
    h.settle().await;
    h.edit(|t| {
        Ok(changed(t, |a| {
            a["minutes"] = json!(7);
        }))
    })
    .await;
    h.settle().await;
    h.press('y');
    h.settle().await;
    let Step::Done { results, .. } = step(&h) else {
        panic!("{:?}", step(&h));
    };
    let Some(Outcome::Failed(why)) = &results[0] else {
        panic!("{results:?}");
    };
    assert!(why.starts_with("read-only"), "{why}");
    assert_eq!(seen(&h, "PUT", &format!("/api/v2/alert/{id}")), 0);
}

#[tokio::test]
async fn a_400_shows_the_apis_words_and_keeps_the_text() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "derivedmetric").await;
    h.press('e');
    h.settle().await;
    h.edit(|t| {
        Ok(changed(t, |d| {
            d.as_object_mut().unwrap().shift_remove("query");
        }))
    })
    .await;
    h.settle().await;
    let file = edit_file(&h);
    h.press('y');
    h.settle().await;
    let Step::Done { results, .. } = step(&h) else {
        panic!("{:?}", step(&h));
    };
    let Some(Outcome::Failed(why)) = &results[0] else {
        panic!("{results:?}");
    };
    assert!(why.contains("query is required"), "{why}");
    let screen = h.render();
    assert!(screen.contains("query is required"), "{screen}");
    assert!(
        flash(&h).contains(&file.display().to_string()),
        "{}",
        flash(&h)
    );
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"query\"")
    );
}

#[tokio::test]
async fn a_500_on_the_put_is_not_sent_again_and_the_text_is_kept() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    let path = format!("/api/v2/alert/{id}");
    let rule = wf_tui::demo::faults::parse(&format!("500:method=PUT:path={path}")).unwrap();
    let rule = h.server.state().add_fault(rule);
    h.press('e');
    h.settle().await;
    h.edit(|t| {
        Ok(changed(t, |a| {
            a["minutes"] = json!(9);
        }))
    })
    .await;
    h.settle().await;
    let file = edit_file(&h);
    h.press('y');
    h.settle().await;
    let Step::Done { results, .. } = step(&h) else {
        panic!("{:?}", step(&h));
    };
    let Some(Outcome::Failed(why)) = &results[0] else {
        panic!("{results:?}");
    };
    assert!(why.contains("500"), "{why}");
    assert_eq!(rule.fired(), 1, "a failed PUT is not retried");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"minutes\": 9")
    );
    assert!(
        h.render()
            .contains(&file.file_name().unwrap().to_string_lossy().to_string())
    );
}

#[tokio::test]
async fn marked_rows_are_edited_in_one_buffer_and_written_one_by_one() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "notificant").await;
    h.press(' ');
    h.press(' ');
    let marked: Vec<String> = h.state.marks.ids.iter().cloned().collect();
    assert_eq!(marked.len(), 2);
    h.press('e');
    h.settle().await;
    let text = h.editor_jobs.last().unwrap().text.clone();
    assert!(text.trim_start().starts_with('['), "a list: {text}");
    h.edit(|t| {
        Ok(changed(t, |list| {
            for item in list.as_array_mut().unwrap() {
                let title = item["title"].as_str().unwrap().to_string();
                item["title"] = json!(format!("{title} (team)"));
            }
        }))
    })
    .await;
    h.settle().await;
    let Step::Review { planned, .. } = step(&h) else {
        panic!("{:?}", step(&h));
    };
    assert_eq!(planned.len(), 2);
    h.press('y');
    h.settle().await;
    assert_eq!(flash(&h), "2 alert targets updated");
    for id in &marked {
        let t = stored(&h, "notificant", id).unwrap();
        assert!(t["title"].as_str().unwrap().ends_with(" (team)"));
        assert_eq!(seen(&h, "PUT", &format!("/api/v2/notificant/{id}")), 1);
    }
}

#[tokio::test]
async fn no_change_writes_nothing() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    let id = selected_id(&h);
    h.press('e');
    h.settle().await;
    h.edit(|t| Ok(t.to_string())).await;
    h.settle().await;
    assert_eq!(flash(&h), "no change: nothing written");
    assert!(matches!(h.state.view(), View::Table(_)));
    assert_eq!(seen(&h, "PUT", &format!("/api/v2/alert/{id}")), 0);
}

#[tokio::test]
async fn an_editor_that_gives_up_writes_nothing_and_says_where_the_text_is() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    h.press('e');
    h.settle().await;
    h.edit(|_| {
        Err(wf_tui::editor::EditorError::Exited {
            command: "vim".into(),
            status: "exit status: 1".into(),
        })
    })
    .await;
    assert!(matches!(h.state.view(), View::Table(_)));
    let text = flash(&h);
    assert!(
        text.contains("nothing written") && text.contains(".json"),
        "{text}"
    );
}

/// The real binary in a terminal, `--demo`, with an editor that is a script rewriting the
/// file (and keeping a copy of what it was given): `e` leaves the full screen for it and comes
/// back to the review, `y` writes (the edit's file is removed only then), and a second `e`
/// opens the item as the server now has it, with the change.
#[cfg(unix)]
#[test]
fn in_a_terminal_the_editor_takes_over_and_y_writes_the_edit() {
    use common::pty::{Step, Then};
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let seen = home.path().join("seen");
    std::fs::create_dir(&seen).unwrap();
    let editor = home.path().join("editor.sh");
    let script = format!(
        "#!/bin/sh\ncp \"$1\" \"{}/$(ls {} | wc -l).json\"\n\
         sed -i -e 's/\"minutes\": [0-9]*/\"minutes\": 77/' \"$1\"\n",
        seen.display(),
        seen.display()
    );
    std::fs::write(&editor, script).unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.arg("--demo")
        .env("TERM", "xterm-256color")
        .env("EDITOR", &editor)
        .env_remove("VISUAL");
    let runs = |n: usize| {
        let seen = seen.clone();
        move || std::fs::read_dir(&seen).map_or(0, Iterator::count) >= n
    };
    let (first, second) = (runs(1), runs(2));
    let steps = [
        Step::Keys(b":alert\r"),
        Step::Shown("SEVERITY"),
        Step::Keys(b"e"),
        Step::Until(&first),
        Step::Shown("writes"),
        Step::Keys(b"y"),
        Step::Until(&|| edit_files(home.path()).is_empty()),
        Step::Keys(b"e"),
        Step::Until(&second),
        // ctrl-c only once the app has its screen (and raw mode) back after the second editor:
        // sent while the editor held the terminal it was a SIGINT to both (exit 130).
        Step::Times("\x1b[?1049h", 3),
        Step::Keys(b"\x03"),
    ];
    let (status, out, _) =
        common::pty::run_with_input(cmd, None, Some(("Cloud integrations", Then::Steps(&steps))));
    assert!(status.success(), "{status:?}");
    let before = std::fs::read_to_string(home.path().join("seen/0.json")).unwrap();
    let after = std::fs::read_to_string(home.path().join("seen/1.json")).unwrap();
    assert!(!before.contains("\"minutes\": 77"), "{before}");
    assert!(
        after.contains("\"minutes\": 77"),
        "the server has the edit: {after}"
    );
    // It left the alternate screen for the editor and came back to it.
    let leave = out.find("\x1b[?1049l").expect("left the full screen");
    assert!(out[leave..].contains("\x1b[?1049h"), "came back");
    assert!(out.contains("WQL"), "the condition was checked");
}

/// Files in the edits folder of the state folder `wf_tui_command` sets up.
#[cfg(unix)]
fn edit_files(home: &std::path::Path) -> Vec<std::path::PathBuf> {
    let dir = home.join("xdg_state_home").join("wf-tui").join("edits");
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn help_and_quit_still_work_in_an_edit() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    open(&mut h, "alert").await;
    h.press('e');
    h.settle().await;
    h.edit(|t| {
        Ok(changed(t, |a| {
            a["minutes"] = json!(3);
        }))
    })
    .await;
    h.settle().await;
    h.press('?');
    assert!(h.state.help.is_some(), "? shows the keys here too");
    assert!(
        h.render().contains("edit the item's JSON"),
        "{}",
        h.render()
    );
    h.key(KeyCode::Esc);
    assert!(
        matches!(step(&h), Step::Review { .. }),
        "esc closed only the help"
    );
    h.send(wf_tui::app::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('c'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    assert!(h.state.quit);
}
