//! Copying, as the settings say: the terminal's OSC 52 escape (works over SSH and in tmux),
//! the system's clipboard tool (no extra crate: pbcopy, wl-copy, xclip, xsel, clip.exe), or off.
//! A tool runs on a blocking thread; what went wrong comes back as a notice for the message line.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use std::sync::Arc;

use crate::config::settings::ClipboardMode;

/// A clipboard tool: the program and its arguments.
pub type Tool = (&'static str, &'static [&'static str]);

/// The tools to try on this platform, in order.
pub fn tools() -> Vec<Tool> {
    if cfg!(target_os = "macos") {
        vec![("pbcopy", &[])]
    } else if cfg!(windows) {
        vec![("clip.exe", &[])]
    } else {
        let mut tools: Vec<Tool> = Vec::new();
        if std::env::var_os("WAYLAND_DISPLAY").is_some() {
            tools.push(("wl-copy", &[]));
        }
        tools.push(("xclip", &["-selection", "clipboard"]));
        tools.push(("xsel", &["--clipboard", "--input"]));
        tools.push(("wl-copy", &[]));
        // WSL: the Windows clipboard.
        tools.push(("clip.exe", &[]));
        tools
    }
}

/// The first tool found on `path` (a `PATH`-like list of folders).
pub fn find_tool(tools: &[Tool], path: Option<std::ffi::OsString>) -> Option<(Tool, PathBuf)> {
    let dirs: Vec<PathBuf> = path.map(|p| std::env::split_paths(&p).collect())?;
    tools.iter().find_map(|&tool| {
        dirs.iter()
            .map(|d| d.join(tool.0))
            .find(|p| p.is_file())
            .map(|p| (tool, p))
    })
}

/// What a clipboard tool needs of the environment to reach the display and the session; the
/// rest (`CSP_API_TOKEN`, `WAVEFRONT_TOKEN`, …) stays with wf-tui.
const TOOL_ENVIRONMENT: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "DISPLAY",
    "XAUTHORITY",
    "WAYLAND_DISPLAY",
    "XDG_RUNTIME_DIR",
    "XDG_SESSION_TYPE",
    "DBUS_SESSION_BUS_ADDRESS",
    // Windows and WSL's clip.exe.
    "SYSTEMROOT",
    "WINDIR",
    "USERPROFILE",
    "TEMP",
    "TMP",
    "WSL_DISTRO_NAME",
    "WSL_INTEROP",
];

/// The variables of `vars` a clipboard tool is started with.
fn tool_environment(
    vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> Vec<(std::ffi::OsString, std::ffi::OsString)> {
    vars.filter(|(k, _)| {
        k.to_str()
            .is_some_and(|k| TOOL_ENVIRONMENT.iter().any(|a| a.eq_ignore_ascii_case(k)))
    })
    .collect()
}

/// Runs `program` with `text` on its standard input, in a clean environment.
pub fn run_tool(program: &std::path::Path, args: &[&str], text: &str) -> Result<(), ToolError> {
    let name = program
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(tool_environment(std::env::vars_os()))
        .stdin(Stdio::piped())
        // No pipes but stdin: wl-copy and xclip leave a child serving the selection, which
        // would hold a pipe open (and this thread waiting) until the clipboard changes.
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| ToolError::Io {
            name: name.clone(),
            source,
        })?;
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(text.as_bytes()),
        None => Ok(()),
    };
    // A tool that exits early closes its end (the write gets a broken pipe): its exit status
    // is the better reason, so wait for it either way.
    let status = child.wait().map_err(|source| ToolError::Io {
        name: name.clone(),
        source,
    })?;
    if !status.success() {
        return Err(ToolError::Failed { name, status });
    }
    written.map_err(|source| ToolError::Io { name, source })
}

/// Why a clipboard tool did not take the text.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// It could not be started, or its input not written.
    #[error("{name}: {source}")]
    Io {
        name: String,
        source: std::io::Error,
    },
    #[error("{name} failed ({status})")]
    Failed {
        name: String,
        status: std::process::ExitStatus,
    },
}

/// Why a copy did not reach the clipboard.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("copying is off (clipboard = \"off\" in the settings file)")]
    Off,
    #[error("not copied: {0}")]
    Tool(#[from] ToolError),
}

/// Tells the person how a copy went: `Ok` a note (it went another way), `Err` why it failed;
/// the runtime shows it on the message line. A callback, so that the clipboard needs to know
/// nothing of the worker's events.
pub type Notify = Arc<dyn Fn(Result<String, CopyError>) + Send + Sync>;

pub struct Clipboard {
    mode: ClipboardMode,
    notify: Notify,
    newest: Arc<Newest>,
}

/// Copies reach the clipboard one at a time, and never an older over a newer: `y` copies the
/// value and `y s` the string right after, each on a blocking thread of its own.
#[derive(Default)]
pub struct Newest {
    issued: std::sync::atomic::AtomicU64,
    /// The copy that last reached the clipboard.
    done: std::sync::Mutex<u64>,
}

impl Newest {
    /// A number for the next copy, higher than every one before.
    pub fn next(&self) -> u64 {
        self.issued
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1
    }

    /// Runs copy number `n` unless a newer one reached the clipboard first.
    pub fn run(&self, n: u64, copy: impl FnOnce()) {
        let mut done = self
            .done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *done > n {
            return;
        }
        copy();
        *done = n;
    }
}

impl Clipboard {
    pub fn new(mode: ClipboardMode, notify: Notify) -> Self {
        Self {
            mode,
            notify,
            newest: Arc::default(),
        }
    }

    pub fn copy(&self, text: String) {
        match self.mode {
            ClipboardMode::Off => (self.notify)(Err(CopyError::Off)),
            ClipboardMode::Osc52 => osc52(text),
            ClipboardMode::Native => match find_tool(&tools(), std::env::var_os("PATH")) {
                Some(((_, args), program)) => {
                    let notify = self.notify.clone();
                    let newest = self.newest.clone();
                    let n = newest.next();
                    tokio::task::spawn_blocking(move || {
                        newest.run(n, || {
                            if let Err(why) = run_tool(&program, args, &text) {
                                notify(Err(CopyError::Tool(why)));
                            }
                        });
                    });
                }
                None => {
                    osc52(text);
                    (self.notify)(Ok(
                        "no clipboard tool found (pbcopy, wl-copy, xclip, xsel, clip.exe): \
                         copied with the terminal's OSC 52 instead"
                            .into(),
                    ));
                }
            },
        }
    }
}

/// The terminal's clipboard escape (OSC 52).
fn osc52(text: String) {
    use crossterm::clipboard::CopyToClipboard;
    let _ = crossterm::execute!(std::io::stdout(), CopyToClipboard::to_clipboard_from(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_tool_on_the_path_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("xsel"), "").unwrap();
        let tools: Vec<Tool> = vec![
            ("xclip", &["-selection", "clipboard"]),
            ("xsel", &["--clipboard", "--input"]),
        ];
        let path = std::env::join_paths([dir.path()]).unwrap();
        let ((name, args), found) = find_tool(&tools, Some(path.clone())).unwrap();
        assert_eq!(name, "xsel");
        assert_eq!(args, &["--clipboard", "--input"]);
        assert_eq!(found, dir.path().join("xsel"));
        assert!(find_tool(&tools[..1], Some(path)).is_none());
        assert!(find_tool(&tools, None).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_tool_gets_the_text_and_its_failure_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("copied");
        // `sh -c 'cat > FILE'` stands in for a clipboard tool.
        run_tool(
            std::path::Path::new("/bin/sh"),
            &["-c", &format!("cat > {}", out.display())],
            "hello",
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "hello");
        let err = run_tool(std::path::Path::new("/bin/sh"), &["-c", "exit 1"], "x").unwrap_err();
        assert!(
            err.to_string().starts_with("sh failed (exit status: 1)"),
            "{err}"
        );
        // More than a pipe holds, to a tool that reads none of it: its exit is the reason,
        // not the broken pipe the write meets.
        let big = "x".repeat(1 << 20);
        let err = run_tool(std::path::Path::new("/bin/sh"), &["-c", "exit 1"], &big).unwrap_err();
        assert!(
            err.to_string().starts_with("sh failed (exit status: 1)"),
            "{err}"
        );
    }

    #[test]
    fn tokens_in_the_environment_stay_out_of_the_tool() {
        let vars = [
            ("CSP_API_TOKEN", "secret-1"),
            ("WAVEFRONT_TOKEN", "secret-2"),
            ("DISPLAY", ":0"),
            ("PATH", "/usr/bin"),
        ]
        .map(|(k, v)| (k.into(), v.into()));
        let kept: Vec<String> = tool_environment(vars.into_iter())
            .into_iter()
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .collect();
        assert_eq!(kept, ["DISPLAY", "PATH"]);
    }

    /// The tool really starts with only those: everything it sees is on the list (or set by
    /// the shell itself).
    #[cfg(unix)]
    #[test]
    fn a_tool_sees_only_the_display_variables() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("env");
        run_tool(
            std::path::Path::new("/bin/sh"),
            &["-c", &format!("env > {}", out.display())],
            "",
        )
        .unwrap();
        let seen = std::fs::read_to_string(&out).unwrap();
        let shell_own = ["PWD", "SHLVL", "_", "OLDPWD"];
        for line in seen.lines() {
            let name = line.split('=').next().unwrap_or_default();
            assert!(
                TOOL_ENVIRONMENT.contains(&name) || shell_own.contains(&name),
                "{name} reached the clipboard tool"
            );
        }
    }

    #[test]
    fn an_older_copy_never_lands_over_a_newer_one() {
        let newest = Newest::default();
        let clipboard = std::sync::Mutex::new(Vec::new());
        let (first, second) = (newest.next(), newest.next());
        // The second copy's thread runs first: the first one, late, is dropped.
        newest.run(second, || clipboard.lock().unwrap().push("string"));
        newest.run(first, || clipboard.lock().unwrap().push("value"));
        assert_eq!(*clipboard.lock().unwrap(), ["string"]);
        // In order, both run, the newest last.
        let (third, fourth) = (newest.next(), newest.next());
        newest.run(third, || clipboard.lock().unwrap().push("value"));
        newest.run(fourth, || clipboard.lock().unwrap().push("key"));
        assert_eq!(*clipboard.lock().unwrap(), ["string", "value", "key"]);
    }

    #[tokio::test]
    async fn off_says_so() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let notify: Notify = Arc::new(move |how| {
            let _ = tx.send(how);
        });
        Clipboard::new(ClipboardMode::Off, notify).copy("x".into());
        match rx.recv().await {
            Some(Err(e)) => assert!(e.to_string().contains("copying is off")),
            other => panic!("{other:?}"),
        }
    }
}
