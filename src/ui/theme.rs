//! Colours and text styles.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone)]
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
        }
    }
}
