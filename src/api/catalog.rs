//! The resource catalog: every collection wf-tui can browse, described as data.
//!
//! A [`Kind`] says where a collection lives, how it pages, where one item's detail is, and which
//! columns the table shows (a JSON pointer and a format each). Adding a kind is adding a row here.

use serde_json::Value;

use super::paging::Paging;
use crate::text::sanitize;

/// How a column's value is read and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A string (numbers and booleans shown as written).
    Text,
    /// An enumeration such as `CLOUDWATCH` or `FIRING`; coloured by value.
    Enum,
    /// An integer count, shown with thousands separators.
    Count,
    /// Epoch milliseconds, shown relative to now ("3m ago").
    TimeMs,
    /// Epoch seconds, shown relative to now.
    TimeS,
    /// A `disabled` flag shown as "enabled"/"disabled".
    EnabledUnlessTrue,
    /// An error text: blank when absent, red when present.
    Error,
}

/// How much room a column takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Exactly this many cells.
    Fixed(u16),
    /// Shares what is left, never under this many cells.
    Fill(u16),
}

#[derive(Debug)]
pub struct Column {
    pub title: &'static str,
    /// RFC 6901 pointer into the item, e.g. `/tags/customerTags`.
    pub pointer: &'static str,
    pub format: Format,
    pub width: Width,
}

/// One browsable collection.
#[derive(Debug)]
pub struct Kind {
    /// The API's own name, as in `/api/v2/<name>`.
    pub name: &'static str,
    /// What a person calls it, for headers.
    pub title: &'static str,
    pub aliases: &'static [&'static str],
    pub list_path: &'static str,
    pub paging: Paging,
    pub page_size: u32,
    /// Pointer to the item's id (used for detail paths, cursors and keeping the selection).
    pub id_pointer: &'static str,
    /// The detail endpoint, with `{id}` standing for the id.
    pub detail_path: Option<&'static str>,
    /// `POST /api/v2/search/<entity>` for server-side search.
    pub search_entity: Option<&'static str>,
    pub columns: &'static [Column],
}

const fn col(title: &'static str, pointer: &'static str, format: Format, width: Width) -> Column {
    Column {
        title,
        pointer,
        format,
        width,
    }
}

pub static CLOUD_INTEGRATIONS: Kind = Kind {
    name: "cloudintegration",
    title: "Cloud integrations",
    aliases: &["cloudintegrations", "integrations", "ci"],
    list_path: "/api/v2/cloudintegration",
    paging: Paging::Offset,
    page_size: 100,
    id_pointer: "/id",
    detail_path: Some("/api/v2/cloudintegration/{id}"),
    search_entity: Some("cloudintegration"),
    columns: &[
        col("NAME", "/name", Format::Text, Width::Fill(3)),
        col("SERVICE", "/service", Format::Enum, Width::Fixed(16)),
        col(
            "STATE",
            "/disabled",
            Format::EnabledUnlessTrue,
            Width::Fixed(8),
        ),
        col(
            "LAST DATA",
            "/lastReceivedDataPointMs",
            Format::TimeMs,
            Width::Fixed(9),
        ),
        col(
            "METRICS",
            "/lastMetricCount",
            Format::Count,
            Width::Fixed(9),
        ),
        col("LAST ERROR", "/lastError", Format::Error, Width::Fill(2)),
    ],
};

/// Kinds are static catalog entries: one is another only if it is the same entry.
impl PartialEq for Kind {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Kind {}

/// Every kind, in the order the command line offers them.
pub static KINDS: &[&Kind] = &[&CLOUD_INTEGRATIONS];

/// Finds a kind by its API name or any alias, ignoring case.
pub fn kind_by_name(name: &str) -> Option<&'static Kind> {
    let name = name.trim().trim_start_matches(':');
    KINDS.iter().copied().find(|k| {
        k.name.eq_ignore_ascii_case(name) || k.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

/// A column's value for one item, extracted once when the page arrives (not on every frame).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Already made safe for the terminal.
    Text(Box<str>),
    Int(i64),
    /// Epoch milliseconds.
    Time(i64),
    Flag(bool),
}

/// One item as the table keeps it: its id and its cells, plus the raw JSON only for kinds whose
/// items cannot be fetched again by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: Option<String>,
    pub cells: Vec<Cell>,
    pub raw: Option<Box<str>>,
}

impl Kind {
    pub fn row(&self, item: &Value) -> Row {
        Row {
            id: self.item_id(item),
            cells: self.cells(item),
            raw: self
                .detail_path
                .is_none()
                .then(|| item.to_string().into_boxed_str()),
        }
    }

    pub fn detail_path_for(&self, id: &str) -> Option<String> {
        self.detail_path
            .map(|p| p.replace("{id}", &encode_path_segment(id)))
    }

    pub fn item_id(&self, item: &Value) -> Option<String> {
        match item.pointer(self.id_pointer)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The cells of the table row for one item; unknown fields are ignored, missing and null
    /// ones are [`Cell::Empty`].
    pub fn cells(&self, item: &Value) -> Vec<Cell> {
        self.columns
            .iter()
            .map(|c| extract(c.format, item.pointer(c.pointer)))
            .collect()
    }
}

fn extract(format: Format, value: Option<&Value>) -> Cell {
    let Some(value) = value else {
        return Cell::Empty;
    };
    match (format, value) {
        (_, Value::Null) => Cell::Empty,
        (Format::Count, v) => v.as_i64().map_or_else(|| text_cell(v), Cell::Int),
        (Format::TimeMs, v) => v.as_i64().map_or_else(|| text_cell(v), Cell::Time),
        (Format::TimeS, v) => v
            .as_i64()
            .map_or_else(|| text_cell(v), |s| Cell::Time(s.saturating_mul(1000))),
        (Format::EnabledUnlessTrue, Value::Bool(b)) => Cell::Flag(*b),
        (_, v) => text_cell(v),
    }
}

fn text_cell(v: &Value) -> Cell {
    let s = match v {
        Value::String(s) => sanitize(s).into_owned(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => sanitize(s).into_owned(),
                other => sanitize(&other.to_string()).into_owned(),
            })
            .collect::<Vec<_>>()
            .join(","),
        other => sanitize(&other.to_string()).into_owned(),
    };
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into_boxed_str())
    }
}

/// Ids are server data: escape everything but unreserved characters before putting one in a path.
pub fn encode_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_kinds_by_name_and_alias() {
        for name in [
            "cloudintegration",
            "integrations",
            ":CloudIntegrations",
            " ci ",
        ] {
            assert_eq!(
                kind_by_name(name).map(|k| k.name),
                Some("cloudintegration"),
                "{name}"
            );
        }
        assert!(kind_by_name("nope").is_none());
    }

    #[test]
    fn cells_follow_columns_and_tolerate_missing_and_null() {
        let item = json!({"id":"i1","name":"AWS \u{1b}[2Jprod","service":"CLOUDWATCH",
            "disabled":true,"lastReceivedDataPointMs":1700000000000i64,"lastMetricCount":null,
            "unknownField":{"x":1}});
        let cells = CLOUD_INTEGRATIONS.cells(&item);
        assert_eq!(
            cells,
            vec![
                Cell::Text("AWS ␛[2Jprod".into()),
                Cell::Text("CLOUDWATCH".into()),
                Cell::Flag(true),
                Cell::Time(1_700_000_000_000),
                Cell::Empty,
                Cell::Empty,
            ]
        );
        assert_eq!(CLOUD_INTEGRATIONS.item_id(&item).as_deref(), Some("i1"));
    }

    #[test]
    fn wrong_types_fall_back_to_text() {
        let item = json!({"lastMetricCount":"many","lastReceivedDataPointMs":[1,2]});
        let cells = CLOUD_INTEGRATIONS.cells(&item);
        assert_eq!(cells[4], Cell::Text("many".into()));
        assert_eq!(cells[3], Cell::Text("1,2".into()));
    }

    #[test]
    fn detail_path_escapes_the_id() {
        assert_eq!(
            CLOUD_INTEGRATIONS.detail_path_for("a/b c").as_deref(),
            Some("/api/v2/cloudintegration/a%2Fb%20c")
        );
    }
}
