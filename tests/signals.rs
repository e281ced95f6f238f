//! Signals end the UI cleanly: `timeout`, systemd, a closed SSH session or tmux send SIGTERM,
//! SIGHUP, SIGINT or SIGQUIT. After each, the terminal must be as the shell left it (cooked,
//! echoing, main screen, cursor shown, no mouse capture) and the exit status 128 + the signal.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.
#![cfg(unix)]

mod common;

use common::pty::{Then, run_then};
use rustix::termios::LocalModes;

fn killed_by(signal: i32, args: &[&str], shown: &str) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.args(args).env("TERM", "xterm-256color");
    let (status, out, modes) = run_then(cmd, Some((shown, Then::Signal(signal))));
    assert_eq!(
        status.code(),
        Some(128 + signal),
        "signal {signal}: exit status {status:?}; output: {out:?}"
    );
    assert!(
        modes
            .local_modes
            .contains(LocalModes::ICANON | LocalModes::ECHO),
        "signal {signal}: the terminal was left raw"
    );
    let leave = out.rfind("\x1b[?1049l").expect("left the alternate screen");
    let enter = out.rfind("\x1b[?1049h").unwrap();
    assert!(leave > enter, "signal {signal}: alternate screen left last");
    assert!(
        out.rfind("\x1b[?25h").is_some_and(|show| show > enter),
        "signal {signal}: the cursor shown again"
    );
    if let Some(on) = out.rfind("\x1b[?1000h") {
        assert!(out.rfind("\x1b[?1000l").is_some_and(|off| off > on));
    }
    assert!(!out.contains("panicked"), "{out:?}");
}

#[test]
fn sigterm_restores_the_terminal() {
    killed_by(15, &["--demo"], "CLOUDWATCH");
}

#[test]
fn sighup_restores_the_terminal() {
    killed_by(1, &["--demo"], "CLOUDWATCH");
}

#[test]
fn sigint_restores_the_terminal() {
    killed_by(2, &["--demo"], "CLOUDWATCH");
}

#[test]
fn sigquit_restores_the_terminal_with_mouse_capture_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "mouse = true\n").unwrap();
    killed_by(
        3,
        &["--demo", "--config", file.to_str().unwrap()],
        "CLOUDWATCH",
    );
}

#[test]
fn sigterm_in_the_inspector_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(&file, r#"{"host": "web-01"}"#).unwrap();
    killed_by(15, &["inspect", file.to_str().unwrap()], "web-01");
}
