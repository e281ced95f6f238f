//! One account's (or one dump's) items of a kind, by natural key, and what differs between
//! two such sets: added, changed (with the JSON diff by path) and removed.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::canonical::canonical;
use super::keys::SyncKind;
use super::refs::{Ref, rewrite};
use crate::api::catalog::Kind;
use crate::json::diff::{Entry, changes};

/// One item: its id where it came from, its key, its canonical form, and (read from a
/// server) the item as the server sent it, which apply's conflict check and masked values
/// need.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: Option<String>,
    pub key: String,
    pub body: Value,
    pub raw: Option<Value>,
}

/// The items of one kind from one side.
#[derive(Debug)]
pub struct ItemSet {
    pub sk: &'static SyncKind,
    pub items: BTreeMap<String, Item>,
    ids: HashMap<String, String>,
    /// Items without a key, and keys that repeat (the second gets `#2` after its key).
    pub problems: Vec<String>,
}

impl ItemSet {
    pub fn new(sk: &'static SyncKind) -> ItemSet {
        ItemSet {
            sk,
            items: BTreeMap::new(),
            ids: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// Adds an item as a server sent it.
    pub fn add_raw(&mut self, raw: Value) {
        let id = self.sk.kind.item_id(&raw);
        let body = canonical(self.sk, &raw);
        self.add(id, body, Some(raw));
    }

    /// Adds an item in canonical form (read from a dump), with its id there.
    pub fn add(&mut self, id: Option<String>, body: Value, raw: Option<Value>) {
        let Some(mut key) = self.sk.key_of(&body) else {
            self.problems.push(format!(
                "{} {} has no {}: left out",
                self.sk.kind.name,
                id.as_deref().unwrap_or("without an id"),
                self.sk.key.join(" or ")
            ));
            return;
        };
        if self.items.contains_key(&key) {
            let n = (2..).find(|n| !self.items.contains_key(&format!("{key}#{n}")));
            let again = format!("{key}#{}", n.unwrap_or(2));
            self.problems.push(format!(
                "{} “{key}” is there more than once: this one is matched as “{again}”",
                self.sk.kind.name
            ));
            key = again;
        }
        if let Some(id) = &id {
            self.ids.insert(id.clone(), key.clone());
        }
        self.items.insert(key.clone(), Item { id, key, body, raw });
    }

    /// Puts the item with `key` as the server has it now (its detail, read just before a
    /// plan's writes) in place of what the listing said.
    pub fn refresh(&mut self, key: &str, raw: Value) {
        if let Some(item) = self.items.get_mut(key) {
            item.body = canonical(self.sk, &raw);
            item.raw = Some(raw);
        }
    }

    /// The key of the item with this id.
    pub fn key_of_id(&self, id: &str) -> Option<&str> {
        self.ids.get(id).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Both sides' sets of every kind read: what references are mapped with.
#[derive(Debug, Default)]
pub struct Sides {
    pub from: Vec<ItemSet>,
    pub to: Vec<ItemSet>,
}

/// What became of one reference of a `to` item in the `from` account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// The item with the same key there has this id.
    Id(String),
    /// `from` has no item with that key; the key, to be created first.
    Missing(String),
    /// The id names no item of its side (or its kind was not read): nothing to match by.
    Unknown,
}

impl Sides {
    fn set<'a>(sets: &'a [ItemSet], kind: &Kind) -> Option<&'a ItemSet> {
        sets.iter().find(|s| s.sk.kind == kind)
    }

    pub fn from_set(&self, kind: &Kind) -> Option<&ItemSet> {
        Self::set(&self.from, kind)
    }

    pub fn to_set(&self, kind: &Kind) -> Option<&ItemSet> {
        Self::set(&self.to, kind)
    }

    /// The `from` set of `kind` (apply adds what it created, so later items map to it).
    pub fn from_set_mut(&mut self, kind: &Kind) -> Option<&mut ItemSet> {
        self.from.iter_mut().find(|s| s.sk.kind == kind)
    }

    /// The `from` account's id for the item a `to` reference names.
    pub fn map(&self, r: &Ref) -> Mapped {
        let (Some(to), Some(from)) = (self.to_set(r.kind), self.from_set(r.kind)) else {
            return Mapped::Unknown;
        };
        let Some(key) = to.key_of_id(&r.id) else {
            // A stable id names the same item everywhere, read or not.
            if to.sk.stable_id && from.key_of_id(&r.id).is_some() {
                return Mapped::Id(r.id.clone());
            }
            return Mapped::Unknown;
        };
        match from.items.get(key).and_then(|i| i.id.clone()) {
            Some(id) => Mapped::Id(id),
            None => Mapped::Missing(key.to_string()),
        }
    }

    /// `body` (of a `to` item of `kind`) with its references in `from`'s ids; those that
    /// could not be mapped, each with what became of it, are left as they were.
    pub fn remapped(&self, kind: &Kind, body: &Value) -> (Value, Vec<(Ref, Mapped)>) {
        let mut body = body.clone();
        let mut left = Vec::new();
        rewrite(kind, &mut body, &mut |r| match self.map(r) {
            Mapped::Id(id) => Some(id),
            other => {
                left.push((r.clone(), other));
                None
            }
        });
        (body, left)
    }
}

/// What differs in one kind from `from` to `to`.
#[derive(Debug, Default)]
pub struct KindDiff {
    pub kind: &'static str,
    /// In `to` only.
    pub added: Vec<String>,
    /// In both, different (`to`'s references mapped to `from`'s ids first).
    pub changed: Vec<(String, Vec<Entry>)>,
    /// In `from` only.
    pub removed: Vec<String>,
}

impl KindDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// The diff of one kind (whose sets both sides hold).
pub fn diff_kind(sides: &Sides, kind: &'static Kind) -> KindDiff {
    let mut d = KindDiff {
        kind: kind.name,
        ..KindDiff::default()
    };
    let (Some(from), Some(to)) = (sides.from_set(kind), sides.to_set(kind)) else {
        return d;
    };
    for (key, item) in &to.items {
        match from.items.get(key) {
            None => d.added.push(key.clone()),
            Some(theirs) => {
                let (mine, _) = sides.remapped(kind, &item.body);
                let entries = changes(&theirs.body, &mine);
                if !entries.is_empty() {
                    d.changed.push((key.clone(), entries));
                }
            }
        }
    }
    d.removed = from
        .items
        .keys()
        .filter(|k| !to.items.contains_key(*k))
        .cloned()
        .collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERT_TARGETS, ALERTS};
    use crate::sync::keys::sync_kind;
    use serde_json::json;

    fn sides() -> Sides {
        let targets = sync_kind(&ALERT_TARGETS).unwrap();
        let alerts = sync_kind(&ALERTS).unwrap();
        let mut from_t = ItemSet::new(targets);
        from_t.add_raw(json!({"id": "A1", "title": "pager"}));
        let mut to_t = ItemSet::new(targets);
        to_t.add_raw(json!({"id": "B1", "title": "pager"}));
        to_t.add_raw(json!({"id": "B2", "title": "only here"}));
        let mut from_a = ItemSet::new(alerts);
        from_a.add_raw(json!({"id": "1", "name": "cpu", "target": "target:A1", "minutes": 5}));
        from_a.add_raw(json!({"id": "2", "name": "gone", "minutes": 5}));
        let mut to_a = ItemSet::new(alerts);
        to_a.add_raw(json!({"id": "9", "name": "cpu", "target": "target:B1", "minutes": 5}));
        to_a.add_raw(json!({"id": "8", "name": "new", "target": "target:B2,target:B3"}));
        Sides {
            from: vec![from_t, from_a],
            to: vec![to_t, to_a],
        }
    }

    #[test]
    fn references_are_matched_by_key_before_comparing() {
        let s = sides();
        let d = diff_kind(&s, &ALERTS);
        assert!(d.changed.is_empty(), "target:B1 is target:A1 there: {d:?}");
        assert_eq!(d.added, ["new"]);
        assert_eq!(d.removed, ["gone"]);
        let (_, left) = s.remapped(&ALERTS, &s.to_set(&ALERTS).unwrap().items["new"].body);
        let left: Vec<_> = left.into_iter().map(|(r, m)| (r.id, m)).collect();
        assert_eq!(
            left,
            [
                ("B2".to_string(), Mapped::Missing("only here".into())),
                ("B3".to_string(), Mapped::Unknown),
            ]
        );
    }

    #[test]
    fn a_repeated_key_is_told_apart_and_reported() {
        let mut set = ItemSet::new(sync_kind(&ALERTS).unwrap());
        set.add_raw(json!({"id": "1", "name": "cpu"}));
        set.add_raw(json!({"id": "2", "name": "cpu"}));
        set.add_raw(json!({"id": "3"}));
        assert_eq!(set.items.keys().collect::<Vec<_>>(), ["cpu", "cpu#2"]);
        assert_eq!(set.problems.len(), 2);
        assert_eq!(set.key_of_id("2"), Some("cpu#2"));
    }
}
