//! `wf-tui alert firing` (every firing alert, most severe first, then firing the longest, as
//! the console shows them) and `wf-tui alert summary` (the alerts counted by state), for
//! scripts: JSON, CSV or an aligned table.

use std::io::Write;

use serde_json::Value;

use super::account::{CliAccount, Who};
use super::get::Output;
use crate::api::Executor;
use crate::api::alerting::{Count, Summary, fetch_firing, fetch_summary};
use crate::api::catalog::FIRING_ALERTS;
use crate::api::retry::announce_on_stderr;
use crate::output::{csv, table};

#[derive(Debug, clap::Args)]
pub struct AlertReadArgs {
    /// json: the alerts (or the counts) as the API has them; csv: the console's columns with a
    /// header; table: aligned text.
    #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// `wf-tui alert firing`: logs in as `wf-tui get` does, reads every page, prints.
pub(super) async fn firing(
    who: Who<'_>,
    args: AlertReadArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let (session, _account) = session(who, timeouts).await?;
    let mut out = std::io::stdout().lock();
    print_firing(&session, args.output, &mut out, &mut std::io::stderr()).await?;
    Ok(out.flush()?)
}

/// `wf-tui alert summary`.
pub(super) async fn summary(
    who: Who<'_>,
    args: AlertReadArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let (session, _account) = session(who, timeouts).await?;
    let summary = fetch_summary(&session, &announce_on_stderr("/api/v2/alert/summary")).await?;
    let mut out = std::io::stdout().lock();
    write_summary(&summary, args.output, &mut out)?;
    Ok(out.flush()?)
}

/// The session, and the account it came from: with `--demo` the stand-in serves as long as
/// that lives.
async fn session(
    who: Who<'_>,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<(Executor, CliAccount)> {
    let target = CliAccount::resolve(who).await?;
    let account = target.with_secret(who.paths).await?;
    let session = super::open_session(crate::api::client::http_client(timeouts), account).await?;
    Ok((session, target))
}

/// Every firing alert, in the console's order; why paging stopped early goes to `warn`.
pub async fn print_firing(
    session: &Executor,
    output: Output,
    out: &mut impl Write,
    warn: &mut impl Write,
) -> anyhow::Result<()> {
    let firing = fetch_firing(session, &announce_on_stderr("/api/v2/search/alert")).await?;
    if let Some(why) = &firing.stopped {
        writeln!(warn, "wf-tui: stopped paging the firing alerts: {why}")?;
    }
    let alerts = in_console_order(firing.alerts);
    match output {
        Output::Json => {
            let text = crate::json::value::to_pretty_text(&Value::Array(alerts));
            writeln!(out, "{text}")?;
        }
        Output::Csv => csv::write_items(&FIRING_ALERTS, &alerts, true, out)?,
        Output::Table => table::write_items(
            &FIRING_ALERTS,
            &alerts,
            crate::auth::session::wall_ms(),
            out,
        )?,
    }
    Ok(())
}

/// Most severe first, then firing the longest: the kind's order, as the console sorts.
fn in_console_order(alerts: Vec<Value>) -> Vec<Value> {
    let rows: crate::api::catalog::Rows = alerts.iter().map(|a| FIRING_ALERTS.row(a)).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    crate::app::rowview::order_by(&rows, &mut order, FIRING_ALERTS.order);
    let mut slots: Vec<Option<Value>> = alerts.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i as usize).and_then(Option::take))
        .collect()
}

/// The counts: JSON as the API's map (numbers as numbers, others as written), CSV and a table
/// as `STATE COUNT` lines.
pub fn write_summary(
    summary: &Summary,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match output {
        Output::Json => {
            let map: serde_json::Map<String, Value> = summary
                .counts
                .iter()
                .map(|(state, n)| (state.clone(), count_value(n)))
                .collect();
            writeln!(
                out,
                "{}",
                crate::json::value::to_pretty_text(&Value::Object(map))
            )?;
        }
        Output::Csv => {
            let mut writer = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::Any(b'\n'))
                .from_writer(out);
            writer.write_record(["state", "count"])?;
            for (state, n) in &summary.counts {
                let n = match n {
                    Count::Number(n) => n.to_string(),
                    Count::Text(t) => csv::guard(t),
                    Count::Unknown => String::new(),
                };
                writer.write_record([csv::guard(state), n])?;
            }
            writer.flush()?;
        }
        Output::Table => {
            use unicode_width::UnicodeWidthStr;
            let names: Vec<String> = summary
                .counts
                .iter()
                .map(|(s, _)| crate::text::sanitize(s).into_owned())
                .collect();
            let width = names.iter().map(|n| n.width()).max().unwrap_or(0).max(5);
            writeln!(out, "{:width$}  COUNT", "STATE")?;
            for (name, (_, n)) in names.iter().zip(&summary.counts) {
                let pad = width - name.width();
                let n = crate::text::sanitize(&n.to_string()).into_owned();
                writeln!(out, "{name}{}  {n}", " ".repeat(pad))?;
            }
        }
    }
    Ok(())
}

fn count_value(n: &Count) -> Value {
    match n {
        Count::Number(n) => Value::from(*n),
        Count::Text(t) => Value::String(t.clone()),
        Count::Unknown => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(output: Output, summary: &Summary) -> String {
        let mut out = Vec::new();
        write_summary(summary, output, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn summaries_print_in_each_format_with_odd_counts_as_written() {
        let summary = Summary::from_response(
            &json!({"FIRING": 12, "SNOOZED": "8", "NO_DATA": null, "=cmd": 1.5}),
        )
        .unwrap();
        assert_eq!(
            text(Output::Table, &summary),
            "STATE    COUNT\nFIRING   12\nSNOOZED  8\nNO_DATA  ?\n=cmd     1.5\n"
        );
        assert_eq!(
            text(Output::Csv, &summary),
            "state,count\nFIRING,12\nSNOOZED,8\nNO_DATA,\n'=cmd,1.5\n"
        );
        let back: Value = serde_json::from_str(&text(Output::Json, &summary)).unwrap();
        assert_eq!(
            back,
            json!({"FIRING": 12, "SNOOZED": 8, "NO_DATA": null, "=cmd": "1.5"})
        );
    }

    #[test]
    fn firing_alerts_come_most_severe_first_then_longest_firing() {
        let alert = |id: &str, severity: &str, start: i64| json!({"id": id, "severity": severity, "event": {"startTime": start}});
        let ordered = in_console_order(vec![
            alert("a", "WARN", 5),
            alert("b", "SEVERE", 9),
            alert("c", "SEVERE", 3),
            alert("d", "INFO", 1),
        ]);
        let ids: Vec<&str> = ordered.iter().map(|a| a["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["c", "b", "a", "d"]);
    }
}
