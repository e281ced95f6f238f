//! What `wf-tui get -o`, `wf-tui query -o` and the TUI's `:export` write: [`json`], [`csv`] and
//! [`table`] (aligned text for a terminal). Pure text building from the catalog's rows and the
//! chart's series; the callers write files or stdout.

use std::path::Path;

use serde_json::Value;

use crate::api::catalog::{Cell, CellRef, Format, Kind, Row, RowRef};

pub mod csv;
pub mod json;
pub mod table;

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

/// A cell's exact value, as both exports write it: numbers and booleans as they are, times as
/// ISO-8601 UTC, a `disabled` flag as "enabled"/"disabled", nothing as null.
pub(crate) fn cell_value(cell: &Cell, format: Format) -> Value {
    match (cell, format) {
        (Cell::Empty, _) => Value::Null,
        (Cell::Flag(disabled), Format::EnabledUnlessTrue) => {
            Value::String(if *disabled { "disabled" } else { "enabled" }.into())
        }
        (Cell::Flag(b), _) => Value::Bool(*b),
        (Cell::Int(n), _) => Value::from(*n),
        (Cell::Time(ms), _) => Value::String(crate::format::iso8601(*ms)),
        (Cell::Text(s), _) => Value::String(s.to_string()),
    }
}

/// What both exports call the row's id, first of its fields.
pub const ID_FIELD: &str = "id";

/// The fields both exports write for a row, in order: [`ID_FIELD`], then the kind's column
/// titles.
pub fn field_names(kind: &Kind) -> impl Iterator<Item = &'static str> {
    std::iter::once(ID_FIELD).chain(kind.columns.iter().map(|c| c.title))
}

/// A row's values for [`field_names`]: the data, not the screen's text (a tab stays a tab, a
/// control character itself, not its stand-in).
pub fn row_values(kind: &Kind, row: &Row) -> Vec<Value> {
    values(kind, row.id.as_deref(), &row.cells, &row.exact)
}

/// A row as the exports read it: one the table keeps ([`RowRef`]) or one of its own.
pub trait ExportRow {
    /// The item's JSON, where the row keeps it.
    fn raw(&self) -> Option<&str>;
    /// [`row_values`].
    fn values(&self, kind: &Kind) -> Vec<Value>;
}

impl ExportRow for &Row {
    fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }

    fn values(&self, kind: &Kind) -> Vec<Value> {
        row_values(kind, self)
    }
}

impl ExportRow for RowRef<'_> {
    fn raw(&self) -> Option<&str> {
        RowRef::raw(*self)
    }

    fn values(&self, kind: &Kind) -> Vec<Value> {
        let cells: Vec<Cell> = self.cells().map(CellRef::to_cell).collect();
        values(kind, self.id(), &cells, self.exact())
    }
}

/// [`row_values`] from the parts of a row.
pub fn values(
    kind: &Kind,
    id: Option<&str>,
    cells: &[Cell],
    exact: &[(u16, Box<str>)],
) -> Vec<Value> {
    let id = id.map_or(Value::Null, |id| Value::String(id.into()));
    let columns = cells
        .iter()
        .zip(kind.columns)
        .enumerate()
        .map(
            |(i, (cell, col))| match exact.iter().find(|(at, _)| usize::from(*at) == i) {
                Some((_, text)) => Value::String(text.to_string()),
                None => cell_value(cell, col.format),
            },
        );
    std::iter::once(id).chain(columns).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
