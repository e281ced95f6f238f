//! Mutations in the worker: one request, or many with bounded concurrency and a progress event
//! per item. Sent with [`Executor::execute`], so a mutation goes out once and is never retried
//! blindly. The answer becomes a [`RowChange`] for the table: the changed item's cells
//! re-extracted, or, when the API answers without the item, its detail read again.

use futures_util::StreamExt;
use serde_json::Value;

use super::{Event, RequestId};
use crate::api::Executor;
use crate::api::catalog::Row;
use crate::api::{ApiError, ApiRequest, HttpMethod, Kind};

/// At most this many requests of a bulk action are in flight at once.
pub const BULK_CONCURRENCY: usize = 8;

/// What a mutation did to the table's rows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowChange {
    /// The item as it is now.
    Updated(Row),
    /// A new item (a maintenance window created).
    Added(Row),
    /// The item is gone (deleted).
    Removed(String),
    /// Nothing to show (no kind given, or the item cannot be read back).
    Unchanged,
}

/// Why a mutation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum MutationError {
    /// Read-only mode refused it before it was sent.
    #[error("{0}")]
    ReadOnly(String),
    #[error("{0}")]
    Api(#[from] ApiError),
}

/// What became of one request of a mutation.
#[derive(Debug)]
pub struct Outcome {
    pub id: crate::worker::RequestId,
    /// The kind whose rows it changes (they update even after the overlay was closed).
    pub kind: Option<&'static Kind>,
    /// The item it was sent for (`None` for a create).
    pub item_id: Option<String>,
    pub request: ApiRequest,
    pub result: Result<RowChange, MutationError>,
}

/// Sends one mutation and works out the change to the row of `item_id`.
pub async fn run_one(
    api: &Executor,
    kind: Option<&'static Kind>,
    item_id: Option<&str>,
    request: &ApiRequest,
) -> Result<RowChange, MutationError> {
    let response = api.execute(request, &|_| {}).await?;
    let Some(kind) = kind else {
        return Ok(RowChange::Unchanged);
    };
    let detail = item_id.and_then(|id| kind.detail_path_for(id));
    if request.method == HttpMethod::Delete && detail.as_deref() == Some(request.path.as_str()) {
        return Ok(RowChange::Removed(item_id.unwrap_or_default().to_string()));
    }
    // What is done to an item of a trash (its restore) takes it out of the trash.
    if let (Some(_), Some(id)) = (kind.trash_of, item_id) {
        return Ok(RowChange::Removed(id.to_string()));
    }
    let returned_id = kind.item_id(&response);
    if response.is_object() && returned_id.is_some() {
        let row = kind.row(&response);
        return Ok(if item_id.is_none() || returned_id.as_deref() != item_id {
            RowChange::Added(row)
        } else {
            RowChange::Updated(row)
        });
    }
    // A void answer (`ResponseContainer` without the item): read the item back. Failing to read
    // it does not undo the change, so it is not an error of the mutation.
    match (item_id, kind.detail_request(item_id.unwrap_or_default())) {
        (Some(_), Some(read)) => match api.execute(&read, &|_| {}).await {
            Ok(item) if item.is_object() => Ok(RowChange::Updated(kind.row(&item))),
            _ => Ok(RowChange::Unchanged),
        },
        _ => Ok(RowChange::Unchanged),
    }
}

/// Reads an item's JSON (to build a request from it, as closing a window does).
pub async fn read_item(api: &Executor, request: &ApiRequest) -> Result<Value, ApiError> {
    api.execute(request, &|_| {}).await
}

/// Runs `items` with at most [`BULK_CONCURRENCY`] in flight; `each` hears every outcome as it
/// lands, in completion order.
pub async fn run_bulk(
    api: &Executor,
    kind: Option<&'static Kind>,
    items: Vec<(String, ApiRequest)>,
    mut each: impl FnMut(String, ApiRequest, Result<RowChange, MutationError>),
) {
    let mut results = futures_util::stream::iter(items.into_iter().map(|(id, req)| async move {
        let result = run_one(api, kind, Some(&id), &req).await;
        (id, req, result)
    }))
    .buffer_unordered(BULK_CONCURRENCY);
    while let Some((id, req, result)) = results.next().await {
        each(id, req, result);
    }
}

impl super::Worker {
    /// `Command::Mutate`: refused here too in read-only mode; answered by `Event::Mutated`.
    pub(super) fn mutate(
        &mut self,
        id: RequestId,
        kind: Option<&'static Kind>,
        item_id: Option<String>,
        request: ApiRequest,
    ) {
        if let Some(message) = self.read_only.refusal(&request) {
            tracing::warn!(%request, "refused: read-only");
            let result = Err(MutationError::ReadOnly(message));
            let outcome = Outcome {
                id,
                kind,
                item_id,
                request,
                result,
            };
            let _ = self.events.send(Event::Mutated(Box::new(outcome)));
            return;
        }
        tracing::info!(%request, "mutation");
        self.spawn_request(id, move |api| async move {
            let result = run_one(&api, kind, item_id.as_deref(), &request).await;
            Event::Mutated(Box::new(Outcome {
                id,
                kind,
                item_id,
                request,
                result,
            }))
        });
    }

    /// `Command::Bulk`: `Event::BulkItem` for each, then `Event::BulkDone`.
    pub(super) fn bulk(
        &mut self,
        id: RequestId,
        kind: Option<&'static Kind>,
        items: Vec<(String, ApiRequest)>,
    ) {
        if let Some(message) = items.iter().find_map(|(_, r)| self.read_only.refusal(r)) {
            tracing::warn!(count = items.len(), "bulk refused: read-only");
            return self.refuse_bulk(id, kind, items, message);
        }
        tracing::info!(count = items.len(), "bulk mutation");
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let (mut ok, mut failed) = (0, 0);
            run_bulk(&api, kind, items, |item_id, request, result| {
                if result.is_ok() {
                    ok += 1;
                } else {
                    failed += 1;
                }
                let _ = events.send(Event::BulkItem(Box::new(Outcome {
                    id,
                    kind,
                    item_id: Some(item_id),
                    request,
                    result,
                })));
            })
            .await;
            Event::BulkDone { id, ok, failed }
        });
    }

    fn refuse_bulk(
        &self,
        id: RequestId,
        kind: Option<&'static Kind>,
        items: Vec<(String, ApiRequest)>,
        message: String,
    ) {
        let failed = items.len();
        for (item_id, request) in items {
            let _ = self.events.send(Event::BulkItem(Box::new(Outcome {
                id,
                kind,
                item_id: Some(item_id),
                request,
                result: Err(MutationError::ReadOnly(message.clone())),
            })));
        }
        let _ = self.events.send(Event::BulkDone { id, ok: 0, failed });
    }

    /// `Command::ReadItem`: answered by `Event::ItemRead`.
    pub(super) fn read_item(&mut self, id: RequestId, request: ApiRequest) {
        self.spawn_request(id, move |api| async move {
            let result = read_item(&api, &request).await;
            Event::ItemRead { id, result }
        });
    }
}
