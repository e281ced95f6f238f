//! `:export` writes the data, not the screen (issue #17): a tab stays a tab, a control
//! character itself, the id comes first, and CSV and JSON hold the same values.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use wf_tui::auth::LoginMethod;

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

const HOSTILE: &str = "tab\there, new\nline, bell\u{7} esc\u{1b}[2J \"quoted\" 日本語 ünï";
const FORMULA: &str = "=cmd|' /C calc'!A0";

/// Exports the list as CSV and JSON; the parsed CSV records (header first) and the JSON array,
/// each with as many rows as the list shows.
async fn export_both(h: &mut Harness, kind: &str) -> (Vec<Vec<String>>, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    command_line(h, kind);
    h.settle().await;
    let shown = h.table().view.len();
    let (csv_path, json_path) = (dir.path().join("x.csv"), dir.path().join("x.json"));
    for path in [&csv_path, &json_path] {
        command_line(h, &format!("export {}", path.display()));
        h.next_event().await;
    }
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let json = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let Value::Array(items) = json else {
        panic!("{kind}: not a JSON array")
    };
    assert_eq!(items.len(), shown, "{kind}");
    assert_eq!(records.len(), shown + 1, "{kind}");
    (records, items)
}

/// A CSV field as the JSON value it came from (the formula guard taken off).
fn unguarded(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => field,
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Dashboards keep cells only: the JSON export is the row's fields, the CSV the same fields.
#[tokio::test]
async fn a_list_of_cells_exports_the_same_data_as_csv_and_json() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server.state().edit_items("dashboard", |items| {
        items.insert(
            0,
            json!({"id": "hostile-dash", "name": FORMULA, "url": HOSTILE, "numCharts": 3,
                   "tags": {"customerTags": ["a\tb", "c"]}}),
        );
    });
    let (records, items) = export_both(&mut h, "dashboards").await;
    let header = &records[0];
    assert_eq!(header[0], "id");
    // The same rows in the same order, the same fields with the same values.
    for (record, item) in records[1..].iter().zip(&items) {
        let object = item.as_object().unwrap();
        assert_eq!(header.len(), object.len(), "{header:?} {object:?}");
        for (name, field) in header.iter().zip(record) {
            assert_eq!(unguarded(field), as_text(&object[name.as_str()]), "{name}");
        }
    }
    let record = records
        .iter()
        .find(|r| r[0] == "hostile-dash")
        .expect("the hostile dashboard");
    assert!(record.iter().any(|f| f == HOSTILE), "{record:?}");
    assert!(record.iter().any(|f| f == "a\tb,c"), "{record:?}");
    assert!(
        record.iter().any(|f| f == &format!("'{FORMULA}")),
        "guarded: {record:?}"
    );
}

/// Alerts keep their items: the JSON export is the item, the CSV its columns' values.
#[tokio::test]
async fn a_list_of_items_exports_the_items_values_as_csv() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.server.state().edit_items("alert", |items| {
        items.insert(
            0,
            json!({"id": "hostile-alert", "name": HOSTILE, "severity": "WARN",
                   "status": ["FIRING"], "condition": FORMULA, "tags": {"customerTags": [FORMULA]}}),
        );
    });
    let (records, items) = export_both(&mut h, "alerts").await;
    let header = &records[0];
    assert_eq!(header[0], "id");
    let name = header.iter().position(|t| t == "NAME").unwrap();
    for (record, item) in records[1..].iter().zip(&items) {
        assert_eq!(record[0], as_text(&item["id"]));
        assert_eq!(unguarded(&record[name]), as_text(&item["name"]));
    }
    let (record, item) = records[1..]
        .iter()
        .zip(&items)
        .find(|(r, _)| r[0] == "hostile-alert")
        .expect("the hostile alert");
    assert_eq!(record[name], HOSTILE);
    assert_eq!(item["name"], HOSTILE);
    let tags = header.iter().position(|t| t == "TAGS").unwrap();
    assert_eq!(record[tags], format!("'{FORMULA}"));
}
