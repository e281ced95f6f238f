//! `wf-tui query EXPR`: one chart query, its series printed as text, JSON or CSV (or the
//! request as curl).

use std::io::Write;

use super::account::{CliAccount, Who};

#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The query expression (WQL or PromQL), e.g. `sum(ts(cpu.usage, env=prod))`.
    pub expression: String,
    /// The window ending now: 1h, 6h, 1d or 1w, or a length such as 3h, 90m or 2d.
    #[arg(long, default_value = "1h", value_parser = parse_window)]
    pub window: crate::api::chart::Window,
    /// Granularity: s, m, h or d (default: m for 1h and 6h, h for 1d and 1w).
    #[arg(long, value_parser = parse_granularity)]
    pub granularity: Option<crate::api::chart::Granularity>,
    /// text: one line per series with min, max and last; json: the series and their points;
    /// csv: one record per point (time,label,host,tags,value).
    #[arg(short = 'o', long, value_enum, default_value_t = QueryOutput::Text)]
    pub output: QueryOutput,
    /// Print the request as a curl command (the token as $WAVEFRONT_TOKEN) instead of running it.
    #[arg(long)]
    pub curl: bool,
    /// Also print the query's statistics (points scanned, latency, cardinality): a line after
    /// the series in text, `{"series", "stats"}` in JSON, a line on standard error with CSV.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryOutput {
    Text,
    Json,
    Csv,
}

fn parse_window(s: &str) -> Result<crate::api::chart::Window, String> {
    crate::api::chart::Window::parse(s)
        .ok_or_else(|| format!("`{s}`: one of 1h, 6h, 1d, 1w, or a length like 3h or 2d"))
}

fn parse_granularity(s: &str) -> Result<crate::api::chart::Granularity, String> {
    crate::api::chart::Granularity::parse(s).ok_or_else(|| format!("`{s}`: one of s, m, h, d"))
}

/// `wf-tui query`: runs one chart query and prints the series (or the curl of the request).
pub(super) async fn command(
    who: Who<'_>,
    args: QueryArgs,
    timeouts: crate::api::client::Timeouts,
    zone: &jiff::tz::TimeZone,
) -> anyhow::Result<()> {
    use crate::api::chart::{ChartQuery, interpret};
    use crate::output::{csv::series_csv, json::series_json, table::series_text};
    let mut chart = ChartQuery::new(
        args.expression.trim(),
        args.window,
        crate::auth::session::wall_ms(),
    );
    if let Some(g) = args.granularity {
        chart.granularity = g;
    }
    // Its outputs are the series: events are not asked for.
    chart.events = crate::api::chart_events::ShowEvents::Off;
    let target = CliAccount::resolve(who).await?;
    let request = chart.request();
    let text = if args.curl {
        // The address is enough: no secret is read for a placeholder.
        format!("{}\n", request.curl(&target.address()?))
    } else {
        let account = target.with_secret(who.paths).await?;
        let http = crate::api::client::http_client(timeouts);
        let session = super::open_session(http, account).await?;
        let answer = session
            .execute(&request, &crate::api::retry::announce_on_stderr("query"))
            .await;
        let raw_stats = answer.as_ref().ok().and_then(|v| v.get("stats").cloned());
        let data = interpret(answer).map_err(|e| anyhow::anyhow!("{e}"))?;
        let series = match args.output {
            QueryOutput::Text => series_text(&chart, &data, zone),
            QueryOutput::Json => series_json(&data),
            QueryOutput::Csv => series_csv(&data),
        };
        if args.stats {
            with_stats(series, args.output, &data, raw_stats)?
        } else {
            series
        }
    };
    let mut out = std::io::stdout().lock();
    Ok(out.write_all(text.as_bytes()).and_then(|()| out.flush())?)
}

/// The series with the query's statistics: the summary line in text (on standard error with
/// CSV, which has no place for it), the server's own `stats` object beside the series in JSON.
fn with_stats(
    series: String,
    output: QueryOutput,
    data: &crate::api::chart::ChartData,
    raw: Option<serde_json::Value>,
) -> anyhow::Result<String> {
    let line = match &data.stats {
        Some(stats) => format!("stats: {}", stats.summary(data.series.len())),
        None => "stats: the server sent none".to_string(),
    };
    Ok(match output {
        QueryOutput::Text => format!("{series}{line}\n"),
        QueryOutput::Csv => {
            eprintln!("{line}");
            series
        }
        QueryOutput::Json => {
            let parsed: serde_json::Value = serde_json::from_str(&series)?;
            let both = serde_json::json!({"series": parsed, "stats": raw});
            format!("{}\n", serde_json::to_string_pretty(&both)?)
        }
    })
}
