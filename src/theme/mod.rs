//! Colours and text styles.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub header: Style,
    pub header_accent: Style,
    pub title: Style,
    pub column_header: Style,
    pub selected: Style,
    pub muted: Style,
    pub error: Style,
    pub ok: Style,
    pub warn: Style,
    pub accent: Style,
    pub key: Style,
    pub json_key: Style,
    pub json_string: Style,
    pub json_number: Style,
    pub json_literal: Style,
    /// `NO_COLOR`: the frame is drawn without any colour, the series' and thresholds' too
    /// (see [`strip_colors`]).
    pub colorless: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            header: Style::new().fg(Color::White).bg(Color::Blue),
            header_accent: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            column_header: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            muted: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            accent: Style::new().fg(Color::Cyan),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            json_key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            json_string: Style::new().fg(Color::Green),
            json_number: Style::new().fg(Color::Magenta),
            json_literal: Style::new().fg(Color::Yellow),
            colorless: false,
        }
    }
}

/// The built-in themes, by the names the settings file uses.
pub const BUILT_IN: &[&str] = &["dark", "light", "high-contrast"];

pub use crate::config::settings::theme::STYLE_NAMES;

mod resolve;
pub use resolve::resolve;

impl Theme {
    /// Today's look: light text on a dark terminal.
    pub fn dark() -> Self {
        Self::default()
    }

    /// For terminals with a light background: no yellow or light-gray text, darker accents.
    pub fn light() -> Self {
        Self {
            header: Style::new().fg(Color::White).bg(Color::Blue),
            header_accent: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            title: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
            column_header: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Indexed(153))
                .add_modifier(Modifier::BOLD),
            muted: Style::new().fg(Color::Indexed(244)),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Indexed(28)),
            warn: Style::new().fg(Color::Indexed(130)),
            accent: Style::new().fg(Color::Indexed(25)),
            key: Style::new()
                .fg(Color::Indexed(25))
                .add_modifier(Modifier::BOLD),
            json_key: Style::new()
                .fg(Color::Indexed(18))
                .add_modifier(Modifier::BOLD),
            json_string: Style::new().fg(Color::Indexed(28)),
            json_number: Style::new().fg(Color::Indexed(90)),
            json_literal: Style::new().fg(Color::Indexed(130)),
            colorless: false,
        }
    }

    /// Maximum contrast: black and white with a few saturated colours, bold where it matters.
    pub fn high_contrast() -> Self {
        let bold = Modifier::BOLD;
        Self {
            header: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            header_accent: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            title: Style::new()
                .fg(Color::White)
                .add_modifier(bold | Modifier::UNDERLINED),
            column_header: Style::new()
                .fg(Color::White)
                .add_modifier(bold | Modifier::UNDERLINED),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            muted: Style::new().fg(Color::White),
            error: Style::new().fg(Color::LightRed).add_modifier(bold),
            ok: Style::new().fg(Color::LightGreen).add_modifier(bold),
            warn: Style::new().fg(Color::LightYellow).add_modifier(bold),
            accent: Style::new().fg(Color::LightCyan),
            key: Style::new().fg(Color::LightCyan).add_modifier(bold),
            json_key: Style::new().fg(Color::LightCyan).add_modifier(bold),
            json_string: Style::new().fg(Color::LightGreen),
            json_number: Style::new().fg(Color::LightMagenta),
            json_literal: Style::new().fg(Color::LightYellow),
            colorless: false,
        }
    }

    /// A built-in theme by name.
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "dark" => Some(Self::dark()),
            "light" => Some(Self::light()),
            "high-contrast" | "high_contrast" => Some(Self::high_contrast()),
            _ => None,
        }
    }

    /// The style called `name` (one of [`STYLE_NAMES`]).
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "header" => &mut self.header,
            "header_accent" => &mut self.header_accent,
            "title" => &mut self.title,
            "column_header" => &mut self.column_header,
            "selected" => &mut self.selected,
            "muted" => &mut self.muted,
            "error" => &mut self.error,
            "ok" => &mut self.ok,
            "warn" => &mut self.warn,
            "accent" => &mut self.accent,
            "key" => &mut self.key,
            "json_key" => &mut self.json_key,
            "json_string" => &mut self.json_string,
            "json_number" => &mut self.json_number,
            "json_literal" => &mut self.json_literal,
            _ => return None,
        })
    }

    /// `NO_COLOR`: every colour removed, only modifiers kept; the selection and the header
    /// are reversed so they still show.
    pub fn without_colors(mut self) -> Self {
        for name in STYLE_NAMES {
            if let Some(style) = self.style_mut(name) {
                *style = Style::new()
                    .add_modifier(style.add_modifier)
                    .remove_modifier(style.sub_modifier);
            }
        }
        self.colorless = true;
        self.selected = self.selected.add_modifier(Modifier::REVERSED);
        self.header = self.header.add_modifier(Modifier::REVERSED);
        self.header_accent = self
            .header_accent
            .add_modifier(Modifier::REVERSED | Modifier::BOLD);
        self
    }
}

/// Removes every colour from a drawn frame, modifiers kept: what `NO_COLOR` promises, for the
/// colours that do not come from the theme (series, thresholds, a source's own).
pub fn strip_colors(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

/// `NO_COLOR` set to anything non-empty turns colours off (<https://no-color.org>).
pub fn no_color(value: Option<std::ffi::OsString>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Parses a style: `"[FG] [on BG] [bold] [dim] [italic] [underlined] [reversed]"`, colours
/// by name (`red`, `light-blue`, `dark-gray`), as `#rrggbb`, or as a 256-colour index.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    let mut fg_set = false;
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        let modifier = match lower.as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underlined" | "underline" => Some(Modifier::UNDERLINED),
            "reversed" | "reverse" => Some(Modifier::REVERSED),
            "crossed_out" | "crossed-out" => Some(Modifier::CROSSED_OUT),
            _ => None,
        };
        if let Some(m) = modifier {
            style = style.add_modifier(m);
        } else if lower == "on" {
            let bg = words
                .next()
                .ok_or_else(|| format!("`{text}`: a colour must follow `on`"))?;
            style = style.bg(parse_color(bg)?);
        } else if !fg_set {
            style = style.fg(parse_color(word)?);
            fg_set = true;
        } else {
            return Err(format!(
                "`{text}`: `{word}` is not a modifier (bold, dim, italic, underlined, reversed)"
            ));
        }
    }
    Ok(style)
}

fn parse_color(word: &str) -> Result<Color, String> {
    word.parse::<Color>().map_err(|_| {
        format!("`{word}` is not a colour (a name like red or light-blue, #rrggbb, or 0-255)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_parse() {
        assert_eq!(
            parse_style("white on blue bold").unwrap(),
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            parse_style("#ff8800").unwrap(),
            Style::new().fg(Color::Rgb(255, 136, 0))
        );
        assert_eq!(
            parse_style("reversed").unwrap(),
            Style::new().add_modifier(Modifier::REVERSED)
        );
        assert_eq!(
            parse_style("on 236").unwrap(),
            Style::new().bg(Color::Indexed(236))
        );
        assert!(parse_style("purpleish").is_err());
        assert!(parse_style("red blue").is_err());
        assert!(parse_style("red on").is_err());
    }

    #[test]
    fn every_style_name_is_settable_and_built_ins_differ() {
        let mut t = Theme::dark();
        for name in STYLE_NAMES {
            assert!(t.style_mut(name).is_some(), "{name}");
        }
        for name in BUILT_IN {
            assert!(Theme::named(name).is_some(), "{name}");
        }
        assert_ne!(Theme::light().selected, Theme::dark().selected);
        assert_ne!(Theme::high_contrast().header, Theme::dark().header);
    }

    #[test]
    fn no_color_keeps_only_modifiers_and_a_visible_selection() {
        for name in BUILT_IN {
            let mut t = Theme::named(name).unwrap().without_colors();
            for style_name in STYLE_NAMES {
                let s = *t.style_mut(style_name).unwrap();
                assert_eq!(s.fg, None, "{name}.{style_name}");
                assert_eq!(s.bg, None, "{name}.{style_name}");
            }
            assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
            assert!(t.colorless);
        }
        assert!(!Theme::light().colorless);
        assert!(no_color(Some("1".into())));
        assert!(!no_color(Some("".into())));
        assert!(!no_color(None));
    }
}
