//! Reading the parsed TOML table into [`Settings`]: each key's shape checked, each problem kept
//! with its line.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::*;

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(crate) struct Reader<'t> {
    pub text: &'t str,
    pub problems: Vec<Problem>,
}

impl Reader<'_> {
    pub fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        line_of(self.text, spanned.span().start)
    }

    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem::at(line, message));
    }

    pub(super) fn settings(&mut self, table: &DeTable<'_>) -> Settings {
        let mut s = Settings::default();
        for (key, value) in table {
            let line = self.line(key);
            match key.get_ref().as_ref() {
                "refresh" => s.refresh = self.uint(key, value, 0, 86_400 * 365),
                "timeout" => s.timeout = self.uint(key, value, 1, 86_400),
                "connect_timeout" => s.connect_timeout = self.uint(key, value, 1, 86_400),
                "large_document_values" => {
                    s.large_document_values = self
                        .uint(key, value, 0, u32::MAX as u64)
                        .map(|n| n as usize);
                }
                "max_response_mb" => s.max_response_mb = self.uint(key, value, 1, 1 << 20),
                "mouse" => s.mouse = self.boolean(key, value).unwrap_or(false),
                "read_only" => s.read_only = self.boolean(key, value).unwrap_or(false),
                "default_account" => {
                    s.default_account = self.string(key, value).filter(|v| !v.is_empty());
                }
                "clipboard" => {
                    if let Some(v) = self.string(key, value) {
                        match ClipboardMode::parse(&v) {
                            Some(mode) => s.clipboard = mode,
                            None => self.problem(
                                line,
                                format!(
                                    "clipboard = \"{v}\" is not one of {}",
                                    ClipboardMode::NAMES.join(", ")
                                ),
                            ),
                        }
                    }
                }
                "time_zone" => {
                    if let Some(v) = self.string(key, value) {
                        s.time_zone = self.time_zone(line, &v);
                    }
                }
                "theme" => s.theme = self.theme(key, value),
                "keys" => s.keys = self.keys(value),
                "history" => s.history = self.history(value),
                "alerts" => s.alerts = self.alerts(value),
                "dashboard" => s.dashboard = self.dashboard(value),
                other => self.problem(line, format!("unknown key `{other}`")),
            }
        }
        s
    }

    /// `local` (the system's: `None`), `utc`, or an IANA name the time-zone database knows.
    fn time_zone(&mut self, line: usize, name: &str) -> Option<jiff::tz::TimeZone> {
        match name.trim() {
            n if n.eq_ignore_ascii_case("local") => None,
            n if n.eq_ignore_ascii_case("utc") => Some(jiff::tz::TimeZone::UTC),
            n => match jiff::tz::TimeZone::get(n) {
                Ok(tz) => Some(tz),
                Err(_) => {
                    self.problem(
                        line,
                        format!(
                            "time_zone = \"{n}\" is not a time zone: use \"local\", \"utc\" or an IANA name like \"Europe/Paris\"; the system's is used"
                        ),
                    );
                    None
                }
            },
        }
    }

    pub fn type_problem(&mut self, line: usize, key: &str, expected: &str) {
        self.problem(line, format!("`{key}` must be {expected}; ignored"));
    }

    fn uint(
        &mut self,
        key: &Spanned<Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        min: u64,
        max: u64,
    ) -> Option<u64> {
        let line = self.line(key);
        let n = match value.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        match n {
            Some(n) if n >= min as i64 && n as u64 <= max => Some(n as u64),
            Some(n) => {
                self.problem(
                    line,
                    format!(
                        "`{}` = {n} is out of range ({min} to {max}); ignored",
                        key.get_ref()
                    ),
                );
                None
            }
            None => {
                self.type_problem(line, key.get_ref(), "a whole number");
                None
            }
        }
    }

    fn boolean(
        &mut self,
        key: &Spanned<Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                let line = self.line(key);
                self.type_problem(line, key.get_ref(), "true or false");
                None
            }
        }
    }

    pub fn string(
        &mut self,
        key: &Spanned<Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                let line = self.line(key);
                self.type_problem(line, key.get_ref(), "a string");
                None
            }
        }
    }

    fn theme(&mut self, key: &Spanned<Cow<'_, str>>, value: &Spanned<DeValue<'_>>) -> ThemeSetting {
        let line = self.line(key);
        match value.get_ref() {
            DeValue::String(name) => ThemeSetting {
                name: Some(name.to_string()),
                line,
                ..ThemeSetting::default()
            },
            DeValue::Table(table) => theme::read_table(self, table, line),
            _ => {
                self.type_problem(line, "theme", "a theme's name or a [theme] table");
                ThemeSetting::default()
            }
        }
    }

    fn history(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> crate::config::state_file::HistorySettings {
        let mut h = crate::config::state_file::HistorySettings::default();
        let line = self.line(value);
        let DeValue::Table(table) = value.get_ref() else {
            self.type_problem(line, "history", "a table ([history])");
            return h;
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "history" => h.history = self.boolean(key, value),
                "history_bodies" => h.history_bodies = self.boolean(key, value),
                other => {
                    let line = self.line(key);
                    self.problem(line, format!("unknown key `history.{other}`"));
                }
            }
        }
        h
    }

    fn alerts(&mut self, value: &Spanned<DeValue<'_>>) -> AlertSettings {
        let mut a = AlertSettings::default();
        let line = self.line(value);
        let DeValue::Table(table) = value.get_ref() else {
            self.type_problem(line, "alerts", "a table ([alerts])");
            return a;
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "refresh" => a.refresh = self.uint(key, value, 0, 86_400),
                "badge" => a.badge = self.boolean(key, value),
                "bell" => a.bell = self.boolean(key, value),
                other => {
                    let line = self.line(key);
                    self.problem(line, format!("unknown key `alerts.{other}`"));
                }
            }
        }
        a
    }

    fn dashboard(&mut self, value: &Spanned<DeValue<'_>>) -> DashboardSettings {
        let mut d = DashboardSettings::default();
        let line = self.line(value);
        let DeValue::Table(table) = value.get_ref() else {
            self.type_problem(line, "dashboard", "a table ([dashboard])");
            return d;
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "concurrency" => {
                    d.concurrency = self.uint(key, value, 1, super::MAX_DASHBOARD_CONCURRENCY);
                }
                other => {
                    let line = self.line(key);
                    self.problem(line, format!("unknown key `dashboard.{other}`"));
                }
            }
        }
        d
    }

    fn keys(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<KeyEntry> {
        let line = self.line(value);
        let DeValue::Table(scopes) = value.get_ref() else {
            self.type_problem(line, "keys", "a table of [keys.SCOPE] tables");
            return Vec::new();
        };
        let mut entries = Vec::new();
        for (scope, actions) in scopes {
            let scope_line = self.line(scope);
            let DeValue::Table(actions) = actions.get_ref() else {
                self.type_problem(scope_line, &format!("keys.{}", scope.get_ref()), "a table");
                continue;
            };
            for (action, keys) in actions {
                let line = self.line(action);
                let DeValue::Array(list) = keys.get_ref() else {
                    self.type_problem(
                        line,
                        &format!("keys.{}.{}", scope.get_ref(), action.get_ref()),
                        "a list of keys, like [\"g g\", \"home\"]",
                    );
                    continue;
                };
                let mut texts = Vec::new();
                for item in list {
                    match item.get_ref() {
                        DeValue::String(s) => texts.push(s.to_string()),
                        _ => self.problem(
                            self.line(item),
                            format!(
                                "keys.{}.{}: a key must be a string",
                                scope.get_ref(),
                                action.get_ref()
                            ),
                        ),
                    }
                }
                entries.push(KeyEntry {
                    scope: scope.get_ref().to_string(),
                    action: action.get_ref().to_string(),
                    keys: texts,
                    line,
                });
            }
        }
        entries.sort_by_key(|e| e.line);
        entries
    }
}
