//! Entering and leaving the full-screen terminal. The terminal is restored on every way out:
//! normal exit, error (the guard's `Drop`) and panic (the hook).

use std::io::{self, Stdout, Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether mouse capture is on, so every way out releases it.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Where a panic writes its report (the log folder), set at start.
static CRASH_DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Panics write a report into `dir` (besides the log line). Set once, at start.
pub fn set_crash_dir(dir: std::path::PathBuf) {
    let _ = CRASH_DIR.set(dir);
}

/// Writes `crash-<epoch seconds>.txt` with the panic and a backtrace. No state goes in it,
/// so no secret can: only the message, the place and the stack.
fn write_crash_report(info: &std::panic::PanicHookInfo<'_>) -> Option<std::path::PathBuf> {
    let dir = CRASH_DIR.get()?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = dir.join(format!("crash-{secs}.txt"));
    let report = format!(
        "wf-tui {} crashed\n\n{info}\n\n{}\n",
        env!("CARGO_PKG_VERSION"),
        std::backtrace::Backtrace::force_capture()
    );
    // Private like the log: a backtrace names paths and the report sits beside the log.
    crate::private_file::write_private(&path, report.as_bytes()).ok()?;
    Some(path)
}

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Tui,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // Bracketed paste: a pasted token arrives as one text, not as keys (an `enter` in it
        // would submit, a `q` would quit).
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, Hide, EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout())).inspect_err(|_| restore())?;
        Ok(Self { terminal })
    }

    /// Turns mouse capture on or off; nothing is sent when it is already so.
    pub fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        if MOUSE.swap(on, Ordering::SeqCst) == on {
            return Ok(());
        }
        if on {
            execute!(self.terminal.backend_mut(), EnableMouseCapture)
        } else {
            execute!(self.terminal.backend_mut(), DisableMouseCapture)
        }
    }

    /// Gives the terminal to another program (the editor): raw mode off, the main screen back,
    /// the cursor shown, mouse capture and bracketed paste off. [`TerminalGuard::resume`] takes
    /// it back; a panic or exit meanwhile has nothing left to restore.
    pub fn suspend(&mut self) -> io::Result<bool> {
        let mouse = MOUSE.load(Ordering::SeqCst);
        restore();
        Ok(mouse)
    }

    /// Takes the terminal back after [`TerminalGuard::suspend`] and repaints it whole on the
    /// next frame (the other program drew over it).
    pub fn resume(&mut self, mouse: bool) -> io::Result<()> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        execute!(
            stdout(),
            EnterAlternateScreen,
            Clear(ClearType::All),
            Hide,
            EnableBracketedPaste
        )?;
        self.set_mouse(mouse)?;
        // A new terminal has empty buffers: the next frame is drawn whole. (`Terminal::clear`
        // would ask the terminal where its cursor is, which not every terminal answers.)
        self.terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(())
    }

    /// Draws one frame inside synchronized-update escapes, so a large repaint shows at once.
    pub fn draw(&mut self, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        execute!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let result = self.terminal.draw(f).map(|_| ());
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        result
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Rings the terminal's bell (BEL): it moves nothing on the screen ratatui draws.
pub fn ring_bell() {
    let mut out = stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

/// Leaves raw mode and the alternate screen; safe to call twice.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let mut out = stdout();
        // A terminal left capturing the mouse is unusable for selecting text: always release.
        if MOUSE.swap(false, Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = out.flush();
    }
}

fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            tracing::error!(panic = %info, "panic");
            previous(info);
            if let Some(path) = write_crash_report(info) {
                eprintln!("wf-tui: a report is in {}", path.display());
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_restores_the_terminal_before_reporting() {
        let dir = tempfile::tempdir().unwrap();
        set_crash_dir(dir.path().to_path_buf());
        install_panic_hook();
        ACTIVE.store(true, Ordering::SeqCst);
        MOUSE.store(true, Ordering::SeqCst);
        let result = std::panic::catch_unwind(|| panic!("boom in a draw"));
        assert!(result.is_err());
        assert!(
            !ACTIVE.load(Ordering::SeqCst),
            "the panic hook left raw mode and the alternate screen"
        );
        assert!(
            !MOUSE.load(Ordering::SeqCst),
            "the panic hook released the mouse"
        );
        let reports: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(reports.len(), 1, "one crash report");
        let text = std::fs::read_to_string(reports[0].path()).unwrap();
        assert!(text.contains("boom in a draw"), "{text}");
    }
}
