//! Where in the query an error is: read from the server's message when it says
//! (`… at position 12`, `column 12`, `line 1:12`, `col: 3`).

use std::sync::LazyLock;

use regex::Regex;

static POSITION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:position|pos|column|col|char(?:acter)?|offset)\s*[:=]?\s*(\d+)|line\s*\d+\s*:\s*(\d+)").ok()
});

/// The char position the message names, if it names one, kept inside the query (a position
/// at or past its end points at its last char).
pub fn error_position(message: &str, query: &str) -> Option<usize> {
    let caps = POSITION.as_ref()?.captures(message)?;
    let n: usize = caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()?;
    let len = query.chars().count();
    (len > 0).then(|| n.min(len - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shapes() {
        let q = "sum(ts(cpu.load)";
        assert_eq!(
            error_position("Query syntax error: Missing ) at position 16", q),
            Some(15)
        );
        assert_eq!(error_position("Unexpected ) at position 3", q), Some(3));
        assert_eq!(
            error_position("syntax error at line 1:7 near 'x'", q),
            Some(7)
        );
        assert_eq!(error_position("bad token at column 4", q), Some(4));
        assert_eq!(error_position("Unknown function: foo", q), None);
        assert_eq!(
            error_position("at position 99999999999999999999999", q),
            None
        );
        assert_eq!(error_position("at position 1", ""), None);
    }
}
