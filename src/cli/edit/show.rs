//! What the edit commands print on standard error (standard output is for the item): diffs,
//! coloured when it is a terminal and `NO_COLOR` is not set, and the questions they ask.

use std::io::{BufRead, IsTerminal, Write};

use serde_json::Value;

use crate::json::diff::{self, Mark, Shown};
use crate::text::sanitize;

/// Kept lines around each change.
const CONTEXT: usize = 3;

/// Whether standard error takes colour.
pub fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The diff from `old` to `new`, folded to the changes, as `-`/`+` lines.
pub fn diff_text(old: &Value, new: &Value, colour: bool) -> String {
    let lines = diff::lines(old, new);
    let mut out = String::new();
    for shown in diff::fold(&lines, CONTEXT) {
        let line = match shown {
            Shown::Line(i) => {
                let l = &lines[i];
                let (mark, on) = match l.mark {
                    Mark::Same => (' ', ""),
                    Mark::Removed => ('-', "\x1b[31m"),
                    Mark::Added => ('+', "\x1b[32m"),
                };
                let text = format!("{mark} {}{}", "  ".repeat(l.depth), sanitize(&l.text));
                if colour && !on.is_empty() {
                    format!("{on}{text}\x1b[0m")
                } else {
                    text
                }
            }
            Shown::Fold { hidden, next } => {
                let next = next
                    .map(|p| format!(" · {}", sanitize(&p)))
                    .unwrap_or_default();
                format!("  ⋯ {hidden} unchanged lines{next}")
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Writes a line to standard error (server text in it already made safe).
pub fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Asks `question` on the terminal and says whether the answer was yes. `--yes` answers
/// before asking; with no terminal to ask on, it is an error that says to pass `--yes`.
pub fn confirm(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        anyhow::bail!("{question} not confirmed: no terminal to ask on (add --yes to write)");
    }
    let mut err = std::io::stderr();
    write!(err, "{question} [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_diff_marks_its_lines_and_colours_only_when_asked() {
        let plain = diff_text(&json!({"a": 1}), &json!({"a": 2}), false);
        assert_eq!(plain, "  {\n-   \"a\": 1\n+   \"a\": 2\n  }\n");
        let coloured = diff_text(&json!({"a": 1}), &json!({"a": 2}), true);
        assert!(
            coloured.contains("\x1b[31m-   \"a\": 1\x1b[0m"),
            "{coloured:?}"
        );
        let hostile = diff_text(&json!({"t": "a\nb"}), &json!({"t": "a\n\u{1b}[2J"}), false);
        assert!(!hostile.contains('\u{1b}'), "{hostile:?}");
    }

    #[test]
    fn yes_answers_and_no_terminal_refuses() {
        assert!(confirm("write it?", true).unwrap());
        // Tests run without a terminal on standard input.
        if !std::io::stdin().is_terminal() {
            let err = confirm("write it?", false).unwrap_err();
            assert!(err.to_string().contains("add --yes"), "{err}");
        }
    }
}
