//! The mutations from the command line, shaped like the Ruby `wf` CLI:
//! `wf-tui source tag add|remove|set ID TAG…`, `wf-tui alert snooze ID [--for 1h]`,
//! `wf-tui alert unsnooze ID`, `wf-tui alert tag add|remove ID TAG…`,
//! `wf-tui cloudintegration enable|disable ID`,
//! `wf-tui maintenancewindow create|close|delete …`.
//!
//! Each prints the changed item as JSON (or one line with `-o text`), or with `--curl` the
//! request as curl instead of sending it. Read-only mode refuses them with exit code 3.

use std::io::Write;

use clap::{Args, Subcommand};
use serde_json::Value;

use crate::api::Executor;
use crate::api::actions as req;
use crate::api::catalog::{
    ALERTS, Arg, CLOUD_INTEGRATIONS, Kind, MAINTENANCE_WINDOWS, Operation, SOURCES, Verb,
    mask_secrets,
};
use crate::api::{ApiRequest, InstanceAddress};
use crate::readonly::ReadOnly;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ActOutput {
    /// The changed item as JSON.
    #[default]
    Json,
    /// One line saying what was done.
    Text,
}

/// Options every change takes.
#[derive(Debug, Clone, Args)]
pub struct ActOpts {
    /// Print the request as a curl command (token from $WAVEFRONT_TOKEN) instead of sending it.
    #[arg(long)]
    pub curl: bool,
    /// json: the changed item; text: one line.
    #[arg(short = 'o', long, value_enum, default_value_t = ActOutput::Json)]
    pub output: ActOutput,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add, remove or set (replace all) a source's tags.
    Tag {
        #[command(subcommand)]
        op: SourceTagOp,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceTagOp {
    /// Add tags to a source.
    Add(IdTags),
    /// Remove tags from a source.
    Remove(IdTags),
    /// Replace all of a source's tags with these (none: remove them all).
    Set(IdMaybeTags),
}

#[derive(Debug, Args)]
pub struct IdTags {
    pub id: String,
    #[arg(required = true, num_args = 1..)]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub opts: ActOpts,
}

#[derive(Debug, Args)]
pub struct IdMaybeTags {
    pub id: String,
    pub tags: Vec<String>,
    #[command(flatten)]
    pub opts: ActOpts,
}

#[derive(Debug, Args)]
pub struct Id {
    pub id: String,
    #[command(flatten)]
    pub opts: ActOpts,
}

#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Snooze an alert for a while (--for 1h, 90m, 1h30m, 1d, 2w) or until unsnoozed.
    Snooze {
        id: String,
        /// How long; without it, until unsnoozed.
        #[arg(long = "for", value_name = "DURATION", value_parser = req::parse_duration)]
        duration: Option<u64>,
        #[command(flatten)]
        opts: ActOpts,
    },
    /// Unsnooze an alert.
    Unsnooze(Id),
    /// Add or remove an alert's tags.
    Tag {
        #[command(subcommand)]
        op: AlertTagOp,
    },
    /// Print the firing alerts, most severe first: `wf-tui alert firing -o json|csv|table`.
    Firing(super::alerting::AlertReadArgs),
    /// Print the alerts counted by state (FIRING, SNOOZED, IN_MAINTENANCE, NO_DATA …).
    Summary(super::alerting::AlertReadArgs),
}

#[derive(Debug, Subcommand)]
pub enum AlertTagOp {
    Add(IdTags),
    Remove(IdTags),
}

#[derive(Debug, Subcommand)]
pub enum IntegrationCommand {
    /// Enable a cloud integration.
    Enable(Id),
    /// Disable a cloud integration.
    Disable(Id),
}

#[derive(Debug, Subcommand)]
pub enum WindowCommand {
    /// Create a maintenance window.
    Create(WindowArgs),
    /// End a maintenance window now (reads it, then updates it with the end set to now).
    Close(Id),
    /// Delete a maintenance window.
    Delete(Id),
}

#[derive(Debug, Args)]
pub struct WindowArgs {
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub reason: String,
    /// now, +1h or -30m (from now), YYYY-MM-DD HH:MM[:SS] (in the settings' time_zone, local by
    /// default), an RFC 3339 time (2027-01-15T09:00:00Z, …+01:00) or epoch seconds.
    #[arg(long, default_value = "now", allow_hyphen_values = true, value_parser = check_time)]
    pub start: String,
    /// As --start; default one hour from now.
    #[arg(long, default_value = "+1h", allow_hyphen_values = true, value_parser = check_time)]
    pub end: String,
    /// An alert tag the window silences (repeatable; at least one).
    #[arg(long = "tag", value_name = "ALERT_TAG", required = true)]
    pub tags: Vec<String>,
    /// A source (host) name the window applies to (repeatable).
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// A source tag the window applies to (repeatable).
    #[arg(long = "source-tag", value_name = "SOURCE_TAG")]
    pub source_tags: Vec<String>,
    #[command(flatten)]
    pub opts: ActOpts,
}

/// A time that does not parse is a bad argument (exit 2, with the others), not a failure of
/// the work (exit 1). Kept as text: `+1h` counts from when the window is made, and the zone
/// is the settings' (whether a date exists does not depend on it).
pub(crate) fn check_time(s: &str) -> Result<String, String> {
    req::parse_time(s, 0, &jiff::tz::TimeZone::UTC)
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

/// A change the CLI was asked for: the subcommands of `wf-tui` that change something.
#[derive(Debug, Subcommand)]
pub enum Act {
    /// Change a source's tags: `wf-tui source tag add|remove|set ID TAG…`.
    Source {
        #[command(subcommand)]
        command: SourceCommand,
    },
    /// Snooze, unsnooze or tag an alert: `wf-tui alert snooze ID --for 1h`.
    Alert {
        #[command(subcommand)]
        command: AlertCommand,
    },
    /// Enable or disable a cloud integration: `wf-tui cloudintegration disable ID`.
    Cloudintegration {
        #[command(subcommand)]
        command: IntegrationCommand,
    },
    /// Create, close or delete a maintenance window.
    Maintenancewindow {
        #[command(subcommand)]
        command: WindowCommand,
    },
}

/// Read-only mode refused the change (the CLI exits with [`crate::readonly::EXIT_READ_ONLY`]).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// What to send: the kind, the operation, the item, the requests (an operation built from the
/// item as it is reads it first).
pub struct Plan {
    pub kind: &'static Kind,
    pub op: &'static Operation,
    pub item_id: Option<String>,
    pub requests: Vec<ApiRequest>,
    pub opts: ActOpts,
}

impl Plan {
    /// The plan of `verb` on `kind`, its requests built by `build` from the operation.
    fn of(
        kind: &'static Kind,
        verb: Verb,
        item_id: Option<String>,
        opts: ActOpts,
        build: impl FnOnce(&Operation, &str) -> Vec<ApiRequest>,
    ) -> anyhow::Result<Plan> {
        let op = kind
            .operation(verb)
            .ok_or_else(|| anyhow::anyhow!("{} cannot {verb:?}", kind.title.to_lowercase()))?;
        let requests = build(op, item_id.as_deref().unwrap_or_default());
        Ok(Plan {
            kind,
            op,
            item_id,
            requests,
            opts,
        })
    }

    /// One request per tag.
    fn per_tag(kind: &'static Kind, verb: Verb, a: IdTags) -> anyhow::Result<Plan> {
        let IdTags { id, tags, opts } = a;
        Plan::of(kind, verb, Some(id), opts, |op, id| {
            tags.iter().map(|t| op.request(id, Arg::Tag(t))).collect()
        })
    }

    /// One request on the item, taking `arg`.
    fn one(kind: &'static Kind, verb: Verb, a: Id, arg: Arg) -> anyhow::Result<Plan> {
        Plan::of(kind, verb, Some(a.id), a.opts, |op, id| {
            vec![op.request(id, arg)]
        })
    }

    /// Whether the item is read first and the request built from it (closing a window).
    pub fn reads_first(&self) -> bool {
        self.op.from_current.is_some()
    }
}

impl Act {
    /// The plan; times typed without an offset are read in `zone`.
    pub fn plan(self, now_s: i64, zone: &jiff::tz::TimeZone) -> anyhow::Result<Plan> {
        use Verb::*;
        match self {
            Act::Source {
                command: SourceCommand::Tag { op },
            } => match op {
                SourceTagOp::Add(a) => Plan::per_tag(&SOURCES, TagAdd, a),
                SourceTagOp::Remove(a) => Plan::per_tag(&SOURCES, TagRemove, a),
                SourceTagOp::Set(a) => {
                    let IdMaybeTags { id, tags, opts } = a;
                    Plan::of(&SOURCES, TagSet, Some(id), opts, |op, id| {
                        vec![op.request(id, Arg::Tags(&tags))]
                    })
                }
            },
            Act::Alert { command } => match command {
                AlertCommand::Snooze { id, duration, opts } => {
                    Plan::one(&ALERTS, Snooze, Id { id, opts }, Arg::Seconds(duration))
                }
                AlertCommand::Unsnooze(a) => Plan::one(&ALERTS, Unsnooze, a, Arg::None),
                AlertCommand::Tag { op } => match op {
                    AlertTagOp::Add(a) => Plan::per_tag(&ALERTS, TagAdd, a),
                    AlertTagOp::Remove(a) => Plan::per_tag(&ALERTS, TagRemove, a),
                },
                // Reads, run before any plan (`cli::dispatch`).
                AlertCommand::Firing(_) | AlertCommand::Summary(_) => {
                    anyhow::bail!("alert firing and alert summary change nothing")
                }
            },
            Act::Cloudintegration { command } => match command {
                IntegrationCommand::Enable(a) => {
                    Plan::one(&CLOUD_INTEGRATIONS, Enable, a, Arg::None)
                }
                IntegrationCommand::Disable(a) => {
                    Plan::one(&CLOUD_INTEGRATIONS, Disable, a, Arg::None)
                }
            },
            Act::Maintenancewindow { command } => match command {
                WindowCommand::Create(w) => {
                    let spec = req::WindowSpec {
                        start_s: req::parse_time(&w.start, now_s, zone)?,
                        end_s: req::parse_time(&w.end, now_s, zone)?,
                        title: w.title,
                        reason: w.reason,
                        alert_tags: w.tags,
                        source_tags: w.source_tags,
                        source_names: w.sources,
                    };
                    let body = spec.body()?;
                    Plan::of(&MAINTENANCE_WINDOWS, Create, None, w.opts, |op, _| {
                        vec![op.request("", Arg::Item(body))]
                    })
                }
                WindowCommand::Close(a) => {
                    Plan::of(&MAINTENANCE_WINDOWS, Close, Some(a.id), a.opts, |_, _| {
                        Vec::new()
                    })
                }
                WindowCommand::Delete(a) => Plan::one(&MAINTENANCE_WINDOWS, Delete, a, Arg::None),
            },
        }
    }
}

/// Reads the item and builds the request from it (closing a window: its `PUT`).
async fn request_from_current(
    session: &Executor,
    plan: &Plan,
    now_s: i64,
) -> anyhow::Result<ApiRequest> {
    let id = plan.item_id.as_deref().unwrap_or_default();
    let read = plan.kind.detail_request(id).ok_or_else(|| {
        anyhow::anyhow!("{} have no detail endpoint", plan.kind.title.to_lowercase())
    })?;
    let current = session
        .execute(&read, &crate::api::retry::announce_on_stderr(&read.path))
        .await?;
    Ok(plan.op.request_from(id, &current, now_s))
}

/// Prints the plan's requests as curl commands, one a line.
pub fn print_curl(
    requests: &[ApiRequest],
    base: &InstanceAddress,
    out: &mut impl Write,
) -> std::io::Result<()> {
    for r in requests {
        writeln!(out, "{}", r.curl(base))?;
    }
    Ok(())
}

/// Sends the plan and prints the outcome. `read_only` is checked before anything is sent.
pub async fn run(
    session: Option<&Executor>,
    base: &InstanceAddress,
    plan: Plan,
    read_only: ReadOnly,
    now_s: i64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut plan = plan;
    let refusal = |r: &ApiRequest| read_only.refusal(r);
    if plan.reads_first() {
        // Refuse before even reading the item: what follows is a change.
        let id = plan.item_id.clone().unwrap_or_default();
        if let Some(m) = refusal(&plan.op.request(&id, Arg::None)) {
            return Err(Refused(m).into());
        }
        let session = session.ok_or_else(|| {
            anyhow::anyhow!(
                "closing a window reads it first: an account is needed, even with --curl"
            )
        })?;
        plan.requests = vec![request_from_current(session, &plan, now_s).await?];
    }
    if plan.opts.curl {
        print_curl(&plan.requests, base, out)?;
        return Ok(());
    }
    if let Some(m) = plan.requests.iter().find_map(refusal) {
        return Err(Refused(m).into());
    }
    let session = session.ok_or_else(|| anyhow::anyhow!("no session"))?;
    let mut last = Value::Null;
    for r in &plan.requests {
        last = session
            .execute(r, &crate::api::retry::announce_on_stderr(&r.path))
            .await?;
    }
    // A void answer (tags): the item as it is now, unless it is gone.
    if !last.is_object() && plan.op.verb != Verb::Delete {
        if let Some(read) = plan
            .item_id
            .as_deref()
            .and_then(|id| plan.kind.detail_request(id))
        {
            last = session
                .execute(&read, &crate::api::retry::announce_on_stderr(&read.path))
                .await?;
        }
    }
    mask_secrets(&mut last, plan.kind.secret_keys);
    match plan.opts.output {
        ActOutput::Json => {
            serde_json::to_writer_pretty(&mut *out, &last)?;
            writeln!(out)?;
        }
        ActOutput::Text => {
            let id = plan
                .item_id
                .clone()
                .or_else(|| plan.kind.item_id(&last))
                .unwrap_or_default();
            let noun = plan.kind.title.to_lowercase();
            let noun = noun.trim_end_matches('s');
            writeln!(
                out,
                "{} {noun} {}",
                plan.op.done,
                crate::text::sanitize(&id)
            )?;
        }
    }
    Ok(())
}
