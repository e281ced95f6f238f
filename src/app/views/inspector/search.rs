//! Searching the inspector's document: the matches of a text in keys and values, in document
//! order, and moving between them (opening what hides them).

use crate::json::index::{Doc, NodeKind};

use super::Inspector;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Matching nodes, in document order.
    pub matches: Vec<u32>,
    /// Index into `matches` of the current one.
    pub current: Option<usize>,
}

impl Inspector {
    /// Runs a search; moves to the first match at or after the cursor, opening its ancestors.
    pub fn search_for(&mut self, query: &str, height: usize, width: usize) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let needle = query.to_lowercase();
        if needle.is_empty() {
            self.search = None;
            return;
        }
        let matches: Vec<u32> = (0..doc.len())
            .filter(|&i| node_matches(&doc, i, &needle))
            .map(|i| i as u32)
            .collect();
        let current = matches
            .iter()
            .position(|&m| m as usize >= self.cursor)
            .or((!matches.is_empty()).then_some(0));
        self.search = Some(Search {
            query: query.to_string(),
            matches,
            current,
        });
        self.go_to_match(height, width);
    }

    /// n / N.
    pub fn next_match(&mut self, forward: bool, height: usize, width: usize) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        if s.matches.is_empty() {
            return;
        }
        let n = s.matches.len();
        s.current = Some(match s.current {
            None => 0,
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
        });
        self.go_to_match(height, width);
    }

    fn go_to_match(&mut self, height: usize, width: usize) {
        let Some(target) = self
            .search
            .as_ref()
            .and_then(|s| s.current.map(|c| s.matches[c] as usize))
        else {
            return;
        };
        self.reveal(target);
        self.cursor = target;
        self.keep_cursor_visible(height, width);
    }

    pub fn is_match(&self, i: usize) -> bool {
        self.search
            .as_ref()
            .is_some_and(|s| s.matches.binary_search(&(i as u32)).is_ok())
    }
}

/// Case-insensitive containment on the raw bytes: ASCII folding without allocating, a
/// lowercase copy only when the needle itself is not ASCII.
fn contains_folded(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    if n.is_empty() {
        return true;
    }
    if needle.is_ascii() {
        let first = n[0];
        return hay.len() >= n.len()
            && (0..=hay.len() - n.len()).any(|i| {
                hay[i].to_ascii_lowercase() == first && hay[i..i + n.len()].eq_ignore_ascii_case(n)
            });
    }
    String::from_utf8_lossy(hay).to_lowercase().contains(needle)
}

/// Whether a key or a string, as written or decoded, contains the needle: `日本` finds
/// `"\u65e5\u672c"`, as `\u65e5` does. Only text with an escape is decoded.
fn contains_in_text(bytes: &[u8], needle: &str) -> bool {
    contains_folded(bytes, needle)
        || (bytes.contains(&b'\\')
            && crate::json::index::decode_string(bytes)
                .to_lowercase()
                .contains(needle))
}

fn node_matches(doc: &Doc, i: usize, needle: &str) -> bool {
    let contains = |bytes: &[u8]| contains_in_text(bytes, needle);
    if doc.key_bytes(i).is_some_and(contains) {
        return true;
    }
    match doc.kind(i) {
        NodeKind::Object | NodeKind::Array => false,
        _ => contains(doc.raw_value(i)),
    }
}
