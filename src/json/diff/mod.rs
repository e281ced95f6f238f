//! A JSON diff by path: what was added, removed or changed between two values, strings of
//! several lines compared line by line. Two forms of one comparison: [`changes`], the list of
//! changed paths (summaries, a three-way view's "changed on both sides"), and [`lines`], the
//! values as indented lines marked kept, removed or added, which [`fold`] cuts down to the
//! changes with some context. Pure: the edit's review draws it, the version history and the
//! dump/diff to come will too.
//!
//! Objects are compared key by key, arrays element by element after aligning them (an element
//! inserted at the front is one addition, not a change of every element), numbers as written
//! (`1.0` is not `1`: the text is what the server gets).

mod lines;
mod seq;

pub use lines::{DiffLine, Mark, Shown, fold, lines};

use serde_json::Value;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where a value is, from the root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Path(pub Vec<Step>);

impl Path {
    fn child(&self, step: Step) -> Path {
        let mut steps = self.0.clone();
        steps.push(step);
        Path(steps)
    }

    /// Whether one path is inside the other (or they are the same).
    pub fn overlaps(&self, other: &Path) -> bool {
        let n = self.0.len().min(other.0.len());
        self.0[..n] == other.0[..n]
    }
}

/// As jq writes it: `.conditions.warn`, `.tags.customerTags[2]`, `.["odd key"]`, `.` for the
/// root.
impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str(".");
        }
        let mut first = true;
        for step in &self.0 {
            match step {
                Step::Key(k) if crate::json::path::is_identifier(k) => write!(f, ".{k}")?,
                Step::Key(k) => {
                    if first {
                        f.write_str(".")?;
                    }
                    write!(f, "[{}]", serde_json::to_string(k).unwrap_or_default())?;
                }
                Step::Index(i) => {
                    if first {
                        f.write_str(".")?;
                    }
                    write!(f, "[{i}]")?;
                }
            }
            first = false;
        }
        Ok(())
    }
}

/// What happened at a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Added(Value),
    Removed(Value),
    Changed {
        old: Value,
        new: Value,
    },
    /// A string of several lines, compared line by line.
    Text(Vec<TextLine>),
}

/// A line of a string compared line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// A change and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: Path,
    pub change: Change,
}

/// Every change from `old` to `new`, in the order of the new value (removed members where
/// they stood). Empty when they are equal.
pub fn changes(old: &Value, new: &Value) -> Vec<Entry> {
    let mut out = Vec::new();
    walk(&Path::default(), old, new, &mut out);
    out
}

fn walk(path: &Path, old: &Value, new: &Value, out: &mut Vec<Entry>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for member in merged_keys(a, b) {
                let at = path.child(Step::Key(member.key.to_string()));
                match (member.old, member.new) {
                    (Some(o), Some(n)) => walk(&at, o, n, out),
                    (Some(o), None) => out.push(entry(at, Change::Removed(o.clone()))),
                    (None, Some(n)) => out.push(entry(at, Change::Added(n.clone()))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for piece in seq::pieces(&seq::align(a, b)) {
                let seq::Piece::Changed(run) = piece else {
                    continue;
                };
                for pair in paired(&run) {
                    match pair {
                        Pair::Both(i, j) => walk(&path.child(Step::Index(j)), &a[i], &b[j], out),
                        Pair::Old(i) => out.push(entry(
                            path.child(Step::Index(i)),
                            Change::Removed(a[i].clone()),
                        )),
                        Pair::New(j) => out.push(entry(
                            path.child(Step::Index(j)),
                            Change::Added(b[j].clone()),
                        )),
                    }
                }
            }
        }
        (Value::String(a), Value::String(b)) if is_text(a) || is_text(b) => {
            out.push(entry(path.clone(), Change::Text(text_lines(a, b))));
        }
        _ => out.push(entry(
            path.clone(),
            Change::Changed {
                old: old.clone(),
                new: new.clone(),
            },
        )),
    }
}

fn entry(path: Path, change: Change) -> Entry {
    Entry { path, change }
}

/// A string compared line by line: one of several lines.
fn is_text(s: &str) -> bool {
    s.contains('\n')
}

fn text_lines(a: &str, b: &str) -> Vec<TextLine> {
    let (old, new): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
    seq::align(&old, &new)
        .into_iter()
        .map(|op| match op {
            seq::Op::Same(_, j) => TextLine::Same(new[j].to_string()),
            seq::Op::Removed(i) => TextLine::Removed(old[i].to_string()),
            seq::Op::Added(j) => TextLine::Added(new[j].to_string()),
        })
        .collect()
}

/// A member of either object, with its value on each side.
struct Member<'a> {
    key: &'a str,
    old: Option<&'a Value>,
    new: Option<&'a Value>,
}

/// The keys of both objects: the new one's order, each removed key after the key it followed.
fn merged_keys<'a>(
    a: &'a serde_json::Map<String, Value>,
    b: &'a serde_json::Map<String, Value>,
) -> Vec<Member<'a>> {
    let removed: Vec<(&String, &Value)> = a.iter().filter(|(k, _)| !b.contains_key(*k)).collect();
    let mut taken = vec![false; removed.len()];
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let old_index = |k: &str| a.keys().position(|x| x == k);
    for (key, value) in b {
        // Removed keys that stood before this one in the old object come first.
        if let Some(at) = old_index(key) {
            for (n, (k, v)) in removed.iter().enumerate() {
                if !taken[n] && old_index(k).is_some_and(|i| i < at) {
                    taken[n] = true;
                    out.push(Member {
                        key: k,
                        old: Some(v),
                        new: None,
                    });
                }
            }
        }
        out.push(Member {
            key,
            old: a.get(key),
            new: Some(value),
        });
    }
    for (n, (k, v)) in removed.iter().enumerate() {
        if !taken[n] {
            out.push(Member {
                key: k,
                old: Some(v),
                new: None,
            });
        }
    }
    out
}

/// A run of changed elements, paired: the first removed with the first added (compared
/// inside when both are objects or arrays, as a change otherwise), the rest on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pair {
    Both(usize, usize),
    Old(usize),
    New(usize),
}

fn paired(run: &seq::Run) -> Vec<Pair> {
    let both = run.removed.len().min(run.added.len());
    let mut out: Vec<Pair> = (0..both)
        .map(|k| Pair::Both(run.removed[k], run.added[k]))
        .collect();
    out.extend(run.removed[both..].iter().map(|&i| Pair::Old(i)));
    out.extend(run.added[both..].iter().map(|&j| Pair::New(j)));
    out
}

/// What changed on both sides of a three-way comparison: the paths `theirs` changed from
/// `base` that overlap a path `mine` changed (the same value, or one inside the other).
pub fn both_changed(base: &Value, theirs: &Value, mine: &Value) -> Vec<Path> {
    let ours = changes(base, mine);
    let mut out: Vec<Path> = Vec::new();
    for t in changes(base, theirs) {
        if ours.iter().any(|m| m.path.overlaps(&t.path)) && !out.contains(&t.path) {
            out.push(t.path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(old: Value, new: Value) -> Vec<String> {
        changes(&old, &new)
            .iter()
            .map(|e| e.path.to_string())
            .collect()
    }

    #[test]
    fn equal_values_have_no_changes() {
        let v = json!({"a": [1, {"b": "c"}], "n": 1.50});
        assert!(changes(&v, &v.clone()).is_empty());
    }

    #[test]
    fn changes_are_named_by_path_in_the_new_order() {
        let old =
            json!({"name": "a", "gone": 1, "tags": {"customerTags": ["x", "y"]}, "odd key": 1});
        let new = json!({"name": "b", "tags": {"customerTags": ["x", "y", "z"]}, "odd key": 2, "new": true});
        assert_eq!(
            paths(old, new),
            [
                ".name",
                ".gone",
                ".tags.customerTags[2]",
                r#".["odd key"]"#,
                ".new"
            ]
        );
    }

    #[test]
    fn an_element_inserted_in_front_is_one_addition() {
        let old = json!({"l": ["b", "c", "d"]});
        let new = json!({"l": ["a", "b", "c", "d"]});
        let c = changes(&old, &new);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].path.to_string(), ".l[0]");
        assert_eq!(c[0].change, Change::Added(json!("a")));
    }

    #[test]
    fn changed_objects_in_a_list_are_compared_inside() {
        let old = json!([{"name": "cpu", "q": "ts(a)"}, {"name": "mem"}]);
        let new = json!([{"name": "cpu", "q": "ts(b)"}, {"name": "mem"}]);
        assert_eq!(paths(old, new), [".[0].q"]);
    }

    #[test]
    fn strings_of_several_lines_are_compared_line_by_line() {
        let c = changes(&json!({"t": "a\nb\nc"}), &json!({"t": "a\nB\nc"}));
        assert_eq!(
            c[0].change,
            Change::Text(vec![
                TextLine::Same("a".into()),
                TextLine::Removed("b".into()),
                TextLine::Added("B".into()),
                TextLine::Same("c".into()),
            ])
        );
        // One line each: a plain change.
        let c = changes(&json!("a"), &json!("b"));
        assert!(matches!(c[0].change, Change::Changed { .. }));
    }

    #[test]
    fn numbers_are_compared_as_written() {
        let old =
            crate::json::parse_str(r#"{"n": 1.0, "big": 123456789012345678901234567890}"#).unwrap();
        let same =
            crate::json::parse_str(r#"{"n": 1.0, "big": 123456789012345678901234567890}"#).unwrap();
        assert!(changes(&old, &same).is_empty());
        let new =
            crate::json::parse_str(r#"{"n": 1, "big": 123456789012345678901234567891}"#).unwrap();
        assert_eq!(paths(old, new), [".n", ".big"]);
    }

    #[test]
    fn a_type_change_is_a_change_of_the_whole_value() {
        let c = changes(&json!({"a": [1]}), &json!({"a": {"x": 1}}));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].path.to_string(), ".a");
    }

    #[test]
    fn both_sides_changing_one_value_or_inside_it_is_named() {
        let base = json!({"name": "a", "cond": "x", "tags": ["t"]});
        let theirs = json!({"name": "b", "cond": "x", "tags": ["t", "u"]});
        let mine = json!({"name": "c", "cond": "y", "tags": ["t"]});
        let both: Vec<String> = both_changed(&base, &theirs, &mine)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(both, [".name"]);
        let whole = json!({"name": "a", "cond": "x", "tags": "none"});
        let both = both_changed(&base, &theirs, &whole);
        assert_eq!(
            both.len(),
            1,
            "a list replaced whole overlaps an element added to it"
        );
    }
}
