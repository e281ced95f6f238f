//! Logging to a file (never to the terminal while the UI runs).

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Starts logging to `<dir>/wf-tui.log`. The level comes from `WF_TUI_LOG` (or `RUST_LOG`),
/// default `info`. Returns the file's path, or `None` when it could not be opened.
pub fn init(dir: &Path) -> Option<PathBuf> {
    let filter = std::env::var("WF_TUI_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok();
    init_with_filter(dir, filter.as_deref())
}

/// [`init`] with an explicit filter (`None`: `info`).
pub fn init_with_filter(dir: &Path, filter: Option<&str>) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join("wf-tui.log");
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).ok()?;
    let filter = filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        // A write that fails (a full disk) is dropped: tracing's default is to say so on
        // stderr, which is the screen while the UI runs.
        .log_internal_errors(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(path)
}
