//! Which item of one account is which item of another: a natural key per kind. Ids are the
//! server's and differ between accounts (an alert target is `target:9R8x…` here and something
//! else there), so items are matched by what a person named them; a dashboard's id is its
//! `url`, chosen by the client and the same everywhere, so dashboards are matched by id.
//! `tests/sync_spec.rs` holds every key to the spec's model.

use serde_json::Value;

use crate::api::catalog::{
    ALERT_TARGETS, ALERTS, CLOUD_INTEGRATIONS, DASHBOARDS, DERIVED_METRICS, EXTERNAL_LINKS,
    INGESTION_POLICIES, Kind, MAINTENANCE_WINDOWS, ROLES, SAVED_SEARCHES, SOURCES, USER_GROUPS,
};

/// How one kind's items are matched across accounts.
#[derive(Debug)]
pub struct SyncKind {
    pub kind: &'static Kind,
    /// The spec's model of an item (for the contract test).
    pub model: &'static str,
    /// The fields whose values, joined by ` | `, name an item; a field holding an object or
    /// array takes part as its compact JSON text (a saved search's `query`).
    pub key: &'static [&'static str],
    /// Whether the id is the client's and the same in every account (dashboards, sources):
    /// then it stays in the canonical form and a create sends it.
    pub stable_id: bool,
    /// Whether a dump includes the kind when no `--kind` is given (sources are many and
    /// reported by agents: only on request).
    pub by_default: bool,
    /// Fields the server computes, for kinds the catalog's editing does not know (those it
    /// knows use [`crate::api::catalog::Editing::computed`]).
    pub computed: &'static [&'static str],
}

const fn sync(kind: &'static Kind, model: &'static str, key: &'static [&'static str]) -> SyncKind {
    SyncKind {
        kind,
        model,
        key,
        stable_id: false,
        by_default: true,
        computed: &[],
    }
}

/// Every kind dump, diff and apply know, in the order apply writes them: what others refer
/// to first (roles before the groups that name them, alert targets and dashboards before the
/// alerts and windows that name them).
pub static SYNC_KINDS: &[SyncKind] = &[
    sync(&ROLES, "RoleDTO", &["name"]),
    sync(&USER_GROUPS, "UserGroupModel", &["name"]),
    sync(&INGESTION_POLICIES, "IngestionPolicy", &["name"]),
    sync(&ALERT_TARGETS, "Notificant", &["title"]),
    SyncKind {
        stable_id: true,
        ..sync(&DASHBOARDS, "Dashboard", &["url"])
    },
    sync(&DERIVED_METRICS, "DerivedMetricDefinition", &["name"]),
    sync(&EXTERNAL_LINKS, "ExternalLink", &["name"]),
    sync(&SAVED_SEARCHES, "SavedSearch", &["entityType", "query"]),
    SyncKind {
        computed: &[
            // What the last run found, who and when, the trash.
            "lastError",
            "lastErrorEvent",
            "lastErrorMs",
            "lastMetricCount",
            "lastProcessingTimestamp",
            "lastProcessorId",
            "lastReceivedDataPointMs",
            "creatorId",
            "updaterId",
            "createdEpochMillis",
            "updatedEpochMillis",
            "deleted",
        ],
        ..sync(
            &CLOUD_INTEGRATIONS,
            "CloudIntegration",
            &["service", "name"],
        )
    },
    sync(&ALERTS, "Alert", &["name"]),
    sync(&MAINTENANCE_WINDOWS, "MaintenanceWindow", &["title"]),
    SyncKind {
        stable_id: true,
        by_default: false,
        // When the source was first seen: the account's, not the source's.
        computed: &["markedNewEpochMillis"],
        ..sync(&SOURCES, "Source", &["id"])
    },
];

/// How `kind`'s items are matched, when dump and diff know the kind.
pub fn sync_kind(kind: &Kind) -> Option<&'static SyncKind> {
    SYNC_KINDS.iter().find(|s| s.kind == kind)
}

/// Where `kind` comes in [`SYNC_KINDS`] (apply's order).
pub fn rank(kind: &Kind) -> usize {
    SYNC_KINDS
        .iter()
        .position(|s| s.kind == kind)
        .unwrap_or(usize::MAX)
}

impl SyncKind {
    /// The item's natural key, or `None` when it has none of the key's fields (an item the
    /// server sent without a name is reported, never matched).
    pub fn key_of(&self, item: &Value) -> Option<String> {
        let mut parts = Vec::with_capacity(self.key.len());
        let mut any = false;
        for field in self.key {
            let part = match item.get(*field) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => crate::json::value::to_pretty_text(&crate::sync::sorted(other))
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            any |= !part.is_empty();
            parts.push(part);
        }
        any.then(|| parts.join(" | "))
    }
}

/// `kinds` and the kinds their references name (read to map them, not compared).
pub fn with_referred(kinds: &[&'static SyncKind]) -> Vec<&'static SyncKind> {
    let mut all = kinds.to_vec();
    for sk in kinds {
        let referred: &[&Kind] = match sk.kind.name {
            "alert" => &[&ALERT_TARGETS, &DASHBOARDS],
            "maintenancewindow" => &[&ALERT_TARGETS],
            "usergroup" => &[&ROLES],
            _ => &[],
        };
        for kind in referred {
            if let Some(r) = sync_kind(kind).filter(|r| !all.iter().any(|a| a.kind == r.kind)) {
                all.push(r);
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_names_and_several_fields_are_joined() {
        let alerts = sync_kind(&ALERTS).unwrap();
        assert_eq!(
            alerts.key_of(&json!({"id": "1", "name": "cpu"})).as_deref(),
            Some("cpu")
        );
        assert_eq!(alerts.key_of(&json!({"id": "1"})), None);
        let searches = sync_kind(&SAVED_SEARCHES).unwrap();
        let a = searches.key_of(&json!({"entityType": "ALERT", "query": {"b": "1", "a": "2"}}));
        let b = searches.key_of(&json!({"query": {"a": "2", "b": "1"}, "entityType": "ALERT"}));
        assert_eq!(a, b, "the query's key order does not matter");
        assert!(a.unwrap().starts_with("ALERT | {"));
    }

    #[test]
    fn referred_kinds_are_read_too() {
        let alerts = sync_kind(&ALERTS).unwrap();
        let names: Vec<&str> = with_referred(&[alerts])
            .iter()
            .map(|s| s.kind.name)
            .collect();
        assert_eq!(names, ["alert", "notificant", "dashboard"]);
        assert_eq!(with_referred(&[sync_kind(&ROLES).unwrap()]).len(), 1);
    }

    #[test]
    fn referred_kinds_come_before_those_that_refer_to_them() {
        assert!(rank(&ALERT_TARGETS) < rank(&ALERTS));
        assert!(rank(&DASHBOARDS) < rank(&ALERTS));
        assert!(rank(&ROLES) < rank(&USER_GROUPS));
        assert!(rank(&ALERT_TARGETS) < rank(&MAINTENANCE_WINDOWS));
        assert!(sync_kind(&DASHBOARDS).unwrap().stable_id);
        assert!(!sync_kind(&ALERTS).unwrap().stable_id);
    }
}
