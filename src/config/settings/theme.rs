//! `theme`: a built-in name (`theme = "light"`), or a table with a base, a theme file and
//! styles by name (`[theme] name = "dark"`, `file = "solarized.toml"`, `selected = "black on
//! yellow"`). A theme file holds the same keys as `[theme]` (but no `file`).

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{Problem, Reader, ThemeSetting};

/// The names of the styles a theme sets, as `[theme]` in the settings file names them.
pub const STYLE_NAMES: &[&str] = &[
    "header",
    "header_accent",
    "title",
    "column_header",
    "selected",
    "muted",
    "error",
    "ok",
    "warn",
    "accent",
    "key",
    "json_key",
    "json_string",
    "json_number",
    "json_literal",
];

/// The keys of `[theme]` besides the style names.
pub const THEME_KEYS: &[&str] = &["name", "file"];

pub(crate) fn read_table(
    reader: &mut Reader<'_>,
    table: &DeTable<'_>,
    line: usize,
) -> ThemeSetting {
    let mut setting = ThemeSetting {
        line,
        ..ThemeSetting::default()
    };
    for (key, value) in table {
        let key_line = reader.line(key);
        let name = key.get_ref().as_ref();
        match name {
            "name" => setting.name = reader.string(key, value),
            "file" => setting.file = reader.string(key, value).map(Into::into),
            _ if STYLE_NAMES.contains(&name) => {
                if let DeValue::String(s) = value.get_ref() {
                    setting
                        .styles
                        .push((name.to_string(), s.to_string(), key_line));
                } else {
                    reader.type_problem(key_line, &format!("theme.{name}"), "a style string");
                }
            }
            other => reader.problems.push(Problem::at(
                key_line,
                format!(
                    "unknown key `theme.{other}` (styles: {})",
                    STYLE_NAMES.join(", ")
                ),
            )),
        }
    }
    setting
}

/// What a theme setting asks for once its theme file is read: the base theme's name, the
/// styles by name with their lines (the theme file's first, then the settings file's, which
/// win), and what was wrong reading the file. The theme itself is built above, in `theme::resolve`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeRequest {
    pub base_name: Option<String>,
    pub styles: Vec<(String, String, usize)>,
    pub problems: Vec<Problem>,
}

/// Reads the setting's theme file (relative to the config folder) and merges it with the
/// setting.
pub fn gather(setting: &ThemeSetting, config_dir: Option<&Path>) -> ThemeRequest {
    let mut problems = Vec::new();
    let mut base_name = setting.name.clone();
    let mut styles = Vec::new();
    if let Some(file) = &setting.file {
        let path = match config_dir {
            Some(dir) if file.is_relative() => dir.join(file),
            _ => file.clone(),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let (file_setting, file_problems) = read_file(&text);
                for p in file_problems {
                    problems.push(Problem::at(
                        setting.line,
                        format!("theme file {}: {p}", path.display()),
                    ));
                }
                // The settings file's own name and styles win over the theme file's.
                if base_name.is_none() {
                    base_name = file_setting.name;
                }
                styles.extend(file_setting.styles);
            }
            Err(e) => problems.push(Problem::at(
                setting.line,
                format!("cannot read theme file {}: {e}", path.display()),
            )),
        }
    }
    styles.extend(setting.styles.iter().cloned());
    ThemeRequest {
        base_name,
        styles,
        problems,
    }
}

/// A theme file's name and styles (lines are the file's own).
fn read_file(text: &str) -> (ThemeSetting, Vec<Problem>) {
    let table = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            return (
                ThemeSetting::default(),
                vec![Problem::general(format!(
                    "not valid TOML: {}",
                    e.message().trim()
                ))],
            );
        }
    };
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let mut setting = read_table(&mut reader, table.get_ref(), 1);
    reader.problems.sort_by_key(|p| p.line);
    setting.styles.sort_by_key(|s| s.2);
    if setting.file.take().is_some() {
        reader.problems.push(Problem::general(
            "a theme file cannot name another theme file",
        ));
    }
    (setting, reader.problems)
}
