//! A filter over more rows than one keystroke may score: scored a slice at a time between keys
//! and frames (the app's timer asks for the next slice at once while one is left), so typing
//! never waits for a million rows. The rows shown stay those of the last finished result
//! until the run ends; a key typed meanwhile starts the next run from what this one has.

use super::{Mode, Query};
use crate::api::catalog::Rows;
use crate::app::views::table::rowview;

/// Candidates scored at a time: a keystroke over up to this many rows is answered at once
/// (about 2 to 5 ms for 100,000 sources on this project's 2-core machine, see
/// `benches/table.rs`); beyond, each slice takes about that long and a frame follows it.
pub const SLICE: usize = 100_000;

#[derive(Debug)]
pub struct FilterRun {
    query: Query,
    /// The filter's text and mode the run scores for.
    text: String,
    mode: Mode,
    candidates: Vec<u32>,
    /// How many of `candidates` are scored.
    done: usize,
    /// The keys of the rows matched so far (see [`rowview::score`]), in candidate order.
    scored: Vec<u64>,
}

impl FilterRun {
    pub fn new(query: Query, text: String, mode: Mode, candidates: Vec<u32>) -> Self {
        Self {
            query,
            text,
            mode,
            candidates,
            done: 0,
            scored: Vec::new(),
        }
    }

    /// Scores the next slice; true once every candidate is scored.
    pub fn step(&mut self, rows: &Rows) -> bool {
        let end = (self.done + SLICE).min(self.candidates.len());
        rowview::score(
            rows,
            &self.query,
            &self.candidates[self.done..end],
            &mut self.scored,
        );
        self.done = end;
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.candidates.len()
    }

    /// (scored, of how many): what the footer says meanwhile.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.candidates.len())
    }

    /// The rows a text that narrows this run's (see [`Query::narrows`]) needs to look at:
    /// those matched so far, then those not scored yet, in the order they came.
    pub fn narrowed(&self, text: &str, mode: Mode) -> Option<Vec<u32>> {
        if mode != self.mode || !Query::narrows(&self.text, text, mode) {
            return None;
        }
        let matched = self.scored.iter().map(|&key| key as u32);
        Some(
            matched
                .chain(self.candidates[self.done..].iter().copied())
                .collect(),
        )
    }

    /// The keys of the matched rows, once [`FilterRun::is_done`].
    pub fn into_scored(self) -> Vec<u64> {
        self.scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{Cell, Row};

    fn rows(n: usize) -> Rows {
        (0..n)
            .map(|i| Row {
                id: None,
                cells: vec![Cell::Text(format!("host-{i:07}").into())],
                raw: None,
                exact: Box::default(),
            })
            .collect()
    }

    fn run(text: &str, candidates: Vec<u32>) -> FilterRun {
        let query = Query::parse(text, Mode::Fzf).unwrap();
        FilterRun::new(query, text.into(), Mode::Fzf, candidates)
    }

    /// Slice by slice, the same rows as scoring them in one go, and a narrower text started
    /// half-way through looks at the matched rows and the rest only.
    #[test]
    fn slices_give_what_one_pass_gives() {
        let n = SLICE * 2 + 17;
        let rows = rows(n);
        let all: Vec<u32> = (0..n as u32).collect();
        let mut sliced = run("host-00001", all.clone());
        assert!(!sliced.step(&rows), "more than a slice is left");
        assert_eq!(sliced.progress(), (SLICE, n));
        let narrower = sliced.narrowed("host-000012", Mode::Fzf).unwrap();
        // host-0000100 to host-0000199 match, all in the first slice.
        assert_eq!(narrower.len(), 100 + n - SLICE, "matched, then unscored");
        assert!(sliced.narrowed("host-0000", Mode::Fzf).is_none(), "wider");
        assert!(sliced.narrowed("host-000012", Mode::Regex).is_none());
        while !sliced.step(&rows) {}
        let mut whole = Vec::new();
        let query = Query::parse("host-00001", Mode::Fzf).unwrap();
        rowview::score(&rows, &query, &all, &mut whole);
        assert_eq!(sliced.into_scored(), whole);
        assert_eq!(whole.len(), 100);
    }
}
