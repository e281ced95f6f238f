//! Table performance at scale: a frame at 100 / 10,000 / 100,000 rows, a filter keystroke over
//! 100,000 rows, and the memory the rows of 100,000 sources take against their JSON size.
//!
//! Run: `cargo bench --bench table` (a plain harness: no extra crates; medians of many runs).

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

fn rows(n: usize) -> Vec<Row> {
    (0..n).map(|i| SOURCES.row(&source(i))).collect()
}

/// A logged-in state on the sources table with `n` rows, as the worker would leave it.
fn state_with(n: usize, size: (u16, u16)) -> State {
    let mut state = State::with_kind(&SOURCES, "bench", size, NOW);
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "bench".into(),
        instance: "acme.wavefront.com".into(),
        ..TokenStatus::default()
    }));
    let id = match update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    )
    .pop()
    {
        Some(Command::FetchPage { id, .. }) => id,
        other => panic!("expected a fetch, got {other:?}"),
    };
    let page = LoadedPage {
        rows: rows(n),
        next: None,
        total_items: Some(n as u64),
    };
    update(
        &mut state,
        Msg::Worker(Event::Page {
            id,
            request: PageRequest::first(100),
            result: Ok(page),
        }),
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

/// Types `text` into the open filter line a key at a time; prints each key's time and returns
/// the worst.
fn keystrokes(state: &mut State, text: &str, n: usize) -> Duration {
    let mut worst = Duration::ZERO;
    for c in text.chars() {
        let start = Instant::now();
        update(
            state,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        let took = start.elapsed();
        worst = worst.max(took);
        println!(
            "filter keystroke {c:?} over {n} rows: {:>8.2} ms",
            took.as_secs_f64() * 1e3
        );
    }
    worst
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent: keep it quick then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let scale = if quick { 10 } else { 1 };
    let size = (120, 40);
    println!(
        "wf-tui table benchmarks (median / p95){}",
        if quick { " [quick]" } else { "" }
    );

    let mut base = Duration::ZERO;
    for n in [100, 10_000, 100_000 / scale] {
        let mut state = state_with(n, size);
        // Scroll to the middle: the frame must not depend on where the window is.
        update(
            &mut state,
            Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
        );
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        let (median, p95) = measure(300 / scale.min(3), || {
            terminal
                .draw(|f| {
                    wf_tui::ui::draw(f, black_box(&state));
                })
                .unwrap();
        });
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
    let mut state = state_with(n, size);
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)),
    );
    let mut worst = keystrokes(&mut state, "web-0001", n);
    // fzf's operators, several terms, then the same line read as a regex (ctrl-r).
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    worst = worst.max(keystrokes(&mut state, "^web !canary 1$", n));
    let start = Instant::now();
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    let took = start.elapsed();
    worst = worst.max(took);
    println!(
        "filter as a regex over {n} rows: {:>8.2} ms",
        took.as_secs_f64() * 1e3
    );
    println!(
        "filter keystroke, worst: {:.2} ms (budget: one 16 ms frame)",
        worst.as_secs_f64() * 1e3
    );
    let (median, _) = measure(20, || {
        let mut s = state_with(0, size);
        black_box(&mut s);
    });
    black_box(median);

    // Memory: the rows of n sources against the JSON the API sent for them.
    let json_bytes: usize =
        (0..n).map(|i| source(i).to_string().len()).sum::<usize>() + 2 * n.div_ceil(1000) * 200; // envelope and page fields
    let before = LIVE.load(Ordering::Relaxed);
    let kept = rows(n);
    let after = LIVE.load(Ordering::Relaxed);
    let held = after.saturating_sub(before);
    println!(
        "memory {n} sources: rows hold {:.1} MB for {:.1} MB of JSON ({:.2}x)",
        held as f64 / 1e6,
        json_bytes as f64 / 1e6,
        held as f64 / json_bytes as f64
    );
    black_box(kept);
}
