//! Keys as the keymap holds them ([`KeyChord`]) and as the settings file writes them
//! (`ctrl-f`, `shift-up`, `g g`).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers, normalised (shift is part of the character for printable keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyChord {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Self {
            code: ev.code,
            mods,
        }
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Parses one key: `j`, `G`, `ctrl-f`, `alt-x`, `shift-up`, `enter`, `esc`, `space`, `tab`,
/// `backtab` (`shift-tab`), `backspace`, `delete`, `insert`, `up` `down` `left` `right` (or the
/// arrows), `home`, `end`, `pgup`, `pgdn`, `f1`…`f12`.
pub fn parse_chord(text: &str) -> Result<KeyChord, String> {
    let mut rest = text;
    let mut mods = KeyModifiers::NONE;
    loop {
        let lower = rest.to_ascii_lowercase();
        let found = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("ctrl+", KeyModifiers::CONTROL),
            ("c-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("alt+", KeyModifiers::ALT),
            ("m-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
            ("shift+", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find(|(prefix, _)| lower.starts_with(prefix) && rest.len() > prefix.len());
        match found {
            Some((prefix, m)) => {
                mods |= m;
                rest = &rest[prefix.len()..];
            }
            None => break,
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => match c {
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '←' => KeyCode::Left,
            '→' => KeyCode::Right,
            c => KeyCode::Char(c),
        },
        (None, _) => return Err("an empty key name".into()),
        _ => match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" | "bs" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            lower => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                Some(n) if (1..=24).contains(&n) => KeyCode::F(n),
                _ => {
                    return Err(format!(
                        "`{text}` is not a key (a character, or a name like enter, esc, space, \
                         tab, up, pgdn, f1, with ctrl-, alt-, shift-; a sequence has spaces: \
                         \"g g\")"
                    ));
                }
            },
        },
    };
    // Normalise as `KeyChord::from_event` does: shift is part of a printable character.
    let code = match code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::Char(c.to_ascii_uppercase())
        }
        KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    Ok(KeyChord { code, mods })
}

/// Parses a key or a sequence of keys separated by spaces: `"g g"`, `"ctrl-w l"`.
pub fn parse_keys(text: &str) -> Result<Vec<KeyChord>, String> {
    if text == " " {
        return Ok(vec![KeyChord::ch(' ')]);
    }
    let keys = text
        .split_whitespace()
        .map(parse_chord)
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err("an empty key".into());
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::sequences_label as label;

    #[test]
    fn key_names_parse_and_display_back() {
        for (text, shown) in [
            ("j", "j"),
            ("G", "G"),
            ("shift-g", "G"),
            ("ctrl-f", "ctrl-f"),
            ("C-F", "ctrl-f"),
            ("alt-x", "alt-x"),
            ("enter", "enter"),
            ("space", "space"),
            ("shift-tab", "shift-tab"),
            ("pagedown", "pgdn"),
            ("up", "↑"),
            ("↓", "↓"),
            ("f5", "F5"),
            ("-", "-"),
        ] {
            assert_eq!(parse_chord(text).unwrap().to_string(), shown, "{text}");
        }
        assert_eq!(label(&parse_keys("g g").unwrap()), "g g");
        assert!(parse_chord("gg").is_err());
        assert!(parse_chord("hyper-x").is_err());
        assert!(parse_keys("").is_err());
    }
}
