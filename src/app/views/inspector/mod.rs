//! The JSON inspector: a folding tree over a [`Doc`], a cursor, search, wrap. Moving and folding
//! cost the same on a 20 MB document as on a small one: the flat index links every container
//! to the end of its subtree, so a folded subtree is skipped in one step.

pub mod copy;
pub mod draw;
pub mod folds;
mod search;
pub mod update;

pub use folds::Folds;
pub use search::Search;

use std::sync::Arc;

use crate::app::keymap::Action;

/// What the footer names in the inspector.
pub const FOOTER: &[Action] = &[
    Action::Down,
    Action::Collapse,
    Action::Search,
    Action::CopyValue,
    Action::CopyPath,
    Action::JqFilter,
    Action::Wrap,
    Action::Back,
    Action::Help,
];

use crate::app::remote::Remote;
use crate::json::index::{Doc, NO_PARENT, NodeKind};
use crate::json::path::jq_path;
use crate::worker::RequestId;

/// Above this many nodes a document opens with only its first level unfolded.
const LARGE_DOC_NODES: usize = crate::config::settings::DEFAULT_LARGE_DOCUMENT_VALUES;

/// Why there is no document to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub reason: String,
    /// Text that is not JSON, shown as it is (an HTML error page …) below the reason.
    pub plain: Option<Vec<String>>,
}

impl Failure {
    /// A text that is not JSON: the reason, and its first lines made safe to show.
    pub fn not_json(reason: String, text: &str) -> Self {
        Self {
            reason,
            plain: Some(
                text.lines()
                    .take(10_000)
                    .map(|l| crate::text::sanitize(l).into_owned())
                    .collect(),
            ),
        }
    }
}

#[derive(Debug)]
pub struct Inspector {
    pub title: String,
    /// What the document is: `GET /api/v2/alert/123`, a file name, `stdin`.
    pub source: String,
    /// The document: loading, here, or why not.
    pub content: Remote<Arc<Doc>, Failure>,
    pub folded: Folds,
    pub cursor: usize,
    /// The first row on screen (a visible node).
    pub top: usize,
    pub wrap: bool,
    pub search: Option<Search>,
    /// Typing a search.
    pub search_input: Option<crate::app::input::TextInput>,
    /// Typing a jq filter (and where in the history `up` has gone).
    pub jq_input: Option<(crate::app::input::TextInput, Option<usize>)>,
    /// The cursor's string, shown whole and unescaped in an overlay.
    pub show_whole: bool,
    /// While a large document is indexed: bytes read so far, and of how many.
    pub progress: Option<(Arc<std::sync::atomic::AtomicUsize>, usize)>,
    /// Above this many values the document opens folded below the first level (a setting).
    pub large_document_values: usize,
    /// While a preview is shown ([`Doc::preview`]): the request the complete index comes with,
    /// and whether the document was guessed large (folded below the first level).
    pub indexing: Option<(RequestId, bool)>,
    /// An action that needs the complete index, put off until it is here.
    pub put_off: Option<Action>,
}

impl Inspector {
    pub fn loading(title: String, source: String, id: RequestId) -> Self {
        Self {
            title,
            source,
            content: Remote::loading(id),
            folded: Folds::default(),
            cursor: 0,
            top: 0,
            wrap: false,
            search: None,
            search_input: None,
            jq_input: None,
            show_whole: false,
            progress: None,
            large_document_values: LARGE_DOC_NODES,
            indexing: None,
            put_off: None,
        }
    }

    pub fn with_doc(title: String, source: String, doc: Arc<Doc>) -> Self {
        let mut view = Self::loading(title, source, 0);
        view.set_doc(doc);
        view
    }

    /// A text that did not parse: shown as text, with the reason.
    pub fn not_json(title: String, source: String, text: &str, reason: String) -> Self {
        let mut view = Self::loading(title, source, 0);
        view.content = Remote::Failed(Failure::not_json(reason, text));
        view
    }

    pub fn set_doc(&mut self, doc: Arc<Doc>) {
        self.progress = None;
        let large = doc.len() > self.large_document_values;
        let mut folded = initial_folds(&doc, large);
        // The complete index after its preview: the folds, cursor and top stay as they were,
        // when the preview guessed the document's size right (the rows shown are the same).
        let preview = self.indexing.take().zip(self.doc().cloned());
        match preview {
            Some(((_, guessed), p)) if guessed == large && p.len() <= doc.len() => {
                folded.copy_prefix(&self.folded, p.len());
            }
            _ => (self.cursor, self.top) = (0, 0),
        }
        self.folded = folded;
        self.content = Remote::Loaded(doc);
    }

    /// Shows the first values of a document whose index is still being built (request `id`
    /// brings the rest), folded as the whole will be: `values` is how many it is guessed to have.
    pub fn set_preview(&mut self, doc: Arc<Doc>, values: usize, id: RequestId) {
        let large = values > self.large_document_values;
        self.folded = initial_folds(&doc, large);
        self.content = Remote::Loaded(doc);
        self.indexing = Some((id, large));
        self.cursor = 0;
        self.top = 0;
    }

    /// How much of the document has been indexed, in percent (0 for a stream).
    pub fn indexed_percent(&self) -> usize {
        match &self.progress {
            Some((read, total)) if *total > 0 => {
                read.load(std::sync::atomic::Ordering::Relaxed).min(*total) * 100 / total
            }
            _ => 0,
        }
    }

    /// Whether the document shown is a preview, its index still being built.
    pub fn is_indexing(&self) -> bool {
        self.indexing.is_some() && self.doc().is_some_and(|d| d.is_partial())
    }

    /// The document, once it is here.
    pub fn doc(&self) -> Option<&Arc<Doc>> {
        self.content.loaded()
    }

    /// The request the document is loading with.
    pub fn request(&self) -> Option<RequestId> {
        self.content.request()
    }

    /// Why there is no document.
    pub fn error(&self) -> Option<&str> {
        self.content.failed().map(|f| f.reason.as_str())
    }

    /// A text that is not JSON, shown as it is.
    pub fn plain(&self) -> Option<&[String]> {
        self.content.failed().and_then(|f| f.plain.as_deref())
    }

    /// The retry the load waits for, in words.
    pub fn retrying(&self) -> Option<&str> {
        self.content.retrying()
    }

    fn is_folded_container(&self, doc: &Doc, i: usize) -> bool {
        self.folded[i] && doc.is_container(i) && doc.has_children(i)
    }

    /// The next row below `i` on screen.
    pub fn next_visible(&self, i: usize) -> Option<usize> {
        let doc = self.doc()?;
        let next = if self.is_folded_container(doc, i) {
            doc.end(i)
        } else {
            i + 1
        };
        (next < doc.len()).then_some(next)
    }

    /// The row above `i` on screen: the node before it, or its topmost folded ancestor.
    pub fn prev_visible(&self, i: usize) -> Option<usize> {
        let doc = self.doc()?;
        if i == 0 {
            return None;
        }
        let mut candidate = i - 1;
        let mut node = candidate;
        while doc.parent(node) != NO_PARENT {
            node = doc.parent(node) as usize;
            if self.folded[node] {
                candidate = node;
            }
        }
        Some(candidate)
    }

    /// Unfolds every ancestor of `i` so it shows.
    pub fn reveal(&mut self, i: usize) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let mut node = i;
        while doc.parent(node) != NO_PARENT {
            node = doc.parent(node) as usize;
            self.folded.set(node, false);
        }
    }

    pub fn move_by(&mut self, delta: isize, height: usize, width: usize) {
        for _ in 0..delta.unsigned_abs() {
            let next = if delta > 0 {
                self.next_visible(self.cursor)
            } else {
                self.prev_visible(self.cursor)
            };
            match next {
                Some(n) => self.cursor = n,
                None => break,
            }
        }
        self.keep_cursor_visible(height, width);
    }

    pub fn to_top(&mut self) {
        self.cursor = 0;
        self.top = 0;
    }

    pub fn to_bottom(&mut self, height: usize, width: usize) {
        while let Some(n) = self.next_visible(self.cursor) {
            self.cursor = n;
        }
        self.keep_cursor_visible(height, width);
    }

    /// `l`/→: unfold; on an unfolded container, step into its first child.
    pub fn expand(&mut self, height: usize, width: usize) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let i = self.cursor;
        if !doc.is_container(i) {
            return;
        }
        if self.folded[i] {
            self.folded.set(i, false);
        } else if doc.has_children(i) {
            self.cursor = i + 1;
        }
        self.keep_cursor_visible(height, width);
    }

    /// `h`/←: fold; on a folded container or a scalar, go to the parent.
    pub fn collapse(&mut self, height: usize, width: usize) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let i = self.cursor;
        if doc.is_container(i) && !self.folded[i] && doc.has_children(i) {
            self.folded.set(i, true);
        } else if doc.parent(i) != NO_PARENT {
            self.cursor = doc.parent(i) as usize;
        }
        self.keep_cursor_visible(height, width);
    }

    pub fn toggle(&mut self, height: usize, width: usize) {
        if let Some(doc) = self.doc().cloned() {
            if doc.is_container(self.cursor) {
                self.folded.set(self.cursor, !self.folded[self.cursor]);
            }
        }
        self.keep_cursor_visible(height, width);
    }

    /// Folds (or unfolds) every container below the root.
    pub fn fold_all(&mut self, fold: bool) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        for i in 0..doc.len() {
            self.folded
                .set(i, fold && doc.is_container(i) && doc.depth(i) >= 1);
        }
        // The cursor may now be hidden: move it to its visible ancestor.
        if fold {
            let mut node = self.cursor;
            while doc.parent(node) != NO_PARENT {
                node = doc.parent(node) as usize;
                if self.folded[node] {
                    self.cursor = node;
                }
            }
        }
        self.top = self.top.min(self.cursor);
        if fold {
            self.top = 0;
        }
    }

    /// Unfolds one more level: every folded container whose parent chain is open.
    pub fn unfold_level(&mut self) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let mut i = 0;
        let mut to_open = Vec::new();
        while i < doc.len() {
            if self.is_folded_container(&doc, i) {
                to_open.push(i);
                i = doc.end(i);
            } else {
                i += 1;
            }
        }
        for i in to_open {
            self.folded.set(i, false);
        }
    }

    /// Folds the deepest open level.
    pub fn fold_level(&mut self) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let mut deepest = 0;
        let mut open: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < doc.len() {
            if doc.is_container(i) && doc.has_children(i) {
                if self.folded[i] {
                    i = doc.end(i);
                    continue;
                }
                let d = doc.depth(i);
                if d > 0 {
                    if d > deepest {
                        deepest = d;
                        open.clear();
                    }
                    if d == deepest {
                        open.push(i);
                    }
                }
            }
            i += 1;
        }
        for i in open {
            self.folded.set(i, true);
            if self.cursor > i && self.cursor < doc.end(i) {
                self.cursor = i;
            }
        }
        self.top = self.top.min(self.cursor);
    }

    /// How many screen lines row `i` takes (more than one only when wrapping long text).
    pub fn row_height(&self, i: usize, width: usize) -> usize {
        if !self.wrap || width == 0 {
            return 1;
        }
        let len = self.row_text_len(i, width);
        len.div_ceil(width).max(1)
    }

    /// The length in cells of a row's text (indent, marker, key, value preview) on a screen
    /// `width` cells wide.
    pub fn row_text_len(&self, i: usize, width: usize) -> usize {
        let Some(doc) = self.doc() else {
            return 0;
        };
        let indent = indent_width(doc.depth(i) as usize, width) + 2;
        let key = doc.key_bytes(i).map_or(0, <[u8]>::len) + 2;
        let value = match doc.kind(i) {
            NodeKind::Object | NodeKind::Array => 12,
            NodeKind::String => unicode_width::UnicodeWidthStr::width(
                crate::json::shown::shown_string(doc.raw_value(i)).as_str(),
            ),
            _ => doc.value_len(i),
        };
        indent + key + value
    }

    /// Scrolls so the cursor's row is on screen.
    pub fn keep_cursor_visible(&mut self, height: usize, width: usize) {
        if self.doc().is_none() {
            return;
        }
        if self.cursor < self.top || !self.visible_between(self.top, self.cursor) {
            self.top = self.cursor;
            return;
        }
        // Lines from top to the end of the cursor's row.
        loop {
            let mut lines = 0;
            let mut i = self.top;
            loop {
                lines += self.row_height(i, width);
                if i == self.cursor {
                    break;
                }
                match self.next_visible(i) {
                    Some(n) => i = n,
                    None => break,
                }
                if lines > height {
                    break;
                }
            }
            if lines <= height || self.top == self.cursor {
                return;
            }
            match self.next_visible(self.top) {
                Some(n) => self.top = n,
                None => return,
            }
        }
    }

    /// Whether `to` is reached from `from` walking down visible rows (checks that `top` is still
    /// a visible row above the cursor after folding).
    fn visible_between(&self, from: usize, to: usize) -> bool {
        let Some(doc) = self.doc() else {
            return false;
        };
        // `from` must itself be visible: no folded ancestor.
        let mut node = from;
        while doc.parent(node) != NO_PARENT {
            node = doc.parent(node) as usize;
            if self.folded[node] {
                return false;
            }
        }
        from <= to
    }

    /// The jq path of the cursor.
    pub fn path(&self) -> String {
        self.doc()
            .map(|d| jq_path(d, self.cursor))
            .unwrap_or_default()
    }

    /// The cursor's value as JSON text (pretty for containers), for copying and saving.
    pub fn value_text(&self) -> Option<String> {
        let doc = self.doc()?;
        Some(pretty(&doc.value_json(self.cursor)))
    }

    /// The whole document, to save: the person's own text byte for byte (a file, standard
    /// input, several documents); an API answer or a filter's result indented.
    pub fn document_text(&self) -> Option<String> {
        // A preview is not the document: saving it would cut the file short.
        let doc = self.doc().filter(|d| !d.is_partial())?;
        if doc.verbatim || doc.many.is_some() {
            return Some(String::from_utf8_lossy(&doc.text).into_owned());
        }
        Some(pretty(&doc.text))
    }

    /// Whether the saved document is its own text as it came (no newline is added to it).
    pub fn saves_verbatim(&self) -> bool {
        self.doc().is_some_and(|d| d.verbatim || d.many.is_some())
    }

    /// The cursor's string, decoded, for the whole-string overlay.
    pub fn whole_string(&self) -> Option<String> {
        let doc = self.doc()?;
        doc.string_value(self.cursor)
            .or_else(|| Some(String::from_utf8_lossy(doc.raw_value(self.cursor)).into_owned()))
    }

    /// What a copy variant puts on the clipboard, or why there is nothing to copy.
    pub fn copy_text(&self, what: copy::Copied) -> Result<String, String> {
        let doc = self.doc().ok_or("nothing to copy yet")?;
        copy::text(doc, self.cursor, what)
    }
}

/// Folded below the first level when the document is large, else open.
fn initial_folds(doc: &Doc, large: bool) -> Folds {
    (0..doc.len())
        .map(|i| large && doc.is_container(i) && doc.depth(i) >= 1)
        .collect()
}

/// The deepest level indented in full on a screen `width` cells wide: a quarter of the width in
/// levels (20 at 80 columns), so a row 2,000 levels deep still shows its key and value.
pub fn indent_levels(width: usize) -> usize {
    (width / 4).max(2)
}

/// The cells of indentation before a row at `depth` (deeper rows stop at the cap, where a
/// depth marker stands for the levels not drawn).
pub fn indent_width(depth: usize, width: usize) -> usize {
    depth.min(indent_levels(width)) * 2
}

/// Indented JSON, byte-true: the numbers and strings exactly as the document holds them (no
/// round trip through numbers), at any depth; compact when indentation would swell it.
fn pretty(raw: &[u8]) -> String {
    crate::json::value::pretty_text(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> Inspector {
        let doc = Arc::new(Doc::parse(text.as_bytes().to_vec()).unwrap());
        Inspector::with_doc("t".into(), "s".into(), doc)
    }

    fn visible(v: &Inspector) -> Vec<usize> {
        let mut out = vec![0];
        let mut i = 0;
        while let Some(n) = v.next_visible(i) {
            out.push(n);
            i = n;
        }
        out
    }

    const DOC: &str = r#"{"a":{"b":[1,2,3],"c":"x"},"d":[{"e":true}],"f":null}"#;

    #[test]
    fn folding_skips_subtrees_and_unfolding_restores_them() {
        let mut v = view(DOC);
        let all = visible(&v);
        assert_eq!(all, (0..v.doc().unwrap().len()).collect::<Vec<_>>());
        v.folded.set(1, true); // "a"
        assert_eq!(visible(&v), vec![0, 1, 7, 8, 9, 10]);
        assert_eq!(v.prev_visible(7), Some(1));
        v.folded.set(1, false);
        assert_eq!(visible(&v), all);
    }

    #[test]
    fn prev_visible_lands_on_the_topmost_folded_ancestor() {
        let mut v = view(DOC);
        v.folded.set(1, true);
        v.folded.set(2, true);
        // The node before "d" (7) is "c" (6), hidden under folded "a" (1).
        assert_eq!(v.prev_visible(7), Some(1));
    }

    #[test]
    fn h_and_l_fold_unfold_and_walk() {
        let mut v = view(DOC);
        v.cursor = 3; // the 1 in b
        v.collapse(10, 80);
        assert_eq!(v.cursor, 2, "a scalar goes to its parent");
        v.collapse(10, 80);
        assert!(v.folded[2]);
        v.collapse(10, 80);
        assert_eq!(v.cursor, 1, "a folded container goes to its parent");
        v.cursor = 2;
        v.expand(10, 80);
        assert!(!v.folded[2]);
        v.expand(10, 80);
        assert_eq!(v.cursor, 3, "an open container steps in");
    }

    #[test]
    fn fold_all_then_levels() {
        let mut v = view(DOC);
        v.cursor = 4;
        v.fold_all(true);
        assert_eq!(visible(&v), vec![0, 1, 7, 10]);
        assert_eq!(v.cursor, 1, "the cursor moved to its visible ancestor");
        v.unfold_level();
        assert_eq!(visible(&v), vec![0, 1, 2, 6, 7, 8, 10]);
        v.fold_level();
        assert_eq!(visible(&v), vec![0, 1, 7, 10]);
    }

    #[test]
    fn search_opens_folded_matches_and_cycles() {
        let mut v = view(DOC);
        v.fold_all(true);
        v.search_for("TRUE", 10, 80);
        let s = v.search.clone().unwrap();
        assert_eq!(s.matches, vec![9]);
        assert_eq!(v.cursor, 9);
        assert!(!v.folded[7] && !v.folded[8], "ancestors opened");
        v.search_for("\"", 10, 80);
        let n = v.search.as_ref().unwrap().matches.len();
        assert!(n >= 6, "keys match too: {n}");
        let first = v.cursor;
        v.next_match(true, 10, 80);
        assert_ne!(v.cursor, first);
        v.next_match(false, 10, 80);
        assert_eq!(v.cursor, first);
    }

    #[test]
    fn the_cursor_stays_on_screen() {
        let text = format!(
            "[{}]",
            (0..100)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut v = view(&text);
        v.move_by(50, 10, 80);
        assert_eq!(v.cursor, 50);
        assert!(v.top <= 50 && v.top + 10 > 50, "top {}", v.top);
        v.to_top();
        v.to_bottom(10, 80);
        assert_eq!(v.cursor, 100);
        assert_eq!(v.top, 91);
    }

    #[test]
    fn path_and_values_for_copying() {
        let mut v = view(DOC);
        v.cursor = 4;
        assert_eq!(v.path(), ".a.b[1]");
        assert_eq!(v.value_text().as_deref(), Some("2"));
        v.cursor = 2;
        assert_eq!(v.value_text().unwrap(), "[\n  1,\n  2,\n  3\n]");
    }

    #[test]
    fn saved_text_keeps_numbers_as_written() {
        let mut v = view(r#"{"n":[12345678901234567890123,1e400,-0,1.0,18446744073709551615]}"#);
        let text = v.document_text().unwrap();
        assert_eq!(
            text,
            "{\n  \"n\": [\n    12345678901234567890123,\n    1e400,\n    -0,\n    1.0,\n    18446744073709551615\n  ]\n}"
        );
        v.cursor = 2;
        assert_eq!(v.value_text().as_deref(), Some("12345678901234567890123"));
    }
}
