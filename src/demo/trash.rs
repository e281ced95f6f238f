//! The stand-in's trash: deleted alerts, dashboards, derived metrics, cloud integrations and
//! proxies. A few of each start there (older copies of fixtures, deleted days ago), and what
//! `DELETE` removes goes there (`writes::delete`). `POST /api/v2/search/<kind>/deleted` searches
//! it as the other searches do (the fixture's items marked `inTrash` are listed too), and
//! `POST /api/v2/<kind>/{id}/undelete` puts an item back in its list.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

use super::api::{envelope_error, envelope_ok, paged, search_terms};
use super::state::DemoState;
use crate::api::catalog::{TRASH, Verb};

const DAY_MS: i64 = 86_400_000;

/// Deleted items, by collection, newest deletion last.
#[derive(Debug, Default)]
pub struct Trash {
    items: Mutex<HashMap<&'static str, Vec<Value>>>,
}

/// The collections with a trash: the live kinds of [`TRASH`].
fn trash_collection(name: &str) -> Option<&'static str> {
    TRASH
        .iter()
        .filter_map(|t| t.trash_of)
        .map(|k| k.name)
        .find(|k| *k == name)
}

/// Which fixtures start in the trash (as older copies), by collection.
const SEEDS: &[(&str, &[usize])] = &[
    ("alert", &[4, 17, 33]),
    ("dashboard", &[6, 21]),
    ("derivedmetric", &[3, 12]),
    ("cloudintegration", &[8, 30]),
    ("proxy", &[2, 11, 25]),
];

impl Trash {
    /// A few deleted items of each kind, deleted one to a few days before `now_ms`.
    pub fn seeded(collections: &HashMap<&'static str, Vec<Value>>, now_ms: i64) -> Self {
        let mut items: HashMap<&'static str, Vec<Value>> = HashMap::new();
        for (collection, picks) in SEEDS {
            let Some(name) = trash_collection(collection) else {
                continue;
            };
            let fixtures = collections.get(name).map_or(&[][..], Vec::as_slice);
            for (n, &i) in picks.iter().enumerate() {
                let Some(item) = fixtures.get(i) else {
                    continue;
                };
                let mut old = older_copy(name, item, n);
                let by = item
                    .get("updaterId")
                    .and_then(Value::as_str)
                    .unwrap_or("ops-automation@acme.com")
                    .to_string();
                mark_deleted(name, &mut old, &by, now_ms - (n as i64 + 1) * DAY_MS);
                items.entry(name).or_default().push(old);
            }
        }
        Self {
            items: Mutex::new(items),
        }
    }

    /// Puts `item` (just deleted by `user` at `at_ms`) in the trash of `collection`; items of
    /// collections without one are gone for good.
    pub fn put(&self, collection: &str, mut item: Value, user: &str, at_ms: i64) {
        let Some(name) = trash_collection(collection) else {
            return;
        };
        mark_deleted(name, &mut item, user, at_ms);
        let mut items = self.items.lock().expect("lock");
        items.entry(name).or_default().push(item);
    }

    /// The deleted items of `collection`.
    pub fn items(&self, collection: &str) -> Vec<Value> {
        let items = self.items.lock().expect("lock");
        items.get(collection).cloned().unwrap_or_default()
    }

    fn take(&self, collection: &str, id: &str) -> Option<Value> {
        let mut items = self.items.lock().expect("lock");
        let list = items.get_mut(collection)?;
        let at = list.iter().position(|i| id_of(i) == Some(id))?;
        Some(list.remove(at))
    }
}

fn id_of(item: &Value) -> Option<&str> {
    item.get("id").and_then(Value::as_str)
}

/// A copy of a fixture as an item deleted long ago: its own id and a name that says so.
fn older_copy(collection: &str, item: &Value, n: usize) -> Value {
    let mut old = item.clone();
    let id = id_of(item).unwrap_or("item");
    let new_id = match collection {
        // Alert and derived metric ids are numbers in text.
        "alert" | "derivedmetric" => format!("16800000{:05}", id.len() * 100 + n),
        "dashboard" => format!("{id}-old"),
        _ => format!("0ld{n}{}", id.get(4..).unwrap_or(id)),
    };
    old["id"] = json!(new_id);
    if collection == "dashboard" {
        old["url"] = json!(new_id);
    }
    if let Some(name) = item.get("name").and_then(Value::as_str) {
        old["name"] = json!(format!("{name} (old)"));
    }
    old
}

/// What the API says of a deleted item: deleted, in the trash, its states `TRASH`, changed by
/// whoever deleted it then (for the models with those fields).
fn mark_deleted(collection: &str, item: &mut Value, user: &str, at_ms: i64) {
    let Some(o) = item.as_object_mut() else {
        return;
    };
    o.insert("deleted".into(), json!(true));
    if collection != "dashboard" {
        o.insert("inTrash".into(), json!(true));
    }
    if matches!(collection, "alert" | "derivedmetric") {
        o.insert("status".into(), json!(["TRASH"]));
    }
    if collection != "proxy" {
        o.insert("updatedEpochMillis".into(), json!(at_ms));
        o.insert("updaterId".into(), json!(user));
    }
}

/// Out of the trash: no longer deleted; an alert is checked again, a metric active.
fn restore(collection: &str, item: &mut Value) {
    let Some(o) = item.as_object_mut() else {
        return;
    };
    o.insert("deleted".into(), json!(false));
    if o.contains_key("inTrash") {
        o.insert("inTrash".into(), json!(false));
    }
    let fresh = match collection {
        "alert" => "CHECKING",
        "derivedmetric" => "ACTIVE",
        _ => return,
    };
    let mut states: Vec<Value> = o
        .get("status")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter(|v| *v != "TRASH").cloned().collect())
        .unwrap_or_default();
    if states.is_empty() {
        states.push(json!(fresh));
    }
    o.insert("status".into(), Value::Array(states));
}

pub fn router() -> Router<Arc<DemoState>> {
    let mut r = Router::new();
    for trash in TRASH {
        let Some(kind) = trash.trash_of else {
            continue;
        };
        let name = kind.name;
        r = r.route(
            trash.list_path,
            post(move |s: State<Arc<DemoState>>, b: Bytes| search(s, name, b)),
        );
        r = super::mutations::at(
            r,
            kind,
            Verb::Undelete,
            move |s: State<Arc<DemoState>>, id: Path<String>| undelete(s, name, id),
        );
    }
    r
}

/// Every deleted item of `collection` matching the body's queries, sorted and paged as the
/// other searches are. The body is optional in the spec: none searches for everything.
async fn search(
    State(state): State<Arc<DemoState>>,
    collection: &'static str,
    body: Bytes,
) -> Response {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match crate::json::parse_value(&body) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                return envelope_error(
                    StatusCode::BAD_REQUEST,
                    "The body must be a SortableSearchRequest object",
                );
            }
        }
    };
    let (queries, limit) = search_terms(&body);
    let listed_in_trash = state.items(collection).into_iter().filter(|i| {
        i.get("inTrash") == Some(&json!(true)) || i.get("deleted") == Some(&json!(true))
    });
    let mut items: Vec<Value> = listed_in_trash
        .chain(state.trash.items(collection).into_iter().rev())
        .filter(|i| super::search::matches_all(i, &queries))
        .collect();
    super::search::sort(&mut items, body.get("sort"));
    let offset = body.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    paged(&items, offset, limit)
}

/// Back from the trash into its list (a fixture item marked `inTrash` just loses the mark).
async fn undelete(
    State(state): State<Arc<DemoState>>,
    collection: &'static str,
    Path(id): Path<String>,
) -> Response {
    let mut restored = None;
    state.edit_items(collection, |items| {
        let marked = items.iter_mut().find(|i| {
            id_of(i) == Some(id.as_str())
                && (i.get("inTrash") == Some(&json!(true))
                    || i.get("deleted") == Some(&json!(true)))
        });
        if let Some(item) = marked {
            restore(collection, item);
            restored = Some(item.clone());
        }
    });
    if restored.is_none() {
        if let Some(mut item) = state.trash.take(collection, &id) {
            restore(collection, &mut item);
            state.edit_items(collection, |items| items.push(item.clone()));
            restored = Some(item);
        }
    }
    match restored {
        Some(mut item) => {
            state.live(collection, &mut item);
            envelope_ok(item)
        }
        None => envelope_error(
            StatusCode::NOT_FOUND,
            &format!("No deleted {collection} with id {id}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_and_restoring_set_and_clear_the_marks() {
        let mut alert = json!({"id": "1", "name": "a", "status": ["FIRING"], "inTrash": false});
        mark_deleted("alert", &mut alert, "me", 5);
        assert_eq!(alert["status"], json!(["TRASH"]));
        assert_eq!(
            (alert["deleted"].clone(), alert["inTrash"].clone()),
            (json!(true), json!(true))
        );
        assert_eq!(alert["updaterId"], "me");
        restore("alert", &mut alert);
        assert_eq!(alert["status"], json!(["CHECKING"]));
        assert_eq!(alert["inTrash"], false);
        let mut dash = json!({"id": "d"});
        mark_deleted("dashboard", &mut dash, "me", 5);
        assert!(dash.get("inTrash").is_none(), "a dashboard has no inTrash");
        let trash = Trash::default();
        trash.put("maintenancewindow", json!({"id": "w"}), "me", 1);
        assert!(
            trash.items("maintenancewindow").is_empty(),
            "no trash for windows"
        );
    }
}
