//! `wf-tui get` as scripts use it: the real binary against the in-process demo (`--demo`).

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashSet;
use std::process::Output;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;
use wf_tui::api::catalog::ALERTS;
use wf_tui::worker::ahead::AHEAD;

/// `wf-tui --demo get ARGS…` with its config, state and data folders in a temporary directory
/// and no account in the environment.
fn get(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.args(["--demo", "get"]).args(args);
    cmd.output().unwrap()
}

/// Runs, insists on success, and returns stdout.
fn stdout_of(args: &[&str]) -> String {
    let out = get(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "wf-tui get {args:?} failed ({:?}): {stderr}",
        out.status
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Runs with `-o json` and parses stdout as one JSON array.
fn json_array(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    let text = stdout_of(&all);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items,
        Ok(other) => panic!("get {args:?}: not an array: {other}"),
        Err(e) => panic!("get {args:?}: not one JSON document ({e}): {text}"),
    }
}

fn ids(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| match &i[key] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => panic!("{key} is {other} in {i}"),
        })
        .collect()
}

fn assert_unique(ids: &[String], what: &str) {
    let mut seen = HashSet::new();
    let dups: Vec<&String> = ids.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(dups.is_empty(), "{what}: duplicate ids {dups:?}");
}

/// RFC 4180 records: fields split on commas, quoted fields may hold commas, `""` and newlines.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    assert!(
                        matches!(chars.peek(), None | Some(',' | '\n' | '\r')),
                        "text after a closing quote in {text:?}"
                    );
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '"' => panic!("a quote inside an unquoted field in {text:?}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(!quoted, "an unterminated quote in {text:?}");
    if !at_field_start || !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn csv_splitter_follows_rfc_4180() {
    assert_eq!(
        csv_records("a,\"b,c\",\"say \"\"hi\"\"\",\n\"x\ny\",,z\n"),
        vec![vec!["a", "b,c", "say \"hi\"", ""], vec!["x\ny", "", "z"],]
    );
}

#[test]
fn json_limit_gives_exactly_that_many() {
    let alerts = json_array(&["alert", "--limit", "7"]);
    assert_eq!(alerts.len(), 7);
    for a in &alerts {
        assert!(a["name"].is_string(), "an alert without a name: {a}");
    }
    assert_unique(&ids(&alerts, "id"), "alert --limit 7");
    // A cursor-paged kind too.
    let sources = json_array(&["source", "--limit", "13"]);
    assert_eq!(sources.len(), 13);
    assert_unique(&ids(&sources, "id"), "source --limit 13");
}

#[test]
fn json_all_gives_every_alert() {
    let alerts = json_array(&["alert", "--all"]);
    assert_eq!(alerts.len(), 60);
    assert_unique(&ids(&alerts, "id"), "alert --all");
    // Small pages add up to the same.
    let paged = json_array(&["alert", "--all", "--limit", "7"]);
    assert_eq!(ids(&paged, "id"), ids(&alerts, "id"));
}

#[test]
fn json_all_events_of_the_last_day_once_each() {
    let events = json_array(&["event", "--all"]);
    assert!(!events.is_empty(), "no events in the last 24 h");
    assert_unique(&ids(&events, "id"), "event --all");
}

#[test]
fn cursor_paging_returns_every_source_exactly_once() {
    let expected = wf_tui::demo::DemoOptions::default().sources;
    let sources = json_array(&["source", "--all", "--limit", "100"]);
    let ids = ids(&sources, "id");
    assert_unique(&ids, "source --all --limit 100");
    assert_eq!(ids.len(), expected, "the demo serves {expected} sources");
}

#[test]
fn csv_has_the_catalog_header_and_one_record_per_item() {
    let limit = 12;
    let text = stdout_of(&["alert", "--limit", &limit.to_string(), "-o", "csv"]);
    // The id first, then the table's columns (issue #17: no id column before).
    let titles: Vec<&str> = std::iter::once("id")
        .chain(ALERTS.columns.iter().map(|c| c.title))
        .collect();
    assert_eq!(text.lines().next(), Some(titles.join(",").as_str()));
    assert_eq!(text.lines().count(), limit + 1, "{text}");
    let records = csv_records(&text);
    assert_eq!(records.len(), limit + 1, "{text}");
    for (n, record) in records.iter().enumerate() {
        assert_eq!(
            record.len(),
            titles.len(),
            "record {n} has {} fields: {record:?}",
            record.len()
        );
    }
    // The rows are the same items, in the same order, as the JSON.
    let alerts = json_array(&["alert", "--limit", &limit.to_string()]);
    let names: Vec<&str> = records[1..].iter().map(|r| r[1].as_str()).collect();
    let json_names: Vec<&str> = alerts.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, json_names);
    let ids: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    let json_ids: Vec<&str> = alerts.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, json_ids);
}

#[test]
fn table_columns_are_aligned() {
    let limit = 20;
    let text = stdout_of(&["alert", "--limit", &limit.to_string(), "-o", "table"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), limit + 1, "{text}");
    let header = lines[0];
    assert!(header.starts_with(ALERTS.columns[0].title), "{header}");
    // Where the second column starts, in display cells.
    let second = ALERTS.columns[1].title;
    let at = header.find(second).expect("second title in the header");
    let offset = header[..at].width();
    assert!(header[..at].ends_with("  "), "{header}");

    let alerts = json_array(&["alert", "--limit", &limit.to_string()]);
    for (line, alert) in lines[1..].iter().zip(&alerts) {
        // Split the line at `offset` display cells.
        let mut width = 0;
        let mut split = None;
        for (i, c) in line.char_indices() {
            if width == offset {
                split = Some(i);
                break;
            }
            width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        let split = split.unwrap_or_else(|| panic!("line shorter than the first column: {line:?}"));
        let (first, rest) = line.split_at(split);
        assert!(
            first.ends_with("  "),
            "first column not padded to {offset}: {line:?}"
        );
        let name = alert["name"].as_str().unwrap();
        // Long names are cut to fit, ending in "…".
        let shown = first.trim_end().trim_end_matches('…');
        assert!(
            !shown.is_empty() && name.starts_with(shown),
            "{line:?} vs {name:?}"
        );
        let severity = alert["severity"].as_str().unwrap_or("");
        assert!(
            severity.is_empty() || (rest.starts_with(severity) && !rest.starts_with(' ')),
            "severity {severity:?} not at cell {offset}: {line:?}"
        );
    }
}

#[test]
fn one_item_by_id() {
    let integrations = json_array(&["cloudintegration", "--limit", "3"]);
    let id = ids(&integrations, "id").pop().expect("an integration");
    let text = stdout_of(&["cloudintegration", &id, "-o", "json"]);
    let item: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(item.is_object(), "{item}");
    assert_eq!(item["id"].as_str(), Some(id.as_str()));
}

#[test]
fn an_unknown_kind_is_one_line_naming_it() {
    let out = get(&["nosuchkind"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nosuchkind"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_missing_item_is_a_clear_error() {
    let out = get(&["alert", "does-not-exist"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("404") || stderr.contains("does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("does-not-exist"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn own_api_tokens_are_masked() {
    let tokens = json_array(&["apitoken"]);
    assert!(!tokens.is_empty(), "no tokens listed");
    for t in &tokens {
        let id = t["tokenID"]
            .as_str()
            .unwrap_or_else(|| panic!("no tokenID in {t}"));
        assert!(id.starts_with("••••"), "an unmasked token: {t}");
    }
}

use common::StandIn;

/// What these tests do with the stand-in's binary (the stand-in is shared in `common`).
impl StandIn {
    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `get ARGS… -o json`: the items, and stderr. Insists on success.
    fn json(&self, args: &[&str]) -> (Vec<Value>, String) {
        let mut all = vec!["get"];
        all.extend(args);
        all.extend(["-o", "json"]);
        let out = self.run(&all);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{all:?} failed: {stderr}");
        match serde_json::from_slice(&out.stdout) {
            Ok(Value::Array(items)) => (items, stderr),
            other => panic!("{all:?}: not one array: {other:?}"),
        }
    }

    /// The requests the stand-in saw to paths starting with `prefix`.
    fn requests_to(&self, prefix: &str) -> Vec<String> {
        self.server
            .state()
            .requests()
            .into_iter()
            .filter(|r| r.path.starts_with(prefix))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    fn alerts(&self) -> usize {
        self.server.state().items("alert").len()
    }
}

/// Issue #14: who is logged in is never asked by a one-shot command.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_shot_commands_send_only_the_requests_their_work_needs() {
    // Even a failing identity lookup would not matter: it is not sent.
    let s = StandIn::start(&["500:path=/api/v2/apitoken"]).await;
    let (alerts, _) = s.json(&["alert"]);
    assert_eq!(alerts.len(), s.alerts());
    assert_eq!(s.requests_to("/api/v2/"), vec!["GET /api/v2/alert"]);
    // Small pages: one request each, nothing else.
    let (paged, _) = s.json(&["alert", "--all", "--limit", "10"]);
    assert_eq!(paged.len(), s.alerts());
    assert_eq!(
        s.requests_to("/api/v2/").len(),
        1 + s.alerts().div_ceil(10),
        "{:?}",
        s.requests_to("/api/v2/")
    );
    // A query and an action neither.
    let out = s.run(&["query", "ts(cpu.load)", "-o", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = s.run(&["source", "tag", "add", "web-000000.us-east-1.acme.net", "x"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(s.requests_to("/api/v2/apitoken"), Vec::<String>::new());
}

/// Issue #15: `-o json` writes nothing before the first page came, so a failed call leaves
/// stdout empty (not a lone `[`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_first_page_leaves_stdout_empty() {
    let s = StandIn::start(&["403:path=/api/v2/alert"]).await;
    let out = s.run(&["get", "alert", "-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("403"), "{stderr}");
}

/// Runs `get ARGS… --all --limit 10` against a stand-in with `fault`: the items, stderr and
/// the number of list requests sent.
async fn page_through(fault: &str, kind: &str) -> (Vec<String>, String, usize, usize) {
    let s = StandIn::start(&[fault]).await;
    let (items, stderr) = s.json(&[kind, "--all", "--limit", "10"]);
    let ids = ids(&items, "id");
    assert_unique(&ids, fault);
    let sent = s.requests_to(&format!("/api/v2/{kind}")).len();
    (ids, stderr, sent, s.alerts())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_ends_when_more_items_never_turns_false() {
    let (ids, stderr, sent, alerts) = page_through("more", "alert").await;
    assert_eq!(ids.len(), alerts);
    // Every page, and one empty page past the end; pages guessed ahead past it cost at most
    // AHEAD - 1 more (#23).
    let least = alerts.div_ceil(10) + 1;
    assert!((least..least + AHEAD).contains(&sent), "{sent} requests");
    assert!(
        stderr.contains(&format!(
            "wf-tui: stopped paging alert: the server sent a page with no new items (offset {alerts})"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "wf-tui: got {alerts} items, the server estimated 1000000000"
        )),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_ends_when_the_server_ignores_the_offset() {
    let (ids, stderr, sent, alerts) = page_through("ignoreoffset", "alert").await;
    assert_eq!(ids.len(), 10, "the first page, once");
    // The page after it, and at most the pages guessed with it (#23).
    assert!((2..=1 + AHEAD).contains(&sent), "{sent} requests");
    assert!(
        stderr
            .contains("stopped paging alert: the server sent a page with no new items (offset 10)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("got 10 items, the server estimated {alerts}")),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_follows_what_was_asked_when_the_offset_echo_is_absent_or_negative() {
    for fault in ["nooffset", "nooffset:echo=-1", "nooffset:echo=0"] {
        let (ids, stderr, sent, alerts) = page_through(fault, "alert").await;
        assert_eq!(ids.len(), alerts, "{fault}");
        assert_eq!(sent, alerts.div_ceil(10), "{fault}");
        assert_eq!(stderr, "", "{fault}");
    }
    // Without --all: one page, one request.
    let s = StandIn::start(&["nooffset"]).await;
    let (items, _) = s.json(&["alert", "--limit", "10"]);
    assert_eq!(items.len(), 10);
    assert_eq!(s.requests_to("/api/v2/alert").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_ids_across_pages_are_dropped() {
    let (ids, stderr, sent, alerts) = page_through("dup", "alert").await;
    assert_eq!(ids.len(), alerts, "every alert once");
    assert!(sent <= alerts.div_ceil(10) + AHEAD, "{sent} requests");
    assert_eq!(stderr, "");
    // Cursor pages too.
    let sources = wf_tui::demo::DemoOptions::default().sources;
    let (ids, stderr, _, _) = page_through("dup", "source").await;
    assert_eq!(ids.len(), sources);
    assert_eq!(stderr, "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_loop_ends_paging() {
    let (ids, stderr, sent, _) = page_through("loop", "source").await;
    // A, B, then the first page again with A: stop there.
    assert_eq!(sent, 3);
    assert_eq!(ids.len(), 20);
    assert!(
        stderr.contains("wf-tui: stopped paging source: the server sent cursor ")
            && stderr.contains(" again"),
        "{stderr}"
    );
}

/// Writes to a pipe whose reader is gone: `| head` that already has its lines. The reader is
/// closed as soon as the child exists, long before it has started up and prints.
fn with_closed_stdout(mut cmd: std::process::Command) -> Output {
    cmd.stdout(std::process::Stdio::piped());
    cmd.stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["info"][..],
        &["--demo", "get", "alert", "--all", "-o", "json"][..],
        &["--demo", "get", "source", "-o", "table"][..],
        &["completions", "bash"][..],
    ] {
        let mut cmd = common::wf_tui_command(home.path());
        cmd.args(args);
        let out = with_closed_stdout(cmd);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// `get iam` printed role and group ids where the TUI shows their names (issue #17).
#[test]
fn accounts_print_role_and_group_names() {
    let text = stdout_of(&["iam", "--all", "-o", "csv"]);
    let records = csv_records(&text);
    let at = |title: &str| records[0].iter().position(|t| t == title).unwrap();
    let (roles, groups) = (at("ROLES"), at("GROUPS"));
    let nina = records
        .iter()
        .find(|r| r[0] == "nina.kowalski@acme.com")
        .expect("the fixture's account");
    assert_eq!(nina[groups], "Everyone,SRE,Security");
    assert_eq!(nina[roles], "Log Viewers,SRE On-Call");
    let table = stdout_of(&["iam", "--all"]);
    assert!(table.contains("Everyone,SRE,Security"), "{table}");
    // JSON stays the server's data: ids.
    let items = json_array(&["iam", "--all"]);
    let nina = items
        .iter()
        .find(|i| i["identifier"] == "nina.kowalski@acme.com")
        .unwrap();
    assert!(nina["userGroups"][0].is_string(), "{nina}");
}
