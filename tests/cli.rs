//! The real binary: the demo in a pseudo-terminal, `demo-server`, and bad input.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

/// The binary, isolated in `home` (see `common::wf_tui_command`).
fn wf_tui(home: &tempfile::TempDir) -> Command {
    common::wf_tui_command(home.path())
}

#[test]
fn unknown_flag_is_one_clear_line_and_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home).arg("--bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--bogus"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn without_a_terminal_it_says_so_in_one_line() {
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home).stdin(Stdio::null()).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not a terminal"), "{stderr}");
}

#[test]
fn an_unknown_profile_names_the_saved_ones() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("xdg_config_home").join("wf-tui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("accounts.toml"),
        "[[account]]\nname = \"prod\"\naddress = \"acme.wavefront.com\"\nmethod = \"api-token\"\n",
    )
    .unwrap();
    let out = wf_tui(&home).args(["--profile", "nope"]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no saved account named nope (saved: prod)"),
        "{stderr}"
    );
}

#[test]
fn insecure_address_from_the_environment_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home)
        .env("WAVEFRONT_ADDRESS", "http://acme.wavefront.com")
        .env("WAVEFRONT_TOKEN", "secret-token-value")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("http://"), "{stderr}");
    assert!(!stderr.contains("secret-token-value"));
}

#[test]
fn demo_server_port_in_use_is_one_line_and_non_zero() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home)
        .args(["demo-server", "--port", &port.to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("already in use"), "{stderr}");
}

#[test]
fn demo_server_prints_its_url_and_credentials_and_serves() {
    let home = tempfile::tempdir().unwrap();
    let mut child = wf_tui(&home)
        .args(["demo-server", "--port", "0", "--sources", "5000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("Serving");
        lines.push(line);
        if done {
            break;
        }
    }
    let text = lines.join("\n");
    let value = |key: &str| {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("{key} in {text}"))
            .to_string()
    };
    let url = value("WAVEFRONT_ADDRESS");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let token = value("WAVEFRONT_TOKEN");
    assert_eq!(token.len(), 36, "a UUID: {token}");
    for key in [
        "CSP_API_TOKEN",
        "CSP_APP_ID",
        "CSP_APP_SECRET",
        "CSP_ORG_ID",
    ] {
        assert!(!value(key).is_empty());
    }
    // It answers real HTTP with the printed token.
    let body = http_get(&url, "/api/v2/source?limit=1", &token);
    assert!(body.contains("\"totalItems\":5000"), "{body}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn demo_server_serves_two_instances_with_different_data() {
    let home = tempfile::tempdir().unwrap();
    let mut child = wf_tui(&home)
        .args(["demo-server", "--instances", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("Serving");
        lines.push(line);
        if done {
            break;
        }
    }
    let text = lines.join("\n");
    assert!(
        text.contains("instance 1 of 2") && text.contains("instance 2 of 2"),
        "{text}"
    );
    let values = |key: &str| -> Vec<String> {
        text.split_whitespace()
            .filter_map(|w| w.strip_prefix(&format!("{key}=")))
            .map(str::to_string)
            .collect()
    };
    let (urls, tokens) = (values("WAVEFRONT_ADDRESS"), values("WAVEFRONT_TOKEN"));
    assert_eq!(urls.len(), 2, "{text}");
    assert_ne!(urls[0], urls[1]);
    assert_ne!(tokens[0], tokens[1]);
    let first = http_get(&urls[0], "/api/v2/notificant?limit=100", &tokens[0]);
    let second = http_get(&urls[1], "/api/v2/notificant?limit=100", &tokens[1]);
    assert!(first.contains("Slack #sre-alerts") && second.contains("Slack #sre-alerts"));
    assert!(
        first.contains("bFAktFzWkUFssQrQ"),
        "the fixtures' ids on the first"
    );
    assert!(
        !second.contains("bFAktFzWkUFssQrQ"),
        "other ids on the second"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// A minimal HTTP/1.1 GET over a TcpStream (blocking test, no client runtime needed).
fn http_get(base: &str, path: &str, token: &str) -> String {
    use std::io::Write;
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    out
}

#[cfg(unix)]
mod pty {
    use super::*;
    use common::pty::Then;

    /// Runs wf-tui in a pseudo-terminal that is its controlling terminal (so `/dev/tty` works
    /// when standard input is a pipe), waits for `shown`, types `keys`, and returns the exit
    /// status and everything it wrote.
    fn run_in_pty(
        args: &[&str],
        stdin: Option<Vec<u8>>,
        shown: &str,
        keys: &[u8],
    ) -> (std::process::ExitStatus, String) {
        let home = tempfile::tempdir().unwrap();
        run_in_pty_at(home.path(), &[], args, stdin, shown, keys)
    }

    /// [`run_in_pty`] with the folders in `home` and more environment.
    fn run_in_pty_at(
        home: &std::path::Path,
        env: &[(&str, String)],
        args: &[&str],
        stdin: Option<Vec<u8>>,
        shown: &str,
        keys: &[u8],
    ) -> (std::process::ExitStatus, String) {
        let mut cmd = common::wf_tui_command(home);
        cmd.args(args).env("TERM", "xterm-256color");
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
        let (status, out, _) =
            common::pty::run_with_input(cmd, stdin, Some((shown, Then::Keys(keys))));
        (status, out)
    }

    #[test]
    fn inspect_opens_a_file_and_quits_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("doc.json");
        std::fs::write(
            &file,
            r#"{"name": "cpu alert", "sections": [{"rows": [1, 2, 3]}]}"#,
        )
        .unwrap();
        let (status, out) = run_in_pty(
            &["inspect", file.to_str().unwrap()],
            None,
            "cpu alert",
            b"q",
        );
        assert!(status.success(), "{status:?}");
        assert!(out.contains("sections"));
        assert!(out.contains("\x1b[?1049l"), "terminal restored");
    }

    #[test]
    fn inspect_reads_standard_input() {
        let doc = br#"[{"host": "web-01", "tags": {"env": "prod"}}]"#.to_vec();
        let (status, out) = run_in_pty(&["inspect", "-"], Some(doc), "web-01", b"q");
        assert!(status.success(), "{status:?}");
        assert!(out.contains("inspect stdin"));
    }

    #[test]
    fn inspect_opens_a_2000_deep_document() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("deep.json");
        let depth = 2000;
        std::fs::write(
            &file,
            format!("{}\"bottom\"{}", "[".repeat(depth), "]".repeat(depth)),
        )
        .unwrap();
        // G goes to the bottom: the deepest value.
        let (status, out) = run_in_pty(&["inspect", file.to_str().unwrap()], None, "1/2001", b"Gq");
        assert!(status.success(), "{status:?}");
        assert!(!out.contains("panicked"));
    }

    /// A FIFO with no writer used to block before the UI, on a blank screen: now the screen
    /// says it is reading, and q quits.
    #[test]
    fn inspect_on_a_fifo_without_a_writer_shows_the_screen_and_quits() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let (status, out) = run_in_pty(&["inspect", fifo.to_str().unwrap()], None, "reading", b"q");
        assert!(status.success(), "{status:?}");
        assert!(out.contains("\x1b[?1049l"), "terminal restored");
    }

    /// `/dev/zero` used to be read until memory ran out (2 GB in 30 s): reading stops at the
    /// limit and says so.
    #[test]
    fn inspect_on_an_endless_device_stops_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "max_response_mb = 1\n").unwrap();
        let (status, out) = run_in_pty(
            &["--config", file.to_str().unwrap(), "inspect", "/dev/zero"],
            None,
            "larger than 1 MiB",
            b"q",
        );
        assert!(status.success(), "{status:?}: {out:?}");
    }

    #[test]
    fn inspect_shows_broken_json_as_text_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("broken.json");
        std::fs::write(&file, "{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap();
        let (status, out) = run_in_pty(
            &["inspect", file.to_str().unwrap()],
            None,
            "line 3, column 7",
            b"q",
        );
        assert!(status.success());
        assert!(out.contains("expected `:`"), "{out:?}");
    }

    #[test]
    fn a_broken_settings_file_still_starts_and_says_what_was_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "refresh = 5\nmouse = [true\n").unwrap();
        let (status, out) = run_in_pty(
            &["--demo", "--config", file.to_str().unwrap()],
            None,
            "using defaults",
            b"q",
        );
        assert!(status.success(), "{status:?}");
        assert!(out.contains("not valid TOML at line 2"), "{out:?}");
        assert!(out.contains("Cloud integrations"));
    }

    #[test]
    fn mouse_capture_follows_the_setting_and_is_released_on_exit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "mouse = true\n").unwrap();
        let (status, out) = run_in_pty(
            &["--demo", "--config", file.to_str().unwrap()],
            None,
            "CLOUDWATCH",
            b"q",
        );
        assert!(status.success(), "{status:?}");
        assert!(out.contains("\x1b[?1000h"), "mouse capture on");
        assert!(
            out.contains("to select text"),
            "the footer says how to select"
        );
        let on = out.rfind("\x1b[?1000h").unwrap();
        let off = out.rfind("\x1b[?1000l").expect("mouse capture released");
        assert!(off > on);
        // Without the setting the terminal's mouse is never taken.
        let (_, out) = run_in_pty(&["--demo"], None, "CLOUDWATCH", b"q");
        assert!(!out.contains("\x1b[?1000h"));
    }

    #[test]
    fn demo_in_a_real_terminal_shows_the_table_and_quits_cleanly() {
        let (status, out) = run_in_pty(&["--demo"], None, "CLOUDWATCH", b"q");
        assert!(status.success(), "{status:?}");
        assert!(out.contains("Cloud integrations"));
        assert!(out.contains("\x1b[?1049l"), "left the alternate screen");
        assert!(!out.contains("panicked"));
    }

    /// What changed is written before the process exits: sort, quit, and the state is there.
    #[test]
    fn the_sort_is_remembered_across_a_quit() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime
            .block_on(wf_tui::demo::DemoServer::start(Default::default()))
            .unwrap();
        let home = tempfile::tempdir().unwrap();
        let env = [
            ("WAVEFRONT_ADDRESS", server.url()),
            (
                "WAVEFRONT_TOKEN",
                server.credentials().api_token.expose().to_string(),
            ),
        ];
        let (status, out) = run_in_pty_at(home.path(), &env, &[], None, "CLOUDWATCH", b"ssq");
        assert!(status.success(), "{status:?}: {out}");
        let state = home
            .path()
            .join("xdg_state_home/wf-tui/accounts/env/state.json");
        let text = std::fs::read_to_string(&state).unwrap();
        let saved: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(saved["view"], "cloudintegration", "{text}");
        // s s: the first column, descending, pressed just before q.
        let sort = &saved["kinds"]["cloudintegration"]["sort"];
        assert_eq!(sort["column"], "NAME", "{text}");
        assert_eq!(sort["descending"], true, "{text}");
        let history = state.with_file_name("history.jsonl");
        assert!(
            std::fs::read_to_string(history)
                .unwrap()
                .contains("/api/v2/cloudintegration")
        );
    }
}

#[test]
fn info_prints_the_paths_and_the_secret_store() {
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home).arg("info").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("accounts:"), "{stdout}");
    assert!(
        stdout.contains(
            &home
                .path()
                .join("xdg_config_home")
                .join("wf-tui")
                .display()
                .to_string()
        ),
        "{stdout}"
    );
    assert!(stdout.contains("log file:"), "{stdout}");
    assert!(stdout.contains("secret store:"), "{stdout}");
}

#[test]
fn inspect_of_a_missing_file_is_one_line() {
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home)
        .args(["inspect", "/nonexistent/file.json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot read /nonexistent/file.json"),
        "{stderr}"
    );
}

#[test]
fn info_reports_the_settings_file_and_its_problems_with_lines() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("xdg_config_home").join("wf-tui");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "read_only = true\ncolour = \"blue\"\n[keys.table]\nfrobnicate = [\"f\"]\n",
    )
    .unwrap();
    let out = wf_tui(&home).arg("info").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("wf-tui "), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "settings:       {} (loaded, with 2 problems)",
            path.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("  line 2: unknown key `colour`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  line 4: unknown action `frobnicate`"),
        "{stdout}"
    );
    assert!(stdout.contains("read-only yes"), "{stdout}");
    assert!(stdout.contains("state folder:"), "{stdout}");
    assert!(stdout.contains("secret store:"), "{stdout}");
}

#[test]
fn info_follows_the_config_flag_then_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let a = home.path().join("a.toml");
    let b = home.path().join("b.toml");
    std::fs::write(&a, "theme = \"light\"\n").unwrap();
    std::fs::write(&b, "theme = [1\n").unwrap();
    let out = wf_tui(&home)
        .args(["info", "--config", a.to_str().unwrap()])
        .env("WF_TUI_CONFIG", &b)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{} (loaded)", a.display())),
        "{stdout}"
    );
    assert!(stdout.contains("theme light"), "{stdout}");
    let out = wf_tui(&home)
        .arg("info")
        .env("WF_TUI_CONFIG", &b)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "a broken file never stops it");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{} (NOT loaded: not valid TOML at line 1",
            b.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("theme dark, without colours (NO_COLOR)"),
        "{stdout}"
    );
    let missing = home.path().join("missing.toml");
    let out = wf_tui(&home)
        .args(["info", "--config", missing.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("NOT loaded: cannot read it"), "{stdout}");
}

#[test]
fn flags_beat_the_environment_beats_the_settings_file() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("c.toml");
    std::fs::write(&file, "refresh = 5\ntimeout = 20\nconnect_timeout = 4\n").unwrap();
    let run = |args: &[&str], env: Option<&str>| {
        let mut cmd = wf_tui(&home);
        cmd.args(["--config", file.to_str().unwrap()]).args(args);
        if let Some(v) = env {
            cmd.env("WF_TUI_REFRESH", v);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let from_file = run(&["info"], None);
    assert!(
        from_file.contains("in effect: refresh 5s · timeout 20s · connect timeout 4s"),
        "{from_file}"
    );
    let from_env = run(&["info"], Some("7"));
    assert!(from_env.contains("refresh 7s"), "{from_env}");
    let from_flags = run(&["--refresh", "0", "info", "--timeout", "9"], Some("7"));
    assert!(
        from_flags.contains("in effect: refresh off · timeout 9s · connect timeout 4s"),
        "{from_flags}"
    );
    std::fs::remove_file(&file).unwrap();
    let defaults = wf_tui(&home).arg("info").output().unwrap();
    let defaults = String::from_utf8_lossy(&defaults.stdout);
    assert!(
        defaults.contains("in effect: refresh 30s · timeout 60s · connect timeout 10s"),
        "{defaults}"
    );
}

/// With the disk full, tracing used to write "Unable to write an event to the Writer" to stderr:
/// over the running screen. A log that cannot be written stays silent.
#[cfg(target_os = "linux")]
#[test]
fn a_log_that_cannot_be_written_never_reaches_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("xdg_state_home").join("wf-tui");
    std::fs::create_dir_all(&state).unwrap();
    std::os::unix::fs::symlink("/dev/full", state.join("wf-tui.log")).unwrap();
    let out = wf_tui(&home).arg("info").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Unable to write"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
}

/// `wf-tui inspect` with no file and a terminal on standard input has nothing to read: it
/// says so and exits, instead of waiting for input nobody can type (issue #14).
#[cfg(unix)]
#[test]
fn inspect_with_a_terminal_on_stdin_says_there_is_nothing_to_read() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["inspect"][..], &["inspect", "-"][..]] {
        let mut cmd = wf_tui(&home);
        cmd.args(args);
        let (status, out) = common::pty::run(cmd, None);
        assert_eq!(status.code(), Some(2), "{args:?}: {out}");
        assert!(
            out.contains("wf-tui: nothing to read: give a file, or pipe JSON into wf-tui inspect"),
            "{args:?}: {out}"
        );
    }
}

/// clap's errors used to be cut to their first line: "the following required arguments were
/// not provided:" and nothing, "invalid value 'elvish'" without the valid shells. One line
/// still, with what is missing and what would be right (issue #17).
#[test]
fn argument_errors_name_what_is_missing_and_what_is_valid() {
    let home = tempfile::tempdir().unwrap();
    for (args, wanted) in [
        (&["get"][..], "not provided: <KIND>"),
        (
            &["completions", "elvish"][..],
            "[possible values: bash, zsh, fish, powershell]",
        ),
    ] {
        let out = wf_tui(&home).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
}

/// A bad `--end` exited 1, as a failure of the work, where bad arguments exit 2 (issue #17).
#[test]
fn a_bad_time_is_a_bad_argument() {
    let home = tempfile::tempdir().unwrap();
    let out = wf_tui(&home)
        .args(["--demo", "maintenancewindow", "create", "--title", "t"])
        .args(["--reason", "r", "--tag", "x", "--end", "31 Feb"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("'--end <END>'"), "{stderr}");
}
