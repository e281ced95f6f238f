//! nucleo's greedy fuzzy score of a term of ASCII letters over ASCII text, worked out without
//! calling nucleo for each cell: the same steps as `Matcher::fuzzy_match_greedy` (nucleo 0.3,
//! `fuzzy_greedy.rs`, `prefilter.rs`, `score.rs`), over bytes, with the one thing nucleo's
//! configuration decides, the bonus of a letter after a byte, asked of nucleo itself once a
//! keystroke. Tests compare the two over every short text of the classes nucleo tells apart and
//! many long ones.
//!
//! The steps, for a needle of `m` lower-case letters in a text of `n >= m` bytes (ignoring case):
//! the first occurrence of the needle's first letter within the first `n - m + 1` bytes, then
//! each next letter's first occurrence after the one before (no match when one is missing); when
//! those are not contiguous, the match is shortened by matching backwards from its last letter;
//! then the score: a match of the first letter plus twice its bonus, then for each byte up to the
//! last letter either a match (plus the bonus, at least the first one's while contiguous) or a
//! gap penalty. `prefer_prefix` is off in nucleo's default configuration, so nothing else counts.

use nucleo_matcher::{Matcher, Utf32Str};

/// nucleo's `SCORE_MATCH`: what each matched character scores before its bonus.
const SCORE_MATCH: u16 = 16;
/// nucleo's `BONUS_FIRST_CHAR_MULTIPLIER`.
const FIRST_CHAR_MULTIPLIER: u16 = 2;
/// nucleo's `BONUS_BOUNDARY`: a bonus this high (a word start) carries through a contiguous run.
const BONUS_BOUNDARY: u16 = 8;
/// nucleo's `BONUS_CONSECUTIVE`: the least bonus of a letter that follows a matched one.
const BONUS_CONSECUTIVE: u16 = 4;
/// nucleo's `PENALTY_GAP_START` and `PENALTY_GAP_EXTENSION`.
const GAP_START: u16 = 3;
const GAP_EXTENSION: u16 = 1;
/// Longer needles go to nucleo: a score cannot overflow `u16` below this.
const MAX_NEEDLE: usize = 256;

/// The bonus nucleo gives a letter by the byte before it (128: the text's start) and its case.
pub struct Bonus {
    /// `[byte before (128: none)][letter upper-case]`.
    table: [[u16; 2]; 129],
}

impl Bonus {
    /// Asks nucleo the greedy score of one letter after each byte: `SCORE_MATCH` plus twice the
    /// bonus, the letter being its first occurrence. The matcher is left set as a greedy term
    /// sets it (ignoring case, normalising).
    pub fn new(matcher: &mut Matcher) -> Self {
        matcher.config.ignore_case = true;
        matcher.config.normalize = true;
        let mut table = [[0; 2]; 129];
        for before in (0..128u8).map(Some).chain([None]) {
            // A letter other than the byte before, so that it is the first occurrence.
            let letter = if before.is_some_and(|b| b.eq_ignore_ascii_case(&b'x')) {
                b'y'
            } else {
                b'x'
            };
            for (upper, at) in [letter, letter.to_ascii_uppercase()]
                .into_iter()
                .enumerate()
            {
                let text = [before.unwrap_or_default(), at, b' '];
                let probe = if before.is_some() {
                    &text[..]
                } else {
                    &text[1..]
                };
                let score = matcher
                    .fuzzy_match_greedy(Utf32Str::Ascii(probe), Utf32Str::Ascii(&[letter]))
                    .unwrap_or(SCORE_MATCH);
                table[before.map_or(128, usize::from)][upper] =
                    score.saturating_sub(SCORE_MATCH) / FIRST_CHAR_MULTIPLIER;
            }
        }
        Self { table }
    }

    fn of(&self, before: Option<u8>, letter: u8) -> u16 {
        self.table[before.map_or(128, usize::from)][usize::from(letter.is_ascii_uppercase())]
    }

    /// nucleo's greedy score of `needle` (lower-case ASCII letters) in `text`: `Some(None)` when
    /// it does not match; `None` when nucleo must answer (text not ASCII, an unusual needle).
    pub fn score(&self, text: &[u8], needle: &[u8]) -> Option<Option<u16>> {
        if needle.is_empty()
            || needle.len() > MAX_NEEDLE
            || !needle.iter().all(u8::is_ascii_lowercase)
            || !text.is_ascii()
        {
            return None;
        }
        if needle.len() > text.len() {
            return Some(None);
        }
        // `b | 0x20` folds only a letter's case onto the lower-case needle letter.
        let is = |b: u8, letter: u8| b | 0x20 == letter;
        let last_start = text.len() - needle.len();
        let Some(start) = find(&text[..=last_start], needle[0]) else {
            return Some(None);
        };
        // Each next letter's first occurrence: where the greedy match ends.
        let mut end = start + 1;
        for &letter in &needle[1..] {
            let Some(at) = find(&text[end..], letter) else {
                return Some(None);
            };
            end += at + 1;
        }
        let start = if end - start == needle.len() {
            start
        } else {
            // Shortened from the end, as nucleo does: the last start that still holds the needle.
            let mut left = needle.len();
            let mut from = start;
            for i in (start..end).rev() {
                if is(text[i], needle[left - 1]) {
                    left -= 1;
                    if left == 0 {
                        from = i;
                        break;
                    }
                }
            }
            from
        };
        Some(Some(self.calculate(text, needle, start, end)))
    }

    /// nucleo's `calculate_score` over `text[start..end]`, the needle's first letter at `start`.
    fn calculate(&self, text: &[u8], needle: &[u8], start: usize, end: usize) -> u16 {
        let before = start.checked_sub(1).map(|i| text[i]);
        let mut first_bonus = self.of(before, text[start]);
        let mut score = SCORE_MATCH + first_bonus * FIRST_CHAR_MULTIPLIER;
        let mut next = 1.min(needle.len() - 1);
        let mut in_gap = false;
        let mut consecutive = true;
        for i in start + 1..end {
            let b = text[i];
            if b | 0x20 == needle[next] {
                let mut bonus = self.of(Some(text[i - 1]), b);
                if consecutive {
                    if bonus >= BONUS_BOUNDARY && bonus > first_bonus {
                        first_bonus = bonus;
                    }
                    bonus = bonus.max(first_bonus).max(BONUS_CONSECUTIVE);
                } else {
                    first_bonus = bonus;
                }
                score += SCORE_MATCH + bonus;
                in_gap = false;
                consecutive = true;
                next = (next + 1).min(needle.len() - 1);
            } else {
                score = score.saturating_sub(if in_gap { GAP_EXTENSION } else { GAP_START });
                in_gap = true;
                consecutive = false;
            }
        }
        score
    }
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The bit that makes an ASCII letter lower-case, in each byte.
const FOLD: u64 = 0x2020_2020_2020_2020;

/// Where `letter` (lower-case) first is in ASCII `text`, in either case: 8 bytes at a time, as
/// nucleo's `memchr2` looks (the byte loop was a third of the first key over 100,000 rows).
fn find(text: &[u8], letter: u8) -> Option<usize> {
    let pattern = LOW * u64::from(letter);
    let mut chunks = text.chunks_exact(8);
    for (n, chunk) in (&mut chunks).enumerate() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // A zero byte where the letter is. Every byte is below 0x80 (ASCII), so adding 0x7f
        // sets a byte's high bit exactly when it is not zero, without carrying into the next.
        let x = (u64::from_le_bytes(word) | FOLD) ^ pattern;
        let found = !x.wrapping_add(LOW * 0x7f) & HIGH;
        if found != 0 {
            return Some(n * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    let at = tail.iter().position(|&b| b | 0x20 == letter)?;
    Some(text.len() - tail.len() + at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::Config;

    /// What nucleo itself gives a greedy term (as `RowMatcher` asks it without the table).
    fn nucleo_greedy(matcher: &mut Matcher, text: &str, needle: &str) -> Option<u16> {
        matcher.config.ignore_case = true;
        matcher.config.normalize = true;
        let mut chars = Vec::new();
        matcher.fuzzy_match_greedy(
            Utf32Str::new(text, &mut chars),
            Utf32Str::Ascii(needle.as_bytes()),
        )
    }

    /// Every class nucleo tells apart: both cases, digits, white space, its delimiters, other
    /// punctuation, control bytes, and text it normalises (`é`, `Ö`) or cannot (`ß`, `中`); the
    /// needles' letters in both cases, so that matches, repeats and gaps all occur.
    const PARTS: &[&str] = &[
        "a", "A", "w", "W", "e", "E", "b", "B", "z", "0", "7", " ", "\t", "-", ".", ",", "/", ":",
        ";", "|", "_", "@", "\u{1}", "é", "Ö", "ß", "中",
    ];

    fn texts() -> Vec<String> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut texts: Vec<String> = vec![String::new()];
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
        for _ in 0..30_000 {
            let len = (next() % 48) as usize;
            texts.push(
                (0..len)
                    .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                    .collect(),
            );
        }
        // Names as the tables hold them.
        for i in 0..2_000 {
            let role = [
                "web", "api", "db", "cache", "queue", "batch", "k8s-node", "edge",
            ][i % 8];
            let region = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"][i / 8 % 4];
            texts.push(format!("{role}-{i:06}.{region}.acme.net"));
            texts.push(format!("region.{region},role.{role}"));
            texts.push(format!("{role} host in {region}, WebEdge"));
        }
        texts
    }

    #[test]
    fn the_greedy_score_is_nucleos_on_every_text() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let bonus = Bonus::new(&mut matcher);
        let texts = texts();
        let mut fast = 0;
        let mut matched = 0;
        for needle in [
            "a", "w", "z", "we", "ew", "ww", "web", "wbe", "aaa", "eweb", "weweb",
        ] {
            for text in &texts {
                let expected = nucleo_greedy(&mut matcher, text, needle);
                let got = match bonus.score(text.as_bytes(), needle.as_bytes()) {
                    Some(score) => {
                        fast += 1;
                        score
                    }
                    None => expected,
                };
                matched += usize::from(expected.is_some());
                assert_eq!(got, expected, "{text:?} for {needle:?}");
            }
        }
        assert!(fast > 100_000, "the fast path answered {fast} times");
        assert!(
            matched > 50_000,
            "{matched} matches: the texts test too little"
        );
    }

    #[test]
    fn find_is_the_first_position_of_the_letter_in_either_case() {
        for text in texts().iter().filter(|t| t.is_ascii()) {
            for letter in [b'a', b'w', b'e', b'z'] {
                let expected = text.bytes().position(|b| b.to_ascii_lowercase() == letter);
                assert_eq!(find(text.as_bytes(), letter), expected, "{text:?} {letter}");
            }
        }
    }

    #[test]
    fn non_ascii_text_and_unusual_needles_go_to_nucleo() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let bonus = Bonus::new(&mut matcher);
        assert_eq!(bonus.score("Übersicht".as_bytes(), b"ub"), None);
        assert_eq!(bonus.score(b"web", b""), None);
        assert_eq!(
            bonus.score(b"web", b"We"),
            None,
            "the parser lower-cases needles"
        );
        assert_eq!(bonus.score(b"web-1", b"w1"), None, "letters only");
        assert_eq!(bonus.score(b"we", b"web"), Some(None));
    }
}
