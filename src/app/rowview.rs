//! Which loaded rows a table shows, in which order: a fuzzy filter over the visible text
//! columns and a sort on any column. Pure functions over rows, so they are cheap to test and to
//! benchmark at 100,000 rows.

use std::cmp::Ordering;

use crate::api::catalog::{Cell, Row};

/// A sort: which column, which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub ascending: bool,
}

/// The filter's terms: lowercase, split on white space. Every term must match some cell.
pub fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether `needle` (lowercase) is a subsequence of `hay`, ignoring case.
pub fn fuzzy_match(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.is_ascii() {
        let mut want = needle.as_bytes().iter().peekable();
        for b in hay.bytes() {
            match want.peek() {
                Some(&&w) if b.to_ascii_lowercase() == w => {
                    want.next();
                }
                Some(_) => {}
                None => return true,
            }
        }
        return want.peek().is_none();
    }
    let mut want = needle.chars().peekable();
    for c in hay.chars().flat_map(char::to_lowercase) {
        match want.peek() {
            Some(&w) if c == w => {
                want.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    want.peek().is_none()
}

pub fn row_matches(row: &Row, terms: &[String]) -> bool {
    terms.iter().all(|term| {
        row.cells.iter().any(|cell| match cell {
            Cell::Text(s) => fuzzy_match(s, term),
            Cell::Int(n) => fuzzy_match(&n.to_string(), term),
            _ => false,
        })
    })
}

/// Empty cells sort last whichever the direction; numbers and times by value; text ignoring case.
pub fn compare_cells(a: &Cell, b: &Cell) -> Ordering {
    match (a, b) {
        (Cell::Empty, Cell::Empty) => Ordering::Equal,
        (Cell::Empty, _) => Ordering::Greater,
        (_, Cell::Empty) => Ordering::Less,
        (Cell::Int(x), Cell::Int(y)) | (Cell::Time(x), Cell::Time(y)) => x.cmp(y),
        (Cell::Flag(x), Cell::Flag(y)) => x.cmp(y),
        (Cell::Text(x), Cell::Text(y)) => cmp_ignore_case(x, y),
        // Mixed types (a server that sent a string where a number was expected): by kind.
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(c: &Cell) -> u8 {
    match c {
        Cell::Int(_) | Cell::Time(_) => 0,
        Cell::Flag(_) => 1,
        Cell::Text(_) => 2,
        Cell::Empty => 3,
    }
}

fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let fold = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        fold(a).cmp(&fold(b))
    }
}

/// The indices of the rows to show: those of `within` (or all rows) that match, sorted.
pub fn compute(
    rows: &[Row],
    terms: &[String],
    sort: Option<Sort>,
    within: Option<&[u32]>,
) -> Vec<u32> {
    let mut view: Vec<u32> = match within {
        Some(subset) => subset
            .iter()
            .copied()
            .filter(|&i| row_matches(&rows[i as usize], terms))
            .collect(),
        None if terms.is_empty() => (0..rows.len() as u32).collect(),
        None => (0..rows.len() as u32)
            .filter(|&i| row_matches(&rows[i as usize], terms))
            .collect(),
    };
    if let Some(Sort { column, ascending }) = sort {
        let empty = Cell::Empty;
        view.sort_by(|&a, &b| {
            let ca = rows[a as usize].cells.get(column).unwrap_or(&empty);
            let cb = rows[b as usize].cells.get(column).unwrap_or(&empty);
            let ord = compare_cells(ca, cb);
            // Empty stays last in both directions.
            if ascending || matches!(ca, Cell::Empty) || matches!(cb, Cell::Empty) {
                ord
            } else {
                ord.reverse()
            }
        });
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: Vec<Cell>) -> Row {
        Row {
            id: None,
            cells,
            raw: None,
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn fuzzy_is_a_case_insensitive_subsequence() {
        assert!(fuzzy_match("AWS CloudWatch prod", "cwp"));
        assert!(fuzzy_match("AWS CloudWatch prod", "aws"));
        assert!(!fuzzy_match("AWS CloudWatch prod", "azure"));
        assert!(fuzzy_match("Latenz – Übersicht", "über"));
        assert!(fuzzy_match("日本リージョン CPU", "日本"));
        assert!(fuzzy_match("anything", ""));
    }

    #[test]
    fn every_term_must_match_some_cell() {
        let r = row(vec![text("web-01"), text("CLOUDWATCH"), Cell::Int(42)]);
        assert!(row_matches(&r, &terms("web cloud")));
        assert!(row_matches(&r, &terms("42")));
        assert!(!row_matches(&r, &terms("web azure")));
    }

    #[test]
    fn sort_puts_empty_last_both_ways_and_is_stable() {
        let rows = vec![
            row(vec![text("b"), Cell::Int(2)]),
            row(vec![Cell::Empty, Cell::Int(1)]),
            row(vec![text("A"), Cell::Int(2)]),
            row(vec![text("c"), Cell::Empty]),
        ];
        let asc = compute(
            &rows,
            &[],
            Some(Sort {
                column: 0,
                ascending: true,
            }),
            None,
        );
        assert_eq!(asc, vec![2, 0, 3, 1]);
        let desc = compute(
            &rows,
            &[],
            Some(Sort {
                column: 0,
                ascending: false,
            }),
            None,
        );
        assert_eq!(desc, vec![3, 0, 2, 1]);
        let by_count = compute(
            &rows,
            &[],
            Some(Sort {
                column: 1,
                ascending: false,
            }),
            None,
        );
        assert_eq!(by_count, vec![0, 2, 1, 3], "ties keep server order");
    }

    #[test]
    fn narrowing_within_a_previous_result_gives_the_same_rows() {
        let rows: Vec<Row> = (0..500)
            .map(|i| {
                row(vec![
                    text(&format!("host-{i:04}.prod")),
                    text(if i % 3 == 0 { "web" } else { "db" }),
                ])
            })
            .collect();
        let first = compute(&rows, &terms("host-01"), None, None);
        let narrowed = compute(&rows, &terms("host-012"), None, Some(&first));
        assert_eq!(narrowed, compute(&rows, &terms("host-012"), None, None));
        assert!(!narrowed.is_empty());
    }
}
