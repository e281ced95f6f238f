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
mod inspect;
use input::{InputReader, run_editor};
pub use inspect::run_inspect;

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
