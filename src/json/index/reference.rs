//! The index as it was before the compact one: one 28-byte [`Node`] a value, built by the
//! one-pass parser of before. Kept to check the compact index against (tests, fuzzing): every
//! node the [`Doc`](super::Doc) reads back must be the node this builds.

use super::{NO_PARENT, Node, NodeKind, ParseError};

/// The nodes of `text` as the index of before built them (`many`: several documents under one
/// list node), or the error.
pub fn nodes(text: &[u8], many: bool) -> Result<Vec<Node>, ParseError> {
    let mut p = Parser {
        text,
        pos: 0,
        nodes: Vec::new(),
        stack: Vec::new(),
        many,
        roots: Vec::new(),
    };
    p.run()?;
    if p.roots.len() < 2 {
        return Ok(p.nodes);
    }
    let mut out = Vec::with_capacity(p.nodes.len() + 1);
    out.push(Node {
        parent: NO_PARENT,
        end: p.nodes.len() as u32 + 1,
        value_start: 0,
        value_len: text.len() as u32,
        children: p.roots.len() as u32,
        index: 0,
        depth: 0,
        kind: NodeKind::Array,
    });
    let mut document = 0;
    for mut n in p.nodes {
        if n.parent == NO_PARENT {
            n.parent = 0;
            n.index = document;
            document += 1;
        } else {
            n.parent += 1;
        }
        n.end += 1;
        n.depth = n.depth.saturating_add(1);
        out.push(n);
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    stack: Vec<u32>,
    many: bool,
    roots: Vec<usize>,
}

impl Parser<'_> {
    fn run(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        if self.pos >= self.text.len() {
            return Err(self.error("a JSON value"));
        }
        loop {
            self.document()?;
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
