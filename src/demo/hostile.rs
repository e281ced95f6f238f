//! Hostile data for tests: strings that try to take over a terminal, documents too deep or too
//! big, bytes that are not UTF-8. The normal demo never serves any of it: tests put the items in
//! with [`super::DemoState::edit_items`] and the raw bodies with a [`super::faults::Fault::Raw`]
//! rule.

use std::sync::Arc;

use serde_json::{Value, json};

use super::faults::{Fault, FaultRule, RawBody};

/// Strings that change the title, clear the screen, reorder or hide text, or ring the bell.
pub const STRINGS: &[&str] = &[
    "title\x1b]2;pwned\x07 change",
    "clear\x1b[2J\x1b[H screen",
    "bidi \u{202e}txt.exe\u{202c} override",
    "isolate \u{2066}a\u{2067}b\u{2068}c\u{2069} \u{200f}rtl mark",
    "zero\u{200b}width\u{200c}\u{200d}\u{2060}\u{feff}joiners",
    "c1 \u{9b}31m csi and \u{9d}0;osc\u{9c} string",
    "bell\x07 backspace\x08 del\x7f nul\0 end",
    "osc52 \x1b]52;c;cHduZWQ=\x07 clipboard",
    "line\nbreak\rreturn\ttab",
];

/// The characters none of which may reach a terminal raw.
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{061c}')
}

/// A string of `n` characters whose end is distinctive, to tell a whole value from a cut one.
pub fn long_string(n: usize) -> String {
    let mut s = "L".repeat(n.saturating_sub(4));
    s.push_str("@END");
    s
}

/// `depth` arrays inside each other around one string: `[[["deep"]]]`.
pub fn deep_json(depth: usize) -> String {
    format!("{}\"deep\"{}", "[".repeat(depth), "]".repeat(depth))
}

/// Alerts (id `hostile-N`) whose names, tags and other fields hold every hostile string, a
/// 10,000-character string and a nested value.
pub fn alerts() -> Vec<Value> {
    let mut items: Vec<Value> = STRINGS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "id": format!("hostile-{i}"),
                "name": s,
                "severity": "WARN",
                "status": [s],
                "condition": s,
                "tags": {"customerTags": [s]},
                "creatorId": s,
                "updatedEpochMillis": 1_700_000_000_000i64,
            })
        })
        .collect();
    let long = long_string(10_000);
    items.push(json!({
        "id": format!("hostile-{}", STRINGS.len()),
        "name": long,
        "severity": "WARN",
        "status": ["FIRING"],
        "condition": long,
        "tags": {"customerTags": [long]},
    }));
    items
}

/// A page of alerts whose strings hold bytes that are not UTF-8 (and an escape, raw).
pub fn invalid_utf8_page() -> Vec<u8> {
    let mut body =
        br#"{"status":{"result":"OK","code":200},"response":{"items":[{"id":"bad-1","name":"caf"#
            .to_vec();
    body.extend_from_slice(b"\xff\xfe\xc3\x28 \x1b]2;pwned\x07");
    body.extend_from_slice(br#"","severity":"WARN"}],"moreItems":false}}"#);
    body
}

/// An alert's detail (in the envelope) of about `bytes` bytes: long strings in many fields.
pub fn huge_detail(bytes: usize) -> Vec<u8> {
    let chunk = format!("{}\x1b[2J", "x".repeat(9_996));
    let fields = bytes / (chunk.len() + 16) + 1;
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str(r#"{"status":{"result":"OK","code":200},"response":{"id":"huge","name":"huge","#);
    for i in 0..fields {
        out.push_str(&format!("\"f{i}\":{},", Value::String(chunk.clone())));
    }
    out.push_str("\"end\":true}}");
    out.into_bytes()
}

/// A rule answering requests under `path` with `status` and `body`, as-is.
pub fn serve(path: &str, status: u16, body: Vec<u8>) -> FaultRule {
    FaultRule::new(Fault::Raw(status, RawBody(Arc::from(body)))).path(path)
}

/// An error in the envelope whose message holds every hostile string.
pub fn error_body(code: u16) -> Vec<u8> {
    let message = STRINGS.join(" | ");
    json!({"status": {"result": "ERROR", "message": message, "code": code}})
        .to_string()
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hostile_string_has_a_forbidden_character() {
        for s in STRINGS {
            assert!(s.chars().any(is_forbidden), "{s:?}");
        }
    }

    #[test]
    fn fixtures_have_the_promised_shapes() {
        assert!(std::str::from_utf8(&invalid_utf8_page()).is_err());
        let huge = huge_detail(1_000_000);
        assert!(huge.len() >= 1_000_000);
        assert!(serde_json::from_slice::<Value>(&huge).is_ok());
        assert_eq!(deep_json(3), r#"[[["deep"]]]"#);
        assert_eq!(long_string(10_000).chars().count(), 10_000);
    }
}
