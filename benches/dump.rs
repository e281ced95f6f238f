//! `wf-tui dump` streams: a dump of 100,000 sources (the stand-in's synthetic ones) holds one
//! page at a time, so the dumping process's peak memory is about the same as for 1,000. The
//! binary runs as a child against a stand-in in this process; its peak resident set (VmHWM,
//! read from /proc while it runs: Linux only) is printed for both sizes, with the time taken.
//!
//! Run: `cargo bench --bench dump` (plain harness), or in the dev profile
//! `cargo test --bench dump -- --bench`; without `--bench` it dumps 10,000 against 1,000.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use wf_tui::demo::{DemoOptions, DemoServer};

/// The child's high-water mark of resident memory, in kB, while it is alive.
fn high_water_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Dumps `sources` sources into a fresh folder; the peak RSS seen (kB) and the time taken.
fn dump(sources: usize, home: &Path) -> (Option<u64>, Duration, usize) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime
        .block_on(DemoServer::start(DemoOptions {
            sources,
            ..DemoOptions::default()
        }))
        .expect("stand-in");
    let dir = home.join(format!("dump-{sources}"));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wf-tui"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("WF_TUI_CONFIG_DIR", home.join("config"))
        .env("WF_TUI_STATE_DIR", home.join("state"))
        .env("WAVEFRONT_ADDRESS", server.url())
        .env("WAVEFRONT_TOKEN", server.credentials().api_token.expose())
        .args(["dump", "--kind", "source"])
        .arg(&dir)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("wf-tui dump");
    let mut peak = None;
    loop {
        if let Some(kb) = high_water_kb(child.id()) {
            peak = Some(peak.map_or(kb, |p: u64| p.max(kb)));
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = started.elapsed();
    let files = std::fs::read_dir(dir.join("source")).map_or(0, Iterator::count);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    (peak, took, files)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (small, large) = if full {
        (1_000, 100_000)
    } else {
        (1_000, 10_000)
    };
    let home = tempfile::tempdir().expect("temp dir");
    let mut peaks = Vec::new();
    for n in [small, large] {
        let (peak, took, files) = dump(n, home.path());
        // One file per source and the index's lines file.
        assert_eq!(files, n + 1, "every source dumped");
        let shown = peak.map_or("not measured (no /proc)".into(), |kb| {
            format!("{} MB", kb / 1024)
        });
        println!(
            "dump of {n:>7} sources: peak RSS {shown}, {:.1}s",
            took.as_secs_f64()
        );
        peaks.push(peak);
    }
    if let [Some(a), Some(b)] = peaks[..] {
        println!(
            "growth from {small} to {large} sources: {} MB ({:.2}x)",
            b.saturating_sub(a) / 1024,
            b as f64 / a as f64
        );
    }
}
