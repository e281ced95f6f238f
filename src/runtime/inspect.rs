//! `wf-tui inspect`: the inspector alone, on a file or standard input, and reading that input
//! (a small file indexed before the first frame, a large one previewed while it is indexed, a
//! stream read with its progress shown, everything within `max_response_mb`).

use crate::app::State;
use crate::app::settings::Applied;
use crate::auth::session::wall_ms;
use crate::terminal::TerminalGuard;
use crate::worker::{self, Event, WorkerConfig};

use super::{event_loop, flush};

/// `wf-tui inspect`: the inspector alone, on a file or standard input. The document is read and
/// indexed on a blocking thread while the screen already shows that it is loading.
pub async fn run_inspect(
    path: Option<std::path::PathBuf>,
    settings: Applied,
    jq_exe: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let label = path
        .as_ref()
        .map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
    let (worker_commands, mut worker_events) = worker::spawn(WorkerConfig {
        jq_exe,
        ..WorkerConfig::ephemeral()
    });
    let (events_tx, events) = tokio::sync::mpsc::unbounded_channel();
    let forward = events_tx.clone();
    tokio::spawn(async move {
        while let Some(ev) = worker_events.recv().await {
            if forward.send(ev).is_err() {
                break;
            }
        }
    });
    const DOC_ID: crate::worker::RequestId = 1;
    let progress = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // Only a regular file has a size to trust; a FIFO, a device or standard input is read as
    // a stream, on its own thread, so a writer that never comes never blocks the screen.
    let regular = path
        .as_ref()
        .and_then(|p| std::fs::metadata(p).ok())
        .filter(std::fs::Metadata::is_file);
    let total = regular.as_ref().map_or(0, |m| m.len() as usize);
    let read = progress.clone();
    let limit = settings.max_response_bytes;
    // A small file is indexed at once, so the first frame already shows it.
    let small = regular.is_some() && total < SMALL_DOCUMENT;
    let inline = small.then(|| parse_input(path.as_deref(), &progress, limit));
    // A large file: its first values are shown while the whole is indexed behind them.
    let preview = path
        .as_deref()
        .filter(|_| regular.is_some() && !small && total as u64 <= limit)
        .and_then(|p| preview_of(p, total));
    let path_for_task = path.clone();
    // No blocking thread for a small file: one thread fewer to start before the first frame.
    if !small {
        tokio::task::spawn_blocking(move || {
            let path = path_for_task;
            let result = parse_input(path.as_deref(), &read, limit);
            let result = result.map_err(|(reason, text)| {
                crate::worker::DocumentError::Unreadable { reason, text }
            });
            let _ = events_tx.send(Event::Document { id: DOC_ID, result });
        });
    }
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut view = crate::app::inspector::Inspector::loading(label.clone(), String::new(), DOC_ID);
    view.progress = Some((progress, total));
    view.large_document_values = settings.large_document_values;
    if let Some((doc, values)) = preview {
        view.set_preview(std::sync::Arc::new(doc), values, DOC_ID);
    }
    match inline {
        Some(Ok(doc)) => view.set_doc(doc),
        Some(Err((reason, text))) => {
            view = crate::app::inspector::Inspector::not_json(
                label.clone(),
                String::new(),
                &text,
                reason,
            );
        }
        None => {}
    }
    let mut state = State::standalone(
        &format!("inspect {label}"),
        view,
        (size.width, size.height),
        wall_ms(),
    );
    settings.apply_to(&mut state);
    if let Some(warning) = &settings.warning {
        state.flash_error(warning.clone());
    }
    let result = event_loop(
        &mut guard,
        &mut state,
        &worker_commands,
        events,
        settings.clipboard,
    )
    .await;
    // `:w` then `q` at once: the file is written before the process ends.
    flush(&worker_commands).await;
    result
}

/// Files under this size are indexed before the first frame.
const SMALL_DOCUMENT: usize = 1 << 20;

/// A large file's preview: the first values (a few screens, even folded) from its first bytes.
const PREVIEW_VALUES: usize = 4096;
const PREVIEW_BYTES: u64 = 256 << 10;

/// The first values of the file at `path` (of `total` bytes), and how many values the whole
/// is guessed to hold; `None` when its first bytes do not hold enough of them.
fn preview_of(path: &std::path::Path, total: usize) -> Option<(crate::json::Doc, usize)> {
    use std::io::Read;
    let mut prefix = Vec::with_capacity(PREVIEW_BYTES as usize);
    std::fs::File::open(path)
        .ok()?
        .take(PREVIEW_BYTES)
        .read_to_end(&mut prefix)
        .ok()?;
    let doc = crate::json::Doc::preview(&prefix, PREVIEW_VALUES)?;
    let values = doc.len() * total / doc.text.len().max(1);
    Some((doc, values))
}

type Parsed = Result<std::sync::Arc<crate::json::Doc>, (String, String)>;

/// Reads and indexes the input; on failure, the reason and the text to show instead.
fn parse_input(
    path: Option<&std::path::Path>,
    progress: &std::sync::atomic::AtomicUsize,
    limit: u64,
) -> Parsed {
    read_input(path, progress, limit).and_then(|bytes| {
        crate::json::Doc::parse_or_return(bytes, Some(progress))
            .map(std::sync::Arc::new)
            .map_err(|(e, text)| (e.to_string(), String::from_utf8_lossy(&text).into_owned()))
    })
}

/// Reads the whole input, at most `limit` bytes: a regular file at once, anything else (a FIFO,
/// `/dev/zero`, standard input) as a stream whose progress shows on the loading line.
fn read_input(
    path: Option<&std::path::Path>,
    progress: &std::sync::atomic::AtomicUsize,
    limit: u64,
) -> Result<Vec<u8>, (String, String)> {
    let what = || path.map_or_else(|| "standard input".to_string(), |p| p.display().to_string());
    let too_large = || {
        (
            format!(
                "{} is larger than {} MiB (max_response_mb)",
                what(),
                limit >> 20
            ),
            String::new(),
        )
    };
    let result = match path {
        Some(p) => match std::fs::metadata(p) {
            Ok(m) if m.is_file() && m.len() > limit => return Err(too_large()),
            Ok(m) if m.is_file() => std::fs::read(p).map(Some),
            _ => std::fs::File::open(p).and_then(|f| read_limited(f, progress, limit)),
        },
        None => read_limited(std::io::stdin().lock(), progress, limit),
    };
    match result {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(too_large()),
        Err(e) => Err((format!("cannot read {}: {e}", what()), String::new())),
    }
}

/// Reads to the end, or `None` once more than `limit` bytes came.
fn read_limited(
    mut reader: impl std::io::Read,
    progress: &std::sync::atomic::AtomicUsize,
    limit: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(Some(bytes)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        bytes.extend_from_slice(&chunk[..n]);
        progress.store(bytes.len(), std::sync::atomic::Ordering::Relaxed);
        if bytes.len() as u64 > limit {
            return Ok(None);
        }
    }
}
