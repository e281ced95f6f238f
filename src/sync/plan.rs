//! What apply would do to an account (`from`, the target) to make it like a dump or another
//! account (`to`): creates, updates and (with prune) deletions, in [`super::keys::SYNC_KINDS`]'
//! order, and everything that stops it before anything is written: references that cannot be
//! mapped, secrets the target has no value for.

use serde_json::{Map, Value};

use super::canonical::{MASK, computed, masked_pointers, unmask};
use super::keys::{SyncKind, rank};
use super::set::{Item, Mapped, Sides, diff_kind};
use crate::api::catalog::Kind;

/// One write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    /// The target's item with this id.
    Update(String),
    Delete(String),
}

#[derive(Debug, Clone)]
pub struct Step {
    pub sk: &'static SyncKind,
    pub key: String,
    pub action: Action,
}

/// A plan: its steps, the references it maps, and what stops it.
#[derive(Debug, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// References mapped to another id ("alert “cpu” /target: target:A → target:B").
    pub remapped: Vec<String>,
    /// References to items the plan creates first.
    pub pending: Vec<String>,
    /// What stops the plan: nothing is written while there is any.
    pub blockers: Vec<String>,
    /// Worth saying, not stopping for (a dashboard link to a dashboard neither side has).
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn count(&self, f: impl Fn(&Action) -> bool) -> usize {
        self.steps.iter().filter(|s| f(&s.action)).count()
    }
}

/// The plan that makes `from` like `to` in `kinds` (each read on both sides).
pub fn plan(sides: &Sides, kinds: &[&'static SyncKind], prune: bool) -> Plan {
    let mut kinds = kinds.to_vec();
    kinds.sort_by_key(|sk| rank(sk.kind));
    let mut p = Plan::default();
    for sk in &kinds {
        let d = diff_kind(sides, sk.kind);
        let step = |key: &String, action| Step {
            sk,
            key: key.clone(),
            action,
        };
        for key in &d.added {
            p.steps.push(step(key, Action::Create));
        }
        for (key, _) in &d.changed {
            let id = from_id(sides, sk.kind, key);
            p.steps.push(step(key, Action::Update(id)));
        }
        if prune {
            // Deletions last, in the reverse order: what refers to an item goes first.
            for key in &d.removed {
                let id = from_id(sides, sk.kind, key);
                p.steps.push(step(key, Action::Delete(id)));
            }
        }
    }
    let (writes, mut deletes): (Vec<Step>, Vec<Step>) = std::mem::take(&mut p.steps)
        .into_iter()
        .partition(|s| !matches!(s.action, Action::Delete(_)));
    deletes.sort_by_key(|s| std::cmp::Reverse(rank(s.sk.kind)));
    p.steps = writes.into_iter().chain(deletes).collect();
    check(sides, &kinds, &mut p);
    p
}

fn from_id(sides: &Sides, kind: &Kind, key: &str) -> String {
    sides
        .from_set(kind)
        .and_then(|s| s.items.get(key))
        .and_then(|i| i.id.clone())
        .unwrap_or_default()
}

/// Fills in the references and the blockers of `p`'s creates and updates.
fn check(sides: &Sides, kinds: &[&'static SyncKind], p: &mut Plan) {
    let creates = |kind: &Kind, key: &str| {
        p.steps
            .iter()
            .any(|s| s.sk.kind == kind && s.key == key && s.action == Action::Create)
    };
    let mut found = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in p
        .steps
        .iter()
        .filter(|s| !matches!(s.action, Action::Delete(_)))
    {
        let Some(item) = sides
            .to_set(s.sk.kind)
            .and_then(|set| set.items.get(&s.key))
        else {
            continue;
        };
        let what = format!("{} “{}”", s.sk.kind.name, s.key);
        let (_, left) = sides.remapped(s.sk.kind, &item.body);
        let refs = crate::sync::refs::references(s.sk.kind, &item.body);
        for r in &refs {
            if let Mapped::Id(id) = sides.map(r) {
                if id != r.id {
                    found.0.push(format!("{what} {}: {} → {id}", r.at, r.id));
                }
            }
        }
        for (r, m) in left {
            let named = kinds.iter().any(|k| k.kind == r.kind);
            match m {
                Mapped::Missing(key) if named && creates(r.kind, &key) => {
                    found.1.push(format!(
                        "{what} {}: {} “{key}”, created first",
                        r.at, r.kind.name
                    ));
                }
                Mapped::Missing(key) => found.2.push(format!(
                    "{what} {}: {} “{key}” ({}) is not in the target account{}",
                    r.at,
                    r.kind.name,
                    r.id,
                    if named { "" } else { " (add it with --kind)" }
                )),
                Mapped::Unknown if r.kind.name == "dashboard" => found.3.push(format!(
                    "{what} {}: dashboard {} is in neither account: kept as it is",
                    r.at, r.id
                )),
                Mapped::Unknown => found.2.push(format!(
                    "{what} {}: {} {} is not in the source, nothing to match it by",
                    r.at, r.kind.name, r.id
                )),
                Mapped::Id(_) => {}
            }
        }
        let target = match &s.action {
            Action::Update(_) => target_raw(sides, s.sk.kind, &s.key),
            _ => None,
        };
        let mut body = item.body.clone();
        if let Err(missing) = unmask(&mut body, target) {
            found.2.push(format!(
                "{what}: {} masked in the dump and the target has no value for it ({})",
                if missing.len() == 1 {
                    "a secret is"
                } else {
                    "secrets are"
                },
                missing.join(", ")
            ));
        }
    }
    (p.remapped, p.pending, p.blockers, p.warnings) = found;
}

fn target_raw<'a>(sides: &'a Sides, kind: &Kind, key: &str) -> Option<&'a Value> {
    sides
        .from_set(kind)
        .and_then(|s| s.items.get(key))
        .and_then(|i: &Item| i.raw.as_ref())
}

/// The body a step sends, built just before it is sent (so items created earlier in the
/// plan are mapped): the `to` item with its references in the target's ids and its masked
/// secrets the target's own; an update keeps what the server computes as the target has it.
/// `Err` says why it cannot be sent.
pub fn body(sides: &Sides, step: &Step) -> Result<Value, String> {
    let kind = step.sk.kind;
    let item = sides
        .to_set(kind)
        .and_then(|s| s.items.get(&step.key))
        .ok_or_else(|| format!("{} “{}” is gone from the source", kind.name, step.key))?;
    let (mut body, left) = sides.remapped(kind, &item.body);
    let unmapped: Vec<String> = left
        .iter()
        .filter(|(r, _)| r.kind.name != "dashboard")
        .map(|(r, _)| format!("{} {}", r.at, r.id))
        .collect();
    if !unmapped.is_empty() {
        return Err(format!("references not mapped: {}", unmapped.join(", ")));
    }
    let target = match &step.action {
        Action::Update(_) => target_raw(sides, kind, &step.key),
        _ => None,
    };
    unmask(&mut body, target).map_err(|at| format!("masked secrets at {}", at.join(", ")))?;
    if let (Action::Update(id), Some(current), Value::Object(mine)) =
        (&step.action, target, &mut body)
    {
        keep_server_fields(step.sk, current, mine);
        mine.insert("id".into(), Value::String(id.clone()));
    }
    // Never sent as a value, whatever happened above.
    if !masked_pointers(&body).is_empty() || body.to_string().contains(MASK) {
        return Err("a masked secret is still in the body".into());
    }
    Ok(body)
}

/// What the server computes and the dump leaves out, put back as the target has it: an
/// update replaces the item, and must not send an alert's snooze or a dashboard's ACL away.
fn keep_server_fields(sk: &SyncKind, current: &Value, mine: &mut Map<String, Value>) {
    let Value::Object(current) = current else {
        return;
    };
    let computed = computed(sk);
    for (k, v) in current {
        let keep = computed.contains(&k.as_str())
            || matches!(k.as_str(), "snoozed" | "modifyAclAccess" | "inTrash");
        if keep && !mine.contains_key(k) {
            mine.insert(k.clone(), v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERT_TARGETS, ALERTS};
    use crate::sync::keys::sync_kind;
    use crate::sync::set::ItemSet;
    use serde_json::json;

    fn sides(to_alerts: &[Value]) -> Sides {
        let targets = sync_kind(&ALERT_TARGETS).unwrap();
        let alerts = sync_kind(&ALERTS).unwrap();
        let mut from_t = ItemSet::new(targets);
        from_t.add_raw(
            json!({"id": "A1", "title": "pager", "customHttpHeaders": {"Authorization": "real"}}),
        );
        let mut to_t = ItemSet::new(targets);
        to_t.add_raw(
            json!({"id": "B1", "title": "pager", "customHttpHeaders": {"Authorization": "other"}}),
        );
        to_t.add_raw(
            json!({"id": "B2", "title": "new target", "customHttpHeaders": {"Authorization": "x"}}),
        );
        let mut from_a = ItemSet::new(alerts);
        from_a.add_raw(json!({"id": "1", "name": "cpu", "target": "target:A1", "minutes": 5, "snoozed": -1, "updatedEpochMillis": 7}));
        from_a.add_raw(json!({"id": "2", "name": "old", "minutes": 1}));
        let mut to_a = ItemSet::new(alerts);
        for a in to_alerts {
            to_a.add_raw(a.clone());
        }
        Sides {
            from: vec![from_t, from_a],
            to: vec![to_t, to_a],
        }
    }

    #[test]
    fn an_update_is_remapped_and_keeps_what_the_server_computes() {
        let s = sides(&[json!({"id": "9", "name": "cpu", "target": "target:B1", "minutes": 10})]);
        let alerts = sync_kind(&ALERTS).unwrap();
        let p = plan(&s, &[alerts], false);
        assert!(p.blockers.is_empty(), "{:?}", p.blockers);
        assert_eq!(p.steps.len(), 1);
        assert_eq!(p.steps[0].action, Action::Update("1".into()));
        assert_eq!(p.remapped, ["alert “cpu” /target: B1 → A1"]);
        let b = body(&s, &p.steps[0]).unwrap();
        assert_eq!(b["target"], "target:A1");
        assert_eq!(b["minutes"], 10);
        assert_eq!(b["id"], "1");
        assert_eq!(b["snoozed"], -1, "the snooze stays");
        assert_eq!(b["updatedEpochMillis"], 7);
    }

    #[test]
    fn references_to_items_not_there_stop_the_plan_unless_created_first() {
        let s = sides(&[json!({"id": "8", "name": "new", "target": "target:B2"})]);
        let alerts = sync_kind(&ALERTS).unwrap();
        let targets = sync_kind(&ALERT_TARGETS).unwrap();
        let alone = plan(&s, &[alerts], false);
        assert_eq!(alone.blockers.len(), 1, "{:?}", alone.blockers);
        assert!(alone.blockers[0].contains("add it with --kind"));
        let both = plan(&s, &[alerts, targets], false);
        // The new target's header is masked in the dump and the target account has none.
        assert_eq!(both.blockers.len(), 1, "{:?}", both.blockers);
        assert!(both.blockers[0].contains("masked"), "{:?}", both.blockers);
        assert_eq!(both.pending.len(), 1);
        assert_eq!(both.steps[0].sk.kind.name, "notificant", "targets first");
        assert!(
            body(&s, &both.steps[1]).is_err(),
            "not mapped before it is created"
        );
    }

    #[test]
    fn deletions_only_with_prune_and_last() {
        let s = sides(&[json!({"id": "8", "name": "new", "minutes": 1})]);
        let alerts = sync_kind(&ALERTS).unwrap();
        let p = plan(&s, &[alerts], false);
        assert_eq!(p.count(|a| matches!(a, Action::Delete(_))), 0);
        let p = plan(&s, &[alerts], true);
        let actions: Vec<&Action> = p.steps.iter().map(|s| &s.action).collect();
        assert_eq!(
            actions,
            [
                &Action::Create,
                &Action::Delete("1".into()),
                &Action::Delete("2".into())
            ]
        );
    }

    #[test]
    fn an_update_takes_the_targets_own_secret() {
        let targets = sync_kind(&ALERT_TARGETS).unwrap();
        let mut s = sides(&[]);
        if let Some(t) = s.to.iter_mut().find(|t| t.sk.kind == &ALERT_TARGETS) {
            let mut pager = t.items["pager"].body.clone();
            pager["description"] = json!("changed");
            t.items.get_mut("pager").unwrap().body = pager;
            t.items.remove("new target");
        }
        let p = plan(&s, &[targets], false);
        assert!(p.blockers.is_empty(), "{:?}", p.blockers);
        let b = body(&s, &p.steps[0]).unwrap();
        assert_eq!(b["customHttpHeaders"]["Authorization"], "real");
    }
}
