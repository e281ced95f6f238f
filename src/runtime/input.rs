//! The terminal's input while the runtime owns it, and handing the terminal to `$EDITOR` and
//! back (the reader stopped meanwhile, so it does not take the editor's keys).

use crossterm::event::{Event as TermEvent, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::auth::session::wall_ms;
use crate::terminal::TerminalGuard;

/// Reads terminal events on their own task, so the loop can drain a burst of them without
/// polling the stream with a foreign waker (crossterm keeps only one waker at a time). The
/// task is stopped (and its stream dropped) while another program has the terminal.
pub(super) struct InputReader {
    pub(super) events: UnboundedReceiver<std::io::Result<TermEvent>>,
    task: tokio::task::JoinHandle<()>,
}

impl InputReader {
    pub(super) fn start() -> Self {
        let (tx, events) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            let mut stream = EventStream::new();
            while let Some(ev) = stream.next().await {
                if tx.send(ev).is_err() {
                    break;
                }
            }
        });
        Self { events, task }
    }

    /// Stops reading; the stream is dropped once this returns.
    async fn stop(&mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

/// Runs the editor on a job's text, the terminal its own meanwhile: our reader stopped (it
/// would take the editor's keys), the full screen left, then both back.
pub(super) async fn run_editor(
    guard: &mut TerminalGuard,
    input: &mut InputReader,
    job: crate::editor::EditorJob,
) -> std::io::Result<crate::editor::Edited> {
    let command = crate::editor::command_from(|k| std::env::var(k).ok());
    input.stop().await;
    let mouse = guard.suspend()?;
    let run = |file| crate::editor::run_editor(&command, file);
    let dir = crate::editor::edits_dir();
    let edited = crate::editor::run_with(job, &dir, wall_ms(), run).await;
    guard.resume(mouse)?;
    *input = InputReader::start();
    Ok(edited)
}
