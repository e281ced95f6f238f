//! fzf's pattern syntax through nucleo's parser, with one change of default: a plain term
//! matches scattered (fuzzy) only when it is made of letters.
//!
//! Names in a table are ids with digits and separators (`host-00012`, `web-01.prod`): a
//! scattered match of `host-0002` there is noise (`host-00012`, `host-01002` both hold it as
//! a subsequence, and nucleo's fuzzy scores them close to the real one). A term with a digit or
//! a symbol matches as a substring, as fzf's `'term` would; a term of letters (`cwp` for
//! "CloudWatch prod") stays fuzzy, best matches first.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};

/// The pattern of `text`, or `None` when it holds no term (only `!`, `^` or spaces).
pub fn pattern(text: &str) -> Option<Pattern> {
    let mut pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
    for atom in &mut pattern.atoms {
        let letters_only = atom.needle_text().chars().all(char::is_alphabetic);
        if atom.kind == AtomKind::Fuzzy && !letters_only {
            atom.kind = AtomKind::Substring;
        }
    }
    (!pattern.atoms.is_empty()).then_some(pattern)
}

/// Whether every term of `before` is a term of `now`, unchanged: what `now` matches then
/// matches each of them (terms are ANDed). False when `before` holds no term.
pub fn holds_terms(now: &str, before: &str) -> bool {
    match (pattern(now), pattern(before)) {
        (Some(now), Some(before)) => before.atoms.iter().all(|a| now.atoms.contains(a)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(AtomKind, bool)> {
        pattern(text)
            .map(|p| p.atoms.iter().map(|a| (a.kind, a.negative)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_fzf_operators_parse_to_their_kinds() {
        use AtomKind::*;
        assert_eq!(
            kinds("cwp 'exact ^pre suf$ !not ^whole$"),
            vec![
                (Fuzzy, false),
                (Substring, false),
                (Prefix, false),
                (Postfix, false),
                (Substring, true),
                (Exact, false),
            ]
        );
    }

    #[test]
    fn terms_with_digits_or_symbols_are_substrings() {
        assert_eq!(kinds("host-0002"), vec![(AtomKind::Substring, false)]);
        assert_eq!(kinds("42"), vec![(AtomKind::Substring, false)]);
        assert_eq!(kinds("über"), vec![(AtomKind::Fuzzy, false)]);
    }

    #[test]
    fn operators_alone_are_no_term() {
        assert!(pattern("!").is_none());
        assert!(pattern("^ '").is_none());
    }
}
