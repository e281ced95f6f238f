//! jq filters run in a child process of the binary, so a filter that never ends can be stopped:
//! by cancelling it (esc on its result), by a newer filter, and by quitting the app (#15).

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.
#![cfg(target_os = "linux")]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::pty::{Step, Then, run_then};
use wf_tui::json::Doc;
use wf_tui::worker::{self, Command, Event, WorkerConfig};

/// A filter that never ends and never grows, with `marker` in its text (so in the child's
/// command line).
fn endless(marker: &str) -> String {
    format!("\"{marker}\" as $m | reduce range(1e15) as $x (0; $x)")
}

/// A marker no other test's process holds.
fn marker(name: &str) -> String {
    format!("wf-tui-test-{name}-{}", std::process::id())
}

/// How many processes have `marker` in their command line.
fn running(marker: &str) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmdline| {
            cmdline
                .windows(marker.len())
                .any(|w| w == marker.as_bytes())
        })
        .count()
}

/// Waits up to 10 s for `cond`.
fn eventually(cond: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    cond()
}

fn with_binary() -> WorkerConfig {
    WorkerConfig {
        jq_exe: Some(env!("CARGO_BIN_EXE_wf-tui").into()),
        ..WorkerConfig::ephemeral()
    }
}

async fn document(
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> (u64, Result<Arc<Doc>, String>) {
    loop {
        let event = tokio::time::timeout(Duration::from_secs(30), events.recv())
            .await
            .expect("an answer in time")
            .expect("the worker is running");
        if let Event::Document { id, result } = event {
            return (id, result.map_err(|e| e.to_string()));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_run_in_a_child_and_say_what_went_wrong() {
    let (commands, mut events) = worker::spawn(with_binary());
    let input = Arc::new(Doc::parse(br#"{"a":[1,2,{"b":"x"}]}"#.to_vec()).unwrap());
    let jq = |id, filter: &str| Command::Jq {
        id,
        input: input.clone(),
        filter: filter.into(),
    };
    commands.send(jq(1, ".a[2].b, (.a | length)")).unwrap();
    let (id, result) = document(&mut events).await;
    assert_eq!(id, 1);
    assert_eq!(result.unwrap().text, br#"["x",3]"#);
    commands.send(jq(2, ".[")).unwrap();
    let (id, result) = document(&mut events).await;
    assert_eq!(id, 2);
    assert_eq!(
        result.unwrap_err(),
        "invalid filter: expected closing bracket at the end"
    );
    commands.send(jq(3, ".a + 1")).unwrap();
    let (_, result) = document(&mut events).await;
    assert!(result.unwrap_err().starts_with("the filter failed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_filter_is_killed_and_a_newer_one_replaces_the_older() {
    let (commands, mut events) = worker::spawn(with_binary());
    let input = Arc::new(Doc::parse(b"{}".to_vec()).unwrap());
    let first = marker("cancel");
    commands
        .send(Command::Jq {
            id: 1,
            input: input.clone(),
            filter: endless(&first),
        })
        .unwrap();
    let probe = first.clone();
    assert!(
        tokio::task::spawn_blocking(move || eventually(|| running(&probe) == 1))
            .await
            .unwrap(),
        "the filter runs in a child"
    );
    commands.send(Command::Cancel(1)).unwrap();
    let probe = first.clone();
    assert!(
        tokio::task::spawn_blocking(move || eventually(|| running(&probe) == 0))
            .await
            .unwrap(),
        "cancel kills the child"
    );
    // One filter at a time: a new one stops the one before.
    let (older, newer) = (marker("older"), marker("newer"));
    for (id, m) in [(2, &older), (3, &newer)] {
        commands
            .send(Command::Jq {
                id,
                input: input.clone(),
                filter: endless(m),
            })
            .unwrap();
    }
    let (o, n) = (older.clone(), newer.clone());
    assert!(
        tokio::task::spawn_blocking(move || eventually(|| running(&o) == 0 && running(&n) == 1))
            .await
            .unwrap(),
        "only the newer filter runs"
    );
    // And the worker still answers.
    commands
        .send(Command::Jq {
            id: 4,
            input,
            filter: "1 + 1".into(),
        })
        .unwrap();
    let (id, result) = document(&mut events).await;
    assert_eq!((id, result.unwrap().text.clone()), (4, b"2".to_vec()));
    let n = newer.clone();
    assert!(
        tokio::task::spawn_blocking(move || eventually(|| running(&n) == 0))
            .await
            .unwrap(),
        "the new filter replaced the endless one"
    );
}

/// `wf-tui inspect`, `|` and an endless filter; once its child runs, `esc` (when `esc_first`:
/// the child is gone before the app quits) and `q`. Afterwards no child is left.
fn endless_filter_then_quit(name: &str, esc_first: bool) {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("doc.json");
    std::fs::write(&file, br#"{"items":[1,2,3]}"#).unwrap();
    let m = marker(name);
    let mut cmd = common::wf_tui_command(home.path());
    cmd.arg("inspect").arg(&file).env("TERM", "xterm-256color");
    let typed = format!("|{}\r", endless(&m));
    let started = || running(&m) == 1;
    let gone = || running(&m) == 0;
    let mut steps = vec![Step::Keys(typed.as_bytes()), Step::Until(&started)];
    if esc_first {
        // Alone, or the terminal reads esc and q as alt-q.
        steps.extend([Step::Keys(b"\x1b"), Step::Until(&gone)]);
    }
    steps.push(Step::Keys(b"q"));
    let (status, out, _) = run_then(cmd, Some(("items", Then::Steps(&steps))));
    assert!(status.success(), "{status:?}: {out:?}");
    assert!(eventually(gone), "the filter's process outlived the app");
}

#[test]
fn esc_on_a_running_filter_kills_it() {
    endless_filter_then_quit("esc", true);
}

#[test]
fn quitting_while_a_filter_runs_leaves_no_process() {
    endless_filter_then_quit("quit", false);
}

/// A parent that dies without a word (SIGKILL: no destructor runs) leaves no filter behind: the
/// child notices it was orphaned.
#[test]
fn an_orphaned_filter_exits() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.json");
    std::fs::write(&doc, "{}").unwrap();
    let m = marker("orphan");
    let mut parent = std::process::Command::new("sh")
        .arg("-c")
        // The filter in the environment: only the child's command line holds the marker.
        // As the app does, the child is told its parent: killed before the child looks, it
        // would otherwise take its adopter for its parent.
        .arg(r#"WF_TUI_JQ_PARENT=$$ "$0" __jq "$FILTER" < "$1" & sleep 60"#)
        .arg(env!("CARGO_BIN_EXE_wf-tui"))
        .arg(&doc)
        .env("FILTER", endless(&m))
        // Else a child that outlives the test holds the test's output open.
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(eventually(|| running(&m) == 1), "the filter started");
    parent.kill().unwrap();
    parent.wait().unwrap();
    let gone = eventually(|| running(&m) == 0);
    if !gone {
        kill_running(&m);
    }
    assert!(gone, "the orphan kept running");
}

/// Ends what a failed test left running (only processes with its marker).
fn kill_running(marker: &str) {
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if cmdline
            .windows(marker.len())
            .any(|w| w == marker.as_bytes())
        {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
        }
    }
}

/// A parent killed before its child looked: the child is told its parent's pid, and one that
/// is not its parent any more means it was adopted, so it stops at once.
#[test]
fn a_filter_adopted_before_it_started_exits() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wf-tui"))
        .args(["__jq", &endless(&marker("adopted"))])
        // Not this test's pid: as if the parent had died and this test adopted the child.
        .env("WF_TUI_JQ_PARENT", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(b"{}");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.and_then(|s| s.code()), Some(3), "{status:?}");
}
