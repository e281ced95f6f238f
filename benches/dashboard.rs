//! The dashboard player's data path: the 24-panel demo dashboard's queries through the worker's
//! pool (8 in flight) against an in-process stand-in over real HTTP on 127.0.0.1: the time to
//! the first answer and to all 24, and the stand-in's single-query round trip, for the issue's
//! budget ("all panels within the time of three sequential query round trips when 8 run at
//! once": 24 queries, 8 at a time, is three rounds).
//!
//! Run: `cargo bench --bench dashboard` (a plain harness: no extra crates; medians of runs).

use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedReceiver;
use wf_tui::api::chart::{ChartQuery, Window};
use wf_tui::api::dashboard::queries::{PlannedQuery, plan};
use wf_tui::api::dashboard::{Dashboard, default_bindings};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::dashboard::{PanelKey, PanelQuery};
use wf_tui::worker::{self, Command, Event, WorkerConfig};

const RUNS: usize = 15;
const LIMIT: usize = 8;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn panel_queries(d: &Dashboard, generation: u64) -> Vec<PanelQuery> {
    let now = wf_tui::auth::session::wall_ms();
    plan(d, &default_bindings(&d.variables))
        .into_iter()
        .filter(PlannedQuery::runs)
        .map(|q| PanelQuery {
            key: PanelKey {
                generation,
                place: q.place,
            },
            query: ChartQuery::new(q.query, Window::Hour, now),
        })
        .collect()
}

async fn next(events: &mut UnboundedReceiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(60), events.recv())
        .await
        .expect("an event within 60 s")
        .expect("the worker is alive")
}

/// One scenario: the single round trip (bare, and through the pool), eight at once without the
/// pool, the first answer and all answers of the 24 panels.
async fn scenario(faults: &[&str]) -> Timings {
    let server = DemoServer::start(DemoOptions {
        faults: faults.iter().map(ToString::to_string).collect(),
        ..Default::default()
    })
    .await
    .expect("the stand-in starts");
    let items = server.state().items("dashboard");
    let dashboard = Dashboard::read(
        items
            .iter()
            .find(|d| d["id"] == "demo-24-panels")
            .expect("the demo has the 24-panel dashboard"),
    );
    let queries = panel_queries(&dashboard, 0);
    assert_eq!(queries.len(), 24);

    // The single round trip: one panel query after another, as the app's executor sends it.
    let http = wf_tui::api::client::http_client(Default::default());
    let (_session, api) = wf_tui::auth::Session::login(http, server.account(LoginMethod::ApiToken))
        .await
        .expect("login");
    let mut single = Vec::new();
    for i in 0..RUNS * 2 {
        let request = queries[i % queries.len()].query.request();
        let t = Instant::now();
        api.execute(&request, &|_| {})
            .await
            .expect("a chart answer");
        single.push(t.elapsed());
    }

    // Eight round trips at once without the pool (what one round of it costs): the floor the
    // pool's rounds stand on, the machine's CPU for eight answers on both sides of the HTTP.
    let mut eight = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        futures_util::future::join_all(queries[..LIMIT].iter().map(|q| {
            let (api, request) = (&api, q.query.request());
            async move {
                api.execute(&request, &|_| {})
                    .await
                    .expect("a chart answer")
            }
        }))
        .await;
        eight.push(t.elapsed());
    }

    // The pool: 24 queries, 8 in flight, answers as they come.
    let (commands, mut events) = worker::spawn(WorkerConfig::ephemeral());
    commands
        .send(Command::Login(Box::new(
            server.account(LoginMethod::ApiToken),
        )))
        .expect("worker");
    while !matches!(next(&mut events).await, Event::LoggedIn(_)) {}
    // The single round trip as the player has it: one panel query through the same pool
    // (request, decoding into series, the answer's event), one after another. The budget is
    // three of these; the executor's bare round trip above leaves the decoding out.
    let mut pooled = Vec::new();
    for i in 0..RUNS * 2 {
        let generation = 1_000 + i as u64;
        let one = panel_queries(&dashboard, generation).swap_remove(i % 24);
        let t = Instant::now();
        commands
            .send(Command::DashboardQueries {
                generation,
                limit: LIMIT,
                queries: vec![one],
            })
            .expect("worker");
        loop {
            if let Event::DashboardAnswer { key, result } = next(&mut events).await {
                assert_eq!(key.generation, generation);
                result.expect("a panel's series");
                break;
            }
        }
        pooled.push(t.elapsed());
    }
    let (mut first, mut all) = (Vec::new(), Vec::new());
    for generation in 2_000..2_000 + RUNS as u64 {
        let t = Instant::now();
        commands
            .send(Command::DashboardQueries {
                generation,
                limit: LIMIT,
                queries: panel_queries(&dashboard, generation),
            })
            .expect("worker");
        let mut answered = 0;
        while answered < 24 {
            if let Event::DashboardAnswer { key, result } = next(&mut events).await {
                assert_eq!(key.generation, generation);
                result.expect("a panel's series");
                answered += 1;
                if answered == 1 {
                    first.push(t.elapsed());
                }
            }
        }
        all.push(t.elapsed());
    }
    Timings {
        bare: median(single),
        eight: median(eight),
        pooled: median(pooled),
        first: median(first),
        all: median(all),
    }
}

/// The medians of one scenario.
struct Timings {
    /// One round trip, the executor's alone.
    bare: Duration,
    /// Eight at once, the executor's alone.
    eight: Duration,
    /// One through the pool, read into series.
    pooled: Duration,
    /// The 24 panels: the first answer, and all.
    first: Duration,
    all: Duration,
}

/// The stand-in's own cost of a chart answer: its handler called in this process with the
/// 24 panel queries' parameters (no HTTP, no client), the answer's body written out; the
/// median per answer. `WF_BENCH_STANDIN_ONLY=N` runs only this, N rounds of 24 (for
/// callgrind: `valgrind --tool=callgrind target/release/deps/dashboard-…`).
async fn standin_answer(rounds: usize) -> Duration {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("the stand-in starts");
    let state = server.state().clone();
    let items = state.items("dashboard");
    let dashboard = Dashboard::read(
        items
            .iter()
            .find(|d| d["id"] == "demo-24-panels")
            .expect("the demo has the 24-panel dashboard"),
    );
    let params: Vec<std::collections::HashMap<String, String>> = panel_queries(&dashboard, 0)
        .iter()
        .map(|q| q.query.request().query.into_iter().collect())
        .collect();
    let mut each = Vec::new();
    for _ in 0..rounds {
        for q in &params {
            let t = Instant::now();
            let response = wf_tui::demo::chart::chart(
                axum::extract::State(state.clone()),
                axum::extract::Query(q.clone()),
            )
            .await;
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body");
            assert!(body.len() > 100);
            each.push(t.elapsed());
        }
    }
    median(each)
}

async fn bench() {
    if let Some(rounds) = std::env::var("WF_BENCH_STANDIN_ONLY")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        let each = standin_answer(rounds).await;
        println!(
            "the stand-in's chart answer, in process: {:.3} ms",
            ms(each)
        );
        return;
    }
    println!("wf-tui dashboard benchmarks (medians of {RUNS} runs; the stand-in in this process)");
    println!(
        "the stand-in's chart answer alone (handler in process, no HTTP) {:>8.3} ms",
        ms(standin_answer(RUNS).await)
    );
    for (name, faults) in [
        ("the stand-in as it is", &[][..]),
        (
            "with a 25 ms network round trip (latency fault)",
            &["latency:ms=25:path=/api/v2/chart/api"][..],
        ),
    ] {
        let Timings {
            bare,
            eight,
            pooled: rtt,
            first,
            all,
        } = scenario(faults).await;
        println!("{name}:");
        println!(
            "  single-query round trip, bare executor   {:>8.2} ms",
            ms(bare)
        );
        println!(
            "  {LIMIT} round trips at once, bare executor  {:>8.2} ms  (three such rounds: {:.2} ms)",
            ms(eight),
            ms(eight * 3)
        );
        println!(
            "  single-query round trip, through the pool {:>7.2} ms",
            ms(rtt)
        );
        println!(
            "  24 panels, {LIMIT} in flight: first answer   {:>8.2} ms",
            ms(first)
        );
        println!(
            "  24 panels, {LIMIT} in flight: all answers    {:>8.2} ms",
            ms(all)
        );
        println!(
            "  budget: three sequential round trips     {:>8.2} ms  (all answers take {:.2}x of it)",
            ms(rtt * 3),
            all.as_secs_f64() / (rtt * 3).as_secs_f64()
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(bench());
}
