//! `wf-tui get KIND [ID]`: the same catalog and client as the TUI, printed for scripts as JSON
//! (streamed, page by page), CSV or an aligned table.

use std::io::Write;

use serde_json::Value;

use crate::api::Executor;
use crate::api::catalog::{Cell, Format, KINDS, Kind, kind_by_name, mask_secrets};
use crate::api::retry::announce_on_stderr;
use crate::api::{ApiError, PageGuard, PageRequest};
use crate::format::{count, relative_time};
use crate::text::sanitize;
use crate::worker::fetch::raw_page_noting;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    Json,
    Csv,
    Table,
}

#[derive(Debug, Clone)]
pub struct GetRequest {
    pub kind: &'static Kind,
    pub id: Option<String>,
    pub all: bool,
    pub limit: Option<u32>,
    pub output: Output,
}

/// The kind a person named, or an error listing what exists.
pub fn find_kind(name: &str) -> anyhow::Result<&'static Kind> {
    kind_by_name(name).ok_or_else(|| {
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        anyhow::anyhow!("unknown kind {name}: one of {}", names.join(", "))
    })
}

/// Fetches and prints. JSON goes out page by page, so memory stays flat for any size; nothing
/// reaches `out` before the first page did, so a failed call leaves stdout empty. Why paging
/// stopped early, and a count short of the server's estimate, go to `warn` (stderr).
pub async fn run(
    session: &Executor,
    req: &GetRequest,
    out: &mut impl Write,
    warn: &mut impl Write,
) -> anyhow::Result<()> {
    let kind = req.kind;
    if let Some(id) = &req.id {
        let (item, exact) = fetch_one(session, kind, id).await?;
        return match req.output {
            Output::Json => {
                // The server's own text when nothing was masked: numbers as they were sent.
                let text = match exact {
                    Some(raw) => crate::json::value::pretty_text(&raw),
                    None => crate::json::value::to_pretty_text(&item),
                };
                writeln!(out, "{text}")?;
                Ok(())
            }
            Output::Csv => write_csv(kind, std::slice::from_ref(&item), true, out),
            Output::Table => write_table(kind, std::slice::from_ref(&item), out),
        };
    }
    // Without --all: at most `limit` items. With it: every item, `limit` a page.
    let want = if req.all {
        usize::MAX
    } else {
        req.limit.unwrap_or(kind.page_size) as usize
    };
    let page_size = match (req.all, req.limit) {
        (true, Some(l)) => l.clamp(1, 1000),
        (true, None) => 1000,
        (false, _) => (want.min(1000)) as u32,
    };
    let mut page = Some(PageRequest::first(page_size.max(1)));
    let mut guard = PageGuard::default();
    let mut written = 0usize;
    // Whether a page came: JSON's `[` waits for it.
    let mut started = false;
    let mut total = None;
    let mut table_items: Vec<Value> = Vec::new();
    while let Some(request) = page.take() {
        if written >= want {
            break;
        }
        let fresh = guarded_page(session, kind, &request, &mut guard).await?;
        if !started && req.output == Output::Json {
            write!(out, "[")?;
        }
        started = true;
        total = fresh.total.or(total);
        let (mut items, mut raw): (Vec<Value>, Vec<Option<Vec<u8>>>) =
            fresh.items.into_iter().unzip();
        items.truncate(want - written);
        raw.truncate(items.len());
        match req.output {
            Output::Json => {
                for (item, raw) in items.iter().zip(&raw) {
                    out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
                    match raw {
                        Some(bytes) => out.write_all(bytes)?,
                        None => crate::json::value::to_writer(&mut *out, item)?,
                    }
                    written += 1;
                }
            }
            Output::Csv => {
                write_csv(kind, &items, written == 0, out)?;
                written += items.len();
            }
            Output::Table => {
                written += items.len();
                table_items.extend(items);
            }
        }
        out.flush()?;
        match fresh.next {
            Ok(next) => page = next,
            Err(why) => writeln!(warn, "wf-tui: stopped paging {}: {why}", kind.name)?,
        }
    }
    match req.output {
        Output::Json => writeln!(out, "{}]", if written == 0 { "" } else { "\n" })?,
        Output::Table => write_table(kind, &table_items, out)?,
        Output::Csv => {}
    }
    // Short of the server's lower bound once paging is over: say so, the items stay printed.
    if let Some(total) = total.filter(|&t| written < want && (written as u64) < t) {
        writeln!(
            warn,
            "wf-tui: got {written} items, the server estimated {total}"
        )?;
    }
    Ok(())
}

/// The item, and its JSON text as the server sent it when it could be found; both with secrets
/// masked.
async fn fetch_one(
    session: &Executor,
    kind: &'static Kind,
    id: &str,
) -> anyhow::Result<(Value, Option<Vec<u8>>)> {
    match kind.detail_path_for(id) {
        Some(path) => {
            let answer = session
                .execute_answer(
                    &crate::api::ApiRequest::get(&path),
                    &announce_on_stderr(&path),
                )
                .await?;
            let exact = answer
                .payload_bytes()
                .map(|raw| crate::api::catalog::mask_secrets_text(raw, kind.secret_keys));
            let mut item = answer.value;
            mask_secrets(&mut item, kind.secret_keys);
            Ok((item, exact))
        }
        // No detail endpoint: find it in the list.
        None => {
            let mut page = Some(PageRequest::first(1000));
            let mut guard = PageGuard::default();
            let mut found = None;
            while let Some(request) = page.take() {
                let fresh = guarded_page(session, kind, &request, &mut guard).await?;
                // A server that never ends paging ends the search as "not found".
                page = fresh.next.unwrap_or(None);
                found = fresh
                    .items
                    .into_iter()
                    .find(|(i, _)| kind.item_id(i).as_deref() == Some(id));
                if found.is_some() {
                    break;
                }
            }
            // Masked already, as every page is.
            Ok(found.ok_or_else(|| ApiError::Status {
                method: "GET",
                path: kind.list_path.into(),
                status: 404,
                message: format!("no {} with id {id}", kind.name),
                retry_after: None,
            })?)
        }
    }
}

/// One page of a listing as `wf-tui get` prints it: the items new to the listing (duplicates
/// dropped by `guard`), secrets masked, each with its text as the server wrote it (masked in
/// the text too) when that could be found; the server's estimate; and what comes next.
struct FreshPage {
    items: Vec<(Value, Option<Vec<u8>>)>,
    total: Option<u64>,
    next: Result<Option<PageRequest>, crate::api::Stopped>,
}

async fn guarded_page(
    session: &Executor,
    kind: &'static Kind,
    request: &PageRequest,
    guard: &mut PageGuard,
) -> Result<FreshPage, ApiError> {
    let announce = announce_on_stderr(kind.list_path);
    let (parsed, next) = raw_page_noting(session, kind, request, None, &announce).await?;
    let ids: Vec<Option<String>> = parsed.items.iter().map(|i| kind.item_id(i)).collect();
    let verdict = guard.check(request, ids.iter().map(Option::as_deref), next);
    let raw: Vec<Option<Vec<u8>>> = match parsed.raw_items {
        Some(raw) => raw.into_iter().map(Some).collect(),
        None => vec![None; parsed.items.len()],
    };
    let items = parsed
        .items
        .into_iter()
        .zip(raw)
        .zip(verdict.new.iter().chain(std::iter::repeat(&true)))
        .filter(|(_, new)| **new)
        .map(|((mut item, raw), _)| {
            let raw = match mask_secrets(&mut item, kind.secret_keys) {
                true => {
                    raw.map(|text| crate::api::catalog::mask_secrets_text(&text, kind.secret_keys))
                }
                false => raw,
            };
            (item, raw)
        })
        .collect();
    Ok(FreshPage {
        items,
        total: parsed.total_items,
        next: verdict.next,
    })
}

/// A header field, quoted as RFC 4180 requires (cells go through [`crate::export::csv_cell`],
/// which also guards against spreadsheet formulas).
fn csv_field(s: &str) -> String {
    crate::export::quote(s)
}

fn write_csv(
    kind: &Kind,
    items: &[Value],
    header: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if header {
        let titles: Vec<String> = kind.columns.iter().map(|c| csv_field(c.title)).collect();
        writeln!(out, "{}", titles.join(","))?;
    }
    for item in items {
        let cells: Vec<String> = kind
            .cells(item)
            .iter()
            .zip(kind.columns)
            .map(|(c, col)| crate::export::csv_cell(c, col.format))
            .collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

/// A cell as the table shows it (relative times, grouped counts), as in the TUI.
fn table_value(cell: &Cell, format: Format, now_ms: i64) -> String {
    match (cell, format) {
        (Cell::Empty, _) => String::new(),
        (Cell::Flag(true), Format::EnabledUnlessTrue) => "disabled".into(),
        (Cell::Flag(false), Format::EnabledUnlessTrue) => "enabled".into(),
        (Cell::Flag(b), _) => if *b { "yes" } else { "no" }.into(),
        (Cell::Int(n), _) => count(*n),
        (Cell::Time(ms), _) => relative_time(*ms, now_ms),
        (Cell::Text(s), _) => sanitize(s).into_owned(),
    }
}

fn write_table(kind: &Kind, items: &[Value], out: &mut impl Write) -> anyhow::Result<()> {
    use unicode_width::UnicodeWidthStr;
    const MAX_WIDTH: usize = 60;
    let now = crate::auth::session::wall_ms();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            kind.cells(item)
                .iter()
                .zip(kind.columns)
                .map(|(c, col)| {
                    crate::text::fit(&table_value(c, col.format, now), MAX_WIDTH).into_owned()
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = kind.columns.iter().map(|c| c.title.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(cell);
            if i + 1 < widths.len() {
                s.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(
        out,
        "{}",
        line(kind.columns.iter().map(|c| c.title).collect())
    )?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// `2026-11-28T00:41:05.123Z`.
pub fn iso8601(ms: i64) -> String {
    let text = crate::format::utc(ms);
    // "2026-11-28 00:41:05 UTC" → ISO form with milliseconds.
    let (date, rest) = text.split_once(' ').unwrap_or((&text, ""));
    let time = rest.trim_end_matches(" UTC");
    format!("{date}T{time}.{:03}Z", ms.rem_euclid(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(1_800_000_000_123), "2027-01-15T08:00:00.123Z");
    }
}
