//! The one-pass parser that builds a [`Doc`]'s nodes: no recursion (open containers on a
//! stack), numbers and strings checked but not decoded, and a stop after a count of values
//! for a preview.

use super::{Doc, NO_PARENT, Node, NodeKind, ParseError};

pub(super) struct Parser<'a> {
    pub(super) text: &'a [u8],
    /// Bytes read so far, for a progress display while a large document is indexed.
    pub(super) progress: Option<&'a std::sync::atomic::AtomicUsize>,
    pub(super) pos: usize,
    pub(super) nodes: Vec<Node>,
    /// Open containers: node index, and whether a key is awaited next (objects).
    pub(super) stack: Vec<u32>,
    /// Further documents may follow the first (the inspector's input); else only white space.
    pub(super) many: bool,
    /// The byte where each top-level document starts.
    pub(super) roots: Vec<usize>,
    /// A preview stops after this many values.
    pub(super) stop_at: usize,
}

impl Parser<'_> {
    /// A preview's document: the open containers end where the parser stopped.
    pub(super) fn into_partial(mut self) -> Doc {
        let end = self.nodes.len() as u32;
        for &open in &self.stack {
            let n = &mut self.nodes[open as usize];
            n.end = end;
            n.value_len = self.pos as u32 - n.value_start;
        }
        let text = self.text[..self.pos].to_vec();
        let mut open = self.stack;
        let mut doc = if self.roots.len() > 1 {
            // The list of documents is open too; every other node moves down by one.
            open.iter_mut().for_each(|i| *i += 1);
            open.insert(0, 0);
            Doc::list_of(text, self.nodes, &self.roots)
        } else {
            Doc {
                text,
                nodes: self.nodes,
                many: None,
                verbatim: false,
                partial: None,
            }
        };
        doc.verbatim = true;
        doc.partial = Some(open);
        doc
    }

    pub(super) fn run(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        if self.pos >= self.text.len() {
            return Err(self.error("a JSON value"));
        }
        loop {
            self.document()?;
            if self.nodes.len() >= self.stop_at {
                return Ok(());
            }
            self.skip_ws();
            if !self.many || self.pos >= self.text.len() {
                break;
            }
        }
        if self.pos < self.text.len() {
            return Err(self.error("the end of the document"));
        }
        Ok(())
    }

    /// One top-level value, whole.
    fn document(&mut self) -> Result<(), ParseError> {
        self.roots.push(self.pos);
        self.value()?;
        loop {
            if self.nodes.len() >= self.stop_at {
                return Ok(());
            }
            self.skip_ws();
            let Some(&top) = self.stack.last() else { break };
            let is_object = self.nodes[top as usize].kind == NodeKind::Object;
            let has_children = self.nodes[top as usize].children > 0;
            let close = if is_object { b'}' } else { b']' };
            match self.peek() {
                Some(c) if c == close => {
                    self.pos += 1;
                    self.close(top);
                }
                Some(b',') if has_children => {
                    self.pos += 1;
                    self.skip_ws();
                    self.member(is_object)?;
                }
                _ if !has_children && self.just_opened(top) => self.member(is_object)?,
                _ => {
                    return Err(self.error(if is_object {
                        "`,` or `}`"
                    } else {
                        "`,` or `]`"
                    }));
                }
            }
        }
        Ok(())
    }

    /// True right after `{`/`[` (nothing but white space since).
    fn just_opened(&self, node: u32) -> bool {
        let start = self.nodes[node as usize].value_start as usize + 1;
        self.text[start..self.pos]
            .iter()
            .all(u8::is_ascii_whitespace)
    }

    fn member(&mut self, is_object: bool) -> Result<(), ParseError> {
        if is_object {
            if self.peek() != Some(b'"') {
                return Err(self.error("a string key"));
            }
            self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("`:`"));
            }
            self.pos += 1;
            self.skip_ws();
        }
        self.value()
    }

    fn value(&mut self) -> Result<(), ParseError> {
        let parent = self.stack.last().copied().unwrap_or(NO_PARENT);
        // Depth is for indentation and fold levels only: past u16 it stays at the last level.
        let depth = self.stack.len().min(u16::MAX as usize) as u16;
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => NodeKind::Object,
            Some(b'[') => NodeKind::Array,
            Some(b'"') => {
                self.string()?;
                NodeKind::String
            }
            Some(b't') => self.literal(b"true", NodeKind::Bool)?,
            Some(b'f') => self.literal(b"false", NodeKind::Bool)?,
            Some(b'n') => self.literal(b"null", NodeKind::Null)?,
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                NodeKind::Number
            }
            _ => return Err(self.error("a value")),
        };
        let index = self.nodes.len() as u32;
        let position = match self.nodes.get_mut(parent as usize) {
            Some(p) if parent != NO_PARENT => {
                p.children += 1;
                p.children - 1
            }
            _ => 0,
        };
        self.nodes.push(Node {
            parent,
            end: index + 1,
            value_start: start as u32,
            value_len: (self.pos - start) as u32,
            children: 0,
            index: position,
            depth,
            kind,
        });
        if let Some(progress) = self.progress {
            if index % 65_536 == 0 {
                progress.store(self.pos, std::sync::atomic::Ordering::Relaxed);
            }
        }
        if matches!(kind, NodeKind::Object | NodeKind::Array) {
            self.pos += 1;
            self.stack.push(index);
        }
        Ok(())
    }

    fn close(&mut self, node: u32) {
        self.stack.pop();
        let end = self.nodes.len() as u32;
        let n = &mut self.nodes[node as usize];
        n.end = end;
        n.value_len = self.pos as u32 - n.value_start;
    }

    fn string(&mut self) -> Result<(), ParseError> {
        self.pos += 1;
        loop {
            match self.text.get(self.pos) {
                None => return Err(self.error("the end of a string (`\"`)")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => match self.text.get(self.pos + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 2,
                    Some(b'u') => {
                        let hex = self.text.get(self.pos + 2..self.pos + 6);
                        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                            self.pos += 1;
                            return Err(self.error("four hex digits after `\\u`"));
                        }
                        self.pos += 6;
                    }
                    _ => {
                        self.pos += 1;
                        return Err(self.error("an escape: one of \\\" \\\\ / b f n r t u"));
                    }
                },
                Some(&c) if c < 0x20 => return Err(self.error("an escaped control character")),
                Some(_) => self.pos += 1,
            }
        }
    }

    fn number(&mut self) -> Result<(), ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > s
        };
        // No leading zeros: `0` alone, or a digit 1-9 and more digits.
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.error("a digit"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("a digit after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("an exponent"));
            }
        }
        debug_assert!(self.pos > start);
        Ok(())
    }

    fn literal(&mut self, word: &[u8], kind: NodeKind) -> Result<NodeKind, ParseError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error(match word {
                b"true" => "`true`",
                b"false" => "`false`",
                _ => "`null`",
            }))
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error(&self, expected: &'static str) -> ParseError {
        let pos = self.pos.min(self.text.len());
        let before = &self.text[..pos];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let found = match self.text.get(pos..) {
            None | Some([]) => "the end of the input".to_string(),
            Some(rest) => {
                let c = String::from_utf8_lossy(&rest[..rest.len().min(4)]);
                format!(
                    "`{}`",
                    crate::text::sanitize(
                        c.chars().next().map(String::from).as_deref().unwrap_or("")
                    )
                )
            }
        };
        ParseError {
            line,
            column,
            expected,
            found,
        }
    }
}
