//! Scoring a row against a [`Query`]: each term against each text cell, one matcher and one
//! set of buffers for every row of a keystroke.

use std::fmt::Write;

use nucleo_matcher::pattern::{Atom, AtomKind, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Query;
use super::greedy::Bonus;
use super::memo::Memo;
use crate::api::catalog::{CellRef, RowCells};

/// Holds nucleo's matcher (its score matrix is ~135 KB) and the conversion buffers, so a
/// keystroke over 100,000 rows allocates nothing per row.
pub struct RowMatcher {
    matcher: Matcher,
    /// A non-ASCII cell as chars (nucleo's `Utf32Str`); ASCII cells are used as they are.
    chars: Vec<char>,
    /// A number cell as text.
    number: String,
    /// nucleo's bonus of a letter by the byte before it, asked once for the greedy terms (see
    /// [`Bonus`]).
    bonus: Option<Box<Bonus>>,
    /// What each term of the query needs per row, worked out at its first row.
    terms: Vec<Term>,
    /// The address of the pattern `terms` were worked out for.
    terms_of: usize,
    /// The scores of texts many rows share (see [`Memo`]).
    memo: Memo,
}

/// A term as each row's scoring asks it (nucleo's `Atom::needle_text` is a call per row).
struct Term {
    /// Matched greedily (see [`greedy`]).
    greedy: bool,
    /// The needle of a greedy term of ASCII letters, scored by [`Bonus`] without nucleo.
    ascii: Option<Box<[u8]>>,
}

impl Default for RowMatcher {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            chars: Vec::new(),
            number: String::new(),
            bonus: None,
            terms: Vec::new(),
            terms_of: 0,
            memo: Memo::default(),
        }
    }
}

impl RowMatcher {
    /// How well `row` matches, higher is better; `None` when it does not. Every term must
    /// match some cell (a negated one: no cell); a row's score adds each term's best cell.
    /// A regex scores every match the same: its rows keep the list's order.
    pub fn score<'a>(&mut self, query: &Query, row: impl RowCells<'a>) -> Option<u32> {
        match query {
            Query::All => Some(0),
            Query::Fzf(pattern) => self.fzf(pattern, row),
            Query::Regex(re) => row
                .cells()
                .any(|cell| self.text(cell).is_some_and(|t| re.is_match(t)))
                .then_some(0),
        }
    }

    fn fzf<'a>(&mut self, pattern: &Pattern, row: impl RowCells<'a>) -> Option<u32> {
        if self.terms_of != std::ptr::from_ref(pattern) as usize {
            self.prepare(pattern);
        }
        let mut total = 0;
        for (index, atom) in pattern.atoms.iter().enumerate() {
            total += u32::from(self.atom(index, atom, row)?);
        }
        Some(total)
    }

    fn prepare(&mut self, pattern: &Pattern) {
        if self.terms_of != 0 {
            // Scores kept for another query's terms would be read as this one's.
            self.memo = Memo::default();
        }
        self.terms_of = std::ptr::from_ref(pattern) as usize;
        self.terms = pattern
            .atoms
            .iter()
            .map(|atom| Term {
                greedy: greedy(atom),
                ascii: ascii_greedy(atom).map(Box::from),
            })
            .collect();
        if self.bonus.is_none() && self.terms.iter().any(|t| t.ascii.is_some()) {
            self.bonus = Some(Box::new(Bonus::new(&mut self.matcher)));
        }
    }

    fn atom<'a>(&mut self, index: usize, atom: &Atom, row: impl RowCells<'a>) -> Option<u16> {
        let mut best = None;
        // The text is borrowed from the row or from `self.number`: split the borrows.
        let Self {
            matcher,
            chars,
            number,
            bonus,
            terms,
            memo,
            ..
        } = self;
        let term = &terms[index];
        for (column, cell) in row.cells().enumerate() {
            let text = match cell {
                CellRef::Text(s) => s,
                CellRef::Int(_) => match cell_text(cell, number) {
                    Some(text) => text,
                    None => continue,
                },
                CellRef::Empty | CellRef::Time(_) | CellRef::Flag(_) => continue,
            };
            // Held by more than one cell: stored once, so one address for all of them.
            let shared = row.shared_text(column).is_some();
            let known = if shared { memo.get(text, index) } else { None };
            let score = if let Some(score) = known {
                score
            } else {
                let fast = match (&term.ascii, &bonus) {
                    (Some(needle), Some(bonus)) => bonus.score(text.as_bytes(), needle),
                    _ => None,
                };
                // A negated atom answers `None` on the cell holding what it excludes.
                let score = if let Some(score) = fast {
                    score
                } else if term.greedy {
                    // As `Atom::score` sets them for an ASCII needle parsed ignoring case with
                    // smart normalisation (see `fzf::pattern`).
                    matcher.config.ignore_case = true;
                    matcher.config.normalize = true;
                    matcher.fuzzy_match_greedy(Utf32Str::new(text, chars), atom.needle_text())
                } else {
                    atom.score(Utf32Str::new(text, chars), matcher)
                };
                if shared {
                    memo.insert(text, index, score);
                }
                score
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

    fn text<'a>(&'a mut self, cell: CellRef<'a>) -> Option<&'a str> {
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

/// The needle of a greedy term of ASCII letters, whose score [`Bonus`] gives without nucleo.
fn ascii_greedy(atom: &Atom) -> Option<&[u8]> {
    match atom.needle_text() {
        Utf32Str::Ascii(needle) if greedy(atom) => Some(needle),
        _ => None,
    }
}

/// The text a filter sees in a cell: text as shown, numbers as digits; times and flags are
/// shown as words that change (`3m ago`), so they are not matched.
fn cell_text<'a>(cell: CellRef<'a>, number: &'a mut String) -> Option<&'a str> {
    match cell {
        CellRef::Text(s) => Some(s),
        CellRef::Int(n) => {
            number.clear();
            // Writing to a String cannot fail.
            let _ = write!(number, "{n}");
            Some(number)
        }
        CellRef::Empty | CellRef::Time(_) | CellRef::Flag(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{Cell, Row, Rows};
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

    /// A text many rows share is scored once a term (the memo): each row still gets the score
    /// its own copy would, for every operator, a negation and several terms at once.
    #[test]
    fn a_shared_text_scores_as_its_own_copy_would() {
        let shared = "env=prod team=web-payments";
        let names = ["web-01", "db-02", "cache-03"];
        let rows_shared: Rows = names.iter().map(|name| row(&[name, shared])).collect();
        assert!(
            rows_shared.iter().all(|r| r.shared_text(1).is_some()),
            "the memo's case"
        );
        for text in [
            "p",
            "prod",
            "web",
            "'team",
            "^env",
            "payments$",
            "!prod",
            "we !db",
            "zz",
        ] {
            let query = Query::parse(text, Mode::Fzf).unwrap();
            let mut matcher = RowMatcher::default();
            for (r, name) in rows_shared.iter().zip(names) {
                let own = Rows::from(vec![row(&[name, shared])]);
                let own = own.get(0).unwrap();
                assert_eq!(own.shared_text(1), None);
                assert_eq!(
                    matcher.score(&query, r),
                    RowMatcher::default().score(&query, own),
                    "{text:?} on {name}"
                );
            }
        }
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

    /// What nucleo itself gives a greedy one-letter term (as `atom` asks it without the table).
    fn nucleo_greedy(matcher: &mut Matcher, text: &str, letter: u8) -> Option<u16> {
        matcher.config.ignore_case = true;
        matcher.config.normalize = true;
        let mut chars = Vec::new();
        matcher.fuzzy_match_greedy(Utf32Str::new(text, &mut chars), Utf32Str::Ascii(&[letter]))
    }

    #[test]
    fn the_one_letter_table_scores_as_nucleo_does() {
        // Every class nucleo tells apart: both cases, digits, white space, its delimiters,
        // other punctuation, and text it normalises (`é`, `Ö`) or cannot (`ß`, `中`).
        const PARTS: &[&str] = &[
            "a", "A", "w", "W", "e", "E", "z", "Z", "0", "7", " ", "\t", "-", ".", ",", "/", ":",
            ";", "|", "_", "@", "é", "Ö", "ß", "中",
        ];
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut texts: Vec<String> = Vec::new();
        // Every text of up to three parts, then many longer ones.
        for a in PARTS {
            texts.push((*a).into());
            for b in PARTS {
                texts.push(format!("{a}{b}"));
                for c in PARTS {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for _ in 0..40_000 {
            let len = (next() % 40) as usize;
            texts.push(
                (0..len)
                    .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                    .collect(),
            );
        }
        texts.push(String::new());
        let mut fast_paths = 0;
        let bonus = Bonus::new(&mut matcher);
        for letter in [b'a', b'e', b'w', b'z'] {
            for text in &texts {
                let expected = nucleo_greedy(&mut matcher, text, letter);
                let got = match bonus.score(text.as_bytes(), &[letter]) {
                    Some(score) => {
                        fast_paths += 1;
                        score
                    }
                    None => expected,
                };
                assert_eq!(got, expected, "{text:?} for {:?}", letter as char);
            }
        }
        assert!(fast_paths > 40_000, "the table answered {fast_paths} times");
    }

    #[test]
    fn a_one_letter_row_score_is_the_best_cell_as_nucleo_scores_it() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        for cells in [
            vec!["web-000001.us-west-2.acme.net", "region.us-west-2,role.web"],
            vec!["db-7", "Wide"],
            vec!["x", "w"],
            vec!["Übersicht wow", "-W"],
            vec!["", "none"],
        ] {
            let r = row(&cells);
            let expected = cells
                .iter()
                .filter_map(|c| nucleo_greedy(&mut matcher, c, b'w'))
                .max()
                .map(u32::from);
            assert_eq!(score("w", Mode::Fzf, &r), expected, "{cells:?}");
        }
    }
}
