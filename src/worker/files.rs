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
    pub(super) fn save(&self, path: PathBuf, contents: String) {
        let events = self.events.clone();
        let path = crate::config::expand_home(&path);
        tokio::spawn(async move {
            let event = match write(&path, contents).await {
                Ok(bytes) => Event::Notice(format!("saved {bytes} bytes to {}", path.display())),
                Err(e) => Event::Failed(e.into()),
            };
            let _ = events.send(event);
        });
    }

    /// `Command::Export`: the summary on success, or why not.
    pub(super) fn export(&self, path: PathBuf, contents: String, summary: String) {
        let events = self.events.clone();
        let path = crate::config::expand_home(&path);
        tokio::spawn(async move {
            let event = match write(&path, contents).await {
                Ok(_) => Event::Notice(summary),
                Err(e) => Event::Failed(e.into()),
            };
            let _ = events.send(event);
        });
    }
}
