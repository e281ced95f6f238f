//! Fetching one page of a kind, raw: the list endpoint, or the server-side search. Shared by
//! the worker (which turns items into rows) and `wf-tui get` (which prints them).

use crate::api::Executor;
use crate::api::paging::Paging;
use crate::api::retry::RetryNotice;
use crate::api::{ApiError, Kind, Page, PageRequest};

/// The page and the request for the one after it (`None` when it was the last).
pub async fn raw_page(
    session: &Executor,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
) -> Result<(Page, Option<PageRequest>), ApiError> {
    raw_page_noting(session, kind, page, search, &|_| {}).await
}

/// [`raw_page`], announcing each retry to `on_retry`.
pub async fn raw_page_noting(
    session: &Executor,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<(Page, Option<PageRequest>), ApiError> {
    // The listing began with its first page: later pages keep its time, so its window.
    let listed_at = page
        .listed_at_ms
        .unwrap_or_else(crate::auth::session::wall_ms);
    let page = &PageRequest {
        listed_at_ms: Some(listed_at),
        ..page.clone()
    };
    let request = match search {
        Some(text) => {
            kind.search_request(page, text, listed_at)
                .ok_or_else(|| ApiError::Decode {
                    method: "POST",
                    path: kind.list_path.into(),
                    message: format!("{} cannot be searched on the server", kind.title),
                })?
        }
        None => kind.list_request(page, listed_at),
    };
    let answer = session.execute_answer(&request, on_retry).await?;
    let raw_items = answer
        .payload_bytes()
        .and_then(|payload| raw_items(kind, payload));
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
        prepend_also_listed(session, kind, also(listed_at), &mut parsed, on_retry).await;
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
    session: &Executor,
    kind: &'static Kind,
    request: crate::api::ApiRequest,
    parsed: &mut Page,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) {
    let extra = match session.execute(&request, on_retry).await {
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
pub async fn name_ids(session: &Executor, kind: &'static Kind, items: &mut [serde_json::Value]) {
    for (pointer, names_kind) in kind.names_from {
        let names: std::collections::HashMap<String, serde_json::Value> =
            match raw_page(session, names_kind, &PageRequest::first(1000), None).await {
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
