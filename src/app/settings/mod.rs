//! The settings turned into what the app runs with: the keymap with the file's overrides, the
//! theme (with `NO_COLOR`), and the plain switches. Problems found on the way join the file's.

mod keys;

pub use keys::apply as apply_keys;

use crate::app::{Keymap, State};
use crate::config::settings::{ClipboardMode, Loaded};
use crate::format::Times;
use crate::theme::Theme;

#[derive(Debug, Clone)]
pub struct Applied {
    pub keymap: Keymap,
    pub theme: Theme,
    pub theme_name: String,
    pub mouse: bool,
    pub clipboard: ClipboardMode,
    pub large_document_values: usize,
    /// The largest answer or input read, in bytes.
    pub max_response_bytes: u64,
    /// Refuse every change on the instance (enforced where mutations are made).
    pub read_only: bool,
    /// The zone times are shown and typed in (the setting's, else the system's, read here
    /// once: drawing never looks at the environment).
    pub times: Times,
    /// `[alerts]`: the firing console's period (`None`: never by itself), the badge, the bell.
    pub firing_every_ms: Option<i64>,
    pub badge: bool,
    pub bell: bool,
    /// `[dashboard] concurrency`: the player's queries in flight at once.
    pub dashboard_concurrency: usize,
    /// One line for the message line at start, when the file had problems.
    pub warning: Option<String>,
}

impl Default for Applied {
    fn default() -> Self {
        apply(&mut Loaded::defaults(), false)
    }
}

/// Resolves the keys and the theme; their problems are added to [`Loaded::problems`].
pub fn apply(loaded: &mut Loaded, no_color: bool) -> Applied {
    apply_reading_zone(loaded, no_color, true)
}

/// [`apply`], where `system_zone` false leaves the system's time zone unread (UTC stands for
/// it): `wf-tui inspect` shows no times, and finding the zone's name walks the whole zone
/// database's folders (about 100 system calls) before the first frame.
pub fn apply_reading_zone(loaded: &mut Loaded, no_color: bool, system_zone: bool) -> Applied {
    let s = &loaded.settings;
    let mut keymap = Keymap::default();
    let mut problems = keys::apply(&mut keymap, &s.keys);
    let dir = loaded.path.as_deref().and_then(std::path::Path::parent);
    let (theme, theme_problems) = crate::theme::resolve(&s.theme, dir, no_color);
    problems.extend(theme_problems);
    let theme_name = match (&s.theme.name, &s.theme.file) {
        (_, Some(file)) => format!(
            "{} (file {})",
            s.theme.name.as_deref().unwrap_or("dark"),
            file.display()
        ),
        (Some(name), None) => name.clone(),
        (None, None) => "dark".into(),
    };
    let theme_name = if no_color {
        format!("{theme_name}, without colours (NO_COLOR)")
    } else {
        theme_name
    };
    let applied = Applied {
        keymap,
        theme,
        theme_name,
        mouse: s.mouse,
        clipboard: s.clipboard,
        large_document_values: s.large_document_values(),
        max_response_bytes: s.max_response_bytes(),
        read_only: s.read_only,
        times: times(s.time_zone.clone(), system_zone),
        firing_every_ms: match s.alerts.refresh {
            None => Some(crate::app::views::firing::DEFAULT_EVERY_MS),
            Some(0) => None,
            Some(seconds) => Some(seconds as i64 * 1000),
        },
        badge: s.alerts.badge.unwrap_or(true),
        bell: s.alerts.bell.unwrap_or(false),
        dashboard_concurrency: s.dashboard.concurrency(),
        warning: None,
    };
    loaded.problems.extend(problems);
    loaded.problems.sort_by_key(|p| p.line);
    Applied {
        warning: loaded.summary(),
        ..applied
    }
}

/// The setting's zone (`None`: the system's), with the system's for the UTC toggle.
fn times(setting: Option<jiff::tz::TimeZone>, system_zone: bool) -> Times {
    let local = if system_zone {
        jiff::tz::TimeZone::system()
    } else {
        jiff::tz::TimeZone::UTC
    };
    Times::new(setting.unwrap_or_else(|| local.clone()), local)
}

impl Applied {
    /// Puts the settings into a fresh state.
    pub fn apply_to(&self, state: &mut State) {
        state.keymap = self.keymap.clone();
        state.theme = self.theme.clone();
        state.mouse = self.mouse;
        state.large_document_values = self.large_document_values;
        state.times = self.times.clone();
        state.firing.every_ms = self.firing_every_ms;
        state.firing.badge = self.badge;
        state.firing.bell = self.bell;
        state.dashboard_concurrency = self.dashboard_concurrency;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::{FileStatus, Settings, parse};

    #[test]
    fn key_and_theme_problems_join_the_files_and_the_app_still_starts() {
        let text = "theme = \"neon\"\n[keys.table]\nopen = [\"hyper-o\"]\nfrobnicate = [\"f\"]\n";
        let (settings, problems) = parse(text);
        let mut loaded = Loaded {
            path: Some("/c/config.toml".into()),
            status: FileStatus::Read,
            settings,
            problems,
        };
        let applied = apply(&mut loaded, false);
        let lines: Vec<_> = loaded.problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            vec![Some(1), Some(3), Some(4)],
            "{:?}",
            loaded.problems
        );
        assert_eq!(applied.theme, Theme::dark());
        assert!(
            applied
                .warning
                .clone()
                .unwrap()
                .contains("(and 2 more: see wf-tui info)")
        );
        let mut state = State::new("prod", (80, 24), 0);
        applied.apply_to(&mut state);
        assert!(
            state
                .keymap
                .labels(crate::app::Scope::Table, crate::app::Action::Open)
                .is_empty()
        );
    }

    #[test]
    fn the_dashboard_table_sets_the_pools_size() {
        let (settings, problems) = parse("[dashboard]\nconcurrency = 3\n");
        assert!(problems.is_empty(), "{problems:?}");
        let mut loaded = Loaded {
            settings,
            ..Loaded::defaults()
        };
        let applied = apply(&mut loaded, false);
        assert_eq!(applied.dashboard_concurrency, 3);
        let mut state = State::new("a", (80, 24), 0);
        applied.apply_to(&mut state);
        assert_eq!(state.dashboard_concurrency, 3);
        assert_eq!(Applied::default().dashboard_concurrency, 8);
        let (_, problems) = parse("[dashboard]\nconcurrency = 500\nfast = true\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn the_alerts_table_sets_the_console_the_badge_and_the_bell() {
        let (settings, problems) = parse("[alerts]\nrefresh = 60\nbell = true\nbadge = false\n");
        assert!(problems.is_empty(), "{problems:?}");
        let mut loaded = Loaded {
            settings,
            ..Loaded::defaults()
        };
        let applied = apply(&mut loaded, false);
        let mut state = State::new("prod", (80, 24), 0);
        applied.apply_to(&mut state);
        assert_eq!(state.firing.every_ms, Some(60_000));
        assert!(state.firing.bell && !state.firing.badge);
        let (settings, problems) = parse("[alerts]\nrefresh = 0\nloud = 1\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let mut loaded = Loaded {
            settings,
            ..Loaded::defaults()
        };
        let mut state = State::new("prod", (80, 24), 0);
        apply(&mut loaded, false).apply_to(&mut state);
        assert_eq!(state.firing.every_ms, None, "0: never by itself");
        let mut state = State::new("prod", (80, 24), 0);
        Applied::default().apply_to(&mut state);
        assert_eq!(state.firing.every_ms, Some(15_000));
        assert!(state.firing.badge && !state.firing.bell);
    }

    #[test]
    fn defaults_apply_cleanly() {
        let applied = Applied::default();
        assert_eq!(applied.keymap, Keymap::default());
        assert_eq!(applied.theme, Theme::dark());
        assert!(!applied.mouse && !applied.read_only);
        assert_eq!(applied.warning, None);
        assert_eq!(
            applied.large_document_values,
            Settings::default().large_document_values()
        );
    }

    /// `inspect` leaves the system's zone unread; a zone named in the settings still holds.
    #[test]
    fn without_the_system_zone_times_are_the_settings_or_utc() {
        let (settings, problems) = parse("time_zone = \"Europe/Paris\"\n");
        let mut loaded = Loaded {
            path: None,
            status: FileStatus::Read,
            settings,
            problems,
        };
        let named = apply_reading_zone(&mut loaded, false, false);
        assert_eq!(named.times.zone().iana_name(), Some("Europe/Paris"));
        let mut defaults = Loaded::defaults();
        let unread = apply_reading_zone(&mut defaults, false, false);
        assert_eq!(unread.times.zone(), &jiff::tz::TimeZone::UTC);
    }
}
