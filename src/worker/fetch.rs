//! Fetching one page of a kind, raw: the list endpoint, or the server-side search. Shared by
//! the worker (which turns items into rows) and `wf-tui get` (which prints them).

use crate::api::paging::Paging;
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
    let now = crate::auth::session::wall_ms();
    let request = match search {
        Some(text) => kind
            .search_request(page, text, now)
            .ok_or_else(|| ApiError::Decode {
                method: "POST",
                path: kind.list_path.into(),
                message: format!("{} cannot be searched on the server", kind.title),
            })?,
        None => kind.list_request(page, now),
    };
    let value = session.execute(&request, on_retry).await?;
    let (method, path) = (request.method.as_str(), request.path);
    let parsed = kind.page_from(value).map_err(|e| ApiError::Decode {
        method,
        path,
        message: e.to_string(),
    })?;
    // The search pages even where the list does not: every `SortableSearchRequest` takes an
    // offset and a limit (service accounts, user accounts and tokens list in one answer).
    let paging = match (search, kind.paging) {
        (Some(_), Paging::None) => Paging::Offset,
        (_, paging) => paging,
    };
    let next = parsed.next(paging, page, kind.id_pointer);
    Ok((parsed, next))
}
