//! The person's editor on a file: `$VISUAL`, else `$EDITOR`, else `vi`, run through `sh -c`
//! as git runs it (so `EDITOR="code --wait"` works), on a private file that stays where it is
//! until its text is used: a failed or refused save still has it, and the message names it.
//! The runtime suspends the full-screen UI around it; this module only writes, runs and reads.

use std::path::{Path, PathBuf};

/// A run of the editor the UI asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorJob {
    /// The request it answers (the edit it belongs to).
    pub id: u64,
    /// The file of an earlier run of this edit (reopened), or `None` for a new one.
    pub file: Option<PathBuf>,
    /// What the new file is named after (`alert-1690000000372`).
    pub name: String,
    /// The text the editor opens.
    pub text: String,
}

/// What came of a run: the file and the text it holds now.
#[derive(Debug)]
pub struct Edited {
    pub id: u64,
    /// Where the text is kept (also when the run failed, once the file was written).
    pub file: Option<PathBuf>,
    pub result: Result<String, EditorError>,
}

#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot start the editor `{command}`: {source} (set $VISUAL or $EDITOR)")]
    Start {
        command: String,
        source: std::io::Error,
    },
    /// It ran and gave up (vim's `:cq`): nothing is taken from the file.
    #[error("the editor `{command}` exited with {status}: nothing taken from the file")]
    Exited { command: String, status: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

/// The editor to run, from the environment given.
pub fn command_from(var: impl Fn(&str) -> Option<String>) -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string())
}

/// The folder edit files are kept in: `edits` in wf-tui's state folder, else the temporary
/// folder's `wf-tui-edits`.
pub fn edits_dir() -> PathBuf {
    match crate::config::Paths::discover() {
        Some(paths) => paths.state_dir.join("edits"),
        None => std::env::temp_dir().join("wf-tui-edits"),
    }
}

/// A new file's path in `dir` for `name`: its characters safe in a file name, the time in it
/// so earlier edits are never overwritten.
pub fn new_file(dir: &Path, name: &str, now_ms: i64) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    dir.join(format!("{safe}-{now_ms}.json"))
}

/// Writes the job's text to its file (a new one in `dir` for a new edit), runs `edit` on it,
/// and reads the text back. `edit` is the editor (or, in tests, whatever stands in for it).
pub async fn run_with<F, Fut>(job: EditorJob, dir: &Path, now_ms: i64, edit: F) -> Edited
where
    F: FnOnce(PathBuf) -> Fut,
    Fut: Future<Output = Result<(), EditorError>>,
{
    let file = job
        .file
        .clone()
        .unwrap_or_else(|| new_file(dir, &job.name, now_ms));
    let shown = file.display().to_string();
    if let Err(source) = crate::private_file::write_private(&file, job.text.as_bytes()) {
        return Edited {
            id: job.id,
            file: None,
            result: Err(EditorError::Write {
                path: shown,
                source,
            }),
        };
    }
    let result = match edit(file.clone()).await {
        Ok(()) => tokio::fs::read_to_string(&file)
            .await
            .map_err(|source| EditorError::Read {
                path: shown,
                source,
            }),
        Err(e) => Err(e),
    };
    Edited {
        id: job.id,
        file: Some(file),
        result,
    }
}

/// Runs `command` on `file` and waits for it, the terminal its own meanwhile.
pub async fn run_editor(command: &str, file: PathBuf) -> Result<(), EditorError> {
    let mut cmd = shell_command(command, &file);
    let status = cmd
        .kill_on_drop(true)
        .status()
        .await
        .map_err(|source| EditorError::Start {
            command: command.to_string(),
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Exited {
            command: command.to_string(),
            status: status.to_string(),
        })
    }
}

#[cfg(unix)]
fn shell_command(command: &str, file: &Path) -> tokio::process::Command {
    // As git does: the command may hold arguments; the file is passed as `$1`, never quoted
    // into the command line.
    let mut cmd = tokio::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("wf-tui-editor")
        .arg(file);
    cmd
}

#[cfg(not(unix))]
fn shell_command(command: &str, file: &Path) -> tokio::process::Command {
    let mut words = command.split_whitespace();
    let mut cmd = tokio::process::Command::new(words.next().unwrap_or("notepad"));
    cmd.args(words).arg(file);
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visual_wins_over_editor_and_vi_is_the_last_resort() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            command_from(env(&[("VISUAL", "nvim"), ("EDITOR", "nano")])),
            "nvim"
        );
        assert_eq!(
            command_from(env(&[("VISUAL", " "), ("EDITOR", "nano")])),
            "nano"
        );
        assert_eq!(command_from(env(&[])), "vi");
    }

    #[test]
    fn file_names_are_safe_and_do_not_repeat() {
        let dir = Path::new("/x");
        assert_eq!(
            new_file(dir, "alert-a/b c", 5),
            PathBuf::from("/x/alert-a_b_c-5.json")
        );
        assert_ne!(new_file(dir, "a", 1), new_file(dir, "a", 2));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_file_is_private_and_its_new_text_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let job = EditorJob {
            id: 7,
            file: None,
            name: "alert-1".into(),
            text: "{\"a\": 1}\n".into(),
        };
        let sed = "sed -i -e 's/1/2/'";
        let edited = run_with(job, dir.path(), 9, |f| run_editor(sed, f)).await;
        assert_eq!(edited.result.unwrap(), "{\"a\": 2}\n");
        let file = edited.file.unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let failed = EditorJob {
            id: 8,
            file: Some(file.clone()),
            name: String::new(),
            text: "kept".into(),
        };
        let edited = run_with(failed, dir.path(), 9, |f| run_editor("false", f)).await;
        assert!(matches!(edited.result, Err(EditorError::Exited { .. })));
        assert_eq!(edited.file.as_ref(), Some(&file), "the same file, reopened");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    }
}
