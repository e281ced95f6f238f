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
    let now = crate::auth::session::wall_ms();
    let (method, path, value) = match (search, kind.search_entity) {
        (Some(text), Some(entity)) => {
            let path = format!("/api/v2/search/{entity}");
            let body = crate::api::search::body(kind, page, text, now);
            // A search changes nothing: it may be retried like a read.
            let value = session
                .send_retrying(
                    reqwest::Method::POST,
                    "POST",
                    &path,
                    &[],
                    Some(&body),
                    on_retry,
                )
                .await?;
            ("POST", path, value)
        }
        (Some(_), None) => {
            return Err(ApiError::Decode {
                method: "POST",
                path: kind.list_path.into(),
                message: format!("{} cannot be searched on the server", kind.title),
            });
        }
        (None, _) => {
            let query = kind.list_query(page, now);
            let value = session
                .send_retrying(
                    reqwest::Method::GET,
                    "GET",
                    kind.list_path,
                    &query,
                    None,
                    on_retry,
                )
                .await?;
            ("GET", kind.list_path.to_string(), value)
        }
    };
    let parsed = kind.page_from(value).map_err(|e| ApiError::Decode {
        method,
        path,
        message: e.to_string(),
    })?;
    let next = parsed.next(kind.paging, page, kind.id_pointer);
    Ok((parsed, next))
}
