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

use crate::api::actions as req;
use crate::api::catalog::{Kind, kind_by_name, mask_secrets};
use crate::api::{ApiRequest, HttpMethod, InstanceAddress};
use crate::auth::Session;
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
        #[arg(long = "for", value_name = "DURATION", value_parser = parse_duration)]
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
    /// now, +1h (from now), YYYY-MM-DD HH:MM (UTC) or epoch seconds.
    #[arg(long, default_value = "now", value_parser = check_time)]
    pub start: String,
    /// As --start; default one hour from now.
    #[arg(long, default_value = "+1h", value_parser = check_time)]
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

fn parse_duration(s: &str) -> Result<u64, String> {
    req::parse_duration(s).map_err(|e| e.to_string())
}

/// A time that does not parse is a bad argument (exit 2, with the others), not a failure of
/// the work (exit 1). Kept as text: `+1h` counts from when the window is made.
fn check_time(s: &str) -> Result<String, String> {
    req::parse_time(s, 0)
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

/// A change the CLI was asked for.
#[derive(Debug)]
pub enum Act {
    Source(SourceCommand),
    Alert(AlertCommand),
    Integration(IntegrationCommand),
    Window(WindowCommand),
}

/// Read-only mode refused the change (the CLI exits with [`crate::readonly::EXIT_READ_ONLY`]).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// What to send: the kind, the item, the requests (the window to close is read first).
pub struct Plan {
    pub kind: &'static Kind,
    pub item_id: Option<String>,
    pub requests: Vec<ApiRequest>,
    pub done: &'static str,
    pub opts: ActOpts,
    /// Closing a window: the request is built from the window as it is.
    pub close_window: bool,
}

fn kind(name: &str) -> &'static Kind {
    kind_by_name(name).expect("a kind of the catalog")
}

impl Act {
    pub fn plan(self, now_s: i64) -> anyhow::Result<Plan> {
        let plan = |k: &str, id: Option<String>, requests, done, opts| Plan {
            kind: kind(k),
            item_id: id,
            requests,
            done,
            opts,
            close_window: false,
        };
        Ok(match self {
            Act::Source(SourceCommand::Tag { op }) => match op {
                SourceTagOp::Add(a) => {
                    let r = a
                        .tags
                        .iter()
                        .map(|t| req::source_tag_add(&a.id, t))
                        .collect();
                    plan("source", Some(a.id), r, "tagged", a.opts)
                }
                SourceTagOp::Remove(a) => {
                    let r = a
                        .tags
                        .iter()
                        .map(|t| req::source_tag_remove(&a.id, t))
                        .collect();
                    plan("source", Some(a.id), r, "untagged", a.opts)
                }
                SourceTagOp::Set(a) => {
                    let r = vec![req::source_tag_set(&a.id, &a.tags)];
                    plan("source", Some(a.id), r, "tagged", a.opts)
                }
            },
            Act::Alert(cmd) => match cmd {
                AlertCommand::Snooze { id, duration, opts } => {
                    let r = vec![req::alert_snooze(&id, duration)];
                    plan("alert", Some(id), r, "snoozed", opts)
                }
                AlertCommand::Unsnooze(a) => {
                    let r = vec![req::alert_unsnooze(&a.id)];
                    plan("alert", Some(a.id), r, "unsnoozed", a.opts)
                }
                AlertCommand::Tag { op } => match op {
                    AlertTagOp::Add(a) => {
                        let r = a
                            .tags
                            .iter()
                            .map(|t| req::alert_tag_add(&a.id, t))
                            .collect();
                        plan("alert", Some(a.id), r, "tagged", a.opts)
                    }
                    AlertTagOp::Remove(a) => {
                        let r = a
                            .tags
                            .iter()
                            .map(|t| req::alert_tag_remove(&a.id, t))
                            .collect();
                        plan("alert", Some(a.id), r, "untagged", a.opts)
                    }
                },
            },
            Act::Integration(cmd) => match cmd {
                IntegrationCommand::Enable(a) => {
                    let r = vec![req::integration_enable(&a.id)];
                    plan("cloudintegration", Some(a.id), r, "enabled", a.opts)
                }
                IntegrationCommand::Disable(a) => {
                    let r = vec![req::integration_disable(&a.id)];
                    plan("cloudintegration", Some(a.id), r, "disabled", a.opts)
                }
            },
            Act::Window(cmd) => match cmd {
                WindowCommand::Create(w) => {
                    let start = req::parse_time(&w.start, now_s)?;
                    let end = req::parse_time(&w.end, now_s)?;
                    let spec = req::WindowSpec {
                        title: w.title,
                        reason: w.reason,
                        start_s: start,
                        end_s: end,
                        alert_tags: w.tags,
                        source_tags: w.source_tags,
                        source_names: w.sources,
                    };
                    let r = vec![req::window_create(&spec)?];
                    plan("maintenancewindow", None, r, "created", w.opts)
                }
                WindowCommand::Close(a) => Plan {
                    close_window: true,
                    ..plan(
                        "maintenancewindow",
                        Some(a.id),
                        Vec::new(),
                        "closed",
                        a.opts,
                    )
                },
                WindowCommand::Delete(a) => {
                    let r = vec![req::window_delete(&a.id)];
                    plan("maintenancewindow", Some(a.id), r, "deleted", a.opts)
                }
            },
        })
    }
}

/// Reads the window to close and builds its `PUT`.
async fn close_request(session: &Session, plan: &Plan, now_s: i64) -> anyhow::Result<ApiRequest> {
    let id = plan.item_id.as_deref().unwrap_or_default();
    let read = plan
        .kind
        .detail_request(id)
        .ok_or_else(|| anyhow::anyhow!("maintenance windows have no detail endpoint"))?;
    let current = session
        .execute(&read, &crate::api::retry::announce_on_stderr(&read.path))
        .await?;
    Ok(req::window_close(id, &current, now_s))
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
    session: Option<&Session>,
    base: &InstanceAddress,
    plan: Plan,
    read_only: ReadOnly,
    now_s: i64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut plan = plan;
    let refusal = |r: &ApiRequest| read_only.refusal(r);
    if plan.close_window {
        // Refuse before even reading the window: the close is a change.
        let id = plan.item_id.clone().unwrap_or_default();
        let put = ApiRequest::put(format!(
            "/api/v2/maintenancewindow/{}",
            crate::api::request::segment(&id)
        ));
        if let Some(m) = refusal(&put) {
            return Err(Refused(m).into());
        }
        let session = session.ok_or_else(|| {
            anyhow::anyhow!(
                "closing a window reads it first: an account is needed, even with --curl"
            )
        })?;
        plan.requests = vec![close_request(session, &plan, now_s).await?];
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
    let deleted = plan
        .requests
        .last()
        .is_some_and(|r| r.method == HttpMethod::Delete)
        && plan.kind.name == "maintenancewindow";
    // A void answer (tags): the item as it is now.
    if !last.is_object() && !deleted {
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
            writeln!(out, "{} {noun} {}", plan.done, crate::text::sanitize(&id))?;
        }
    }
    Ok(())
}
