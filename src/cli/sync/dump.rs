//! `wf-tui dump [--kind K,…] DIR`: every item of each kind, page by page, one file each; the
//! index records each kind once it is complete, so a dump interrupted and run again goes on
//! with the kinds not complete.

use std::io::{IsTerminal, Write};

use super::read::each_page;
use super::{DumpArgs, default_kinds, kinds, now_text, open};
use crate::cli::account::Who;
use crate::sync::files::DumpWriter;
use crate::sync::{SyncKind, canonical};

pub async fn command(
    who: Who<'_>,
    args: DumpArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let kinds = kinds(&args.kind, default_kinds)?;
    let opened = open(who, None, timeouts).await?;
    let instance = opened.base.to_string();
    let mut writer = DumpWriter::open(&args.dir, &opened.name, &instance, &now_text())?;
    let progress = args.progress || std::io::stderr().is_terminal();
    let mut err = std::io::stderr();
    for sk in kinds {
        if let Some(done) = writer.is_done(sk.kind.name) {
            writeln!(
                err,
                "{}: complete already ({} items), kept",
                sk.kind.name, done.count
            )?;
            continue;
        }
        let count = dump_kind(&opened.session, &mut writer, sk, progress).await?;
        writeln!(err, "{}: {count} items", sk.kind.name)?;
    }
    writeln!(err, "dumped to {}", args.dir.display())?;
    Ok(())
}

/// One kind, page by page: nothing but the page in hand is held.
async fn dump_kind(
    session: &crate::api::Executor,
    writer: &mut DumpWriter,
    sk: &'static SyncKind,
    progress: bool,
) -> anyhow::Result<u64> {
    let mut kind = writer.begin(sk.kind.name)?;
    let mut err = std::io::stderr();
    let mut unnamed = 0u64;
    let announce = crate::api::retry::announce_on_stderr(sk.kind.list_path);
    each_page(session, sk.kind, &announce, |items| -> anyhow::Result<()> {
        for item in items {
            let id = sk.kind.item_id(&item);
            let body = canonical(sk, &item);
            // An item without its key is still dumped, under its id.
            let Some(key) = sk.key_of(&body).or_else(|| id.clone()) else {
                unnamed += 1;
                continue;
            };
            kind.write(id.as_deref(), &key, &body)?;
        }
        if progress {
            write!(err, "\r{}: {} items…", sk.kind.name, kind.count())?;
            err.flush()?;
        }
        Ok(())
    })
    .await?;
    if progress {
        write!(err, "\r\x1b[K")?;
    }
    if unnamed > 0 {
        writeln!(
            err,
            "{}: {unnamed} items with neither a key nor an id left out",
            sk.kind.name
        )?;
    }
    let count = kind.count();
    writer.finish(kind, &now_text())?;
    Ok(count)
}
