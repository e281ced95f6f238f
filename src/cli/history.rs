//! `wf-tui history KIND ID [--diff V1 V2]`: an alert's, a dashboard's or a derived metric's
//! versions (every page), or the diff of two of them, for scripts: an aligned table (the diff
//! as `-`/`+` lines folded to the changes) or JSON (the server's entries; the changes by path).
//! As in the TUI, a diff leaves out the fields the server computes.

use std::io::Write;

use serde_json::{Value, json};

use super::account::{CliAccount, Who};
use crate::api::Executor;
use crate::api::Kind;
use crate::api::retry::announce_on_stderr;
use crate::api::versions::{
    Call, HISTORY_KINDS, PAGE_SIZE, VersionNo, has_history, without_computed,
};
use crate::json::diff::{self, Change, Mark, Shown, TextLine};
use crate::text::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryOutput {
    /// Aligned text: the versions, or the diff's lines.
    Table,
    /// The versions as the server sent them, or the changes by path.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// alert, dashboard or derivedmetric (or an alias: alerts, dash, dm …).
    pub kind: String,
    /// The item's id.
    pub id: String,
    /// The diff from version V1 to version V2 (fields the server computes left out).
    #[arg(long, num_args = 2, value_names = ["V1", "V2"], value_parser = parse_version)]
    pub diff: Option<Vec<VersionNo>>,
    /// table: aligned text; json: the entries, or the changes by path.
    #[arg(short = 'o', long, value_enum, default_value_t = HistoryOutput::Table)]
    pub output: HistoryOutput,
}

fn parse_version(s: &str) -> Result<VersionNo, String> {
    VersionNo::parse(s).ok_or_else(|| format!("`{s}`: a version is a number (1, 2, …)"))
}

/// The kind named, if its items have a history.
pub fn find_kind(name: &str) -> anyhow::Result<&'static Kind> {
    let kind = super::get::find_kind(name)?;
    if !has_history(kind) {
        let kinds: Vec<&str> = HISTORY_KINDS.iter().map(|k| k.name).collect();
        anyhow::bail!(
            "{} have no version history: {} do",
            kind.title.to_lowercase(),
            kinds.join(", ")
        );
    }
    Ok(kind)
}

/// `wf-tui history`: logs in as `get` does, prints, and exits.
pub(super) async fn command(
    who: Who<'_>,
    args: HistoryArgs,
    timeouts: crate::api::client::Timeouts,
    zone: &jiff::tz::TimeZone,
) -> anyhow::Result<()> {
    let kind = find_kind(&args.kind)?;
    let target = CliAccount::resolve(who).await?;
    let account = target.with_secret(who.paths).await?;
    let session = super::open_session(crate::api::client::http_client(timeouts), account).await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    run(&session, kind, &args, zone, &mut out).await?;
    Ok(out.flush()?)
}

/// Reads and prints; nothing reaches `out` unless every read worked.
pub async fn run(
    session: &Executor,
    kind: &'static Kind,
    args: &HistoryArgs,
    zone: &jiff::tz::TimeZone,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.diff.as_deref() {
        Some([a, b]) => {
            let old = read_version(session, kind, &args.id, a).await?;
            let new = read_version(session, kind, &args.id, b).await?;
            let (old, new) = (without_computed(kind, &old), without_computed(kind, &new));
            match args.output {
                HistoryOutput::Table => write_diff(&old, &new, out)?,
                HistoryOutput::Json => {
                    let changes = changes_json(&old, &new);
                    serde_json::to_writer_pretty(&mut *out, &changes)?;
                    writeln!(out)?;
                }
            }
        }
        _ => {
            let entries = read_all(session, kind, &args.id).await?;
            match args.output {
                HistoryOutput::Table => write_versions(&entries, zone, out)?,
                HistoryOutput::Json => {
                    serde_json::to_writer_pretty(&mut *out, &entries)?;
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(())
}

async fn read_version(
    session: &Executor,
    kind: &'static Kind,
    id: &str,
    version: &VersionNo,
) -> anyhow::Result<Value> {
    let call = Call::Version {
        kind,
        item_id: id.to_string(),
        version: version.clone(),
    };
    let request = call.request();
    Ok(session
        .execute(&request, &announce_on_stderr(&request.path))
        .await?)
}

/// Every entry, page after page, as the server sent them; paging ends when the server says
/// so or a page brings nothing new.
async fn read_all(session: &Executor, kind: &'static Kind, id: &str) -> anyhow::Result<Vec<Value>> {
    let mut entries: Vec<Value> = Vec::new();
    let mut offset = 0u64;
    loop {
        let call = Call::List {
            kind,
            item_id: id.to_string(),
            offset,
            limit: PAGE_SIZE,
        };
        let request = call.request();
        let payload = session
            .execute(&request, &announce_on_stderr(&request.path))
            .await?;
        let page = crate::api::versions::decode::page(&payload)?;
        let items = match payload.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => payload.as_array().cloned().unwrap_or_default(),
        };
        let before = entries.len();
        for item in items {
            let known = item.get("version").is_some()
                && entries
                    .iter()
                    .any(|e| e.get("version") == item.get("version"));
            if !known {
                entries.push(item);
            }
        }
        let received = page.items.len() as u64;
        if !page.more || received == 0 || entries.len() == before {
            return Ok(entries);
        }
        offset += received;
    }
}

/// VERSION, WHEN, WHO, WHAT CHANGED, aligned; server text made safe.
fn write_versions(
    entries: &[Value],
    zone: &jiff::tz::TimeZone,
    out: &mut impl Write,
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<[String; 4]> = entries
        .iter()
        .filter_map(crate::api::versions::Version::read)
        .map(|v| {
            [
                v.number.map_or("?".into(), |n| n.to_string()),
                v.time_ms
                    .map_or(String::new(), |t| crate::format::full_in(t, zone)),
                sanitize(v.user.as_deref().unwrap_or_default()).into_owned(),
                sanitize(&v.changes.join("; ")).into_owned(),
            ]
        })
        .collect();
    let titles = ["VERSION", "WHEN", "WHO", "WHAT CHANGED"];
    let mut widths: Vec<usize> = titles.iter().map(|t| t.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: [&str; 4]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            s.push_str(cell);
            if i < 3 {
                s.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        s
    };
    writeln!(out, "{}", line(titles))?;
    for row in &rows {
        writeln!(out, "{}", line([&row[0], &row[1], &row[2], &row[3]]))?;
    }
    Ok(())
}

/// The diff's lines, `-` removed and `+` added, folded to the changes with three lines
/// around each; nothing at all when the versions do not differ.
fn write_diff(old: &Value, new: &Value, out: &mut impl Write) -> std::io::Result<()> {
    let lines = diff::lines(old, new);
    for shown in diff::fold(&lines, 3) {
        match shown {
            Shown::Line(i) => {
                let l = &lines[i];
                let mark = match l.mark {
                    Mark::Same => ' ',
                    Mark::Removed => '-',
                    Mark::Added => '+',
                };
                writeln!(out, "{mark} {}{}", "  ".repeat(l.depth), sanitize(&l.text))?;
            }
            Shown::Fold { hidden, next } => {
                let s = if hidden == 1 { "" } else { "s" };
                let at = next
                    .map(|p| format!(" · {}", sanitize(&p)))
                    .unwrap_or_default();
                writeln!(out, "  ⋯ {hidden} unchanged line{s}{at}")?;
            }
        }
    }
    Ok(())
}

/// The changes by path: `{"path": ".minutes", "change": "changed", "old": 10, "new": 15}`,
/// `added` with `new`, `removed` with `old`, `text` with the lines of a string of several
/// (`{"same"|"removed"|"added": "…"}`).
pub fn changes_json(old: &Value, new: &Value) -> Value {
    let entries: Vec<Value> = diff::changes(old, new)
        .into_iter()
        .map(|e| {
            let path = e.path.to_string();
            match e.change {
                Change::Added(v) => json!({"path": path, "change": "added", "new": v}),
                Change::Removed(v) => json!({"path": path, "change": "removed", "old": v}),
                Change::Changed { old, new } => {
                    json!({"path": path, "change": "changed", "old": old, "new": new})
                }
                Change::Text(lines) => {
                    let lines: Vec<Value> = lines
                        .into_iter()
                        .map(|l| match l {
                            TextLine::Same(t) => json!({"same": t}),
                            TextLine::Removed(t) => json!({"removed": t}),
                            TextLine::Added(t) => json!({"added": t}),
                        })
                        .collect();
                    json!({"path": path, "change": "text", "lines": lines})
                }
            }
        })
        .collect();
    Value::Array(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_by_path_in_json() {
        let old = json!({"minutes": 10, "tags": ["a"], "gone": 1, "text": "x\ny"});
        let new = json!({"minutes": 15, "tags": ["a", "b"], "text": "x\nz"});
        assert_eq!(
            changes_json(&old, &new),
            json!([
                {"path": ".minutes", "change": "changed", "old": 10, "new": 15},
                {"path": ".tags[1]", "change": "added", "new": "b"},
                {"path": ".gone", "change": "removed", "old": 1},
                {"path": ".text", "change": "text", "lines": [
                    {"same": "x"}, {"removed": "y"}, {"added": "z"}
                ]},
            ])
        );
    }

    #[test]
    fn the_text_diff_is_folded_and_safe() {
        let mut old = serde_json::Map::new();
        for i in 0..20 {
            old.insert(format!("f{i:02}"), json!(i));
        }
        let mut new = old.clone();
        new.insert("f10".into(), json!("\u{1b}[2Jten"));
        let mut out = Vec::new();
        write_diff(&Value::Object(old), &Value::Object(new), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("-   \"f10\": 10"), "{text}");
        assert!(text.contains("⋯"), "folded: {text}");
        let mut none = Vec::new();
        write_diff(&json!({"a": 1}), &json!({"a": 1}), &mut none).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn only_kinds_with_a_history() {
        assert!(find_kind("dm").is_ok());
        let e = find_kind("proxy").unwrap_err().to_string();
        assert!(e.starts_with("proxies have no version history"), "{e}");
        assert!(parse_version("x").is_err());
    }
}
