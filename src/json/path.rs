//! The jq path of a node: `.sections[2].rows[0].name`, `.["odd key"]`.

use super::index::{Doc, NO_PARENT, NodeKind};

/// The path from the root to node `i`, as jq writes it (`.` for the root).
pub fn jq_path(doc: &Doc, i: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut node = i;
    while doc.nodes[node].parent != NO_PARENT {
        let parent = doc.nodes[node].parent as usize;
        let part = match doc.nodes[parent].kind {
            NodeKind::Object => {
                let key = doc.key(node).unwrap_or_default();
                if is_identifier(&key) {
                    format!(".{key}")
                } else {
                    format!(".[{}]", serde_json::to_string(&key).unwrap_or_default())
                }
            }
            _ => format!("[{}]", doc.index_in_parent(node)),
        };
        parts.push(part);
        node = parent;
    }
    if parts.is_empty() {
        return ".".into();
    }
    parts.reverse();
    let joined = parts.concat();
    // `.[0]` reads better as `.[0]`; jq accepts both `.a[0]` and `.[0]`.
    if joined.starts_with('[') {
        format!(".{joined}")
    } else {
        joined
    }
}

fn is_identifier(key: &str) -> bool {
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
        let odd = find(r#".["odd key"].["a-b"]"#).unwrap();
        assert_eq!(d.raw_value(odd), b"1");
        assert!(find(".x[0][0]").is_some());
        assert_eq!(jq_path(&d, 0), ".");
        let arr = Doc::parse(b"[10,[20]]".to_vec()).unwrap();
        assert_eq!(jq_path(&arr, 3), ".[1][0]");
    }
}
