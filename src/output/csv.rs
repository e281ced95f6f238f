//! CSV (RFC 4180: CRLF line ends for files, fields with `,` `"` or line breaks quoted, `"`
//! doubled). A text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) gets a
//! leading `'`, so a spreadsheet shows it as text instead of running it as a formula (OWASP's
//! advice against CSV injection). Numbers and times are written as they are.

use std::io::Write;

use serde_json::Value;

use super::cell_value;
use crate::api::catalog::{Cell, Format, Kind, Row};
use crate::api::chart::ChartData;

/// The rows as CSV: a header of the kind's column titles, then one record per row.
pub fn rows_csv<'a>(kind: &Kind, rows: impl IntoIterator<Item = &'a Row>) -> String {
    let mut out = String::new();
    let titles: Vec<String> = kind.columns.iter().map(|c| csv_text(c.title)).collect();
    out.push_str(&titles.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .zip(kind.columns)
            .map(|(cell, col)| csv_cell(cell, col.format))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One cell as a CSV field: its exact value ([`cell_value`]); strings guarded and quoted, numbers
/// and booleans as they are.
pub fn csv_cell(cell: &Cell, format: Format) -> String {
    match cell_value(cell, format) {
        Value::Null => String::new(),
        Value::String(s) => csv_text(&s),
        other => other.to_string(),
    }
}

/// A text field: guarded against formula injection, then quoted as RFC 4180 requires.
pub fn csv_text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    quote(&guarded)
}

/// A number or other exact value: quoted only if needed, never prefixed.
pub fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Items as `wf-tui get -o csv` prints them (LF line ends, as other lines on stdout): the
/// kind's column titles when `header`, then one record per item.
pub fn write_items(
    kind: &Kind,
    items: &[Value],
    header: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if header {
        let titles: Vec<String> = kind.columns.iter().map(|c| quote(c.title)).collect();
        writeln!(out, "{}", titles.join(","))?;
    }
    for item in items {
        let cells: Vec<String> = kind
            .cells(item)
            .iter()
            .zip(kind.columns)
            .map(|(c, col)| csv_cell(c, col.format))
            .collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

/// The series as CSV, one record per point (`time,label,host,tags,value`; time ISO-8601 UTC),
/// with the export's quoting and formula guard.
pub fn series_csv(data: &ChartData) -> String {
    let mut out = String::from("time,label,host,tags,value\r\n");
    for s in &data.series {
        let tags = s
            .tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        let prefix = format!(
            "{},{},{}",
            csv_text(&s.label),
            csv_text(s.host.as_deref().unwrap_or("")),
            csv_text(&tags)
        );
        for (t, v) in &s.points {
            out.push_str(&format!(
                "{},{prefix},{}\r\n",
                crate::format::iso8601(t * 1000),
                quote(&v.to_string())
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::API_TOKENS;
    use serde_json::json;

    #[test]
    fn csv_guards_formulas_and_quotes() {
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("+1"), "'+1");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell(&Cell::Int(-5), Format::Count), "-5");
        assert_eq!(
            csv_cell(&Cell::Time(1_800_000_000_000), Format::TimeMs),
            "2027-01-15T08:00:00.000Z"
        );
    }

    #[test]
    fn header_fields_are_quoted_but_not_guarded() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("-1"), "-1");
    }

    #[test]
    fn rows_export_with_secrets_masked() {
        let item = json!({"tokenName": "=cmd|' /C calc'!A0", "account": "a@b.c, inc",
                          "accountType": "USER_ACCOUNT", "tokenID": "0123456789abcdef-secret",
                          "dateGenerated": 1_800_000_000_000i64});
        let row = API_TOKENS.row(&item);
        let json_text = super::super::json::rows_json(&API_TOKENS, [&row]);
        assert!(
            !json_text.contains("0123456789abcdef-secret"),
            "{json_text}"
        );
        assert!(json_text.contains("••••••••cret"));
        let back: Value = serde_json::from_str(&json_text).unwrap();
        assert_eq!(back[0]["account"], "a@b.c, inc");

        let csv = rows_csv(&API_TOKENS, [&row]);
        assert_eq!(
            csv,
            "NAME,ACCOUNT,TYPE,GENERATED,LAST USED\r\n\
             '=cmd|' /C calc'!A0,\"a@b.c, inc\",USER_ACCOUNT,2027-01-15T08:00:00.000Z,\r\n"
        );
        assert!(!csv.contains("secret"));
    }
}
