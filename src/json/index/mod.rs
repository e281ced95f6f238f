//! A flat row index over a JSON text: one node per value (with its key, in an object), in
//! document order, with parent and subtree-end links. Values stay in the original bytes and
//! are decoded only when drawn.

mod compact;
mod parser;
pub mod reference;

use std::fmt;

use compact::Index;
use parser::Parser;

/// What a node holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// One value, as [`Doc::node`] reads it back from the index (which stores about 8 bytes a
/// value, not these 28: see `compact.rs`). A member's key is read from the text ([`Doc::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// The containing node; `u32::MAX` for the root.
    pub parent: u32,
    /// The index just past this node's subtree: the next node that is not inside it.
    pub end: u32,
    /// A scalar's bytes; a container's opening bracket.
    pub value_start: u32,
    /// A scalar's length; a container's, brackets included.
    pub value_len: u32,
    /// Children of a container.
    pub children: u32,
    /// Position among the parent's children.
    pub index: u32,
    pub depth: u16,
    pub kind: NodeKind,
}

pub const NO_PARENT: u32 = u32::MAX;

/// A parsed document: the bytes and the index over them.
pub struct Doc {
    pub text: Vec<u8>,
    ix: Index,
    /// Several documents in one text (NDJSON, or values one after another): node 0 is a list
    /// of them that the text does not spell out.
    pub many: Option<Documents>,
    /// The text is the person's own (a file, standard input): `:w` writes it back byte for
    /// byte. An API answer or a filter's result is indented instead.
    pub verbatim: bool,
    /// A preview of a document still being indexed ([`Doc::preview`]): the containers still
    /// open at its last value (their end, children and bytes are those so far). `None`
    /// once the index is complete.
    pub partial: Option<Vec<u32>>,
}

/// How a text of several documents was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Documents {
    pub count: usize,
    /// Each document after the first starts on a new line (NDJSON, JSON Lines).
    pub one_per_line: bool,
}

impl Documents {
    /// What the header says: "3 documents (NDJSON)".
    pub fn label(&self) -> String {
        let layout = if self.one_per_line {
            "NDJSON"
        } else {
            "concatenated"
        };
        format!("{} documents ({layout})", self.count)
    }
}

impl fmt::Debug for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Doc({} bytes, {} nodes)", self.text.len(), self.len())
    }
}

/// Where and why a text is not JSON: line and column (1-based) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid JSON at line {line}, column {column}: expected {expected}, found {found}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub expected: &'static str,
    pub found: String,
}

impl Doc {
    /// Builds the index. Fails with the position of the first error.
    pub fn parse(text: Vec<u8>) -> Result<Doc, ParseError> {
        Self::parse_with_progress(text, None)
    }

    /// [`Doc::parse`], storing how many bytes were read into `progress` as it goes.
    pub fn parse_with_progress(
        text: Vec<u8>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Result<Doc, ParseError> {
        Self::parse_text(text, progress, false).map_err(|(e, _)| e)
    }

    /// The inspector's input (a file, standard input): one document or several (NDJSON, or
    /// values one after another), kept to be saved byte for byte. A text that is not JSON comes
    /// back with the error, to be shown as text without having kept a second copy of it.
    pub fn parse_or_return(
        text: Vec<u8>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Result<Doc, (ParseError, Vec<u8>)> {
        let mut doc = Self::parse_text(text, progress, true)?;
        doc.verbatim = true;
        Ok(doc)
    }

    /// One document or several, as [`Doc::parse_or_return`] reads them.
    pub fn parse_documents(text: Vec<u8>) -> Result<Doc, ParseError> {
        Self::parse_or_return(text, None).map_err(|(e, _)| e)
    }

    fn parse_text(
        text: Vec<u8>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
        many: bool,
    ) -> Result<Doc, (ParseError, Vec<u8>)> {
        if text.len() >= u32::MAX as usize {
            let e = ParseError {
                line: 1,
                column: 1,
                expected: "a document under 4 GiB",
                found: format!("{} bytes", text.len()),
            };
            return Err((e, text));
        }
        let parsed = {
            let mut p = Parser::new(&text, Index::for_text(text.len()), many, usize::MAX);
            p.progress = progress;
            p.run().map(|()| (p.ix, p.roots))
        };
        match parsed {
            Ok((ix, roots)) => Ok(Self::assemble(text, ix, &roots)),
            Err(e) => Err((e, text)),
        }
    }

    /// The document of a built index: several documents go under one list node.
    fn assemble(text: Vec<u8>, mut ix: Index, roots: &[u32]) -> Doc {
        ix.finish();
        let mut doc = Doc {
            text,
            ix,
            many: None,
            verbatim: false,
            partial: None,
        };
        if roots.len() > 1 {
            doc.list_of(roots);
        }
        doc
    }

    /// Several documents under one list node, put in front: every node moves down by one.
    fn list_of(&mut self, roots: &[u32]) {
        let text = &self.text;
        let ix = &mut self.ix;
        let one_per_line = roots.windows(2).all(|w| {
            text[..ix.starts[w[1] as usize] as usize]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .any(|&b| b == b'\n')
        });
        let len = ix.starts.len() as u32 + 1;
        ix.starts.insert(0, 0);
        ix.containers.insert_front_one();
        ix.size.insert_front(len);
        ix.up.insert_front(0);
        ix.index.insert_front(0);
        ix.depth.iter_mut().for_each(|d| *d = d.saturating_add(1));
        ix.depth.insert(0, 0);
        for (document, &root) in roots.iter().enumerate() {
            let node = root as usize + 1;
            if ix.containers.get(node) {
                let slot = ix.containers.rank(node);
                ix.up.set(slot, node as u32);
                ix.index.set(slot, document as u32);
            }
        }
        ix.finish();
        self.many = Some(Documents {
            count: roots.len(),
            one_per_line,
        });
    }

    /// The first `values` values of the inspector's input, from the first bytes of it, to draw
    /// the first screen while the whole is indexed: every node is the one the complete index
    /// has at the same position, except that the containers still open (listed in `partial`)
    /// end where the preview does. `None` when `prefix` holds fewer complete values, or is not
    /// JSON as far as it goes (the complete index then says where).
    pub fn preview(prefix: &[u8], values: usize) -> Option<Doc> {
        let ix = Index::with_capacity(values, values / 2);
        let mut p = Parser::new(prefix, ix, true, values);
        // Stopping at the last byte could have cut a number short: only a stop before it counts.
        let stopped = p.run().is_ok() && p.ix.starts.len() >= values && p.pos < prefix.len();
        stopped.then(|| p.into_partial())
    }

    /// Whether the index is still being built (this is a [`Doc::preview`]).
    pub fn is_partial(&self) -> bool {
        self.partial.is_some()
    }

    /// Whether node `i`'s subtree may go on past what this preview holds.
    pub fn is_open(&self, i: usize) -> bool {
        self.partial
            .as_ref()
            .is_some_and(|open| open.contains(&(i as u32)))
    }

    pub fn from_value(value: &serde_json::Value) -> Doc {
        let text = super::value::to_vec(value);
        Doc::parse(text).expect("serde_json writes valid JSON")
    }

    /// Whether node `i` is the list of several documents, which the text does not spell.
    pub fn is_document_list(&self, i: usize) -> bool {
        i == 0 && self.many.is_some()
    }

    /// A value as JSON text: its bytes as written, or, for the list of several documents, a
    /// JSON array of them (their bytes as written, one per line).
    pub fn value_json(&self, i: usize) -> std::borrow::Cow<'_, [u8]> {
        if !self.is_document_list(i) {
            return std::borrow::Cow::Borrowed(self.raw_value(i));
        }
        let mut out = Vec::with_capacity(self.text.len() + 2 * self.children(0));
        out.push(b'[');
        let mut child = 1;
        while child < self.len() {
            if child > 1 {
                out.extend_from_slice(b",\n");
            }
            out.extend_from_slice(self.raw_value(child));
            child = self.end(child);
        }
        out.push(b']');
        std::borrow::Cow::Owned(out)
    }

    /// The whole document as one JSON text (several documents as a list of them), as jq reads it.
    pub fn json_text(&self) -> std::borrow::Cow<'_, [u8]> {
        if self.many.is_some() {
            self.value_json(0)
        } else {
            std::borrow::Cow::Borrowed(&self.text)
        }
    }

    pub fn len(&self) -> usize {
        self.ix.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ix.starts.is_empty()
    }

    /// The bytes the index itself holds (the text not counted).
    pub fn index_bytes(&self) -> usize {
        self.ix.heap_bytes()
    }

    /// Node `i` whole, every field worked out (prefer the single reads below in loops).
    pub fn node(&self, i: usize) -> Node {
        Node {
            parent: self.parent(i),
            end: self.end(i) as u32,
            value_start: self.value_start(i) as u32,
            value_len: self.value_len(i) as u32,
            children: self.children(i) as u32,
            index: self.index_in_parent(i) as u32,
            depth: self.depth(i),
            kind: self.kind(i),
        }
    }

    /// A value's first byte (a container's opening bracket).
    pub fn value_start(&self, i: usize) -> usize {
        self.ix.starts[i] as usize
    }

    pub fn kind(&self, i: usize) -> NodeKind {
        if self.is_document_list(i) {
            return NodeKind::Array;
        }
        match self.text[self.value_start(i)] {
            b'{' => NodeKind::Object,
            b'[' => NodeKind::Array,
            b'"' => NodeKind::String,
            b't' | b'f' => NodeKind::Bool,
            b'n' => NodeKind::Null,
            _ => NodeKind::Number,
        }
    }

    pub fn is_container(&self, i: usize) -> bool {
        self.ix.containers.get(i)
    }

    /// A container's slot in the index's columns.
    fn slot(&self, i: usize) -> Option<usize> {
        self.is_container(i).then(|| self.ix.containers.rank(i))
    }

    /// The node just past `i`'s subtree.
    pub fn end(&self, i: usize) -> usize {
        match self.slot(i) {
            Some(s) => i + self.ix.size.get(s) as usize,
            None => i + 1,
        }
    }

    /// Whether `i` is a container with something in it.
    pub fn has_children(&self, i: usize) -> bool {
        self.end(i) > i + 1
    }

    /// The containing node; [`NO_PARENT`] for a root. A scalar's is the innermost container
    /// before it whose subtree holds it.
    pub fn parent(&self, i: usize) -> u32 {
        if let Some(s) = self.slot(i) {
            return match self.ix.up.get(s) {
                0 => NO_PARENT,
                up => i as u32 - up,
            };
        }
        let Some(mut k) = self.ix.containers.prev_one(i) else {
            return NO_PARENT;
        };
        loop {
            if self.end(k) > i {
                return k as u32;
            }
            match self.parent(k) {
                NO_PARENT => return NO_PARENT,
                p => k = p as usize,
            }
        }
    }

    /// Depth below the root, saturating at `u16::MAX` (indentation and fold levels only).
    pub fn depth(&self, i: usize) -> u16 {
        if let Some(s) = self.slot(i) {
            return self.ix.depth[s];
        }
        match self.parent(i) {
            NO_PARENT => 0,
            p => self.depth(p as usize).saturating_add(1),
        }
    }

    /// The position of `i` among its parent's children (0-based). A scalar's counts from the
    /// container sibling before it (or from its parent): the values between are scalars.
    pub fn index_in_parent(&self, i: usize) -> usize {
        if let Some(s) = self.slot(i) {
            return self.ix.index.get(s) as usize;
        }
        let p = self.parent(i);
        if p == NO_PARENT {
            return 0;
        }
        let mut k = self.ix.containers.prev_one(i).expect("a parent before it");
        if k == p as usize {
            return i - k - 1;
        }
        while self.parent(k) != p {
            k = self.parent(k) as usize;
        }
        self.index_in_parent(k) + 1 + (i - self.end(k))
    }

    /// A container's children (so far, for one still open in a preview).
    pub fn children(&self, i: usize) -> usize {
        if !self.has_children(i) {
            return 0;
        }
        // The last child holds the subtree's last node.
        let mut last = self.end(i) - 1;
        loop {
            match self.parent(last) as usize {
                p if p == i => return self.index_in_parent(last) + 1,
                p => last = p,
            }
        }
    }

    /// The byte length of a value as written: a scalar's, or a container's with its brackets
    /// (so far, for one still open in a preview).
    pub fn value_len(&self, i: usize) -> usize {
        self.value_end(i) - self.value_start(i)
    }

    /// The byte just past a value.
    fn value_end(&self, i: usize) -> usize {
        let start = self.value_start(i);
        if !self.is_container(i) {
            return start + scalar_len(&self.text[start..]);
        }
        if self.is_document_list(i) || self.is_open(i) {
            return self.text.len();
        }
        // The subtree's last node has nothing inside: a scalar or an empty container. Past it
        // close the containers from its parent up to `i`, one bracket each.
        let last = self.end(i) - 1;
        let mut pos = if last == i {
            self.closing_bracket(start + 1)
        } else {
            self.value_end(last)
        };
        let mut node = last;
        while node != i {
            node = self.parent(node) as usize;
            pos = self.closing_bracket(pos);
        }
        pos
    }

    /// Past the closing bracket that comes after white space from `pos`.
    fn closing_bracket(&self, pos: usize) -> usize {
        let ws = self.text[pos..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        pos + ws + 1
    }

    /// The key of a node in an object, decoded.
    pub fn key(&self, i: usize) -> Option<String> {
        self.key_bytes(i).map(decode_string)
    }

    /// The key of a node in an object as written (with its quotes): read back from the text,
    /// `"key" : value`, from the value over the colon to the key's opening quote. A value is in
    /// an object exactly when a colon comes before it (past white space).
    pub fn key_bytes(&self, i: usize) -> Option<&[u8]> {
        if self.is_document_list(i) {
            return None;
        }
        let text = &self.text[..self.value_start(i)];
        let colon = text.iter().rposition(|b| !b.is_ascii_whitespace())?;
        if text[colon] != b':' {
            return None;
        }
        let end = text[..colon].iter().rposition(|&b| b == b'"')?;
        // The opening quote is the one before the closing one that no backslash escapes
        // (an odd run of backslashes escapes; an even run is escaped backslashes).
        let mut start = end;
        loop {
            start = text[..start].iter().rposition(|&b| b == b'"')?;
            let run = text[..start]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if run % 2 == 0 {
                return Some(&text[start..=end]);
            }
        }
    }

    /// A value's text as written (strings with their quotes and escapes).
    pub fn raw_value(&self, i: usize) -> &[u8] {
        &self.text[self.value_start(i)..self.value_end(i)]
    }

    /// A string value, decoded (escapes resolved).
    pub fn string_value(&self, i: usize) -> Option<String> {
        (self.kind(i) == NodeKind::String).then(|| decode_string(self.raw_value(i)))
    }
}

/// The length of the scalar `bytes` start with (the text was checked when indexed): a string
/// to its closing quote, a literal, a number as JSON's grammar reads it (`1-2` is two).
fn scalar_len(bytes: &[u8]) -> usize {
    match bytes[0] {
        b'"' => {
            let mut i = 1;
            loop {
                match bytes[i] {
                    b'"' => return i + 1,
                    b'\\' => i += 2,
                    _ => i += 1,
                }
            }
        }
        b't' | b'n' => 4,
        b'f' => 5,
        _ => {
            let digits = |mut i: usize| {
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                i
            };
            let mut i = usize::from(bytes[0] == b'-');
            i = if bytes.get(i) == Some(&b'0') {
                i + 1
            } else {
                digits(i)
            };
            if bytes.get(i) == Some(&b'.') {
                i = digits(i + 1);
            }
            if matches!(bytes.get(i), Some(b'e' | b'E')) {
                i += 1;
                if matches!(bytes.get(i), Some(b'+' | b'-')) {
                    i += 1;
                }
                i = digits(i);
            }
            i
        }
    }
}

/// Decodes a JSON string literal (with quotes); invalid escapes show as written.
pub fn decode_string(raw: &[u8]) -> String {
    serde_json::from_slice::<String>(raw).unwrap_or_else(|_| {
        String::from_utf8_lossy(raw.get(1..raw.len().saturating_sub(1)).unwrap_or(raw)).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Doc {
        Doc::parse(s.as_bytes().to_vec()).unwrap()
    }

    /// Every node the compact index reads back is the node the index of before stored.
    fn same_as_before(text: &[u8], many: bool) {
        let doc = if many {
            Doc::parse_documents(text.to_vec())
        } else {
            Doc::parse(text.to_vec())
        }
        .unwrap();
        let nodes = reference::nodes(text, many).unwrap();
        assert_eq!(doc.len(), nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            assert_eq!(
                &doc.node(i),
                node,
                "node {i} of {:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn the_compact_index_reads_back_the_nodes_of_before() {
        let fixtures: [&[u8]; 14] = [
            br#"{"a": 1, "b": [true, null, "x\"y"], "c": {}}"#,
            b" [ [ ] , { } , [ [ 1 ] ] , { \"k\" : { } } ] ",
            b"[12345678901234567890123, -0.5e-999, 4441e444, 0, -0]",
            br#"{"\\":"\\\\", "\"":"\u00e9\ud800", "":[{"":""}]}"#,
            b"[\"\xff\xfe not UTF-8\", {\"\xc3\":\"\x80\"}]",
            b"\"a scalar\"",
            b"  42  ",
            b"[[[[]],[[]]],[{\"a\":[{\"b\":[]}]}],1]",
            b"{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}},\"e\":3}",
            b"[1,[2,[3,[4]],5],6,{\"x\":[7],\"y\":8},9]",
            b"[{}, 1, 2, [], 3, {\"a\":[]}, 4]",
            b"{\"a\":1}\n{\"b\":[2]}\n\n  3\n",
            b"1-2 0123 truefalse\"a\"\"b\"[][]{}",
            b"[1]\r\n{\"a\":[{\"b\":2}, 3]}\n\"s\" null\n",
        ];
        for text in fixtures {
            if Doc::parse(text.to_vec()).is_ok() {
                same_as_before(text, false);
            }
            same_as_before(text, true);
        }
        // Deep nesting with scalars after the deepest part; past u16 in depth, some nodes (a
        // scalar's parent is found walking up from the deepest container: O(depth) each).
        let deep = |depth: usize| {
            let mut text = "[".repeat(depth);
            text.push_str("\"deep\"");
            for _ in 0..depth {
                text.push_str(", 1]");
            }
            text.into_bytes()
        };
        same_as_before(&deep(2_000), false);
        let text = deep(70_000);
        let d = Doc::parse(text.clone()).unwrap();
        let nodes = reference::nodes(&text, false).unwrap();
        assert_eq!(d.len(), nodes.len());
        for i in (0..d.len()).step_by(4_999).chain(d.len() - 50..d.len()) {
            assert_eq!(d.node(i), nodes[i], "node {i}");
        }
    }

    /// Sizes, parents and positions beyond two bytes go to the side tables.
    #[test]
    fn large_containers_read_back_whole() {
        let mut text = String::from("{\"many\":[");
        for i in 0..70_000 {
            if i > 0 {
                text.push(',');
            }
            if i % 3 == 0 {
                text.push_str(&format!("{{\"n\":{i},\"l\":[{i}]}}"));
            } else {
                text.push_str(&i.to_string());
            }
        }
        text.push_str("],\"after\":[true]}\n[\"second\"]");
        same_as_before(text.as_bytes(), true);
        let d = Doc::parse_documents(text.into_bytes()).unwrap();
        // The last item is `{"n":69999,"l":[69999]}`, after the scalar 69998.
        let last = d.parent(d.parent(d.end(2) - 1) as usize) as usize;
        assert_eq!((d.parent(last), d.index_in_parent(last)), (2, 69_999));
        assert_eq!(
            (d.parent(last - 1), d.index_in_parent(last - 1)),
            (2, 69_998)
        );
        assert_eq!(d.raw_value(last - 1), b"69998");
        assert_eq!(d.children(2), 70_000);
        assert_eq!(d.key(d.end(2)).as_deref(), Some("after"));
        assert!(d.index_bytes() < d.len() * 8, "{} bytes", d.index_bytes());
    }

    /// Found by fuzzing `json_index` (fuzz/README.md): serde_json refuses a map whose key is
    /// one of its private markers; it is valid JSON, and the index reads it as any other key.
    #[test]
    fn serde_json_private_marker_keys_are_ordinary_keys() {
        let text = "{\"$serde_json::private::RawValue\":\r5\n}";
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
        let d = doc(text);
        assert_eq!(d.key(1).as_deref(), Some("$serde_json::private::RawValue"));
        assert_eq!(d.raw_value(1), b"5");
    }

    #[test]
    fn indexes_values_in_document_order() {
        let d = doc(r#"{"a": 1, "b": [true, null, "x\"y"], "c": {}}"#);
        let kinds: Vec<NodeKind> = (0..d.len()).map(|i| d.kind(i)).collect();
        use NodeKind::*;
        assert_eq!(
            kinds,
            vec![Object, Number, Array, Bool, Null, String, Object]
        );
        assert_eq!(d.key(1).as_deref(), Some("a"));
        assert_eq!(d.key(3), None, "array elements have no key");
        assert_eq!(d.node(0).end, 7);
        assert_eq!(d.node(2).end, 6, "the array's subtree ends before c");
        assert_eq!(d.node(2).children, 3);
        assert_eq!(d.node(5).parent, 2);
        assert_eq!(d.string_value(5).as_deref(), Some("x\"y"));
        assert_eq!(d.raw_value(2), br#"[true, null, "x\"y"]"#);
        assert_eq!(d.index_in_parent(4), 1);
        assert_eq!(d.node(6).children, 0);
    }

    #[test]
    fn scalars_and_empty_containers_at_the_root() {
        assert_eq!(doc("42").len(), 1);
        assert_eq!(doc(" \"s\" ").string_value(0).as_deref(), Some("s"));
        assert_eq!(doc("[]").children(0), 0);
        assert_eq!(doc("-1.5e+3").kind(0), NodeKind::Number);
    }

    #[test]
    fn deep_nesting_needs_no_recursion() {
        let depth = 2000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let d = doc(&text);
        assert_eq!(d.len(), depth);
        assert_eq!(d.node(depth - 1).depth as usize, depth - 1);
        assert_eq!(d.node(0).end as usize, depth);
    }

    #[test]
    fn nesting_deeper_than_u16_still_indexes() {
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let d = doc(&text);
        assert_eq!(d.len(), depth);
        assert_eq!(d.node(depth - 1).depth, u16::MAX);
        assert_eq!(d.node(depth - 1).parent as usize, depth - 2);
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = Doc::parse(b"{\n  \"a\": 1,\n  \"b\" 2\n}".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column, e.expected), (3, 7, "`:`"));
        assert_eq!(
            e.to_string(),
            "not valid JSON at line 3, column 7: expected `:`, found `2`"
        );
        let e = Doc::parse(b"[1, 2".to_vec()).unwrap_err();
        assert_eq!(e.expected, "`,` or `]`");
        assert_eq!(e.found, "the end of the input");
        assert!(Doc::parse(b"[1,]".to_vec()).is_err());
        assert!(Doc::parse(b"{\"a\":1,}".to_vec()).is_err());
        assert!(Doc::parse(b"<html>".to_vec()).is_err());
        assert!(Doc::parse(b"".to_vec()).is_err());
        assert!(Doc::parse(b"[1] x".to_vec()).is_err());
        assert!(Doc::parse(b"01".to_vec()).is_err());
    }

    #[test]
    fn several_documents_are_a_list_of_them() {
        let d = Doc::parse_documents(b"{\"a\":1}\n{\"b\":[2]}\n\n  3\n".to_vec()).unwrap();
        assert_eq!(
            d.many,
            Some(Documents {
                count: 3,
                one_per_line: true
            })
        );
        assert_eq!(d.many.unwrap().label(), "3 documents (NDJSON)");
        assert!(d.is_document_list(0) && d.verbatim);
        assert_eq!((d.node(0).children, d.node(0).end), (3, 7));
        let roots: Vec<usize> = (1..d.len()).filter(|&i| d.node(i).parent == 0).collect();
        assert_eq!(roots, vec![1, 3, 6]);
        assert_eq!(d.index_in_parent(6), 2);
        assert_eq!((d.node(4).parent, d.node(4).depth), (3, 2));
        assert_eq!(d.key(2).as_deref(), Some("a"));
        assert_eq!(d.raw_value(3), br#"{"b":[2]}"#);
        assert_eq!(&*d.value_json(0), b"[{\"a\":1},\n{\"b\":[2]},\n3]");
        assert_eq!(&*d.json_text(), &*d.value_json(0));
        let glued = Doc::parse_documents(br#"{"a":1}{"b":2} [3]"#.to_vec()).unwrap();
        assert_eq!(glued.many.unwrap().label(), "3 documents (concatenated)");
        // One document stays one: no list around it.
        let one = Doc::parse_documents(b" [1]\n".to_vec()).unwrap();
        assert!(one.many.is_none() && one.verbatim);
        assert_eq!(&*one.json_text(), b" [1]\n");
        // An API answer or a filter's result is one document, as serde_json reads it.
        assert!(Doc::parse(br#"{"a":1}{"b":2}"#.to_vec()).is_err());
    }

    #[test]
    fn any_two_documents_with_any_white_space_between_are_two() {
        let docs = [
            "{}",
            "[1,{\"a\":[]}]",
            "\"s\\\"\"",
            "-1.5e3",
            "true",
            "null",
            "{\"k\":\"v\"}",
        ];
        for a in docs {
            for b in docs {
                for between in [" ", "\n", "\r\n\t", "\n\n"] {
                    let text = format!("{a}{between}{b}\n");
                    let d = Doc::parse_documents(text.clone().into_bytes()).unwrap();
                    let many = d.many.unwrap();
                    assert_eq!(many.count, 2, "{text:?}");
                    assert_eq!(many.one_per_line, between.contains('\n'), "{text:?}");
                    let second = d.node(1).end as usize;
                    assert_eq!(d.raw_value(1), a.as_bytes());
                    assert_eq!(d.raw_value(second), b.as_bytes());
                    let list: serde_json::Value = serde_json::from_slice(&d.json_text()).unwrap();
                    assert_eq!(list.as_array().map(Vec::len), Some(2), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn an_error_in_a_later_document_says_where() {
        let e = Doc::parse_documents(b"{\"a\":1}\n{\"b\":}\n".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column, e.expected), (2, 6, "a value"));
        let e = Doc::parse_documents(b"[1]\n[2] x".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 5));
        assert!(Doc::parse_documents(b"  \n ".to_vec()).is_err());
    }

    #[test]
    fn numbers_beyond_f64_are_json_too() {
        // Found by fuzzing: serde_json refuses them; JSON allows them; the inspector shows them.
        let d = doc("[4441e444, -1e999]");
        assert_eq!(d.raw_value(1), b"4441e444");
    }

    #[test]
    fn agrees_with_serde_on_valid_and_invalid_documents() {
        for text in [
            "{}",
            "[[],[{}]]",
            r#"{"k":[1,2,{"x":null}],"s":"\u00e9"}"#,
            "[1e5, -0.5, 0]",
            "[1 2]",
            "{\"a\"}",
            "[\"unterminated]",
            "tru",
            "[,1]",
            "{\"a\":1 \"b\":2}",
            "[01]",
            "[-]",
            "[1.]",
            "[.5]",
            "[1e]",
            "\"tab\there\"",
            "[0.5e-3, -0]",
        ] {
            let ours = Doc::parse(text.as_bytes().to_vec()).is_ok();
            let theirs = serde_json::from_str::<serde_json::Value>(text).is_ok();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    /// Every node of a preview is the complete index's, but for the containers still open.
    #[test]
    fn a_preview_holds_the_first_nodes_of_the_complete_index() {
        let text = br#"{"a": [1, {"b": "x"}, [true, null]], "c": {"d": 2.5}, "e": "z"}"#;
        let whole = Doc::parse_documents(text.to_vec()).unwrap();
        for values in 1..whole.len() {
            for cut in 1..=text.len() {
                let Some(p) = Doc::preview(&text[..cut], values) else {
                    continue;
                };
                assert_eq!(p.len(), values, "{values} values from {cut} bytes");
                assert!(p.is_partial() && p.is_open(0));
                for i in 0..p.len() {
                    let (ours, theirs) = (p.node(i), whole.node(i));
                    assert_eq!(
                        (ours.parent, ours.depth, ours.kind),
                        (theirs.parent, theirs.depth, theirs.kind)
                    );
                    assert_eq!(p.key(i), whole.key(i));
                    assert_eq!(
                        (ours.value_start, ours.index),
                        (theirs.value_start, theirs.index)
                    );
                    if !p.is_open(i) {
                        assert_eq!(
                            (ours.end, ours.children),
                            (theirs.end, theirs.children),
                            "{i}"
                        );
                        assert_eq!(p.raw_value(i), whole.raw_value(i), "{i}");
                    } else {
                        assert_eq!(
                            ours.end as usize, values,
                            "an open container ends with the preview"
                        );
                    }
                }
            }
        }
        // Enough bytes for every value but the last: no preview of them all.
        assert!(Doc::preview(&text[..text.len() - 1], whole.len()).is_none());
        // A number the prefix may have cut short is not taken.
        assert!(Doc::preview(b"[1, 23", 3).is_none());
        assert_eq!(Doc::preview(b"[1, 23,", 3).map(|d| d.len()), Some(3));
        // Not JSON as far as it goes: no preview (the complete index says where).
        assert!(Doc::preview(b"[1, }, 2, 3]", 3).is_none());
    }

    #[test]
    fn a_preview_of_several_documents_is_a_list_of_them_still_open() {
        let text = b"{\"a\":1}\n{\"b\":[2, 3]}\n[4]\n";
        let whole = Doc::parse_documents(text.to_vec()).unwrap();
        let p = Doc::preview(text, 5).unwrap();
        assert!(p.many.is_some() && p.verbatim);
        assert_eq!(p.partial.as_deref(), Some(&[0, 3, 4][..]));
        assert_eq!(p.node(1).end, whole.node(1).end);
        assert_eq!(p.key(2).as_deref(), Some("a"));
    }

    /// Keys are read back from the text: escaped quotes and backslashes, colons, white space.
    #[test]
    fn keys_read_back_from_the_text_are_the_keys() {
        let text = "{\"a\\\\\" : 1, \"b\\\"c\":2,\"\"\n:\t3, \"x:y\\\\\\\"\" : \"k\\\":v\", \"n\":{\"m\":[{\"\":0}]}}";
        let d = doc(text);
        let ours: Vec<Option<String>> = (0..d.len()).map(|i| d.key(i)).collect();
        let keys = |s: &[&str]| s.iter().map(|k| Some(k.to_string())).collect::<Vec<_>>();
        let mut expected = vec![None];
        expected.extend(keys(&["a\\", "b\"c", "", "x:y\\\"", "n", "m"]));
        expected.extend([None, Some(String::new())]);
        assert_eq!(ours, expected);
        assert!(d.index_bytes() < 200, "{}", d.index_bytes());
    }
}
