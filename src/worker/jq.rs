//! jq filters on a document: in a child process that cancel kills, or in-process when there
//! is no binary to run. One at a time: a new filter replaces the one running.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Event, RequestId, Worker};
use crate::json::Doc;
use crate::json::jq::JqError;

/// Why a document (a filter's result, or `wf-tui inspect`'s input) could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Jq(#[from] JqError),
    /// The result is not a document the inspector can index.
    #[error(transparent)]
    Index(#[from] crate::json::ParseError),
    #[error("indexing the result failed: {0}")]
    Task(String),
    /// The input is not JSON (or too large): why, and its text, shown as plain lines.
    #[error("{reason}")]
    Unreadable { reason: String, text: String },
}

impl DocumentError {
    /// The text that came with the failure, to show as it is (empty when there is none).
    pub fn text(&self) -> &str {
        match self {
            DocumentError::Unreadable { text, .. } => text,
            _ => "",
        }
    }
}

async fn in_child(
    exe: PathBuf,
    filter: String,
    input: Arc<Doc>,
) -> Result<Arc<Doc>, DocumentError> {
    let text = crate::json::jq::run_in_child(&exe, &filter, &input.json_text()).await?;
    tokio::task::spawn_blocking(move || Ok(Arc::new(Doc::parse(text.into_bytes())?)))
        .await
        .unwrap_or_else(|e| Err(DocumentError::Task(e.to_string())))
}

fn in_process(filter: &str, input: &Doc) -> Result<Arc<Doc>, DocumentError> {
    let text = crate::json::jq::run(filter, &input.json_text())?;
    Ok(Arc::new(Doc::parse(text.into_bytes())?))
}

impl Worker {
    /// `Command::Jq`: the result comes back as `Event::Document`.
    pub(super) fn run_jq(&mut self, id: RequestId, input: Arc<Doc>, filter: String) {
        if let Some(h) = self.jq.take().and_then(|old| self.inflight.remove(&old)) {
            h.abort();
        }
        self.inflight.retain(|_, h| !h.is_finished());
        let events = self.events.clone();
        let job = match self.jq_exe.clone() {
            Some(exe) => tokio::spawn(async move {
                let result = in_child(exe, filter, input).await;
                let _ = events.send(Event::Document { id, result });
            }),
            None => tokio::task::spawn_blocking(move || {
                let result = in_process(&filter, &input);
                let _ = events.send(Event::Document { id, result });
            }),
        };
        self.inflight.insert(id, job.abort_handle());
        self.jq = Some(id);
    }
}
