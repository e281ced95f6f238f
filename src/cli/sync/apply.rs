//! `wf-tui apply DIR [--kind …] [--prune] [--yes] [--dry-run]`: the plan that makes the account
//! like the dump (creates, updates, deletions with `--prune`), what it maps, what stops it;
//! then, after a question, each write through the edits' path: the item read again just
//! before, and not overwritten when it changed since the plan was made.

use std::io::Write;

use super::diff::read_both;
use super::read::Side;
use super::{ApplyArgs, Opened};
use crate::api::Executor;
use crate::api::catalog::editing;
use crate::cli::account::Who;
use crate::cli::actions::Refused;
use crate::cli::edit::show::{confirm, say};
use crate::readonly::ReadOnly;
use crate::sync::plan::{Action, Plan, plan};
use crate::sync::set::Sides;
use crate::text::sanitize;
use crate::worker::sync::{StepOutcome, created, step_request, write_plan};

pub async fn command(
    who: Who<'_>,
    args: ApplyArgs,
    timeouts: crate::api::client::Timeouts,
    mut read_only: ReadOnly,
) -> anyhow::Result<()> {
    if let (false, Some(why)) = (args.dry_run, read_only.because()) {
        return Err(Refused(format!("read-only: apply refused ({why})")).into());
    }
    let to = Side::Dump(args.dir.clone());
    let read = read_both(who, &Side::Account(None), &to, &args.kind, timeouts).await?;
    let opened = read
        .from_account
        .ok_or_else(|| anyhow::anyhow!("no account to apply to"))?;
    read_only.account = opened.readonly;
    if let (false, Some(why)) = (args.dry_run, read_only.because()) {
        return Err(Refused(format!("read-only: apply refused ({why})")).into());
    }
    let kinds: Vec<_> = read
        .kinds
        .iter()
        .copied()
        .filter(|sk| editing(sk.kind).is_some())
        .collect();
    if !args.kind.is_empty() && kinds.len() < read.kinds.len() {
        let refused: Vec<&str> = read
            .kinds
            .iter()
            .filter(|sk| editing(sk.kind).is_none())
            .map(|sk| sk.kind.name)
            .collect();
        anyhow::bail!(
            "{} cannot be applied: the API has no safe update for them",
            refused.join(", ")
        );
    }
    for sk in read.kinds.iter().filter(|sk| editing(sk.kind).is_none()) {
        say(&format!(
            "{}: left out (dumped and compared, not applied: the edits have no safe update for them)",
            sk.kind.name
        ));
    }
    let mut sides = read.sides;
    let first = plan(&sides, &kinds, args.prune);
    // What will be changed, read by its detail: the conflict check compares with that, and a
    // listing may leave fields out that the detail has.
    crate::worker::sync::refresh(&opened.session, &mut sides, &first).await?;
    let p = plan(&sides, &kinds, args.prune);
    show_plan(&p, &opened, &args);
    if !p.blockers.is_empty() {
        anyhow::bail!(
            "nothing written: {} {} the plan cannot go ahead with",
            p.blockers.len(),
            if p.blockers.len() == 1 {
                "problem"
            } else {
                "problems"
            }
        );
    }
    if p.steps.is_empty() {
        say("nothing to apply: the account is like the dump");
        return Ok(());
    }
    if args.dry_run {
        return dry_run(&mut sides, &p, &opened);
    }
    let question = format!("apply {} to {}?", summary(&p), sanitize(&opened.name));
    if !confirm(&question, args.yes)? {
        anyhow::bail!("nothing written");
    }
    let failed = run(&opened.session, &mut sides, &p).await?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} writes not made", p.steps.len());
    }
    Ok(())
}

fn summary(p: &Plan) -> String {
    format!(
        "{} creates, {} updates, {} deletions",
        p.count(|a| *a == Action::Create),
        p.count(|a| matches!(a, Action::Update(_))),
        p.count(|a| matches!(a, Action::Delete(_)))
    )
}

/// The plan on standard error: each step, the references mapped, what stops it.
fn show_plan(p: &Plan, opened: &Opened, args: &ApplyArgs) {
    say(&format!(
        "plan for {} ({}) from {}: {}",
        sanitize(&opened.name),
        opened.base,
        args.dir.display(),
        summary(p)
    ));
    for s in &p.steps {
        let (verb, id) = match &s.action {
            Action::Create => ("create", String::new()),
            Action::Update(id) => ("update", format!(" ({id})")),
            Action::Delete(id) => ("delete", format!(" ({id})")),
        };
        say(&sanitize(&format!(
            "  {verb} {} “{}”{id}",
            s.sk.kind.name, s.key
        )));
    }
    let lists = [
        ("references mapped to the account's ids:", &p.remapped),
        ("references to items created first:", &p.pending),
        ("warnings:", &p.warnings),
        ("stopped by:", &p.blockers),
    ];
    for (title, lines) in lists {
        if !lines.is_empty() {
            say(title);
            lines.iter().for_each(|l| say(&sanitize(&format!("  {l}"))));
        }
    }
}

/// `--dry-run`: each request as curl on standard output (no token), items to be created
/// standing in for their ids.
fn dry_run(sides: &mut Sides, p: &Plan, opened: &Opened) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for step in &p.steps {
        match step_request(sides, step) {
            Ok(r) => writeln!(out, "{}", r.curl(&opened.base))?,
            Err(why) => writeln!(
                out,
                "# {} “{}”: {}",
                step.sk.kind.name,
                sanitize(&step.key),
                sanitize(&why)
            )?,
        }
        if step.action == Action::Create {
            let id = format!("<id of the new {} {}>", step.sk.kind.name, step.key);
            created(sides, step, id, None);
        }
    }
    say("dry run: nothing written");
    Ok(out.flush()?)
}

/// Writes each step in turn, saying how each went; how many were not made.
async fn run(api: &Executor, sides: &mut Sides, p: &Plan) -> anyhow::Result<usize> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0;
    let mut said = Ok(());
    write_plan(api, sides, p, |step, outcome| {
        let what = sanitize(&format!("{} “{}”", step.sk.kind.name, step.key)).into_owned();
        let line = match outcome {
            StepOutcome::Written { id } => {
                let done = match step.action {
                    Action::Create => "created",
                    Action::Update(_) => "updated",
                    Action::Delete(_) => "deleted",
                };
                format!("{done} {what} ({})", sanitize(id))
            }
            StepOutcome::Conflict => {
                format!("not written: {what} changed on the server since the plan was made")
            }
            StepOutcome::NotSent(why) => format!("not written: {what}: {}", sanitize(why)),
            StepOutcome::Failed(why) => format!("failed: {what}: {}", sanitize(why)),
        };
        failed += usize::from(!matches!(outcome, StepOutcome::Written { .. }));
        if said.is_ok() {
            said = writeln!(out, "{line}").and_then(|()| out.flush());
        }
    })
    .await;
    said?;
    Ok(failed)
}
