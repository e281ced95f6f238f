//! Writing files the person asked for (`:w`, `:export`), off the UI thread.

use std::path::{Path, PathBuf};

use super::{Event, Worker};

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct FileError {
    /// As shown (the home folder expanded).
    pub path: String,
    pub source: std::io::Error,
}

/// Writes `contents` to `path` (expanded: a leading `~` is the home folder); the bytes written.
async fn write(path: &Path, contents: String) -> Result<usize, FileError> {
    let bytes = contents.len();
    tokio::fs::write(path, contents)
        .await
        .map(|()| bytes)
        .map_err(|source| FileError {
            path: path.display().to_string(),
            source,
        })
}

impl Worker {
    /// `Command::Save`: "saved N bytes to PATH", or why not.
    pub(super) fn save(&mut self, path: PathBuf, contents: String) {
        let events = self.events.clone();
        let path = crate::config::expand_home(&path);
        self.track_write(tokio::spawn(async move {
            let event = match write(&path, contents).await {
                Ok(bytes) => Event::Notice(format!("saved {bytes} bytes to {}", path.display())),
                Err(e) => Event::Failed(e.into()),
            };
            let _ = events.send(event);
        }));
    }

    /// `Command::Export`: the summary on success, or why not.
    pub(super) fn export(&mut self, path: PathBuf, contents: String, summary: String) {
        let events = self.events.clone();
        let path = crate::config::expand_home(&path);
        self.track_write(tokio::spawn(async move {
            let event = match write(&path, contents).await {
                Ok(_) => Event::Notice(summary),
                Err(e) => Event::Failed(e.into()),
            };
            let _ = events.send(event);
        }));
    }

    /// Keeps a write until it ends, so that quitting right after `:w` still writes the file.
    fn track_write(&mut self, write: tokio::task::JoinHandle<()>) {
        self.writes.retain(|w| !w.is_finished());
        self.writes.push(write);
    }

    /// `Command::Flush`: answers once the files being written and what is remembered are on
    /// disk (the caller bounds the wait).
    pub(super) fn flush(&mut self, done: tokio::sync::oneshot::Sender<()>) {
        let writes = std::mem::take(&mut self.writes);
        let (remembered, written) = tokio::sync::oneshot::channel();
        self.memory.flush(remembered);
        tokio::spawn(async move {
            for write in writes {
                let _ = write.await;
            }
            let _ = written.await;
            let _ = done.send(());
        });
    }
}
