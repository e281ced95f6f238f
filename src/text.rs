//! Making server strings safe to draw: nothing from the wire reaches the terminal raw.

use std::borrow::Cow;

/// Replaces every character that could move the cursor, change the title, reorder text or hide
/// itself with a visible stand-in: C0 controls become their Unicode "control pictures" (ESC shows
/// as `␛`), DEL as `␡`, C1 controls, bidi overrides and zero-width characters as `�`.
/// Tabs and newlines become one space, so one value stays on one line.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(replacement).collect())
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

fn replacement(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if needs_replacing(c) => '\u{fffd}',
        c => c,
    }
}

/// Cuts `s` to at most `width` terminal cells, ending in `…` when something was cut. Wide
/// characters count as two cells, so columns stay aligned.
pub fn fit(s: &str, width: usize) -> Cow<'_, str> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::with_capacity(width + 2);
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// Bidi embeddings/overrides/isolates, zero-width and line/paragraph separators: characters that
/// change how the rest of a line looks while being invisible themselves.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize("AWS CloudWatch prod"), Cow::Borrowed(_)));
        assert!(matches!(sanitize("日本語 ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_controls_become_visible() {
        let hostile = "a\x1b]2;pwned\x07b\x1b[2Jc\u{202e}d\u{200b}e\x7f\u{9b}";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(char::is_control), "{safe:?}");
        assert_eq!(safe, "a␛]2;pwned␇b␛[2Jc\u{fffd}d\u{fffd}e␡\u{fffd}");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_by_cell_width() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("exactly10!", 10), "exactly10!");
        assert_eq!(fit("a longer text", 6), "a lon…");
        // Wide characters take two cells: never split one, never overflow.
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(fit("anything", 0), "");
    }

    #[test]
    fn whitespace_controls_fold_to_space() {
        assert_eq!(sanitize("line1\nline2\tx\r"), "line1 line2 x ");
    }
}
