//! Table performance at scale: a frame at 100 / 10,000 / 100,000 / 1,000,000 rows, a filter
//! keystroke over 100,000 and 1,000,000 rows (the key itself, and until its result shows when
//! it runs in slices), a sort by each column of 1,000,000 rows, and the memory the rows of
//! 100,000 and 1,000,000 sources take against their JSON size.
//!
//! Run: `cargo bench --bench table` (a plain harness: no extra crates; medians of many runs).
//! `TABLE_BENCH_ONLY=filter` runs the filter over 100,000 rows alone (to profile it, e.g. under
//! `valgrind --tool=callgrind`, without building a million rows first).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;
use wf_tui::api::PageRequest;
use wf_tui::api::catalog::{Row, SOURCES};
use wf_tui::app::{LoginState, Msg, State, update};
use wf_tui::auth::TokenStatus;
use wf_tui::worker::{Command, Event, LoadedPage};

/// Counts live heap bytes, to measure what the rows hold.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// A global allocator is unsafe to implement; this one only counts and forwards to System.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const NOW: i64 = 1_800_000_000_000;
/// A source as the API returns it (the stand-in's own generator).
fn source(i: usize) -> Value {
    wf_tui::demo::synthetic_source(i, NOW)
}

/// Sources `from..to` as the worker extracts a page of them.
fn rows(from: usize, to: usize) -> Vec<Row> {
    (from..to).map(|i| SOURCES.row(&source(i))).collect()
}

/// What the worker's load-all pages hold (`LOAD_ALL_PAGE`, the API's maximum).
const PAGE: usize = 1000;

/// The page request of a command to fetch one.
fn fetch(commands: Vec<Command>) -> Option<(wf_tui::worker::RequestId, PageRequest)> {
    commands.into_iter().find_map(|c| match c {
        Command::FetchPage { id, page, .. } | Command::FetchPageAhead { id, page, .. } => {
            Some((id, page))
        }
        _ => None,
    })
}

/// A logged-in state on the sources table with `n` rows, as the worker would leave it: the
/// first page, then `G` and the rest a page of 1,000 at a time, answering each fetch the table
/// asks for (one page of everything would leave the paging guard holding every id, which the
/// real pages never do), then back to the top.
fn state_with(n: usize, size: (u16, u16)) -> State {
    let mut state = State::with_kind(&SOURCES, "bench", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "bench".into(),
        instance: "acme.wavefront.com".into(),
        ..TokenStatus::default()
    }));
    let mut asked = fetch(update(&mut state, key('r'))).expect("a fetch of the first page");
    let mut at = 0;
    loop {
        let (id, request) = asked;
        let end = (at + PAGE).min(n);
        let next = (end < n).then(|| PageRequest {
            offset: end as u64,
            cursor: Some(format!("after-{end}")),
            limit: PAGE as u32,
            listed_at_ms: Some(NOW),
        });
        let page = LoadedPage {
            rows: rows(at, end),
            next,
            total_items: Some(n as u64),
        };
        let commands = update(
            &mut state,
            Msg::Worker(Event::Page {
                id,
                request,
                result: Ok(page),
            }),
        );
        at = end;
        if at >= n {
            break;
        }
        asked = match fetch(commands) {
            Some(asked) => asked,
            None => fetch(update(&mut state, key('G'))).expect("G fetches the next page"),
        };
    }
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Home, KeyModifiers::NONE)),
    );
    state
}

/// Median and 95th percentile of `runs` timings of `f`.
fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[runs * 95 / 100])
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What one typed key cost: the key's own update (what a frame waits for), and until its
/// result showed (the slices of a run on the app's timer after it).
#[derive(Default, Clone, Copy)]
struct Keystroke {
    key: Duration,
    result: Duration,
}

impl Keystroke {
    fn worst(self, other: Keystroke) -> Keystroke {
        Keystroke {
            key: self.key.max(other.key),
            result: self.result.max(other.result),
        }
    }
}

fn filtering(state: &State) -> bool {
    matches!(state.view(), wf_tui::app::View::Table(t) if t.filter_run.is_some())
}

/// Sends `msg`, then the app's timer ticks while a filter run is in flight, as the runtime does.
fn timed(state: &mut State, msg: Msg) -> Keystroke {
    let start = Instant::now();
    update(state, msg);
    let key = start.elapsed();
    let mut slices = 0;
    while filtering(state) {
        update(state, Msg::Tick);
        slices += 1;
        assert!(slices < 10_000, "a filter run that never ends");
    }
    Keystroke {
        key,
        result: start.elapsed(),
    }
}

/// Types `text` into the open filter line a key at a time; prints each key's times and returns
/// the worst.
fn keystrokes(state: &mut State, text: &str, n: usize) -> Keystroke {
    let mut worst = Keystroke::default();
    for c in text.chars() {
        let took = timed(state, key(c));
        worst = worst.worst(took);
        println!(
            "filter keystroke {c:?} over {n} rows: key {:>8.2} ms, result {:>8.2} ms",
            ms(took.key),
            ms(took.result)
        );
    }
    worst
}

/// The frame of `state` scrolled one row down: median and 95th percentile of `runs`.
fn frame(state: &mut State, size: (u16, u16), runs: usize) -> (Duration, Duration) {
    // Scroll: the frame must not depend on where the window is.
    update(state, key('j'));
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    measure(runs, || {
        terminal
            .draw(|f| {
                wf_tui::ui::draw(f, black_box(&*state));
            })
            .unwrap();
    })
}

/// The worst keystroke of `web-0001`, then fzf's operators and several terms, then the same
/// line read as a regex (ctrl-r), over the `n` rows of `state`.
fn filter_bench(state: &mut State, n: usize, budget_ms: f64) {
    update(state, key('/'));
    let mut worst = keystrokes(state, "web-0001", n);
    update(
        state,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    worst = worst.worst(keystrokes(state, "^web !canary 1$", n));
    let regex = timed(
        state,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    worst = worst.worst(regex);
    println!(
        "filter as a regex over {n} rows: key {:>8.2} ms, result {:>8.2} ms",
        ms(regex.key),
        ms(regex.result)
    );
    let verdict = |d: Duration| if ms(d) <= budget_ms { "met" } else { "MISSED" };
    println!(
        "filter keystroke over {n} rows, worst: key {:.2} ms ({}), result {:.2} ms ({}) \
         (budget {budget_ms} ms)",
        ms(worst.key),
        verdict(worst.key),
        ms(worst.result),
        verdict(worst.result),
    );
    // Leave the filter: esc clears it.
    update(
        state,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
}

/// CPU time of this thread: on a machine shared with other builds, wall time says more about
/// them than about the code (a sort runs on one thread).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu() -> Duration {
    Duration::ZERO
}

/// `s` through every column and direction of the sources table, each sort timed (wall time,
/// and this thread's CPU time).
fn sort_bench(state: &mut State, n: usize) {
    let mut worst = Duration::ZERO;
    for step in 0..SOURCES.columns.len() * 2 {
        let (start, cpu) = (Instant::now(), thread_cpu());
        update(state, key('s'));
        let took = start.elapsed();
        let cpu = thread_cpu().saturating_sub(cpu);
        worst = worst.max(took);
        let column = SOURCES.columns[step / 2].title;
        let way = if step % 2 == 0 { "up" } else { "down" };
        println!(
            "sort {n} rows by {column} {way}: {:>8.1} ms (CPU {:>8.1} ms)",
            ms(took),
            ms(cpu)
        );
    }
    update(state, key('s'));
    let verdict = if ms(worst) <= 300.0 { "met" } else { "MISSED" };
    println!(
        "sort {n} rows, worst column: {:.1} ms ({verdict}; budget 300 ms)",
        ms(worst)
    );
}

/// The JSON the API sends for `n` sources: the items, the envelope and page fields.
fn json_bytes(n: usize) -> usize {
    (0..n).map(|i| source(i).to_string().len()).sum::<usize>() + 2 * n.div_ceil(1000) * 200
}

/// A state with `n` rows, and the heap bytes it holds (nearly all of it the rows).
fn measured_state(n: usize, size: (u16, u16)) -> (State, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    let state = state_with(n, size);
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    (state, held)
}

/// Where the bytes of the table's rows go, part by part (capacities, as [`Counting`] counts
/// them; the allocator adds its own header and rounding to each allocation, a handful here: the
/// rows are kept by column, see `wf_tui::api::catalog::Rows`).
fn breakdown(state: &State) {
    let wf_tui::app::View::Table(t) = state.view() else {
        return;
    };
    let mb = |b: usize| b as f64 / 1e6;
    let m = t.rows.memory();
    let view = t.view.capacity() * 4;
    println!(
        "memory {} rows by part: cells {:.1} MB ({:.1} B a row), texts {:.1} MB, shared texts' \
         index {:.1} MB, ids {:.1} MB, raw {:.1} MB, exact {:.1} MB, view order {:.1} MB",
        t.rows.len(),
        mb(m.cells),
        m.cells as f64 / t.rows.len().max(1) as f64,
        mb(m.texts),
        mb(m.index),
        mb(m.ids),
        mb(m.raw),
        mb(m.exact),
        mb(view),
    );
}

fn memory_line(n: usize, held: usize, budget: f64) {
    let json = json_bytes(n);
    let ratio = held as f64 / json as f64;
    println!(
        "memory {n} sources: rows hold {:.1} MB for {:.1} MB of JSON ({ratio:.2}x; {} the \
         {budget}x budget for resident memory)",
        held as f64 / 1e6,
        json as f64 / 1e6,
        if ratio <= budget { "within" } else { "over" },
    );
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent: keep it quick then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let scale = if quick { 100 } else { 1 };
    let size = (120, 40);
    println!(
        "wf-tui table benchmarks (median / p95){}",
        if quick { " [quick]" } else { "" }
    );

    let filter_only = std::env::var("TABLE_BENCH_ONLY").is_ok_and(|only| only == "filter");
    let mut base = Duration::ZERO;
    for n in [100, 10_000, 100_000 / scale] {
        if filter_only {
            break;
        }
        let mut state = state_with(n, size);
        let (median, p95) = frame(&mut state, size, 300 / scale.min(3));
        if n == 100 {
            base = median;
        }
        println!(
            "frame  {n:>7} rows: {:>8.1} µs / {:>8.1} µs  ({:.2}x the 100-row frame)",
            median.as_secs_f64() * 1e6,
            p95.as_secs_f64() * 1e6,
            median.as_secs_f64() / base.as_secs_f64()
        );
    }

    let n = 100_000 / scale;
    let (mut state, held) = measured_state(n, size);
    memory_line(n, held, 0.5);
    breakdown(&state);
    filter_bench(&mut state, n, 4.0);
    drop(state);
    if filter_only {
        return;
    }

    let n = 1_000_000 / scale;
    let (mut state, held) = measured_state(n, size);
    memory_line(n, held, 0.5);
    breakdown(&state);
    let (median, p95) = frame(&mut state, size, 300 / scale.min(3));
    let ratio = median.as_secs_f64() / base.as_secs_f64();
    println!(
        "frame  {n:>7} rows: {:>8.1} µs / {:>8.1} µs  ({ratio:.2}x the 100-row frame; {} \
         the 1.2x budget)",
        median.as_secs_f64() * 1e6,
        p95.as_secs_f64() * 1e6,
        if ratio <= 1.2 { "met" } else { "MISSED" },
    );
    filter_bench(&mut state, n, 16.0);
    sort_bench(&mut state, n);
}
