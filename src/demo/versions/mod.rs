//! The stand-in's version histories. Every alert, dashboard and derived metric starts with a
//! few versions (older texts of its fixture, as a person would have written them over its
//! life), and every write of one (`writes::stamp`) keeps a new one, whoever made it: an
//! update, a revert (an update too), a tag, a snooze. Serves `GET /api/v2/<kind>/{id}/history`
//! (offset paged, newest first, `HistoryResponse`) and `…/history/{version}` (the item as it
//! was), 404 for what it does not have.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::api::{envelope_error, envelope_ok, paged};
use super::state::DemoState;
use crate::api::catalog::{Kind, editing, kind_by_name};
use crate::api::versions::HISTORY_KINDS;

mod seed;
use seed::seed;

/// One kept version: its `HistoryEntry` and the item as it was.
#[derive(Debug, Clone)]
pub(super) struct Kept {
    pub(super) entry: Value,
    pub(super) item: Value,
}

/// Every item's versions, oldest first, by `kind/id`.
#[derive(Debug, Default)]
pub struct Versions {
    kept: Mutex<HashMap<String, Vec<Kept>>>,
}

fn key(collection: &str, id: &str) -> String {
    format!("{collection}/{id}")
}

fn kind_of(collection: &str) -> Option<&'static Kind> {
    kind_by_name(collection).filter(|k| HISTORY_KINDS.contains(k))
}

impl Versions {
    /// A few versions of every item of the kinds with a history (see [`seed`]).
    pub fn seeded(collections: &HashMap<&'static str, Vec<Value>>) -> Self {
        let mut kept = HashMap::new();
        for kind in HISTORY_KINDS {
            for (i, item) in collections.get(kind.name).into_iter().flatten().enumerate() {
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    kept.insert(key(kind.name, id), seed(kind, item, i));
                }
            }
        }
        Self {
            kept: Mutex::new(kept),
        }
    }

    /// Keeps `item` (just written by `user` at `at_ms`) as the next version of its item, with
    /// what changed since the last one; its number. `None` for kinds without a history.
    pub fn record(&self, collection: &str, item: &Value, user: &str, at_ms: i64) -> Option<u64> {
        let kind = kind_of(collection)?;
        let id = item.get("id").and_then(Value::as_str)?;
        let mut kept = self.kept.lock().expect("lock");
        let versions = kept.entry(key(collection, id)).or_default();
        let changes = match versions.last() {
            Some(last) => describe(kind, &last.item, item),
            None => vec!["Created".to_string()],
        };
        let number = versions.len() as u64 + 1;
        versions.push(Kept {
            entry: entry(id, number, user, at_ms, changes),
            item: item.clone(),
        });
        Some(number)
    }

    /// The newest version's number of an item (none kept: `None`).
    pub fn latest(&self, collection: &str, id: &str) -> Option<u64> {
        let kept = self.kept.lock().expect("lock");
        kept.get(&key(collection, id)).map(|v| v.len() as u64)
    }

    /// The item as it was at version `number`.
    pub fn item_at(&self, collection: &str, id: &str, number: u64) -> Option<Value> {
        let kept = self.kept.lock().expect("lock");
        let versions = kept.get(&key(collection, id))?;
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        versions.get(index).map(|k| k.item.clone())
    }

    /// The entries of an item, newest first.
    fn entries(&self, collection: &str, id: &str) -> Option<Vec<Value>> {
        let kept = self.kept.lock().expect("lock");
        let versions = kept.get(&key(collection, id))?;
        Some(versions.iter().rev().map(|k| k.entry.clone()).collect())
    }
}

pub(super) fn entry(id: &str, number: u64, user: &str, at_ms: i64, changes: Vec<String>) -> Value {
    json!({
        "id": id,
        "inTrash": false,
        "version": number,
        "updateUser": user,
        "updateTime": at_ms,
        "changeDescription": changes,
    })
}

/// What changed from `old` to `new`, a line per field a person edits: `minutes: 10 → 5`
/// for short values, `condition changed` for the others.
pub(super) fn describe(kind: &Kind, old: &Value, new: &Value) -> Vec<String> {
    let computed = editing(kind).map_or(&[][..], |e| e.computed);
    let (empty, mut lines) = (Map::new(), Vec::new());
    let (a, b) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let keys = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k)));
    for k in keys.filter(|k| !computed.contains(&k.as_str())) {
        let short = |v: &Value| match v {
            Value::String(s) if s.chars().count() <= 30 && !s.contains('\n') => Some(s.clone()),
            Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
            _ => None,
        };
        match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) => lines.push(match (short(x), short(y)) {
                (Some(x), Some(y)) => format!("{k}: {x} → {y}"),
                _ => format!("{k} changed"),
            }),
            (None, Some(_)) => lines.push(format!("{k} added")),
            (Some(_), None) => lines.push(format!("{k} removed")),
            (None, None) => {}
        }
    }
    if lines.is_empty() {
        lines.push("Saved without changes".into());
    }
    lines
}

pub fn router() -> Router<Arc<DemoState>> {
    let mut r = Router::new();
    for kind in HISTORY_KINDS {
        let name = kind.name;
        r = r
            .route(
                &format!("/api/v2/{name}/{{id}}/history"),
                get(
                    move |s: State<Arc<DemoState>>,
                          id: Path<String>,
                          q: Query<HashMap<String, String>>| {
                        list(s, name, id, q)
                    },
                ),
            )
            .route(
                &format!("/api/v2/{name}/{{id}}/history/{{version}}"),
                get(move |s: State<Arc<DemoState>>, p: Path<(String, String)>| one(s, name, p)),
            );
    }
    r
}

fn not_found(what: &str) -> Response {
    envelope_error(StatusCode::NOT_FOUND, what)
}

async fn list(
    State(state): State<Arc<DemoState>>,
    collection: &'static str,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let number = |k: &str, default: usize| match q.get(k) {
        None => Ok(default),
        Some(v) => v.parse::<usize>().map_err(|_| v.clone()),
    };
    let (offset, limit) = match (number("offset", 0), number("limit", 100)) {
        (Ok(o), Ok(l)) => (o, l.clamp(1, 1000)),
        (Err(v), _) | (_, Err(v)) => {
            return envelope_error(StatusCode::BAD_REQUEST, &format!("Invalid number: {v}"));
        }
    };
    match state.history.entries(collection, &id) {
        Some(entries) => paged(&entries, offset, limit),
        None => not_found(&format!("No history for {collection} {id}")),
    }
}

async fn one(
    State(state): State<Arc<DemoState>>,
    collection: &'static str,
    Path((id, version)): Path<(String, String)>,
) -> Response {
    let Ok(number) = version.parse::<u64>() else {
        return envelope_error(
            StatusCode::BAD_REQUEST,
            &format!("Invalid version: {version}"),
        );
    };
    match state.history.item_at(collection, &id, number) {
        Some(mut item) => {
            state.live(collection, &mut item);
            envelope_ok(item)
        }
        None => not_found(&format!(
            "Version {number} of {collection} {id} does not exist"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_is_a_new_version_with_its_changes() {
        let versions = Versions::default();
        let v1 = json!({"id": "9", "name": "a", "minutes": 5, "updatedEpochMillis": 1});
        assert_eq!(versions.record("alert", &v1, "me", 10), Some(1));
        let v2 = json!({"id": "9", "name": "a", "minutes": 10, "updatedEpochMillis": 2});
        assert_eq!(versions.record("alert", &v2, "me", 20), Some(2));
        let entries = versions.entries("alert", "9").unwrap();
        assert_eq!(entries[0]["version"], 2, "newest first");
        assert_eq!(entries[0]["changeDescription"], json!(["minutes: 5 → 10"]));
        assert_eq!(versions.item_at("alert", "9", 1), Some(v1));
        assert_eq!(versions.item_at("alert", "9", 0), None);
        assert_eq!(versions.record("maintenancewindow", &v2, "me", 1), None);
    }
}
