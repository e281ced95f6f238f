//! What editing a kind's items needs to know, read from the spec's models: the fields the
//! server computes (moved out of the editor's way and put back on save), the template of a new
//! item, and how a copy gets its id. Only kinds with an update (`PUT`) in the catalog are here;
//! `tests/edit_spec.rs` holds each list to the spec (every `readOnly` property of the model the
//! `PUT` takes is in it, and every field named is a property of the model).

use serde_json::{Value, json};

use super::{
    ALERT_TARGETS, ALERTS, DASHBOARDS, DERIVED_METRICS, EXTERNAL_LINKS, INGESTION_POLICIES, Kind,
    MAINTENANCE_WINDOWS, ROLES, SAVED_SEARCHES, USER_GROUPS,
};

/// How the items of one kind are edited.
#[derive(Debug)]
pub struct Editing {
    pub kind: &'static Kind,
    /// The model of the item (the spec's definition), for messages and the contract test.
    pub model: &'static str,
    /// Fields the server computes: shown apart, read-only, and sent back as the server had
    /// them whatever the editor did to them.
    pub computed: &'static [&'static str],
    /// A new item: its model's required fields with defaults, and `//` notes (see
    /// [`crate::api::edit`]); gets the time in epoch seconds.
    pub template: fn(i64) -> Value,
    /// Fields that hold an id the client chooses (a dashboard's `id` and `url`): a copy gets a
    /// new one there. Other kinds' ids are the server's: a copy has none.
    pub client_id: &'static [&'static str],
    /// Adds what the update takes and the read model lacks (a user group's `roleIDs`, from its
    /// `roles`), so the editor shows what is sent.
    pub prepare: Option<fn(&mut serde_json::Map<String, Value>)>,
}

/// Fields that say when an item last changed: a change there since it was opened is a change
/// by someone else (the spec has no ETag, so this is the conflict check).
pub const CHANGED_AT: &[&str] = &["updatedEpochMillis", "lastUpdatedMs", "updated"];

/// Who made it and when: every model that has these gets them from the server.
const WHO_AND_WHEN: [&str; 4] = [
    "creatorId",
    "updaterId",
    "createdEpochMillis",
    "updatedEpochMillis",
];

const fn base(kind: &'static Kind, model: &'static str, template: fn(i64) -> Value) -> Editing {
    Editing {
        kind,
        model,
        computed: &WHO_AND_WHEN,
        template,
        client_id: &[],
        prepare: None,
    }
}

pub static EDITABLE: &[Editing] = &[
    Editing {
        computed: &[
            // What the last evaluation found; `event` is the firing now (the spec does not mark
            // it read-only, but only the server sets it).
            "status",
            "event",
            "lastEventTime",
            "lastProcessedMillis",
            "lastQueryTime",
            "pointsScannedAtLastQuery",
            "numPointsInFailureFrame",
            "queryFailing",
            "querySyntaxError",
            "lastFailedTime",
            "lastErrorMessage",
            "failingHostLabelPairs",
            "failingHostLabelPairLinks",
            "inMaintenanceHostLabelPairs",
            "prefiringHostLabelPairs",
            "activeMaintenanceWindows",
            "noDataEvent",
            "lastNotificationMillis",
            "metricsUsed",
            "hostsUsed",
            // Counts of past firings.
            "alertsLastDay",
            "alertsLastWeek",
            "alertsLastMonth",
            // Worked out from fields you edit: targets from `target`, severities from
            // `conditions`, tag paths, services and applications from the tags.
            "targetInfo",
            "targetEndpoints",
            "notificants",
            "severityList",
            "tagpaths",
            "service",
            "application",
            // Who and when (the older names too), ownership, access, the trash, the UI's order.
            "creatorId",
            "updaterId",
            "createUserId",
            "updateUserId",
            "created",
            "updated",
            "createdEpochMillis",
            "updatedEpochMillis",
            "acl",
            "hidden",
            "orphan",
            "systemOwned",
            "deleted",
            "sortAttr",
        ],
        ..base(&ALERTS, "Alert", alert_template)
    },
    Editing {
        computed: &[
            // Views and favourites are counted by the server; `favorite` is yours, set by its
            // own endpoint.
            "viewsLastDay",
            "viewsLastWeek",
            "viewsLastMonth",
            "numFavorites",
            "favorite",
            // Counted from `sections`.
            "numCharts",
            // Who and when, ownership, access, the trash.
            "creatorId",
            "updaterId",
            "createdEpochMillis",
            "updatedEpochMillis",
            "customer",
            "acl",
            "hidden",
            "orphan",
            "systemOwned",
            "deleted",
        ],
        client_id: &["id", "url"],
        ..base(&DASHBOARDS, "Dashboard", dashboard_template)
    },
    Editing {
        computed: &[
            // What the last run found.
            "status",
            "lastProcessedMillis",
            "lastQueryTime",
            "pointsScannedAtLastQuery",
            "queryFailing",
            "lastFailedTime",
            "lastErrorMessage",
            "metricsUsed",
            "hostsUsed",
            // From the tags.
            "tagpaths",
            // Who and when (the older names too), the trash.
            "creatorId",
            "updaterId",
            "createUserId",
            "updateUserId",
            "created",
            "updated",
            "createdEpochMillis",
            "updatedEpochMillis",
            "deleted",
        ],
        ..base(
            &DERIVED_METRICS,
            "DerivedMetricDefinition",
            derived_template,
        )
    },
    Editing {
        computed: &[
            // From the start and end times, and from the title.
            "runningState",
            "eventName",
            // The customer, who and when, the UI's order.
            "customerId",
            "creatorId",
            "updaterId",
            "createdEpochMillis",
            "updatedEpochMillis",
            "sortAttr",
        ],
        ..base(&MAINTENANCE_WINDOWS, "MaintenanceWindow", window_template)
    },
    Editing {
        // The customer, who and when.
        computed: &[
            "customerId",
            "creatorId",
            "updaterId",
            "createdEpochMillis",
            "updatedEpochMillis",
        ],
        ..base(&ALERT_TARGETS, "Notificant", target_template)
    },
    base(&EXTERNAL_LINKS, "ExternalLink", link_template),
    Editing {
        // The owner, who and when.
        computed: &[
            "userId",
            "creatorId",
            "updaterId",
            "createdEpochMillis",
            "updatedEpochMillis",
        ],
        ..base(&SAVED_SEARCHES, "SavedSearch", search_template)
    },
    Editing {
        computed: &[
            // Members and roles are counted and listed by the server; the roles are set by
            // `roleIDs` (what the update takes), the members by their own endpoints.
            "users",
            "userCount",
            "roles",
            "roleCount",
            "properties",
            // The customer, when it was made.
            "customer",
            "createdEpochMillis",
        ],
        prepare: Some(role_ids_from_roles),
        ..base(&USER_GROUPS, "UserGroupModel", group_template)
    },
    Editing {
        computed: &[
            // Who has the role: counted and sampled by the server, set by their own endpoints.
            "linkedGroupsCount",
            "linkedAccountsCount",
            "sampleLinkedGroups",
            "sampleLinkedAccounts",
            // The customer, who changed it last and when, when it was made.
            "customer",
            "lastUpdatedMs",
            "lastUpdatedAccountId",
            "createdEpochMillis",
        ],
        ..base(&ROLES, "RoleDTO", role_template)
    },
    Editing {
        computed: &[
            // Who the policy covers: counted and sampled by the server.
            "sampledUserAccounts",
            "userAccountCount",
            "sampledServiceAccounts",
            "serviceAccountCount",
            "sampledGroups",
            "groupCount",
            "sampledAccounts",
            "accountCount",
            // The customer, who changed it last and when.
            "customer",
            "lastUpdatedMs",
            "lastUpdatedAccountId",
        ],
        ..base(&INGESTION_POLICIES, "IngestionPolicy", policy_template)
    },
];

/// How `kind`'s items are edited, when they can be.
pub fn editing(kind: &Kind) -> Option<&'static Editing> {
    EDITABLE.iter().find(|e| e.kind == kind)
}

/// The note every template starts with.
const NOTE: &str = "A new item: fill it in and save. Keys that start with // are notes: they \
                    are not sent. Quit without saving to create nothing.";

fn alert_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "name": "",
        "condition": "",
        "// condition": "a query that is non-zero while the alert should fire: ts(cpu.usage) > 90",
        "minutes": 5,
        "// minutes": "how many minutes the condition must hold before the alert fires",
        "severity": "WARN",
        "// severity": "INFO, SMOKE, WARN or SEVERE",
        "// optional": "displayExpression, target (emails, or target:<alert target id>), \
                        resolveAfterMinutes, additionalInformation, tags: {customerTags: []}",
    })
}

fn dashboard_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "id": "",
        "url": "",
        "// id": "the dashboard's name in its URL (letters, digits, - and _); url is the same",
        "name": "",
        "sections": [{"name": "Section 1", "rows": []}],
        "// optional": "description, tags: {customerTags: []}, parameterDetails",
    })
}

fn derived_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "name": "",
        "query": "",
        "// query": "the series to compute, e.g. sum(rate(ts(requests.count)))",
        "minutes": 5,
        "// minutes": "how often it is computed, in minutes",
        "// optional": "processRateMinutes, additionalInformation, tags: {customerTags: []}",
    })
}

fn window_template(now_s: i64) -> Value {
    json!({
        "//": NOTE,
        "title": "",
        "reason": "",
        "startTimeInSeconds": now_s,
        "endTimeInSeconds": now_s + 3600,
        "// times": "epoch seconds; from now for an hour",
        "relevantCustomerTags": [],
        "// relevantCustomerTags": "alert tags the window silences (at least one)",
        "// optional": "relevantHostTags, relevantHostNames",
    })
}

fn target_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "title": "",
        "description": "",
        "method": "EMAIL",
        "// method": "EMAIL, PAGERDUTY or WEBHOOK",
        "recipient": "",
        "// recipient": "an email address, a PagerDuty key, or the webhook's URL",
        "template": "{{{alertName}}} is {{{reason}}}",
        "triggers": ["ALERT_OPENED", "ALERT_RESOLVED"],
        "// triggers": "ALERT_OPENED, ALERT_UPDATED, ALERT_RESOLVED, ALERT_MAINTENANCE, \
                        ALERT_SNOOZED, ALERT_NO_DATA, ALERT_NO_DATA_RESOLVED, ..._MAINTENANCE",
    })
}

fn link_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "name": "",
        "description": "",
        "template": "https://logs.example.com/?host={{source}}",
        "// template": "a mustache template of the link: {{source}}, {{startEpochMillis}}, …",
        "// optional": "metricFilterRegex, sourceFilterRegex, pointTagFilterRegexes, isLogIntegration",
    })
}

fn search_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "entityType": "ALERT",
        "// entityType": "DASHBOARD, ALERT, MAINTENANCE_WINDOW, NOTIFICANT, EVENT, SOURCE, \
                          EXTERNAL_LINK, AGENT, CLOUD_INTEGRATION, USER, USER_GROUP, …",
        "query": {},
        "// query": "the search's terms, by name",
    })
}

fn group_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "name": "",
        "description": "",
        "roleIDs": [],
        "// roleIDs": "the ids of the roles the group's members get",
    })
}

fn role_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "name": "",
        "description": "",
        "permissions": [],
        "// permissions": "e.g. alerts_management, dashboard_management, events_management",
    })
}

fn policy_template(_: i64) -> Value {
    json!({
        "//": NOTE,
        "name": "",
        "description": "",
        "scope": "ACCOUNT",
        "// scope": "ACCOUNT or GROUP",
        "isLimited": false,
        "limitPPS": 0,
        "// limitPPS": "points per second, when isLimited",
    })
}

/// A user group's update takes `roleIDs`; its read model lists `roles`.
fn role_ids_from_roles(item: &mut serde_json::Map<String, Value>) {
    if item.contains_key("roleIDs") {
        return;
    }
    let ids: Vec<Value> = item
        .get("roles")
        .and_then(Value::as_array)
        .map(|roles| roles.iter().filter_map(|r| r.get("id").cloned()).collect())
        .unwrap_or_default();
    item.insert("roleIDs".into(), Value::Array(ids));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{KINDS, Verb};

    #[test]
    fn every_kind_with_an_update_is_editable_and_only_those() {
        for kind in KINDS {
            let updatable = kind.operation(Verb::Update).is_some()
                && kind.operation(Verb::Create).is_some()
                && kind.operation(Verb::Delete).is_some();
            let named = [
                "alert",
                "dashboard",
                "derivedmetric",
                "maintenancewindow",
                "notificant",
                "extlink",
                "savedsearch",
                "usergroup",
                "role",
                "ingestionpolicy",
            ]
            .contains(&kind.name);
            assert_eq!(editing(kind).is_some(), named, "{}", kind.name);
            if named {
                assert!(updatable, "{}: create, update and delete", kind.name);
            }
        }
    }

    #[test]
    fn templates_are_objects_without_an_id_the_server_gives() {
        for e in EDITABLE {
            let t = (e.template)(1000);
            let obj = t.as_object().unwrap();
            assert!(obj.contains_key("//"), "{}", e.kind.name);
            assert_eq!(
                obj.contains_key("id"),
                !e.client_id.is_empty(),
                "{}",
                e.kind.name
            );
        }
    }

    #[test]
    fn a_group_gets_the_ids_of_its_roles() {
        let mut g = json!({"name": "g", "roles": [{"id": "r1", "name": "A"}, {"id": "r2"}]});
        role_ids_from_roles(g.as_object_mut().unwrap());
        assert_eq!(g["roleIDs"], json!(["r1", "r2"]));
    }
}
