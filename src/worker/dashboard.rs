//! The dashboard player's query pool: the UI sends every panel query it needs at once
//! ([`Command::DashboardQueries`](super::Command::DashboardQueries)); the pool runs them at most
//! `limit` at a time (the product allows a user 100 concurrent queries), answers each as it
//! arrives so panels fill in progressively, and on 429/406 pauses the whole pool (the limit is
//! the user's, not the query's), says so with the time it resumes, doubles the wait while the
//! throttling lasts (capped), and goes on after. A new generation or a cancel drops what is
//! queued and aborts what is in flight (dropping the `JoinSet` aborts its tasks).

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

use super::{Event, RequestId, Worker};
use crate::api::chart::{ChartData, ChartError, ChartQuery, interpret};
use crate::api::dashboard::dynamic::{self, DynamicError};
use crate::api::dashboard::queries::Place;
use crate::api::dashboard::{Dynamic, favorite_request};
use crate::api::{ApiError, ApiRequest, Executor};

/// Which panel source an answer is for: its place and the UI's generation (bumped when the
/// window, the variables or the section change, so stale answers are told apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PanelKey {
    pub generation: u64,
    pub place: Place,
}

impl PanelKey {
    /// The key of the dashboard's own event query (`eventQuery`): a place no panel has.
    pub fn event_query(generation: u64, section: usize) -> Self {
        Self {
            generation,
            place: Place {
                section,
                row: usize::MAX,
                chart: usize::MAX,
                source: 0,
            },
        }
    }

    pub fn is_event_query(&self) -> bool {
        self.place.row == usize::MAX && self.place.chart == usize::MAX
    }
}

/// One query of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelQuery {
    pub key: PanelKey,
    pub query: ChartQuery,
}

/// The pool waits before sending more: why, how long, until when (wall clock, ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttle {
    pub generation: u64,
    pub delay: Duration,
    pub until_ms: i64,
    /// The server's words ("429 Too Many Requests: …").
    pub reason: String,
}

/// How the pool paces itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolLimits {
    /// Queries in flight at once (at least 1).
    pub in_flight: usize,
    /// The first wait after a 429/406; doubles while they last.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// A query throttled this many times is given up on (its error is its answer).
    pub max_throttled: u32,
}

impl PoolLimits {
    pub fn new(in_flight: usize) -> Self {
        Self {
            in_flight: in_flight.max(1),
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(10),
            max_throttled: 8,
        }
    }
}

/// What the pool tells its owner; `T` is what a sent query gives (the worker's is already
/// read into a chart, on the query's own task).
#[derive(Debug)]
pub enum PoolReport<T> {
    Answer {
        key: PanelKey,
        result: Result<T, ApiError>,
    },
    Throttled(Throttle),
    Resumed {
        generation: u64,
    },
}

fn throttled(error: &ApiError) -> bool {
    matches!(error.status(), Some(429 | 406))
}

struct Queued {
    query: PanelQuery,
    throttled: u32,
}

/// Runs what arrives on `incoming` (batches of one generation) until the sender is dropped
/// and everything is answered; `run` sends one query. Dropping the future aborts what runs.
pub async fn run_pool<T, R, Fut>(
    generation: u64,
    mut incoming: UnboundedReceiver<Vec<PanelQuery>>,
    limits: PoolLimits,
    run: R,
    report: impl Fn(PoolReport<T>),
) where
    T: Send + 'static,
    R: Fn(ChartQuery) -> Fut,
    Fut: Future<Output = Result<T, ApiError>> + Send + 'static,
{
    let mut queue: VecDeque<Queued> = VecDeque::new();
    let mut running: JoinSet<(Queued, Result<T, ApiError>)> = JoinSet::new();
    // Queries start as soon as there is room: before an answer is reported, so the next
    // round trip is on its way while the owner takes the last one.
    let start = |queue: &mut VecDeque<Queued>,
                 running: &mut JoinSet<(Queued, Result<T, ApiError>)>,
                 paused: bool| {
        while !paused && running.len() < limits.in_flight {
            let Some(next) = queue.pop_front() else { break };
            let answer = run(next.query.query.clone());
            running.spawn(async move { (next, answer.await) });
        }
    };
    let mut paused_until: Option<Instant> = None;
    let mut backoff = limits.backoff_base;
    // Throttled queries go back to the front in the order they were sent (top panels first).
    let mut requeued = 0;
    let mut open = true;
    loop {
        if paused_until.is_some_and(|t| Instant::now() >= t) {
            paused_until = None;
            report(PoolReport::Resumed { generation });
        }
        start(&mut queue, &mut running, paused_until.is_some());
        if !open && queue.is_empty() && running.is_empty() {
            return;
        }
        let wake = paused_until;
        tokio::select! {
            batch = incoming.recv(), if open => match batch {
                Some(batch) => queue.extend(batch.into_iter().map(|query| Queued { query, throttled: 0 })),
                None => open = false,
            },
            Some(done) = running.join_next(), if !running.is_empty() => {
                // A task that panicked is lost; the others go on.
                let Ok((mut item, result)) = done else { continue };
                match result {
                    Err(e) if throttled(&e) && item.throttled < limits.max_throttled => {
                        item.throttled += 1;
                        // Several answers of one burst pause once, not once each.
                        if paused_until.is_none() {
                            requeued = 0;
                            let delay = e.retry_after().unwrap_or(backoff).min(limits.backoff_cap);
                            backoff = (backoff * 2).min(limits.backoff_cap);
                            paused_until = Some(Instant::now() + delay);
                            report(PoolReport::Throttled(Throttle {
                                generation,
                                delay,
                                until_ms: crate::auth::session::wall_ms().saturating_add(
                                    i64::try_from(delay.as_millis()).unwrap_or(i64::MAX),
                                ),
                                reason: e.to_string(),
                            }));
                        }
                        queue.insert(requeued.min(queue.len()), item);
                        requeued += 1;
                    }
                    result => {
                        if result.is_ok() {
                            backoff = limits.backoff_base;
                        }
                        start(&mut queue, &mut running, paused_until.is_some());
                        report(PoolReport::Answer {
                            key: item.query.key,
                            result,
                        });
                    }
                }
            }
            _ = tokio::time::sleep_until(wake.unwrap_or_else(Instant::now)), if wake.is_some() => {}
        }
    }
}

/// The pool of the current generation, owned by the worker.
pub(super) struct Pool {
    generation: u64,
    batches: UnboundedSender<Vec<PanelQuery>>,
    task: JoinHandle<()>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One query as the pool sends it: 429/406 come back at once (the pool waits for all), other
/// failures are retried as every read is.
async fn send(api: Arc<Executor>, query: ChartQuery) -> Result<Value, ApiError> {
    api.execute_retrying(&query.request(), &|_| {}, |e| !throttled(e))
        .await
        .map(|a| a.value)
}

/// A panel's answer read into a chart on the query's own task (the answers of a round arrive
/// together: read one after another on the pool's task, they held back the next round), with
/// the events of its window only. A throttled query's error is left to the pool.
async fn send_and_read(
    api: Arc<Executor>,
    query: ChartQuery,
) -> Result<Result<ChartData, ChartError>, ApiError> {
    let (from_ms, to_ms) = (query.start_ms(), query.end_ms);
    match send(api, query).await {
        Err(e) if throttled(&e) => Err(e),
        result => Ok(interpret(result).map(|d| super::chart::in_window(d, from_ms, to_ms))),
    }
}

impl Worker {
    /// `Command::DashboardQueries`: the same generation adds to the pool, a new one replaces it.
    pub(super) fn dashboard_queries(
        &mut self,
        generation: u64,
        limit: usize,
        mut queries: Vec<PanelQuery>,
    ) {
        if let Some(pool) = &self.dashboard
            && pool.generation == generation
            && !pool.task.is_finished()
        {
            match pool.batches.send(queries) {
                Ok(()) => return,
                // The pool ended meanwhile: a new one runs them.
                Err(unsent) => queries = unsent.0,
            }
        }
        self.dashboard = None;
        let Some(api) = self.api.clone() else {
            tracing::warn!(generation, "dashboard queries before login; dropped");
            return;
        };
        let (batches, incoming) = unbounded_channel();
        let _ = batches.send(queries);
        let events = self.events.clone();
        let task = tokio::spawn(async move {
            let run = move |q: ChartQuery| send_and_read(api.clone(), q);
            let report = |r: PoolReport<Result<ChartData, ChartError>>| {
                let event = match r {
                    PoolReport::Answer { key, result } => Event::DashboardAnswer {
                        key,
                        // Throttled past the pool's patience: its error is the answer.
                        result: result.unwrap_or_else(|e| interpret(Err(e))),
                    },
                    PoolReport::Throttled(t) => Event::DashboardThrottled(t),
                    PoolReport::Resumed { generation } => Event::DashboardResumed { generation },
                };
                let _ = events.send(event);
            };
            run_pool(generation, incoming, PoolLimits::new(limit), run, report).await;
        });
        self.dashboard = Some(Pool {
            generation,
            batches,
            task,
        });
    }

    /// `Command::DashboardVariable`: a DYNAMIC variable's values.
    pub(super) fn dashboard_variable(
        &mut self,
        id: RequestId,
        name: String,
        dynamic: Dynamic,
        query: ChartQuery,
    ) {
        self.spawn_request(id, move |api| async move {
            let result = variable_values(&api, &dynamic, &query).await;
            Event::DashboardVariable { id, name, result }
        });
    }

    /// `Command::DashboardFavorite`: refused in read-only mode as other writes are.
    pub(super) fn dashboard_favorite(&mut self, id: RequestId, dashboard: String, favorite: bool) {
        let request = favorite_request(&dashboard, favorite);
        if let Some(message) = self.read_only.refusal(&request) {
            tracing::warn!(%request, "refused: read-only");
            let result = Err(super::mutate::MutationError::ReadOnly(message));
            let _ = self.events.send(Event::DashboardFavorited {
                id,
                dashboard,
                favorite,
                result,
            });
            return;
        }
        self.spawn_request(id, move |api| async move {
            let result = api
                .execute(&request, &|_| {})
                .await
                .map(|_| ())
                .map_err(Into::into);
            Event::DashboardFavorited {
                id,
                dashboard,
                favorite,
                result,
            }
        });
    }
}

/// Why a DYNAMIC variable has no values.
#[derive(Debug, thiserror::Error)]
pub enum VariableError {
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error(transparent)]
    Field(#[from] DynamicError),
}

/// At most this many sources' tags are read for a source-tag variable.
pub const MAX_TAGGED_SOURCES: usize = 50;

async fn variable_values(
    api: &Executor,
    dynamic: &Dynamic,
    query: &ChartQuery,
) -> Result<Vec<String>, VariableError> {
    if query.expression.trim().is_empty() {
        return Err(DynamicError::NoQuery.into());
    }
    let data = interpret(api.execute(&query.request(), &|_| {}).await)?;
    let values = dynamic::values_of(&data, dynamic)?;
    if !dynamic::needs_source_tags(&dynamic.field) {
        return Ok(values);
    }
    use futures_util::StreamExt;
    let sources: Vec<Value> =
        futures_util::stream::iter(values.into_iter().take(MAX_TAGGED_SOURCES))
            .map(|host| async move {
                let path = format!(
                    "/api/v2/source/{}",
                    crate::api::request::encode_path_segment(&host)
                );
                api.execute(&ApiRequest::get(path), &|_| {}).await.ok()
            })
            .buffer_unordered(8)
            .filter_map(|s| async move { s })
            .collect()
            .await;
    Ok(dynamic::source_tag_values(&sources, dynamic.reverse))
}

#[cfg(test)]
mod tests;
