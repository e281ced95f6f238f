//! The `:` command line: `:token`, `:account [NAME]`, `:cloudintegrations`, `:q` …

mod complete;

pub use complete::{Completion, ListDir, complete as complete_line, read_dir};

use crate::api::Kind;
use crate::api::catalog::{KINDS, kind_by_name};
use crate::app::input::TextInput;

/// The `:` line as typed: the text, where `↑`/`↓` are in the history, and what `tab` listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub input: TextInput,
    /// The history entry shown, while recalling.
    pub recall: Option<usize>,
    /// What `tab` could not choose between, until the next key.
    pub choices: Vec<String>,
}

impl std::ops::Deref for CommandLine {
    type Target = TextInput;
    fn deref(&self) -> &TextInput {
        &self.input
    }
}

impl std::ops::DerefMut for CommandLine {
    fn deref_mut(&mut self) -> &mut TextInput {
        &mut self.input
    }
}

/// What a command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptCommand {
    Token,
    Accounts,
    SwitchAccount(String),
    AddAccount,
    Kind(&'static Kind),
    Help,
    Quit,
    /// Turn mouse capture on or off.
    Mouse,
    /// Apply a jq filter to the inspector's document.
    Jq(String),
    /// A view opened by its word (see [`crate::app::views::COMMANDS`]), with what followed.
    View {
        word: &'static str,
        rest: String,
    },
    /// Save the inspector's document (or only the value under the cursor) to a file.
    Save {
        path: String,
        value_only: bool,
    },
    /// Chart a query expression.
    Query(String),
    /// Export the list (JSON or CSV) or the document (JSON) to a file; the format from the
    /// word given, else from the extension.
    Export {
        format: Option<crate::output::ExportFormat>,
        path: String,
    },
    /// `:diff @account` (or `off`): compare the list with another saved account.
    Diff(String),
}

/// A command of the `:` line: its words (the first is its name), what follows, what it does.
/// Completion and `?` read this list; [`parse`] reads every word of it (a test checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandInfo {
    pub words: &'static [&'static str],
    pub args: &'static str,
    pub about: &'static str,
}

const fn cmd(
    words: &'static [&'static str],
    args: &'static str,
    about: &'static str,
) -> CommandInfo {
    CommandInfo { words, args, about }
}

pub const COMMAND_WORDS: &[CommandInfo] = &[
    cmd(
        &["account", "accounts", "ctx", "context"],
        "[NAME]",
        "the accounts, or switch to NAME",
    ),
    cmd(&["login"], "", "add an account"),
    cmd(&["token", "tokens"], "", "the token's status"),
    cmd(&["query", "chart"], "EXPR", "chart a query, or saved @NAME"),
    cmd(&["jq", "filter"], "FILTER", "the document through jq"),
    cmd(&["save", "w"], "FILE", "save the document"),
    cmd(
        &["save-value", "wv"],
        "FILE",
        "save the value at the cursor",
    ),
    cmd(
        &["export"],
        "[csv|json] FILE",
        "export the list or the document",
    ),
    cmd(&["mouse"], "", "mouse capture on or off"),
    cmd(&["diff"], "@NAME|off", "compare the list with an account"),
    cmd(&["help", "?"], "", "the keys and commands"),
    cmd(&["quit", "q", "q!"], "", "quit"),
];

/// Parses what was typed after `:`.
pub fn parse(line: &str) -> Result<PromptCommand, String> {
    let line = line.trim().trim_start_matches(':');
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let command = match word.to_ascii_lowercase().as_str() {
        "" => {
            return Err(
                "type a command: a resource kind (alert, source…), token, account, query, history, quit"
                    .into(),
            );
        }
        "token" | "tokens" => PromptCommand::Token,
        "account" | "accounts" | "ctx" | "context" if rest.is_empty() => PromptCommand::Accounts,
        "account" | "accounts" | "ctx" | "context" => {
            PromptCommand::SwitchAccount(rest.trim_start_matches('@').to_string())
        }
        "login" => PromptCommand::AddAccount,
        "filter" | "jq" if rest.is_empty() => return Err(format!(":{word} needs a jq filter")),
        "filter" | "jq" => PromptCommand::Jq(rest.to_string()),
        "w" | "save" | "wv" | "save-value" if rest.is_empty() => {
            return Err(format!(":{word} needs a file name"));
        }
        "w" | "save" => PromptCommand::Save {
            path: rest.to_string(),
            value_only: false,
        },
        "wv" | "save-value" => PromptCommand::Save {
            path: rest.to_string(),
            value_only: true,
        },
        "query" | "chart" if rest.is_empty() => {
            return Err(format!(
                ":{word} needs an expression, e.g. :query ts(cpu.load)"
            ));
        }
        "query" | "chart" => PromptCommand::Query(rest.to_string()),
        "export" if rest.is_empty() => {
            return Err(format!(":{word} needs a file name (.json or .csv)"));
        }
        "export" => export_command(rest),
        "diff" if rest.is_empty() => {
            return Err(":diff needs an account: :diff @staging (or :diff off)".into());
        }
        "diff" => PromptCommand::Diff(rest.to_string()),
        "help" | "?" => PromptCommand::Help,
        "mouse" => PromptCommand::Mouse,
        "q" | "quit" | "q!" => PromptCommand::Quit,
        other => match (kind_by_name(other), crate::app::views::command_word(other)) {
            (Some(kind), _) => PromptCommand::Kind(kind),
            (None, Some(word)) => PromptCommand::View {
                word,
                rest: rest.to_string(),
            },
            (None, None) => return Err(format!("unknown command: {other}")),
        },
    };
    Ok(command)
}

/// `:export out.csv`, `:export csv out`, `:export json out.txt`.
fn export_command(rest: &str) -> PromptCommand {
    use crate::output::ExportFormat;
    if let Some((word, path)) = rest.split_once(char::is_whitespace) {
        if let Some(format) = ExportFormat::parse(word) {
            return PromptCommand::Export {
                format: Some(format),
                path: path.trim().to_string(),
            };
        }
    }
    PromptCommand::Export {
        format: None,
        path: rest.to_string(),
    }
}

/// Every word the command line knows, for completion.
pub fn vocabulary() -> impl Iterator<Item = &'static str> {
    let views = crate::app::views::COMMANDS
        .iter()
        .filter_map(|(words, _, _)| words.first());
    let words = COMMAND_WORDS
        .iter()
        .flat_map(|c| c.words.iter().copied())
        // Completion offers words, not the one-letter shorthands (`w`, `q!`).
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-'));
    words.chain(views.copied()).chain(
        KINDS
            .iter()
            .flat_map(|k| std::iter::once(k.name).chain(k.aliases.iter().copied())),
    )
}

/// Known words starting with what was typed, shortest first (for the completion hint).
pub fn candidates(line: &str, max: usize) -> Vec<&'static str> {
    let prefix = line.trim_start().to_ascii_lowercase();
    if prefix.contains(char::is_whitespace) {
        return Vec::new();
    }
    let mut words: Vec<&'static str> = vocabulary().filter(|w| w.starts_with(&prefix)).collect();
    words.sort_by_key(|w| (w.len(), *w));
    words.dedup();
    words.truncate(max);
    words
}

/// Completes the first word to the shortest known word it starts, if any.
pub fn complete(line: &str) -> Option<&'static str> {
    let prefix = line.trim_start();
    if prefix.is_empty() || prefix.contains(char::is_whitespace) {
        return None;
    }
    vocabulary()
        .filter(|w| w.starts_with(&prefix.to_ascii_lowercase()) && w.len() > prefix.len())
        .min_by_key(|w| (w.len(), *w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word completion offers is a command (given an argument where it needs one).
    #[test]
    fn completed_words_are_commands() {
        for word in COMMAND_WORDS.iter().flat_map(|c| c.words) {
            let with_arg = format!("{word} x.json");
            assert!(
                parse(word).is_ok() || parse(&with_arg).is_ok(),
                "completion offers `{word}`, which is not a command"
            );
        }
    }

    #[test]
    fn parses_commands() {
        assert_eq!(parse("token"), Ok(PromptCommand::Token));
        assert_eq!(parse(":account"), Ok(PromptCommand::Accounts));
        assert_eq!(
            parse("account @prod"),
            Ok(PromptCommand::SwitchAccount("prod".into()))
        );
        assert_eq!(parse("q"), Ok(PromptCommand::Quit));
        assert!(
            matches!(parse("integrations"), Ok(PromptCommand::Kind(k)) if k.name == "cloudintegration")
        );
        assert_eq!(parse("bogus"), Err("unknown command: bogus".into()));
        assert_eq!(
            parse("query sum(ts(cpu, env=prod))"),
            Ok(PromptCommand::Query("sum(ts(cpu, env=prod))".into()))
        );
        assert!(parse("query").is_err());
        use crate::output::ExportFormat;
        assert_eq!(
            parse("export csv /tmp/my list"),
            Ok(PromptCommand::Export {
                format: Some(ExportFormat::Csv),
                path: "/tmp/my list".into()
            })
        );
        assert_eq!(
            parse("export out.json"),
            Ok(PromptCommand::Export {
                format: None,
                path: "out.json".into()
            })
        );
    }

    #[test]
    fn candidates_are_shortest_first() {
        assert_eq!(candidates("al", 3), vec!["alert", "alerts", "alltokens"]);
        assert!(candidates("zzz", 3).is_empty());
        assert!(candidates("account prod", 3).is_empty());
    }

    #[test]
    fn completes_the_first_word() {
        assert_eq!(complete("tok"), Some("token"));
        assert_eq!(complete("acc"), Some("account"));
        assert_eq!(complete("cloudi"), Some("cloudintegration"));
        assert_eq!(complete("tokens"), None);
        assert_eq!(complete("account p"), None);
    }
}
