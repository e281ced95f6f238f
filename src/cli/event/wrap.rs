//! `wf-tui event wrap --name N -- CMD…`: an event opened before the command and closed after
//! it with `exitStatus` in its annotations, for deploy scripts. The command gets this
//! process's stdin, stdout and stderr; wf-tui says what it does on stderr only, and exits with
//! the command's exit code (128 + the signal when a signal ended it, 127 when it could not
//! start). A deploy is not held up by monitoring: when the event cannot be opened (no network,
//! a 500) the command runs anyway, unless `--strict`. Read-only mode refuses before anything
//! runs (exit 3): the mode says no change, and the event is one.

use std::io::Write;

use serde_json::{Value, json};

use super::{EventCli, WrapArgs, event_body, event_id, operation, send};
use crate::api::Executor;
use crate::api::catalog::{Arg, Verb};
use crate::cli::account::CliAccount;
use crate::cli::actions::Refused;

/// The command's exit code, for the process to exit with (0 is not an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the wrapped command exited {0}")]
pub struct Exited(pub u8);

/// How the command ended, as the annotation says it and as the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub annotation: String,
    pub code: u8,
}

impl Ending {
    fn of(status: std::process::ExitStatus) -> Ending {
        if let Some(code) = status.code() {
            return Ending {
                annotation: code.to_string(),
                code: u8::try_from(code).unwrap_or(1),
            };
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(signal) = status.signal() {
                return Ending {
                    annotation: format!("signal {signal}"),
                    code: u8::try_from(128 + signal).unwrap_or(u8::MAX),
                };
            }
        }
        Ending {
            annotation: "unknown".into(),
            code: 1,
        }
    }

    fn not_started(e: &std::io::Error) -> Ending {
        Ending {
            annotation: format!("not started: {e}"),
            code: if e.kind() == std::io::ErrorKind::PermissionDenied {
                126
            } else {
                127
            },
        }
    }
}

fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "wf-tui: {}", crate::text::sanitize(line));
}

pub(super) async fn run(mut cli: EventCli<'_>, args: WrapArgs) -> anyhow::Result<()> {
    let now_ms = crate::auth::session::wall_ms();
    let mut particulars = args.particulars.clone();
    // As the Ruby CLI does: the command is the event's details unless given.
    particulars
        .detail
        .get_or_insert_with(|| args.command.join(" "));
    let create = operation(
        Verb::Create,
        "",
        Arg::Item(event_body(&args.name, &particulars, now_ms, None)?),
    );
    let target = CliAccount::resolve(cli.who).await?;
    cli.read_only.account = target.readonly();
    if let Some(m) = cli.read_only.refusal(&create) {
        return Err(Refused(format!("{m}; the command was not run")).into());
    }
    let opened = open(&cli, &target, &create).await;
    let opened = match opened {
        Ok(o) => Some(o),
        Err(e) if args.strict => {
            return Err(
                e.context("the event could not be opened (--strict: the command was not run)")
            );
        }
        Err(e) => {
            say(&format!(
                "could not open the event ({e:#}); running the command anyway"
            ));
            None
        }
    };
    let ending = run_command(&args.command).await;
    if let Some((session, event)) = opened {
        close(&session, event, &ending).await;
    }
    match ending.code {
        0 => Ok(()),
        code => Err(Exited(code).into()),
    }
}

/// Logs in and creates the event: the session (to close it with) and the event.
async fn open(
    cli: &EventCli<'_>,
    target: &CliAccount,
    create: &crate::api::ApiRequest,
) -> anyhow::Result<(Executor, Value)> {
    let session = cli.session(target).await?;
    let event = send(&session, create).await?;
    say(&format!("opened event {}", event_id(&event)?));
    Ok((session, event))
}

/// Runs the command with this process's stdio. Termination signals are caught meanwhile, so
/// wf-tui outlives the command to close the event: from a terminal (ctrl-c) or a process
/// group they reach the command too, which then ends.
async fn run_command(command: &[String]) -> Ending {
    let Some((program, rest)) = command.split_first() else {
        return Ending::not_started(&std::io::Error::other("no command"));
    };
    let mut signals = crate::signals::Signals::install();
    let mut child = match tokio::process::Command::new(program).args(rest).spawn() {
        Ok(child) => child,
        Err(e) => {
            say(&format!("cannot run {program}: {e}"));
            return Ending::not_started(&e);
        }
    };
    loop {
        tokio::select! {
            status = child.wait() => {
                return match status {
                    Ok(status) => Ending::of(status),
                    Err(e) => Ending::not_started(&e),
                };
            }
            signal = signals.recv() => {
                say(&format!("{signal}: waiting for the command to end, to close the event"));
            }
        }
    }
}

/// Closes the event, then writes how the command ended into its annotations. Each failure is
/// said, with what to do, and changes nothing of the exit code.
async fn close(session: &Executor, event: Value, ending: &Ending) {
    let Ok(id) = event_id(&event) else { return };
    let closed = match send(session, &operation(Verb::Close, &id, Arg::None)).await {
        Ok(closed) if closed.is_object() => closed,
        Ok(_) => event,
        Err(e) => {
            say(&format!(
                "could not close event {id} ({e:#}): close it with `wf-tui event close '{id}'`"
            ));
            return;
        }
    };
    let mut updated = closed;
    if !updated["annotations"].is_object() {
        updated["annotations"] = json!({});
    }
    updated["annotations"]["exitStatus"] = json!(ending.annotation);
    match send(session, &operation(Verb::Update, &id, Arg::Item(updated))).await {
        Ok(_) => say(&format!(
            "closed event {id} (exit status {})",
            ending.annotation
        )),
        Err(e) => say(&format!(
            "closed event {id}, but could not note the exit status {} ({e:#})",
            ending.annotation
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn endings_say_codes_and_signals() {
        use std::os::unix::process::ExitStatusExt;
        let exited = Ending::of(std::process::ExitStatus::from_raw(3 << 8));
        assert_eq!(
            exited,
            Ending {
                annotation: "3".into(),
                code: 3
            }
        );
        let killed = Ending::of(std::process::ExitStatus::from_raw(9));
        assert_eq!(
            killed,
            Ending {
                annotation: "signal 9".into(),
                code: 137
            }
        );
        let missing = Ending::not_started(&std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(missing.code, 127);
        assert!(missing.annotation.starts_with("not started"));
        let denied =
            Ending::not_started(&std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(denied.code, 126);
    }

    #[tokio::test]
    async fn a_command_that_cannot_start_is_127() {
        let ending = run_command(&["/nonexistent/wf-tui-test-command".to_string()]).await;
        assert_eq!(ending.code, 127);
        assert_eq!(run_command(&[]).await.code, 127);
    }
}
