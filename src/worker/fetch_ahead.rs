//! The worker's side of `G` (#23): one listing's pages fetched ahead ([`super::ahead`]), each
//! still answered by one `Event::Page` when the table asks for it.

use std::sync::Arc;

use super::ahead::{AHEAD, Ahead, Stopper};
use super::fetch::rows_of;
use super::{Event, RequestId, Worker};
use crate::api::retry::RetryNotice;
use crate::api::{Kind, PageRequest};

impl Worker {
    /// `Command::FetchPageAhead`: answered by `Event::Page`, from the pages fetched ahead
    /// when this listing's are (the same kind and search).
    pub(super) fn fetch_page_ahead(
        &mut self,
        id: RequestId,
        kind: &'static Kind,
        page: PageRequest,
        search: Option<String>,
    ) {
        let Some(api) = self.api.clone() else {
            return self.fetch_page(id, kind, page, search);
        };
        let same = |a: &AheadListing| a.kind == kind.name && a.search == search;
        if !self.ahead.as_ref().is_some_and(same) {
            let events = self.events.clone();
            // Retries are told to whichever request waits now (the latest page asked).
            let waiting = Arc::new(std::sync::atomic::AtomicU64::new(id));
            let told = waiting.clone();
            let on_retry = Arc::new(move |notice: &RetryNotice| {
                let id = told.load(std::sync::atomic::Ordering::Relaxed);
                let _ = events.send(Event::Retrying {
                    id,
                    notice: notice.clone(),
                });
            });
            let pages = Ahead::new(&api, kind, search.as_deref(), AHEAD, on_retry);
            self.ahead = Some(AheadListing {
                kind: kind.name,
                search: search.clone(),
                waiting,
                stopper: pages.stopper(),
                pages: Arc::new(tokio::sync::Mutex::new(pages)),
            });
        }
        let listing = self.ahead.as_ref().expect("set above");
        listing
            .waiting
            .store(id, std::sync::atomic::Ordering::Relaxed);
        let pages = listing.pages.clone();
        self.spawn_request(id, move |api| async move {
            let fetched = pages.lock().await.page(&page).await;
            let result = match fetched {
                Ok((parsed, next)) => rows_of(&api, kind, parsed, next).await,
                Err(e) => Err(e),
            };
            Event::Page {
                id,
                request: page,
                result,
            }
        });
    }
}

/// The listing whose pages are fetched ahead: which it is, the request waiting for its next
/// page (told of retries), and the pages.
pub(super) struct AheadListing {
    kind: &'static str,
    search: Option<String>,
    waiting: Arc<std::sync::atomic::AtomicU64>,
    stopper: Stopper,
    pages: Arc<tokio::sync::Mutex<Ahead>>,
}

impl Drop for AheadListing {
    /// Let go (esc, another listing, a new login): the request waiting may still hold the
    /// pages a moment, but nothing more goes out for them.
    fn drop(&mut self) {
        self.stopper.stop();
    }
}

impl AheadListing {
    /// Whether request `id` waits for this listing's next page.
    pub(super) fn waits_for(&self, id: RequestId) -> bool {
        self.waiting.load(std::sync::atomic::Ordering::Relaxed) == id
    }
}
