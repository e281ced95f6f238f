//! The path of a node, in the forms jless copies: jq's (`.sections[2].rows[0].name`,
//! `.["odd key"]`), brackets only (`["sections"][2]["odd key"]`, for Python and JavaScript), and
//! a jq query that selects the node and its like in every element (`.sections[].rows[].name`).
//! Keys are written as JSON strings, which jq reads as they are.

use super::index::{Doc, NO_PARENT, NodeKind};

/// How a path is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// jq: `.key`, `["odd key"]`, `[0]`.
    Jq,
    /// Brackets only: `["key"][0]`.
    Bracket,
    /// jq, every array index as `[]`: `.key[].name`.
    Query,
}

/// The path from the root to node `i`, as jq writes it (`.` for the root).
pub fn jq_path(doc: &Doc, i: usize) -> String {
    path(doc, i, PathStyle::Jq)
}

/// The path to node `i` in `style`; the root's is `.` (empty in brackets).
pub fn path(doc: &Doc, i: usize, style: PathStyle) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut node = i;
    while doc.parent(node) != NO_PARENT {
        let parent = doc.parent(node) as usize;
        parts.push(step(doc, node, parent, style));
        node = parent;
    }
    parts.reverse();
    let joined = parts.concat();
    match style {
        PathStyle::Bracket => joined,
        // jq needs the leading dot before a bracket: `.[0]`, `.["a b"]`.
        _ if !joined.starts_with('.') => format!(".{joined}"),
        _ => joined,
    }
}

fn step(doc: &Doc, node: usize, parent: usize, style: PathStyle) -> String {
    if doc.kind(parent) != NodeKind::Object {
        return match style {
            PathStyle::Query => "[]".into(),
            _ => format!("[{}]", doc.index_in_parent(node)),
        };
    }
    let key = doc.key(node).unwrap_or_default();
    if style != PathStyle::Bracket && is_identifier(&key) {
        format!(".{key}")
    } else {
        format!("[{}]", serde_json::to_string(&key).unwrap_or_default())
    }
}

pub(crate) fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_as_jq_writes_them() {
        let d = Doc::parse(
            br#"{"sections":[{"rows":[{"charts":[{"name":"cpu"}]}]}],"odd key":{"a-b":1},"x":[[5]]}"#
                .to_vec(),
        )
        .unwrap();
        let find = |path: &str| (0..d.len()).find(|&i| jq_path(&d, i) == path);
        assert!(find(".sections[0].rows[0].charts[0].name").is_some());
        // `.["a"]["b"]`, not `.["a"].["b"]`, which jq before 1.7 refuses.
        let odd = find(r#".["odd key"]["a-b"]"#).unwrap();
        assert_eq!(d.raw_value(odd), b"1");
        assert!(find(".x[0][0]").is_some());
        assert_eq!(jq_path(&d, 0), ".");
        let arr = Doc::parse(b"[10,[20]]".to_vec()).unwrap();
        assert_eq!(jq_path(&arr, 3), ".[1][0]");
    }

    #[test]
    fn bracket_and_query_paths_as_jless_copies_them() {
        let d = Doc::parse(br#"{"a":{"b c":[{"q\"\u001b":true}]}}"#.to_vec()).unwrap();
        let leaf = d.len() - 1;
        assert_eq!(
            path(&d, leaf, PathStyle::Bracket),
            r#"["a"]["b c"][0]["q\"\u001b"]"#
        );
        assert_eq!(
            path(&d, leaf, PathStyle::Query),
            r#".a["b c"][]["q\"\u001b"]"#
        );
        assert_eq!(jq_path(&d, leaf), r#".a["b c"][0]["q\"\u001b"]"#);
        assert_eq!(path(&d, 0, PathStyle::Bracket), "");
        assert_eq!(path(&d, 0, PathStyle::Query), ".");
        let arr = Doc::parse(b"[[1]]".to_vec()).unwrap();
        assert_eq!(path(&arr, 2, PathStyle::Query), ".[][]");
        assert_eq!(path(&arr, 2, PathStyle::Bracket), "[0][0]");
    }
}
