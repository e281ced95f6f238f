//! `wf-tui metrics PREFIX`: the metric names one level under a prefix (namespaces end in `.`),
//! or every name under it with `--recursive`, for scripts. Names come from the product's
//! undocumented `GET /chart/metrics/all` (the official API cannot list them): an instance
//! without it gets a clear error.

use std::io::Write;

use super::account::{CliAccount, Who};
use crate::api::metrics::{Answer, Ask, run};

/// Names listed at most with `--recursive` (a whole namespace can be millions).
const MAX_NAMES: usize = 100_000;

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// The prefix: `cpu.` lists what is under `cpu.`; nothing lists the top level.
    #[arg(default_value = "")]
    pub prefix: String,
    /// Every metric under the prefix (namespaces walked down, at most 100,000 names).
    #[arg(long, short = 'r')]
    pub recursive: bool,
    /// text: one name a line; json: a list of names.
    #[arg(short = 'o', long, value_enum, default_value_t = MetricsOutput::Text)]
    pub output: MetricsOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsOutput {
    Text,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error(
        "this instance offers no way to list metric names ({0}); `wf-tui query` still charts a name you know"
    )]
    NoListing(crate::api::ApiError),
    #[error(transparent)]
    Api(#[from] crate::api::ApiError),
}

pub(super) async fn command(
    who: Who<'_>,
    args: MetricsArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let account = CliAccount::resolve(who)
        .await?
        .with_secret(who.paths)
        .await?;
    let http = crate::api::client::http_client(timeouts);
    let session = super::open_session(http, account).await?;
    let (names, cut) = list(&session, &args.prefix, args.recursive).await?;
    if cut {
        eprintln!("wf-tui: the list was cut (a namespace too large to read whole)");
    }
    let text = match args.output {
        MetricsOutput::Text => names.iter().map(|n| format!("{n}\n")).collect(),
        MetricsOutput::Json => format!("{}\n", serde_json::to_string_pretty(&names)?),
    };
    let mut out = std::io::stdout().lock();
    Ok(out.write_all(text.as_bytes()).and_then(|()| out.flush())?)
}

/// The names under `prefix` (walked down when `recursive`), and whether the list was cut.
async fn list(
    api: &crate::api::Executor,
    prefix: &str,
    recursive: bool,
) -> Result<(Vec<String>, bool), MetricsError> {
    let on_retry = crate::api::retry::announce_on_stderr("metrics");
    let mut out = Vec::new();
    let mut pending = vec![prefix.to_string()];
    let mut cut = false;
    let mut first = true;
    while let Some(prefix) = pending.pop() {
        let ask = Ask::Children { prefix };
        let answer = match run(api, &ask, &on_retry).await {
            Ok(a) => a,
            // The first call says whether the instance lists names at all.
            Err(e) if first => return Err(MetricsError::NoListing(e)),
            Err(e) => return Err(e.into()),
        };
        first = false;
        let Answer::Children { names, cut: c } = answer else {
            continue;
        };
        cut |= c;
        for name in names {
            if recursive && name.ends_with('.') {
                pending.push(name);
            } else {
                out.push(name);
            }
        }
        if out.len() >= MAX_NAMES {
            cut = true;
            break;
        }
        // Depth first, in order: the next namespace is the smallest one pending.
        pending.sort_by(|a, b| b.cmp(a));
    }
    out.sort();
    out.truncate(MAX_NAMES);
    Ok((out, cut))
}
