//! Aligned text for a terminal: `wf-tui get -o table` and `wf-tui query`'s default.

use std::io::Write;

use serde_json::Value;

use crate::api::catalog::{Cell, Format, Kind};
use crate::api::chart::{ChartData, ChartQuery, short_value};
use crate::format::{count, relative_time};
use crate::text::sanitize;

/// A cell as the table shows it (relative times, grouped counts), as in the TUI.
pub fn table_value(cell: &Cell, format: Format, now_ms: i64) -> String {
    match (cell, format) {
        (Cell::Empty, _) => String::new(),
        (Cell::Flag(true), Format::EnabledUnlessTrue) => "disabled".into(),
        (Cell::Flag(false), Format::EnabledUnlessTrue) => "enabled".into(),
        (Cell::Flag(b), _) => if *b { "yes" } else { "no" }.into(),
        (Cell::Int(n), _) => count(*n),
        (Cell::Time(ms), Format::Since) => crate::format::since(*ms, now_ms),
        (Cell::Time(ms), _) => relative_time(*ms, now_ms),
        (Cell::Text(s), _) => sanitize(s).into_owned(),
    }
}

/// Items as an aligned table with the kind's column titles (times relative to `now_ms`); each
/// cell fitted to 60 columns.
pub fn write_items(
    kind: &Kind,
    items: &[Value],
    now_ms: i64,
    out: &mut impl Write,
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    const MAX_WIDTH: usize = 60;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            kind.cells(item)
                .iter()
                .zip(kind.columns)
                .map(|(c, col)| {
                    crate::text::fit(&table_value(c, col.format, now_ms), MAX_WIDTH).into_owned()
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = kind.columns.iter().map(|c| c.title.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(cell);
            if i + 1 < widths.len() {
                s.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(
        out,
        "{}",
        line(kind.columns.iter().map(|c| c.title).collect())
    )?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// The series for a terminal: one line per series with its points' summary; the window's ends
/// in `zone`, named.
pub fn series_text(query: &ChartQuery, data: &ChartData, zone: &jiff::tz::TimeZone) -> String {
    let mut out = format!(
        "{} · {} to {} · window {} · granularity {}\n",
        crate::text::sanitize(&query.expression),
        crate::format::full_in(query.start_ms(), zone),
        crate::format::full_in(query.end_ms, zone),
        query.window,
        query.granularity
    );
    for w in &data.warnings {
        out.push_str(&format!("warning: {}\n", crate::text::sanitize(w)));
    }
    if data.series.is_empty() {
        out.push_str("no series\n");
    }
    for s in &data.series {
        let values = s.points.iter().map(|p| p.1);
        let min = values.clone().fold(f64::INFINITY, f64::min);
        let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
        let last = s.points.last().map(|p| p.1);
        let stats = match last {
            Some(last) => format!(
                "{} points  min {}  max {}  last {}",
                s.points.len(),
                short_value(min),
                short_value(max),
                short_value(last)
            ),
            None => "no points".into(),
        };
        out.push_str(&format!(
            "{}\n    {stats}\n",
            crate::text::sanitize(&s.describe())
        ));
    }
    out
}
