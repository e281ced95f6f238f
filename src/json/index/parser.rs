//! The one-pass parser that builds a [`Doc`]'s nodes: no recursion (open containers on a
//! stack), numbers and strings checked but not decoded, and a stop after a count of values
//! for a preview.

use super::compact::Index;
use super::{Doc, NO_PARENT, ParseError};

/// A container still open: its node, its slot, its children so far, and whether it is an object.
#[derive(Debug, Clone, Copy)]
pub(super) struct Open {
    pub(super) node: u32,
    slot: u32,
    children: u32,
    object: bool,
}

pub(super) struct Parser<'a> {
    pub(super) text: &'a [u8],
    /// Bytes read so far, for a progress display while a large document is indexed.
    pub(super) progress: Option<&'a std::sync::atomic::AtomicUsize>,
    pub(super) pos: usize,
    pub(super) ix: Index,
    /// Open containers, innermost last.
    pub(super) stack: Vec<Open>,
    /// Further documents may follow the first (the inspector's input); else only white space.
    pub(super) many: bool,
    /// The node of each top-level document.
    pub(super) roots: Vec<u32>,
    /// A preview stops after this many values.
    pub(super) stop_at: usize,
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a [u8], ix: Index, many: bool, stop_at: usize) -> Parser<'a> {
        Parser {
            text,
            progress: None,
            pos: 0,
            ix,
            stack: Vec::new(),
            many,
            roots: Vec::new(),
            stop_at,
        }
    }

    fn len(&self) -> usize {
        self.ix.starts.len()
    }

    /// A preview's document: the open containers end where the parser stopped.
    pub(super) fn into_partial(mut self) -> Doc {
        let end = self.len() as u32;
        for open in &self.stack {
            self.ix.size.set(open.slot as usize, end - open.node);
        }
        let text = self.text[..self.pos].to_vec();
        let open: Vec<u32> = self.stack.iter().map(|o| o.node).collect();
        let roots = std::mem::take(&mut self.roots);
        let mut doc = Doc::assemble(text, self.ix, &roots);
        doc.verbatim = true;
        doc.partial = Some(match doc.many {
            // The list of documents is open too; every other node moves down by one.
            Some(_) => std::iter::once(0)
                .chain(open.iter().map(|i| i + 1))
                .collect(),
            None => open,
        });
        doc
    }

    pub(super) fn run(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        if self.pos >= self.text.len() {
            return Err(self.error("a JSON value"));
        }
        loop {
            self.document()?;
            if self.len() >= self.stop_at {
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
        self.roots.push(self.len() as u32);
        self.value()?;
        loop {
            if self.len() >= self.stop_at {
                return Ok(());
            }
            self.skip_ws();
            let Some(&top) = self.stack.last() else { break };
            let is_object = top.object;
            let has_children = top.children > 0;
            let close = if is_object { b'}' } else { b']' };
            match self.peek() {
                Some(c) if c == close => {
                    self.pos += 1;
                    self.close();
                }
                Some(b',') if has_children => {
                    self.pos += 1;
                    self.skip_ws();
                    self.member(is_object)?;
                }
                _ if !has_children && self.just_opened(top.node) => self.member(is_object)?,
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
        let start = self.ix.starts[node as usize] as usize + 1;
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
        // Depth is for indentation and fold levels only: past u16 it stays at the last level.
        let depth = self.stack.len().min(u16::MAX as usize) as u16;
        let start = self.pos;
        let object = match self.peek() {
            Some(b'{') => Some(true),
            Some(b'[') => Some(false),
            Some(b'"') => {
                self.string()?;
                None
            }
            Some(b't') => self.literal(b"true")?,
            Some(b'f') => self.literal(b"false")?,
            Some(b'n') => self.literal(b"null")?,
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                None
            }
            _ => return Err(self.error("a value")),
        };
        let index = self.len() as u32;
        let (parent, position) = match self.stack.last_mut() {
            Some(p) => {
                p.children += 1;
                (p.node, p.children - 1)
            }
            None => (NO_PARENT, 0),
        };
        let slot = self
            .ix
            .push(start, object.is_some(), parent, position, depth);
        if let Some(progress) = self.progress {
            if index % 65_536 == 0 {
                progress.store(self.pos, std::sync::atomic::Ordering::Relaxed);
            }
        }
        if let (Some(object), Some(slot)) = (object, slot) {
            self.pos += 1;
            self.stack.push(Open {
                node: index,
                slot: slot as u32,
                children: 0,
                object,
            });
        }
        Ok(())
    }

    fn close(&mut self) {
        let open = self.stack.pop().expect("an open container");
        let end = self.len() as u32;
        self.ix.size.set(open.slot as usize, end - open.node);
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

    fn literal(&mut self, word: &[u8]) -> Result<Option<bool>, ParseError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(None)
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
