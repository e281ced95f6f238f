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
mod tests;
