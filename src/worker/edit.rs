//! Edits in the worker: reading the items afresh, checking an alert's condition, and writing
//! what was saved one item at a time, each read again just before its write: if it changed
//! since it was opened, nothing is written and the item as it is now comes back for the
//! three-way view. Writes go out once (`Executor::execute` never retries a `PUT` or `POST`).

use std::path::Path;

use serde_json::Value;

use super::mutate::{MutationError, RowChange};
use super::{Event, RequestId};
use crate::api::catalog::editing;
use crate::api::edit::changed_since;
use crate::api::{ApiRequest, Executor, Kind};

/// One write of a saved edit.
#[derive(Debug, Clone, PartialEq)]
pub struct EditWrite {
    /// The item it updates (`None`: it creates one).
    pub item_id: Option<String>,
    /// The item as it was when the editor opened: what "changed since" compares with.
    pub opened: Option<Value>,
    pub request: ApiRequest,
}

/// What became of one write.
#[derive(Debug)]
pub enum WriteOutcome {
    /// Written; the item as the server answered it, and its row.
    Written { item: Value, row: RowChange },
    /// Not written: the item changed on the server since it was opened. It is now `theirs`.
    Conflict { theirs: Value },
    /// Not written, or it failed: why.
    Failed(MutationError),
}

/// Writes one edit: read the item again, compare, then send.
pub async fn write_one(api: &Executor, kind: &'static Kind, write: &EditWrite) -> WriteOutcome {
    if let (Some(id), Some(opened), Some(e)) = (&write.item_id, &write.opened, editing(kind)) {
        let Some(read) = kind.detail_request(id) else {
            return WriteOutcome::Failed(MutationError::ReadOnly(format!(
                "{} have no detail endpoint to check for changes",
                kind.title.to_lowercase()
            )));
        };
        match api.execute(&read, &|_| {}).await {
            Ok(now) if changed_since(e, opened, &now) => {
                return WriteOutcome::Conflict { theirs: now };
            }
            Ok(_) => {}
            Err(err) => return WriteOutcome::Failed(err.into()),
        }
    }
    match api.execute(&write.request, &|_| {}).await {
        Ok(item) => {
            let row = if item.is_object() && kind.item_id(&item).is_some() {
                match &write.item_id {
                    Some(_) => RowChange::Updated(kind.row(&item)),
                    None => RowChange::Added(kind.row(&item)),
                }
            } else {
                RowChange::Unchanged
            };
            WriteOutcome::Written { item, row }
        }
        Err(err) => WriteOutcome::Failed(err.into()),
    }
}

/// Removes a file whose text was used; a file already gone is no matter.
pub fn discard(path: &Path) {
    if let Err(e) = std::fs::remove_file(path) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(path = %path.display(), error = %e, "edit file not removed");
        }
    }
}

impl super::Worker {
    /// `Command::EditRead`.
    pub(super) fn edit_read(&mut self, id: RequestId, kind: &'static Kind, ids: Vec<String>) {
        self.spawn_request(id, move |api| async move {
            let mut items = Vec::with_capacity(ids.len());
            for item_id in ids {
                let result = match kind.detail_request(&item_id) {
                    Some(read) => api.execute(&read, &|_| {}).await,
                    None => Err(crate::api::ApiError::Decode {
                        method: "GET",
                        path: kind.list_path.to_string(),
                        message: format!("{} have no detail endpoint", kind.title),
                    }),
                };
                items.push((item_id, result));
            }
            Event::EditRead { id, items }
        });
    }

    /// `Command::CheckQuery`.
    pub(super) fn check_query(&mut self, id: RequestId, request: ApiRequest) {
        self.spawn_request(id, move |api| async move {
            let result = api.execute(&request, &|_| {}).await;
            Event::QueryChecked { id, result }
        });
    }

    /// `Command::WriteEdits`: refused here too in read-only mode.
    pub(super) fn write_edits(
        &mut self,
        id: RequestId,
        kind: &'static Kind,
        writes: Vec<EditWrite>,
    ) {
        if let Some(message) = writes
            .iter()
            .find_map(|w| self.read_only.refusal(&w.request))
        {
            tracing::warn!(count = writes.len(), "edits refused: read-only");
            for index in 0..writes.len() {
                let outcome = WriteOutcome::Failed(MutationError::ReadOnly(message.clone()));
                let _ = self.events.send(Event::EditWritten {
                    id,
                    index,
                    outcome: Box::new(outcome),
                });
            }
            let _ = self.events.send(Event::EditsDone { id });
            return;
        }
        tracing::info!(count = writes.len(), "edits");
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            for (index, write) in writes.iter().enumerate() {
                let outcome = write_one(&api, kind, write).await;
                let _ = events.send(Event::EditWritten {
                    id,
                    index,
                    outcome: Box::new(outcome),
                });
            }
            Event::EditsDone { id }
        });
    }
}
