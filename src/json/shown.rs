//! A JSON string as the inspector's tree shows it: `\u` escapes decoded into the text they spell
//! (`"\u65e5\u672c"` shows as `"日本"`), except where the character could not be drawn safely —
//! a lone surrogate (`\ud800`), a control character (`\u0000`, `\u001b`), a bidi override or a
//! zero-width character — which stays the escape it was written as, visible and unambiguous.
//! The short escapes (`\n`, `\"`, `\\`) stay as written: one value stays on one line. The bytes
//! themselves are never changed: copying, saving and filters use them as they came.

use std::borrow::Cow;

/// `raw`, a string literal with its quotes, as the tree shows it (quotes kept).
pub fn shown_string(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if !text.contains('\\') {
        return crate::text::sanitize(&text).into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(at) = rest.find('\\') {
        out.push_str(&crate::text::sanitize(&rest[..at]));
        rest = &rest[at..];
        let (shown, len) = escape(rest);
        out.push_str(&shown);
        rest = &rest[len..];
    }
    out.push_str(&crate::text::sanitize(rest));
    out
}

/// The escape at the start of `s` (a backslash), as shown, and how many bytes it took.
fn escape(s: &str) -> (Cow<'_, str>, usize) {
    let Some(unit) = hex_unit(s) else {
        // `\n`, `\"` …: as written (a lone backslash at the end too).
        let len = s.chars().nth(1).map_or(1, |c| 1 + c.len_utf8());
        return (Cow::Borrowed(&s[..len]), len);
    };
    let high = (0xd800..0xdc00).contains(&unit);
    let pair = high
        .then(|| hex_unit(&s[6..]))
        .flatten()
        .filter(|low| (0xdc00..0xe000).contains(low));
    let (code, len) = match pair {
        Some(low) => (0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), 12),
        None => (unit, 6),
    };
    match char::from_u32(code).filter(|&c| safe(c)) {
        Some(c) => (Cow::Owned(c.to_string()), len),
        None => (Cow::Borrowed(&s[..len]), len),
    }
}

/// The code unit of a `\uXXXX` escape at the start of `s`.
fn hex_unit(s: &str) -> Option<u32> {
    let hex = s.strip_prefix("\\u")?.get(..4)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

/// A character that reaches the terminal as itself.
fn safe(c: char) -> bool {
    let mut buf = [0u8; 4];
    matches!(
        crate::text::sanitize(c.encode_utf8(&mut buf)),
        Cow::Borrowed(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        shown_string(s.as_bytes())
    }

    #[test]
    fn escapes_show_the_text_they_spell() {
        assert_eq!(shown(r#""\u65e5\u672c""#), "\"日本\"");
        assert_eq!(shown(r#""caf\u00e9 \ud83d\ude00!""#), "\"café 😀!\"");
        assert_eq!(shown(r#""plain""#), "\"plain\"");
        assert_eq!(shown(r#""a\"b\\c\nd\/""#), r#""a\"b\\c\nd\/""#);
    }

    #[test]
    fn what_cannot_be_drawn_stays_an_escape() {
        for s in [
            r#""\ud800""#,
            r#""\udc00x""#,
            r#""\ud800\u0041""#,
            r#""\u0000""#,
            r#""\u001b[2J""#,
            r#""\u202e""#,
            r#""\u200b""#,
            r#""\u007f\u009b""#,
        ] {
            let out = shown(s);
            assert!(out.chars().all(safe), "{s} shows as {out:?}");
        }
        assert_eq!(shown(r#""\ud800\u0041""#), r#""\ud800A""#);
        assert_eq!(shown(r#""\u001b[2J""#), r#""\u001b[2J""#);
        // Raw characters that are not safe get the usual stand-ins.
        assert_eq!(shown("\"a\u{1b}b\u{202e}\""), "\"a␛b\u{fffd}\"");
        // Broken escapes (lenient input) are shown as written, without a panic.
        assert_eq!(shown(r#""\u12""#), r#""\u12""#);
        assert_eq!(shown("\"\\"), "\"\\");
    }
}
