//! `wf-tui dump`, `diff` and `apply` (issue #21): an account as files, two accounts (or a dump
//! and an account) compared item by item, and a dump applied to an account by a plan. The
//! matching, the canonical form and the plan are `crate::sync`'s; this reads the accounts,
//! writes the files and asks.

mod apply;
mod diff;
mod dump;
mod read;

use std::path::PathBuf;

use clap::Args;

use super::account::{CliAccount, Who};
use crate::api::Executor;
use crate::sync::{SYNC_KINDS, SyncKind, sync_kind};

pub(super) use apply::command as apply;
pub(super) use diff::command as diff;
pub(super) use dump::command as dump;

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The folder: one file per item, `DIR/<kind>/<key>.json`, and `DIR/index.json`. A dump
    /// there of the same instance is continued (its complete kinds are kept).
    pub dir: PathBuf,
    /// The kinds (comma separated: alert,dashboard,notificant …); default: every kind but
    /// sources.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    /// A progress line on standard error even when it is not a terminal.
    #[arg(long)]
    pub progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffOutput {
    /// Added, changed (the JSON diff) and removed items, as lines.
    Text,
    /// `{"equal", "kinds": [{"kind", "added", "changed": [{"key", "changes"}], "removed"}]}`.
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// A dump's folder or a saved account (`@staging`). Alone: what `wf-tui apply` of this
    /// dump would change in the account (`--profile` …).
    pub from: String,
    /// The other side: a folder or `@account`. Given, the diff is what turns FROM into TO.
    pub to: Option<String>,
    /// The kinds (comma separated); default: the dump's kinds, or every kind but sources.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    #[arg(short = 'o', long, value_enum, default_value_t = DiffOutput::Text)]
    pub output: DiffOutput,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The dump to make the account (`--profile` …) like.
    pub dir: PathBuf,
    /// The kinds (comma separated); default: every kind of the dump that can be written.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Delete what the account has and the dump does not (otherwise only creates and updates).
    #[arg(long)]
    pub prune: bool,
    /// Apply without asking (no terminal and no --yes: nothing is written).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the plan and its requests as curl commands (token left out); write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `wf-tui diff`'s exit when the sides differ (1, quietly: the output said how).
#[derive(Debug, thiserror::Error)]
#[error("the two sides differ")]
pub struct Different;

/// `wf-tui diff`'s exit when it could not compare (2, as `diff` does).
#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
pub struct DiffFailed(pub anyhow::Error);

/// The kinds named, or `default` when none are.
fn kinds(
    named: &[String],
    default: impl FnOnce() -> Vec<&'static SyncKind>,
) -> anyhow::Result<Vec<&'static SyncKind>> {
    if named.is_empty() {
        return Ok(default());
    }
    named
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| {
            let kind = super::get::find_kind(n)?;
            sync_kind(kind).ok_or_else(|| {
                let known: Vec<&str> = SYNC_KINDS.iter().map(|s| s.kind.name).collect();
                anyhow::anyhow!(
                    "{} are not dumped or compared: one of {}",
                    kind.title.to_lowercase(),
                    known.join(", ")
                )
            })
        })
        .collect()
}

fn default_kinds() -> Vec<&'static SyncKind> {
    SYNC_KINDS.iter().filter(|s| s.by_default).collect()
}

/// An account logged in to, with what the commands say of it.
struct Opened {
    session: Executor,
    /// Its name: the saved account's, or where it came from.
    name: String,
    base: crate::api::InstanceAddress,
    readonly: bool,
    /// The demo's stand-in lives as long as this does.
    _account: CliAccount,
}

/// Logs in to the saved account `name`, or to the one the command runs as.
async fn open(
    who: Who<'_>,
    name: Option<&str>,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<Opened> {
    let who = match name {
        Some(name) => Who {
            profile: Some(name),
            demo: false,
            ..who
        },
        None => who,
    };
    let target = CliAccount::resolve(who).await?;
    let base = target.address()?;
    let readonly = target.readonly();
    let account = target.with_secret(who.paths).await?;
    let shown = match (&target, who.profile) {
        (_, Some(p)) => p.to_string(),
        (CliAccount::Demo { .. }, _) => "demo".into(),
        (CliAccount::Saved(saved, _), _) => saved.name.clone(),
        (CliAccount::Unsaved(_), _) => "environment".into(),
    };
    let session = super::open_session(crate::api::client::http_client(timeouts), account).await?;
    Ok(Opened {
        session,
        name: shown,
        base,
        readonly,
        _account: target,
    })
}

/// Now, as the index writes times.
fn now_text() -> String {
    jiff::Timestamp::now().to_string()
}
