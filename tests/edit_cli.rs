//! `wf-tui edit|create|clone|delete` against a stand-in in this process: writes shown and
//! asked for (or `--yes`), read-only refusing with exit code 3, the condition checked, bad
//! files and bodies reported with where and why, a text that was not used kept in its file,
//! and in a terminal: the question answered, and a change on the server meanwhile refused.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::process::Output;

use serde_json::Value;
use wf_tui::demo::{DemoOptions, DemoServer};

struct Cli {
    server: DemoServer,
    home: tempfile::TempDir,
}

impl Cli {
    async fn start() -> Cli {
        Cli {
            server: DemoServer::start(DemoOptions::default()).await.unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = common::wf_tui_command(self.home.path());
        cmd.env("WAVEFRONT_ADDRESS", self.server.url());
        cmd.env(
            "WAVEFRONT_TOKEN",
            self.server.credentials().api_token.expose(),
        );
        cmd.env_remove("WF_TUI_READONLY").env_remove("VISUAL");
        cmd.args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// An editor that runs `sed` on the file.
    fn editor(&self, sed: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.home.path().join("editor.sh");
        std::fs::write(&path, format!("#!/bin/sh\nsed -i -e '{sed}' \"$1\"\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn edit_files(&self) -> Vec<std::path::PathBuf> {
        let dir = self.home.path().join("xdg_state_home/wf-tui/edits");
        std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    fn item(&self, kind: &'static str, id: &str) -> Option<Value> {
        self.server
            .state()
            .items(kind)
            .into_iter()
            .find(|i| i["id"] == id)
    }

    fn seen(&self, method: &str, path: &str) -> usize {
        let requests = self.server.state().requests();
        requests
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{:?}: {}", out.status, stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

const ALERT: &str = "1690000000372";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_from_a_file_or_standard_input() {
    let cli = Cli::start().await;
    let file = cli.home.path().join("new.json");
    std::fs::write(
        &file,
        r#"{"//": "a note", "name": "disk full", "condition": "ts(disk.used) > 90", "minutes": 5}"#,
    )
    .unwrap();
    let out = cli.run(&["create", "alert", "-f", file.to_str().unwrap(), "--yes"]);
    let created = json(&out);
    assert_eq!(created["name"], "disk full");
    assert!(created.get("//").is_none(), "notes are not sent");
    let err = stderr(&out);
    assert!(
        err.contains("+   \"name\": \"disk full\""),
        "the body is shown: {err}"
    );
    assert!(err.contains("condition: WQL ✓"), "{err}");
    let id = created["id"].as_str().unwrap();
    assert!(cli.item("alert", id).is_some());

    let mut cmd = cli.command(&["create", "extlink", "-f", "-", "--yes", "-o", "text"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"name": "logs", "description": "", "template": "https://l/{{source}}"}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("created external link "));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_is_asked_for_and_refused_without_a_terminal() {
    let cli = Cli::start().await;
    let file = cli.home.path().join("new.json");
    std::fs::write(
        &file,
        r#"{"name": "x", "condition": "ts(x) > 1", "minutes": 5}"#,
    )
    .unwrap();
    let count = cli.server.state().items("alert").len();
    for args in [
        vec!["create", "alert", "-f", file.to_str().unwrap()],
        vec!["delete", "alert", ALERT],
        vec!["clone", "alert", ALERT],
    ] {
        let out = cli.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("no terminal to ask on (add --yes to write)"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        cli.server.state().items("alert").len(),
        count,
        "nothing written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_and_conditions_say_where_and_why() {
    let cli = Cli::start().await;
    let file = cli.home.path().join("bad.json");
    std::fs::write(&file, "{\n  \"name\": \"x\"\n  \"minutes\": 5\n}").unwrap();
    let out = cli.run(&["create", "alert", "-f", file.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad.json: line 3, column 3: expected `,` or `}`"),
        "{}",
        stderr(&out)
    );

    std::fs::write(
        &file,
        r#"{"name": "x", "condition": "ts(x > 1", "minutes": 5}"#,
    )
    .unwrap();
    let out = cli.run(&["create", "alert", "-f", file.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the condition was refused"),
        "{}",
        stderr(&out)
    );
    assert_eq!(cli.seen("POST", "/api/v2/alert"), 0);

    // The API's own words for a body it refuses.
    std::fs::write(&file, r#"{"name": "x", "minutes": 5}"#).unwrap();
    let out = cli.run(&[
        "create",
        "derivedmetric",
        "-f",
        file.to_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("query is required"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clone_and_delete() {
    let cli = Cli::start().await;
    let clone = json(&cli.run(&["clone", "alert", ALERT, "--yes"]));
    assert_eq!(clone["name"], "Queue depth pricing (copy)");
    assert_eq!(cli.seen("POST", &format!("/api/v2/alert/{ALERT}/clone")), 1);
    let dm = cli.server.state().items("derivedmetric")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let copy = json(&cli.run(&["clone", "derivedmetric", &dm, "--name", "twin", "--yes"]));
    assert_eq!(copy["name"], "twin");
    assert_ne!(copy["id"].as_str().unwrap(), dm);

    let id = clone["id"].as_str().unwrap();
    let out = cli.run(&["delete", "alert", id, "--yes", "-o", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("deleted alert {id}\n")
    );
    assert!(cli.item("alert", id).is_none());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_in_the_editor_then_write() {
    let cli = Cli::start().await;
    let editor = cli.editor("s/\"minutes\": [0-9]*/\"minutes\": 33/");
    let mut cmd = cli.command(&["edit", "alert", ALERT, "--yes"]);
    let out = cmd.env("EDITOR", &editor).output().unwrap();
    let written = json(&out);
    assert_eq!(written["minutes"], 33);
    assert_eq!(cli.item("alert", ALERT).unwrap()["minutes"], 33);
    let err = stderr(&out);
    assert!(
        err.contains("-   \"minutes\": 15") && err.contains("+   \"minutes\": 33"),
        "{err}"
    );
    assert!(cli.edit_files().is_empty(), "the text was used");
    // Again: nothing changes, nothing is written.
    let out = cli
        .command(&["edit", "alert", ALERT])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("no change: nothing written"));
    assert_eq!(cli.seen("PUT", &format!("/api/v2/alert/{ALERT}")), 1);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_that_is_not_used_stays_in_its_file() {
    let cli = Cli::start().await;
    // Not JSON any more, and no terminal to ask whether to try again.
    let editor = cli.editor("s/\"name\":/\"name\"/");
    let out = cli
        .command(&["edit", "alert", ALERT, "--yes"])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the text cannot be used: line 3, column"),
        "{err}"
    );
    let files = cli.edit_files();
    assert_eq!(files.len(), 1);
    assert!(err.contains(&files[0].display().to_string()), "{err}");

    // A 500 on the write: sent once, the text kept.
    let path = format!("/api/v2/alert/{ALERT}");
    let rule = wf_tui::demo::faults::parse(&format!("500:method=PUT:path={path}")).unwrap();
    let rule = cli.server.state().add_fault(rule);
    let editor = cli.editor("s/\"minutes\": [0-9]*/\"minutes\": 44/");
    let out = cli
        .command(&["edit", "alert", ALERT, "--yes"])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rule.fired(), 1, "not sent again");
    let err = stderr(&out);
    assert!(
        err.contains("500") && err.contains("your text is kept in"),
        "{err}"
    );
    let kept = cli
        .edit_files()
        .into_iter()
        .find(|f| !files.contains(f))
        .unwrap();
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("\"minutes\": 44")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_before_reading_with_exit_code_3() {
    let cli = Cli::start().await;
    let before = cli.server.state().requests().len();
    for args in [
        vec!["--readonly", "edit", "alert", ALERT],
        vec!["--readonly", "create", "alert"],
        vec!["--readonly", "clone", "alert", ALERT, "--yes"],
        vec!["--readonly", "delete", "alert", ALERT, "--yes"],
    ] {
        let out = cli.run(&args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("refused (--readonly)"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        cli.server.state().requests().len(),
        before,
        "nothing was sent"
    );
}

/// In a terminal: the question is asked and answered; while it waits, someone else changes the
/// item, and the write is refused with both sides shown and the text kept.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_terminal_the_question_is_asked_and_a_change_meanwhile_refused() {
    use common::pty::{Step, Then};
    let cli = Cli::start().await;
    let editor = cli.editor("s/\"minutes\": [0-9]*/\"minutes\": 55/");
    let mut cmd = cli.command(&["edit", "alert", ALERT]);
    cmd.env("EDITOR", &editor).env("TERM", "xterm-256color");
    let state = cli.server.state().clone();
    let other_writer = move || {
        state.edit_items("alert", |items| {
            let a = items.iter_mut().find(|a| a["id"] == ALERT).unwrap();
            a["name"] = "renamed meanwhile".into();
            a["updatedEpochMillis"] = (a["updatedEpochMillis"].as_i64().unwrap() + 1).into();
        });
        true
    };
    let (status, out) = tokio::task::spawn_blocking(move || {
        let steps = [Step::Until(&other_writer), Step::Keys(b"y\r")];
        let then = Some(("[y/N]", Then::Steps(&steps)));
        let (status, out, _) = common::pty::run_with_input(cmd, None, then);
        (status, out)
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(1), "{out}");
    assert!(out.contains("write alert 1690000000372? [y/N]"), "{out}");
    assert!(
        out.contains("changed on the server since you opened it"),
        "{out}"
    );
    assert!(
        out.contains("renamed meanwhile") && out.contains("\"minutes\": 55"),
        "{out}"
    );
    assert!(
        out.contains("the check is made just before the write"),
        "{out}"
    );
    assert_eq!(
        cli.item("alert", ALERT).unwrap()["name"],
        "renamed meanwhile"
    );
    assert_eq!(cli.seen("PUT", &format!("/api/v2/alert/{ALERT}")), 0);
    assert_eq!(cli.edit_files().len(), 1, "the edit is kept");
}
