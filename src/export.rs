//! Export of what is on screen: a list's rows as JSON (the items, secrets masked as in the table,
//! where the rows hold them; otherwise the visible columns) or CSV (the table's columns), a
//! document as JSON. Pure text building; the worker writes files.
//!
//! CSV follows RFC 4180 (CRLF line ends, fields with `,` `"` or line breaks quoted, `"` doubled).
//! A text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) gets a leading
//! `'`, so a spreadsheet shows it as text instead of running it as a formula (OWASP's advice
//! against CSV injection). Numbers and times are written as they are.

use std::path::Path;

use serde_json::Value;

use crate::api::catalog::{Cell, Format, Kind, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

impl ExportFormat {
    pub fn parse(word: &str) -> Option<ExportFormat> {
        match word.to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }

    /// From a file name's extension (`.json`, `.csv`).
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        Self::parse(path.extension()?.to_str()?)
    }

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "JSON",
            ExportFormat::Csv => "CSV",
        }
    }
}

/// The rows as a pretty JSON array: each row's item where the kind's rows hold them (already
/// masked), otherwise an object of the visible columns (`id` and each column by its title, with
/// numbers, booleans and times as ISO-8601 UTC), since those rows keep their cells only.
pub fn rows_json<'a>(kind: &Kind, rows: impl IntoIterator<Item = &'a Row>) -> String {
    let items: Vec<Value> = rows
        .into_iter()
        .map(|row| {
            row.raw
                .as_deref()
                .and_then(|raw| crate::json::parse_str(raw).ok())
                .unwrap_or_else(|| columns_object(kind, row))
        })
        .collect();
    let mut out = Vec::new();
    let _ = crate::json::value::to_writer_pretty(&mut out, &Value::Array(items));
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// One row's visible columns as a JSON object.
fn columns_object(kind: &Kind, row: &Row) -> Value {
    let mut object = serde_json::Map::new();
    object.insert(
        "id".into(),
        row.id.clone().map_or(Value::Null, Value::String),
    );
    for (cell, col) in row.cells.iter().zip(kind.columns) {
        object.insert(col.title.to_string(), cell_value(cell, col.format));
    }
    Value::Object(object)
}

/// A cell's exact value, as both exports write it: numbers and booleans as they are, times as
/// ISO-8601 UTC, a `disabled` flag as "enabled"/"disabled", nothing as null.
fn cell_value(cell: &Cell, format: Format) -> Value {
    match (cell, format) {
        (Cell::Empty, _) => Value::Null,
        (Cell::Flag(disabled), Format::EnabledUnlessTrue) => {
            Value::String(if *disabled { "disabled" } else { "enabled" }.into())
        }
        (Cell::Flag(b), _) => Value::Bool(*b),
        (Cell::Int(n), _) => Value::from(*n),
        (Cell::Time(ms), _) => Value::String(crate::get::iso8601(*ms)),
        (Cell::Text(s), _) => Value::String(s.to_string()),
    }
}

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
    fn rows_export_with_secrets_masked() {
        let item = json!({"tokenName": "=cmd|' /C calc'!A0", "account": "a@b.c, inc",
                          "accountType": "USER_ACCOUNT", "tokenID": "0123456789abcdef-secret",
                          "dateGenerated": 1_800_000_000_000i64});
        let row = API_TOKENS.row(&item);
        let json_text = rows_json(&API_TOKENS, [&row]);
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

    #[test]
    fn rows_without_items_export_their_columns() {
        use crate::api::catalog::SOURCES;
        assert!(
            !SOURCES.holds_items(),
            "sources keep cells only (issue #8's memory budget)"
        );
        let item = json!({"id": "web-01", "hostname": "web-01", "description": "=1+1",
                          "tags": {"prod": true, "old": false}, "markedNewEpochMillis": 1_800_000_000_000i64});
        let row = SOURCES.row(&item);
        assert!(row.raw.is_none());
        let back: Value = serde_json::from_str(&rows_json(&SOURCES, [&row])).unwrap();
        let object = back[0].as_object().unwrap();
        assert_eq!(object["id"], "web-01");
        assert_eq!(object.len(), SOURCES.columns.len() + 1, "{object:?}");
        assert!(
            object.values().any(|v| v == "2027-01-15T08:00:00.000Z"),
            "{object:?}"
        );
        assert!(
            object.values().any(|v| v == "=1+1"),
            "JSON needs no formula guard: {object:?}"
        );
    }

    #[test]
    fn formats_from_names_and_extensions() {
        assert_eq!(
            ExportFormat::from_path(Path::new("/tmp/a.CSV")),
            Some(ExportFormat::Csv)
        );
        assert_eq!(
            ExportFormat::from_path(Path::new("a.json")),
            Some(ExportFormat::Json)
        );
        assert_eq!(ExportFormat::from_path(Path::new("a.txt")), None);
        assert_eq!(ExportFormat::parse("csv"), Some(ExportFormat::Csv));
    }
}
