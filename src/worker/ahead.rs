//! Listings fetched ahead (#23). Each page is fetched and decoded on a task of its own, so the
//! next one is on its way while the caller writes the last. Offset paging guesses the next
//! pages' offsets from the page size the server keeps (at most [`AHEAD`] in flight); cursor
//! paging can only ask for the page its last answer names, one ahead. A guess is used only
//! when it is exactly the request the paging rules (and [`crate::api::PageGuard`]) chose next;
//! otherwise the guesses are dropped (their requests cancelled) and paging goes on from the
//! right request.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::oneshot;

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

/// What a page's task needs, shared by the tasks of one listing.
#[derive(Clone)]
struct Ctx {
    api: Arc<Executor>,
    kind: &'static Kind,
    search: Option<Arc<str>>,
    on_retry: OnRetry,
    /// Set at the first retry (429, 406, 5xx): from then on no guesses.
    throttled: Arc<AtomicBool>,
    /// Cursors asked: a cursor seen before is not asked ahead (the guard ends paging there).
    cursors: Arc<Mutex<HashSet<String>>>,
    /// Pages started and not yet handed out: a cursor page starts the next only below `width`.
    started: Arc<AtomicUsize>,
    width: usize,
    /// Items skimmed, not decoded, by this id key (`get -o json`: see [`crate::api::skim`]).
    skim: Option<&'static str>,
    /// Set when the listing is let go: a page task that has not sent its request yet does not,
    /// and no cursor starts another (an abort only lands at a task's next await).
    stopped: Arc<AtomicBool>,
}

/// A page asked for: its task, and for a cursor page the task its answer's cursor started.
struct Queued {
    request: PageRequest,
    task: Task,
    then: Option<oneshot::Receiver<Queued>>,
}

/// One listing's pages, fetched ahead.
pub struct Ahead {
    ctx: Ctx,
    /// In flight or answered, in the order asked.
    queue: VecDeque<Queued>,
    /// Items a full page brings (learnt from the first page that said more follows).
    stride: Option<u64>,
    /// The server's estimate: no guesses at or past it (it is a lower bound, so the page there
    /// is still fetched when the one before says more follows).
    total: Option<u64>,
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
        let ctx = Ctx {
            api: Arc::new(api.clone()),
            kind,
            search: search.map(Arc::from),
            on_retry,
            throttled: Arc::new(AtomicBool::new(false)),
            cursors: Default::default(),
            started: Default::default(),
            width: width_for(paging, width),
            skim: None,
            stopped: Arc::new(AtomicBool::new(false)),
        };
        Self {
            ctx,
            queue: VecDeque::new(),
            stride: None,
            total: None,
        }
    }

    /// Pages whose items are skimmed by the id key `key` ([`crate::api::skim`]): each item's
    /// value holds only its id, its bytes are the page's `raw_items`. `None`: decoded in full.
    pub fn skimming(mut self, key: Option<&'static str>) -> Self {
        self.ctx.skim = key;
        self
    }

    /// Stops the listing at once, from any thread, even while a caller holds it: nothing
    /// more is sent for it. Its tasks are aborted when it is dropped.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.ctx.stopped.clone())
    }

    /// The page answering `request` and the request after it, as [`raw_page_noting`] gives
    /// them; fetched ahead when `request` was guessed.
    pub async fn page(&mut self, request: &PageRequest) -> Fetched {
        if !self
            .queue
            .front()
            .is_some_and(|q| same_page(&q.request, request))
        {
            // Not what was guessed (or nothing was): the guesses go, their requests cancelled.
            self.drop_guesses();
            self.push(request.clone(), false);
        }
        self.top_up();
        let mut queued = self.queue.pop_front().expect("a page was queued");
        self.ctx.started.fetch_sub(1, Ordering::Relaxed);
        let fetched = match (&mut queued.task.0).await {
            Ok(fetched) => fetched,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        // The next cursor page, already asked for when this one's bytes named it.
        if let Some(then) = queued.then.take().and_then(|mut rx| rx.try_recv().ok()) {
            self.queue.push_back(then);
        }
        // The last page, or an empty one (past the end): what was guessed after it goes, and
        // nothing more is asked ahead (an empty page's next request, the same offset again,
        // went out and was counted whenever its task ran before the caller stopped).
        if let Ok((page, next)) = &fetched {
            if next.is_none() || page.items.is_empty() {
                self.drop_guesses();
                return fetched;
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
                    (Some(stride), _) if brought < stride => self.drop_guesses(),
                    _ => {}
                }
            }
            // The page it names goes out now, while the caller works on this one.
            let guessing = next.cursor.is_some() || self.stride.is_some();
            if self.ctx.width > 1 && guessing && self.queue.is_empty() && !self.throttled() {
                self.push(next.clone(), true);
                self.top_up();
            }
        }
        fetched
    }

    /// Drops what was asked ahead (the tasks aborted, their requests cancelled).
    fn drop_guesses(&mut self) {
        self.queue.clear();
        self.ctx.started.store(0, Ordering::Relaxed);
    }

    fn throttled(&self) -> bool {
        self.ctx.throttled.load(Ordering::Relaxed)
    }

    /// Guesses the offset pages after the last one asked, up to the width.
    fn top_up(&mut self) {
        let Some(stride) = self.stride else { return };
        let width = if self.throttled() { 1 } else { self.ctx.width };
        while self.queue.len() < width {
            let Some(last) = self.queue.back().map(|q| &q.request) else {
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
    fn push(&mut self, mut request: PageRequest, guess: bool) {
        if let Some(cursor) = &request.cursor {
            let fresh = self
                .ctx
                .cursors
                .lock()
                .expect("lock")
                .insert(cursor.clone());
            if !fresh && guess {
                return;
            }
        }
        // The listing's time, fixed now: the pages asked ahead share its window.
        request.listed_at_ms = request
            .listed_at_ms
            .or_else(|| Some(crate::api::history::wall_ms()));
        let chain = self.ctx.kind.paging == Paging::Cursor && self.ctx.width > 1;
        self.queue
            .push_back(start(self.ctx.clone(), request, chain));
    }
}

/// Stops a listing fetched ahead ([`Ahead::stopper`]).
#[derive(Clone)]
pub struct Stopper(Arc<AtomicBool>);

impl Stopper {
    pub fn stop(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Starts a page's task. With `chain`, the cursor its answer names (read from the bytes,
/// before they are decoded) starts the next page's task at once, below the width.
fn start(ctx: Ctx, request: PageRequest, chain: bool) -> Queued {
    ctx.started.fetch_add(1, Ordering::Relaxed);
    let (tx, then) = match chain {
        true => {
            let (tx, rx) = oneshot::channel();
            (Some(tx), Some(rx))
        }
        false => (None, None),
    };
    let asked = request.clone();
    let handle = tokio::spawn(async move {
        if ctx.stopped.load(Ordering::Relaxed) {
            return Err(stopped(ctx.kind));
        }
        let throttled = ctx.throttled.clone();
        let on_retry = ctx.on_retry.clone();
        let noting = move |notice: &RetryNotice| {
            throttled.store(true, Ordering::Relaxed);
            on_retry(notice);
        };
        let search = ctx.search.clone();
        let fetch = raw_page_noting(&ctx.api, ctx.kind, &asked, search.as_deref(), &noting);
        let fetch = skimmed(ctx.skim, fetch);
        let Some(tx) = tx else { return fetch.await };
        let sender = Mutex::new(Some(tx));
        let (next_ctx, next_of) = (ctx.clone(), asked.clone());
        let peek: crate::api::client::BodyPeek = Arc::new(move |body: &[u8]| {
            let ctx = &next_ctx;
            if ctx.stopped.load(Ordering::Relaxed)
                || ctx.throttled.load(Ordering::Relaxed)
                || ctx.started.load(Ordering::Relaxed) >= ctx.width
            {
                return;
            }
            let Some(cursor) = next_cursor(body) else {
                return;
            };
            if !ctx.cursors.lock().expect("lock").insert(cursor.clone()) {
                return;
            }
            let Some(tx) = sender.lock().expect("lock").take() else {
                return;
            };
            let next = PageRequest {
                cursor: Some(cursor),
                ..next_of.clone()
            };
            let _ = tx.send(start(ctx.clone(), next, true));
        });
        crate::api::client::BODY_PEEK.scope(peek, fetch).await
    });
    Queued {
        request,
        task: Task(handle),
        then,
    }
}

/// What a task of a stopped listing answers (no one reads it: the listing is gone).
fn stopped(kind: &Kind) -> ApiError {
    ApiError::Transport {
        method: "GET",
        path: kind.list_path.to_string(),
        message: "stopped before it was sent".into(),
        kind: crate::api::error::TransportKind::Interrupted,
    }
}

/// `fetch`, its items skimmed by `key` when there is one.
async fn skimmed(key: Option<&'static str>, fetch: impl Future<Output = Fetched>) -> Fetched {
    match key {
        Some(key) => crate::api::skim::SKIM_ITEMS.scope(key, fetch).await,
        None => fetch.await,
    }
}

/// The cursor of the next page, when an enveloped page's bytes say more items follow.
fn next_cursor(body: &[u8]) -> Option<String> {
    use crate::json::value::{envelope_payload, top_level_member};
    let payload = &body[envelope_payload(body)?];
    let member = |key| top_level_member(payload, key).map(|r| &payload[r]);
    if member("moreItems")? != b"true" {
        return None;
    }
    match crate::json::parse_value(member("cursor")?).ok()? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// Whether a page asked ahead is the one wanted: a cursor page by its cursor (its offset only
/// counts items, known once it is decoded), an offset page exactly.
fn same_page(ahead: &PageRequest, wanted: &PageRequest) -> bool {
    match (&ahead.cursor, &wanted.cursor) {
        (Some(a), Some(w)) => {
            a == w
                && ahead.limit == wanted.limit
                && wanted
                    .listed_at_ms
                    .is_none_or(|t| ahead.listed_at_ms == Some(t))
        }
        _ => ahead == wanted || (wanted.listed_at_ms.is_none() && same_but_time(ahead, wanted)),
    }
}

/// The same page but for the listing's time, which the first request leaves to the fetch.
fn same_but_time(ahead: &PageRequest, wanted: &PageRequest) -> bool {
    ahead.offset == wanted.offset && ahead.cursor == wanted.cursor && ahead.limit == wanted.limit
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

    /// Esc on a `G` stops the listing while its caller may still hold it (#23): a page task
    /// that had not sent its request by then sends nothing.
    #[tokio::test]
    async fn a_stopped_listing_sends_nothing() {
        use crate::demo::{DemoOptions, DemoServer};
        let server = DemoServer::start(DemoOptions {
            sources: 500,
            ..DemoOptions::default()
        })
        .await
        .unwrap();
        let (api, _) = crate::api::executor::tests::executor(&server, true).await;
        let sources = &crate::api::catalog::SOURCES;
        let mut pages = Ahead::new(&api, sources, None, AHEAD, Arc::new(|_| {}));
        pages.stopper().stop();
        let answer = pages.page(&PageRequest::first(100)).await;
        assert!(answer.is_err(), "{answer:?}");
        assert!(server.state().requests().is_empty());
        // The same listing not stopped pages as before.
        let mut pages = Ahead::new(&api, sources, None, AHEAD, Arc::new(|_| {}));
        let (page, next) = pages.page(&PageRequest::first(100)).await.unwrap();
        assert_eq!((page.items.len(), next.is_some()), (100, true));
    }
}
