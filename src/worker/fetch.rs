//! Fetching one page of a kind, raw: the list endpoint, or the server-side search. Shared by
//! the worker (which turns items into rows) and `wf-tui get` (which prints them). Also the
//! worker's read commands: a page, a detail, a chart, a replay.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::{Event, LoadedPage, RequestId, Worker};
use crate::api::Executor;
use crate::api::paging::Paging;
use crate::api::retry::RetryNotice;
use crate::api::{ApiError, Kind, Page, PageRequest};

/// The page and the request for the one after it (`None` when it was the last).
pub async fn raw_page(
    api: &Executor,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
) -> Result<(Page, Option<PageRequest>), ApiError> {
    raw_page_noting(api, kind, page, search, &|_| {}).await
}

/// [`raw_page`], announcing each retry to `on_retry`.
pub async fn raw_page_noting(
    api: &Executor,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<(Page, Option<PageRequest>), ApiError> {
    // The listing began with its first page: later pages keep its time, so its window.
    let listed_at = page
        .listed_at_ms
        .unwrap_or_else(crate::api::history::wall_ms);
    let page = &PageRequest {
        listed_at_ms: Some(listed_at),
        ..page.clone()
    };
    let request = match search {
        Some(text) => kind
            .search_request(page, text, listed_at)
            .ok_or(ApiError::NoServerSearch { title: kind.title })?,
        None => kind.list_request(page, listed_at),
    };
    let answer = api.execute_answer(&request, on_retry).await?;
    let raw_items = answer.skimmed_items().or_else(|| {
        answer
            .payload_bytes()
            .and_then(|payload| raw_items(kind, payload))
    });
    let (method, path) = (request.method.as_str(), request.path);
    let mut parsed = kind.page_from(answer.value).map_err(|e| ApiError::Decode {
        method,
        path,
        message: e.to_string(),
    })?;
    parsed.raw_items = raw_items.filter(|raw| raw.len() == parsed.items.len());
    // The search pages even where the list does not: every `SortableSearchRequest` takes an
    // offset and a limit (service accounts, user accounts and tokens list in one answer).
    let paging = match (search, kind.paging) {
        (Some(_), Paging::None) => Paging::Offset,
        (_, paging) => paging,
    };
    let next = parsed.next(paging, page, kind.id_pointer);
    let first = page.cursor.is_none() && page.offset == 0;
    if let (Some(also), true, None) = (kind.also_listed, first, search) {
        prepend_also_listed(api, kind, also(listed_at), &mut parsed, on_retry).await;
    }
    Ok((parsed, next))
}

/// The bytes of each item of a page's payload (a paged object's `items`, a bare array, or a
/// singleton's list at `items_pointer`), found without decoding; `None` for what cannot be
/// located.
fn raw_items(kind: &Kind, payload: &[u8]) -> Option<Vec<Vec<u8>>> {
    use crate::json::value::{array_elements, top_level_member};
    let items = match kind.items_pointer {
        // `/policyRules`: member by member (keys without `~` escapes, as the catalog's are).
        Some(pointer) => pointer
            .split('/')
            .skip(1)
            .try_fold(payload, |at, key| top_level_member(at, key).map(|r| &at[r]))?,
        None => match top_level_member(payload, "items") {
            Some(range) => &payload[range],
            None => payload,
        },
    };
    let elements = array_elements(items)?;
    Some(elements.into_iter().map(|r| items[r].to_vec()).collect())
}

/// Puts the items of the kind's extra request before the first page's (those it already holds
/// once). A failure there leaves the page as it is: the listing is still right for its window.
async fn prepend_also_listed(
    api: &Executor,
    kind: &'static Kind,
    request: crate::api::ApiRequest,
    parsed: &mut Page,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) {
    let extra = match api.execute(&request, on_retry).await {
        Ok(value) => match Page::from_response(value) {
            Ok(page) => page.items,
            Err(e) => {
                tracing::warn!(path = %request.path, error = %e, "extra items not read");
                return;
            }
        },
        Err(e) => {
            tracing::warn!(path = %request.path, error = %e, "extra items not read");
            return;
        }
    };
    let held: std::collections::HashSet<String> = parsed
        .items
        .iter()
        .filter_map(|i| kind.item_id(i))
        .collect();
    let extra: Vec<_> = extra
        .into_iter()
        .filter(|i| kind.item_id(i).is_none_or(|id| !held.contains(&id)))
        .collect();
    if let Some(total) = parsed.total_items.as_mut() {
        *total += extra.len() as u64;
    }
    parsed.items.splice(0..0, extra);
    parsed.raw_items = None;
}

/// Puts names in place of ids in the columns of `items` that [`Kind::names_from`] names: each
/// id another kind's list names becomes `{"id", "name"}`, which the column shows by its name.
/// Ids with no name found, and every id when a list cannot be read, stay as they are.
pub async fn name_ids(api: &Executor, kind: &'static Kind, items: &mut [serde_json::Value]) {
    for (pointer, names_kind) in kind.names_from {
        // Lists that name their elements already (a user's groups as objects) need no lookup.
        let has_ids = items.iter().any(|item| {
            item.pointer(pointer)
                .and_then(serde_json::Value::as_array)
                .is_some_and(|ids| ids.iter().any(serde_json::Value::is_string))
        });
        if !has_ids {
            continue;
        }
        let names: std::collections::HashMap<String, serde_json::Value> =
            match raw_page(api, names_kind, &PageRequest::first(1000), None).await {
                Ok((page, _)) => page
                    .items
                    .iter()
                    .filter_map(|i| Some((names_kind.item_id(i)?, i.get("name")?.clone())))
                    .filter(|(_, name)| name.as_str().is_some_and(|n| !n.trim().is_empty()))
                    .collect(),
                Err(e) => {
                    tracing::warn!(kind = names_kind.name, error = %e, "names not read");
                    continue;
                }
            };
        for item in items.iter_mut() {
            let Some(serde_json::Value::Array(ids)) = item.pointer_mut(pointer) else {
                continue;
            };
            for id in ids.iter_mut() {
                if let Some(name) = id.as_str().and_then(|i| names.get(i)) {
                    *id = serde_json::json!({"id": id.clone(), "name": name.clone()});
                }
            }
        }
    }
}

impl Worker {
    /// `Command::FetchPage`: answered by `Event::Page`.
    pub(super) fn fetch_page(
        &mut self,
        id: RequestId,
        kind: &'static Kind,
        page: PageRequest,
        search: Option<String>,
    ) {
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let result = load_page(&api, kind, &page, search.as_deref(), &on_retry).await;
            Event::Page {
                id,
                request: page,
                result,
            }
        });
    }

    /// `Command::FetchDetail`: answered by `Event::Detail`.
    pub(super) fn fetch_detail(&mut self, id: RequestId, kind: &'static Kind, item_id: String) {
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let result = match kind.detail_request(&item_id) {
                Some(request) => api
                    .execute_answer(&request, &on_retry)
                    .await
                    .map(|answer| Arc::new(detail_doc(kind, answer))),
                None => Err(ApiError::NoDetailEndpoint { title: kind.title }),
            };
            Event::Detail { id, result }
        });
    }

    /// `Command::Chart`: answered by `Event::Chart`.
    pub(super) fn chart(&mut self, id: RequestId, query: crate::api::chart::ChartQuery) {
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let result = super::chart::run(&api, &query, &on_retry).await;
            Event::Chart { id, result }
        });
    }

    /// `Command::Metrics`: names under a prefix, or a metric's sources and tags.
    pub(super) fn metrics(&mut self, id: RequestId, ask: crate::api::metrics::Ask) {
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let result = crate::api::metrics::run(&api, &ask, &on_retry).await;
            Event::Metrics { id, ask, result }
        });
    }

    /// `Command::Replay`: a request from the history again, answered by `Event::Detail`.
    pub(super) fn replay(&mut self, id: RequestId, request: crate::api::ApiRequest) {
        // A change sent again from the history is still a change.
        if let Some(message) = self.read_only.refusal(&request) {
            tracing::warn!(%request, "replay refused: read-only");
            let result = Err(ApiError::ReadOnly(message));
            let _ = self.events.send(Event::Detail { id, result });
            return;
        }
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let result = api.execute(&request, &on_retry).await.map(|mut v| {
                super::memory::mask_for_path(&mut v, &request.path);
                Arc::new(crate::json::Doc::from_value(&v))
            });
            Event::Detail { id, result }
        });
    }
}

/// The inspector's document of a detail: the payload's bytes as the server sent them (every
/// number's text kept), secrets masked in the text.
fn detail_doc(kind: &'static Kind, answer: crate::api::client::Answer) -> crate::json::Doc {
    if let Some(doc) = answer.payload_bytes().and_then(|raw| {
        crate::json::Doc::parse(crate::api::catalog::mask_secrets_text(
            raw,
            kind.secret_keys,
        ))
        .ok()
    }) {
        return doc;
    }
    let mut value = answer.value;
    crate::api::catalog::mask_secrets(&mut value, kind.secret_keys);
    crate::json::Doc::from_value(&value)
}

/// One page of a kind with its rows extracted (off the UI thread).
async fn load_page(
    api: &Executor,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<LoadedPage, ApiError> {
    let (parsed, next) = raw_page_noting(api, kind, page, search, on_retry).await?;
    rows_of(api, kind, parsed, next).await
}

/// A page's rows, names put in place of ids.
pub(super) async fn rows_of(
    api: &Executor,
    kind: &'static Kind,
    mut parsed: Page,
    next: Option<PageRequest>,
) -> Result<LoadedPage, ApiError> {
    // Names put in place of ids change the items: their text as sent is then not theirs.
    let sent = parsed
        .raw_items
        .take()
        .filter(|_| kind.names_from.is_empty());
    name_ids(api, kind, &mut parsed.items).await;
    let rows = parsed
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            kind.row_from(
                item,
                sent.as_ref().and_then(|s| s.get(i)).map(Vec::as_slice),
            )
        })
        .collect();
    // The items are done with: taken apart without recursion, however deep.
    crate::json::value::drop_deep(serde_json::Value::Array(std::mem::take(&mut parsed.items)));
    Ok(LoadedPage {
        rows,
        next,
        total_items: parsed.total_items,
    })
}

/// What a request task tells the UI before each retry: the view waiting for `id` shows it.
pub(super) fn announce_retries(
    events: UnboundedSender<Event>,
    id: RequestId,
) -> impl Fn(&RetryNotice) + Send + Sync {
    move |notice| {
        let _ = events.send(Event::Retrying {
            id,
            notice: notice.clone(),
        });
    }
}
