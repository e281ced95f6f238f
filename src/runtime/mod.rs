//! The event loop: terminal input, worker events and timers become messages; `update` changes
//! state; the screen is drawn once per batch of messages, and only when one arrived.

use std::time::Duration;

use crossterm::event::Event as TermEvent;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::Instant;

use crate::app::settings::Applied;
use crate::app::{Msg, State, WfImport, update};
use crate::auth::Account;
use crate::auth::session::wall_ms;
use crate::config::accounts::{AccountsFile, SavedAccount};
use crate::config::settings::ClipboardMode;
use crate::terminal::TerminalGuard;
use crate::worker::{self, Command, Event, WorkerConfig};

mod input;
use input::{InputReader, run_editor};

/// How the app starts.
pub enum Start {
    /// An account that is not saved (environment, demo).
    Unsaved(Box<Account>),
    /// A saved account (named with `--profile`, or the default).
    Saved(Box<SavedAccount>),
    /// Nothing configured: the login pane.
    FirstRun,
}

/// Everything the TUI starts from, read before the terminal is taken over.
pub struct Launch {
    pub start: Start,
    pub accounts: AccountsFile,
    pub wf_import: Option<WfImport>,
    /// The query aliases of `~/.wavefront` (`q_<name>` keys), offered as saved queries.
    pub saved_queries: Vec<crate::config::wavefront_cli::SavedQuery>,
    pub worker: WorkerConfig,
    /// A problem to show at once (a config file that did not parse …).
    pub warning: Option<String>,
    /// How often lists refresh by themselves (`None`: never).
    pub refresh_every: Option<std::time::Duration>,
    /// The settings file, applied: keymap, theme, mouse, clipboard, thresholds.
    pub settings: Applied,
    /// A dashboard to play once logged in (`--tv ID`), and the ms each section stays on.
    pub play: Option<(String, Option<i64>)>,
}

/// Runs the TUI until the person quits.
pub async fn run(launch: Launch) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "wf-tui is a terminal UI and standard output is not a terminal: run it in one"
        );
    }
    let read_only = launch.worker.read_only;
    let (commands, events) = worker::spawn(launch.worker);
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let size = (size.width, size.height);
    let mut state = match launch.start {
        Start::Unsaved(account) => {
            let state = State::new(&account.name, size, wall_ms());
            commands.send(Command::Login(account))?;
            state
        }
        Start::Saved(saved) => {
            let state = State::new(&saved.name, size, wall_ms());
            commands.send(Command::LoginSaved(saved))?;
            state
        }
        Start::FirstRun => State::logged_out(size, wall_ms()),
    };
    state.accounts = launch.accounts;
    state.read_only = read_only;
    state.wf_import = launch.wf_import;
    state.saved_queries = launch.saved_queries;
    state.refresh_every_ms = launch.refresh_every.map(|d| d.as_millis() as i64);
    state.startup_play = launch.play.clone();
    launch.settings.apply_to(&mut state);
    // A bad settings file never stops the app: it says what was wrong on the message line.
    let warnings: Vec<String> = [launch.warning, launch.settings.warning.clone()]
        .into_iter()
        .flatten()
        .collect();
    if !warnings.is_empty() {
        state.flash_error(warnings.join(" · "));
    }
    let result = event_loop(
        &mut guard,
        &mut state,
        &commands,
        events,
        launch.settings.clipboard,
    )
    .await;
    flush(&commands).await;
    result
}

/// Files being saved and what is remembered are written before the process exits (briefly: a
/// stuck disk does not hold the exit).
async fn flush(commands: &tokio::sync::mpsc::UnboundedSender<Command>) {
    let (done, flushed) = tokio::sync::oneshot::channel();
    if commands.send(Command::Flush(done)).is_ok() {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), flushed).await;
    }
}

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

async fn event_loop(
    guard: &mut TerminalGuard,
    state: &mut State,
    commands: &UnboundedSender<Command>,
    mut events: UnboundedReceiver<Event>,
    clipboard_mode: ClipboardMode,
) -> anyhow::Result<()> {
    let mut signals = crate::signals::Signals::install();
    let mut input = InputReader::start();
    // Runs of the editor asked for, carried out between batches (the terminal is theirs then).
    let mut editing: Vec<crate::editor::EditorJob> = Vec::new();
    // Results of native clipboard tools, which run off the loop.
    let (notices_tx, mut notices) = tokio::sync::mpsc::unbounded_channel::<Event>();
    let notify: crate::clipboard::Notify = std::sync::Arc::new(move |how| {
        let _ = notices_tx.send(match how {
            Ok(text) => Event::Notice(text),
            Err(e) => Event::Failed(e.into()),
        });
    });
    let clipboard = crate::clipboard::Clipboard::new(clipboard_mode, notify);
    guard.set_mouse(state.mouse)?;
    draw(guard, state)?;
    loop {
        // A timer exists only while something on screen counts down.
        let tick = state.next_tick_ms().map(|at| {
            // Times on screen come from server data: a far one must not overflow `Instant`.
            let wait = Duration::from_millis(at.saturating_sub(wall_ms()).max(0) as u64)
                .min(Duration::from_secs(86_400));
            Instant::now() + wait
        });
        let first = tokio::select! {
            ev = input.events.recv() => match ev {
                Some(Ok(ev)) => terminal_msg(ev),
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            ev = events.recv() => match ev {
                Some(ev) => Some(Msg::Worker(ev)),
                None => anyhow::bail!("the background worker stopped"),
            },
            Some(ev) = notices.recv() => Some(Msg::Worker(ev)),
            // The caller restores the terminal and writes what is remembered on the way out.
            signal = signals.recv() => return Err(signal.into()),
            _ = tokio::time::sleep_until(tick.unwrap_or_else(Instant::now)), if tick.is_some() => {
                Some(Msg::Tick)
            }
        };
        let mut dirty = false;
        let out = Outlets {
            commands,
            clipboard: &clipboard,
        };
        if let Some(msg) = first {
            dirty |= apply(state, msg, &out, &mut editing);
        }
        // Take whatever else is already waiting, then draw once for the whole batch.
        drain_waiting(&mut events, |ev| {
            dirty |= apply(state, Msg::Worker(ev), &out, &mut editing);
        });
        while let Ok(ev) = input.events.try_recv() {
            if let Some(msg) = terminal_msg(ev?) {
                dirty |= apply(state, msg, &out, &mut editing);
            }
        }
        while let Some(job) = editing.pop() {
            let edited = run_editor(guard, &mut input, job).await?;
            // The terminal may have changed size meanwhile, unheard.
            let size = guard.terminal.size()?;
            let resized = Msg::Resize(size.width, size.height);
            apply(state, resized, &out, &mut editing);
            dirty |= apply(state, Msg::Edited(Box::new(edited)), &out, &mut editing);
        }
        if state.quit {
            return Ok(());
        }
        // The terminal follows the state's mouse switch (the guard releases it on the way out).
        guard.set_mouse(state.mouse)?;
        panic_for_audit(state);
        if dirty {
            draw(guard, state)?;
        }
    }
}

/// Draws a frame and hands what it drew back to `update`, for the clicks and pages that
/// follow (that message changes nothing on screen, so it asks for no other frame).
fn draw(guard: &mut TerminalGuard, state: &mut State) -> std::io::Result<()> {
    let mut drawn = None;
    guard.draw(|f| drawn = Some(crate::ui::draw(f, state)))?;
    if let Some(drawn) = drawn {
        let commands = update(state, Msg::Drawn(drawn));
        debug_assert!(commands.is_empty(), "a frame drawn asks for nothing");
    }
    Ok(())
}

/// Hands `f` the events waiting now, and not those arriving meanwhile: pages that come back
/// as fast as they are asked for (a load-all against a near server) would otherwise keep the
/// loop here, and keys (`esc` stopping the load-all) would never be read.
fn drain_waiting<T>(rx: &mut UnboundedReceiver<T>, mut f: impl FnMut(T)) {
    for _ in 0..rx.len() {
        match rx.try_recv() {
            Ok(ev) => f(ev),
            Err(_) => break,
        }
    }
}

fn terminal_msg(ev: TermEvent) -> Option<Msg> {
    match ev {
        TermEvent::Key(k) => Some(Msg::Key(k)),
        TermEvent::Resize(w, h) => Some(Msg::Resize(w, h)),
        TermEvent::Mouse(m) => Some(Msg::Mouse(m)),
        TermEvent::Paste(text) => Some(Msg::Paste(text.into())),
        _ => None,
    }
}

/// Where `update`'s commands go: the worker, or what the runtime carries out itself.
struct Outlets<'a> {
    commands: &'a UnboundedSender<Command>,
    clipboard: &'a crate::clipboard::Clipboard,
}

fn apply(
    state: &mut State,
    msg: Msg,
    out: &Outlets,
    editing: &mut Vec<crate::editor::EditorJob>,
) -> bool {
    let Outlets {
        commands,
        clipboard,
    } = out;
    state.now_ms = wall_ms();
    for command in update(state, msg) {
        match command {
            // The clipboard goes through the terminal (OSC 52) or a system tool, as set.
            Command::Copy(text) => clipboard.copy(text),
            Command::Bell => crate::terminal::ring_bell(),
            // The editor needs the terminal: run between batches.
            Command::Edit(job) => editing.push(*job),
            // The worker lives as long as the loop; a send fails only on the way out.
            command => {
                let _ = commands.send(command);
            }
        }
    }
    true
}

/// For the secrets audit (tests/secrets_audit.rs) only: with `WF_TUI_PANIC_AFTER_LOGIN` set,
/// panic once logged in, with the state's `Debug` in the message, so the test can check what a
/// crash leaves behind (report, log, terminal) while secrets are held. Only with the
/// `test-support` feature (the tests' binary): a shipped binary has no switch that puts its
/// state in a report.
#[cfg(not(feature = "test-support"))]
fn panic_for_audit(_: &State) {}

#[cfg(feature = "test-support")]
fn panic_for_audit(state: &State) {
    static WANTED: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("WF_TUI_PANIC_AFTER_LOGIN").is_some());
    if *WANTED && matches!(state.login, crate::app::LoginState::LoggedIn(_)) {
        panic!("panic requested after login; state: {state:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draining_stops_at_what_was_waiting() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<u32>();
        tx.send(0).unwrap();
        tx.send(1).unwrap();
        let mut seen = Vec::new();
        // Each event handled brings another at once, as a fast page answers the next request.
        drain_waiting(&mut rx, |n| {
            seen.push(n);
            if n < 1000 {
                tx.send(n + 2).unwrap();
            }
        });
        assert_eq!(seen, vec![0, 1]);
        assert_eq!(
            rx.len(),
            2,
            "the new ones wait for the next turn of the loop"
        );
    }
}
