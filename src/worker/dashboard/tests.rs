//! The pool on tokio's paused time: a fake sender counts what is in flight and answers after a
//! simulated round trip.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::*;
use crate::api::chart::Window;

fn queries(generation: u64, n: usize) -> Vec<PanelQuery> {
    (0..n)
        .map(|i| PanelQuery {
            key: PanelKey {
                generation,
                place: Place {
                    section: 0,
                    row: i / 4,
                    chart: i % 4,
                    source: 0,
                },
            },
            query: ChartQuery::new(format!("ts(m{i})"), Window::Hour, 3_600_000),
        })
        .collect()
}

fn status(code: u16) -> ApiError {
    ApiError::Status {
        method: "GET",
        path: "/api/v2/chart/api".into(),
        status: code,
        message: "User concurrent query limit exceeded".into(),
        retry_after: None,
    }
}

/// What the pool reported, in order.
#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Log {
    fn report(&self) -> impl Fn(PoolReport<Value>) + '_ {
        move |r| {
            let line = match r {
                PoolReport::Answer { key, result, .. } => format!(
                    "answer {}.{} {}",
                    key.place.row,
                    key.place.chart,
                    if result.is_ok() { "ok" } else { "err" }
                ),
                PoolReport::Throttled(t) => format!("throttled {}ms", t.delay.as_millis()),
                PoolReport::Resumed { .. } => "resumed".into(),
            };
            self.0.lock().unwrap().push(line);
        }
    }
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Counts calls and the most in flight at once; each answers after `rtt`.
#[derive(Default)]
struct Fake {
    calls: AtomicUsize,
    now: AtomicUsize,
    most: AtomicUsize,
    finished: AtomicUsize,
}

impl Fake {
    fn runner(
        self: &Arc<Self>,
        rtt: Duration,
        fail_first: usize,
        code: u16,
    ) -> impl Fn(ChartQuery) -> std::pin::Pin<Box<dyn Future<Output = Result<Value, ApiError>> + Send>>
    {
        let fake = self.clone();
        move |_q| {
            let fake = fake.clone();
            Box::pin(async move {
                let n = fake.calls.fetch_add(1, Ordering::SeqCst);
                let now = fake.now.fetch_add(1, Ordering::SeqCst) + 1;
                fake.most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(rtt).await;
                fake.now.fetch_sub(1, Ordering::SeqCst);
                fake.finished.fetch_add(1, Ordering::SeqCst);
                if n < fail_first {
                    Err(status(code))
                } else {
                    Ok(json!({"timeseries": []}))
                }
            })
        }
    }
}

#[tokio::test(start_paused = true)]
async fn never_more_than_the_limit_in_flight_and_every_query_answered() {
    let fake = Arc::new(Fake::default());
    let log = Log::default();
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 24)).unwrap();
    drop(tx);
    let started = Instant::now();
    run_pool(
        1,
        rx,
        PoolLimits::new(8),
        fake.runner(Duration::from_millis(100), 0, 0),
        log.report(),
    )
    .await;
    assert_eq!(
        fake.most.load(Ordering::SeqCst),
        8,
        "the limit is used and kept"
    );
    assert_eq!(fake.calls.load(Ordering::SeqCst), 24);
    let lines = log.lines();
    assert_eq!(lines.len(), 24);
    assert!(lines.iter().all(|l| l.ends_with(" ok")), "{lines:?}");
    // 24 queries, 8 at a time: three round trips.
    assert_eq!(started.elapsed(), Duration::from_millis(300));
}

#[tokio::test(start_paused = true)]
async fn a_batch_of_the_same_generation_joins_the_queue() {
    let fake = Arc::new(Fake::default());
    let log = Log::default();
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 3)).unwrap();
    let more = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        tx.send(queries(1, 2)).unwrap();
        drop(tx);
    };
    let pool = run_pool(
        1,
        rx,
        PoolLimits::new(2),
        fake.runner(Duration::from_millis(100), 0, 0),
        log.report(),
    );
    tokio::join!(pool, more);
    assert_eq!(log.lines().len(), 5);
    assert_eq!(fake.most.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn cancelling_drops_the_queued_and_aborts_the_in_flight() {
    let fake = Arc::new(Fake::default());
    let log = Arc::new(Log::default());
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 20)).unwrap();
    let (f, l) = (fake.clone(), log.clone());
    let task = tokio::spawn(async move {
        let _keep_open = tx;
        run_pool(
            1,
            rx,
            PoolLimits::new(4),
            f.runner(Duration::from_secs(1), 0, 0),
            l.report(),
        )
        .await;
    });
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(fake.now.load(Ordering::SeqCst), 4, "four in flight");
    task.abort();
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(
        fake.calls.load(Ordering::SeqCst),
        4,
        "nothing queued was sent"
    );
    assert_eq!(
        fake.finished.load(Ordering::SeqCst),
        0,
        "the in-flight were aborted"
    );
    assert!(log.lines().is_empty());
}

#[tokio::test(start_paused = true)]
async fn throttling_pauses_the_pool_once_then_it_resumes() {
    let fake = Arc::new(Fake::default());
    let log = Log::default();
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 3)).unwrap();
    drop(tx);
    let started = Instant::now();
    // The first two (sent together) are refused with 429.
    run_pool(
        1,
        rx,
        PoolLimits::new(2),
        fake.runner(Duration::from_millis(10), 2, 429),
        log.report(),
    )
    .await;
    assert_eq!(
        log.lines(),
        [
            "throttled 500ms",
            "resumed",
            "answer 0.0 ok",
            "answer 0.1 ok",
            "answer 0.2 ok"
        ]
    );
    // 10 ms to the 429s, 500 ms of pause, two more round trips.
    assert_eq!(started.elapsed(), Duration::from_millis(530));
}

#[tokio::test(start_paused = true)]
async fn the_wait_doubles_while_throttled_is_capped_and_406_counts_too() {
    let fake = Arc::new(Fake::default());
    let log = Log::default();
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 1)).unwrap();
    drop(tx);
    let limits = PoolLimits {
        backoff_cap: Duration::from_millis(1500),
        ..PoolLimits::new(1)
    };
    run_pool(
        1,
        rx,
        limits,
        fake.runner(Duration::from_millis(10), 4, 406),
        log.report(),
    )
    .await;
    let throttles: Vec<String> = log
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("throttled"))
        .collect();
    assert_eq!(
        throttles,
        [
            "throttled 500ms",
            "throttled 1000ms",
            "throttled 1500ms",
            "throttled 1500ms"
        ]
    );
    assert_eq!(log.lines().last().unwrap(), "answer 0.0 ok");
}

#[tokio::test(start_paused = true)]
async fn a_query_throttled_too_often_is_answered_with_the_error() {
    let fake = Arc::new(Fake::default());
    let log = Log::default();
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 1)).unwrap();
    drop(tx);
    let limits = PoolLimits {
        max_throttled: 2,
        ..PoolLimits::new(1)
    };
    run_pool(
        1,
        rx,
        limits,
        fake.runner(Duration::from_millis(10), 100, 429),
        log.report(),
    )
    .await;
    assert_eq!(fake.calls.load(Ordering::SeqCst), 3);
    assert_eq!(log.lines().last().unwrap(), "answer 0.0 err");
}

#[test]
fn other_failures_are_answers_not_throttles() {
    assert!(throttled(&status(429)) && throttled(&status(406)));
    assert!(!throttled(&status(500)) && !throttled(&status(400)));
}

/// The next query goes out when an answer comes, before the answer is handed on: the owner's
/// work on an answer does not hold back the round trips after it.
#[tokio::test(start_paused = true)]
async fn the_next_query_starts_before_an_answer_is_reported() {
    let fake = Arc::new(Fake::default());
    let log = Arc::new(Log::default());
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 3)).unwrap();
    drop(tx);
    let inner = fake.runner(Duration::from_millis(100), 0, 0);
    let calls = log.clone();
    let runner = move |q: ChartQuery| {
        calls
            .0
            .lock()
            .unwrap()
            .push(format!("call {}", q.expression));
        inner(q)
    };
    run_pool(1, rx, PoolLimits::new(2), runner, log.report()).await;
    assert_eq!(
        log.lines(),
        [
            "call ts(m0)",
            "call ts(m1)",
            "call ts(m2)",
            "answer 0.0 ok",
            "answer 0.1 ok",
            "answer 0.2 ok"
        ]
    );
}

/// What a query's task gives reaches the report as it is (the worker's task reads the chart).
#[tokio::test(start_paused = true)]
async fn an_answer_is_what_the_query_task_made_of_it() {
    let (tx, rx) = unbounded_channel();
    tx.send(queries(1, 2)).unwrap();
    drop(tx);
    let got = Mutex::new(Vec::new());
    let runner = |q: ChartQuery| async move { Ok::<_, ApiError>(q.expression.len()) };
    run_pool(1, rx, PoolLimits::new(8), runner, |r: PoolReport<usize>| {
        if let PoolReport::Answer { result, .. } = r {
            got.lock().unwrap().push(result.unwrap());
        }
    })
    .await;
    assert_eq!(got.into_inner().unwrap(), [6, 6]);
}
