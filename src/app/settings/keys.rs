//! `[keys.SCOPE] ACTION = ["KEY", "KEY KEY", …]`: the keys given replace the action's default
//! keys in that scope; `[]` unbinds it. A key taken from another action's defaults moves to the
//! new action. Conflicts between the file's own bindings, a key that is both a whole binding and
//! the start of a sequence, and unknown scopes, actions or key names are reported with their line.

use crate::app::keymap::{Action, KeyChord, Keymap, Scope, parse_keys};

use crate::config::settings::{KeyEntry, Problem};

fn text(keys: &[KeyChord]) -> String {
    crate::app::keymap::sequences_label(keys)
}

/// A binding the file asks for: scope, keys, action, line.
type Wanted = (Scope, Vec<KeyChord>, Action, usize);

/// Applies the file's key entries to `keymap`; returns what was wrong.
pub fn apply(keymap: &mut Keymap, entries: &[KeyEntry]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let wanted = read_entries(keymap, entries, &mut problems);
    bind(keymap, wanted, &mut problems);
    problems.sort_by_key(|p| p.line);
    problems
}

/// The bindings the entries name, each action's defaults unbound in its scope; unknown
/// scopes, actions and keys go to `problems`.
fn read_entries(
    keymap: &mut Keymap,
    entries: &[KeyEntry],
    problems: &mut Vec<Problem>,
) -> Vec<Wanted> {
    let scope_names: Vec<String> = Scope::ALL.iter().map(|s| s.name()).collect();
    let mut wanted: Vec<Wanted> = Vec::new();
    for e in entries {
        let Some(scope) = Scope::from_name(&e.scope) else {
            problems.push(Problem::at(
                e.line,
                format!(
                    "unknown key scope `keys.{}` (scopes: {})",
                    e.scope,
                    scope_names.join(", ")
                ),
            ));
            continue;
        };
        let Some(action) = Action::from_name(&e.action) else {
            problems.push(Problem::at(
                e.line,
                format!(
                    "unknown action `{}` in [keys.{}] (see config.schema.json or the README for the names)",
                    e.action, e.scope
                ),
            ));
            continue;
        };
        keymap.unbind_action(scope, action);
        for k in &e.keys {
            match parse_keys(k) {
                Err(why) => problems.push(Problem::at(
                    e.line,
                    format!("keys.{}.{}: {why}", e.scope, e.action),
                )),
                Ok(keys) if keys.len() > 1 && scope.takes_text() => problems.push(Problem::at(
                    e.line,
                    format!(
                        "keys.{}.{}: `{k}`: sequences are not allowed where text is typed",
                        e.scope, e.action
                    ),
                )),
                Ok(keys) => wanted.push((scope, keys, action, e.line)),
            }
        }
    }
    wanted
}

/// Binds what was wanted, first come first served: a key bound twice, or both a whole key and
/// the start of a sequence, is reported and skipped.
fn bind(keymap: &mut Keymap, wanted: Vec<Wanted>, problems: &mut Vec<Problem>) {
    let mut mine: Vec<Wanted> = Vec::new();
    'next: for (scope, keys, action, line) in wanted {
        let in_scope = format!("[keys.{}]", scope.name());
        for (s, other_keys, other, other_line) in &mine {
            if *s != scope {
                continue;
            }
            if *other_keys == keys {
                if *other != action {
                    problems.push(Problem::at(
                        line,
                        format!(
                            "`{}` in {in_scope} is bound to both {} (line {other_line}) and {}; \
                             {} keeps it",
                            text(&keys),
                            other.name(),
                            action.name(),
                            other.name()
                        ),
                    ));
                }
                continue 'next;
            }
            let (short, long) = if other_keys.len() < keys.len() {
                (other_keys.as_slice(), keys.as_slice())
            } else {
                (keys.as_slice(), other_keys.as_slice())
            };
            if long.starts_with(short) {
                problems.push(Problem::at(
                    line,
                    format!(
                        "`{}` in {in_scope} is both a whole key and the start of `{}` \
                         ({} on line {other_line}, {}); the binding on line {line} is ignored",
                        text(short),
                        text(long),
                        other.name(),
                        action.name()
                    ),
                ));
                continue 'next;
            }
        }
        // A default single key that begins this sequence would make it unreachable.
        if keys.len() > 1 {
            if let Some(other) = keymap.bound(scope, &keys[..1]) {
                problems.push(Problem::at(
                    line,
                    format!(
                        "`{}` in {in_scope} is both a whole key ({} by default) and the start of \
                         `{}`; it now only starts the sequence",
                        text(&keys[..1]),
                        other.name(),
                        text(&keys)
                    ),
                ));
                keymap.unbind_keys(scope, &keys[..1]);
            }
        }
        keymap.unbind_keys(scope, &keys);
        keymap.bind(scope, keys.clone(), action);
        mine.push((scope, keys, action, line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::parse;

    fn keymap_of(text: &str) -> (Keymap, Vec<Problem>) {
        let (settings, mut problems) = parse(text);
        let mut km = Keymap::default();
        problems.extend(apply(&mut km, &settings.keys));
        (km, problems)
    }

    fn labels(km: &Keymap, scope: Scope, action: Action) -> Vec<String> {
        km.labels(scope, action)
    }

    #[test]
    fn nothing_configured_is_the_default_keymap() {
        let (km, problems) = keymap_of("");
        assert_eq!(km, Keymap::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn bind_rebind_and_unbind_per_scope() {
        let text = r#"
[keys.table]
top = ["g g", "home"]
open = ["enter", "o"]
[keys.global]
quit = []
[keys.detail]
copy_value = ["c"]
"#;
        let (km, problems) = keymap_of(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(labels(&km, Scope::Table, Action::Top), vec!["home", "g g"]);
        assert_eq!(labels(&km, Scope::Table, Action::Open), vec!["enter", "o"]);
        assert!(labels(&km, Scope::Table, Action::Quit).is_empty());
        // Quit stays where a scope binds it on its own (the login form's ctrl-c).
        assert_eq!(labels(&km, Scope::Form, Action::Quit), vec!["ctrl-c"]);
        assert_eq!(labels(&km, Scope::Detail, Action::CopyValue), vec!["c"]);
        // Other scopes keep their defaults.
        assert_eq!(labels(&km, Scope::Detail, Action::Top), vec!["g", "home"]);
    }

    #[test]
    fn a_key_taken_from_a_default_moves_quietly() {
        let (km, problems) = keymap_of("[keys.table]\nrefresh = [\"j\"]\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(labels(&km, Scope::Table, Action::Refresh), vec!["j"]);
        assert_eq!(labels(&km, Scope::Table, Action::Down), vec!["↓"]);
    }

    #[test]
    fn conflicts_are_reported_with_lines() {
        let text = r#"[keys.table]
open = ["x"]
refresh = ["x"]
filter = ["z"]
sort_next = ["z z"]
bogus_action = ["q"]
wrap = ["hyper-w"]
[keys.nowhere]
quit = ["q"]
[keys.filter]
submit = ["a b"]
[keys.detail]
search = ["g s"]
"#;
        let (km, problems) = keymap_of(text);
        let got: Vec<(Option<usize>, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        let has = |line: usize, needle: &str| {
            got.iter()
                .any(|(l, m)| *l == Some(line) && m.contains(needle))
        };
        assert!(
            has(3, "bound to both open (line 2) and refresh"),
            "{got:#?}"
        );
        assert!(
            has(5, "both a whole key and the start of `z z`"),
            "{got:#?}"
        );
        assert!(has(6, "unknown action `bogus_action`"), "{got:#?}");
        assert!(has(7, "`hyper-w` is not a key"), "{got:#?}");
        assert!(has(9, "unknown key scope `keys.nowhere`"), "{got:#?}");
        assert!(has(11, "sequences are not allowed"), "{got:#?}");
        assert!(
            has(
                13,
                "`g` in [keys.detail] is both a whole key (top by default)"
            ),
            "{got:#?}"
        );
        assert_eq!(problems.len(), 7, "{got:#?}");
        // The first binding of a key keeps it.
        assert_eq!(labels(&km, Scope::Table, Action::Open), vec!["x"]);
        assert!(
            labels(&km, Scope::Table, Action::Refresh).is_empty()
                || !labels(&km, Scope::Table, Action::Refresh).contains(&"x".to_string())
        );
        assert_eq!(labels(&km, Scope::Detail, Action::Search), vec!["g s"]);
        assert_eq!(labels(&km, Scope::Detail, Action::Top), vec!["home"]);
    }
}
