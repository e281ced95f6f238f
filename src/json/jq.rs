//! jq filters on a document, with jaq (the jq of Rust). A filter over a large document can
//! take a while, and some never end (`def f: f; f`); jaq has no way to stop one. So the app
//! runs each filter in a child process of its own binary ([`CHILD_ARG`]), which it kills on
//! cancel; only builds without that binary (library tests) run it on a blocking thread.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::{Val, read};

/// Why a filter gave no result, in the words shown under the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JqError {
    #[error("the document is not JSON: {0}")]
    NotJson(String),
    #[error("invalid filter: {0}")]
    Invalid(String),
    #[error("the filter failed: {0}")]
    Failed(String),
    #[error("the filter produced more than a million results")]
    TooMany,
    #[error("cannot start the filter: {0}")]
    Start(String),
    #[error("cannot read the filter's result: {0}")]
    Read(String),
    #[error("the filter's result is not UTF-8")]
    NotUtf8,
    /// No code (a signal: a stack overflow, no memory) or a panic.
    #[error("the filter crashed ({0})")]
    Crashed(String),
    /// What the child said on stderr: one of the above, in words.
    #[error("{0}")]
    Child(String),
}

/// Runs `filter` on the JSON `input`; the result is the one output, or an array of them all.
pub fn run(filter: &str, input: &[u8]) -> Result<String, JqError> {
    let input = read::parse_single(input).map_err(|e| JqError::NotJson(e.to_string()))?;
    let program = File {
        code: filter,
        path: (),
    };
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, program)
        .map_err(|errs| JqError::Invalid(load_errors(&errs)))?;
    let filter = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| {
            let names: Vec<String> = errs
                .iter()
                .flat_map(|(_, list)| list.iter())
                .map(|(name, what)| format!("unknown {} `{name}`", what.as_str()))
                .collect();
            JqError::Invalid(names.join(", "))
        })?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
    let mut outputs: Vec<String> = Vec::new();
    for out in filter.id.run((ctx, input)).map(unwrap_valr) {
        let val = out.map_err(|e| JqError::Failed(e.to_string()))?;
        outputs.push(val.to_string());
        if outputs.len() > 1_000_000 {
            return Err(JqError::TooMany);
        }
    }
    Ok(match outputs.len() {
        1 => outputs.pop().unwrap_or_default(),
        _ => format!("[{}]", outputs.join(",")),
    })
}

/// The hidden first argument that makes the binary a jq child: `wf-tui __jq FILTER`, the
/// document on stdin, the result on stdout, an error in words on stderr.
pub const CHILD_ARG: &str = "__jq";

/// The child's side of [`CHILD_ARG`].
pub fn child_main(filter: &str) -> std::process::ExitCode {
    use std::io::{Read, Write};
    watch_parent();
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprint!("cannot read the document: {e}");
        return std::process::ExitCode::from(2);
    }
    match run(filter, &input) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return std::process::ExitCode::from(2);
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{e}");
            std::process::ExitCode::from(1)
        }
    }
}

/// The parent's pid, set by [`run_in_child`]: a parent that dies before the child looks would
/// otherwise be mistaken for the process that adopted it.
pub const PARENT_ENV: &str = "WF_TUI_JQ_PARENT";

/// A parent that dies without killing its child (SIGKILL, a crash, an exit that skips
/// destructors) must not leave a filter spinning: the child exits once it is orphaned.
fn watch_parent() {
    #[cfg(unix)]
    {
        use std::os::unix::process::parent_id;
        let parent = std::env::var(PARENT_ENV)
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(parent_id);
        std::thread::spawn(move || {
            loop {
                if parent_id() != parent {
                    std::process::exit(3);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        });
    }
}

/// Runs `filter` on `input` in a child process `exe __jq FILTER`. Dropping the future (the
/// task aborted on cancel, or the runtime shutting down) kills the child.
pub async fn run_in_child(
    exe: &std::path::Path,
    filter: &str,
    input: &[u8],
) -> Result<String, JqError> {
    use std::process::Stdio;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut child = tokio::process::Command::new(exe)
        .arg(CHILD_ARG)
        .arg(filter)
        .env(PARENT_ENV, std::process::id().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| JqError::Start(e.to_string()))?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(JqError::Start("no pipes".into()));
    };
    // Written while the output is read: a big document and a big result would otherwise
    // each wait for the other's pipe to drain. A child that exits early closes the pipe: its
    // stderr says why.
    let write = async move {
        let _ = stdin.write_all(input).await;
        drop(stdin);
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let (_, read_out, _) = tokio::join!(
        write,
        stdout.read_to_end(&mut out),
        stderr.read_to_end(&mut err)
    );
    let status = child
        .wait()
        .await
        .map_err(|e| JqError::Failed(e.to_string()))?;
    read_out.map_err(|e| JqError::Read(e.to_string()))?;
    if status.success() {
        return String::from_utf8(out).map_err(|_| JqError::NotUtf8);
    }
    let err = String::from_utf8_lossy(&err).trim().to_string();
    Err(if err.is_empty() || status.code() == Some(101) {
        // 101 is a panic (its message is about our code, not the filter); no code is a
        // signal: jaq overflowed its stack, or it ran out of memory.
        JqError::Crashed(status.to_string())
    } else {
        JqError::Child(err)
    })
}

/// "expected closing bracket at `…`" for each lex or parse error.
fn load_errors(errors: &jaq_core::load::Errors<&str, ()>) -> String {
    use jaq_core::load::Error;
    let near = |rest: &str| {
        if rest.is_empty() {
            "the end".to_string()
        } else {
            format!("`{}`", rest.chars().take(20).collect::<String>())
        }
    };
    let parts: Vec<String> = errors
        .iter()
        .flat_map(|(_, e)| match e {
            Error::Io(list) => list.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>(),
            Error::Lex(list) => list
                .iter()
                .map(|(expect, rest)| format!("expected {} at {}", expect.as_str(), near(rest)))
                .collect(),
            Error::Parse(list) => list
                .iter()
                .map(|(expect, rest)| format!("expected {} at {}", expect.as_str(), near(rest)))
                .collect(),
        })
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn filters_like_jq() {
        let doc =
            br#"{"alerts":[{"name":"a","severity":"WARN"},{"name":"b","severity":"SEVERE"}]}"#;
        assert_eq!(run(".alerts[1].name", doc).unwrap(), "\"b\"");
        assert_eq!(run(".alerts[].name", doc).unwrap(), "[\"a\",\"b\"]");
        assert_eq!(
            run("[.alerts[] | select(.severity == \"SEVERE\") | .name]", doc).unwrap(),
            "[\"b\"]"
        );
        assert_eq!(run(".alerts | length", doc).unwrap(), "2");
        assert_eq!(
            run(".alerts | map(.name) | join(\",\")", doc).unwrap(),
            "\"a,b\""
        );
    }

    #[test]
    fn bad_filters_say_so() {
        assert_eq!(
            run(".[", b"{}").unwrap_err().to_string(),
            "invalid filter: expected closing bracket at the end"
        );
        assert_eq!(
            run("nosuchfunction", b"{}").unwrap_err().to_string(),
            "invalid filter: unknown filter `nosuchfunction`"
        );
        assert!(
            run(".a + 1", br#"{"a":"x"}"#)
                .unwrap_err()
                .to_string()
                .starts_with("the filter failed")
        );
    }
}
