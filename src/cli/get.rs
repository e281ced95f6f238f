//! `wf-tui get KIND [ID]`: the same catalog and client as the TUI, printed for scripts as JSON
//! (streamed, page by page), CSV or an aligned table.

use std::io::Write;

use serde_json::Value;

use super::account::{CliAccount, Who};
use crate::api::Executor;
use crate::api::catalog::{KINDS, Kind, kind_by_name, mask_secrets};
use crate::api::retry::announce_on_stderr;
use crate::api::{ApiError, PageGuard, PageRequest};
use crate::auth::session::wall_ms;
use crate::output::{csv, table};
use crate::worker::ahead::{AHEAD, Ahead};
use crate::worker::fetch::name_ids;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    Json,
    Csv,
    Table,
}

#[derive(Debug, clap::Args)]
pub struct GetArgs {
    /// The kind: its API name (alert, source, cloudintegration …) or an alias (alerts, sources …).
    pub kind: String,
    /// One item's id: prints its detail.
    pub id: Option<String>,
    /// Every item, page by page (otherwise the first --limit items).
    #[arg(long)]
    pub all: bool,
    /// How many items (with --all: how many per page, at most 1000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// json: one array of the items; csv: the table's columns with a header; table: aligned text.
    #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// `wf-tui get`: logs in as the TUI would (or to the demo), prints, and exits.
pub(super) async fn command(
    who: Who<'_>,
    args: GetArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let kind = find_kind(&args.kind)?;
    let http = crate::api::client::http_client(timeouts);
    let target = CliAccount::resolve(who).await?;
    let account = target.with_secret(who.paths).await?;
    let session = super::open_session(http, account).await?;
    let request = GetRequest {
        kind,
        id: args.id,
        all: args.all,
        limit: args.limit,
        output: args.output,
    };
    let stdout = std::io::stdout();
    // A page of 1000 sources is about 360 KB: one write a page, not six.
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    // Not locked for the whole run: retries are told on stderr from the pages' own tasks.
    run(&session, &request, &mut out, &mut std::io::stderr()).await?;
    // What is still buffered: its write error (a closed pipe) must not be lost in a drop.
    Ok(out.flush()?)
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
    match &req.id {
        Some(id) => print_one(session, req, id, out).await,
        None => print_listing(session, req, out, warn).await,
    }
}

/// One item's detail, in the format asked for.
async fn print_one(
    session: &Executor,
    req: &GetRequest,
    id: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let kind = req.kind;
    let (mut item, exact) = fetch_one(session, kind, id).await?;
    if req.output != Output::Json {
        // As the TUI's table shows them: roles and groups by name (JSON stays the server's).
        name_ids(session, kind, std::slice::from_mut(&mut item)).await;
    }
    let items = std::slice::from_ref(&item);
    match req.output {
        Output::Json => {
            // The server's own text when nothing was masked: numbers as they were sent.
            let text = match exact {
                Some(raw) => crate::json::value::pretty_text(&raw),
                None => crate::json::value::to_pretty_text(&item),
            };
            writeln!(out, "{text}")?;
        }
        Output::Csv => csv::write_items(kind, items, true, out)?,
        Output::Table => table::write_items(kind, items, wall_ms(), out)?,
    }
    Ok(())
}

/// The listing, page by page.
async fn print_listing(
    session: &Executor,
    req: &GetRequest,
    out: &mut impl Write,
    warn: &mut impl Write,
) -> anyhow::Result<()> {
    let kind = req.kind;
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
    // Pages ahead with --all (one page is all a listing without it needs).
    let width = if req.all { AHEAD } else { 1 };
    let mut pages = Ahead::new(session, kind, None, width, announce(kind));
    if req.output == Output::Json {
        pages = pages.skimming(skim_key(kind));
    }
    let mut number = 0u64;
    let mut written = 0usize;
    // Whether a page came: JSON's `[` waits for it.
    let mut started = false;
    let mut total = None;
    let mut table_items: Vec<Value> = Vec::new();
    while let Some(request) = page.take() {
        if written >= want {
            break;
        }
        number += 1;
        let fresh = guarded_page(&mut pages, kind, &request, &mut guard)
            .await
            .map_err(|e| page_failed(e, kind, number, &request, written))?;
        if !started && req.output == Output::Json {
            write!(out, "[")?;
        }
        started = true;
        total = fresh.total.or(total);
        let (mut items, mut raw): (Vec<Value>, Vec<Option<Vec<u8>>>) =
            fresh.items.into_iter().unzip();
        items.truncate(want - written);
        raw.truncate(items.len());
        if req.output != Output::Json {
            name_ids(session, kind, &mut items).await;
        }
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
                csv::write_items(kind, &items, written == 0, out)?;
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
        Output::Table => table::write_items(kind, &table_items, wall_ms(), out)?,
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

/// The key a page's items can be skimmed by for `-o json` ([`crate::api::skim`]): only where
/// the printed bytes are the server's own and the id is one top-level member. Not for kinds
/// whose secrets are masked in the item, whose items lie elsewhere than `items`, whose id is
/// made of several members, or whose first page gets items of a second request (printed from
/// their `Value`).
fn skim_key(kind: &Kind) -> Option<&'static str> {
    let key = kind.id_pointer.strip_prefix('/')?;
    let plain = !key.is_empty() && !key.contains(['/', '~']);
    (plain
        && kind.secret_keys.is_empty()
        && kind.items_pointer.is_none()
        && kind.key_pointers.is_empty()
        && kind.also_listed.is_none())
    .then_some(key)
}

/// Retries of a listing's pages, told on stderr.
fn announce(kind: &'static Kind) -> crate::worker::ahead::OnRetry {
    std::sync::Arc::new(announce_on_stderr(kind.list_path))
}

/// A page after the first failed: which one, and that the items before it were printed (the
/// first page's failure is the error alone, as for a single request).
fn page_failed(
    e: ApiError,
    kind: &Kind,
    number: u64,
    request: &PageRequest,
    written: usize,
) -> anyhow::Error {
    if number == 1 {
        return e.into();
    }
    let at = match &request.cursor {
        Some(cursor) => format!("cursor {cursor}"),
        None => format!("offset {}", request.offset),
    };
    anyhow::Error::new(e).context(format!(
        "page {number} of {} ({at}) failed after {written} items",
        kind.name
    ))
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
            let mut pages = Ahead::new(session, kind, None, 1, announce(kind));
            let mut found = None;
            while let Some(request) = page.take() {
                let fresh = guarded_page(&mut pages, kind, &request, &mut guard).await?;
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
    pages: &mut Ahead,
    kind: &'static Kind,
    request: &PageRequest,
    guard: &mut PageGuard,
) -> Result<FreshPage, ApiError> {
    let (parsed, next) = pages.page(request).await?;
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
