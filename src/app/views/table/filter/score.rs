//! Scoring a row against a [`Query`]: each term against each text cell, one matcher and one
//! set of buffers for every row of a keystroke.

use std::fmt::Write;

use nucleo_matcher::pattern::{Atom, AtomKind, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Query;
use crate::api::catalog::{Cell, Row};

/// Holds nucleo's matcher (its score matrix is ~135 KB) and the conversion buffers, so a
/// keystroke over 100,000 rows allocates nothing per row.
pub struct RowMatcher {
    matcher: Matcher,
    /// A non-ASCII cell as chars (nucleo's `Utf32Str`); ASCII cells are used as they are.
    chars: Vec<char>,
    /// A number cell as text.
    number: String,
}

impl Default for RowMatcher {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            chars: Vec::new(),
            number: String::new(),
        }
    }
}

impl RowMatcher {
    /// How well `row` matches, higher is better; `None` when it does not. Every term must
    /// match some cell (a negated one: no cell); a row's score adds each term's best cell.
    /// A regex scores every match the same: its rows keep the list's order.
    pub fn score(&mut self, query: &Query, row: &Row) -> Option<u32> {
        match query {
            Query::All => Some(0),
            Query::Fzf(pattern) => self.fzf(pattern, row),
            Query::Regex(re) => row
                .cells
                .iter()
                .any(|cell| self.text(cell).is_some_and(|t| re.is_match(t)))
                .then_some(0),
        }
    }

    fn fzf(&mut self, pattern: &Pattern, row: &Row) -> Option<u32> {
        let mut total = 0;
        for atom in &pattern.atoms {
            total += u32::from(self.atom(atom, row)?);
        }
        Some(total)
    }

    fn atom(&mut self, atom: &Atom, row: &Row) -> Option<u16> {
        let mut best = None;
        for cell in &row.cells {
            // The text is borrowed from the row or from `self.number`: split the borrows.
            let Self {
                matcher,
                chars,
                number,
            } = self;
            let Some(text) = cell_text(cell, number) else {
                continue;
            };
            // A negated atom answers `None` on the cell holding what it excludes.
            let score = if greedy(atom) {
                // As `Atom::score` sets them for an ASCII needle parsed ignoring case with
                // smart normalisation (see `fzf::pattern`).
                matcher.config.ignore_case = true;
                matcher.config.normalize = true;
                matcher.fuzzy_match_greedy(Utf32Str::new(text, chars), atom.needle_text())
            } else {
                atom.score(Utf32Str::new(text, chars), matcher)
            };
            match (atom.negative, score) {
                (true, None) => return None,
                (true, Some(_)) => best = Some(0),
                (false, Some(s)) => best = Some(best.map_or(s, |b: u16| b.max(s))),
                (false, None) => {}
            }
        }
        // A negation holds on a row without text cells too.
        if atom.negative { Some(0) } else { best }
    }

    fn text<'a>(&'a mut self, cell: &'a Cell) -> Option<&'a str> {
        cell_text(cell, &mut self.number)
    }
}

/// Whether a fuzzy term is matched greedily (fzf's v1 algorithm: linear, a score close to the
/// optimal one) instead of nucleo's optimal match, which took twice as long over 100,000 rows
/// for two letters (`we`: 20 ms against 9). Only ASCII needles: a non-ASCII one keeps the
/// atom's own normalisation.
fn greedy(atom: &Atom) -> bool {
    atom.kind == AtomKind::Fuzzy
        && !atom.negative
        && matches!(atom.needle_text(), Utf32Str::Ascii(_))
}

/// The text a filter sees in a cell: text as shown, numbers as digits; times and flags are
/// shown as words that change (`3m ago`), so they are not matched.
fn cell_text<'a>(cell: &'a Cell, number: &'a mut String) -> Option<&'a str> {
    match cell {
        Cell::Text(s) => Some(s),
        Cell::Int(n) => {
            number.clear();
            // Writing to a String cannot fail.
            let _ = write!(number, "{n}");
            Some(number)
        }
        Cell::Empty | Cell::Time(_) | Cell::Flag(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::views::table::filter::Mode;

    fn row(cells: &[&str]) -> Row {
        Row {
            id: None,
            cells: cells.iter().map(|s| Cell::Text((*s).into())).collect(),
            raw: None,
            exact: Default::default(),
        }
    }

    fn score(text: &str, mode: Mode, r: &Row) -> Option<u32> {
        let query = Query::parse(text, mode).unwrap();
        RowMatcher::default().score(&query, r)
    }

    #[test]
    fn each_operator_matches_within_a_cell() {
        let r = row(&["web-01.prod", "AWS CloudWatch"]);
        for hit in [
            "web",
            "cwt",
            "'prod",
            "^web",
            "prod$",
            "^web-01.prod$",
            "web !db",
            "01",
        ] {
            assert!(score(hit, Mode::Fzf, &r).is_some(), "{hit}");
        }
        for miss in ["^prod", "web$", "!cloud", "web azure", "'cwt", "^01"] {
            assert!(score(miss, Mode::Fzf, &r).is_none(), "{miss}");
        }
    }

    #[test]
    fn numbers_match_as_digits_and_unicode_text_matches() {
        let r = Row {
            id: None,
            cells: vec![Cell::Int(4242), Cell::Text("Latenz – Übersicht".into())],
            raw: None,
            exact: Default::default(),
        };
        assert!(score("424", Mode::Fzf, &r).is_some());
        assert!(score("über", Mode::Fzf, &r).is_some());
        assert!(score("übr", Mode::Fzf, &r).is_some(), "letters stay fuzzy");
        assert!(score("^4242$", Mode::Fzf, &r).is_some());
    }

    #[test]
    fn a_regex_matches_any_cell_ignoring_case() {
        let r = row(&["host-00012", "DB"]);
        assert!(score(r"^host-\d{5}$", Mode::Regex, &r).is_some());
        assert!(score("^db$", Mode::Regex, &r).is_some());
        assert!(score("(?-i)^db$", Mode::Regex, &r).is_none());
        assert!(score("host-0002", Mode::Regex, &r).is_none());
    }

    #[test]
    fn a_contiguous_match_scores_above_a_scattered_one() {
        let near = row(&["High CPU on api tier"]);
        let far = row(&["env.dev,team.payments,service.pricing,u"]);
        let (a, b) = (
            score("cpu", Mode::Fzf, &near),
            score("cpu", Mode::Fzf, &far),
        );
        assert!(a.unwrap() > b.unwrap(), "{a:?} {b:?}");
    }
}
