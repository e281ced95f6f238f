//! `wf-tui dump`, `diff` and `apply` against two stand-ins over HTTP (the first instance's data
//! and the second's, as `demo-server --instances 2` serves them): a dump compared with its
//! account, a change in a file shown and applied, the two instances compared with their alert
//! targets' ids mapped, references that cannot be mapped refused before any write, `--prune`,
//! read-only, a dump continued after it failed, secrets masked in the files and never sent.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use wf_tui::demo::{DemoOptions, DemoServer};

/// Two stand-ins, saved as accounts `a` (the first instance) and `b` (the second), and
/// `ro`: the first again, marked read-only.
struct Two {
    a: DemoServer,
    b: DemoServer,
    home: tempfile::TempDir,
}

impl Two {
    async fn start() -> Two {
        let start = |instance| {
            DemoServer::start(DemoOptions {
                instance,
                ..DemoOptions::default()
            })
        };
        let (a, b) = (start(0).await.unwrap(), start(1).await.unwrap());
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("xdg_config_home").join("wf-tui");
        std::fs::create_dir_all(&dir).unwrap();
        let account = |name: &str, s: &DemoServer, extra: &str| {
            format!(
                "[[account]]\nname = \"{name}\"\naddress = \"{}\"\nmethod = \"api-token\"\n{extra}",
                s.url()
            )
        };
        std::fs::write(
            dir.join("accounts.toml"),
            format!(
                "secrets = \"file\"\n{}{}{}",
                account("a", &a, ""),
                account("b", &b, ""),
                account("ro", &a, "readonly = true\n")
            ),
        )
        .unwrap();
        let token = |s: &DemoServer| s.credentials().api_token.expose().to_string();
        let secrets = dir.join("secrets.toml");
        std::fs::write(
            &secrets,
            format!(
                "a = \"{}\"\nb = \"{}\"\nro = \"{}\"\n",
                token(&a),
                token(&b),
                token(&a)
            ),
        )
        .unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(
            &secrets,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        Two { a, b, home }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = common::wf_tui_command(self.home.path());
        cmd.env_remove("WF_TUI_READONLY");
        cmd.args(args).output().unwrap()
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }
}

fn text(out: &Output) -> String {
    format!(
        "{:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(out)))
}

/// The writes a stand-in received (searches and the condition check are reads).
fn writes(s: &DemoServer) -> Vec<String> {
    s.state()
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .filter(|r| !r.path.starts_with("/api/v2/search/") && !r.path.ends_with("/checkQuery"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// The file of the item with this key in a dump (from its index).
fn file_of(dir: &Path, kind: &str, key: &str) -> PathBuf {
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let kinds = index["kinds"].as_array().unwrap();
    let k = kinds.iter().find(|k| k["kind"] == kind).unwrap();
    let item = k["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key);
    dir.join(
        item.unwrap_or_else(|| panic!("{key} in {k}"))["file"]
            .as_str()
            .unwrap(),
    )
}

fn edit_file(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

fn fixture_names(kind: &str, key: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("assets/demo/{kind}.json")).unwrap();
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    items
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}

const ALERT: &str = "Queue depth pricing";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dump_diff_change_apply_and_diff_again() {
    let two = Two::start().await;
    let dir = two.dir("wf");
    let d = dir.to_str().unwrap();
    let out = two.run(&["--profile", "b", "dump", d]);
    assert!(out.status.success(), "{}", text(&out));
    let out = two.run(&["--profile", "b", "diff", d]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a fresh dump is the account: {}",
        text(&out)
    );

    let file = file_of(&dir, "alert", ALERT);
    edit_file(&file, |a| a["minutes"] = Value::from(42));
    let out = two.run(&["--profile", "b", "diff", d, "-o", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let diff = json(&out);
    let changed: Vec<&Value> = diff["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| {
            k["added"] != Value::Array(vec![])
                || k["changed"] != Value::Array(vec![])
                || k["removed"] != Value::Array(vec![])
        })
        .collect();
    assert_eq!(changed.len(), 1, "{diff}");
    assert_eq!(changed[0]["kind"], "alert");
    assert_eq!(changed[0]["changed"][0]["key"], ALERT);
    let changes = changed[0]["changed"][0]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "exactly the change made: {changes:?}");
    assert_eq!(changes[0]["path"], ".minutes");
    assert_eq!(changes[0]["new"], 42);
    let out = two.run(&["--profile", "b", "diff", d]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("+   \"minutes\": 42"),
        "{}",
        text(&out)
    );

    let before = writes(&two.b).len();
    let out = two.run(&["--profile", "b", "apply", d, "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    let w = writes(&two.b);
    assert_eq!(w.len() - before, 1, "one update: {w:?}");
    assert!(w.last().unwrap().starts_with("PUT /api/v2/alert/"), "{w:?}");
    let item = two
        .b
        .state()
        .items("alert")
        .into_iter()
        .find(|a| a["name"] == ALERT)
        .unwrap();
    assert_eq!(item["minutes"], 42);
    let out = two.run(&["--profile", "b", "diff", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Nothing was ever written to the other account.
    assert!(writes(&two.a).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_accounts_compared_with_their_targets_mapped() {
    let two = Two::start().await;
    let out = two.run(&[
        "diff",
        "@a",
        "@b",
        "--kind",
        "alert,dashboard",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let diff = json(&out);
    let kind = |k: &str| {
        diff["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == k)
            .unwrap()
            .clone()
    };
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                x.as_str()
                    .map_or_else(|| x["key"].as_str().unwrap().to_string(), str::to_string)
            })
            .collect();
        k.sort();
        k
    };
    let alerts = fixture_names("alert", "name");
    let mut removed: Vec<String> = alerts
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 7 == 3)
        .map(|(_, n)| n.clone())
        .collect();
    let mut changed: Vec<String> = alerts
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 1 && i % 7 != 3)
        .map(|(_, n)| n.clone())
        .collect();
    removed.sort();
    changed.sort();
    let a = kind("alert");
    assert_eq!(keys(&a["removed"]), removed);
    assert_eq!(
        keys(&a["changed"]),
        changed,
        "the targets' other ids are no change"
    );
    assert_eq!(
        keys(&a["added"]),
        [
            "Canary error ratio (instance 2)",
            "Canary latency p99 (instance 2)"
        ]
    );
    for c in a["changed"].as_array().unwrap() {
        for change in c["changes"].as_array().unwrap() {
            let path = change["path"].as_str().unwrap();
            assert!(
                path == ".minutes" || path == ".additionalInformation",
                "{path}"
            );
        }
    }
    let dashboards = fixture_names("dashboard", "url");
    let d = kind("dashboard");
    let mut removed: Vec<String> = dashboards
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 9 == 4)
        .map(|(_, n)| n.clone())
        .collect();
    removed.sort();
    assert_eq!(keys(&d["removed"]), removed);
    assert_eq!(keys(&d["added"]), ["instance-2-only"]);
    assert!(!d["changed"].as_array().unwrap().is_empty());
    // An account compared with itself is equal.
    let out = two.run(&["diff", "@a", "@a", "--kind", "alert"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // No such account: an error, exit 2.
    let out = two.run(&["diff", "@nope", "@a"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// The alerts of the first instance applied to the second: those missing there are created
/// with the second's alert target ids, the changed ones updated; then they are equal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_maps_alert_targets_to_the_other_accounts_ids() {
    let two = Two::start().await;
    let dir = two.dir("from-a");
    let d = dir.to_str().unwrap();
    let out = two.run(&[
        "--profile",
        "a",
        "dump",
        "--kind",
        "alert,notificant,dashboard",
        d,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    // An alert links a dashboard the second account lacks: with dashboards, it is created
    // first.
    let out = two.run(&["--profile", "b", "apply", d, "--kind", "alert", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("dashboard “cart-service-overview”"), "{err}");
    let out = two.run(&[
        "--profile",
        "b",
        "apply",
        d,
        "--kind",
        "alert,dashboard",
        "--yes",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("references mapped to the account's ids:"),
        "{err}"
    );
    assert!(err.contains("references to items created first:"), "{err}");
    let b_targets: Vec<String> = two
        .b
        .state()
        .items("notificant")
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let a_targets: Vec<String> = two
        .a
        .state()
        .items("notificant")
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let first_removed = &fixture_names("alert", "name")[3];
    let created = two
        .b
        .state()
        .items("alert")
        .into_iter()
        .find(|a| &a["name"] == first_removed)
        .unwrap();
    for t in created["target"].as_str().unwrap().split(',') {
        let id = t.trim().trim_start_matches("target:").to_string();
        assert!(b_targets.contains(&id), "{id} is the second's");
        assert!(!a_targets.contains(&id));
    }
    let out = two.run(&["--profile", "b", "diff", d, "--kind", "alert"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the two only there are still there: {}",
        text(&out)
    );
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("alert: 0 added, 0 changed, 2 removed"),
        "{diff}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reference_that_cannot_be_mapped_stops_everything_before_any_write() {
    let two = Two::start().await;
    let dir = two.dir("from-a");
    let d = dir.to_str().unwrap();
    let out = two.run(&[
        "--profile",
        "a",
        "dump",
        "--kind",
        "alert,notificant,dashboard",
        d,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    // The second account has no "Slack #sre-alerts" target, which alerts refer to.
    two.b.state().edit_items("notificant", |items| {
        items.retain(|t| t["title"] != "Slack #sre-alerts");
    });
    let before = writes(&two.b);
    let out = two.run(&["--profile", "b", "apply", d, "--kind", "alert", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notificant “Slack #sre-alerts”"), "{err}");
    assert!(
        err.contains("is not in the target account (add it with --kind)"),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(writes(&two.b), before, "no write at all");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletions_only_with_prune() {
    let two = Two::start().await;
    let dir = two.dir("wf");
    let d = dir.to_str().unwrap();
    let out = two.run(&["--profile", "b", "dump", "--kind", "extlink", d]);
    assert!(out.status.success(), "{}", text(&out));
    let gone = "Kibana logs for host";
    std::fs::remove_file(file_of(&dir, "extlink", gone)).unwrap();
    let out = two.run(&["--profile", "b", "apply", d, "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nothing to apply"),
        "{}",
        text(&out)
    );
    assert!(writes(&two.b).is_empty());
    let out = two.run(&["--profile", "b", "apply", d, "--prune", "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(writes(&two.b).len(), 1, "{:?}", writes(&two.b));
    assert!(writes(&two.b)[0].starts_with("DELETE /api/v2/extlink/"));
    assert!(
        two.b
            .state()
            .items("extlink")
            .iter()
            .all(|l| l["name"] != gone)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_and_dry_run_writes_nothing() {
    let two = Two::start().await;
    let dir = two.dir("wf");
    let d = dir.to_str().unwrap();
    let out = two.run(&[
        "--profile",
        "a",
        "dump",
        "--kind",
        "alert,notificant,dashboard",
        d,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    edit_file(&file_of(&dir, "alert", ALERT), |a| {
        a["minutes"] = Value::from(42);
    });
    let out = two.run(&["--readonly", "--profile", "a", "apply", d, "--yes"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let out = two.run(&["--profile", "ro", "apply", d, "--yes"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("readonly in accounts.toml"));
    // No terminal and no --yes: nothing written.
    let out = two.run(&["--profile", "a", "apply", d]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("add --yes"),
        "{}",
        text(&out)
    );
    let out = two.run(&["--profile", "a", "apply", d, "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    let curl = String::from_utf8_lossy(&out.stdout);
    assert!(
        curl.contains("curl") && curl.contains("-X PUT") && curl.contains("/api/v2/alert/"),
        "{curl}"
    );
    assert!(
        curl.contains("\"minutes\":42") || curl.contains("\"minutes\": 42"),
        "{curl}"
    );
    let token = two.a.credentials().api_token.expose().to_string();
    assert!(!curl.contains(&token), "no token in the curl");
    assert!(writes(&two.a).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dump_interrupted_goes_on_where_it_stopped() {
    let two = Two::start().await;
    let dir = two.dir("wf");
    let d = dir.to_str().unwrap();
    let rule = wf_tui::demo::faults::parse("403:path=/api/v2/notificant").unwrap();
    two.b.state().add_fault(rule);
    let out = two.run(&["--profile", "b", "dump", "--kind", "alert,notificant", d]);
    assert!(!out.status.success(), "{}", text(&out));
    let index = std::fs::read_to_string(dir.join("index.json")).unwrap();
    assert!(
        index.contains("\"kind\": \"alert\"") && !index.contains("\"kind\": \"notificant\""),
        "{index}"
    );
    two.b.state().clear_faults();
    let listed = |s: &DemoServer| {
        s.state()
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == "/api/v2/alert")
            .count()
    };
    let before = listed(&two.b);
    let out = two.run(&["--profile", "b", "dump", "--kind", "alert,notificant", d]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("alert: complete already"),
        "{}",
        text(&out)
    );
    assert_eq!(listed(&two.b), before, "the alerts were not read again");
    let out = two.run(&["--profile", "b", "diff", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A dump of another instance there is refused.
    let out = two.run(&["--profile", "a", "dump", "--kind", "alert", d]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("holds a dump of"),
        "{}",
        text(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_masked_in_files_and_never_sent() {
    let two = Two::start().await;
    let secret = "Bearer real-secret-value";
    two.b.state().edit_items("notificant", |items| {
        let t = items
            .iter_mut()
            .find(|t| t["title"] == "Opsgenie bridge")
            .unwrap();
        t["customHttpHeaders"]["Authorization"] = Value::from(secret);
    });
    let dir = two.dir("wf");
    let d = dir.to_str().unwrap();
    let out = two.run(&["--profile", "b", "dump", "--kind", "notificant", d]);
    assert!(out.status.success(), "{}", text(&out));
    let file = file_of(&dir, "notificant", "Opsgenie bridge");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("<masked by wf-tui>") && !written.contains("real-secret"),
        "{written}"
    );
    // Changed: the update takes the account's own secret, not the mask.
    edit_file(&file, |t| {
        t["description"] = Value::from("changed in the dump");
    });
    let out = two.run(&["--profile", "b", "apply", d, "--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    let t = two
        .b
        .state()
        .items("notificant")
        .into_iter()
        .find(|t| t["title"] == "Opsgenie bridge")
        .unwrap();
    assert_eq!(t["description"], "changed in the dump");
    assert_eq!(t["customHttpHeaders"]["Authorization"], secret);
    // A new target with a masked secret: the account has no value for it, nothing is written.
    let mut copy: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    copy["title"] = Value::from("Opsgenie bridge copy");
    let index_path = dir.join("index.json");
    let mut index: Value =
        serde_json::from_str(&std::fs::read_to_string(&index_path).unwrap()).unwrap();
    let items = index["kinds"][0]["items"].as_array_mut().unwrap();
    items.push(serde_json::json!({"file": "notificant/copy.json", "id": null, "key": "Opsgenie bridge copy"}));
    std::fs::write(&index_path, index.to_string()).unwrap();
    std::fs::write(dir.join("notificant/copy.json"), copy.to_string()).unwrap();
    let before = writes(&two.b);
    let out = two.run(&["--profile", "b", "apply", d, "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("masked in the dump"),
        "{}",
        text(&out)
    );
    assert_eq!(writes(&two.b), before);
    let all: Vec<Value> = two.b.state().items("notificant");
    assert!(
        all.iter()
            .all(|t| !t.to_string().contains("<masked by wf-tui>"))
    );
}

/// In a terminal the plan is asked for; someone changes an item while the question waits:
/// that item is not overwritten, the others are written.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_terminal_a_change_meanwhile_is_not_overwritten() {
    use common::pty::{Step, Then};
    let two = Two::start().await;
    let dir = two.dir("wf");
    let d = dir.to_str().unwrap().to_string();
    let out = two.run(&["--profile", "b", "dump", "--kind", "extlink", &d]);
    assert!(out.status.success(), "{}", text(&out));
    let (mine, theirs) = ("Kibana logs for host", "Loki logs for pod");
    for name in [mine, theirs] {
        edit_file(&file_of(&dir, "extlink", name), |l| {
            l["description"] = Value::from("from the dump");
        });
    }
    let mut cmd = common::wf_tui_command(two.home.path());
    cmd.env_remove("WF_TUI_READONLY")
        .env("TERM", "xterm-256color")
        .args(["--profile", "b", "apply", &d]);
    let state = two.b.state().clone();
    let other_writer = move || {
        state.edit_items("extlink", |items| {
            let l = items.iter_mut().find(|l| l["name"] == theirs).unwrap();
            l["template"] = "https://changed.meanwhile/{{source}}".into();
            l["updatedEpochMillis"] = (l["updatedEpochMillis"].as_i64().unwrap_or(0) + 1).into();
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
    assert!(
        out.contains("apply 0 creates, 2 updates, 0 deletions to b? [y/N]"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "not written: extlink “{theirs}” changed on the server"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("updated extlink “{mine}”")), "{out}");
    let links = two.b.state().items("extlink");
    let find = |n: &str| links.iter().find(|l| l["name"] == n).unwrap().clone();
    assert_eq!(find(mine)["description"], "from the dump");
    assert_eq!(
        find(theirs)["template"],
        "https://changed.meanwhile/{{source}}"
    );
    assert_ne!(
        find(theirs)["description"],
        "from the dump",
        "not overwritten"
    );
}
