//! A table's rows kept by column (issue #23: a million sources in half their JSON).
//!
//! Rows one by one cost a struct, a vector of cells and a text allocation each, about 200 bytes
//! a source with the allocator's overhead. Here every column is a tag byte and an 8-byte payload
//! a row; numbers, times and flags sit in the payload, texts in one arena for the whole table,
//! a text that repeats (a tag set, a description, a state) stored once. A row's id is the text
//! of one of its cells when it is the same (a source's NAME), else kept aside; the item's JSON
//! and the exact texts are kept only for the rows that have them. Readers borrow: a [`RowRef`]
//! for a row, a [`CellRef`] for a cell; [`RowRef::to_row`] rebuilds an owned [`Row`] for the
//! few places that keep or send one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{Cell, Exact, Row, Text};

/// Longer texts are rarely repeated: they are not looked up.
const LONGEST: usize = 256;

// A cell's tag. `ABSENT` is past the end of a row with fewer cells than the widest.
const ABSENT: u8 = 0;
const EMPTY: u8 = 1;
const TEXT: u8 = 2;
const INT: u8 = 3;
const TIME: u8 = 4;
const FLAG: u8 = 5;

// A text's payload: its offset in the arena and its length, or (`LONG`) its index among the
// texts too long for the length's bits; `REPEATED` once another cell holds the same text.
const REPEATED: u64 = 1 << 63;
const LONG: u64 = 1 << 62;
const LEN_BITS: u32 = 24;
const LEN_MASK: u64 = (1 << LEN_BITS) - 1;

// A row's id: the index of the column whose text it is, or one of these.
const NO_ID: u8 = u8::MAX;
const ID_APART: u8 = u8::MAX - 1;

/// A cell borrowed from [`Rows`] (or from a [`Cell`]): what drawing, sorting and filtering read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Time(i64),
    Flag(bool),
}

impl<'a> CellRef<'a> {
    /// An owned cell with the same value.
    pub fn to_cell(self) -> Cell {
        match self {
            CellRef::Empty => Cell::Empty,
            CellRef::Text(s) => Cell::Text(s.into()),
            CellRef::Int(n) => Cell::Int(n),
            CellRef::Time(t) => Cell::Time(t),
            CellRef::Flag(b) => Cell::Flag(b),
        }
    }

    /// The text of a text cell.
    pub fn text(self) -> Option<&'a str> {
        match self {
            CellRef::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl<'a> From<&'a Cell> for CellRef<'a> {
    fn from(cell: &'a Cell) -> Self {
        match cell {
            Cell::Empty => CellRef::Empty,
            Cell::Text(s) => CellRef::Text(s),
            Cell::Int(n) => CellRef::Int(*n),
            Cell::Time(t) => CellRef::Time(*t),
            Cell::Flag(b) => CellRef::Flag(*b),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Column {
    tags: Vec<u8>,
    values: Vec<u64>,
}

/// Values kept for a few rows only, by row index (ascending).
#[derive(Debug, Clone)]
struct Sparse<T>(Vec<(u32, T)>);

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> Sparse<T> {
    fn get(&self, at: usize) -> Option<&T> {
        let at = u32::try_from(at).ok()?;
        let i = self.0.binary_search_by_key(&at, |(i, _)| *i).ok()?;
        Some(&self.0[i].1)
    }

    fn set(&mut self, at: usize, value: Option<T>) {
        let Ok(at) = u32::try_from(at) else { return };
        match (self.0.binary_search_by_key(&at, |(i, _)| *i), value) {
            (Ok(i), Some(v)) => self.0[i].1 = v,
            (Ok(i), None) => {
                self.0.remove(i);
            }
            (Err(i), Some(v)) => self.0.insert(i, (at, v)),
            (Err(_), None) => {}
        }
    }

    /// Keeps the rows `moved` maps to a new index (`u32::MAX`: gone).
    fn retain(&mut self, moved: &[u32]) {
        self.0.retain_mut(|(i, _)| {
            *i = moved.get(*i as usize).copied().unwrap_or(u32::MAX);
            *i != u32::MAX
        });
    }

    fn bytes(&self, each: impl Fn(&T) -> usize) -> usize {
        self.0.capacity() * std::mem::size_of::<(u32, T)>()
            + self.0.iter().map(|(_, v)| each(v)).sum::<usize>()
    }
}

/// Where a text's first cell is, to mark it repeated when a second cell holds the text.
#[derive(Debug, Clone, Copy)]
struct Held {
    payload: u64,
    row: u32,
    column: u32,
}

/// The texts of a table: one arena, the repeated ones found through their hash.
#[derive(Debug, Clone, Default)]
struct Texts {
    arena: String,
    long: Vec<Box<str>>,
    /// By the text's hash; two texts of one hash: the second is stored again, not shared.
    index: HashMap<u64, Held, BuildHasherDefault<Identity>>,
}

impl Texts {
    fn get(&self, payload: u64) -> &str {
        let payload = payload & !REPEATED;
        if payload & LONG != 0 {
            return self.long.get((payload & !LONG) as usize).map_or("", |s| s);
        }
        let start = (payload >> LEN_BITS) as usize;
        let end = start + (payload & LEN_MASK) as usize;
        self.arena.get(start..end).unwrap_or_default()
    }

    fn append(&mut self, text: &str) -> u64 {
        if text.len() as u64 > LEN_MASK {
            self.long.push(text.into());
            return LONG | (self.long.len() as u64 - 1);
        }
        let at = self.arena.len() as u64;
        self.arena.push_str(text);
        (at << LEN_BITS) | text.len() as u64
    }
}

/// The hash is the key already: it is used as it is.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The Fx hash (rustc's) of a text: the texts are the table's own, no defence is needed.
fn hash(text: &str) -> u64 {
    let mut h: u64 = text.len() as u64;
    let mut add = |word: u64| h = (h.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        add(u64::from_le_bytes(word));
    }
    for &b in chunks.remainder() {
        add(u64::from(b));
    }
    h
}

/// Every row of a table, by column (see the module's doc).
#[derive(Clone, Default)]
pub struct Rows {
    len: usize,
    columns: Vec<Column>,
    /// Each row's id: the column holding its text, [`NO_ID`] or [`ID_APART`].
    id_at: Vec<u8>,
    ids_apart: Sparse<Box<str>>,
    raw: Sparse<Box<str>>,
    exact: Sparse<Exact>,
    texts: Texts,
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("len", &self.len)
            .field("columns", &self.columns.len())
            .finish_non_exhaustive()
    }
}

/// Bytes a [`Rows`] holds, part by part (capacities, as the allocator is asked for them).
#[derive(Debug, Clone, Copy, Default)]
pub struct RowsMemory {
    pub cells: usize,
    pub texts: usize,
    pub index: usize,
    pub ids: usize,
    pub raw: usize,
    pub exact: usize,
}

impl RowsMemory {
    pub fn total(&self) -> usize {
        self.cells + self.texts + self.index + self.ids + self.raw + self.exact
    }
}

impl Rows {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, at: usize) -> Option<RowRef<'_>> {
        (at < self.len).then_some(RowRef { rows: self, at })
    }

    /// Row `at` as an owned [`Row`] (its texts allocated anew).
    pub fn row(&self, at: usize) -> Option<Row> {
        self.get(at).map(RowRef::to_row)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = RowRef<'_>> + ExactSizeIterator {
        (0..self.len).map(move |at| RowRef { rows: self, at })
    }

    /// Every row as an owned [`Row`]: for what keeps rows apart from the table (tests).
    pub fn to_rows(&self) -> impl DoubleEndedIterator<Item = Row> + ExactSizeIterator + '_ {
        self.iter().map(RowRef::to_row)
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    pub fn push(&mut self, row: Row) {
        let at = self.len;
        self.len += 1;
        for column in &mut self.columns {
            column.tags.push(ABSENT);
            column.values.push(0);
        }
        self.id_at.push(NO_ID);
        self.write(at, row);
    }

    /// Row `at` replaced by `row`.
    pub fn set(&mut self, at: usize, row: Row) {
        if at < self.len {
            self.write(at, row);
        }
    }

    /// Keeps the rows `keep` says yes to, in their order.
    pub fn retain(&mut self, mut keep: impl FnMut(RowRef<'_>) -> bool) {
        let kept: Vec<bool> = self.iter().map(&mut keep).collect();
        let mut moved = vec![u32::MAX; self.len];
        let mut n = 0usize;
        for (at, _) in kept.iter().enumerate().filter(|(_, k)| **k) {
            moved[at] = n as u32;
            n += 1;
        }
        let squeeze = |tags: &mut Vec<u8>| {
            let mut flags = kept.iter();
            tags.retain(|_| flags.next().copied().unwrap_or(false));
        };
        for column in &mut self.columns {
            squeeze(&mut column.tags);
            let mut flags = kept.iter();
            column
                .values
                .retain(|_| flags.next().copied().unwrap_or(false));
        }
        squeeze(&mut self.id_at);
        self.ids_apart.retain(&moved);
        self.raw.retain(&moved);
        self.exact.retain(&moved);
        self.len = n;
    }

    /// Gives back the room kept for rows to come (once a listing is whole).
    pub fn shrink_to_fit(&mut self) {
        for column in &mut self.columns {
            column.tags.shrink_to_fit();
            column.values.shrink_to_fit();
        }
        self.id_at.shrink_to_fit();
        self.texts.arena.shrink_to_fit();
        self.texts.index.shrink_to_fit();
    }

    /// What the rows hold, part by part.
    pub fn memory(&self) -> RowsMemory {
        RowsMemory {
            cells: self
                .columns
                .iter()
                .map(|c| c.tags.capacity() + c.values.capacity() * 8)
                .sum(),
            texts: self.texts.arena.capacity()
                + self.texts.long.capacity() * 16
                + self.texts.long.iter().map(|s| s.len()).sum::<usize>(),
            index: self.texts.index.capacity() * (8 + std::mem::size_of::<Held>() + 1),
            ids: self.id_at.capacity() + self.ids_apart.bytes(|s| s.len()),
            raw: self.raw.bytes(|s| s.len()),
            exact: self
                .exact
                .bytes(|e| e.len() * 24 + e.iter().map(|(_, t)| t.len()).sum::<usize>()),
        }
    }

    fn write(&mut self, at: usize, row: Row) {
        let Row {
            id,
            cells,
            raw,
            exact,
        } = row;
        while self.columns.len() < cells.len() {
            self.columns.push(Column {
                tags: vec![ABSENT; self.len],
                values: vec![0; self.len],
            });
        }
        let id_column = id.as_deref().and_then(|id| {
            cells
                .iter()
                .take(usize::from(ID_APART))
                .position(|c| matches!(c, Cell::Text(t) if **t == *id))
        });
        for c in 0..self.columns.len() {
            let (tag, value) = match cells.get(c) {
                None => (ABSENT, 0),
                Some(Cell::Empty) => (EMPTY, 0),
                Some(Cell::Int(n)) => (INT, *n as u64),
                Some(Cell::Time(t)) => (TIME, *t as u64),
                Some(Cell::Flag(b)) => (FLAG, u64::from(*b)),
                // The id's text is the row's own: not looked up among the shared ones.
                Some(Cell::Text(t)) if id_column == Some(c) => (TEXT, self.texts.append(t)),
                Some(Cell::Text(t)) => (TEXT, self.share(t, at, c)),
            };
            self.columns[c].tags[at] = tag;
            self.columns[c].values[at] = value;
        }
        self.id_at[at] = match (id_column, &id) {
            (Some(c), _) => c as u8,
            (None, Some(_)) => ID_APART,
            (None, None) => NO_ID,
        };
        let apart = id.filter(|_| id_column.is_none()).map(|id| Box::from(&*id));
        self.ids_apart.set(at, apart);
        self.raw.set(at, raw);
        self.exact.set(at, (!exact.is_empty()).then_some(exact));
    }

    /// The payload of `text` for the cell (`at`, `column`): the one stored already when it is
    /// the same text, then marked repeated (the first cell's too).
    fn share(&mut self, text: &str, at: usize, column: usize) -> u64 {
        if text.len() > LONGEST {
            return self.texts.append(text);
        }
        let key = hash(text);
        if let Some(held) = self.texts.index.get(&key).copied() {
            if self.texts.get(held.payload) != text {
                return self.texts.append(text);
            }
            let first = self
                .columns
                .get_mut(held.column as usize)
                .and_then(|c| c.values.get_mut(held.row as usize));
            // Rows moved or replaced since: then it is another cell, or not this text.
            if let Some(value) = first
                && *value & !REPEATED == held.payload
            {
                *value |= REPEATED;
            }
            return held.payload | REPEATED;
        }
        let payload = self.texts.append(text);
        let held = Held {
            payload,
            row: at as u32,
            column: column as u32,
        };
        self.texts.index.insert(key, held);
        payload
    }
}

impl FromIterator<Row> for Rows {
    fn from_iter<I: IntoIterator<Item = Row>>(rows: I) -> Self {
        let mut out = Rows::new();
        out.extend(rows);
        out
    }
}

impl Extend<Row> for Rows {
    fn extend<I: IntoIterator<Item = Row>>(&mut self, rows: I) {
        for row in rows {
            self.push(row);
        }
    }
}

impl From<Vec<Row>> for Rows {
    fn from(rows: Vec<Row>) -> Self {
        rows.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = RowRef<'a>;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = RowRef<'a>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// A row's cells as a filter reads them: a row of [`Rows`], or a [`Row`] of its own (a
/// chart's series, a history entry).
pub trait RowCells<'a>: Copy {
    fn cells(self) -> impl Iterator<Item = CellRef<'a>>;
    /// See [`RowRef::shared_text`]; a row of its own shares nothing.
    fn shared_text(self, column: usize) -> Option<u64>;
}

impl<'a> RowCells<'a> for &'a Row {
    fn cells(self) -> impl Iterator<Item = CellRef<'a>> {
        self.cells.iter().map(CellRef::from)
    }

    fn shared_text(self, _column: usize) -> Option<u64> {
        None
    }
}

impl<'a> RowCells<'a> for RowRef<'a> {
    fn cells(self) -> impl Iterator<Item = CellRef<'a>> {
        RowRef::cells(self)
    }

    fn shared_text(self, column: usize) -> Option<u64> {
        RowRef::shared_text(self, column)
    }
}

/// One row of [`Rows`], borrowed.
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    rows: &'a Rows,
    at: usize,
}

impl std::fmt::Debug for RowRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_row().fmt(f)
    }
}

impl<'a> RowRef<'a> {
    /// Its index among the rows.
    pub fn index(self) -> usize {
        self.at
    }

    pub fn id(self) -> Option<&'a str> {
        match self.rows.id_at[self.at] {
            NO_ID => None,
            ID_APART => self.rows.ids_apart.get(self.at).map(|s| &**s),
            column => self.cell(usize::from(column)).and_then(CellRef::text),
        }
    }

    /// How many cells the row has.
    pub fn width(self) -> usize {
        self.rows
            .columns
            .iter()
            .position(|c| c.tags[self.at] == ABSENT)
            .unwrap_or(self.rows.columns.len())
    }

    /// Its cell in `column`; `None` past its last cell.
    pub fn cell(self, column: usize) -> Option<CellRef<'a>> {
        let c = self.rows.columns.get(column)?;
        let value = c.values[self.at];
        Some(match c.tags[self.at] {
            ABSENT => return None,
            TEXT => CellRef::Text(self.rows.texts.get(value)),
            INT => CellRef::Int(value as i64),
            TIME => CellRef::Time(value as i64),
            FLAG => CellRef::Flag(value != 0),
            _ => CellRef::Empty,
        })
    }

    /// Its cells in order.
    pub fn cells(self) -> impl Iterator<Item = CellRef<'a>> + 'a {
        (0..self.rows.columns.len()).map_while(move |c| self.cell(c))
    }

    /// A key naming the text of the cell in `column` when other cells hold the same text: the
    /// same key for each of them (what a filter scores once for all).
    pub fn shared_text(self, column: usize) -> Option<u64> {
        let c = self.rows.columns.get(column)?;
        let value = c.values[self.at];
        (c.tags[self.at] == TEXT && value & REPEATED != 0).then_some(value & !REPEATED)
    }

    /// The item's JSON, for kinds whose rows keep it.
    pub fn raw(self) -> Option<&'a str> {
        self.rows.raw.get(self.at).map(|s| &**s)
    }

    /// The item's own texts of the cells that show them changed (see [`Row::exact`]).
    pub fn exact(self) -> &'a [(u16, Box<str>)] {
        self.rows.exact.get(self.at).map_or(&[], |e| &**e)
    }

    /// The row as an owned [`Row`].
    pub fn to_row(self) -> Row {
        let cells: Vec<Cell> = self.cells().map(CellRef::to_cell).collect();
        let id = match self.rows.id_at[self.at] {
            NO_ID => None,
            ID_APART => self.rows.ids_apart.get(self.at).map(|s| Text::from(&**s)),
            column => match cells.get(usize::from(column)) {
                Some(Cell::Text(t)) => Some(t.clone()),
                _ => None,
            },
        };
        Row {
            id,
            cells,
            raw: self.raw().map(Box::from),
            exact: self.exact().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn row(id: Option<&str>, cells: Vec<Cell>) -> Row {
        Row {
            id: id.map(Text::from),
            cells,
            raw: None,
            exact: Box::default(),
        }
    }

    fn odd_rows() -> Vec<Row> {
        let long = "x".repeat(LONGEST + 3);
        vec![
            row(
                Some("web-1"),
                vec![
                    text("web-1"),
                    text("role.web"),
                    Cell::Int(-3),
                    Cell::Flag(true),
                ],
            ),
            Row {
                raw: Some("{\"id\":\"db-2\"}".into()),
                exact: vec![(1, Box::from("tab\there"))].into(),
                ..row(
                    Some("db-2"),
                    vec![
                        text("db-2"),
                        text("role.web"),
                        Cell::Time(i64::MIN),
                        Cell::Empty,
                    ],
                )
            },
            // An id no cell shows, fewer cells, texts long and empty, odd characters.
            row(
                Some("apart"),
                vec![text(&long), text(""), text("é\u{202e}")],
            ),
            row(None, vec![]),
            row(None, vec![Cell::Empty, text(&long), Cell::Int(i64::MAX)]),
        ]
    }

    /// Every row comes back as it went in: cells, id, JSON and exact texts, however wide.
    #[test]
    fn rows_round_trip() {
        let rows = odd_rows();
        let store: Rows = rows.clone().into();
        assert_eq!(store.len(), rows.len());
        for (at, expected) in rows.iter().enumerate() {
            let got = store.get(at).unwrap();
            assert_eq!(got.to_row(), *expected, "row {at}");
            assert_eq!(got.id(), expected.id.as_deref());
            assert_eq!(got.width(), expected.cells.len());
            let cells: Vec<Cell> = got.cells().map(CellRef::to_cell).collect();
            assert_eq!(cells, expected.cells);
            assert_eq!(got.cell(expected.cells.len()), None);
            assert_eq!(got.raw(), expected.raw.as_deref());
            assert_eq!(got.exact(), &*expected.exact);
        }
        assert!(store.get(rows.len()).is_none());
        assert_eq!(store.iter().len(), rows.len());
    }

    /// A text several cells hold is stored once and named by one key; a text held once, and
    /// the id's own text, have none.
    #[test]
    fn repeated_texts_are_held_once() {
        let rows: Rows = (0..100)
            .map(|i| {
                let name = format!("host-{i}");
                row(
                    Some(&name),
                    vec![
                        text(&name),
                        text("role.web,region.eu"),
                        text(&format!("d{i}")),
                    ],
                )
            })
            .collect();
        let keys: Vec<Option<u64>> = rows.iter().map(|r| r.shared_text(1)).collect();
        assert!(
            keys[0].is_some(),
            "the first cell is marked once the second came"
        );
        assert!(keys.iter().all(|k| *k == keys[0]));
        assert!(
            rows.iter()
                .all(|r| r.shared_text(0).is_none() && r.shared_text(2).is_none())
        );
        let once = "role.web,region.eu".len();
        let names: usize = (0..100)
            .map(|i| format!("host-{i}").len() + format!("d{i}").len())
            .sum();
        assert_eq!(rows.texts.arena.len(), once + names);
    }

    /// Replacing, pushing and keeping some rows give what the same on a vector gives.
    #[test]
    fn changes_do_what_a_vector_does() {
        let mut expected = odd_rows();
        let mut store: Rows = expected.clone().into();
        let wide = row(
            Some("w"),
            (0..7).map(Cell::Int).chain([text("w")]).collect(),
        );
        expected[1] = wide.clone();
        store.set(1, wide);
        expected.push(row(Some("new"), vec![text("new"), text("role.web")]));
        store.push(expected[expected.len() - 1].clone());
        let keep = |r: &Row| r.id.as_deref() != Some("apart") && !r.cells.is_empty();
        expected.retain(keep);
        store.retain(|r| keep(&r.to_row()));
        let got: Vec<Row> = store.iter().map(RowRef::to_row).collect();
        assert_eq!(got, expected);
        assert_eq!(
            store.get(0).unwrap().shared_text(1),
            store.get(3).unwrap().shared_text(1)
        );
        store.shrink_to_fit();
        assert_eq!(
            store.iter().map(RowRef::to_row).collect::<Vec<_>>(),
            expected
        );
        store.clear();
        assert!(store.is_empty() && store.memory().total() == 0);
    }

    /// Two texts of one hash are both kept, each itself.
    #[test]
    fn a_hash_collision_stores_the_text_again() {
        let mut store = Rows::new();
        store.push(row(None, vec![text("a")]));
        let held = *store.texts.index.values().next().unwrap();
        // Another text under the first one's hash.
        let key = hash("a");
        store.texts.index.insert(hash("b"), Held { ..held });
        store.texts.index.remove(&key);
        store.push(row(None, vec![text("b")]));
        assert_eq!(store.get(1).unwrap().cell(0), Some(CellRef::Text("b")));
        assert_eq!(store.get(0).unwrap().cell(0), Some(CellRef::Text("a")));
        assert_eq!(store.get(1).unwrap().shared_text(0), None);
    }
}
