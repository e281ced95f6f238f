//! The table filter's language: fzf's pattern syntax, matched and scored by nucleo (the
//! default), or a regex (a toggle while typing). [`Query`] is the text compiled once per
//! keystroke; [`RowMatcher`] scores rows against it with buffers reused across rows.

mod fzf;
mod greedy;
mod memo;
pub mod recent;
pub mod run;
mod score;

pub use score::RowMatcher;

/// How the filter's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// fzf's syntax: `'exact`, `^prefix`, `suffix$`, `!negation`, terms ANDed.
    #[default]
    Fzf,
    /// A regular expression, case-insensitive (`(?-i)` turns that off).
    Regex,
}

impl Mode {
    pub fn toggled(self) -> Mode {
        match self {
            Mode::Fzf => Mode::Regex,
            Mode::Regex => Mode::Fzf,
        }
    }

    /// The mode's name where it is said (title, footer).
    pub fn label(self) -> &'static str {
        match self {
            Mode::Fzf => "fzf",
            Mode::Regex => "regex",
        }
    }
}

/// Why a filter's text cannot filter: said on screen instead of any row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("invalid regex: {0}")]
    Regex(String),
}

/// A filter's text, compiled.
#[derive(Debug, Clone, Default)]
pub enum Query {
    /// Nothing typed (or only spaces): every row.
    #[default]
    All,
    Fzf(nucleo_matcher::pattern::Pattern),
    Regex(regex::Regex),
}

/// The compiled program of a hostile pattern (`a{1000}{1000}`) is refused above this size
/// instead of taking the memory and the time of a keystroke.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Nesting deeper than this is refused before it is compiled.
const REGEX_NEST_LIMIT: u32 = 64;

impl Query {
    pub fn parse(text: &str, mode: Mode) -> Result<Query, FilterError> {
        if text.trim().is_empty() {
            return Ok(Query::All);
        }
        match mode {
            Mode::Fzf => Ok(fzf::pattern(text).map_or(Query::All, Query::Fzf)),
            Mode::Regex => regex::RegexBuilder::new(text)
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .nest_limit(REGEX_NEST_LIMIT)
                .build()
                .map(Query::Regex)
                .map_err(|e| FilterError::Regex(regex_reason(&e))),
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, Query::All)
    }

    /// Whether the rows matching `now` are always among those matching `before`, so that a
    /// keystroke may look only at the rows already shown. True when text was only added in
    /// fzf mode, without the characters that can widen a match: a negation (`!ab` lets
    /// through what `!a` held back), `$` (`a$b` is no longer anchored), `\` (escapes).
    /// Also true when every term of `before` is a term of `now` as it was (terms are ANDed):
    /// `^web !c` then `^web !c 1$`, whatever the terms added hold.
    pub fn narrows(before: &str, now: &str, mode: Mode) -> bool {
        mode == Mode::Fzf
            && !before.trim().is_empty()
            && ((now.starts_with(before) && !now.contains(['!', '$', '\\']))
                || fzf::holds_terms(now, before))
    }
}

/// Whether the server's search (a free-text "contains") looks for what the text means: plain
/// words, no regex and none of fzf's operators (it would look for `^web` as it is written).
pub fn server_searchable(text: &str, mode: Mode) -> bool {
    mode == Mode::Fzf
        && text.split_whitespace().all(|word| {
            !word.starts_with(['\'', '^', '!']) && !word.ends_with('$') && !word.contains('\\')
        })
}

/// The regex crate's message without the pattern and caret it draws above it: one line.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or_else(|| text.lines().last().unwrap_or_default().trim())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_regex_is_a_one_line_reason() {
        let err = Query::parse("host-(0", Mode::Regex).unwrap_err();
        assert_eq!(err.to_string(), "invalid regex: unclosed group");
        // The same text is fine fzf syntax.
        assert!(matches!(
            Query::parse("host-(0", Mode::Fzf),
            Ok(Query::Fzf(_))
        ));
    }

    #[test]
    fn a_hostile_regex_is_refused_not_compiled() {
        let err = Query::parse("(a{1000}){1000}", Mode::Regex).unwrap_err();
        assert!(err.to_string().contains("size limit"), "{err}");
        let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert!(Query::parse(&deep, Mode::Regex).is_err());
    }

    #[test]
    fn only_plain_words_go_to_the_servers_search() {
        assert!(server_searchable("host-0002 prod", Mode::Fzf));
        for operators in ["^web", "'web", "!db", "web$", r"a\ b"] {
            assert!(!server_searchable(operators, Mode::Fzf), "{operators}");
        }
        assert!(!server_searchable("web", Mode::Regex));
    }

    #[test]
    fn blank_text_is_every_row() {
        assert!(Query::parse("   ", Mode::Fzf).unwrap().is_all());
        assert!(Query::parse("", Mode::Regex).unwrap().is_all());
    }

    #[test]
    fn only_added_text_without_widening_characters_narrows() {
        assert!(Query::narrows("host", "host-0", Mode::Fzf));
        assert!(Query::narrows("web", "web ^db", Mode::Fzf));
        assert!(!Query::narrows("!a", "!ab", Mode::Fzf));
        assert!(!Query::narrows("web$", "web$x", Mode::Fzf));
        assert!(!Query::narrows("a", "a|b", Mode::Regex));
        assert!(!Query::narrows("", "a", Mode::Fzf));
    }

    #[test]
    fn added_terms_narrow_whatever_they_hold() {
        assert!(Query::narrows("^web", "^web !canary", Mode::Fzf));
        assert!(Query::narrows("^web !c", "^web !c 1$", Mode::Fzf));
        assert!(
            Query::narrows("!a", "x !a", Mode::Fzf),
            "terms in any order"
        );
        assert!(Query::narrows("web$", "web$ x", Mode::Fzf));
        assert!(
            !Query::narrows("^web !c", "^web !ca", Mode::Fzf),
            "a term changed"
        );
        assert!(!Query::narrows("web", "web$", Mode::Fzf));
        assert!(
            !Query::narrows(r"a", r"a\ b", Mode::Fzf),
            "an escaped space: one term"
        );
        assert!(!Query::narrows("^web", "^web !c", Mode::Regex));
        assert!(!Query::narrows("^", "^ !c", Mode::Fzf), "no term before");
    }
}
