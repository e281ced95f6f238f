//! `wf-tui event create|close|wrap`, as the Ruby `wf` CLI has them: an event marks a deploy, a
//! config push or a drill on every chart of its time (and its hosts' charts). `create` prints
//! the new event's id (its JSON with `-o json`), `close` ends one now, `wrap` opens one before
//! a command and closes it after, its exit status in the annotations. Read-only mode refuses
//! them all (exit 3).

mod wrap;

pub use wrap::Exited;

use std::io::Write;

use clap::{Args, Subcommand};
use serde_json::{Map, Value, json};

use super::account::{CliAccount, Who};
use super::actions::Refused;
use crate::api::ApiRequest;
use crate::api::actions::parse_time;
use crate::api::catalog::{Arg, EVENTS, Verb};
use crate::readonly::ReadOnly;

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Create an event: `wf-tui event create "deploy api v2" --type deploy --host web-01`.
    Create(CreateArgs),
    /// End a user event now (alert events end by themselves).
    Close(CloseArgs),
    /// Run a command inside an event: opened before, closed after with the exit status in its
    /// annotations; the command's own exit code is returned. If the event cannot be opened the
    /// command still runs (a deploy is not held up by monitoring) unless --strict.
    Wrap(WrapArgs),
}

/// What an event says besides its name and times.
#[derive(Debug, Clone, Args)]
pub struct Particulars {
    /// Severity annotation: info, smoke, warn or severe (the charts colour by it).
    #[arg(long, short = 'S')]
    pub severity: Option<String>,
    /// Type annotation: deploy, config, drill, …
    #[arg(long = "type", short = 'T', value_name = "TYPE")]
    pub kind: Option<String>,
    /// Details annotation: what happened, in words.
    #[arg(long, short = 'd', value_name = "TEXT")]
    pub detail: Option<String>,
    /// A source (host) it concerns (repeatable): charts of that source show it.
    #[arg(long = "host", short = 'H', value_name = "SOURCE")]
    pub hosts: Vec<String>,
    /// A tag of the event (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Any other annotation (repeatable).
    #[arg(long = "annotation", value_name = "KEY=VALUE", value_parser = key_value)]
    pub annotations: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EventOutput {
    /// The event's id alone.
    #[default]
    Id,
    /// The event as the API answered it.
    Json,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    pub name: String,
    #[command(flatten)]
    pub particulars: Particulars,
    /// now, +1h or -30m (from now), YYYY-MM-DD HH:MM[:SS] (in the settings' time_zone, local by
    /// default), an RFC 3339 time or epoch seconds.
    #[arg(long, short = 's', default_value = "now", allow_hyphen_values = true, value_parser = super::actions::check_time)]
    pub start: String,
    /// As --start; without it (and without --instant) the event goes on until closed.
    #[arg(long, short = 'e', allow_hyphen_values = true, value_parser = super::actions::check_time, conflicts_with = "instant")]
    pub end: Option<String>,
    /// An instantaneous event (it ends a millisecond after it starts).
    #[arg(long, short = 'i')]
    pub instant: bool,
    #[command(flatten)]
    pub opts: EventOpts,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    pub id: String,
    #[command(flatten)]
    pub opts: EventOpts,
}

#[derive(Debug, Clone, Args)]
pub struct EventOpts {
    /// Print the request as a curl command (token from $WAVEFRONT_TOKEN) instead of sending it.
    #[arg(long)]
    pub curl: bool,
    /// id: the event's id; json: the event as the API answered.
    #[arg(short = 'o', long, value_enum, default_value_t = EventOutput::Id)]
    pub output: EventOutput,
}

#[derive(Debug, Args)]
pub struct WrapArgs {
    /// The event's name.
    #[arg(long, short = 'n')]
    pub name: String,
    #[command(flatten)]
    pub particulars: Particulars,
    /// Do not run the command when the event cannot be opened (exit 1 instead).
    #[arg(long)]
    pub strict: bool,
    /// The command and its arguments, after `--` (run as is, not through a shell).
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}`: an annotation is KEY=VALUE")),
    }
}

/// The body of `POST /api/v2/event`: the name, the annotations (severity, type, details and
/// the others), the times in epoch ms, tags and hosts when given.
pub fn event_body(
    name: &str,
    p: &Particulars,
    start_ms: i64,
    end_ms: Option<i64>,
) -> anyhow::Result<Value> {
    if name.trim().is_empty() {
        anyhow::bail!("an event needs a name");
    }
    if end_ms.is_some_and(|end| end < start_ms) {
        anyhow::bail!("the event would end before it starts");
    }
    let mut annotations = Map::new();
    for (key, value) in [
        ("severity", &p.severity),
        ("type", &p.kind),
        ("details", &p.detail),
    ] {
        if let Some(v) = value {
            annotations.insert(key.into(), json!(v));
        }
    }
    for (k, v) in &p.annotations {
        annotations.insert(k.clone(), json!(v));
    }
    let mut body = json!({"name": name, "annotations": annotations, "startTime": start_ms});
    if let Some(end) = end_ms {
        body["endTime"] = json!(end);
    }
    if !p.tags.is_empty() {
        body["tags"] = json!(p.tags);
    }
    if !p.hosts.is_empty() {
        body["hosts"] = json!(p.hosts);
    }
    Ok(body)
}

/// The create request of `create`'s arguments; times without an offset are read in `zone`.
fn create_request(
    a: &CreateArgs,
    now_ms: i64,
    zone: &jiff::tz::TimeZone,
) -> anyhow::Result<ApiRequest> {
    let now_s = now_ms.div_euclid(1000);
    // `now` keeps its milliseconds: two events made in one second keep their order.
    let at = |text: &str| -> anyhow::Result<i64> {
        Ok(if text.trim().eq_ignore_ascii_case("now") {
            now_ms
        } else {
            parse_time(text, now_s, zone)?.saturating_mul(1000)
        })
    };
    let start = at(&a.start)?;
    let end = match (&a.end, a.instant) {
        (_, true) => Some(start.saturating_add(1)),
        (Some(end), false) => Some(at(end)?),
        (None, false) => None,
    };
    let body = event_body(&a.name, &a.particulars, start, end)?;
    Ok(operation(Verb::Create, "", Arg::Item(body)))
}

fn operation(verb: Verb, id: &str, arg: Arg) -> ApiRequest {
    EVENTS
        .operation(verb)
        .expect("the catalog declares the event operations")
        .request(id, arg)
}

/// What the event commands share: the account, the timeouts, the read-only rule, the zone.
pub(super) struct EventCli<'a> {
    pub who: Who<'a>,
    pub timeouts: crate::api::client::Timeouts,
    pub read_only: ReadOnly,
    pub zone: jiff::tz::TimeZone,
}

impl EventCli<'_> {
    pub async fn run(mut self, command: EventCommand) -> anyhow::Result<()> {
        let now_ms = crate::auth::session::wall_ms();
        let (request, opts) = match command {
            EventCommand::Wrap(args) => return wrap::run(self, args).await,
            EventCommand::Create(a) => (create_request(&a, now_ms, &self.zone)?, a.opts),
            EventCommand::Close(a) => (operation(Verb::Close, &a.id, Arg::None), a.opts),
        };
        let target = CliAccount::resolve(self.who).await?;
        let mut out = std::io::stdout().lock();
        if opts.curl {
            writeln!(out, "{}", request.curl(&target.address()?))?;
            return Ok(());
        }
        self.read_only.account = target.readonly();
        if let Some(m) = self.read_only.refusal(&request) {
            return Err(Refused(m).into());
        }
        let session = self.session(&target).await?;
        let event = send(&session, &request).await?;
        print_event(&event, opts.output, &mut out)
    }

    /// A logged-in session for the target.
    async fn session(&self, target: &CliAccount) -> anyhow::Result<crate::api::Executor> {
        let account = target.with_secret(self.who.paths).await?;
        let http = crate::api::client::http_client(self.timeouts);
        super::open_session(http, account).await
    }
}

/// Sends a change (never retried blindly: a mutation is sent once).
async fn send(session: &crate::api::Executor, request: &ApiRequest) -> anyhow::Result<Value> {
    let on_retry = crate::api::retry::announce_on_stderr(&request.path);
    Ok(session.execute(request, &on_retry).await?)
}

fn event_id(event: &Value) -> anyhow::Result<String> {
    event
        .get("id")
        .and_then(Value::as_str)
        .map(|id| crate::text::sanitize(id).into_owned())
        .ok_or_else(|| anyhow::anyhow!("the answer has no event id: {event}"))
}

fn print_event(event: &Value, output: EventOutput, out: &mut impl Write) -> anyhow::Result<()> {
    match output {
        EventOutput::Id => writeln!(out, "{}", event_id(event)?)?,
        EventOutput::Json => {
            serde_json::to_writer_pretty(&mut *out, event)?;
            writeln!(out)?;
        }
    }
    Ok(out.flush()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        command: EventCommand,
    }

    fn parse(args: &[&str]) -> EventCommand {
        Cli::try_parse_from(std::iter::once("event").chain(args.iter().copied()))
            .unwrap()
            .command
    }

    const NOW: i64 = 1_800_000_000_123; // 2027-01-15 08:00:00.123 UTC

    fn created(args: &[&str]) -> Value {
        let EventCommand::Create(a) = parse(args) else {
            panic!("not a create")
        };
        let req = create_request(&a, NOW, &jiff::tz::TimeZone::UTC).unwrap();
        assert_eq!(req.to_string(), "POST /api/v2/event");
        req.body.unwrap()
    }

    #[test]
    fn create_says_what_the_ruby_cli_says() {
        let body = created(&[
            "create",
            "deploy api",
            "-S",
            "info",
            "--type",
            "deploy",
            "-d",
            "v2.4.1 by CI",
            "-H",
            "web-01",
            "--host",
            "web-02",
            "--tag",
            "deploy",
            "--annotation",
            "ticket=CHG-1=a",
        ]);
        assert_eq!(
            body,
            json!({
                "name": "deploy api",
                "annotations": {"severity": "info", "type": "deploy", "details": "v2.4.1 by CI",
                                "ticket": "CHG-1=a"},
                "startTime": NOW,
                "tags": ["deploy"],
                "hosts": ["web-01", "web-02"],
            })
        );
    }

    #[test]
    fn times_instants_and_ends() {
        let instant = created(&["create", "x", "--instant", "--start", "2027-01-15 07:00"]);
        let start = NOW - 123 - 3_600_000;
        assert_eq!(
            (instant["startTime"].as_i64(), instant["endTime"].as_i64()),
            (Some(start), Some(start + 1))
        );
        assert_eq!(
            instant["annotations"],
            json!({}),
            "annotations are required: empty, not absent"
        );
        let span = created(&["create", "x", "-s", "-30m", "-e", "now"]);
        assert_eq!(span["startTime"], NOW - 123 - 1_800_000);
        assert_eq!(span["endTime"], NOW);
        let ongoing = created(&["create", "x"]);
        assert!(ongoing.get("endTime").is_none());
        let EventCommand::Create(backwards) = parse(&["create", "x", "-s", "now", "-e", "-1h"])
        else {
            panic!()
        };
        let err = create_request(&backwards, NOW, &jiff::tz::TimeZone::UTC).unwrap_err();
        assert!(err.to_string().contains("before it starts"), "{err}");
        let both = Cli::try_parse_from(["event", "create", "x", "-i", "-e", "now"]);
        assert!(both.is_err(), "--instant and --end conflict");
        let bad = Cli::try_parse_from(["event", "create", "x", "--start", "soon"]);
        assert!(bad.is_err(), "a bad time is a usage error");
        assert!(Cli::try_parse_from(["event", "create", "x", "--annotation", "=v"]).is_err());
        let err = event_body(
            " ",
            &Particulars {
                severity: None,
                kind: None,
                detail: None,
                hosts: vec![],
                tags: vec![],
                annotations: vec![],
            },
            0,
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("name"));
    }

    #[test]
    fn close_and_wrap_parse() {
        let EventCommand::Close(c) = parse(&["close", "1800000000000:deploy api", "-o", "json"])
        else {
            panic!()
        };
        let req = operation(Verb::Close, &c.id, Arg::None);
        assert_eq!(
            req.to_string(),
            "POST /api/v2/event/1800000000000%3Adeploy%20api/close"
        );
        assert_eq!(c.opts.output, EventOutput::Json);
        let EventCommand::Wrap(w) = parse(&[
            "wrap",
            "--name",
            "deploy",
            "-T",
            "deploy",
            "--",
            "./deploy.sh",
            "--fast",
        ]) else {
            panic!()
        };
        assert_eq!(w.command, ["./deploy.sh", "--fast"]);
        assert_eq!(w.particulars.kind.as_deref(), Some("deploy"));
        assert!(
            Cli::try_parse_from(["event", "wrap", "--name", "x"]).is_err(),
            "a command is needed"
        );
    }

    #[test]
    fn ids_print_sanitised_or_the_json_whole() {
        let mut out = Vec::new();
        print_event(&json!({"id": "1:x\u{1b}[2J"}), EventOutput::Id, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "1:x␛[2J\n");
        let mut out = Vec::new();
        print_event(
            &json!({"id": "1", "name": "n"}),
            EventOutput::Json,
            &mut out,
        )
        .unwrap();
        let back: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back["name"], "n");
        assert!(print_event(&json!({}), EventOutput::Id, &mut Vec::new()).is_err());
    }
}
