//! What wf-tui remembers per account, in the state folder: the last view, sort and column widths
//! per kind, the filter and jq histories (`state.json`), and the request history
//! (`history.jsonl`, one request a line). No secrets and no response bodies ever go here; a
//! file that does not parse is ignored (and logged), never fatal.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::history::{HISTORY_LIMIT, HistoryEntry};

/// How many filters (and jq filters) are remembered per account.
pub const RECALL_LIMIT: usize = 100;

/// `[history]` in the config file. Every field optional: history is on, bodies are off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct HistorySettings {
    /// Record the requests the TUI sends (`:history`). Default: on.
    pub history: Option<bool>,
    /// Also keep request bodies (searches, changes) in the history. Default: off.
    pub history_bodies: Option<bool>,
}

impl HistorySettings {
    pub fn enabled(&self) -> bool {
        self.history.unwrap_or(true)
    }

    pub fn bodies(&self) -> bool {
        self.enabled() && self.history_bodies.unwrap_or(false)
    }

    /// `--no-history` and `WF_TUI_HISTORY=off` (also `0`, `false`, `no`) win over the file.
    pub fn overridden(mut self, no_history_flag: bool, env: Option<&str>) -> Self {
        let env_off = env.is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "off" | "0" | "false" | "no"
            )
        });
        if no_history_flag || env_off {
            self.history = Some(false);
        }
        self
    }
}

/// Where the worker keeps what it remembers, and whether it records requests.
#[derive(Debug, Clone, Default)]
pub struct MemoryConfig {
    /// The state folder; `None` remembers nothing across runs (the demo, tests).
    pub dir: Option<PathBuf>,
    pub history: HistorySettings,
}

impl MemoryConfig {
    /// The folder of one account's files.
    pub fn account_dir(&self, account: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join("accounts").join(file_name(account)))
    }

    pub fn state_file(&self, account: &str) -> Option<PathBuf> {
        Some(self.account_dir(account)?.join("state.json"))
    }

    pub fn history_file(&self, account: &str) -> Option<PathBuf> {
        Some(self.account_dir(account)?.join("history.jsonl"))
    }
}

/// Deletes what is kept for one account (its folder: the remembered state and the request
/// history), when its account is removed. Nothing kept is fine.
pub fn forget_account(dir: &Path) -> Result<(), StateFileError> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StateFileError::Delete {
            path: dir.display().to_string(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// An account name as one safe file name: anything but `[A-Za-z0-9_-]` becomes `%XX`, so two
/// names never share a file and none escapes the folder.
pub fn file_name(account: &str) -> String {
    let mut out = String::new();
    for b in account.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() { "%".into() } else { out }
}

/// The remembered state of one account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    /// The kind (API name) of the last list shown.
    pub view: Option<String>,
    /// Per kind (API name): sort and column widths.
    pub kinds: BTreeMap<String, KindMemory>,
    /// Filters applied, oldest first.
    pub filter_history: Vec<String>,
    /// Which of them were applied as regexes (recalled in that mode).
    pub filter_regexes: Vec<String>,
    /// jq filters applied, oldest first.
    pub jq_history: Vec<String>,
    /// Lines run on the `:` command line, oldest first.
    pub command_history: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KindMemory {
    pub sort: Option<SortMemory>,
    /// Column title → width in cells, for the columns the person resized.
    pub widths: BTreeMap<String, u16>,
}

impl KindMemory {
    pub fn is_empty(&self) -> bool {
        self.sort.is_none() && self.widths.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortMemory {
    /// The column's title (titles outlive column positions).
    pub column: String,
    pub descending: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid state file ({source}); it is ignored")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot delete {path}: {source}")]
    Delete {
        path: String,
        source: std::io::Error,
    },
}

/// Reads an account's state; a missing file is the empty state.
pub fn load_state(path: &Path) -> Result<Remembered, StateFileError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Remembered::default()),
        Err(source) => {
            return Err(StateFileError::Read {
                path: path.display().to_string(),
                source,
            });
        }
    };
    serde_json::from_slice(&bytes).map_err(|source| StateFileError::Parse {
        path: path.display().to_string(),
        source,
    })
}

/// Writes an account's state whole (a temporary file renamed over the old one, so a crash
/// mid-write leaves the old state, not half a file).
pub fn save_state(path: &Path, state: &Remembered) -> Result<(), StateFileError> {
    let text = serde_json::to_string_pretty(state).expect("plain data serialises");
    write_atomic(path, text.as_bytes())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StateFileError> {
    crate::private_file::write_private(path, bytes).map_err(|source| StateFileError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// What the person browses and searches is theirs: the files are private (0600) on Unix.
fn private_file(options: &mut std::fs::OpenOptions) -> &mut std::fs::OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Reads the request history: the newest [`HISTORY_LIMIT`] entries, oldest first, and how many
/// lines did not parse (skipped). When the file has grown well past the limit it is rewritten
/// with only what is kept.
pub fn load_history(path: &Path) -> Result<(Vec<HistoryEntry>, usize), StateFileError> {
    // Bytes, not text: one line with an invalid byte is skipped, not the whole file.
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(source) => {
            return Err(StateFileError::Read {
                path: path.display().to_string(),
                source,
            });
        }
    };
    let mut skipped = 0;
    let mut entries: Vec<HistoryEntry> = Vec::new();
    let mut lines = 0;
    for line in bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
    {
        lines += 1;
        match serde_json::from_slice(line) {
            Ok(e) => entries.push(e),
            Err(_) => skipped += 1,
        }
    }
    if entries.len() > HISTORY_LIMIT {
        entries.drain(..entries.len() - HISTORY_LIMIT);
    }
    if lines > HISTORY_LIMIT * 2 || skipped > 0 {
        let mut out = Vec::new();
        for e in &entries {
            out.extend(history_line(e));
        }
        write_atomic(path, &out)?;
    }
    Ok((entries, skipped))
}

/// Appends entries to the request history file.
pub fn append_history(path: &Path, entries: &[HistoryEntry]) -> Result<(), StateFileError> {
    let err = |source| StateFileError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut file = private_file(std::fs::OpenOptions::new().create(true).append(true))
        .open(path)
        .map_err(err)?;
    let mut out = Vec::new();
    for e in entries {
        out.extend(history_line(e));
    }
    file.write_all(&out).map_err(err)
}

fn history_line(entry: &HistoryEntry) -> Vec<u8> {
    let mut line = serde_json::to_vec(entry).expect("plain data serialises");
    line.push(b'\n');
    line
}

/// Puts `item` last in a recall list (once), keeping the newest `RECALL_LIMIT`.
pub fn remember(list: &mut Vec<String>, item: &str) {
    list.retain(|x| x != item);
    list.push(item.to_string());
    if list.len() > RECALL_LIMIT {
        list.drain(..list.len() - RECALL_LIMIT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: i64) -> HistoryEntry {
        HistoryEntry {
            at_ms: i,
            method: "GET".into(),
            path: format!("/api/v2/alert/{i}"),
            query: Vec::new(),
            status: Some(200),
            duration_ms: 1,
            bytes: 2,
            had_body: false,
            body: None,
        }
    }

    #[test]
    fn account_names_become_distinct_safe_file_names() {
        assert_eq!(file_name("prod"), "prod");
        assert_eq!(file_name("../etc"), "%2E%2E%2Fetc");
        assert_ne!(file_name("a b"), file_name("a_b"));
        assert_eq!(file_name(""), "%");
    }

    #[test]
    fn forgetting_an_account_deletes_its_files_and_only_its() {
        let dir = tempfile::tempdir().unwrap();
        let config = MemoryConfig {
            dir: Some(dir.path().to_path_buf()),
            history: HistorySettings::default(),
        };
        for name in ["prod", "prod staging"] {
            save_state(&config.state_file(name).unwrap(), &Remembered::default()).unwrap();
            append_history(&config.history_file(name).unwrap(), &[entry(1)]).unwrap();
        }
        forget_account(&config.account_dir("prod").unwrap()).unwrap();
        assert!(!config.account_dir("prod").unwrap().exists());
        assert!(config.history_file("prod staging").unwrap().exists());
        // Nothing kept: nothing to do.
        forget_account(&config.account_dir("never").unwrap()).unwrap();
    }

    #[test]
    fn state_round_trips_and_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let config = MemoryConfig {
            dir: Some(dir.path().to_path_buf()),
            history: HistorySettings::default(),
        };
        let path = config.state_file("prod").unwrap();
        assert_eq!(load_state(&path).unwrap(), Remembered::default());
        let mut state = Remembered {
            view: Some("alert".into()),
            ..Default::default()
        };
        state.kinds.insert(
            "alert".into(),
            KindMemory {
                sort: Some(SortMemory {
                    column: "name".into(),
                    descending: true,
                }),
                widths: [("name".to_string(), 40)].into(),
            },
        );
        remember(&mut state.filter_history, "web");
        save_state(&path, &state).unwrap();
        assert_eq!(load_state(&path).unwrap(), state);
    }

    #[test]
    fn a_corrupt_state_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{ not json").unwrap();
        let err = load_state(&path).unwrap_err();
        assert!(err.to_string().contains("not a valid state file"), "{err}");
        // Unknown and missing fields are fine: the file may come from another version.
        std::fs::write(&path, r#"{"view":"alert","future":1}"#).unwrap();
        assert_eq!(load_state(&path).unwrap().view.as_deref(), Some("alert"));
    }

    #[test]
    fn history_is_bounded_and_bad_lines_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h").join("history.jsonl");
        let all: Vec<HistoryEntry> = (0..(HISTORY_LIMIT as i64 * 2 + 5)).map(entry).collect();
        append_history(&path, &all).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"garbage\n")
            .unwrap();
        let (loaded, skipped) = load_history(&path).unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(loaded.len(), HISTORY_LIMIT);
        assert_eq!(loaded.last(), all.last());
        // Compacted on disk too.
        let (again, skipped) = load_history(&path).unwrap();
        assert_eq!((again.len(), skipped), (HISTORY_LIMIT, 0));
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert_eq!(lines, HISTORY_LIMIT);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// One invalid byte used to make the whole file unreadable, so it was ignored and never
    /// trimmed again: now only that line is skipped, and the rest is kept and compacted.
    #[test]
    fn a_line_with_an_invalid_byte_skips_only_that_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        append_history(&path, &[entry(1)]).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"at_ms\": \xff}\n")
            .unwrap();
        append_history(&path, &[entry(2)]).unwrap();
        let (loaded, skipped) = load_history(&path).unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(loaded, vec![entry(1), entry(2)]);
        assert!(
            std::str::from_utf8(&std::fs::read(&path).unwrap()).is_ok(),
            "rewritten"
        );
    }

    #[test]
    fn history_switches() {
        let none = HistorySettings::default();
        assert!(none.enabled() && !none.bodies());
        assert!(!none.overridden(true, None).enabled());
        assert!(!none.overridden(false, Some("OFF")).enabled());
        assert!(none.overridden(false, Some("on")).enabled());
        let file: HistorySettings = toml::from_str("history_bodies = true").unwrap();
        assert!(file.bodies());
        let off: HistorySettings =
            toml::from_str("history = false\nhistory_bodies = true").unwrap();
        assert!(!off.bodies());
    }

    #[test]
    fn recall_lists_are_deduplicated_and_bounded() {
        let mut list = Vec::new();
        for i in 0..RECALL_LIMIT + 10 {
            remember(&mut list, &i.to_string());
        }
        remember(&mut list, "50");
        assert_eq!(list.len(), RECALL_LIMIT);
        assert_eq!(list.last().unwrap(), "50");
        assert_eq!(list.iter().filter(|x| *x == "50").count(), 1);
    }
}
