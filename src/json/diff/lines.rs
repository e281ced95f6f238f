//! The diff as lines: both values printed as indented JSON (without the commas, which only
//! separate), each line marked kept, removed or added; a changed member shows its old lines
//! then its new ones, a string of several lines its own lines compared. [`fold`] then keeps
//! the changes and a few lines around each.

use serde_json::Value;

use super::seq::{self, Piece};
use super::{Pair, Path, Step, is_text, merged_keys, paired, text_lines};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Removed,
    Added,
}

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub mark: Mark,
    /// Levels of indentation (two cells each) before `text`.
    pub depth: usize,
    /// The line as printed (its own indentation inside a value printed whole); a line of a
    /// string compared line by line is its raw text. Not made safe for a terminal yet.
    pub text: String,
    /// The path of the change the line shows (empty for a kept line).
    pub path: String,
}

/// The lines of the diff from `old` to `new`.
pub fn lines(old: &Value, new: &Value) -> Vec<DiffLine> {
    let mut out = Vec::new();
    emit(&mut out, 0, None, Some(old), Some(new), &Path::default());
    out
}

fn emit(
    out: &mut Vec<DiffLine>,
    depth: usize,
    key: Option<&str>,
    old: Option<&Value>,
    new: Option<&Value>,
    path: &Path,
) {
    let prefix = key.map_or_else(String::new, |k| {
        format!("{}: ", serde_json::to_string(k).unwrap_or_default())
    });
    let push = |out: &mut Vec<DiffLine>, mark, depth, text: String, at: &Path| {
        let path = if mark == Mark::Same {
            String::new()
        } else {
            at.to_string()
        };
        out.push(DiffLine {
            mark,
            depth,
            text,
            path,
        });
    };
    match (old, new) {
        (Some(o), Some(n)) if o == n => value_lines(out, Mark::Same, depth, &prefix, n, path),
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            push(out, Mark::Same, depth, format!("{prefix}{{"), path);
            for m in merged_keys(a, b) {
                let at = path.child(Step::Key(m.key.to_string()));
                emit(out, depth + 1, Some(m.key), m.old, m.new, &at);
            }
            push(out, Mark::Same, depth, "}".into(), path);
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            push(out, Mark::Same, depth, format!("{prefix}["), path);
            array_lines(out, depth + 1, a, b, path);
            push(out, Mark::Same, depth, "]".into(), path);
        }
        (Some(Value::String(a)), Some(Value::String(b))) if is_text(a) || is_text(b) => {
            push(out, Mark::Same, depth, format!("{prefix}\"\"\""), path);
            for line in text_lines(a, b) {
                let (mark, text) = match line {
                    super::TextLine::Same(t) => (Mark::Same, t),
                    super::TextLine::Removed(t) => (Mark::Removed, t),
                    super::TextLine::Added(t) => (Mark::Added, t),
                };
                push(out, mark, depth + 1, text, path);
            }
            push(out, Mark::Same, depth, "\"\"\"".into(), path);
        }
        (o, n) => {
            if let Some(o) = o {
                value_lines(out, Mark::Removed, depth, &prefix, o, path);
            }
            if let Some(n) = n {
                value_lines(out, Mark::Added, depth, &prefix, n, path);
            }
        }
    }
}

fn array_lines(out: &mut Vec<DiffLine>, depth: usize, a: &[Value], b: &[Value], path: &Path) {
    for piece in seq::pieces(&seq::align(a, b)) {
        match piece {
            Piece::Same(_, j) => {
                value_lines(
                    out,
                    Mark::Same,
                    depth,
                    "",
                    &b[j],
                    &path.child(Step::Index(j)),
                );
            }
            Piece::Changed(run) => {
                for pair in paired(&run) {
                    match pair {
                        Pair::Both(i, j) => {
                            let at = path.child(Step::Index(j));
                            emit(out, depth, None, Some(&a[i]), Some(&b[j]), &at);
                        }
                        Pair::Old(i) => {
                            let at = path.child(Step::Index(i));
                            value_lines(out, Mark::Removed, depth, "", &a[i], &at);
                        }
                        Pair::New(j) => {
                            let at = path.child(Step::Index(j));
                            value_lines(out, Mark::Added, depth, "", &b[j], &at);
                        }
                    }
                }
            }
        }
    }
}

/// `value` printed whole, `prefix` (its key) before its first line.
fn value_lines(
    out: &mut Vec<DiffLine>,
    mark: Mark,
    depth: usize,
    prefix: &str,
    value: &Value,
    path: &Path,
) {
    let pretty = crate::json::value::to_pretty_text(value);
    let path = if mark == Mark::Same {
        String::new()
    } else {
        path.to_string()
    };
    for (n, line) in pretty.lines().enumerate() {
        // In indented JSON a line ends with a comma only where the comma separates.
        let line = line.strip_suffix(',').unwrap_or(line);
        let text = if n == 0 {
            format!("{prefix}{line}")
        } else {
            line.to_string()
        };
        out.push(DiffLine {
            mark,
            depth,
            text,
            path: path.clone(),
        });
    }
}

/// What a folded diff shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The line at this index of the diff's lines.
    Line(usize),
    /// This many kept lines, not shown; `next` is the path of the change that follows them.
    Fold { hidden: usize, next: Option<String> },
}

/// The changed lines and `context` kept lines around each; the rest folded. Nothing when
/// nothing changed.
pub fn fold(lines: &[DiffLine], context: usize) -> Vec<Shown> {
    let changed: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].mark != Mark::Same)
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let mut keep = vec![false; lines.len()];
    for &i in &changed {
        let from = i.saturating_sub(context);
        let to = (i + context + 1).min(lines.len());
        keep[from..to].iter_mut().for_each(|k| *k = true);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if keep[i] {
            out.push(Shown::Line(i));
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !keep[i] {
            i += 1;
        }
        // A fold of one line would take the line it hides.
        if i - start == 1 {
            out.push(Shown::Line(start));
            continue;
        }
        let next = changed
            .iter()
            .find(|&&c| c >= i)
            .map(|&c| lines[c].path.clone());
        out.push(Shown::Fold {
            hidden: i - start,
            next,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn marked(lines: &[DiffLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let m = match l.mark {
                    Mark::Same => ' ',
                    Mark::Removed => '-',
                    Mark::Added => '+',
                };
                format!("{m}{}{}", "  ".repeat(l.depth), l.text)
            })
            .collect()
    }

    #[test]
    fn a_changed_member_shows_its_old_then_its_new_lines() {
        let old = json!({"name": "a", "tags": ["x"], "gone": {"k": 1}});
        let new = json!({"name": "b", "tags": ["x", "y"]});
        assert_eq!(
            marked(&lines(&old, &new)),
            [
                " {",
                "-  \"name\": \"a\"",
                "+  \"name\": \"b\"",
                "   \"tags\": [",
                "     \"x\"",
                "+    \"y\"",
                "   ]",
                "-  \"gone\": {",
                "-    \"k\": 1",
                "-  }",
                " }",
            ]
        );
    }

    #[test]
    fn text_is_shown_line_by_line() {
        let l = lines(&json!({"t": "one\ntwo"}), &json!({"t": "one\n2"}));
        assert_eq!(
            marked(&l),
            [
                " {",
                "   \"t\": \"\"\"",
                "     one",
                "-    two",
                "+    2",
                "   \"\"\"",
                " }"
            ]
        );
        assert_eq!(l[3].path, ".t");
    }

    #[test]
    fn folding_keeps_the_changes_and_their_context() {
        let mut old = serde_json::Map::new();
        for i in 0..20 {
            old.insert(format!("k{i:02}"), json!(i));
        }
        let mut new = old.clone();
        new.insert("k10".into(), json!("ten"));
        let l = lines(&Value::Object(old), &Value::Object(new));
        let shown = fold(&l, 2);
        assert_eq!(
            shown[0],
            Shown::Fold {
                hidden: 9,
                next: Some(".k10".into())
            }
        );
        let kept: Vec<&Shown> = shown
            .iter()
            .filter(|s| matches!(s, Shown::Line(_)))
            .collect();
        assert_eq!(kept.len(), 6, "2 before, the old and new lines, 2 after");
        assert_eq!(
            shown.last(),
            Some(&Shown::Fold {
                hidden: 8,
                next: None
            })
        );
        assert!(fold(&lines(&json!(1), &json!(1)), 3).is_empty());
        // One kept line past the context is shown, not folded into a line of its own.
        let short = lines(&json!({"a": 1, "b": 2}), &json!({"a": 1, "b": 3}));
        assert!(fold(&short, 1).iter().all(|s| matches!(s, Shown::Line(_))));
    }
}
