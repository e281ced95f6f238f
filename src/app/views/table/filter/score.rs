//! Scoring a row against a [`Query`]: each term against each text cell, one matcher and one
//! set of buffers for every row of a keystroke.

use std::collections::HashMap;
use std::fmt::Write;
use std::hash::BuildHasherDefault;

use nucleo_matcher::pattern::{Atom, AtomKind, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Query;
use crate::api::catalog::{CellRef, RowCells};

/// Holds nucleo's matcher (its score matrix is ~135 KB) and the conversion buffers, so a
/// keystroke over 100,000 rows allocates nothing per row.
pub struct RowMatcher {
    matcher: Matcher,
    /// A non-ASCII cell as chars (nucleo's `Utf32Str`); ASCII cells are used as they are.
    chars: Vec<char>,
    /// A number cell as text.
    number: String,
    /// The scores of the last one-letter term, by what precedes the letter (see [`OneLetter`]).
    one: Option<Box<OneLetter>>,
    /// A term's score of a text many rows share (a tag set, a description: one key, see
    /// [`crate::api::catalog::RowRef::shared_text`]), worked out once: keyed by the term's address and the text's
    /// key, so valid while the query and the rows scored are, which is why a matcher serves
    /// one query.
    memo: HashMap<(usize, u64), Option<u16>, Fx>,
}

type Fx = BuildHasherDefault<crate::app::views::table::column_sort::FxHasher>;

impl Default for RowMatcher {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            chars: Vec::new(),
            number: String::new(),
            one: None,
            memo: HashMap::default(),
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
        let mut total = 0;
        for atom in &pattern.atoms {
            total += u32::from(self.atom(atom, row)?);
        }
        Some(total)
    }

    fn atom<'a>(&mut self, atom: &Atom, row: impl RowCells<'a>) -> Option<u16> {
        let letter = one_letter(atom);
        if let Some(letter) = letter {
            if self.one.as_ref().is_none_or(|one| one.letter != letter) {
                self.one = Some(Box::new(OneLetter::new(letter, &mut self.matcher)));
            }
        }
        let mut best = None;
        for (column, cell) in row.cells().enumerate() {
            // The text is borrowed from the row or from `self.number`: split the borrows.
            let Self {
                matcher,
                chars,
                number,
                one,
                memo,
            } = self;
            // Held by more than one cell.
            let shared = row
                .shared_text(column)
                .map(|text| (std::ptr::from_ref(atom) as usize, text));
            let known = shared.and_then(|key| memo.get(&key).copied());
            let score = if let Some(score) = known {
                score
            } else {
                let Some(text) = cell_text(cell, number) else {
                    continue;
                };
                let fast = match (letter, one) {
                    (Some(_), Some(one)) => one.score(text.as_bytes()),
                    _ => None,
                };
                // A negated atom answers `None` on the cell holding what it excludes.
                let score = if let Some(score) = fast {
                    score
                } else if greedy(atom) {
                    // As `Atom::score` sets them for an ASCII needle parsed ignoring case with
                    // smart normalisation (see `fzf::pattern`).
                    matcher.config.ignore_case = true;
                    matcher.config.normalize = true;
                    matcher.fuzzy_match_greedy(Utf32Str::new(text, chars), atom.needle_text())
                } else {
                    atom.score(Utf32Str::new(text, chars), matcher)
                };
                if let Some(key) = shared {
                    memo.insert(key, score);
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

/// The letter of a greedy term of one ASCII letter (the first key typed), whose score
/// [`OneLetter`] gives without nucleo.
fn one_letter(atom: &Atom) -> Option<u8> {
    match atom.needle_text() {
        Utf32Str::Ascii(&[letter]) if greedy(atom) && letter.is_ascii_lowercase() => Some(letter),
        _ => None,
    }
}

/// nucleo's greedy score of a one-letter needle, worked out once a keystroke for every byte
/// that can precede the letter. Greedily, nucleo scores the letter's *first* occurrence (ignoring
/// case) alone: a match plus twice the bonus of the boundary before it (the class of the byte
/// before and of the letter's own case; `prefer_prefix` is off), nothing after it counts. So
/// over ASCII text of two bytes or more the score is this table's entry for the byte before the
/// first occurrence; the table is filled by asking nucleo itself (`[before, letter, ' ']`), and a
/// test compares the two over many generated texts. Other text (non-ASCII: nucleo normalises
/// `é` to `e`; one byte: nucleo's exact match) is left to nucleo.
struct OneLetter {
    letter: u8,
    /// `[byte before (128: none)][letter upper-case]`.
    scores: [[u16; 2]; 129],
}

impl OneLetter {
    fn new(letter: u8, matcher: &mut Matcher) -> Self {
        // As `atom` sets them for a greedy term.
        matcher.config.ignore_case = true;
        matcher.config.normalize = true;
        let needle = [letter];
        let mut nucleo = |haystack: &[u8]| {
            matcher
                .fuzzy_match_greedy(Utf32Str::Ascii(haystack), Utf32Str::Ascii(&needle))
                .unwrap_or(0)
        };
        let mut scores = [[0; 2]; 129];
        for (upper, at) in [letter, letter.to_ascii_uppercase()]
            .into_iter()
            .enumerate()
        {
            for before in 0..128u8 {
                // Not the letter itself: that would be the first occurrence.
                if before.to_ascii_lowercase() != letter {
                    scores[usize::from(before)][upper] = nucleo(&[before, at, b' ']);
                }
            }
            scores[128][upper] = nucleo(&[at, b' ']);
        }
        Self { letter, scores }
    }

    /// The score of `text`, as nucleo gives it (`Some(None)`: no match); `None` when nucleo
    /// must answer.
    fn score(&self, text: &[u8]) -> Option<Option<u16>> {
        if text.len() < 2 || !text.is_ascii() {
            return None;
        }
        let upper = self.letter.to_ascii_uppercase();
        let Some(at) = text.iter().position(|&b| b == self.letter || b == upper) else {
            return Some(None);
        };
        let before = at.checked_sub(1).map_or(128, |i| usize::from(text[i]));
        Some(Some(self.scores[before][usize::from(text[at] == upper)]))
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
        for letter in [b'a', b'e', b'w', b'z'] {
            let one = OneLetter::new(letter, &mut matcher);
            for text in &texts {
                let expected = nucleo_greedy(&mut matcher, text, letter);
                let got = match one.score(text.as_bytes()) {
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
