//! `wf-tui dashboard …`: a dashboard's data for scripts. `queries ID` prints every chart's
//! queries with the variables filled in (the Ruby CLI's `dashboard queries`, with variables).
//! The player's `render` joins this group.
//!
//! Variables take `--var NAME=VALUE` (repeat a name for several values; `*` is all; a label
//! of a list variable means its value), else their default. A DYNAMIC variable without a
//! default is the one case that asks the API: its query runs and its first value is used.

use std::io::Write;

use serde_json::{Value, json};

use super::account::{CliAccount, Who};
use crate::api::Executor;
use crate::api::chart::{ChartQuery, Window, interpret};
use crate::api::dashboard::queries::{PlannedQuery, plan};
use crate::api::dashboard::{Bindings, Dashboard, Selection, Variable, dynamic, substitute};
use crate::api::retry::announce_on_stderr;
use crate::text::sanitize;

#[derive(Debug, clap::Subcommand)]
pub enum DashboardCommand {
    /// Every chart's queries with the variables filled in:
    /// `wf-tui dashboard queries ID --var env=prod -o csv`.
    Queries(QueriesArgs),
    /// One frame of a dashboard as text: `wf-tui dashboard render ID --width 200 --height 60`.
    Render(super::dashboard_render::RenderArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueriesOutput {
    /// Aligned text: section, row, chart, source, flags, query.
    Table,
    /// The dashboard, the window, the variables and every query with its place.
    Json,
    /// One record per source.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct QueriesArgs {
    /// The dashboard's id (its URL slug).
    pub id: String,
    #[arg(short = 'o', long, value_enum, default_value_t = QueriesOutput::Table)]
    pub output: QueriesOutput,
    /// A variable's value (repeatable; a name given twice has both values; `*` is all).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// The window the queries are for (JSON's start and end; a DYNAMIC variable's values):
    /// 1h, 6h, 1d, 1w or a length like 3h. Default: the dashboard's own, else 1h.
    #[arg(long, value_parser = parse_window)]
    pub window: Option<Window>,
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("`{s}`: write NAME=VALUE")),
    }
}

fn parse_window(s: &str) -> Result<Window, String> {
    Window::parse(s)
        .ok_or_else(|| format!("`{s}`: one of 1h, 6h, 1d, 1w, or a length like 3h or 2d"))
}

/// `wf-tui dashboard …`: logs in as `get` does, prints, and exits.
pub(super) async fn command(
    who: Who<'_>,
    command: DashboardCommand,
    timeouts: crate::api::client::Timeouts,
    times: &crate::format::Times,
) -> anyhow::Result<()> {
    let args = match command {
        DashboardCommand::Queries(args) => args,
        DashboardCommand::Render(args) => {
            return super::dashboard_render::render(who, args, timeouts, times).await;
        }
    };
    let target = CliAccount::resolve(who).await?;
    let account = target.with_secret(who.paths).await?;
    let session = super::open_session(crate::api::client::http_client(timeouts), account).await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    queries(&session, &args, &mut out).await?;
    Ok(out.flush()?)
}

/// Reads the dashboard, fills the variables in, prints.
pub async fn queries(
    session: &Executor,
    args: &QueriesArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let kind = crate::api::kind_by_name("dashboard").expect("the catalog has dashboards");
    let request = kind
        .detail_request(&args.id)
        .expect("dashboards have a detail path");
    let raw = session
        .execute(&request, &announce_on_stderr(&request.path))
        .await?;
    let dashboard = Dashboard::read(&raw);
    let window = args.window.or(dashboard.default_window).unwrap_or_default();
    let end_ms = crate::auth::session::wall_ms();
    let mut bindings = given(&dashboard, &args.vars)?;
    resolve_missing(session, &dashboard, &mut bindings, window, end_ms).await?;
    let planned = plan(&dashboard, &bindings);
    let mut unknown: Vec<&str> = planned
        .iter()
        .flat_map(|q| q.unknown.iter().map(String::as_str))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    if !unknown.is_empty() {
        let line = format!(
            "wf-tui: no variable named {} in {}: left as written",
            unknown
                .iter()
                .map(|u| format!("${{{u}}}"))
                .collect::<Vec<_>>()
                .join(", "),
            dashboard.id
        );
        let _ = writeln!(std::io::stderr(), "{}", sanitize(&line));
    }
    let query = ChartQuery::new("", window, end_ms);
    match args.output {
        QueriesOutput::Table => write_table(&planned, out)?,
        QueriesOutput::Csv => write_csv(&planned, out)?,
        QueriesOutput::Json => {
            let doc = json!({
                "dashboard": dashboard.id,
                "name": dashboard.name,
                "window": window.label(),
                "startEpochMillis": query.start_ms(),
                "endEpochMillis": query.end_ms,
                "variables": bindings_json(&bindings),
                "queries": planned.iter().map(query_json).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The defaults, with what `--var` gave over them.
fn given(dashboard: &Dashboard, vars: &[(String, String)]) -> anyhow::Result<Bindings> {
    let mut bindings = crate::api::dashboard::default_bindings(&dashboard.variables);
    let mut set: Bindings = Bindings::new();
    for (name, value) in vars {
        let Some(var) = dashboard.variable(name) else {
            let names: Vec<&str> = dashboard
                .variables
                .iter()
                .map(|v| v.name.as_str())
                .collect();
            anyhow::bail!(
                "{} has no variable `{}`{}",
                sanitize(&dashboard.id),
                sanitize(name),
                if names.is_empty() {
                    String::from(" (it has none)")
                } else {
                    format!(": its variables are {}", sanitize(&names.join(", ")))
                }
            );
        };
        let value = var.value_of(value);
        let entry = set
            .entry(name.clone())
            .or_insert(Selection::Values(Vec::new()));
        match (entry, value.as_str()) {
            (entry, "*") => *entry = Selection::All,
            (Selection::Values(values), _) => values.push(value),
            (Selection::All, _) => {}
        }
    }
    bindings.extend(set);
    Ok(bindings)
}

/// A DYNAMIC variable with no default and no value given: its first value, asked of the API.
async fn resolve_missing(
    session: &Executor,
    dashboard: &Dashboard,
    bindings: &mut Bindings,
    window: Window,
    end_ms: i64,
) -> anyhow::Result<()> {
    let missing: Vec<&Variable> = dashboard
        .variables
        .iter()
        .filter(|v| v.default_value.is_none() && !v.allow_all && v.dynamic.is_some())
        .filter(|v| matches!(bindings.get(&v.name), Some(Selection::Values(x)) if x.iter().all(String::is_empty)))
        .collect();
    for var in missing {
        let Some(dy) = &var.dynamic else { continue };
        let hint = || format!("give it with --var {}=VALUE", sanitize(&var.name));
        let Some(template) = dy.query.as_deref() else {
            anyhow::bail!(
                "variable {} has no default and no query: {}",
                sanitize(&var.name),
                hint()
            );
        };
        let mut query = ChartQuery::new(substitute(template, bindings).query, window, end_ms);
        query.events = crate::api::chart_events::ShowEvents::Off;
        let request = query.request();
        let data = interpret(
            session
                .execute(&request, &announce_on_stderr("variable"))
                .await,
        )
        .map_err(|e| anyhow::anyhow!("variable {}: {e}; {}", sanitize(&var.name), hint()))?;
        let values = dynamic::values_of(&data, dy)
            .map_err(|e| anyhow::anyhow!("variable {}: {e}; {}", sanitize(&var.name), hint()))?;
        let Some(first) = values.into_iter().next() else {
            anyhow::bail!(
                "variable {} has no values over {}: {}",
                sanitize(&var.name),
                window.label(),
                hint()
            );
        };
        bindings.insert(var.name.clone(), Selection::one(first));
    }
    Ok(())
}

fn bindings_json(bindings: &Bindings) -> Value {
    bindings
        .iter()
        .map(|(name, s)| {
            let v = match s {
                Selection::All => json!("*"),
                Selection::Values(values) => json!(values),
            };
            (name.clone(), v)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn query_json(q: &PlannedQuery) -> Value {
    json!({
        "section": q.section,
        "sectionIndex": q.place.section,
        "row": q.place.row,
        "chart": q.chart,
        "chartIndex": q.place.chart,
        "chartType": q.chart_type.name(),
        "source": q.source,
        "sourceIndex": q.place.source,
        "query": q.query,
        "template": q.template,
        "queryType": q.query_type,
        "disabled": q.disabled,
        "secondaryAxis": q.secondary_axis,
        "unknownVariables": q.unknown,
    })
}

/// `disabled`, `y2` (the secondary axis), or `-`.
fn flags(q: &PlannedQuery) -> String {
    let mut f = Vec::new();
    if q.disabled {
        f.push("disabled");
    }
    if q.secondary_axis {
        f.push("y2");
    }
    if f.is_empty() {
        "-".into()
    } else {
        f.join(",")
    }
}

fn write_table(planned: &[PlannedQuery], out: &mut impl Write) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    const HEADER: [&str; 6] = ["SECTION", "ROW", "CHART", "SOURCE", "FLAGS", "QUERY"];
    let cell = |s: &str, w| crate::text::fit(&sanitize(s), w).into_owned();
    let rows: Vec<[String; 6]> = planned
        .iter()
        .map(|q| {
            [
                cell(&q.section, 24),
                (q.place.row + 1).to_string(),
                cell(&q.chart, 32),
                cell(&q.source, 24),
                flags(q),
                // The query whole: scripts cut it if they want.
                sanitize(&q.query).into_owned(),
            ]
        })
        .collect();
    let mut widths = HEADER.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(HEADER))?;
    for row in &rows {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)))?;
    }
    Ok(())
}

fn write_csv(planned: &[PlannedQuery], out: &mut impl Write) -> anyhow::Result<()> {
    use crate::output::csv::guard;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record([
        "section",
        "row",
        "chart",
        "chart_type",
        "source",
        "query",
        "query_type",
        "disabled",
        "secondary_axis",
    ])?;
    for q in planned {
        w.write_record([
            guard(&q.section),
            (q.place.row + 1).to_string(),
            guard(&q.chart),
            guard(q.chart_type.name()),
            guard(&q.source),
            guard(&q.query),
            guard(&q.query_type),
            q.disabled.to_string(),
            q.secondary_axis.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_parse_and_lists_take_labels() {
        assert_eq!(parse_var("env=prod"), Ok(("env".into(), "prod".into())));
        assert_eq!(parse_var("q=a=b"), Ok(("q".into(), "a=b".into())));
        assert!(parse_var("=x").is_err() && parse_var("env").is_err());
        let d = Dashboard::read(&json!({"id": "d", "parameterDetails": {
            "env": {"parameterType": "LIST", "defaultValue": "Production",
                    "valuesToReadableStrings": {"Production": "prod", "Staging": "staging"}}
        }}));
        let b = given(
            &d,
            &[
                ("env".into(), "Staging".into()),
                ("env".into(), "dev".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            b["env"],
            Selection::Values(vec!["staging".into(), "dev".into()])
        );
        let all = given(&d, &[("env".into(), "*".into())]).unwrap();
        assert_eq!(all["env"], Selection::All);
        let e = given(&d, &[("nope".into(), "1".into())]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "d has no variable `nope`: its variables are env"
        );
    }
}
