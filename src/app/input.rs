//! A one-line text input: the shared editing behaviour of the forms, the `:` line and the
//! filters. The value and its editing are `tui-input`'s; the keys (readline's) and the
//! drawing (a window that keeps the cursor in view, wide characters whole) are here.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthChar;

#[derive(Clone, Default)]
pub struct TextInput {
    input: Input,
    /// Shown as bullets, never as text; `Debug` does not print it either.
    pub masked: bool,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value() && self.cursor() == other.cursor()
    }
}

impl Eq for TextInput {}

impl fmt::Debug for TextInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.masked {
            write!(f, "TextInput(*** {} chars)", self.value().chars().count())
        } else {
            write!(f, "TextInput({:?})", self.value())
        }
    }
}

/// What fits of an input in a width: the text to draw and the cursor's cell in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        Self {
            input: Input::new(value.to_string()),
            masked: false,
        }
    }

    pub fn masked() -> Self {
        Self {
            masked: true,
            ..Self::default()
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn is_empty(&self) -> bool {
        self.value().is_empty()
    }

    /// Replaces the text, the cursor at its end (a recalled or completed line).
    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
    }

    /// Replaces the text, the cursor at char `cursor` (a completion in the middle of a line).
    pub fn set_with_cursor(&mut self, value: &str, cursor: usize) {
        let cursor = cursor.min(value.chars().count());
        self.input = Input::new(value.to_string()).with_cursor(cursor);
    }

    /// What may be drawn: the text, or one bullet per character when masked.
    pub fn display(&self) -> String {
        if self.masked {
            "•".repeat(self.value().chars().count())
        } else {
            crate::text::sanitize(self.value()).into_owned()
        }
    }

    /// The part to draw in `width` cells: the cursor stays in view (the text scrolls left as
    /// it moves right), a wide character is never cut, and one cell is kept for the cursor at
    /// the end. Masked values show bullets; controls show as their stand-ins.
    pub fn window(&self, width: usize) -> Window {
        let shown: Vec<char> = self.display().chars().collect();
        let cursor = self.cursor().min(shown.len());
        let width = width.max(1);
        let cells = |cs: &[char]| cs.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
        // Skip from the left until what is before the cursor leaves a cell for it.
        let mut start = 0;
        while start < cursor && cells(&shown[start..cursor]) + 1 > width {
            start += 1;
        }
        let mut text = String::new();
        let mut used = 0;
        for &c in &shown[start..] {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                break;
            }
            used += w;
            text.push(c);
        }
        Window {
            text,
            cursor: cells(&shown[start..cursor]),
        }
    }

    /// The window as one text with a bar at the cursor (`/web▏01`), for a line drawn as
    /// text where the terminal's cursor is not placed.
    pub fn with_bar(&self, width: usize) -> String {
        let window = self.window(width.saturating_sub(1));
        let mut used = 0;
        let mut out = String::with_capacity(window.text.len() + 3);
        let mut placed = false;
        for c in window.text.chars() {
            if !placed && used >= window.cursor {
                out.push('▏');
                placed = true;
            }
            used += c.width().unwrap_or(0);
            out.push(c);
        }
        if !placed {
            out.push('▏');
        }
        out
    }

    /// Inserts pasted text at the cursor: one line, so line breaks and tabs become nothing
    /// and a space (a token copied with its newline pastes as the token).
    pub fn paste(&mut self, text: &str) {
        for c in text.trim_end_matches(['\r', '\n']).chars() {
            match c {
                '\t' => self.request(InputRequest::InsertChar(' ')),
                c if c.is_control() => {}
                c => self.request(InputRequest::InsertChar(c)),
            }
        }
    }

    fn request(&mut self, request: InputRequest) {
        self.input.handle(request);
    }

    /// Applies an editing key; returns false for keys that are not editing.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        match request_of(key) {
            Some(request) => {
                self.request(request);
                true
            }
            // Backspace at the start, delete at the end: still editing keys, doing nothing.
            None => matches!(key.code, KeyCode::Backspace | KeyCode::Delete),
        }
    }
}

/// Readline's keys. `tui-input`'s own mapping reads alt as `META`, which terminals do not send
/// (crossterm reports alt-b as `ALT`), and makes alt-d delete backwards: both kept as readline.
fn request_of(key: &KeyEvent) -> Option<InputRequest> {
    use InputRequest as R;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key
        .modifiers
        .intersects(KeyModifiers::ALT | KeyModifiers::META);
    let request = match key.code {
        KeyCode::Char('a') if ctrl => R::GoToStart,
        KeyCode::Char('e') if ctrl => R::GoToEnd,
        KeyCode::Char('b') if ctrl => R::GoToPrevChar,
        KeyCode::Char('f') if ctrl => R::GoToNextChar,
        KeyCode::Char('u') if ctrl => R::DeleteFromStart,
        KeyCode::Char('k') if ctrl => R::DeleteTillEnd,
        KeyCode::Char('w') if ctrl => R::DeletePrevWord,
        KeyCode::Char('h') if ctrl => R::DeletePrevChar,
        KeyCode::Char('d') if ctrl => R::DeleteNextChar,
        KeyCode::Char('y') if ctrl => R::Yank,
        KeyCode::Char('b') if alt => R::GoToPrevWord,
        KeyCode::Char('f') if alt => R::GoToNextWord,
        KeyCode::Char('d') if alt => R::DeleteNextWord,
        KeyCode::Backspace if alt || ctrl => R::DeletePrevWord,
        KeyCode::Delete if ctrl => R::DeleteNextWord,
        KeyCode::Left if ctrl || alt => R::GoToPrevWord,
        KeyCode::Right if ctrl || alt => R::GoToNextWord,
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => R::InsertChar(c),
        KeyCode::Backspace => R::DeletePrevChar,
        KeyCode::Delete => R::DeleteNextChar,
        KeyCode::Left => R::GoToPrevChar,
        KeyCode::Right => R::GoToNextChar,
        KeyCode::Home => R::GoToStart,
        KeyCode::End => R::GoToEnd,
        _ => return None,
    };
    Some(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new_with_kind(code, KeyModifiers::NONE, KeyEventKind::Press)
    }

    fn with(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    fn typed(text: &str) -> TextInput {
        let mut t = TextInput::default();
        for c in text.chars() {
            t.handle(&key(KeyCode::Char(c)));
        }
        t
    }

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut t = TextInput::new("añb");
        t.handle(&key(KeyCode::Left));
        t.handle(&key(KeyCode::Backspace));
        assert_eq!(t.value(), "ab");
        t.handle(&key(KeyCode::Char('é')));
        assert_eq!(t.value(), "aéb");
        t.handle(&key(KeyCode::Home));
        t.handle(&key(KeyCode::Delete));
        assert_eq!(t.value(), "éb");
        assert!(!t.handle(&key(KeyCode::Enter)));
    }

    #[test]
    fn masked_input_never_shows_or_debugs_its_value() {
        let t = typed("s3cret");
        let mut m = TextInput::masked();
        m.paste(t.value());
        assert_eq!(m.value(), "s3cret");
        assert_eq!(m.display(), "••••••");
        assert_eq!(m.window(20).text, "••••••");
        assert!(!format!("{m:?}").contains("s3cret"));
    }

    /// The hand-written input knew ctrl-a/e/u and nothing of words (issue #17).
    #[test]
    fn word_motions_and_kills_are_readline_s() {
        let alt = KeyModifiers::ALT;
        let ctrl = KeyModifiers::CONTROL;
        let mut t = typed("export csv /tmp/out.csv");
        t.handle(&with(KeyCode::Char('w'), ctrl));
        assert_eq!(t.value(), "export csv /tmp/");
        t.handle(&with(KeyCode::Char('b'), alt));
        t.handle(&with(KeyCode::Char('b'), alt));
        assert_eq!(t.cursor(), "export ".len());
        t.handle(&with(KeyCode::Char('d'), alt));
        assert_eq!(t.value(), "export tmp/", "up to the next word");
        t.handle(&with(KeyCode::Left, ctrl));
        assert_eq!(t.cursor(), 0);
        t.handle(&with(KeyCode::Right, ctrl));
        assert_eq!(t.cursor(), "export ".len());
        t.handle(&with(KeyCode::Char('a'), ctrl));
        t.handle(&with(KeyCode::Char('f'), alt));
        assert_eq!(t.cursor(), "export ".len());
        t.handle(&with(KeyCode::Char('k'), ctrl));
        assert_eq!(t.value(), "export ");
        t.handle(&with(KeyCode::Char('y'), ctrl));
        assert_eq!(t.value(), "export tmp/", "ctrl-y yanks the kill back");
        t.handle(&key(KeyCode::Left));
        t.handle(&with(KeyCode::Char('u'), ctrl));
        assert_eq!(t.value(), "/");
        t.handle(&with(KeyCode::Char('e'), ctrl));
        assert_eq!(t.cursor(), 1);
    }

    #[test]
    fn the_bar_shows_where_the_cursor_is() {
        let mut t = TextInput::new("web01");
        assert_eq!(t.with_bar(20), "web01▏");
        t.handle(&key(KeyCode::Left));
        t.handle(&key(KeyCode::Left));
        assert_eq!(t.with_bar(20), "web▏01");
        t.handle(&key(KeyCode::Home));
        assert_eq!(t.with_bar(4), "▏web");
    }

    #[test]
    fn a_paste_is_one_line_at_the_cursor() {
        let mut t = TextInput::new("ab");
        t.handle(&key(KeyCode::Left));
        t.paste("x\ty\n");
        assert_eq!(t.value(), "ax yb");
        t.paste("1\r\n2");
        assert_eq!(t.value(), "ax y12b");
    }

    #[test]
    fn the_window_scrolls_to_keep_the_cursor_and_wide_characters_whole() {
        let t = TextInput::new("abcdefghij");
        assert_eq!(
            t.window(5),
            Window {
                text: "ghij".into(),
                cursor: 4
            }
        );
        let mut t = TextInput::new("日本語です");
        assert_eq!(t.window(6).text, "です", "a cell is kept for the cursor");
        assert_eq!(t.window(6).cursor, 4);
        t.handle(&key(KeyCode::Home));
        assert_eq!(
            t.window(5),
            Window {
                text: "日本".into(),
                cursor: 0
            }
        );
        t.handle(&key(KeyCode::Right));
        assert_eq!(t.window(5).cursor, 2, "after one wide character");
    }
}
