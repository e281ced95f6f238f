//! The JSON inspector on a 20 MB document: building the index, a fold at the root, a search,
//! and the memory the index takes against the document's size.
//!
//! Run: `cargo bench --bench inspector` (plain harness; `WF_BENCH_MB=50` changes the size).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wf_tui::app::inspector::Inspector;
use wf_tui::app::inspector::draw::draw;
use wf_tui::json::Doc;
use wf_tui::theme::Theme;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn note(delta_add: usize, delta_sub: usize) {
    let now = LIVE.fetch_add(delta_add, Ordering::Relaxed) + delta_add - delta_sub;
    LIVE.fetch_sub(delta_sub, Ordering::Relaxed);
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// A global allocator is unsafe to implement; this one only counts and forwards to System.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), 0);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(0, layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size, layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A document shaped like what people inspect: a list of dashboards with nested charts.
pub fn document(target_bytes: usize) -> Vec<u8> {
    let mut out = String::with_capacity(target_bytes + 4096);
    out.push_str("{\"items\":[");
    let mut i = 0;
    while out.len() < target_bytes {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"id":"dash-{i}","name":"Dashboard {i} – Übersicht","url":"dash-{i}","numCharts":12,"tags":{{"customerTags":["team.{}","env.prod"]}},"sections":[{{"name":"Overview","rows":[{{"charts":[{{"name":"CPU {i}","sources":[{{"name":"cpu","query":"ts(cpu.usage.percentage, env=prod and host=web-{i}) > 90"}}],"units":"%","chartSettings":{{"type":"line","min":0,"max":100}}}},{{"name":"Memory {i}","sources":[{{"name":"mem","query":"ts(mem.used.percentage, host=web-{i})"}}]}}]}}]}}],"updatedEpochMillis":{},"favorite":{}}}"#,
            i % 17,
            1_700_000_000_000i64 + i as i64,
            i % 2 == 0
        ));
        i += 1;
    }
    out.push_str("],\"moreItems\":false}");
    out.into_bytes()
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// One frame of the view on a 120x40 test backend: the median of 21, in milliseconds.
fn frame_ms(view: &Inspector) -> f64 {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let theme = Theme::default();
    let mut frames: Vec<Duration> = (0..21)
        .map(|_| {
            let (_, t) = time(|| {
                terminal
                    .draw(|f| {
                        black_box(draw(f, f.area(), view, &theme, 0, 0));
                    })
                    .expect("draw")
            });
            t
        })
        .collect();
    frames.sort();
    frames[10].as_secs_f64() * 1e3
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let mb: usize = std::env::var("WF_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 2 } else { 20 });
    let text = document(mb * 1_000_000);
    let size = text.len();
    println!(
        "wf-tui inspector benchmarks on a {:.1} MB document{}",
        size as f64 / 1e6,
        if quick { " [quick]" } else { "" }
    );

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let (doc, build) = time(|| Doc::parse(text).expect("valid"));
    let held = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "index build: {:>8.1} ms  ({} nodes; {:.0} MB/s)",
        build.as_secs_f64() * 1e3,
        doc.len(),
        size as f64 / 1e6 / build.as_secs_f64()
    );
    println!(
        "memory: document + index hold {:.1} MB ({:.2}x the file), peak {:.1} MB ({:.2}x)",
        held as f64 / 1e6,
        held as f64 / size as f64,
        peak as f64 / 1e6,
        peak as f64 / size as f64
    );

    println!(
        "index alone: {:.1} MB ({:.2} bytes a value)",
        doc.index_bytes() as f64 / 1e6,
        doc.index_bytes() as f64 / doc.len() as f64
    );

    let doc = Arc::new(doc);
    let mut view = Inspector::with_doc("bench".into(), String::new(), doc.clone());
    println!(
        "first screen (opened as the app opens it): {:>8.3} ms a frame",
        frame_ms(&view)
    );
    let mut folds = Vec::new();
    for _ in 0..20 {
        let (_, t) = time(|| view.toggle(40, 120));
        folds.push(t);
        black_box(view.next_visible(0));
    }
    folds.sort();
    println!(
        "fold / unfold at the root: {:>8.3} ms (median of 20)",
        folds[10].as_secs_f64() * 1e3
    );

    // Walking to the end of a folded top level, and a step down with everything open.
    let (_, t) = time(|| view.to_bottom(40, 120));
    println!(
        "to the bottom (root folded): {:>8.3} ms",
        t.as_secs_f64() * 1e3
    );
    view.fold_all(false);
    view.to_top();
    let (_, t) = time(|| view.move_by(1, 40, 120));
    println!(
        "one step down (all open): {:>8.3} ms",
        t.as_secs_f64() * 1e3
    );

    // Frames with everything open: at the top, a screen down, in the middle, at the end.
    let (_, t) = time(|| view.move_by(40, 40, 120));
    println!(
        "a screen down (all open): {:>8.3} ms; frame there {:.3} ms",
        t.as_secs_f64() * 1e3,
        frame_ms(&view)
    );
    view.cursor = doc.len() / 2;
    view.top = view.cursor;
    println!(
        "frame in the middle (all open): {:>8.3} ms",
        frame_ms(&view)
    );
    let (_, t) = time(|| view.move_by(-40, 40, 120));
    println!(
        "a screen up from the middle: {:>8.3} ms",
        t.as_secs_f64() * 1e3
    );
    let (_, t) = time(|| view.to_bottom(40, 120));
    println!(
        "to the bottom (all open): {:>8.3} ms; frame there {:.3} ms",
        t.as_secs_f64() * 1e3,
        frame_ms(&view)
    );

    let (_, t) = time(|| view.search_for("web-4242)", 40, 120));
    let found = view.search.as_ref().map_or(0, |s| s.matches.len());
    println!(
        "search across the document: {:>8.1} ms ({found} matches)",
        t.as_secs_f64() * 1e3
    );
    let (_, t) = time(|| view.search_for("no such text anywhere", 40, 120));
    println!("search without a match: {:>8.1} ms", t.as_secs_f64() * 1e3);
}
