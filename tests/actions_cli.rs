//! The mutations from the command line: the real binary against a stand-in in this process,
//! with the account from the environment (or a saved read-only one), as scripts use it.

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

    fn command(&self) -> std::process::Command {
        let mut cmd = common::wf_tui_command(self.home.path());
        cmd.env("WAVEFRONT_ADDRESS", self.server.url());
        cmd.env(
            "WAVEFRONT_TOKEN",
            self.server.credentials().api_token.expose(),
        );
        cmd.env_remove("WF_TUI_READONLY");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs, insists on success, and parses stdout as JSON.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed ({:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    fn mutations(&self) -> usize {
        self.server
            .state()
            .requests()
            .iter()
            .filter(|r| r.method != "GET" && !r.path.starts_with("/api/v2/search/"))
            .count()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const SOURCE: &str = "web-000000.us-east-1.acme.net";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_tags_from_the_command_line() {
    let cli = Cli::start().await;
    let item = cli.json(&["source", "tag", "add", SOURCE, "env=prod", "team"]);
    assert_eq!(item["id"], SOURCE);
    assert_eq!(item["tags"]["env=prod"], true);
    assert_eq!(item["tags"]["team"], true);
    let item = cli.json(&["source", "tag", "remove", SOURCE, "team"]);
    assert!(item["tags"].get("team").is_none());
    let out = cli.run(&["source", "tag", "set", SOURCE, "only", "-o", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("tagged source {SOURCE}\n"));
    assert_eq!(
        cli.server.state().source(0, 0)["tags"],
        serde_json::json!({"only": true}),
        "the stand-in keeps it"
    );
    // An unknown source: the error in words, non-zero.
    let out = cli.run(&["source", "tag", "add", "nope.example", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Source nope.example does not exist"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_from_the_command_line() {
    let cli = Cli::start().await;
    let id = cli.server.state().items("alert")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = wf_tui::auth::session::wall_ms();
    let item = cli.json(&["alert", "snooze", &id, "--for", "1h"]);
    let until = item["snoozed"].as_i64().unwrap();
    assert!(
        (before + 3_600_000..before + 3_660_000).contains(&until),
        "{until}"
    );
    let item = cli.json(&["alert", "snooze", &id]);
    assert_eq!(item["snoozed"], -1, "until unsnoozed");
    let item = cli.json(&["alert", "unsnooze", &id]);
    assert!(item.get("snoozed").is_none());
    let item = cli.json(&["alert", "tag", "add", &id, "oncall", "p1"]);
    let tags = item["tags"]["customerTags"].as_array().unwrap();
    assert!(tags.contains(&"oncall".into()) && tags.contains(&"p1".into()));
    let item = cli.json(&["alert", "tag", "remove", &id, "p1"]);
    assert!(
        !item["tags"]["customerTags"]
            .as_array()
            .unwrap()
            .contains(&"p1".into())
    );
    let out = cli.run(&["alert", "snooze", &id, "--for", "soon"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad duration is a usage error"
    );
    assert!(stderr(&out).contains("not a duration"), "{}", stderr(&out));
    let out = cli.run(&["alert", "snooze", &id, "--for", "0m"]);
    assert_eq!(out.status.code(), Some(2), "zero is a usage error too");
    assert!(
        stderr(&out).contains("must be more than zero"),
        "{}",
        stderr(&out)
    );
    let out = cli.run(&["alert", "unsnooze", "404404"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("POST /api/v2/alert/404404/unsnooze")
            && stderr(&out).contains("does not exist"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn integrations_and_windows_from_the_command_line() {
    let cli = Cli::start().await;
    let ci = cli.server.state().items("cloudintegration")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        cli.json(&["cloudintegration", "disable", &ci])["disabled"],
        true
    );
    let out = cli.run(&["cloudintegration", "enable", &ci, "-o", "text"]);
    assert_eq!(stdout(&out), format!("enabled cloud integration {ci}\n"));

    let w = cli.json(&[
        "maintenancewindow",
        "create",
        "--title",
        "Patch",
        "--reason",
        "kernel",
        "--tag",
        "db",
        "--source",
        "db-01",
        "--start",
        "now",
        "--end",
        "+2h",
    ]);
    let id = w["id"].as_str().unwrap().to_string();
    assert_eq!(w["runningState"], "ONGOING");
    assert_eq!(w["relevantHostNames"], serde_json::json!(["db-01"]));
    assert_eq!(
        w["endTimeInSeconds"].as_i64().unwrap() - w["startTimeInSeconds"].as_i64().unwrap(),
        7200
    );
    let closed = cli.json(&["maintenancewindow", "close", &id]);
    assert_eq!(closed["runningState"], "ENDED");
    assert_eq!(
        closed["title"], "Patch",
        "closing keeps the rest of the window"
    );
    let out = cli.run(&["maintenancewindow", "delete", &id, "-o", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !cli.server
            .state()
            .items("maintenancewindow")
            .iter()
            .any(|w| w["id"] == id.as_str())
    );
    // A window that began half an hour ago: `-30m` is a value, not a flag.
    let past = cli.json(&[
        "maintenancewindow",
        "create",
        "--title",
        "Past",
        "--reason",
        "r",
        "--tag",
        "db",
        "--start",
        "-30m",
        "--end",
        "+30m",
    ]);
    assert_eq!(
        past["endTimeInSeconds"].as_i64().unwrap() - past["startTimeInSeconds"].as_i64().unwrap(),
        3600,
        "{past}"
    );
    assert_eq!(past["runningState"], "ONGOING");
    // Missing the required alert tag: clap says so.
    let out = cli.run(&[
        "maintenancewindow",
        "create",
        "--title",
        "t",
        "--reason",
        "r",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_permission_is_reported() {
    let cli = Cli::start().await;
    cli.server
        .state()
        .add_fault(wf_tui::demo::faults::parse("403:method=mutating").unwrap());
    let out = cli.run(&["source", "tag", "add", SOURCE, "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("lacks the permission"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_with_exit_code_3() {
    let cli = Cli::start().await;
    let before = cli.mutations();
    let out = cli.run(&["--readonly", "source", "tag", "add", SOURCE, "x"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!("wf-tui: read-only: PUT /api/v2/source/{SOURCE}/tag/x refused (--readonly)\n")
    );
    let out = cli
        .command()
        .env("WF_TUI_READONLY", "1")
        .args(["alert", "unsnooze", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let out = cli.run(&["--readonly", "maintenancewindow", "close", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(cli.mutations(), before, "nothing was sent");
    // Printing the request is no change: allowed.
    let out = cli.run(&["--readonly", "alert", "unsnooze", "1", "--curl"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_account_refuses() {
    let cli = Cli::start().await;
    let dir = save_prod_account(&cli, "readonly = true\n");
    std::fs::write(
        dir.join("secrets.toml"),
        format!(
            "prod = \"{}\"\n",
            cli.server.credentials().api_token.expose()
        ),
    )
    .unwrap();
    // Private, as wf-tui writes it: one others can read is refused.
    #[cfg(unix)]
    std::fs::set_permissions(
        dir.join("secrets.toml"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let before = cli.mutations();
    let mut cmd = common::wf_tui_command(cli.home.path());
    let out = cmd
        .args(["--profile", "prod", "alert", "snooze", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refused (the account is readonly in accounts.toml)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(cli.mutations(), before);
    // The same account reads fine.
    let mut cmd = common::wf_tui_command(cli.home.path());
    let out = cmd
        .args([
            "--profile",
            "prod",
            "get",
            "alert",
            "--limit",
            "1",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn curl_is_printed_without_a_token() {
    let cli = Cli::start().await;
    let before = cli.mutations();
    let mut cmd = common::wf_tui_command(cli.home.path());
    cmd.env("WAVEFRONT_ADDRESS", "acme.wavefront.com");
    let out = cmd
        .args(["source", "tag", "set", "web 01", "a", "it's", "--curl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "curl -X POST 'https://acme.wavefront.com/api/v2/source/web%2001/tag' \
         -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\" \
         -H 'Content-Type: application/json' -d '[\"a\",\"it'\\''s\"]'\n"
    );
    let out = cli.run(&["alert", "snooze", "42", "--for", "1d", "--curl"]);
    let text = stdout(&out);
    assert_eq!(
        text,
        format!(
            "curl -X POST '{}/api/v2/alert/42/snooze?seconds=86400' \
             -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\" \
             -H 'Content-Type: application/json'\n",
            cli.server.url()
        )
    );
    assert!(!text.contains(cli.server.credentials().api_token.expose()));
    assert_eq!(cli.mutations(), before, "--curl sends nothing");
}

/// A saved account whose secret is not stored: printing curl needs only its address (both for
/// actions and for `query`), while a real call says which secret is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn curl_of_a_saved_account_reads_no_secret() {
    let cli = Cli::start().await;
    save_prod_account(&cli, "");
    let run = |args: &[&str]| {
        common::wf_tui_command(cli.home.path())
            .arg("--profile")
            .arg("prod")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["query", "ts(x)", "--curl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(&format!(
            "curl '{}/api/v2/chart/api?q=ts%28x%29",
            cli.server.url()
        )),
        "{}",
        stdout(&out)
    );
    let out = run(&["alert", "unsnooze", "7", "--curl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("/api/v2/alert/7/unsnooze"),
        "{}",
        stdout(&out)
    );
    let out = run(&["get", "alert", "--limit", "1"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no secret is stored for account prod"),
        "{}",
        stderr(&out)
    );
}

/// Saves the account `prod` on the stand-in (secrets in the file store, none written), with
/// `extra` lines; returns the config dir.
fn save_prod_account(cli: &Cli, extra: &str) -> std::path::PathBuf {
    let dir = cli.home.path().join("xdg_config_home").join("wf-tui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("accounts.toml"),
        format!(
            "secrets = \"file\"\n[[account]]\nname = \"prod\"\naddress = \"{}\"\nmethod = \"api-token\"\n{extra}",
            cli.server.url()
        ),
    )
    .unwrap();
    dir
}
