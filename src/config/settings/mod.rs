//! The settings file, `config.toml` beside `accounts.toml`. Every key is optional; a key this
//! version does not know, or a value of the wrong shape, is reported with its line and
//! otherwise ignored. A file that does not parse at all leaves every setting at its default:
//! a bad file never stops the app, it only shows what was wrong.

mod read;
pub mod theme;

use read::Reader;
pub use read::line_of;

use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

/// The settings file's name in the config folder.
pub const FILE_NAME: &str = "config.toml";
/// The environment variable naming another settings file (as `--config` does).
pub const ENV_VAR: &str = "WF_TUI_CONFIG";
/// Documents with more values than this open with only their first level unfolded.
pub const DEFAULT_LARGE_DOCUMENT_VALUES: usize = 100_000;

/// The largest answer or input read, in MiB (decoded: a gzip body counts as what it inflates
/// to). Generous: the biggest real pages are tens of MiB.
pub const DEFAULT_MAX_RESPONSE_MB: u64 = crate::api::client::DEFAULT_MAX_RESPONSE_MB;

/// Every top-level key the parser knows. The JSON Schema test keeps `config.schema.json` and
/// this list in step.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "refresh",
    "theme",
    "mouse",
    "clipboard",
    "default_account",
    "read_only",
    "timeout",
    "connect_timeout",
    "large_document_values",
    "max_response_mb",
    "keys",
    "history",
    "time_zone",
    "alerts",
    "dashboard",
];

/// The keys of `[history]`.
pub const HISTORY_KEYS: &[&str] = &["history", "history_bodies"];

/// The keys of `[alerts]`.
pub const ALERTS_KEYS: &[&str] = &["refresh", "badge", "bell"];

/// `[alerts]`: the firing console and the header badge; `None` where the file says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertSettings {
    /// Seconds between the console's refreshes (and the badge's polls); 0: never by itself.
    pub refresh: Option<u64>,
    /// The badge of what fires in every screen's header (on by default).
    pub badge: Option<bool>,
    /// Ring the terminal's bell for a new SEVERE alert (off by default).
    pub bell: Option<bool>,
}

/// The keys of `[dashboard]`.
pub const DASHBOARD_KEYS: &[&str] = &["concurrency"];

/// The dashboard player's queries in flight at once when `[dashboard] concurrency` is unset.
pub const DEFAULT_DASHBOARD_CONCURRENCY: usize = 8;
/// The product allows a user 100 concurrent queries; more would only be refused.
pub const MAX_DASHBOARD_CONCURRENCY: u64 = 100;

/// `[dashboard]`: the player's query pool; `None` where the file says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardSettings {
    /// Queries in flight at once (1..=100).
    pub concurrency: Option<u64>,
}

impl DashboardSettings {
    pub fn concurrency(&self) -> usize {
        self.concurrency.map_or(DEFAULT_DASHBOARD_CONCURRENCY, |n| {
            n.clamp(1, MAX_DASHBOARD_CONCURRENCY) as usize
        })
    }
}

/// How `y`/`Y` copy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClipboardMode {
    /// The terminal's OSC 52 escape: works over SSH and in tmux (where the terminal allows it).
    #[default]
    Osc52,
    /// The system's clipboard tool (pbcopy, wl-copy, xclip, xsel, clip.exe).
    Native,
    /// Copying is off.
    Off,
}

impl ClipboardMode {
    pub const NAMES: &'static [&'static str] = &["osc52", "native", "off"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "osc52" => Some(Self::Osc52),
            "native" => Some(Self::Native),
            "off" => Some(Self::Off),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Osc52 => "osc52",
            Self::Native => "native",
            Self::Off => "off",
        }
    }
}

/// The `theme` setting: a built-in name, or a table of a base, a theme file and colours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeSetting {
    /// `dark`, `light` or `high-contrast`; `None`: dark.
    pub name: Option<String>,
    /// A theme file (relative to the config folder), whose keys are those of `[theme]`.
    pub file: Option<PathBuf>,
    /// Named styles overriding the base: (name, style text, line).
    pub styles: Vec<(String, String, usize)>,
    /// The line of `theme` (for problems found when it is resolved).
    pub line: usize,
}

/// One `[keys.SCOPE] ACTION = [KEYS…]` entry, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    pub scope: String,
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

/// The settings as the file gives them; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Seconds between automatic refreshes of a list (0: never).
    pub refresh: Option<u64>,
    pub theme: ThemeSetting,
    pub keys: Vec<KeyEntry>,
    /// Mouse capture at start (off by default: it takes text selection from the terminal).
    pub mouse: bool,
    pub clipboard: ClipboardMode,
    /// The account used when neither `--profile` nor the environment names one.
    pub default_account: Option<String>,
    /// Refuse every request that changes something on the instance.
    pub read_only: bool,
    /// Seconds a request may take in all.
    pub timeout: Option<u64>,
    /// Seconds to wait for a connection.
    pub connect_timeout: Option<u64>,
    pub large_document_values: Option<usize>,
    /// The largest answer or input read, in MiB.
    pub max_response_mb: Option<u64>,
    /// `[history]`: whether `:history` records, and whether it keeps request bodies.
    pub history: crate::config::state_file::HistorySettings,
    /// The zone times are shown and typed in; `None`: the system's (`TZ` honoured).
    pub time_zone: Option<jiff::tz::TimeZone>,
    /// `[alerts]`: the firing console's refresh, the badge, the bell.
    pub alerts: AlertSettings,
    /// `[dashboard]`: the player's query pool.
    pub dashboard: DashboardSettings,
}

impl Settings {
    pub fn large_document_values(&self) -> usize {
        self.large_document_values
            .unwrap_or(DEFAULT_LARGE_DOCUMENT_VALUES)
    }

    /// [`Settings::max_response_mb`] in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_mb
            .unwrap_or(DEFAULT_MAX_RESPONSE_MB)
            .saturating_mul(1 << 20)
    }
}

/// Something wrong in the file, with its line when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn general(message: impl Into<String>) -> Self {
        Self {
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What became of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// No file: every setting is at its default.
    Missing,
    /// Read (possibly with problems, see [`Loaded::problems`]).
    Read,
    /// The file exists but could not be read or did not parse: defaults are used.
    Unusable(String),
}

/// The settings and what was wrong with the file they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub path: Option<PathBuf>,
    pub status: FileStatus,
    pub settings: Settings,
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// No file at all: defaults, nothing to report.
    pub fn defaults() -> Self {
        Self {
            path: None,
            status: FileStatus::Missing,
            settings: Settings::default(),
            problems: Vec::new(),
        }
    }

    /// One line for the UI's message line at start, when something was wrong.
    pub fn summary(&self) -> Option<String> {
        let path = self
            .path
            .as_ref()
            .map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string());
        match (&self.status, self.problems.as_slice()) {
            (FileStatus::Unusable(why), _) => Some(format!("{path}: {why} (using defaults)")),
            (_, []) => None,
            (_, [one]) => Some(format!("{path}: {one}")),
            (_, [first, rest @ ..]) => Some(format!(
                "{path}: {first} (and {} more: see wf-tui info)",
                rest.len()
            )),
        }
    }
}

/// Where the settings file is: `--config` > `WF_TUI_CONFIG` > the config folder.
pub fn locate(
    flag: Option<&Path>,
    env: Option<String>,
    config_dir: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(path) = flag {
        return Some(path.to_path_buf());
    }
    if let Some(path) = env.filter(|v| !v.trim().is_empty()) {
        return Some(PathBuf::from(path));
    }
    config_dir.map(|dir| dir.join(FILE_NAME))
}

/// Reads the file; a missing file is the defaults. Never fails: what is wrong is in the result.
/// `explicit` says the path was named (`--config`, `WF_TUI_CONFIG`), so a missing file is
/// itself a problem.
pub fn load(path: &Path, explicit: bool) -> Loaded {
    let mut loaded = Loaded {
        path: Some(path.to_path_buf()),
        ..Loaded::defaults()
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (settings, problems, fatal) = parse_text(&text);
            loaded.settings = settings;
            loaded.problems = problems;
            loaded.status = match fatal {
                Some(why) => FileStatus::Unusable(why),
                None => FileStatus::Read,
            };
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {}
        Err(e) => loaded.status = FileStatus::Unusable(format!("cannot read it: {e}")),
    }
    loaded
}

/// Parses the text of a settings file: the settings and every problem, with lines.
pub fn parse(text: &str) -> (Settings, Vec<Problem>) {
    let (settings, mut problems, fatal) = parse_text(text);
    if let Some(why) = fatal {
        problems.insert(0, Problem::general(why));
    }
    (settings, problems)
}

fn parse_text(text: &str) -> (Settings, Vec<Problem>, Option<String>) {
    let table = match DeTable::parse(text) {
        Ok(table) => table,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = e.message().trim().to_string();
            let why = match line {
                Some(line) => format!("not valid TOML at line {line}: {message}"),
                None => format!("not valid TOML: {message}"),
            };
            return (Settings::default(), Vec::new(), Some(why));
        }
    };
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let settings = reader.settings(table.get_ref());
    // Tables do not keep the file's order: report (and bind) in the order of the lines.
    reader.problems.sort_by_key(|p| p.line);
    (settings, reader.problems, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let text = r#"
refresh = 10
theme = "light"
mouse = true
clipboard = "native"
default_account = "staging"
read_only = true
timeout = 20
connect_timeout = 3
large_document_values = 5_000
time_zone = "Europe/Paris"

[keys.table]
top = ["g g"]
"#;
        let (s, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.refresh, Some(10));
        assert_eq!(s.theme.name.as_deref(), Some("light"));
        assert!(s.mouse && s.read_only);
        assert_eq!(s.clipboard, ClipboardMode::Native);
        assert_eq!(s.default_account.as_deref(), Some("staging"));
        assert_eq!((s.timeout, s.connect_timeout), (Some(20), Some(3)));
        assert_eq!(s.large_document_values(), 5_000);
        assert_eq!(
            s.time_zone.as_ref().and_then(|z| z.iana_name()),
            Some("Europe/Paris")
        );
        assert_eq!(
            s.keys,
            vec![KeyEntry {
                scope: "table".into(),
                action: "top".into(),
                keys: vec!["g g".into()],
                line: 14
            }]
        );
    }

    #[test]
    fn the_time_zone_is_local_utc_or_a_name() {
        assert_eq!(parse("time_zone = \"local\"").0.time_zone, None);
        assert_eq!(
            parse("time_zone = \"UTC\"").0.time_zone,
            Some(jiff::tz::TimeZone::UTC)
        );
        let (s, problems) = parse("refresh = 5\ntime_zone = \"Mars/Olympus_Mons\"\n");
        assert_eq!(s.time_zone, None);
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![
                "line 2: time_zone = \"Mars/Olympus_Mons\" is not a time zone: use \"local\", \"utc\" or an IANA name like \"Europe/Paris\"; the system's is used"
            ]
        );
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let (s, problems) = parse("");
        assert_eq!(s, Settings::default());
        assert!(problems.is_empty());
        assert_eq!(s.large_document_values(), DEFAULT_LARGE_DOCUMENT_VALUES);
        assert_eq!(s.clipboard, ClipboardMode::Osc52);
        assert!(!s.mouse && !s.read_only);
    }

    #[test]
    fn a_partial_file_keeps_what_is_good_and_reports_the_rest_with_lines() {
        let text = "refresh = 15\nmouse = \"yes\"\ncolour = \"blue\"\nclipboard = \"carrier-pigeon\"\ntimeout = 0\n[keys]\n[extra]\nx = 1\n";
        let (s, problems) = parse(text);
        assert_eq!(s.refresh, Some(15), "good keys are kept");
        assert!(!s.mouse);
        assert_eq!(s.clipboard, ClipboardMode::Osc52);
        assert_eq!(s.timeout, None);
        let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            vec![
                "line 2: `mouse` must be true or false; ignored",
                "line 3: unknown key `colour`",
                "line 4: clipboard = \"carrier-pigeon\" is not one of osc52, native, off",
                "line 5: `timeout` = 0 is out of range (1 to 86400); ignored",
                "line 7: unknown key `extra`",
            ]
        );
    }

    #[test]
    fn a_broken_file_starts_on_defaults_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "refresh = 5\nmouse = [true\n").unwrap();
        let loaded = load(&path, false);
        assert_eq!(loaded.settings, Settings::default());
        let FileStatus::Unusable(why) = &loaded.status else {
            panic!("{loaded:?}")
        };
        assert!(why.starts_with("not valid TOML at line 2"), "{why}");
        assert!(loaded.summary().unwrap().contains("using defaults"));
    }

    #[test]
    fn a_missing_file_is_fine_unless_it_was_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        let quiet = load(&path, false);
        assert_eq!(quiet.status, FileStatus::Missing);
        assert_eq!(quiet.summary(), None);
        let named = load(&path, true);
        assert!(matches!(named.status, FileStatus::Unusable(ref w) if w.contains("cannot read")));
    }

    #[test]
    fn the_flag_beats_the_environment_beats_the_folder() {
        let dir = Path::new("/cfg");
        assert_eq!(
            locate(
                Some(Path::new("/a.toml")),
                Some("/b.toml".into()),
                Some(dir)
            ),
            Some(PathBuf::from("/a.toml"))
        );
        assert_eq!(
            locate(None, Some("/b.toml".into()), Some(dir)),
            Some(PathBuf::from("/b.toml"))
        );
        assert_eq!(
            locate(None, Some(" ".into()), Some(dir)),
            Some(dir.join(FILE_NAME))
        );
        assert_eq!(locate(None, None, None), None);
    }

    #[test]
    fn the_summary_counts_the_rest() {
        let loaded = Loaded {
            path: Some("/c/config.toml".into()),
            status: FileStatus::Read,
            settings: Settings::default(),
            problems: vec![Problem::at(2, "a"), Problem::at(3, "b")],
        };
        assert_eq!(
            loaded.summary().unwrap(),
            "/c/config.toml: line 2: a (and 1 more: see wf-tui info)"
        );
    }
}
