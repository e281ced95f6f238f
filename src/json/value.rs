//! The one way JSON from the network or a file becomes a [`serde_json::Value`], and a `Value`
//! becomes text again: numbers kept as written (serde_json's `arbitrary_precision`), and no
//! depth limit (the recursion limit is off and the parser's stack grows on the heap).
//!
//! Dropping, cloning and comparing a `Value` still recurse on the thread's own stack; the
//! threads that handle answers get [`STACK_SIZE`] for that (the binary's runtime and its main
//! body), which holds documents far deeper than any real answer (100,000 levels in a debug
//! build with room to spare).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Stack of every thread that may hold a deep `Value`: reserved, not committed, so it costs
/// address space only.
pub const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Parses one JSON document, however deeply nested; numbers keep their text exactly.
pub fn parse_value(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de.disable_recursion_limit();
    let value = Value::deserialize(serde_stacker::Deserializer::new(&mut de))?;
    de.end()?;
    Ok(value)
}

/// [`parse_value`] of a `str`.
pub fn parse_str(text: &str) -> Result<Value, serde_json::Error> {
    parse_value(text.as_bytes())
}

/// Writes `value` compactly, however deep.
pub fn to_writer(out: impl std::io::Write, value: &Value) -> Result<(), serde_json::Error> {
    let mut ser = serde_json::Serializer::new(out);
    value.serialize(serde_stacker::Serializer::new(&mut ser))
}

/// Writes `value` indented by two spaces, however deep.
pub fn to_writer_pretty(out: impl std::io::Write, value: &Value) -> Result<(), serde_json::Error> {
    let mut ser = serde_json::Serializer::pretty(out);
    value.serialize(serde_stacker::Serializer::new(&mut ser))
}

/// What a value is, in words for messages ("a list", "a string").
pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Drops `value` without recursing: a `Value`'s own drop takes stack for every level, which a
/// 2,000-deep item overflows on a 2 MiB thread in a debug build.
pub fn drop_deep(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// `value` as compact JSON bytes, however deep.
pub fn to_vec(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec fails only on a map key that is not a string, which a Value has not.
    let _ = to_writer(&mut out, value);
    out
}

/// Where the payload of a Wavefront envelope (`{"status":…,"response":…}`) lies in `body`:
/// the bytes of the top-level `response` member's value, found without decoding anything.
/// `None` when the body is not an object or has no such member. `body` must be valid JSON.
pub fn envelope_payload(body: &[u8]) -> Option<std::ops::Range<usize>> {
    top_level_member(body, "response")
}

/// The bytes of the value of the top-level member `key` of the object `body` (the last one,
/// as serde_json keeps, should the key come twice).
pub fn top_level_member(body: &[u8], key: &str) -> Option<std::ops::Range<usize>> {
    let quoted = format!("\"{key}\"");
    top_level_members(body)?
        .into_iter()
        .rev()
        .find(|(k, _)| &body[k.clone()] == quoted.as_bytes())
        .map(|(_, v)| v)
}

/// The members of the object `body`, in order: each key's bytes (quotes included) and its
/// value's, found without decoding anything. `None` when `body` is not an object.
pub fn top_level_members(
    body: &[u8],
) -> Option<Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>> {
    let mut members = Vec::new();
    let mut i = skip_ws(body, 0);
    if body.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(body, i + 1);
    if body.get(i) == Some(&b'}') {
        return Some(members);
    }
    loop {
        i = skip_ws(body, i);
        if body.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(body, i);
        let key = i..key_end;
        i = skip_ws(body, key_end);
        if body.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(body, i + 1);
        let end = value_end(body, i);
        members.push((key, i..end));
        i = skip_ws(body, end);
        match body.get(i) {
            Some(b',') => i += 1,
            Some(b'}') => return Some(members),
            _ => return None,
        }
    }
}

/// The bytes of each element of the array `body`, in order, found without decoding (any
/// depth). `None` when `body` is not an array. `body` must be valid JSON.
pub fn array_elements(body: &[u8]) -> Option<Vec<std::ops::Range<usize>>> {
    let mut elements = Vec::new();
    let mut i = skip_ws(body, 0);
    if body.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_ws(body, i + 1);
    if body.get(i) == Some(&b']') {
        return Some(elements);
    }
    loop {
        i = skip_ws(body, i);
        let end = value_end(body, i);
        if end <= i {
            return None;
        }
        elements.push(i..end);
        i = skip_ws(body, end);
        match body.get(i) {
            Some(b',') => i += 1,
            Some(b']') => return Some(elements),
            _ => return None,
        }
    }
}

/// `raw` (valid JSON) with the value of every member named one of `keys`, at any depth,
/// replaced by what `replace` makes of it (`None`: kept); every other byte stays as it was.
/// One pass, no recursion, nothing else decoded: numbers keep their spelling.
pub fn replace_members(
    raw: &[u8],
    keys: &[&str],
    replace: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let (mut i, mut copied) = (0, 0);
    while i < raw.len() {
        if raw[i] != b'"' {
            i += 1;
            continue;
        }
        let end = string_end(raw, i);
        let colon = skip_ws(raw, end);
        let is_key = raw.get(colon) == Some(&b':');
        let wanted = is_key
            && serde_json::from_slice::<String>(&raw[i..end])
                .is_ok_and(|key| keys.contains(&key.as_str()));
        if !wanted {
            i = end;
            continue;
        }
        let start = skip_ws(raw, colon + 1);
        let value_end = value_end(raw, start);
        if let Some(replacement) = replace(&raw[start..value_end]) {
            out.extend_from_slice(&raw[copied..start]);
            out.extend_from_slice(&replacement);
            copied = value_end;
        }
        i = value_end.max(end);
    }
    out.extend_from_slice(&raw[copied..]);
    out
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Just past the string starting at `i` (its opening quote).
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(b.len())
}

/// Just past the value starting at `i`, counting brackets (no recursion, any depth).
fn value_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            // A scalar ends where its container closes; a container at its own bracket.
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => {
                if depth == 1 {
                    return i + 1;
                }
                depth -= 1;
            }
            b',' if depth == 0 => return i,
            c if depth == 0 && c.is_ascii_whitespace() => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// JSON text indented byte-true by [`reindent`], compact instead when indentation would swell
/// it past four times its size plus 16 MiB (a document thousands of levels deep).
pub fn pretty_text(raw: &[u8]) -> String {
    reindent(raw, raw.len().saturating_mul(4) + (16 << 20))
}

/// `value` as [`pretty_text`], however deep: what `wf-tui get … -o json` prints for one item.
pub fn to_pretty_text(value: &Value) -> String {
    pretty_text(&to_vec(value))
}

/// Re-indents JSON text by two spaces without decoding it: every number, string and escape
/// stays byte for byte as written, at any depth. `raw` must be valid JSON (a
/// [`super::Doc`]'s text); white space outside strings is replaced, nothing else changes.
/// Past `max_len` bytes of output (indentation grows with depth squared) the compact text is
/// returned instead, which is the same document.
pub fn reindent(raw: &[u8], max_len: usize) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len() + raw.len() / 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + depth * 2, b' ');
    };
    while i < raw.len() {
        let b = raw[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < raw.len() && raw[i] != b'"' {
                    i += if raw[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(raw.len());
                out.extend_from_slice(&raw[start..i]);
                continue;
            }
            b'{' | b'[' => {
                out.push(b);
                let close = if b == b'{' { b'}' } else { b']' };
                let next = raw[i + 1..]
                    .iter()
                    .position(|c| !c.is_ascii_whitespace())
                    .map(|p| i + 1 + p);
                if next.is_some_and(|n| raw[n] == close) {
                    // Empty containers stay on one line, as serde_json writes them.
                    out.push(close);
                    i = next.unwrap_or(i) + 1;
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
        if out.len() > max_len {
            return compact(raw);
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The text without white space outside strings: the value on one line, every byte of its
/// strings and numbers as written.
pub fn compact(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut in_string = false;
    let mut escaped = false;
    for &b in raw {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
            out.push(b);
        } else if !b.is_ascii_whitespace() {
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXACT: &str = r#"{"big":12345678901234567890123,"huge":1e400,"negzero":-0,"one":1.0,"id":18446744073709551615,"small":-9223372036854775809,"e":1.5E-7}"#;

    #[test]
    fn numbers_survive_parse_and_write_exactly() {
        let v = parse_value(EXACT.as_bytes()).unwrap();
        // Digits all kept; serde_json writes an exponent as `e+400` (the same number): where
        // the text itself must stay, the raw bytes are kept (`envelope_payload`, `reindent`).
        assert_eq!(
            String::from_utf8(to_vec(&v)).unwrap(),
            EXACT.replace("1e400", "1e+400").replace("1.5E-7", "1.5e-7")
        );
        // What callers read from them still works.
        assert_eq!(v["id"].as_u64(), Some(u64::MAX));
        assert_eq!(v["one"].as_f64(), Some(1.0));
        assert_eq!(v["big"].as_f64(), Some(1.2345678901234568e22));
        assert!(v["huge"].is_number());
    }

    #[test]
    fn deep_documents_parse_write_and_drop() {
        let depth = 100_000;
        let text = format!("{{\"v\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        // A plain test thread has 2 MiB: the work runs where the app's threads would.
        let text2 = text.clone();
        let out = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let v = parse_value(text2.as_bytes()).unwrap();
                to_vec(&v)
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(out, text.as_bytes());
        // The default recursion limit would have refused this.
        assert!(serde_json::from_str::<Value>(&text).is_err());
    }

    #[test]
    fn envelope_payload_is_found_by_position() {
        let body = br#" { "status" : {"result":"OK","message":"a \"response\": x"}, "response" : [1e400, {"response":2}] , "x":1}"#;
        let range = envelope_payload(body).unwrap();
        assert_eq!(&body[range], br#"[1e400, {"response":2}]"#);
        let scalar = br#"{"status":{"result":"OK"},"response":-0}"#;
        assert_eq!(&scalar[envelope_payload(scalar).unwrap()], b"-0");
        let last = br#"{"response":"s\"}"}"#;
        assert_eq!(&last[envelope_payload(last).unwrap()], br#""s\"}""#);
        assert_eq!(envelope_payload(br#"{"status":{}}"#), None);
        let twice = br#"{"response":1,"response":[2]}"#;
        assert_eq!(&twice[envelope_payload(twice).unwrap()], b"[2]");
        assert_eq!(envelope_payload(b"[1]"), None);
    }

    #[test]
    fn trailing_text_is_an_error() {
        assert!(parse_value(b"[1] x").is_err());
        assert!(parse_value(b"").is_err());
        assert!(parse_str(" [1]\n").is_ok());
    }

    #[test]
    fn reindent_matches_serde_json_pretty_and_keeps_bytes() {
        let text = r#" {"a" : [1, 2.50, {"b":"x, \"y\": [z]"}], "e":{}, "f":[ ], "g":-0 } "#;
        let ours = reindent(text.as_bytes(), usize::MAX);
        let v: Value = serde_json::from_str(text).unwrap();
        let theirs = serde_json::to_string_pretty(&v).unwrap();
        assert_eq!(ours, theirs);
        assert!(ours.contains("2.50") && ours.contains("-0"));
        assert_eq!(
            reindent(EXACT.as_bytes(), usize::MAX).replace(['\n', ' '], ""),
            EXACT
        );
    }

    #[test]
    fn reindent_falls_back_to_compact_when_indentation_explodes() {
        let depth = 10_000;
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let out = reindent(text.as_bytes(), 1_000_000);
        assert_eq!(out, text);
        let spaced = r#"[ 1 , { "a b" : 2 } ]"#;
        assert_eq!(reindent(spaced.as_bytes(), 3), r#"[1,{"a b":2}]"#);
    }
}
