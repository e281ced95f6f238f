//! A term's score of a text many rows share (a tag set, a description: stored once in the
//! table's arena, so at one address), kept
//! once a keystroke: a small cache of fixed size, two places a key, looked up in a few
//! instructions (a hash map's lookup was a fifth of a row's scoring over 100,000 rows).
//!
//! Keyed by the text's address and length and the term's index: valid while the rows scored and
//! the query are, which is why a [`super::RowMatcher`] serves one query. A key pushed out by
//! another is only scored again.

/// Places: a table's shared texts number in the tens to hundreds (tag sets, descriptions).
const SLOTS: usize = 4096;

#[derive(Clone, Copy, Default)]
struct Slot {
    /// The text's address; 0: empty.
    text: usize,
    len: usize,
    term: u32,
    score: Option<u16>,
}

pub struct Memo {
    slots: Box<[Slot]>,
}

impl Default for Memo {
    fn default() -> Self {
        Self {
            slots: vec![Slot::default(); SLOTS].into_boxed_slice(),
        }
    }
}

impl Memo {
    fn places(text: usize, term: usize) -> [usize; 2] {
        let hash = (text as u64 ^ ((term as u64) << 52)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let first = (hash >> 52) as usize % SLOTS;
        [first, first ^ 1]
    }

    /// The score kept for term `term` of `text` (`Some(None)`: kept, no match).
    pub fn get(&self, text: &str, term: usize) -> Option<Option<u16>> {
        let key = text.as_ptr() as usize;
        Self::places(key, term).into_iter().find_map(|at| {
            let slot = &self.slots[at];
            (slot.text == key && slot.len == text.len() && slot.term as usize == term)
                .then_some(slot.score)
        })
    }

    pub fn insert(&mut self, text: &str, term: usize, score: Option<u16>) {
        let key = text.as_ptr() as usize;
        let [first, second] = Self::places(key, term);
        let at = if self.slots[first].text != 0 && self.slots[second].text == 0 {
            second
        } else {
            first
        };
        self.slots[at] = Slot {
            text: key,
            len: text.len(),
            term: term as u32,
            score,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_score_is_found_by_text_and_term_only() {
        let mut memo = Memo::default();
        let texts: Vec<String> = (0..10_000).map(|i| format!("text {i}")).collect();
        assert_eq!(memo.get(&texts[0], 0), None);
        for (i, text) in texts.iter().enumerate() {
            memo.insert(text, i % 3, (i % 5 != 0).then_some(i as u16));
        }
        // More texts than places: the last ones kept, whatever was pushed out.
        let mut found = 0;
        for (i, text) in texts.iter().enumerate() {
            match memo.get(text, i % 3) {
                Some(score) => {
                    found += 1;
                    assert_eq!(score, (i % 5 != 0).then_some(i as u16), "{text}");
                }
                None => assert!(i < texts.len() - 1, "the last one is kept"),
            }
            assert_eq!(memo.get(text, i % 3 + 1), None, "another term's");
            // The same address, shorter: another text.
            assert_eq!(memo.get(&text[..text.len() - 1], i % 3), None);
        }
        assert!(found > SLOTS / 2, "{found} kept");
    }
}
