//! `wf-tui event create|close|wrap`: the real binary against a stand-in in this process (its
//! events are the test's to read), with the account from the environment, as deploy scripts
//! use it; and its failures: a 500 on create, an unknown id, read-only mode.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::StandIn;
use serde_json::Value;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run(s: &StandIn, args: &[&str]) -> Output {
    let mut cmd = s.command(args);
    cmd.env_remove("WF_TUI_READONLY");
    cmd.output().unwrap()
}

/// The stand-in's event of this id.
fn event(s: &StandIn, id: &str) -> Value {
    s.server
        .state()
        .items("event")
        .into_iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn posts(s: &StandIn) -> Vec<String> {
    s.server
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_prints_the_id_and_close_ends_the_event() {
    let s = StandIn::start(&[]).await;
    let out = run(
        &s,
        &[
            "event",
            "create",
            "deploy checkout v2.4.1",
            "--type",
            "deploy",
            "--severity",
            "info",
            "--detail",
            "by CI",
            "--host",
            "api-01",
            "--tag",
            "deploy",
            "--annotation",
            "version=2.4.1",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    assert!(id.ends_with(":deploy checkout v2.4.1"), "{id}");
    let e = event(&s, &id);
    assert_eq!(e["annotations"]["type"], "deploy");
    assert_eq!(e["annotations"]["severity"], "info");
    assert_eq!(e["annotations"]["details"], "by CI");
    assert_eq!(e["annotations"]["version"], "2.4.1");
    assert_eq!(e["hosts"], serde_json::json!(["api-01"]));
    assert_eq!(e["tags"], serde_json::json!(["deploy"]));
    assert_eq!(e["runningState"], "ONGOING");
    assert!(e.get("endTime").is_none(), "open until closed");

    let out = run(&s, &["event", "close", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), id);
    let e = event(&s, &id);
    assert_eq!(e["runningState"], "ENDED");
    assert!(e["endTime"].as_i64().unwrap() > e["startTime"].as_i64().unwrap());

    // -o json: the event as the API answered it.
    let out = run(
        &s,
        &[
            "event",
            "create",
            "drill",
            "--instant",
            "--start",
            "-10m",
            "-o",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let answered: Value = serde_json::from_slice(&out.stdout).unwrap();
    let start = answered["startTime"].as_i64().unwrap();
    assert_eq!(answered["endTime"].as_i64(), Some(start + 1));
    assert_eq!(answered["runningState"], "ENDED");
    assert_eq!(answered["isUserEvent"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_say_why_and_exit_non_zero() {
    let s = StandIn::start(&["500:path=/api/v2/event:method=POST:times=2"]).await;
    let out = run(&s, &["event", "create", "x"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("500"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let fired: u32 = s.server.state().faults().iter().map(|f| f.fired()).sum();
    assert_eq!(fired, 1);
    assert!(
        posts(&s).is_empty(),
        "a create is sent once, never retried blindly"
    );
    s.server.state().clear_faults();

    let out = run(&s, &["event", "close", "1800000000000:no such event"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1800000000000:no such event does not exist (HTTP 404)"),
        "{}",
        stderr(&out)
    );
    // An alert's event is not a user event: the API refuses to close it.
    let fixture = s
        .server
        .state()
        .items("event")
        .into_iter()
        .find(|e| e["isUserEvent"] == false)
        .unwrap();
    let out = run(&s, &["event", "close", fixture["id"].as_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a user event"),
        "{}",
        stderr(&out)
    );

    let before = posts(&s).len();
    for args in [
        &["--readonly", "event", "create", "x"][..],
        &["--readonly", "event", "close", "1:x"],
    ] {
        let out = run(&s, args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    }
    assert_eq!(posts(&s).len(), before, "read-only sends nothing");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrap_opens_runs_closes_and_returns_the_commands_exit_code() {
    let s = StandIn::start(&[]).await;
    let mut child = s
        .command(&[
            "event",
            "wrap",
            "--name",
            "deploy api",
            "--type",
            "deploy",
            "--",
            "sh",
            "-c",
            "read line; echo \"got $line\"; echo to-stderr >&2; exit 3",
        ])
        .env_remove("WF_TUI_READONLY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"hello\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "got hello\n",
        "stdin and stdout are the command's"
    );
    let err = stderr(&out);
    assert!(err.contains("to-stderr"), "{err}");
    assert!(err.contains("wf-tui: opened event "), "{err}");
    assert!(err.contains("(exit status 3)"), "{err}");
    let e = s
        .server
        .state()
        .items("event")
        .into_iter()
        .find(|e| e["name"] == "deploy api")
        .unwrap();
    assert_eq!(e["runningState"], "ENDED");
    assert_eq!(e["annotations"]["exitStatus"], "3");
    assert_eq!(e["annotations"]["type"], "deploy");
    assert!(
        e["annotations"]["details"]
            .as_str()
            .unwrap()
            .starts_with("sh -c read line"),
        "the command is the details: {e}"
    );
    assert!(e["endTime"].as_i64().is_some());
    let order = posts(&s);
    assert_eq!(order.len(), 3, "{order:?}");
    assert_eq!(order[0], "POST /api/v2/event");
    assert!(
        order[1].ends_with("/close") && order[2].starts_with("PUT "),
        "{order:?}"
    );

    // Success is 0.
    let out = run(&s, &["event", "wrap", "--name", "ok", "--", "true"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrap_runs_the_command_when_the_event_cannot_be_opened_unless_strict() {
    let s = StandIn::start(&["500:path=/api/v2/event:method=POST"]).await;
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    let touch = format!("touch '{}'; exit 4", marker.display());
    let out = run(
        &s,
        &["event", "wrap", "--name", "x", "--", "sh", "-c", &touch],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(marker.exists(), "the deploy ran");
    assert!(
        stderr(&out).contains("could not open the event")
            && stderr(&out).contains("running the command anyway"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(&marker).unwrap();

    let out = run(
        &s,
        &[
            "event", "wrap", "--strict", "--name", "x", "--", "sh", "-c", &touch,
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!marker.exists(), "--strict: not run");
    assert!(stderr(&out).contains("--strict"), "{}", stderr(&out));

    // Read-only refuses the wrap as a whole: nothing sent, nothing run.
    let before = s.server.state().requests().len();
    let out = run(
        &s,
        &[
            "--readonly",
            "event",
            "wrap",
            "--name",
            "x",
            "--",
            "sh",
            "-c",
            &touch,
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!marker.exists());
    assert!(
        stderr(&out).contains("the command was not run"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.server.state().requests().len(), before);
}
