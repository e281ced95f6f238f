//! A column sort over many rows: each distinct cell value ranked once, then the rows sorted by
//! (rank, position) as one `u64` each. Comparing rows directly chased three pointers a side
//! (row, cells, text) and upper-cased a severity on every comparison: 2.9 s for 1,000,000
//! sources by name, against the budget's 300 ms (issue #23).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::rowview::{Sort, cmp_ignore_case, compare_cells};
use crate::api::alert_firings::severity_rank;
use crate::api::catalog::{CellRef, Rows};

/// A cell as a hash key: equal keys are equal values.
type Value<'a> = CellRef<'a>;

/// `view` ordered by the sort's column as [`compare_cells`] orders cells (empty last both
/// ways), ties in the order they came: what a stable sort with that comparator gives.
pub fn sort_column(rows: &Rows, view: &[u32], sort: Sort) -> Vec<u32> {
    let value = |i: u32| {
        rows.get(i as usize)
            .and_then(|r| r.cell(sort.column))
            .unwrap_or(Value::Empty)
    };
    // Spread over the rows: values often repeat in runs longer than a sample.
    let step = (view.len() / SAMPLE).max(1);
    if mostly_distinct(view.iter().step_by(step).map(|&i| value(i))) {
        return sort_rows(view, sort, value);
    }
    // Each distinct value once, then each row's value as its index in `distinct`.
    let mut index: HashMap<Value, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
    let mut distinct: Vec<Value> = Vec::new();
    let of_row: Vec<u32> = view
        .iter()
        .map(|&i| {
            let v = value(i);
            *index.entry(v).or_insert_with(|| {
                distinct.push(v);
                distinct.len() as u32 - 1
            })
        })
        .collect();
    let ranks = ranks(&distinct, sort.ascending);
    let mut keys: Vec<u64> = of_row
        .iter()
        .enumerate()
        .map(|(pos, &d)| (u64::from(ranks[d as usize]) << 32) | pos as u64)
        .collect();
    keys.sort_unstable();
    keys.into_iter()
        .map(|key| view[(key & u64::from(u32::MAX)) as usize])
        .collect()
}

/// The rows looked at to choose how to sort.
const SAMPLE: usize = 1000;

/// Whether nearly every value of the sample differs (names, ids): then ranking distinct values
/// would hash every row for nothing, and the rows are sorted by their keys directly.
fn mostly_distinct<'a>(sample: impl Iterator<Item = Value<'a>>) -> bool {
    let values: Vec<Value> = sample.collect();
    let seen: std::collections::HashSet<Value, BuildHasherDefault<FxHasher>> =
        values.iter().copied().collect();
    values.len() >= 100 && seen.len() * 10 >= values.len() * 9
}

/// Rows sorted by their own keys, position last: as stable as the ranks' way.
fn sort_rows<'a>(view: &[u32], sort: Sort, value: impl Fn(u32) -> Value<'a>) -> Vec<u32> {
    let mut keys: Vec<(Key, u32)> = view
        .iter()
        .enumerate()
        .map(|(pos, &i)| (Key::of(value(i)), pos as u32))
        .collect();
    keys.sort_unstable_by(|(a, pa), (b, pb)| {
        let empty = a.value == Value::Empty || b.value == Value::Empty;
        let ord = if sort.ascending || empty {
            a.cmp(b)
        } else {
            b.cmp(a)
        };
        ord.then(pa.cmp(pb))
    });
    keys.into_iter()
        .map(|(_, pos)| view[pos as usize])
        .collect()
}

/// The rank of each distinct value: equal ones (`Web`, `web`) share one; empty last.
fn ranks(distinct: &[Value], ascending: bool) -> Vec<u32> {
    // Sorted as they are (not through indices): one pass over memory in order.
    let mut keys: Vec<(Key, u32)> = distinct
        .iter()
        .enumerate()
        .map(|(i, &v)| (Key::of(v), i as u32))
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ranks = vec![0u32; distinct.len()];
    let mut rank = 0u32;
    for (n, (key, at)) in keys.iter().enumerate() {
        if n > 0 && keys[n - 1].0.cmp(key) != Ordering::Equal {
            rank += 1;
        }
        ranks[*at as usize] = rank;
    }
    for (r, value) in ranks.iter_mut().zip(distinct) {
        if *value == Value::Empty {
            // Empty stays last both ways: the others turn around above it.
            *r = u32::MAX;
        } else if !ascending {
            *r = rank - *r;
        }
    }
    ranks
}

/// The Fx hash (rustc's): a multiply and a rotate a word, for a million strings a sort. The
/// values hashed are the table's own and the map lives for one sort: SipHash's defence against
/// chosen collisions buys nothing here.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A distinct value with what [`compare_cells`] reads of it worked out once: its severity and
/// the first 16 bytes of its text folded to lower case (big-endian, so they compare as the
/// text does: folded UTF-8 orders as the folded characters do). Texts that share those bytes
/// are compared in full.
struct Key<'a> {
    value: Value<'a>,
    severity: Option<u8>,
    head: u128,
}

impl<'a> Key<'a> {
    fn of(value: Value<'a>) -> Self {
        let (severity, head) = match value {
            // A severity is a short word: longer texts are not asked.
            Value::Text(s) if s.len() <= 16 => (severity_rank(s), folded_head(s)),
            Value::Text(s) => (None, folded_head(s)),
            // Signed to unsigned, order kept.
            Value::Int(n) | Value::Time(n) => (None, u128::from(n as u64 ^ (1 << 63))),
            _ => (None, 0),
        };
        Key {
            value,
            severity,
            head,
        }
    }

    /// [`compare_cells`]' order.
    fn cmp(&self, other: &Key) -> Ordering {
        match (self.value, other.value) {
            (Value::Text(a), Value::Text(b)) => match (self.severity, other.severity) {
                (Some(x), Some(y)) => x.cmp(&y),
                _ => self
                    .head
                    .cmp(&other.head)
                    .then_with(|| cmp_ignore_case(a, b)),
            },
            (Value::Int(_), Value::Int(_)) | (Value::Time(_), Value::Time(_)) => {
                self.head.cmp(&other.head)
            }
            (a, b) => compare_cells(a, b),
        }
    }
}

fn folded_head(s: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let prefix = &s.as_bytes()[..s.len().min(16)];
    if prefix.is_ascii() {
        // Most text: its bytes lower-cased, without a character's case table each.
        for (to, from) in bytes.iter_mut().zip(prefix) {
            *to = from.to_ascii_lowercase();
        }
        return u128::from_be_bytes(bytes);
    }
    let mut at = 0;
    let mut buf = [0u8; 4];
    'fill: for c in s.chars().flat_map(char::to_lowercase) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            if at == bytes.len() {
                break 'fill;
            }
            bytes[at] = b;
            at += 1;
        }
    }
    u128::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{Cell, Row};

    // The sort and the comparator over rows and cells one by one.
    fn sort_column(rows: &[Row], view: &[u32], sort: Sort) -> Vec<u32> {
        super::sort_column(&Rows::from(rows.to_vec()), view, sort)
    }

    fn compare_cells(a: &Cell, b: &Cell) -> Ordering {
        super::compare_cells(a.into(), b.into())
    }

    fn row(cell: Cell) -> Row {
        Row {
            id: None,
            cells: vec![cell],
            raw: None,
            exact: Box::default(),
        }
    }

    /// The order a stable sort of the rows with [`compare_cells`] gives (the sort before this
    /// one), both ways, over text differing in case, severities, numbers and empty cells.
    #[test]
    fn ranks_order_as_the_comparator_does() {
        let cells = [
            Cell::Text("web".into()),
            Cell::Empty,
            Cell::Text("Web".into()),
            Cell::Text("db".into()),
            Cell::Empty,
            Cell::Text("web".into()),
            Cell::Text("Äpfel".into()),
            Cell::Text("zeta".into()),
            Cell::Text("region.us-east role.web".into()),
            Cell::Text("Region.us-east role.db".into()),
            Cell::Text("region.us-east role.web".into()),
            Cell::Text("ÄPFEL und Birnen".into()),
        ];
        let rows: Vec<Row> = cells.iter().cloned().map(row).collect();
        let view: Vec<u32> = (0..rows.len() as u32).rev().collect();
        for ascending in [true, false] {
            let mut expected = view.clone();
            expected.sort_by(|&a, &b| {
                let (ca, cb) = (&rows[a as usize].cells[0], &rows[b as usize].cells[0]);
                let ord = compare_cells(ca, cb);
                let empty = matches!(ca, Cell::Empty) || matches!(cb, Cell::Empty);
                if ascending || empty {
                    ord
                } else {
                    ord.reverse()
                }
            });
            let sort = Sort {
                column: 0,
                ascending,
            };
            assert_eq!(sort_column(&rows, &view, sort), expected, "{ascending}");
        }
        // Severities by how bad they are (a column holds severities or other text, never both:
        // the comparator is not an order over a mix).
        let severities: Vec<Row> = ["WARN", "severe", " info", "WARN", ""]
            .map(|s| {
                row(if s.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.into())
                })
            })
            .into();
        let up = Sort {
            column: 0,
            ascending: true,
        };
        assert_eq!(
            sort_column(&severities, &[0, 1, 2, 3, 4], up),
            vec![2, 0, 3, 1, 4]
        );
        // Names, each distinct (sorted row by row), with a few repeated and empty among them.
        let names: Vec<Row> = (0..300)
            .map(|i| match i % 50 {
                0 => row(Cell::Empty),
                1 => row(Cell::Text("Web-same".into())),
                _ => row(Cell::Text(
                    format!("web-{:04}.prod", (i * 7919) % 1000).into(),
                )),
            })
            .collect();
        let all: Vec<u32> = (0..names.len() as u32).collect();
        for ascending in [true, false] {
            let mut expected = all.clone();
            expected.sort_by(|&a, &b| {
                let (ca, cb) = (&names[a as usize].cells[0], &names[b as usize].cells[0]);
                let ord = compare_cells(ca, cb);
                let empty = matches!(ca, Cell::Empty) || matches!(cb, Cell::Empty);
                if ascending || empty {
                    ord
                } else {
                    ord.reverse()
                }
            });
            let sort = Sort {
                column: 0,
                ascending,
            };
            assert_eq!(sort_column(&names, &all, sort), expected, "{ascending}");
        }
        let numbers: Vec<Row> = [3, -1, 3, 0].map(|n| row(Cell::Int(n))).into();
        let times: Vec<Row> = (0..200)
            .map(|i| row(Cell::Time((i * 7919) % 1000 - 500)))
            .collect();
        let all: Vec<u32> = (0..times.len() as u32).collect();
        let mut expected = all.clone();
        expected.sort_by(|&a, &b| {
            compare_cells(&times[a as usize].cells[0], &times[b as usize].cells[0])
        });
        let up = Sort {
            column: 0,
            ascending: true,
        };
        assert_eq!(sort_column(&times, &all, up), expected, "times row by row");
        let sort = Sort {
            column: 0,
            ascending: false,
        };
        assert_eq!(sort_column(&numbers, &[0, 1, 2, 3], sort), vec![0, 2, 3, 1]);
    }
}
