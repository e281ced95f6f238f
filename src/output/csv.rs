//! CSV, written by the `csv` crate (RFC 4180 quoting: fields with `,` `"` or line breaks
//! quoted, `"` doubled; CRLF line ends for files). A text field starting with `=`, `+`, `-` or
//! `@` (or a tab or carriage return) gets a leading `'`, so a spreadsheet shows it as text
//! instead of running it as a formula (OWASP's advice against CSV injection). Numbers and times
//! are written as they are. Rows hold the data, with the id first: the fields a JSON export
//! writes ([`super::field_names`]), with the same values.

use std::io::Write;

use serde_json::Value;

use super::{ExportRow, field_names, values};
use crate::api::catalog::Kind;
use crate::api::chart::ChartData;

/// A writer of CRLF-ended records (files, as RFC 4180 says).
fn file_writer(out: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

fn text(out: csv::Writer<Vec<u8>>) -> String {
    let bytes = out.into_inner().unwrap_or_default();
    // Only `String`s went in: the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The rows as CSV: a header of [`field_names`], then one record per row.
pub fn rows_csv(kind: &Kind, rows: impl IntoIterator<Item = impl ExportRow>) -> String {
    let mut out = file_writer(Vec::new());
    // Writing to memory fails only for a record of the wrong length, which cannot happen.
    let _ = out.write_record(field_names(kind));
    for row in rows {
        let _ = out.write_record(row.values(kind).iter().map(field));
    }
    text(out)
}

/// One value as a CSV field: strings guarded, numbers and booleans as they are, null empty.
pub fn field(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => guard(s),
        other => other.to_string(),
    }
}

/// A text field, guarded against formula injection (quoting is the writer's).
pub fn guard(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Items as `wf-tui get -o csv` prints them (LF line ends, as other lines on stdout): the
/// header when `header`, then one record per item, as the TUI's export writes them.
pub fn write_items(
    kind: &Kind,
    items: &[Value],
    header: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    if header {
        writer.write_record(field_names(kind))?;
    }
    for item in items {
        let (cells, exact) = kind.cells_exact(item);
        let id = kind.item_id(item);
        writer.write_record(
            values(kind, id.as_deref(), &cells, &exact)
                .iter()
                .map(field),
        )?;
    }
    writer.flush()
}

/// The series as CSV, one record per point (`time,label,host,tags,value`; time ISO-8601 UTC),
/// with the export's formula guard.
pub fn series_csv(data: &ChartData) -> String {
    let mut out = file_writer(Vec::new());
    let _ = out.write_record(["time", "label", "host", "tags", "value"]);
    for s in &data.series {
        let tags = s
            .tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        let label = guard(&s.label);
        let host = guard(s.host.as_deref().unwrap_or(""));
        let tags = guard(&tags);
        for (t, v) in &s.points {
            let time = crate::format::iso8601(t * 1000);
            let _ = out.write_record([&time, &label, &host, &tags, &v.to_string()]);
        }
    }
    text(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{API_TOKENS, SOURCES};
    use serde_json::json;

    #[test]
    fn csv_guards_formulas() {
        assert_eq!(field(&json!("plain")), "plain");
        assert_eq!(field(&json!("=HYPERLINK(\"x\")")), "'=HYPERLINK(\"x\")");
        assert_eq!(field(&json!("+1")), "'+1");
        assert_eq!(field(&json!("-2+3")), "'-2+3");
        assert_eq!(field(&json!("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(field(&json!("\tx")), "'\tx");
        assert_eq!(field(&json!(-5)), "-5", "numbers are not guarded");
        assert_eq!(field(&json!(true)), "true");
        assert_eq!(field(&Value::Null), "");
    }

    #[test]
    fn rows_export_with_secrets_masked_and_the_id_first() {
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
            "id,NAME,ACCOUNT,TYPE,GENERATED,LAST USED\r\n\
             '=cmd|' /C calc'!A0,'=cmd|' /C calc'!A0,\"a@b.c, inc\",USER_ACCOUNT,\
             2027-01-15T08:00:00.000Z,\r\n"
        );
        assert!(!csv.contains("secret"));
    }

    /// The export used to write the screen's text: `␉` for a tab (or a space), `␛` for an
    /// escape, `↵`-less one-line values. It writes the data now, the same as the JSON export.
    #[test]
    fn csv_holds_the_data_and_agrees_with_json() {
        let hostile = "tab\there\nnew line \u{1b}[2J bell\u{7} 日本語 ünïcödé";
        let item = json!({"id": "web-01", "hostname": "=cmd|' /C calc'!A0",
                          "description": hostile,
                          "tags": {"a\tb": true, "off": false}, "markedNewEpochMillis": 1_800_000_000_000i64});
        let row = SOURCES.row(&item);
        assert!(row.raw.is_none(), "a kind whose rows hold cells only");
        let csv_text = rows_csv(&SOURCES, [&row]);
        let json_text = super::super::json::rows_json(&SOURCES, [&row]);
        let json: Value = serde_json::from_str(&json_text).unwrap();
        let object = json[0].as_object().unwrap();

        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(headers[0], "id");
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 1);
        assert_eq!(headers.len(), object.len());
        for (name, got) in headers.iter().zip(records[0].iter()) {
            let want = match &object[name.as_str()] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // The formula guard is the only difference.
            let got = got
                .strip_prefix('\'')
                .filter(|_| want.starts_with('='))
                .unwrap_or(got);
            assert_eq!(got, want, "{name}");
        }
        assert!(records[0].iter().any(|f| f == hostile), "{records:?}");
        assert!(records[0].iter().any(|f| f == "a\tb"), "{records:?}");
        assert_eq!(&records[0][0], "web-01");
    }
}
