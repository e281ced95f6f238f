//! Which loaded rows a table shows, in which order: the filter (see [`super::filter`]) over
//! the visible text columns and a sort on any column. Pure functions over rows, so they are
//! cheap to test and to benchmark at 100,000 rows.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::filter::{Query, RowMatcher};
use crate::api::alert_firings::severity_rank;
use crate::api::catalog::{CellRef, Rows};

/// A sort: which column, which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub ascending: bool,
}

/// Empty cells sort last whichever the direction; numbers and times by value; text ignoring case.
pub fn compare_cells(a: CellRef<'_>, b: CellRef<'_>) -> Ordering {
    match (a, b) {
        (CellRef::Empty, CellRef::Empty) => Ordering::Equal,
        (CellRef::Empty, _) => Ordering::Greater,
        (_, CellRef::Empty) => Ordering::Less,
        (CellRef::Int(x), CellRef::Int(y)) | (CellRef::Time(x), CellRef::Time(y)) => x.cmp(&y),
        (CellRef::Flag(x), CellRef::Flag(y)) => x.cmp(&y),
        // Severities sort by how bad they are, not alphabetically.
        (CellRef::Text(x), CellRef::Text(y)) => match (severity_rank(x), severity_rank(y)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => cmp_ignore_case(x, y),
        },
        // Mixed types (a server that sent a string where a number was expected): by kind.
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(c: CellRef<'_>) -> u8 {
    match c {
        CellRef::Int(_) | CellRef::Time(_) => 0,
        CellRef::Flag(_) => 1,
        CellRef::Text(_) => 2,
        CellRef::Empty => 3,
    }
}

pub(super) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
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
/// Without a sort, filtered rows come best match first (nucleo's score: a contiguous match
/// before a scattered one, a word start before a middle), in list order among equals: the
/// best match is the row selected while typing. A column sort orders them instead.
pub fn compute(rows: &Rows, query: &Query, sort: Option<Sort>, within: Option<&[u32]>) -> Vec<u32> {
    if query.is_all() && within.is_none() && sort.is_none() {
        return (0..rows.len() as u32).collect();
    }
    let view = match (query.is_all(), within) {
        (true, Some(subset)) => subset.to_vec(),
        (true, None) => (0..rows.len() as u32).collect(),
        // Best first, the candidates' order does not change the result; a column sort keeps
        // the order they came in among equal cells.
        (false, Some(subset)) if sort.is_none() => {
            return finish(rows, scored(rows, query, &in_list_order(subset)), sort);
        }
        (false, Some(subset)) => return finish(rows, scored(rows, query, subset), sort),
        (false, None) => {
            let all: Vec<u32> = (0..rows.len() as u32).collect();
            return finish(rows, scored(rows, query, &all), sort);
        }
    };
    finish_sort(rows, view, sort)
}

fn scored(rows: &Rows, query: &Query, candidates: &[u32]) -> Vec<u64> {
    let mut out = Vec::new();
    score(rows, query, candidates, &mut out);
    out
}

/// Below this many candidates one thread scores them all: a thread's start costs more.
const PARALLEL_FROM: usize = 20_000;

/// Appends the key of each of `candidates` that matches `query`, in candidate order: the
/// score inverted above the row's index, so that one `u64` sort puts the best score first and
/// list order among equals (several times faster than pairs with a comparator). Over many
/// rows, a chunk a core, joined in order: the same keys as one thread gives.
pub fn score(rows: &Rows, query: &Query, candidates: &[u32], out: &mut Vec<u64>) {
    let threads = if candidates.len() >= PARALLEL_FROM {
        cores()
    } else {
        1
    };
    if threads <= 1 {
        return score_chunk(rows, query, candidates, out);
    }
    let size = candidates.len().div_ceil(threads);
    let mut chunks = candidates.chunks(size);
    let first = chunks.next().unwrap_or_default();
    let rest: Vec<Vec<u64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .map(|chunk| {
                scope.spawn(move || {
                    let mut keys = Vec::new();
                    score_chunk(rows, query, chunk, &mut keys);
                    keys
                })
            })
            .collect();
        // This thread takes the first chunk meanwhile.
        score_chunk(rows, query, first, out);
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    for keys in rest {
        out.extend(keys);
    }
}

/// The cores to score on, asked once (the standard library reads the cgroup's quota).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(8)
    })
}

fn score_chunk(rows: &Rows, query: &Query, candidates: &[u32], out: &mut Vec<u64>) {
    let mut matcher = RowMatcher::default();
    out.extend(candidates.iter().filter_map(|&i| {
        // A run in flight may outlive rows replaced under it: those are skipped.
        let score = matcher.score(query, rows.get(i as usize)?)?;
        Some((u64::from(u32::MAX - score) << 32) | u64::from(i))
    }));
}

/// The rows to show from the keys [`score`] gave: best first, or by the column sort.
pub fn finish(rows: &Rows, keys: Vec<u64>, sort: Option<Sort>) -> Vec<u32> {
    let view = if sort.is_none() {
        best_first(keys)
    } else {
        keys.into_iter().map(|key| key as u32).collect()
    };
    finish_sort(rows, view, sort)
}

/// Above this many distinct scores between the lowest and the highest, keys are sorted instead
/// of counted (a count a score: 256 KB at this bound).
const COUNTED_SCORES: u64 = 1 << 16;

/// The rows of `keys` in the keys' order (best score first, list order among equals). Keys in
/// list order (what scoring candidates in list order gives, see [`in_list_order`]) are put in
/// place by a count of each score, stably: the same order as sorting them, a few times faster.
fn best_first(mut keys: Vec<u64>) -> Vec<u32> {
    let in_list_order = keys.windows(2).all(|w| (w[0] as u32) < (w[1] as u32));
    let (low, high) = keys.iter().fold((u64::MAX, 0), |(low, high), &key| {
        (low.min(key >> 32), high.max(key >> 32))
    });
    if !in_list_order || keys.is_empty() || high - low >= COUNTED_SCORES {
        keys.sort_unstable();
        return keys.into_iter().map(|key| key as u32).collect();
    }
    // Where each score's rows start, then each row in its place.
    let mut starts = vec![0u32; (high - low) as usize + 2];
    for &key in &keys {
        starts[((key >> 32) - low) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut view = vec![0u32; keys.len()];
    for &key in &keys {
        let at = &mut starts[((key >> 32) - low) as usize];
        view[*at as usize] = key as u32;
        *at += 1;
    }
    view
}

/// `subset` (row indices, each once) in list order: the rows a keystroke narrows to come from
/// the last result, best match first; scored in list order they are read from memory in the
/// order they are held, and their keys come in list order (see [`best_first`]).
pub fn in_list_order(subset: &[u32]) -> Cow<'_, [u32]> {
    if subset.is_sorted() {
        return Cow::Borrowed(subset);
    }
    let max = subset.iter().copied().max().unwrap_or_default() as usize;
    let mut bits = vec![0u64; max / 64 + 1];
    for &i in subset {
        bits[i as usize / 64] |= 1 << (i % 64);
    }
    let mut ordered = Vec::with_capacity(subset.len());
    for (word, &set) in bits.iter().enumerate() {
        let mut set = set;
        while set != 0 {
            ordered.push((word * 64) as u32 + set.trailing_zeros());
            set &= set - 1;
        }
    }
    Cow::Owned(ordered)
}

fn finish_sort(rows: &Rows, view: Vec<u32>, sort: Option<Sort>) -> Vec<u32> {
    match sort {
        Some(sort) => super::column_sort::sort_column(rows, &view, sort),
        None => view,
    }
}

/// Orders shown rows by a kind's keys, (column, ascending) in turn, stably: what a list shows
/// while no sort is chosen (the firing alerts: most severe first, then firing the longest).
/// Empty cells stay last both ways, as in a column sort.
pub fn order_by(rows: &Rows, view: &mut [u32], keys: &[(usize, bool)]) {
    if keys.is_empty() {
        return;
    }
    let cell = |i: u32, column: usize| {
        rows.get(i as usize)
            .and_then(|r| r.cell(column))
            .unwrap_or(CellRef::Empty)
    };
    view.sort_by(|&a, &b| {
        keys.iter()
            .map(|&(column, ascending)| {
                let (ca, cb) = (cell(a, column), cell(b, column));
                let ord = compare_cells(ca, cb);
                if ascending || ca == CellRef::Empty || cb == CellRef::Empty {
                    ord
                } else {
                    ord.reverse()
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{Cell, Row};
    use crate::app::views::table::filter::Mode;

    // The functions over the rows a table keeps, given the rows one by one.
    fn compute(
        rows: &[Row],
        query: &Query,
        sort: Option<Sort>,
        within: Option<&[u32]>,
    ) -> Vec<u32> {
        super::compute(&Rows::from(rows.to_vec()), query, sort, within)
    }

    fn order_by(rows: &[Row], view: &mut [u32], keys: &[(usize, bool)]) {
        super::order_by(&Rows::from(rows.to_vec()), view, keys);
    }

    fn scored(rows: &[Row], query: &Query, candidates: &[u32]) -> Vec<u64> {
        super::scored(&Rows::from(rows.to_vec()), query, candidates)
    }

    fn score_chunk(rows: &[Row], query: &Query, candidates: &[u32], out: &mut Vec<u64>) {
        super::score_chunk(&Rows::from(rows.to_vec()), query, candidates, out);
    }

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

    fn fzf(text: &str) -> Query {
        Query::parse(text, Mode::Fzf).unwrap()
    }

    /// The issue's example: `/host-0002` showed 29 rows, host-00012 and host-01002 among
    /// them, as scattered subsequences; `*` then tagged all 29.
    #[test]
    fn host_0002_matches_only_the_hosts_that_hold_it() {
        let rows: Vec<Row> = (0..2000)
            .map(|i| row(vec![text(&format!("host-{i:05}")), text("prod")]))
            .collect();
        let names: Vec<String> = compute(&rows, &fzf("host-0002"), None, None)
            .into_iter()
            .map(|i| format!("host-{i:05}"))
            .collect();
        let wanted: Vec<String> = (20..30).map(|i| format!("host-{i:05}")).collect();
        assert_eq!(names, wanted);
    }

    /// Letters match scattered, best first: word starts and contiguous runs before letters
    /// strewn through a name, whatever the list order.
    #[test]
    fn fuzzy_letters_rank_whole_words_first() {
        let names = [
            "aws-west-dev",
            "CloudWatch prod",
            "cost-watch-prod",
            "cloudwatch-west-prod",
        ];
        let rows: Vec<Row> = names.iter().map(|n| row(vec![text(n)])).collect();
        let order = |q: &str| -> Vec<&str> {
            compute(&rows, &fzf(q), None, None)
                .into_iter()
                .map(|i| names[i as usize])
                .collect()
        };
        // The same order as nucleo's optimal match gives (checked when the greedy one came in).
        let watch = ["cost-watch-prod", "CloudWatch prod", "cloudwatch-west-prod"];
        assert_eq!(order("cwp"), watch);
        assert_eq!(order("watch"), watch);
        assert_eq!(order("west"), ["aws-west-dev", "cloudwatch-west-prod"]);
    }

    #[test]
    fn every_term_must_match_some_cell() {
        let r = vec![row(vec![text("web-01"), text("CLOUDWATCH"), Cell::Int(42)])];
        let shown = |t: &str| compute(&r, &fzf(t), None, None).len();
        assert_eq!(shown("web cloud"), 1);
        assert_eq!(shown("42"), 1);
        assert_eq!(shown("web azure"), 0);
        assert_eq!(shown("web !cloud"), 0);
    }

    #[test]
    fn a_regex_keeps_the_list_order() {
        let rows = vec![
            row(vec![text("db-2")]),
            row(vec![text("web-1")]),
            row(vec![text("db-1")]),
        ];
        let re = Query::parse(r"^db-\d$", Mode::Regex).unwrap();
        assert_eq!(compute(&rows, &re, None, None), vec![0, 2]);
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
            &Query::All,
            Some(Sort {
                column: 0,
                ascending: true,
            }),
            None,
        );
        assert_eq!(asc, vec![2, 0, 3, 1]);
        let desc = compute(
            &rows,
            &Query::All,
            Some(Sort {
                column: 0,
                ascending: false,
            }),
            None,
        );
        assert_eq!(desc, vec![3, 0, 2, 1]);
        let by_count = compute(
            &rows,
            &Query::All,
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
        assert_eq!(compute(&rows, &fzf("cpu"), None, None), vec![1, 0]);
    }

    /// The console's order: most severe first, then the earliest start (firing the longest);
    /// unknown severities after the known ones, rows without a start last in their severity.
    #[test]
    fn a_kinds_order_sorts_by_each_key_in_turn() {
        let rows = vec![
            row(vec![text("WARN"), Cell::Time(30)]),
            row(vec![text("SEVERE"), Cell::Time(20)]),
            row(vec![text("SEVERE"), Cell::Empty]),
            row(vec![text("SEVERE"), Cell::Time(10)]),
            row(vec![text("INFO"), Cell::Time(5)]),
            row(vec![text("WARN"), Cell::Time(1)]),
        ];
        let mut view: Vec<u32> = (0..rows.len() as u32).collect();
        order_by(&rows, &mut view, &[(0, false), (1, true)]);
        assert_eq!(view, vec![3, 1, 2, 5, 0, 4]);
        let mut same: Vec<u32> = vec![2, 0];
        order_by(&rows, &mut same, &[]);
        assert_eq!(same, vec![2, 0], "no keys: as it was");
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
            &Query::All,
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
        let first = compute(&rows, &fzf("host-01"), None, None);
        let narrowed = compute(&rows, &fzf("host-012"), None, Some(&first));
        assert_eq!(narrowed, compute(&rows, &fzf("host-012"), None, None));
        assert!(!narrowed.is_empty());
    }

    /// Counted or sorted, the keys' order: best score first, list order among equals, for keys
    /// in list order (counted) and not (sorted), few scores and many.
    #[test]
    fn best_first_is_the_order_of_the_sorted_keys() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (len, scores) in [
            (0, 1),
            (1, 1),
            (7, 3),
            (5_000, 40),
            (5_000, 1 << 17),
            (3, 1 << 30),
        ] {
            let mut keys: Vec<u64> = (0..len as u64)
                .filter_map(|i| {
                    let r = next();
                    (r % 3 != 0).then(|| ((u64::from(u32::MAX) - (r >> 2) % scores) << 32) | i)
                })
                .collect();
            for _ in 0..2 {
                let mut sorted = keys.clone();
                sorted.sort_unstable();
                let expected: Vec<u32> = sorted.iter().map(|&k| k as u32).collect();
                assert_eq!(
                    best_first(keys.clone()),
                    expected,
                    "{len} keys, {scores} scores"
                );
                // Then the same keys out of list order.
                keys.reverse();
            }
        }
    }

    #[test]
    fn a_subset_in_list_order_holds_the_same_rows() {
        let subset = [70_001u32, 3, 64, 65, 0, 127, 128, 9_999];
        let mut sorted = subset.to_vec();
        sorted.sort_unstable();
        assert_eq!(in_list_order(&subset).as_ref(), sorted.as_slice());
        assert!(matches!(in_list_order(&sorted), Cow::Borrowed(_)));
        assert!(in_list_order(&[]).is_empty());
    }

    /// A narrowing keystroke scores the last result's rows in list order: the rows and order it
    /// would give over every row, the rows come best first.
    #[test]
    fn narrowing_a_result_best_first_gives_what_all_rows_give() {
        let rows: Vec<Row> = (0..3_000)
            .map(|i| {
                let role = ["web", "api", "db", "edge"][i % 4];
                let region = ["us-west-2", "eu-west-1", "ap-south-1"][i / 4 % 3];
                row(vec![
                    text(&format!("{role}-{i:06}.{region}.acme.net")),
                    text(&format!("region.{region},role.{role}")),
                ])
            })
            .collect();
        let mut last = compute(&rows, &fzf("w"), None, None);
        assert!(!last.is_sorted(), "best first, not list order: the case");
        for typed in ["we", "web", "web-", "web-0", "web-00"] {
            let narrowed = compute(&rows, &fzf(typed), None, Some(&last));
            assert_eq!(narrowed, compute(&rows, &fzf(typed), None, None), "{typed}");
            last = narrowed;
        }
        assert!(!last.is_empty());
    }

    /// Chunks scored on several threads join in order: the keys one thread gives.
    #[test]
    fn parallel_chunks_give_the_keys_of_one_thread() {
        let rows: Vec<Row> = (0..PARALLEL_FROM * 2)
            .map(|i| row(vec![text(&format!("web-{i:06}.prod")), Cell::Int(i as i64)]))
            .collect();
        let all: Vec<u32> = (0..rows.len() as u32).collect();
        for q in ["web-0001", "w", "1 !prod"] {
            let query = fzf(q);
            let mut one = Vec::new();
            score_chunk(&rows, &query, &all, &mut one);
            assert_eq!(scored(&rows, &query, &all), one, "{q}");
        }
    }
}
