//! The resource catalog: every collection wf-tui can browse, described as data.
//!
//! A [`Kind`] says where a collection lives, how it pages, where one item's detail is, and which
//! columns the table shows (a JSON pointer and a format each). Adding a kind is adding a row here.

use serde_json::Value;

mod editing;
mod firing;
mod kinds;
mod ops;
mod rows;
mod shared;
mod states;
mod trash;

pub use editing::*;
pub use firing::{FIRING, FIRING_ALERTS, FLEET_FIRING};
pub use kinds::*;
pub use ops::*;
pub use rows::{CellRef, RowCells, RowRef, Rows, RowsMemory};
pub use trash::*;

pub use crate::api::request::encode_path_segment;
pub use crate::api::search::SearchShape;

use super::paging::{Page, PageRequest, PageShapeError, Paging};
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
    /// A boolean shown as yes/no.
    Bool,
    /// Tags: a list of strings (`customerTags`), or a map of tag → bool showing the true ones.
    Tags,
    /// A list of objects shown by their names (`roles: [{id, name}]`).
    Names,
    /// How many elements a list has.
    Len,
    /// A list of states (an alert's `status`): the most important first, whole, the others
    /// abbreviated after it (`FIRING +MAINT`); coloured by the first, as [`Format::Enum`].
    States,
    /// Epoch milliseconds, shown as how long ago without "ago" (an alert "firing for 23m").
    Since,
    /// Epoch milliseconds a state lasts until (an alert's `snoozed`), shown relative to now; a
    /// negative value is "forever", as the API means it.
    Until,
}

/// How much room a column takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Exactly this many cells.
    Fixed(u16),
    /// Shares what is left, never under this many cells.
    Fill(u16),
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    /// RFC 6901 pointer into the item, e.g. `/tags/customerTags`; alternatives separated by `|`
    /// are read in turn, the first holding a value wins (`/targetInfo|/target`).
    pub pointer: &'static str,
    pub format: Format,
    pub width: Width,
}

/// Query parameters of a request.
pub type QueryParams = Vec<(&'static str, String)>;

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
    /// When one field does not name an item (a monitored service's name repeats across
    /// applications), the fields that together do, in the order of the detail path's
    /// placeholders. The id is then their values, each escaped as a path segment, joined by `/`
    /// (`acme-shop/payments`).
    pub key_pointers: &'static [&'static str],
    /// The detail endpoint, with `{id}` standing for the id (or one placeholder per
    /// [`Kind::key_pointers`]).
    pub detail_path: Option<&'static str>,
    /// `POST /api/v2/search/<entity>` for server-side search.
    pub search_entity: Option<&'static str>,
    pub columns: &'static [Column],
    /// Extra query parameters, computed from when the listing began (an event time window).
    pub query: Option<fn(listed_at_ms: i64) -> QueryParams>,
    /// Items a listing shows besides its pages, read along with its first page and shown before
    /// it (events that started before the window and are still going on).
    pub also_listed: Option<fn(listed_at_ms: i64) -> crate::api::ApiRequest>,
    /// For a singleton answer, the pointer to the list shown as rows (`/policyRules`).
    pub items_pointer: Option<&'static str>,
    /// Keys whose values are secrets in this kind (an own API token's `tokenID` is the token):
    /// masked in rows, detail views and exports.
    pub secret_keys: &'static [&'static str],
    /// Columns of ids that another kind names: (the column's pointer, the kind whose items map
    /// `id` to `name`). The worker reads those with each page and shows names where it finds
    /// them, ids otherwise (an account's `roles` and `userGroups` are ids in the API).
    pub names_from: &'static [(&'static str, &'static Kind)],
    /// Rows keep their item's JSON even though it can be fetched by id: the item is what `c`
    /// charts (an alert's condition, a derived metric's query).
    pub keeps_items: bool,
    /// What can be done to its items (see [`Operation`]).
    pub operations: &'static [Operation],
    /// What the TUI's actions menu offers, over [`Kind::operations`].
    pub menu: &'static [MenuEntry],
    /// How [`Kind::search_entity`] is asked.
    pub search: SearchShape,
    /// The listing is this server search, not the list endpoint (the firing alerts: `status`
    /// EXACT `FIRING`); a filter then never goes to the server.
    pub search_listing: Option<&'static str>,
    /// How rows show while no sort is chosen: (column, ascending) keys in turn (severity, then
    /// how long firing); empty keeps the server's order.
    pub order: &'static [(usize, bool)],
    /// A trash: the deleted items of this kind, listed by a search with no query (a `POST` of
    /// a `SortableSearchRequest` to [`Kind::list_path`], `/api/v2/search/<kind>/deleted`).
    pub trash_of: Option<&'static Kind>,
}

pub(super) const fn col(
    title: &'static str,
    pointer: &'static str,
    format: Format,
    width: Width,
) -> Column {
    Column {
        title,
        pointer,
        format,
        width,
    }
}

impl Column {
    /// The value the column shows: the first of its pointers that holds one (not null).
    pub fn value<'a>(&self, item: &'a Value) -> Option<&'a Value> {
        let mut found = None;
        for pointer in self.pointer.split('|') {
            found = item.pointer(pointer);
            if found.is_some_and(|v| !v.is_null()) {
                break;
            }
        }
        found
    }
}

/// Kinds are static catalog entries: one is another only if it is the same entry.
impl PartialEq for Kind {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Kind {}

/// Finds a kind by its API name or any alias, ignoring case.
pub fn kind_by_name(name: &str) -> Option<&'static Kind> {
    let name = name.trim().trim_start_matches(':');
    KINDS.iter().copied().find(|k| {
        k.name.eq_ignore_ascii_case(name) || k.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

/// A cell's text, shared: the rows that show the same tag set, description or state hold it
/// once, and a row's id is its NAME cell's text (see [`Kind::row_from`]).
pub type Text = std::sync::Arc<str>;

/// A column's value for one item, extracted once when the page arrives (not on every frame).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Already made safe for the terminal.
    Text(Text),
    Int(i64),
    /// Epoch milliseconds.
    Time(i64),
    Flag(bool),
}

/// One item as the table keeps it: its id, its cells, and, where [`Kind::holds_items`], its JSON
/// (secrets masked): the detail of kinds whose items cannot be fetched again by id, what `c`
/// charts, what a JSON `:export` writes. Other kinds keep cells only: 100,000 sources would
/// otherwise hold their JSON twice over (issue #8's budget is 2x the JSON bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The same text as the cell of the id's column, when the kind shows the id as it is.
    pub id: Option<Text>,
    pub cells: Vec<Cell>,
    pub raw: Option<Box<str>>,
    /// The item's own text of the cells that show it changed (a tab, a newline or a control
    /// character drawn as a stand-in): what exports write. Empty (no allocation) for most rows.
    pub exact: Exact,
}

/// Cells' texts as the item holds them, by column index, where the cell shows them changed.
pub type Exact = Box<[(u16, Box<str>)]>;

impl Kind {
    /// Its operation `verb`, when it has one.
    pub fn operation(&self, verb: Verb) -> Option<&'static Operation> {
        self.operations.iter().find(|op| op.verb == verb)
    }

    /// What a row is called in messages and titles when the kind has a NAME (or TITLE)
    /// column (the firing console shows the severity before the name).
    pub fn row_name<'a>(&self, row: RowRef<'a>) -> Option<&'a str> {
        let column = self
            .columns
            .iter()
            .position(|c| c.title == "NAME" || c.title == "TITLE")?;
        row.cell(column)?.text().filter(|s| !s.is_empty())
    }

    /// Whether rows keep their item's JSON (see [`Row`]).
    pub fn holds_items(&self) -> bool {
        self.detail_path.is_none() || self.keeps_items
    }

    pub fn row(&self, item: &Value) -> Row {
        self.row_from(item, None)
    }

    /// [`Kind::row`], keeping `sent` (the item's text as the server wrote it, secrets masked)
    /// when the row keeps its JSON: numbers stay as written (`1e400`).
    pub fn row_from(&self, item: &Value, sent: Option<&[u8]>) -> Row {
        // Neither cloned nor written by recursion: items may be nested thousands deep.
        let raw = self.holds_items().then(|| {
            if let Some(sent) = sent {
                let masked = mask_secrets_text(sent, self.secret_keys);
                if let Ok(text) = String::from_utf8(masked) {
                    return text.into_boxed_str();
                }
            }
            let text = crate::json::value::to_vec(item);
            let text = match self.secret_keys {
                [] => text,
                keys => match crate::json::value::parse_value(&text) {
                    Ok(mut copy) => {
                        mask_secrets(&mut copy, keys);
                        let masked = crate::json::value::to_vec(&copy);
                        crate::json::value::drop_deep(copy);
                        masked
                    }
                    Err(_) => text,
                },
            };
            String::from_utf8_lossy(&text).into_owned().into_boxed_str()
        });
        let (mut cells, exact) = self.cells_exact(item);
        let id = self.item_id(item);
        // The id's own column (a source's NAME is its id): the row holds that text once.
        let id_column = self.key_pointers.is_empty().then(|| {
            self.columns
                .iter()
                .position(|c| c.pointer.split('|').next() == Some(self.id_pointer))
        });
        let id_column = id_column.flatten();
        let id = id.map(|id| match id_column.and_then(|c| cells.get(c)) {
            Some(Cell::Text(text)) if **text == *id => text.clone(),
            _ => Text::from(id),
        });
        // Other texts repeat across rows (tag sets, descriptions, states): held once.
        let mut sharer = shared::sharer();
        for (i, cell) in cells.iter_mut().enumerate() {
            if let Cell::Text(text) = cell
                && Some(i) != id_column
            {
                *text = sharer.share(std::mem::replace(text, Text::from("")));
            }
        }
        drop(sharer);
        Row {
            id,
            cells,
            raw,
            exact,
        }
    }

    /// The page in a list answer: a paged object, a bare array, or (for singletons) the list
    /// at `items_pointer`.
    pub fn page_from(&self, value: Value) -> Result<Page, PageShapeError> {
        match self.items_pointer {
            Some(pointer) => {
                // Taken, not cloned, and the rest taken apart without recursion: any depth.
                let mut value = value;
                let items = value
                    .pointer_mut(pointer)
                    .map(Value::take)
                    .unwrap_or(Value::Array(Vec::new()));
                crate::json::value::drop_deep(value);
                Page::from_response(items)
            }
            None => Page::from_response(value),
        }
    }

    /// The query of a list request for `page`, with the kind's own parameters; `now_ms` stands
    /// in for when the listing began when the page does not say ([`PageRequest::listed_at_ms`]).
    pub fn list_query(&self, page: &PageRequest, now_ms: i64) -> QueryParams {
        let mut q = page.query(self.paging);
        if let Some(extra) = self.query {
            q.extend(extra(page.listed_at_ms.unwrap_or(now_ms)));
        }
        q
    }

    /// The request for one page of the list (the search, for a kind listed by one).
    pub fn list_request(&self, page: &PageRequest, now_ms: i64) -> crate::api::ApiRequest {
        if let Some(listed) = self
            .search_listing
            .and_then(|text| self.search_request(page, text, now_ms))
        {
            return listed;
        }
        if self.trash_of.is_some() {
            return trash::list_request(self, page);
        }
        let mut req = crate::api::ApiRequest::get(self.list_path);
        for (k, v) in self.list_query(page, now_ms) {
            req = req.with_query(k, v);
        }
        req
    }

    /// The server-side search for `text` (one page), when the kind can be searched.
    pub fn search_request(
        &self,
        page: &PageRequest,
        text: &str,
        now_ms: i64,
    ) -> Option<crate::api::ApiRequest> {
        let entity = self.search_entity?;
        Some(crate::api::ApiRequest::search(
            format!("/api/v2/search/{entity}"),
            self.search
                .body(self.paging, page, text, page.listed_at_ms.unwrap_or(now_ms)),
        ))
    }

    /// The request for one item's JSON, when the kind has a detail endpoint.
    pub fn detail_request(&self, id: &str) -> Option<crate::api::ApiRequest> {
        self.detail_path_for(id).map(crate::api::ApiRequest::get)
    }

    pub fn detail_path_for(&self, id: &str) -> Option<String> {
        let path = self.detail_path?;
        if self.key_pointers.is_empty() {
            return Some(path.replace("{id}", &encode_path_segment(id)));
        }
        // A compound id: its parts are escaped already (see `item_id`), one per placeholder.
        let parts: Vec<&str> = id.split('/').collect();
        if parts.len() != self.key_pointers.len() {
            return None;
        }
        let mut out = String::with_capacity(path.len() + id.len());
        let mut rest = path;
        for part in parts {
            let (before, after) = rest.split_once('{')?;
            let (_, after) = after.split_once('}')?;
            out.push_str(before);
            out.push_str(&encode_path_segment(&percent_decode(part)));
            rest = after;
        }
        out.push_str(rest);
        Some(out)
    }

    pub fn item_id(&self, item: &Value) -> Option<String> {
        if self.key_pointers.is_empty() {
            return scalar_text(item.pointer(self.id_pointer)?);
        }
        let parts: Option<Vec<String>> = self
            .key_pointers
            .iter()
            .map(|p| scalar_text(item.pointer(p)?).map(|s| encode_path_segment(&s)))
            .collect();
        Some(parts?.join("/"))
    }

    /// The cells of the table row for one item; unknown fields are ignored, missing and null
    /// ones are [`Cell::Empty`].
    pub fn cells(&self, item: &Value) -> Vec<Cell> {
        self.columns
            .iter()
            .map(|c| extract(c.format, c.value(item)))
            .collect()
    }

    /// [`Kind::cells`], and the item's own text of those whose shown text differs from it
    /// (what an export writes in their place).
    pub fn cells_exact(&self, item: &Value) -> (Vec<Cell>, Exact) {
        let mut exact = Vec::new();
        let cells = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (cell, text) = extract_exact(c.format, c.value(item));
                if let Some(text) = text {
                    exact.push((i as u16, text));
                }
                cell
            })
            .collect();
        (cells, exact.into_boxed_slice())
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Undoes `encode_path_segment` (what is not a valid escape stays as it is).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        let digit = |at: usize| bytes.get(at).and_then(|&b| hex(b));
        match (bytes[i], digit(i + 1), digit(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Times wf-tui can show: years 1 to 9999 (beyond, a value is not a time; it is shown as text).
const TIMES_MS: std::ops::RangeInclusive<i64> = -62_135_596_800_000..=253_402_300_799_999;

/// An integer as the API meant it: a JSON integer that fits, or a string of one (`"12"`, as
/// some endpoints and proxies write counts). Anything else (fractions, numbers beyond i64) is
/// not read as a number, so it is shown as written rather than as a wrong one.
fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Epoch milliseconds in the showable range.
fn time_cell(ms: Option<i64>) -> Option<Cell> {
    ms.filter(|ms| TIMES_MS.contains(ms)).map(Cell::Time)
}

fn extract(format: Format, value: Option<&Value>) -> Cell {
    extract_exact(format, value).0
}

/// A cell, and the value's own text when the cell shows it changed (made safe, or blank).
fn extract_exact(format: Format, value: Option<&Value>) -> (Cell, Option<Box<str>>) {
    let Some(value) = value else {
        return (Cell::Empty, None);
    };
    let number = || match format {
        Format::Count => integer(value).map(Cell::Int),
        Format::TimeMs => time_cell(integer(value)),
        Format::TimeS => time_cell(integer(value).and_then(|s| s.checked_mul(1000))),
        Format::Since | Format::Until => time_cell(integer(value)),
        _ => None,
    };
    let cell = match (format, value) {
        (_, Value::Null) => Cell::Empty,
        (Format::Until, v) if integer(v).is_some_and(|ms| ms < 0) => {
            return shown_instead("forever", value_text(v));
        }
        (Format::Count | Format::TimeMs | Format::TimeS | Format::Since | Format::Until, v) => {
            match number() {
                Some(cell) => cell,
                // Not a number the column can show: shown as written.
                None => return text_cell_exact(v),
            }
        }
        (Format::EnabledUnlessTrue | Format::Bool, Value::Bool(b)) => Cell::Flag(*b),
        // Booleans written as text ("true", as some proxies report them).
        (Format::EnabledUnlessTrue | Format::Bool, Value::String(s))
            if s.trim().eq_ignore_ascii_case("true") || s.trim().eq_ignore_ascii_case("false") =>
        {
            Cell::Flag(s.trim().eq_ignore_ascii_case("true"))
        }
        (Format::Len, Value::Array(items)) => Cell::Int(items.len() as i64),
        (Format::States, v @ Value::Array(items)) => match states::summary(items) {
            Some(summary) => return shown_instead(&summary, value_text(v)),
            None => return text_cell_exact(v),
        },
        (Format::Tags, Value::Object(map)) => {
            let on = map
                .iter()
                .filter(|(_, on)| !matches!(on, Value::Bool(false)))
                .map(|(tag, _)| tag.as_str());
            return shown(joined(on).into());
        }
        // Lists (`Names` among them): elements without a name-like field are still shown
        // (`{…}`), never dropped.
        (_, v) => return text_cell_exact(v),
    };
    (cell, None)
}

/// What a list element is called: itself when a string, else its name-like field.
fn name_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        // `host` last: a series (`SourceLabelPair`) is named by its source.
        Value::Object(m) => ["name", "title", "identifier", "id", "host"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str)),
        _ => None,
    }
}

/// The parts with `,` between them, as the item holds them.
fn joined<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(part);
    }
    out
}

/// A value's own text: a string as it is, a list's elements by name joined by `,` (nulls
/// skipped), anything else as JSON.
fn value_text(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => {
            let parts: Vec<std::borrow::Cow<'_, str>> = items
                .iter()
                .filter(|i| !i.is_null())
                .map(|i| match i {
                    Value::String(s) => s.as_str().into(),
                    Value::Number(_) | Value::Bool(_) => i.to_string().into(),
                    other => name_of(other).unwrap_or("{…}").into(),
                })
                .collect();
            joined(parts.iter().map(AsRef::as_ref)).into()
        }
        other => other.to_string().into(),
    }
}

fn text_cell_exact(v: &Value) -> (Cell, Option<Box<str>>) {
    shown(value_text(v))
}

/// The cell showing `text` made safe, and `text` itself when that differs from what is shown.
fn shown(text: std::borrow::Cow<'_, str>) -> (Cell, Option<Box<str>>) {
    // Most text is safe as it is: then it becomes the cell without another copy.
    let safe = match sanitize(&text) {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(safe) => Some(safe),
    };
    match safe {
        None if text.trim().is_empty() => (Cell::Empty, (!text.is_empty()).then(|| boxed(text))),
        None => (Cell::Text(text.into()), None),
        Some(safe) => (text_or_empty(safe), Some(boxed(text))),
    }
}

/// The cell showing `shown` made safe, and `text` (the value's own) when that differs from it.
fn shown_instead(shown: &str, text: std::borrow::Cow<'_, str>) -> (Cell, Option<Box<str>>) {
    let cell = text_or_empty(sanitize(shown).into_owned());
    let same =
        matches!(&cell, Cell::Text(s) if **s == *text) || (cell == Cell::Empty && text.is_empty());
    (cell, (!same).then(|| boxed(text)))
}

/// A blank string is no value: the cell is empty, not an invisible one that sorts first.
fn text_or_empty(safe: String) -> Cell {
    if safe.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(safe.into())
    }
}

fn boxed(text: std::borrow::Cow<'_, str>) -> Box<str> {
    text.into_owned().into_boxed_str()
}

/// Replaces the values of secret keys, at any depth, with a masked form that keeps the last
/// four characters (enough to tell tokens apart, useless to an attacker).
/// Returns whether anything was masked.
pub fn mask_secrets(value: &mut Value, keys: &[&str]) -> bool {
    let mut masked = false;
    if keys.is_empty() {
        return masked;
    }
    // A stack of its own, not recursion: items may be nested thousands deep.
    let mut todo = vec![value];
    while let Some(value) = todo.pop() {
        match value {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if keys.contains(&k.as_str()) {
                        masked |= !v.is_null();
                        match v {
                            Value::String(s) => *s = mask(s),
                            Value::Null => {}
                            // A secret in another shape (a key file as an object) is hidden whole.
                            other => *other = Value::from(mask("")),
                        }
                    } else {
                        todo.push(v);
                    }
                }
            }
            Value::Array(items) => todo.extend(items.iter_mut()),
            _ => {}
        }
    }
    masked
}

/// [`mask_secrets`] on JSON text: the same masks, every other byte as it was (numbers keep
/// their spelling, which a decoded value does not: `1e400` would come back as `1e+400`).
pub fn mask_secrets_text(raw: &[u8], keys: &[&str]) -> Vec<u8> {
    if keys.is_empty() {
        return raw.to_vec();
    }
    crate::json::value::replace_members(raw, keys, |value| {
        if value == b"null" {
            return None;
        }
        // A secret in another shape (a key file as an object) is hidden whole.
        let masked = match serde_json::from_slice::<String>(value) {
            Ok(secret) => mask(&secret),
            Err(_) => mask(""),
        };
        serde_json::to_vec(&masked).ok()
    })
}

fn mask(secret: &str) -> String {
    let tail: String = {
        let chars: Vec<char> = secret.chars().collect();
        if chars.len() > 12 {
            chars[chars.len() - 4..].iter().collect()
        } else {
            String::new()
        }
    };
    format!("••••••••{tail}")
}

#[cfg(test)]
mod tests {

    /// Masking the text masks what masking the value does, and leaves every other byte: the
    /// numbers keep their spelling (found by the conformance tests: `1e400` became `1e+400`).
    #[test]
    fn secrets_are_masked_in_the_text_as_in_the_value() {
        let raw = br#"{"n":1e400,"x":{"clientSecret":"abcdefghijklmnop","deep":[{"apiKey":{"k":1}}]},"note":"\"apiKey\": \"not a key\"","api\u004bey":"ssssssssssssssss","tokenID":null,"m":1.5E-7}"#;
        let keys = ["clientSecret", "apiKey", "tokenID"];
        let text = mask_secrets_text(raw, &keys);
        let mut value: Value = crate::json::parse_value(raw).unwrap();
        mask_secrets(&mut value, &keys);
        assert_eq!(crate::json::parse_value(&text).unwrap(), value);
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("1e400") && text.contains("1.5E-7"), "{text}");
        assert!(!text.contains("abcdefghijklmnop") && !text.contains("ssssssssssssssss"));
        assert!(
            text.contains(r#""note":"\"apiKey\": \"not a key\"""#),
            "{text}"
        );
        assert_eq!(mask_secrets_text(raw, &[]), raw.to_vec());
    }

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

    /// What a lenient reader makes of values that are not what the column expects.
    #[test]
    fn odd_values_become_sensible_cells() {
        let cell = |format, v: Value| extract(format, Some(&v));
        // Numbers as strings are numbers.
        assert_eq!(cell(Format::Count, json!("12")), Cell::Int(12));
        assert_eq!(cell(Format::Count, json!(" 12 ")), Cell::Int(12));
        assert_eq!(
            cell(Format::TimeMs, json!("1700000000000")),
            Cell::Time(1_700_000_000_000)
        );
        assert_eq!(
            cell(Format::TimeS, json!("1700000000")),
            Cell::Time(1_700_000_000_000)
        );
        // Text that is no number stays text; a fraction is not truncated into a count.
        assert_eq!(
            cell(Format::Count, json!("many")),
            Cell::Text("many".into())
        );
        assert_eq!(cell(Format::Count, json!(12.5)), Cell::Text("12.5".into()));
        // Null, missing, empty and blank are empty, in every format.
        for format in [
            Format::Text,
            Format::Count,
            Format::TimeMs,
            Format::Enum,
            Format::Bool,
        ] {
            assert_eq!(cell(format, Value::Null), Cell::Empty, "{format:?}");
            assert_eq!(cell(format, json!("")), Cell::Empty, "{format:?}");
            assert_eq!(cell(format, json!("   ")), Cell::Empty, "{format:?}");
            assert_eq!(extract(format, None), Cell::Empty, "{format:?}");
        }
        // Unknown enum values are shown as they are.
        assert_eq!(
            cell(Format::Enum, json!("SOMETHING_NEW")),
            Cell::Text("SOMETHING_NEW".into())
        );
        // Booleans as text.
        assert_eq!(cell(Format::Bool, json!("true")), Cell::Flag(true));
        assert_eq!(
            cell(Format::EnabledUnlessTrue, json!("FALSE")),
            Cell::Flag(false)
        );
        assert_eq!(
            cell(Format::Bool, json!("maybe")),
            Cell::Text("maybe".into())
        );
        // Lists: names where elements have them, the element otherwise; nulls skipped.
        assert_eq!(
            cell(
                Format::Names,
                json!([{"id": "r1", "name": "Admins"}, "r2", {"x": 1}, null])
            ),
            Cell::Text("Admins,r2,{…}".into())
        );
        assert_eq!(cell(Format::Names, json!([null])), Cell::Empty);
    }

    /// A number beyond i64 is shown exactly as it came, never as a wrong number (no wrapping,
    /// no saturating, no float rounding into a count or a time).
    #[test]
    fn numbers_beyond_i64_are_shown_as_written() {
        let cell = |format, text: &str| {
            let v: Value = serde_json::from_str(text).unwrap();
            extract(format, Some(&v))
        };
        for format in [Format::Count, Format::TimeMs, Format::TimeS, Format::Text] {
            // u64 beyond i64: exact as text.
            assert_eq!(
                cell(format, "9223372036854775808"),
                Cell::Text("9223372036854775808".into()),
                "{format:?}"
            );
            assert_eq!(
                cell(format, "\"9223372036854775808\""),
                Cell::Text("9223372036854775808".into()),
                "{format:?}"
            );
            // Beyond u64: whatever serde_json keeps, as text, never an Int or a Time.
            let v: Value = serde_json::from_str("123456789012345678901234567890").unwrap();
            assert_eq!(
                extract(format, Some(&v)),
                Cell::Text(v.to_string().into()),
                "{format:?}"
            );
        }
        // Seconds whose milliseconds overflow, and times past year 9999, are not times.
        assert_eq!(
            cell(Format::TimeS, "9223372036854775"),
            Cell::Text("9223372036854775".into())
        );
        assert_eq!(
            cell(Format::TimeMs, "-9223372036854775808"),
            Cell::Text("-9223372036854775808".into())
        );
        assert_eq!(
            cell(Format::Count, "-9223372036854775808"),
            Cell::Int(i64::MIN)
        );
    }

    /// Every odd value, in every format, through the whole row path: no panic anywhere, and
    /// the drawn text of every cell is what was extracted.
    #[test]
    fn no_value_panics_a_row() {
        let odd = [
            json!(null),
            json!(""),
            json!("12"),
            json!(-1),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(1e300),
            json!(-0.0),
            json!([]),
            json!([null, {}, [1]]),
            json!({}),
            json!({"a": false, "b": true}),
            json!(true),
            json!("\u{202e}evil\u{1b}[2J"),
        ];
        for kind in KINDS.iter().copied().chain([&FIRING_ALERTS]) {
            for v in &odd {
                // The odd value at every column's place, however deep.
                let mut item = json!({});
                for c in kind.columns {
                    let mut at = &mut item;
                    let segs: Vec<&str> = c.pointer.trim_start_matches('/').split('/').collect();
                    for (i, seg) in segs.iter().enumerate() {
                        if !at.is_object() {
                            break;
                        }
                        let value = if i + 1 == segs.len() {
                            v.clone()
                        } else {
                            json!({})
                        };
                        at = at.as_object_mut().unwrap().entry(*seg).or_insert(value);
                    }
                }
                let row = kind.row(&item);
                assert_eq!(row.cells.len(), kind.columns.len());
                for cell in &row.cells {
                    if let Cell::Time(ms) = cell {
                        assert!(TIMES_MS.contains(ms));
                        let _ = crate::format::relative_time(*ms, 0);
                        let _ = crate::format::full_in(*ms, &jiff::tz::TimeZone::UTC);
                    }
                }
            }
        }
    }

    /// The row keeps the item's own text only where the cell shows it changed: what exports
    /// write (a tab, not the space the table shows; the states as sent, not the summary).
    #[test]
    fn rows_keep_the_exact_text_where_the_cell_differs() {
        let item = json!({"id": "a", "name": "tab\there", "severity": "WARN",
            "status": ["IN_MAINTENANCE", "FIRING"], "tags": {"customerTags": ["plain"]}});
        let (cells, exact) = ALERTS.cells_exact(&item);
        let at = |t: &str| ALERTS.columns.iter().position(|c| c.title == t).unwrap();
        assert_eq!(cells[at("NAME")], Cell::Text("tab here".into()));
        assert_eq!(cells[at("STATUS")], Cell::Text("FIRING +MAINT".into()));
        let exact: Vec<(usize, &str)> =
            exact.iter().map(|(i, t)| (usize::from(*i), &**t)).collect();
        assert_eq!(
            exact,
            vec![
                (at("NAME"), "tab\there"),
                (at("STATUS"), "IN_MAINTENANCE,FIRING")
            ]
        );
        assert!(ALERTS.cells_exact(&json!({"name": "plain"})).1.is_empty());
        assert_eq!(
            ALERTS.cells_exact(&json!({"name": "\t"})).1.len(),
            1,
            "blank shown"
        );
    }

    /// The console's cells: the firing's start (else the last event's), the series and the
    /// sources in maintenance by host, a snooze until a time or forever, target names where the
    /// alert has them and its targets as written where not; odd values shown as they are.
    #[test]
    fn firing_alerts_show_what_on_call_asks() {
        let at = |t: &str| {
            FIRING_ALERTS
                .columns
                .iter()
                .position(|c| c.title == t)
                .unwrap()
        };
        let item = json!({"id": "1", "name": "Disk", "severity": "SEVERE",
            "event": {"startTime": 1_700_000_000_000i64}, "lastEventTime": 5,
            "failingHostLabelPairs": [{"host": "web-1"}, {"host": "web-2"}],
            "inMaintenanceHostLabelPairs": [{"host": "db-1", "label": "x"}],
            "snoozed": -1,
            "targetInfo": [{"id": "t", "name": "Slack #sre", "method": "WEBHOOK"}],
            "target": "target:t"});
        let (cells, exact) = FIRING_ALERTS.cells_exact(&item);
        assert_eq!(cells[at("FIRING FOR")], Cell::Time(1_700_000_000_000));
        assert_eq!(cells[at("SERIES")], Cell::Int(2));
        assert_eq!(cells[at("IN MAINT")], Cell::Text("db-1".into()));
        assert_eq!(cells[at("SNOOZED")], Cell::Text("forever".into()));
        assert_eq!(cells[at("TARGETS")], Cell::Text("Slack #sre".into()));
        let snoozed = u16::try_from(at("SNOOZED")).unwrap();
        assert!(exact.contains(&(snoozed, "-1".into())), "{exact:?}");
        // No event, no target names: the fallbacks.
        let bare = json!({"name": "x", "event": null, "lastEventTime": 1_700_000_000_000i64,
            "target": "pd:abc,ops@acme.com", "snoozed": 1_700_000_360_000i64,
            "severity": "CATASTROPHIC"});
        let cells = FIRING_ALERTS.cells(&bare);
        assert_eq!(cells[at("FIRING FOR")], Cell::Time(1_700_000_000_000));
        assert_eq!(
            cells[at("TARGETS")],
            Cell::Text("pd:abc,ops@acme.com".into())
        );
        assert_eq!(cells[at("SNOOZED")], Cell::Time(1_700_000_360_000));
        assert_eq!(cells[at("SEVERITY")], Cell::Text("CATASTROPHIC".into()));
        assert_eq!(cells[at("SERIES")], Cell::Empty);
        let odd = json!({"snoozed": "soon", "event": {"startTime": "yesterday"}});
        let cells = FIRING_ALERTS.cells(&odd);
        assert_eq!(cells[at("SNOOZED")], Cell::Text("soon".into()));
        assert_eq!(cells[at("FIRING FOR")], Cell::Text("yesterday".into()));
        // The listing is the search, page after page, whatever the filter.
        let req = FIRING_ALERTS.list_request(&PageRequest::first(1000), 0);
        assert_eq!(req.to_string(), "POST /api/v2/search/alert");
        assert_eq!(
            req.body,
            Some(
                json!({"query": [{"key": "status", "value": "FIRING", "matchingMethod": "EXACT"}],
                "limit": 1000, "offset": 0})
            )
        );
    }

    #[test]
    fn derived_metrics_every_reads_minutes() {
        // Only the required fields: what many instances answer.
        let item = json!({"name": "dm", "query": "ts(x)", "minutes": 5});
        let every = DERIVED_METRICS
            .columns
            .iter()
            .position(|c| c.title == "EVERY")
            .unwrap();
        assert_eq!(DERIVED_METRICS.cells(&item)[every], Cell::Int(5));
    }

    #[test]
    fn accounts_show_effective_permissions_and_names_when_present() {
        let item = json!({"identifier": "a@acme.com", "groups": ["alerts_management"],
            "unitedPermissions": ["alerts_management", "dashboard_management"],
            "roles": ["r-1"], "userGroups": [{"id": "g-1", "name": "SRE"}, "g-2"]});
        let cells = ACCOUNTS.cells(&item);
        let at = |t: &str| ACCOUNTS.columns.iter().position(|c| c.title == t).unwrap();
        assert_eq!(
            cells[at("PERMISSIONS")],
            Cell::Text("alerts_management,dashboard_management".into())
        );
        assert_eq!(cells[at("ROLES")], Cell::Text("r-1".into()));
        assert_eq!(cells[at("GROUPS")], Cell::Text("SRE,g-2".into()));
    }

    /// Two services of one name in two applications are two items, each with its own detail.
    #[test]
    fn monitored_services_are_keyed_by_application_and_service() {
        let a = json!({"application": "acme-shop", "service": "payments"});
        let b = json!({"application": "payments platform", "service": "payments"});
        let (ia, ib) = (
            MONITORED_SERVICES.item_id(&a).unwrap(),
            MONITORED_SERVICES.item_id(&b).unwrap(),
        );
        assert_ne!(ia, ib);
        assert_eq!(ia, "acme-shop/payments");
        assert_eq!(
            MONITORED_SERVICES.detail_path_for(&ia).as_deref(),
            Some("/api/v2/monitoredservice/acme-shop/payments")
        );
        assert_eq!(
            MONITORED_SERVICES.detail_path_for(&ib).as_deref(),
            Some("/api/v2/monitoredservice/payments%20platform/payments")
        );
        // A slash inside a part stays inside it.
        let odd = json!({"application": "a/b", "service": "c"});
        let id = MONITORED_SERVICES.item_id(&odd).unwrap();
        assert_eq!(
            MONITORED_SERVICES.detail_path_for(&id).as_deref(),
            Some("/api/v2/monitoredservice/a%2Fb/c")
        );
        // As typed (`wf-tui get monitoredservice acme-shop/payments`), and malformed.
        assert_eq!(
            MONITORED_SERVICES.detail_path_for("acme-shop/payments"),
            MONITORED_SERVICES.detail_path_for(&ia)
        );
        assert_eq!(MONITORED_SERVICES.detail_path_for("payments"), None);
        assert_eq!(MONITORED_SERVICES.item_id(&json!({"service": "x"})), None);
    }

    #[test]
    fn secrets_are_masked_in_any_shape_at_any_depth() {
        let mut v = json!({"gcp": {"gcpJsonKey": {"private_key": "k"}, "projectId": "p"},
            "list": [{"apiKey": "FAKE-DEMO-0123456789abcdef"}], "password": 12345, "token": null});
        mask_secrets(&mut v, CLOUD_INTEGRATIONS.secret_keys);
        assert_eq!(
            v,
            json!({"gcp": {"gcpJsonKey": "••••••••", "projectId": "p"},
                "list": [{"apiKey": "••••••••cdef"}], "password": "••••••••", "token": null})
        );
    }

    #[test]
    fn detail_path_escapes_the_id() {
        assert_eq!(
            CLOUD_INTEGRATIONS.detail_path_for("a/b c").as_deref(),
            Some("/api/v2/cloudintegration/a%2Fb%20c")
        );
    }
}
