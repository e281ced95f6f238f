//! The theme a settings file describes: a built-in base and the styles it names, parsed.

use std::path::Path;

use super::{BUILT_IN, Theme, parse_style};
use crate::config::settings::theme::gather;
use crate::config::settings::{Problem, ThemeSetting};

/// The theme the setting describes, with what was wrong in it (unknown names, bad colours, an
/// unreadable theme file). `no_color` (`NO_COLOR`) removes every colour at the end.
pub fn resolve(
    setting: &ThemeSetting,
    config_dir: Option<&Path>,
    no_color: bool,
) -> (Theme, Vec<Problem>) {
    let request = gather(setting, config_dir);
    let mut problems = request.problems;
    let mut theme = match request.base_name.as_deref() {
        None => Theme::dark(),
        Some(name) => Theme::named(name).unwrap_or_else(|| {
            problems.push(Problem::at(
                setting.line,
                format!(
                    "unknown theme `{name}` (built in: {}); using dark",
                    BUILT_IN.join(", ")
                ),
            ));
            Theme::dark()
        }),
    };
    for (name, text, line) in &request.styles {
        match (parse_style(text), theme.style_mut(name)) {
            (Ok(style), Some(slot)) => *slot = style,
            (Err(why), _) => problems.push(Problem::at(*line, format!("theme.{name}: {why}"))),
            (Ok(_), None) => {}
        }
    }
    if no_color {
        theme = theme.without_colors();
    }
    (theme, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::parse;
    use ratatui::style::{Color, Modifier, Style};

    fn theme_of(text: &str, dir: Option<&Path>, no_color: bool) -> (Theme, Vec<Problem>) {
        let (settings, mut problems) = parse(text);
        let (theme, more) = resolve(&settings.theme, dir, no_color);
        problems.extend(more);
        problems.sort_by_key(|p| p.line);
        (theme, problems)
    }

    #[test]
    fn built_ins_by_name() {
        assert_eq!(theme_of("", None, false), (Theme::dark(), vec![]));
        assert_eq!(theme_of("theme = \"light\"", None, false).0, Theme::light());
        assert_eq!(
            theme_of("theme = \"high-contrast\"", None, false).0,
            Theme::high_contrast()
        );
        let (theme, problems) = theme_of("\ntheme = \"neon\"", None, false);
        assert_eq!(theme, Theme::dark());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0].message.contains("unknown theme `neon`"),
            "{problems:?}"
        );
    }

    #[test]
    fn custom_styles_override_the_base() {
        let text =
            "[theme]\nname = \"light\"\nselected = \"black on yellow bold\"\nmuted = \"#808080\"\n";
        let (theme, problems) = theme_of(text, None, false);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            theme.selected,
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.muted, Style::new().fg(Color::Rgb(128, 128, 128)));
        assert_eq!(theme.header, Theme::light().header);
    }

    #[test]
    fn bad_styles_and_unknown_names_are_reported_with_lines() {
        let text = "[theme]\nselected = \"chartreuse-ish\"\nborder = \"red\"\n";
        let (theme, problems) = theme_of(text, None, false);
        assert_eq!(theme, Theme::dark());
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3)], "{problems:?}");
        assert!(problems[1].message.contains("unknown key `theme.border`"));
    }

    #[test]
    fn a_theme_file_relative_to_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "name = \"high-contrast\"\naccent = \"magenta\"\nkey = \"green bold\"\n",
        )
        .unwrap();
        let text = "[theme]\nfile = \"mine.toml\"\nkey = \"red\"\n";
        let (theme, problems) = theme_of(text, Some(dir.path()), false);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(theme.accent, Style::new().fg(Color::Magenta));
        assert_eq!(
            theme.key,
            Style::new().fg(Color::Red),
            "the settings file wins"
        );
        assert_eq!(theme.header, Theme::high_contrast().header);

        let (theme, problems) = theme_of("[theme]\nfile = \"gone.toml\"", Some(dir.path()), false);
        assert_eq!(theme, Theme::dark());
        assert!(
            problems[0].message.contains("cannot read theme file"),
            "{problems:?}"
        );
    }

    #[test]
    fn no_color_wins_over_custom_colours() {
        let (theme, _) = theme_of("[theme]\nselected = \"black on yellow\"", None, true);
        assert_eq!(theme.selected.bg, None);
        assert_eq!(theme.selected.fg, None);
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
    }
}
