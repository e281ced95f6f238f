//! The rows the last keystrokes' filters matched, to narrow a keystroke from: a term added
//! after a negation (`^web !canary 1$`, typed a key at a time) cannot narrow from the key
//! before (`!c` excludes more than `!ca`), but can from the result of the text that held only
//! the terms before it (`^web `), instead of scoring every row again.

use super::{Mode, Query};

/// Results kept: the last few texts typed.
const KEPT: usize = 8;

#[derive(Debug, Default)]
pub struct Recent {
    /// Oldest first.
    results: Vec<Matched>,
}

#[derive(Debug)]
struct Matched {
    text: String,
    mode: Mode,
    /// In list order.
    rows: Vec<u32>,
}

impl Recent {
    /// The rows changed, or the sort: the results kept no longer say which rows match.
    pub fn clear(&mut self) {
        self.results.clear();
    }

    /// Keeps the rows `text` matched (in list order); results over more rows than a keystroke
    /// scores are not kept (a million rows filter in runs, which narrow on their own).
    pub fn push(&mut self, text: &str, mode: Mode, rows: Vec<u32>) {
        if rows.len() > super::run::SLICE {
            return;
        }
        if self.results.len() == KEPT {
            self.results.remove(0);
        }
        self.results.push(Matched {
            text: text.to_string(),
            mode,
            rows,
        });
    }

    /// The fewest rows `now` needs to look at among the results kept (see [`Query::narrows`]),
    /// in list order.
    pub fn narrowing(&self, now: &str, mode: Mode) -> Option<&[u32]> {
        self.results
            .iter()
            .filter(|m| m.mode == mode && Query::narrows(&m.text, now, mode))
            .map(|m| m.rows.as_slice())
            .min_by_key(|rows| rows.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_result_a_text_narrows_from() {
        let mut recent = Recent::default();
        recent.push("^web", Mode::Fzf, vec![1, 2, 3, 4]);
        recent.push("^web !c", Mode::Fzf, vec![1, 2]);
        recent.push("^web !ca", Mode::Fzf, vec![1, 2, 3]);
        // `!can` excludes less than `!c`: only `^web` holds every row it matches.
        assert_eq!(
            recent.narrowing("^web !can", Mode::Fzf),
            Some(&[1, 2, 3, 4][..])
        );
        assert_eq!(
            recent.narrowing("^web !ca 1$", Mode::Fzf),
            Some(&[1, 2, 3][..])
        );
        assert_eq!(recent.narrowing("^web !c x", Mode::Fzf), Some(&[1, 2][..]));
        assert_eq!(recent.narrowing("^we", Mode::Fzf), None);
        assert_eq!(recent.narrowing("^web x", Mode::Regex), None);
        recent.clear();
        assert_eq!(recent.narrowing("^web x", Mode::Fzf), None);
    }

    #[test]
    fn only_the_last_results_are_kept_and_not_those_over_a_slice() {
        let mut recent = Recent::default();
        recent.push("a", Mode::Fzf, vec![0; super::super::run::SLICE + 1]);
        assert_eq!(recent.narrowing("a b", Mode::Fzf), None);
        for i in 0..=KEPT {
            recent.push(&format!("t{i}"), Mode::Fzf, vec![i as u32]);
        }
        assert_eq!(recent.narrowing("t0 x", Mode::Fzf), None, "pushed out");
        assert_eq!(recent.narrowing("t1 x", Mode::Fzf), Some(&[1][..]));
    }
}
