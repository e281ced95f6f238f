//! JSON: a list's rows (the items, secrets masked as in the table, where the rows hold them;
//! otherwise the visible columns) and a chart's series.

use serde_json::Value;

use super::{ExportRow, field_names};
use crate::api::catalog::Kind;
use crate::api::chart::ChartData;

/// The rows as a pretty JSON array: each row's item where the kind's rows hold them (already
/// masked), otherwise an object of the row's fields (`id` and each column by its title, with
/// the item's values: numbers, booleans, times as ISO-8601 UTC), since those rows keep their
/// cells only.
pub fn rows_json(kind: &Kind, rows: impl IntoIterator<Item = impl ExportRow>) -> String {
    let items: Vec<Value> = rows
        .into_iter()
        .map(|row| {
            row.raw()
                .and_then(|raw| crate::json::parse_str(raw).ok())
                .unwrap_or_else(|| columns_object(kind, &row))
        })
        .collect();
    let mut out = Vec::new();
    let _ = crate::json::value::to_writer_pretty(&mut out, &Value::Array(items));
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// One row's fields ([`field_names`]) as a JSON object: what the CSV export writes.
fn columns_object(kind: &Kind, row: &impl ExportRow) -> Value {
    let object: serde_json::Map<String, Value> = field_names(kind)
        .map(String::from)
        .zip(row.values(kind))
        .collect();
    Value::Object(object)
}

/// The series as JSON: `[{"label","host","tags":{…},"points":[[epoch s, value]…]}…]`.
pub fn series_json(data: &ChartData) -> String {
    let items: Vec<Value> = data
        .series
        .iter()
        .map(|s| {
            let tags: serde_json::Map<String, Value> = s
                .tags
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.clone())))
                .collect();
            serde_json::json!({
                "label": s.label,
                "host": s.host,
                "tags": tags,
                "points": s.points.iter().map(|(t, v)| serde_json::json!([t, v])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
