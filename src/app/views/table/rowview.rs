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
    row_score(row, terms).is_some()
}

/// How well a row matches: per term, 2 when some cell holds it as it is typed (ignoring case),
/// 1 when only as a scattered subsequence; `None` when a term matches nowhere.
pub fn row_score(row: &Row, terms: &[String]) -> Option<u32> {
    let mut total = 0;
    for term in terms {
        let mut best = 0;
        for cell in &row.cells {
            let score = match cell {
                Cell::Text(s) => term_score(s, term),
                Cell::Int(n) => term_score(&n.to_string(), term),
                _ => 0,
            };
            best = best.max(score);
            if best == 2 {
                break;
            }
        }
        if best == 0 {
            return None;
        }
        total += best;
    }
    Some(total)
}

fn term_score(hay: &str, needle: &str) -> u32 {
    if contains_ignore_case(hay, needle) {
        2
    } else if fuzzy_match(hay, needle) {
        1
    } else {
        0
    }
}

fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() && hay.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// Empty cells sort last whichever the direction; numbers and times by value; text ignoring case.
pub fn compare_cells(a: &Cell, b: &Cell) -> Ordering {
    match (a, b) {
        (Cell::Empty, Cell::Empty) => Ordering::Equal,
        (Cell::Empty, _) => Ordering::Greater,
        (_, Cell::Empty) => Ordering::Less,
        (Cell::Int(x), Cell::Int(y)) | (Cell::Time(x), Cell::Time(y)) => x.cmp(y),
        (Cell::Flag(x), Cell::Flag(y)) => x.cmp(y),
        (Cell::Text(x), Cell::Text(y)) => match (severity_rank(x), severity_rank(y)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => cmp_ignore_case(x, y),
        },
        // Mixed types (a server that sent a string where a number was expected): by kind.
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Severities sort by how bad they are, not alphabetically.
fn severity_rank(s: &str) -> Option<u8> {
    Some(match s {
        "INFO" => 0,
        "SMOKE" => 1,
        "WARN" => 2,
        "SEVERE" => 3,
        _ => return None,
    })
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
/// Without a sort, filtered rows come best match first (exact substrings before scattered
/// subsequences), in server order among equals.
pub fn compute(
    rows: &[Row],
    terms: &[String],
    sort: Option<Sort>,
    within: Option<&[u32]>,
) -> Vec<u32> {
    if terms.is_empty() && within.is_none() && sort.is_none() {
        return (0..rows.len() as u32).collect();
    }
    let candidates: Box<dyn Iterator<Item = u32>> = match within {
        Some(subset) => Box::new(subset.iter().copied()),
        None => Box::new(0..rows.len() as u32),
    };
    let mut view: Vec<u32> = if terms.is_empty() {
        candidates.collect()
    } else {
        let mut scored: Vec<(u32, u32)> = candidates
            .filter_map(|i| row_score(&rows[i as usize], terms).map(|s| (i, s)))
            .collect();
        if sort.is_none() {
            scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        scored.into_iter().map(|(i, _)| i).collect()
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
            exact: Box::default(),
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
    fn exact_matches_come_before_scattered_ones() {
        let rows = vec![
            row(vec![
                text("Pricing SLO burn"),
                text("env.dev,team.payments,service.pricing,u"),
            ]),
            row(vec![text("High CPU on api tier")]),
        ];
        assert_eq!(compute(&rows, &terms("cpu"), None, None), vec![1, 0]);
    }

    #[test]
    fn severities_sort_by_badness() {
        let rows = vec![
            row(vec![text("WARN")]),
            row(vec![text("SEVERE")]),
            row(vec![text("INFO")]),
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
        assert_eq!(asc, vec![2, 0, 1]);
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
