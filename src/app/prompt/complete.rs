//! `tab` on the `:` line: the command word, then an account name, a file path or a kind with
//! a trash, as the word before asks. Pure: the folder listing and the account names come in from the caller.

use std::path::{Path, PathBuf};

/// What `tab` made of a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// The line with the common part of the candidates typed, when it grew.
    pub line: Option<String>,
    /// The candidates, when more than one is left (shown under the line).
    pub choices: Vec<String>,
}

/// Lists a folder: each entry's name and whether it is a folder.
pub type ListDir<'a> = &'a dyn Fn(&Path) -> Vec<(String, bool)>;

/// The words that take an account name, and those that take a file path.
const ACCOUNT_WORDS: &[&str] = &["account", "accounts", "ctx", "context"];
const PATH_WORDS: &[&str] = &["w", "save", "wv", "save-value", "export"];

/// Completes the end of `line`.
pub fn complete(line: &str, accounts: &[&str], list_dir: ListDir<'_>) -> Completion {
    let start = line.len() - line.trim_start().len();
    let (lead, body) = line.split_at(start);
    let Some((word, rest)) = body.split_once(char::is_whitespace) else {
        let lower = body.to_ascii_lowercase();
        let words: Vec<String> = super::vocabulary()
            .filter(|w| w.starts_with(&lower))
            .map(String::from)
            .collect();
        return finish(lead, &lower, words, " ");
    };
    let word = word.to_ascii_lowercase();
    let head = &line[..line.len() - rest.len()];
    if ACCOUNT_WORDS.contains(&word.as_str()) {
        let at = if rest.starts_with('@') { "@" } else { "" };
        let typed = &rest[at.len()..];
        let names = accounts
            .iter()
            .filter(|n| n.starts_with(typed))
            .map(ToString::to_string)
            .collect();
        return finish(&format!("{head}{at}"), typed, names, "");
    }
    if word == "firing" {
        return complete_fleet(line, accounts);
    }
    if word == crate::app::views::trash::TRASH_WORD {
        // `:trash KIND`: the kinds with a trash.
        let kinds = crate::api::catalog::TRASH
            .iter()
            .filter_map(|t| t.trash_of)
            .map(|k| k.name)
            .filter(|k| k.starts_with(rest))
            .map(String::from)
            .collect();
        return finish(head, rest, kinds, "");
    }
    if PATH_WORDS.contains(&word.as_str()) {
        // `:export csv out…`: the path follows the format word.
        let (format, path) = match rest.split_once(char::is_whitespace) {
            Some((f, p)) if word == "export" && crate::output::ExportFormat::parse(f).is_some() => {
                (&rest[..rest.len() - p.len()], p)
            }
            _ => ("", rest),
        };
        return complete_path(&format!("{head}{format}"), path, list_dir);
    }
    Completion::default()
}

/// `:firing @prod,@st…`: the last `@name` completes from the saved accounts and `all`; a
/// whole name is followed by a comma, for the next.
fn complete_fleet(line: &str, accounts: &[&str]) -> Completion {
    let start = line.rfind([',', ' ', '\t']).map_or(line.len(), |i| i + 1);
    let (head, last) = line.split_at(start);
    let Some(typed) = last.strip_prefix('@') else {
        return Completion::default();
    };
    let names = accounts
        .iter()
        .copied()
        .chain(["all"])
        .filter(|n| n.starts_with(typed))
        .map(ToString::to_string)
        .collect();
    finish(&format!("{head}@"), typed, names, "")
}

/// A path as typed: the folder part stays as typed (`~/` too), the name part completes from
/// the folder's entries; folders end in `/`. Hidden entries only once a `.` is typed.
fn complete_path(head: &str, typed: &str, list_dir: ListDir<'_>) -> Completion {
    let (dir, name) = match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    };
    let folder = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        crate::config::expand_home(Path::new(dir))
    };
    let entries = list_dir(&folder)
        .into_iter()
        .filter(|(n, _)| n.starts_with(name) && (name.starts_with('.') || !n.starts_with('.')))
        .map(|(n, is_dir)| if is_dir { format!("{n}/") } else { n })
        .collect();
    finish(&format!("{head}{dir}"), name, entries, "")
}

/// One candidate: typed whole (and `after` it, unless it is a folder). Several: their common
/// part, and the list.
fn finish(head: &str, typed: &str, mut found: Vec<String>, after: &str) -> Completion {
    found.sort();
    found.dedup();
    match found.as_slice() {
        [] => Completion::default(),
        [one] => {
            let after = if one.ends_with('/') { "" } else { after };
            Completion {
                line: Some(format!("{head}{one}{after}")),
                choices: Vec::new(),
            }
        }
        many => {
            let common = common_prefix(many);
            Completion {
                line: (common.len() > typed.len()).then(|| format!("{head}{common}")),
                choices: many.to_vec(),
            }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut end = first.len();
    for w in &words[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(w.chars())
                .find(|((_, a), b)| a != b)
                .map_or(end.min(w.len()), |((i, _), _)| i),
        );
    }
    first[..end].to_string()
}

/// The real folder listing (a `tab` reads one folder, on the UI thread: a local listing is
/// quick, and a folder that cannot be read completes nothing).
pub fn read_dir(folder: &Path) -> Vec<(String, bool)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let is_dir = e.path().is_dir();
            Some((name, is_dir))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_dir(_: &Path) -> Vec<(String, bool)> {
        Vec::new()
    }

    #[test]
    fn command_words_complete_to_their_common_part() {
        let c = complete("tok", &[], &no_dir);
        assert_eq!(c.line.as_deref(), Some("token"));
        assert_eq!(c.choices, vec!["token", "tokens"]);
        let c = complete("acc", &[], &no_dir);
        assert_eq!(c.line.as_deref(), Some("account"));
        assert_eq!(c.choices, vec!["account", "account/user", "accounts"]);
        let c = complete("mou", &[], &no_dir);
        assert_eq!(c.line.as_deref(), Some("mouse "), "one fits: typed whole");
        let c = complete("cloudi", &[], &no_dir);
        assert_eq!(c.line.as_deref(), Some("cloudintegration"));
        assert_eq!(complete("zzz", &[], &no_dir), Completion::default());
    }

    #[test]
    fn trash_completes_the_kinds_with_one() {
        let c = complete("trash d", &[], &no_dir);
        assert_eq!(c.line, None, "two fit: nothing typed");
        assert_eq!(c.choices, vec!["dashboard", "derivedmetric"]);
        let c = complete("trash c", &[], &no_dir);
        assert_eq!(c.line.as_deref(), Some("trash cloudintegration"));
        assert!(complete("trash s", &[], &no_dir).choices.is_empty());
    }

    #[test]
    fn account_names_complete_after_account() {
        let names = ["prod", "prod-eu", "staging"];
        let c = complete("account st", &names, &no_dir);
        assert_eq!(c.line.as_deref(), Some("account staging"));
        let c = complete("firing @p", &names, &no_dir);
        assert_eq!(c.line.as_deref(), Some("firing @prod"));
        let c = complete("firing @prod,@s", &names, &no_dir);
        assert_eq!(c.line.as_deref(), Some("firing @prod,@staging"));
        let c = complete("firing @a", &names, &no_dir);
        assert_eq!(c.line.as_deref(), Some("firing @all"));
        assert_eq!(
            complete("firing pr", &names, &no_dir),
            Completion::default()
        );
        let c = complete("ctx @p", &names, &no_dir);
        assert_eq!(c.line.as_deref(), Some("ctx @prod"));
        assert_eq!(c.choices, vec!["prod", "prod-eu"]);
    }

    #[test]
    fn paths_complete_from_the_folder_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        std::fs::write(dir.path().join("rows.csv"), "").unwrap();
        std::fs::write(dir.path().join("rows.json"), "").unwrap();
        std::fs::write(dir.path().join(".hidden"), "").unwrap();
        let base = format!("{}/", dir.path().display());
        let c = complete(&format!("export csv {base}re"), &[], &read_dir);
        assert_eq!(c.line, Some(format!("export csv {base}reports/")));
        let c = complete(&format!("w {base}ro"), &[], &read_dir);
        assert_eq!(c.line, Some(format!("w {base}rows.")));
        assert_eq!(c.choices, vec!["rows.csv", "rows.json"]);
        let c = complete(&format!("wv {base}"), &[], &read_dir);
        assert_eq!(c.choices, vec!["reports/", "rows.csv", "rows.json"]);
    }

    #[test]
    fn a_tilde_lists_the_home_folder() {
        let seen = std::cell::RefCell::new(None);
        let list = |p: &Path| {
            *seen.borrow_mut() = Some(p.to_path_buf());
            vec![("notes.json".to_string(), false)]
        };
        let c = complete("export ~/no", &[], &list);
        assert_eq!(c.line.as_deref(), Some("export ~/notes.json"));
        let listed = seen.borrow().clone().unwrap();
        assert!(!listed.starts_with("~"), "{listed:?}");
    }
}
