//! Fetching one page of a kind, raw: the list endpoint, or the server-side search. Shared by
//! the worker (which turns items into rows) and `wf-tui get` (which prints them).

use crate::api::{ApiError, Kind, Page, PageRequest};
use crate::auth::Session;
use crate::auth::session::RetryNotice;

/// The page and the request for the one after it (`None` when it was the last).
pub async fn raw_page(
    session: &Session,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
) -> Result<(Page, Option<PageRequest>), ApiError> {
    raw_page_noting(session, kind, page, search, &|_| {}).await
}

/// [`raw_page`], announcing each retry to `on_retry`.
pub async fn raw_page_noting(
    session: &Session,
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
    let value = session.execute(&request, on_retry).await?;
    let (method, path) = (request.method.as_str(), request.path);
    let mut parsed = kind.page_from(value).map_err(|e| ApiError::Decode {
        method,
        path,
        message: e.to_string(),
    })?;
    let next = parsed.next(kind.paging, page, kind.id_pointer);
    let first = page.cursor.is_none() && page.offset == 0;
    if let (Some(also), true, None) = (kind.also_listed, first, search) {
        prepend_also_listed(session, kind, also(listed_at), &mut parsed, on_retry).await;
    }
    Ok((parsed, next))
}

/// Puts the items of the kind's extra request before the first page's (those it already holds
/// once). A failure there leaves the page as it is: the listing is still right for its window.
async fn prepend_also_listed(
    session: &Session,
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
}
