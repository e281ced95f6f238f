//! Listings fetched ahead (#23). Each page is fetched and decoded on a task of its own, so the
//! next one is on its way while the caller writes the last. Offset paging guesses the next
//! pages' offsets from the page size the server keeps (at most [`AHEAD`] in flight); cursor
//! paging can only ask for the page its last answer names, one ahead. A guess is used only
//! when it is exactly the request the paging rules (and [`crate::api::PageGuard`]) chose next;
//! otherwise the guesses are dropped (their requests cancelled) and paging goes on from the
//! right request.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::fetch::raw_page_noting;
use crate::api::paging::Paging;
use crate::api::retry::RetryNotice;
use crate::api::{ApiError, Executor, Kind, Page, PageRequest};

/// Pages in flight at most: enough to hide the round trip, few enough for the rate limits.
pub const AHEAD: usize = 4;

type Fetched = Result<(Page, Option<PageRequest>), ApiError>;

/// Told of every retry; shared by the tasks of one listing.
pub type OnRetry = Arc<dyn Fn(&RetryNotice) + Send + Sync>;

/// A page's task, cancelled when dropped (a guess that turned out wrong, or a listing left).
struct Task(tokio::task::JoinHandle<Fetched>);

impl Drop for Task {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One listing's pages, fetched ahead.
pub struct Ahead {
    api: Arc<Executor>,
    kind: &'static Kind,
    search: Option<Arc<str>>,
    on_retry: OnRetry,
    /// In flight or answered, in the order asked.
    queue: VecDeque<(PageRequest, Task)>,
    /// Items a full page brings (learnt from the first page that said more follows).
    stride: Option<u64>,
    /// The server's estimate: no guesses at or past it (it is a lower bound, so the page there
    /// is still fetched when the one before says more follows).
    total: Option<u64>,
    /// Cursors asked: a cursor seen before is not guessed (the guard ends paging there).
    cursors: HashSet<String>,
    /// Set at the first retry (429, 406, 5xx): from then on no guesses.
    throttled: Arc<AtomicBool>,
    width: usize,
}

impl Ahead {
    /// Pages of `kind` (its list endpoint, or the server's search for `search`), up to `width`
    /// in flight (1: none ahead).
    pub fn new(
        api: &Executor,
        kind: &'static Kind,
        search: Option<&str>,
        width: usize,
        on_retry: OnRetry,
    ) -> Self {
        let paging = match (search, kind.paging) {
            (Some(_), Paging::None) => Paging::Offset,
            (_, paging) => paging,
        };
        Self {
            api: Arc::new(api.clone()),
            kind,
            search: search.map(Arc::from),
            on_retry,
            queue: VecDeque::new(),
            stride: None,
            total: None,
            cursors: HashSet::new(),
            throttled: Arc::new(AtomicBool::new(false)),
            width: width_for(paging, width),
        }
    }

    /// The page answering `request` and the request after it, as [`raw_page_noting`] gives
    /// them; fetched ahead when `request` was guessed.
    pub async fn page(&mut self, request: &PageRequest) -> Fetched {
        if self.queue.front().map(|(r, _)| r) != Some(request) {
            // Not what was guessed (or nothing was): the guesses go, their requests cancelled.
            self.queue.clear();
            self.push(request.clone(), false);
        }
        self.top_up();
        let (_, mut task) = self.queue.pop_front().expect("a page was queued");
        let fetched = match (&mut task.0).await {
            Ok(fetched) => fetched,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        // The last page, or an empty one (past the end): what was guessed after it goes.
        if let Ok((page, next)) = &fetched {
            if next.is_none() || page.items.is_empty() {
                self.queue.clear();
            }
        }
        if let Ok((page, Some(next))) = &fetched {
            self.total = page.total_items.or(self.total);
            let brought = next.offset.saturating_sub(request.offset);
            // Only a full page tells the page size (what was asked, or the limit the server
            // says it kept); after a short one (an end near, or a window filtered) no guesses.
            let full = brought == u64::from(request.limit)
                || page.limit.is_some_and(|l| u64::from(l) == brought);
            if next.cursor.is_none() {
                match (self.stride, full) {
                    (None, true) if brought > 0 => self.stride = Some(brought),
                    (Some(stride), _) if brought < stride => self.queue.clear(),
                    _ => {}
                }
            }
            // The page it names goes out now, while the caller works on this one.
            let guessing = next.cursor.is_some() || self.stride.is_some();
            if self.width > 1 && guessing && self.queue.is_empty() && !self.throttled() {
                self.push(next.clone(), true);
                self.top_up();
            }
        }
        fetched
    }

    fn throttled(&self) -> bool {
        self.throttled.load(Ordering::Relaxed)
    }

    /// Guesses the offset pages after the last one asked, up to the width.
    fn top_up(&mut self) {
        let Some(stride) = self.stride else { return };
        let width = if self.throttled() { 1 } else { self.width };
        while self.queue.len() < width {
            let Some((last, _)) = self.queue.back() else {
                return;
            };
            let offset = last.offset + stride;
            if last.cursor.is_some() || self.total.is_some_and(|total| offset >= total) {
                return;
            }
            let guess = PageRequest {
                offset,
                ..last.clone()
            };
            self.push(guess, true);
        }
    }

    /// Starts the page's task; a `guess` of a cursor asked before is left out.
    fn push(&mut self, request: PageRequest, guess: bool) {
        if let Some(cursor) = &request.cursor {
            if !self.cursors.insert(cursor.clone()) && guess {
                return;
            }
        }
        let (api, kind) = (self.api.clone(), self.kind);
        let (search, on_retry) = (self.search.clone(), self.on_retry.clone());
        let throttled = self.throttled.clone();
        let asked = request.clone();
        let handle = tokio::spawn(async move {
            let noting = move |notice: &RetryNotice| {
                throttled.store(true, Ordering::Relaxed);
                on_retry(notice);
            };
            raw_page_noting(&api, kind, &asked, search.as_deref(), &noting).await
        });
        self.queue.push_back((request, Task(handle)));
    }
}

/// Offset paging can guess and cursor paging can ask one ahead; one answer cannot page.
fn width_for(paging: Paging, width: usize) -> usize {
    match paging {
        Paging::Offset => width.max(1),
        Paging::Cursor => width.clamp(1, 2),
        Paging::None => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_pages_go_wide_cursor_pages_one_ahead_single_answers_alone() {
        assert_eq!(width_for(Paging::Offset, AHEAD), AHEAD);
        assert_eq!(width_for(Paging::Cursor, AHEAD), 2);
        assert_eq!(width_for(Paging::None, AHEAD), 1);
        assert_eq!(width_for(Paging::Offset, 0), 1);
        assert_eq!(width_for(Paging::Cursor, 1), 1);
    }
}
