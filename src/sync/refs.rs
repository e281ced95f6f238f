//! References between items, which hold ids of the account they were read from: an alert's
//! `target` (`target:<id>` among emails and `pd:` keys) and its per-severity `targets`, its
//! `alertTriageDashboards[].dashboardId`, a maintenance window's `targets`, a user group's
//! `roleIDs`. Copied to another account as they are, they point at nothing there (or at
//! something else): [`rewrite`] finds each, and a mapping puts the other account's id in.

use serde_json::Value;

use crate::api::catalog::{ALERT_TARGETS, DASHBOARDS, Kind, ROLES};

/// One reference found in an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The kind of the item referred to.
    pub kind: &'static Kind,
    pub id: String,
    /// Where it is, as a JSON pointer.
    pub at: String,
}

/// Calls `map` with every reference in `item` (of kind `kind`) and puts the id it answers in
/// its place (`None` leaves it as it was).
pub fn rewrite(kind: &Kind, item: &mut Value, map: &mut dyn FnMut(&Ref) -> Option<String>) {
    match kind.name {
        "alert" => {
            if let Some(v) = item.get_mut("target") {
                rewrite_targets(v, "/target", map);
            }
            if let Some(Value::Object(by_severity)) = item.get_mut("targets") {
                for (severity, v) in by_severity.iter_mut() {
                    rewrite_targets(v, &format!("/targets/{severity}"), map);
                }
            }
            if let Some(Value::Array(links)) = item.get_mut("alertTriageDashboards") {
                for (i, link) in links.iter_mut().enumerate() {
                    if let Some(v) = link.get_mut("dashboardId") {
                        let at = format!("/alertTriageDashboards/{i}/dashboardId");
                        rewrite_id(v, &DASHBOARDS, at, map);
                    }
                }
            }
        }
        "maintenancewindow" => {
            if let Some(Value::Array(targets)) = item.get_mut("targets") {
                for (i, v) in targets.iter_mut().enumerate() {
                    rewrite_targets(v, &format!("/targets/{i}"), map);
                }
            }
        }
        "usergroup" => {
            if let Some(Value::Array(roles)) = item.get_mut("roleIDs") {
                for (i, v) in roles.iter_mut().enumerate() {
                    rewrite_id(v, &ROLES, format!("/roleIDs/{i}"), map);
                }
            }
        }
        _ => {}
    }
}

/// Every reference in `item`.
pub fn references(kind: &Kind, item: &Value) -> Vec<Ref> {
    let mut found = Vec::new();
    let mut copy = item.clone();
    rewrite(kind, &mut copy, &mut |r| {
        found.push(r.clone());
        None
    });
    found
}

fn rewrite_id(
    v: &mut Value,
    kind: &'static Kind,
    at: String,
    map: &mut dyn FnMut(&Ref) -> Option<String>,
) {
    let Some(id) = v.as_str().filter(|s| !s.is_empty()) else {
        return;
    };
    let r = Ref {
        kind,
        id: id.to_string(),
        at,
    };
    if let Some(new) = map(&r) {
        *v = Value::String(new);
    }
}

/// A comma-separated list of targets: `target:<id>` entries are alert targets, the rest
/// (emails, `pd:<key>`) stay as they are, spacing included.
fn rewrite_targets(v: &mut Value, at: &str, map: &mut dyn FnMut(&Ref) -> Option<String>) {
    let Some(text) = v.as_str() else {
        return;
    };
    let mut changed = false;
    let pieces: Vec<String> = text
        .split(',')
        .map(|piece| {
            let trimmed = piece.trim();
            let Some(id) = trimmed.strip_prefix("target:").filter(|id| !id.is_empty()) else {
                return piece.to_string();
            };
            let r = Ref {
                kind: &ALERT_TARGETS,
                id: id.to_string(),
                at: at.to_string(),
            };
            match map(&r) {
                Some(new) => {
                    changed = true;
                    piece.replacen(id, &new, 1)
                }
                None => piece.to_string(),
            }
        })
        .collect();
    if changed {
        *v = Value::String(pieces.join(","));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, MAINTENANCE_WINDOWS, USER_GROUPS};
    use serde_json::json;

    #[test]
    fn every_reference_of_an_alert_is_found() {
        let alert = json!({
            "target": "ops@example.com, target:T1,pd:abc",
            "targets": {"warn": "target:T2", "severe": "x@y"},
            "alertTriageDashboards": [{"dashboardId": "d1"}, {"description": "none"}],
        });
        let found: Vec<(String, String)> = references(&ALERTS, &alert)
            .into_iter()
            .map(|r| (r.kind.name.to_string(), r.id))
            .collect();
        assert_eq!(
            found,
            [
                ("notificant".to_string(), "T1".to_string()),
                ("notificant".into(), "T2".into()),
                ("dashboard".into(), "d1".into()),
            ]
        );
    }

    #[test]
    fn ids_are_replaced_and_the_rest_kept() {
        let mut alert = json!({"target": "ops@example.com, target:T1,pd:abc", "targets": {"warn": "target:T2"}});
        rewrite(&ALERTS, &mut alert, &mut |r| {
            (r.id == "T1").then(|| "NEW1".to_string())
        });
        assert_eq!(alert["target"], "ops@example.com, target:NEW1,pd:abc");
        assert_eq!(alert["targets"]["warn"], "target:T2");
        let mut window = json!({"targets": ["target:T1"]});
        rewrite(&MAINTENANCE_WINDOWS, &mut window, &mut |_| Some("X".into()));
        assert_eq!(window["targets"], json!(["target:X"]));
        let mut group = json!({"roleIDs": ["r1", "r2"]});
        rewrite(&USER_GROUPS, &mut group, &mut |r| {
            Some(format!("{}'", r.id))
        });
        assert_eq!(group["roleIDs"], json!(["r1'", "r2'"]));
    }
}
