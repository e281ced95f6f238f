//! The catalog's entries: every collection of FACTS §2.4, as data. Adding a kind is adding an
//! entry here (and to `KINDS`).

use super::ops::{Ask, FormSpec, MenuEntry, Operation, Takes, Verb, entry};
use super::{Format, Kind, QueryParams, col};
use crate::api::paging::Paging;
use crate::api::request::HttpMethod::{Delete as DELETE, Post as POST, Put as PUT};
use crate::api::search::SearchShape;

/// The defaults every kind starts from (tests build kinds of their own from it too).
pub const BASE: Kind = Kind {
    name: "",
    title: "",
    aliases: &[],
    list_path: "",
    paging: Paging::Offset,
    page_size: 100,
    id_pointer: "/id",
    key_pointers: &[],
    detail_path: None,
    search_entity: None,
    columns: &[],
    query: None,
    also_listed: None,
    items_pointer: None,
    secret_keys: &[],
    names_from: &[],
    keeps_items: false,
    operations: &[],
    menu: &[],
    search: SearchShape::FREETEXT,
    search_listing: None,
    order: &[],
    trash_of: None,
};

const fn op(
    verb: Verb,
    method: crate::api::HttpMethod,
    path: &'static str,
    takes: Takes,
    done: &'static str,
) -> Operation {
    Operation::new(verb, method, path, takes, done)
}

const TAGS_TO_ADD: Ask = Ask::Tags("tags to add (comma or space separated)");
const TAGS_TO_REMOVE: Ask = Ask::Tags("tags to remove");

use super::Width::{Fill, Fixed};
use Format as F;

/// The credentials the spec's configurations carry (AzureBaseCredentials, GCPConfiguration,
/// NewRelicConfiguration, ...): never shown in rows, details or exports (the trash's too).
pub const CLOUD_SECRET_KEYS: &[&str] = &[
    "clientSecret",
    "gcpJsonKey",
    "gcpApiKey",
    "apiKey",
    "password",
    "encryptedPassword",
    "vropsAPIToken",
    "dynatraceAPIToken",
];

pub static CLOUD_INTEGRATIONS: Kind = Kind {
    name: "cloudintegration",
    title: "Cloud integrations",
    aliases: &["cloudintegrations", "integrations", "ci"],
    list_path: "/api/v2/cloudintegration",
    detail_path: Some("/api/v2/cloudintegration/{id}"),
    search_entity: Some("cloudintegration"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("SERVICE", "/service", F::Enum, Fixed(16)),
        col("STATE", "/disabled", F::EnabledUnlessTrue, Fixed(8)),
        col("LAST DATA", "/lastReceivedDataPointMs", F::TimeMs, Fixed(9)),
        col("METRICS", "/lastMetricCount", F::Count, Fixed(9)),
        col("LAST ERROR", "/lastError", F::Error, Fill(2)),
    ],
    secret_keys: CLOUD_SECRET_KEYS,
    operations: &[
        op(
            Verb::Enable,
            POST,
            "/api/v2/cloudintegration/{id}/enable",
            Takes::Nothing,
            "enabled",
        ),
        op(
            Verb::Disable,
            POST,
            "/api/v2/cloudintegration/{id}/disable",
            Takes::Nothing,
            "disabled",
        ),
        op(
            Verb::Create,
            POST,
            "/api/v2/cloudintegration",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/cloudintegration/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/cloudintegration/{id}",
            Takes::Nothing,
            "deleted",
        ),
        op(
            Verb::Undelete,
            POST,
            "/api/v2/cloudintegration/{id}/undelete",
            Takes::Nothing,
            "restored",
        ),
    ],
    menu: &[
        entry('e', "enable", Verb::Enable, Ask::Nothing),
        entry('d', "disable", Verb::Disable, Ask::Nothing),
    ],
    ..BASE
};

pub static ALERTS: Kind = Kind {
    name: "alert",
    title: "Alerts",
    aliases: &["alerts"],
    list_path: "/api/v2/alert",
    detail_path: Some("/api/v2/alert/{id}"),
    search_entity: Some("alert"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("SEVERITY", "/severity", F::Enum, Fixed(8)),
        // A list of states: the one that matters first (`FIRING +MAINT`), never cut away.
        col("STATUS", "/status", F::States, Fixed(14)),
        col("TYPE", "/alertType", F::Text, Fixed(9)),
        col("LAST EVENT", "/lastEventTime", F::TimeMs, Fixed(10)),
        col("TAGS", "/tags/customerTags", F::Tags, Fill(2)),
    ],
    keeps_items: true,
    operations: &ALERT_OPERATIONS,
    menu: &ALERT_MENU,
    ..BASE
};

/// What can be done to an alert: the alert list and the firing console share it.
pub(super) static ALERT_OPERATIONS: [Operation; 10] = [
    op(
        Verb::Snooze,
        POST,
        "/api/v2/alert/{id}/snooze",
        Takes::Seconds,
        "snoozed",
    ),
    op(
        Verb::Unsnooze,
        POST,
        "/api/v2/alert/{id}/unsnooze",
        Takes::Nothing,
        "unsnoozed",
    ),
    op(
        Verb::TagAdd,
        PUT,
        "/api/v2/alert/{id}/tag/{tag}",
        Takes::Tag,
        "tagged",
    ),
    op(
        Verb::TagRemove,
        DELETE,
        "/api/v2/alert/{id}/tag/{tag}",
        Takes::Tag,
        "untagged",
    ),
    op(
        Verb::TagSet,
        POST,
        "/api/v2/alert/{id}/tag",
        Takes::Tags,
        "tagged",
    ),
    op(Verb::Create, POST, "/api/v2/alert", Takes::Item, "created"),
    op(
        Verb::Update,
        PUT,
        "/api/v2/alert/{id}",
        Takes::Item,
        "updated",
    ),
    op(
        Verb::Clone,
        POST,
        "/api/v2/alert/{id}/clone",
        Takes::Name,
        "cloned",
    ),
    op(
        Verb::Delete,
        DELETE,
        "/api/v2/alert/{id}",
        Takes::Nothing,
        "deleted",
    ),
    op(
        Verb::Undelete,
        POST,
        "/api/v2/alert/{id}/undelete",
        Takes::Nothing,
        "restored",
    ),
];

/// The actions on alerts: the product's snooze durations, a maintenance window for them, tags.
pub(super) static ALERT_MENU: [MenuEntry; 11] = [
    entry('m', "snooze for 30 minutes", Verb::Snooze, Ask::For(1800)),
    entry('1', "snooze for 1 hour", Verb::Snooze, Ask::For(3600)),
    entry('6', "snooze for 6 hours", Verb::Snooze, Ask::For(21_600)),
    entry('2', "snooze for 1 day", Verb::Snooze, Ask::For(86_400)),
    entry('w', "snooze for 1 week", Verb::Snooze, Ask::For(604_800)),
    entry('z', "snooze until unsnoozed", Verb::Snooze, Ask::Nothing),
    entry(
        'f',
        "snooze for… (90m, 1h30m, 2w)",
        Verb::Snooze,
        Ask::Duration("snooze for (1h, 90m, 1h30m, 1d, 2w)"),
    ),
    entry('u', "unsnooze", Verb::Unsnooze, Ask::Nothing),
    entry(
        'n',
        "maintenance window (its tags, failing sources)",
        Verb::Create,
        Ask::Form(&ALERT_WINDOW),
    ),
    entry('a', "add tags", Verb::TagAdd, TAGS_TO_ADD),
    entry('r', "remove tags", Verb::TagRemove, TAGS_TO_REMOVE),
];

pub static DASHBOARDS: Kind = Kind {
    name: "dashboard",
    title: "Dashboards",
    aliases: &["dashboards", "dash"],
    list_path: "/api/v2/dashboard",
    detail_path: Some("/api/v2/dashboard/{id}"),
    search_entity: Some("dashboard"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("URL", "/url", F::Text, Fill(2)),
        col("CHARTS", "/numCharts", F::Count, Fixed(6)),
        col("UPDATED", "/updatedEpochMillis", F::TimeMs, Fixed(9)),
        col("BY", "/updaterId", F::Text, Fill(1)),
        col("TAGS", "/tags/customerTags", F::Tags, Fill(2)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/dashboard",
            Takes::Item,
            "created",
        ),
        op(
            Verb::TagAdd,
            PUT,
            "/api/v2/dashboard/{id}/tag/{tag}",
            Takes::Tag,
            "tagged",
        ),
        op(
            Verb::TagRemove,
            DELETE,
            "/api/v2/dashboard/{id}/tag/{tag}",
            Takes::Tag,
            "untagged",
        ),
        op(
            Verb::TagSet,
            POST,
            "/api/v2/dashboard/{id}/tag",
            Takes::Tags,
            "tagged",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/dashboard/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/dashboard/{id}",
            Takes::Nothing,
            "deleted",
        ),
        op(
            Verb::Undelete,
            POST,
            "/api/v2/dashboard/{id}/undelete",
            Takes::Nothing,
            "restored",
        ),
    ],
    ..BASE
};

pub static SOURCES: Kind = Kind {
    name: "source",
    title: "Sources",
    aliases: &["sources", "hosts"],
    list_path: "/api/v2/source",
    paging: Paging::Cursor,
    detail_path: Some("/api/v2/source/{id}"),
    search_entity: Some("source"),
    columns: &[
        col("NAME", "/id", F::Text, Fill(3)),
        col("TAGS", "/tags", F::Tags, Fill(3)),
        col("DESCRIPTION", "/description", F::Text, Fill(2)),
        col("HIDDEN", "/hidden", F::Bool, Fixed(6)),
        col("MARKED NEW", "/markedNewEpochMillis", F::TimeMs, Fixed(10)),
    ],
    operations: &[
        op(
            Verb::TagAdd,
            PUT,
            "/api/v2/source/{id}/tag/{tag}",
            Takes::Tag,
            "tagged",
        ),
        op(
            Verb::TagRemove,
            DELETE,
            "/api/v2/source/{id}/tag/{tag}",
            Takes::Tag,
            "untagged",
        ),
        op(
            Verb::TagSet,
            POST,
            "/api/v2/source/{id}/tag",
            Takes::Tags,
            "tagged",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/source/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/source/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    menu: &[
        entry('a', "add tags", Verb::TagAdd, TAGS_TO_ADD),
        entry('r', "remove tags", Verb::TagRemove, TAGS_TO_REMOVE),
        entry(
            's',
            "set tags (replace all)",
            Verb::TagSet,
            Ask::Tags("the tags the sources will have (all others are removed)"),
        ),
    ],
    // Sources search by cursor and must say their order.
    search: SearchShape {
        extra: Some(|_| serde_json::json!({"sortSourcesAscending": true})),
        ..SearchShape::FREETEXT
    },
    ..BASE
};

const DAY_MS: i64 = 86_400_000;

/// How far before the day the events listing looks for events still going on.
pub const ONGOING_LOOKBACK_MS: i64 = 30 * DAY_MS;

/// Events are listed for a time window; the API's default is narrow, a day is what people want.
/// The window ends when the listing began (not at each page), so its pages agree.
fn last_day(listed_at_ms: i64) -> QueryParams {
    vec![
        (
            "earliestStartTimeEpochMillis",
            (listed_at_ms - DAY_MS).to_string(),
        ),
        ("latestStartTimeEpochMillis", listed_at_ms.to_string()),
    ]
}

/// The `timeRange` of an events search: the day before the listing began.
fn day_range(listed_at_ms: i64) -> serde_json::Value {
    serde_json::json!({"timeRange": {
        "earliestStartTimeEpochMillis": listed_at_ms - DAY_MS,
        "latestStartTimeEpochMillis": listed_at_ms,
    }})
}

/// Events that started before the day and are still going on: `GET /api/v2/event` filters by
/// start time only, so the day's list alone never shows a two-day incident. The search reads
/// `runningState` (the Event model's ONGOING / PENDING / ENDED) over the month before the day.
pub fn ongoing_before_the_day(listed_at_ms: i64) -> crate::api::ApiRequest {
    crate::api::ApiRequest::search(
        "/api/v2/search/event",
        serde_json::json!({
            "query": [{"key": "runningState", "value": "ONGOING", "matchingMethod": "EXACT"}],
            "limit": 1000,
            "timeRange": {
                "earliestStartTimeEpochMillis": listed_at_ms - DAY_MS - ONGOING_LOOKBACK_MS,
                "latestStartTimeEpochMillis": listed_at_ms - DAY_MS - 1,
            },
        }),
    )
}

pub static EVENTS: Kind = Kind {
    name: "event",
    title: "Events (last 24h, and ongoing)",
    aliases: &["events"],
    list_path: "/api/v2/event",
    paging: Paging::Cursor,
    detail_path: Some("/api/v2/event/{id}"),
    search_entity: Some("event"),
    query: Some(last_day),
    also_listed: Some(ongoing_before_the_day),
    // A search of events covers the listing's day, as the list does.
    search: SearchShape {
        extra: Some(day_range),
        ..SearchShape::FREETEXT
    },
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("STARTED", "/startTime", F::TimeMs, Fixed(9)),
        col("ENDED", "/endTime", F::TimeMs, Fixed(9)),
        col("STATE", "/runningState", F::Enum, Fixed(8)),
        col("TYPE", "/annotations/type", F::Text, Fill(1)),
        col("SEVERITY", "/annotations/severity", F::Enum, Fixed(8)),
    ],
    // `wf-tui event create|close|wrap`; the API closes and updates user events only.
    operations: &[
        op(Verb::Create, POST, "/api/v2/event", Takes::Item, "created"),
        op(
            Verb::Close,
            POST,
            "/api/v2/event/{id}/close",
            Takes::Nothing,
            "closed",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/event/{id}",
            Takes::Item,
            "updated",
        ),
    ],
    ..BASE
};

pub static MAINTENANCE_WINDOWS: Kind = Kind {
    name: "maintenancewindow",
    title: "Maintenance windows",
    aliases: &["maintenancewindows", "mw", "maintenance"],
    list_path: "/api/v2/maintenancewindow",
    detail_path: Some("/api/v2/maintenancewindow/{id}"),
    search_entity: Some("maintenancewindow"),
    columns: &[
        col("TITLE", "/title", F::Text, Fill(3)),
        col("STATE", "/runningState", F::Enum, Fixed(8)),
        col("START", "/startTimeInSeconds", F::TimeS, Fixed(9)),
        col("END", "/endTimeInSeconds", F::TimeS, Fixed(9)),
        col("ALERT TAGS", "/relevantCustomerTags", F::Tags, Fill(2)),
        col("REASON", "/reason", F::Text, Fill(2)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/maintenancewindow",
            Takes::Item,
            "created",
        ),
        Operation {
            from_current: Some(crate::api::actions::window_closed),
            ..op(
                Verb::Close,
                PUT,
                "/api/v2/maintenancewindow/{id}",
                Takes::Item,
                "closed",
            )
        },
        op(
            Verb::Update,
            PUT,
            "/api/v2/maintenancewindow/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/maintenancewindow/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    menu: &[
        entry(
            'n',
            "new maintenance window",
            Verb::Create,
            Ask::Form(&NEW_WINDOW),
        ),
        entry('c', "close early (end now)", Verb::Close, Ask::Nothing),
        entry('d', "delete", Verb::Delete, Ask::Nothing),
    ],
    ..BASE
};

/// The TUI's form for a new maintenance window.
static NEW_WINDOW: FormSpec = FormSpec {
    title: "New maintenance window",
    fields: &[
        ("title", ""),
        ("reason", ""),
        ("start", "now"),
        ("end", "+1h"),
        ("alert tags", ""),
        ("source tags", ""),
        ("sources", ""),
    ],
    // The zone the times are read in is named on the line below it (the form knows it).
    hint: "start/end: now, +1h, YYYY-MM-DD HH:MM, or …Z / …+01:00 · tags: comma separated",
    build: crate::api::actions::window_from_form,
    creates: None,
    prefill: None,
};

/// A new maintenance window for alerts: their tags and failing sources filled in.
static ALERT_WINDOW: FormSpec = FormSpec {
    title: "Maintenance window for the alerts",
    creates: Some(&MAINTENANCE_WINDOWS),
    prefill: Some(crate::api::actions::window_for_alerts),
    ..NEW_WINDOW
};

pub static ALERT_TARGETS: Kind = Kind {
    name: "notificant",
    title: "Alert targets",
    aliases: &[
        "notificants",
        "alerttargets",
        "targets",
        "webhook",
        "webhooks",
    ],
    list_path: "/api/v2/notificant",
    detail_path: Some("/api/v2/notificant/{id}"),
    search_entity: Some("notificant"),
    columns: &[
        col("TITLE", "/title", F::Text, Fill(3)),
        col("METHOD", "/method", F::Enum, Fixed(9)),
        col("RECIPIENT", "/recipient", F::Text, Fill(3)),
        col("TRIGGERS", "/triggers", F::Tags, Fill(2)),
        col("UPDATED", "/updatedEpochMillis", F::TimeMs, Fixed(9)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/notificant",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/notificant/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/notificant/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    ..BASE
};

pub static DERIVED_METRICS: Kind = Kind {
    name: "derivedmetric",
    title: "Derived metrics",
    aliases: &["derivedmetrics", "dm"],
    list_path: "/api/v2/derivedmetric",
    detail_path: Some("/api/v2/derivedmetric/{id}"),
    search_entity: Some("derivedmetric"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("STATUS", "/status", F::Enum, Fixed(8)),
        // How often the query runs: `minutes` (required; what Terraform's `minutes` sets).
        // `processRateMinutes` is optional and absent on most instances.
        col("EVERY", "/minutes", F::Count, Fixed(5)),
        col("PROCESSED", "/lastProcessedMillis", F::TimeMs, Fixed(9)),
        col("QUERY", "/query", F::Text, Fill(4)),
    ],
    keeps_items: true,
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/derivedmetric",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/derivedmetric/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/derivedmetric/{id}",
            Takes::Nothing,
            "deleted",
        ),
        op(
            Verb::Undelete,
            POST,
            "/api/v2/derivedmetric/{id}/undelete",
            Takes::Nothing,
            "restored",
        ),
    ],
    ..BASE
};

pub static PROXIES: Kind = Kind {
    name: "proxy",
    title: "Proxies",
    aliases: &["proxies"],
    list_path: "/api/v2/proxy",
    detail_path: Some("/api/v2/proxy/{id}"),
    search_entity: Some("proxy"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("HOSTNAME", "/hostname", F::Text, Fill(2)),
        col("VERSION", "/version", F::Text, Fixed(8)),
        col("STATUS", "/status", F::Enum, Fixed(17)),
        col("CHECK-IN", "/lastCheckInTime", F::TimeMs, Fixed(9)),
        col("EPHEMERAL", "/ephemeral", F::Bool, Fixed(9)),
    ],
    operations: &[op(
        Verb::Undelete,
        POST,
        "/api/v2/proxy/{id}/undelete",
        Takes::Nothing,
        "restored",
    )],
    ..BASE
};

pub static USER_GROUPS: Kind = Kind {
    name: "usergroup",
    title: "User groups",
    aliases: &["usergroups", "groups"],
    list_path: "/api/v2/usergroup",
    detail_path: Some("/api/v2/usergroup/{id}"),
    search_entity: Some("usergroup"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("USERS", "/userCount", F::Count, Fixed(6)),
        col("ROLES", "/roleCount", F::Count, Fixed(6)),
        col("DESCRIPTION", "/description", F::Text, Fill(3)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/usergroup",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/usergroup/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/usergroup/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    ..BASE
};

/// Wavefront's accounts (users and service accounts). In the TUI, `:account` is wf-tui's own
/// accounts pane, so this kind answers to `:iam` there (and to `account` in `wf-tui get`).
pub static ACCOUNTS: Kind = Kind {
    name: "account",
    title: "Accounts (users and service accounts)",
    aliases: &["iam", "principals"],
    list_path: "/api/v2/account",
    id_pointer: "/identifier",
    detail_path: Some("/api/v2/account/{id}"),
    search_entity: Some("account"),
    names_from: &[("/roles", &ROLES), ("/userGroups", &USER_GROUPS)],
    columns: &[
        col("IDENTIFIER", "/identifier", F::Text, Fill(3)),
        // The Account model holds role and group ids: shown by the names the roles and groups
        // lists give them (ids where none is found).
        col("ROLES", "/roles", F::Names, Fill(2)),
        col("GROUPS", "/userGroups", F::Names, Fill(2)),
        // Effective permissions (direct, from groups and roles); `groups` is the direct ones.
        col("PERMISSIONS", "/unitedPermissions", F::Tags, Fill(3)),
    ],
    ..BASE
};

pub static USER_ACCOUNTS: Kind = Kind {
    name: "useraccount",
    title: "User accounts",
    aliases: &["useraccounts", "account/user"],
    list_path: "/api/v2/account/user",
    paging: Paging::None,
    id_pointer: "/identifier",
    detail_path: Some("/api/v2/account/user/{id}"),
    search_entity: Some("user"),
    // The list names its groups; the search (CustomerFacingUserObject) gives their ids.
    names_from: &[("/userGroups", &USER_GROUPS)],
    columns: &[
        col("IDENTIFIER", "/identifier", F::Text, Fill(3)),
        col("ROLES", "/roles", F::Names, Fill(2)),
        col("GROUPS", "/userGroups", F::Names, Fill(2)),
        col("LAST LOGIN", "/lastSuccessfulLogin", F::TimeMs, Fixed(10)),
        col("SSO", "/ssoId", F::Text, Fill(1)),
    ],
    ..BASE
};

pub static USERS: Kind = Kind {
    name: "user",
    title: "Users (deprecated API)",
    aliases: &["users"],
    list_path: "/api/v2/user",
    paging: Paging::None,
    id_pointer: "/identifier",
    detail_path: Some("/api/v2/user/{id}"),
    columns: &[
        col("IDENTIFIER", "/identifier", F::Text, Fill(3)),
        col("GROUPS", "/userGroups", F::Names, Fill(2)),
        col("PERMISSIONS", "/groups", F::Tags, Fill(3)),
        col("LAST LOGIN", "/lastSuccessfulLogin", F::TimeMs, Fixed(10)),
    ],
    ..BASE
};

pub static SERVICE_ACCOUNTS: Kind = Kind {
    name: "serviceaccount",
    title: "Service accounts",
    aliases: &["serviceaccounts", "sa"],
    list_path: "/api/v2/account/serviceaccount",
    paging: Paging::None,
    id_pointer: "/identifier",
    detail_path: Some("/api/v2/account/serviceaccount/{id}"),
    search_entity: Some("serviceaccount"),
    columns: &[
        col("IDENTIFIER", "/identifier", F::Text, Fill(2)),
        col("ACTIVE", "/active", F::Bool, Fixed(6)),
        col("TOKENS", "/tokens", F::Len, Fixed(6)),
        col("LAST USED", "/lastUsed", F::TimeMs, Fixed(9)),
        col("ROLES", "/roles", F::Names, Fill(2)),
        col("DESCRIPTION", "/description", F::Text, Fill(2)),
    ],
    secret_keys: &["tokenID"],
    ..BASE
};

pub static ROLES: Kind = Kind {
    name: "role",
    title: "Roles",
    aliases: &["roles"],
    list_path: "/api/v2/role",
    detail_path: Some("/api/v2/role/{id}"),
    search_entity: Some("role"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("ACCOUNTS", "/linkedAccountsCount", F::Count, Fixed(8)),
        col("GROUPS", "/linkedGroupsCount", F::Count, Fixed(6)),
        col("UPDATED", "/lastUpdatedMs", F::TimeMs, Fixed(9)),
        col("PERMISSIONS", "/permissions", F::Tags, Fill(4)),
    ],
    operations: &[
        op(Verb::Create, POST, "/api/v2/role", Takes::Item, "created"),
        op(
            Verb::Update,
            PUT,
            "/api/v2/role/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/role/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    ..BASE
};

/// The caller's own API tokens. A token's id is the token itself: never shown.
pub static API_TOKENS: Kind = Kind {
    name: "apitoken",
    title: "API tokens (mine)",
    aliases: &["apitokens", "mytokens"],
    list_path: "/api/v2/apitoken",
    paging: Paging::None,
    id_pointer: "/tokenName",
    columns: &[
        col("NAME", "/tokenName", F::Text, Fill(2)),
        col("ACCOUNT", "/account", F::Text, Fill(2)),
        col("TYPE", "/accountType", F::Enum, Fixed(16)),
        col("GENERATED", "/dateGenerated", F::TimeMs, Fixed(9)),
        col("LAST USED", "/lastUsed", F::TimeMs, Fixed(9)),
    ],
    secret_keys: &["tokenID"],
    ..BASE
};

/// Every API token of the customer (admin). Their ids are tokens too: never shown.
pub static CUSTOMER_TOKENS: Kind = Kind {
    name: "customertoken",
    title: "API tokens (all, admin)",
    aliases: &["customertokens", "alltokens", "apitoken/customertokens"],
    list_path: "/api/v2/apitoken/customertokens",
    paging: Paging::None,
    id_pointer: "/name",
    search_entity: Some("token"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("ACCOUNT", "/account", F::Text, Fill(2)),
        col("TYPE", "/accountType", F::Enum, Fixed(16)),
        col("GENERATED", "/dateGenerated", F::TimeMs, Fixed(9)),
        col("LAST USED", "/lastUsed", F::TimeMs, Fixed(9)),
    ],
    secret_keys: &["id", "tokenID"],
    ..BASE
};

pub static INGESTION_POLICIES: Kind = Kind {
    name: "ingestionpolicy",
    title: "Ingestion policies",
    aliases: &["ingestionpolicies", "usage/ingestionpolicy"],
    list_path: "/api/v2/usage/ingestionpolicy",
    detail_path: Some("/api/v2/usage/ingestionpolicy/{id}"),
    search_entity: Some("ingestionpolicy"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("SCOPE", "/scope", F::Enum, Fixed(10)),
        col("LIMITED", "/isLimited", F::Bool, Fixed(7)),
        col("LIMIT PPS", "/limitPPS", F::Count, Fixed(10)),
        col("UPDATED", "/lastUpdatedMs", F::TimeMs, Fixed(9)),
        col("DESCRIPTION", "/description", F::Text, Fill(2)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/usage/ingestionpolicy",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Revert,
            POST,
            "/api/v2/usage/ingestionpolicy/{id}/revert/{version}",
            Takes::Version,
            "reverted",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/usage/ingestionpolicy/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/usage/ingestionpolicy/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    ..BASE
};

pub static SAVED_SEARCHES: Kind = Kind {
    name: "savedsearch",
    title: "Saved searches",
    aliases: &["savedsearches"],
    list_path: "/api/v2/savedsearch",
    detail_path: Some("/api/v2/savedsearch/{id}"),
    columns: &[
        col("ENTITY", "/entityType", F::Enum, Fixed(16)),
        col("QUERY", "/query", F::Text, Fill(4)),
        col("USER", "/userId", F::Text, Fill(2)),
        col("UPDATED", "/updatedEpochMillis", F::TimeMs, Fixed(9)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/savedsearch",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/savedsearch/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/savedsearch/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    ..BASE
};

pub static EXTERNAL_LINKS: Kind = Kind {
    name: "extlink",
    title: "External links",
    aliases: &["extlinks", "externallinks"],
    list_path: "/api/v2/extlink",
    detail_path: Some("/api/v2/extlink/{id}"),
    search_entity: Some("extlink"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("DESCRIPTION", "/description", F::Text, Fill(2)),
        col("LOGS", "/isLogIntegration", F::Bool, Fixed(4)),
        col("TEMPLATE", "/template", F::Text, Fill(4)),
    ],
    operations: &[
        op(
            Verb::Create,
            POST,
            "/api/v2/extlink",
            Takes::Item,
            "created",
        ),
        op(
            Verb::Update,
            PUT,
            "/api/v2/extlink/{id}",
            Takes::Item,
            "updated",
        ),
        op(
            Verb::Delete,
            DELETE,
            "/api/v2/extlink/{id}",
            Takes::Nothing,
            "deleted",
        ),
    ],
    ..BASE
};

pub static INTEGRATIONS: Kind = Kind {
    name: "integration",
    title: "Integrations",
    aliases: &["catalog", "integrationcatalog"],
    list_path: "/api/v2/integration",
    detail_path: Some("/api/v2/integration/{id}"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("VERSION", "/version", F::Text, Fixed(8)),
        col("INSTALL", "/status/installStatus", F::Enum, Fixed(11)),
        col("CONTENT", "/status/contentStatus", F::Enum, Fixed(10)),
        col("DESCRIPTION", "/description", F::Text, Fill(4)),
    ],
    ..BASE
};

/// The metrics security policy: one object, whose rules are the rows.
pub static METRICS_POLICY: Kind = Kind {
    name: "metricspolicy",
    title: "Metrics policy rules",
    aliases: &["metricspolicies", "securitypolicy"],
    list_path: "/api/v2/metricspolicy",
    paging: Paging::None,
    id_pointer: "/name",
    items_pointer: Some("/policyRules"),
    columns: &[
        col("RULE", "/name", F::Text, Fill(2)),
        col("ACCESS", "/accessType", F::Enum, Fixed(6)),
        col("PREFIXES", "/prefixes", F::Tags, Fill(3)),
        col("ACCOUNTS", "/accounts", F::Names, Fill(2)),
        col("GROUPS", "/userGroups", F::Names, Fill(2)),
        col("ROLES", "/roles", F::Names, Fill(2)),
    ],
    ..BASE
};

fn all_messages(_now_ms: i64) -> QueryParams {
    vec![("unreadOnly", "false".into())]
}

pub static MESSAGES: Kind = Kind {
    name: "message",
    title: "Messages",
    aliases: &["messages"],
    list_path: "/api/v2/message",
    query: Some(all_messages),
    columns: &[
        col("TITLE", "/title", F::Text, Fill(3)),
        col("SEVERITY", "/severity", F::Enum, Fixed(9)),
        col("SCOPE", "/scope", F::Enum, Fixed(8)),
        col("FROM", "/startEpochMillis", F::TimeMs, Fixed(9)),
        col("UNTIL", "/endEpochMillis", F::TimeMs, Fixed(9)),
        col("READ", "/read", F::Bool, Fixed(4)),
    ],
    ..BASE
};

pub static MONITORED_APPLICATIONS: Kind = Kind {
    name: "monitoredapplication",
    title: "Monitored applications",
    aliases: &["monitoredapplications", "apps", "applications"],
    list_path: "/api/v2/monitoredapplication",
    id_pointer: "/application",
    detail_path: Some("/api/v2/monitoredapplication/{id}"),
    search_entity: Some("monitoredapplication"),
    columns: &[
        col("APPLICATION", "/application", F::Text, Fill(3)),
        col("SERVICES", "/serviceCount", F::Count, Fixed(8)),
        col("STATUS", "/status", F::Enum, Fixed(10)),
        col("LAST REPORTED", "/lastReported", F::TimeMs, Fixed(13)),
    ],
    ..BASE
};

pub static MONITORED_SERVICES: Kind = Kind {
    name: "monitoredservice",
    title: "Monitored services",
    aliases: &["monitoredservices", "services"],
    list_path: "/api/v2/monitoredservice",
    id_pointer: "/service",
    // A service's name repeats across applications: the API keys it by both.
    key_pointers: &["/application", "/service"],
    detail_path: Some("/api/v2/monitoredservice/{application}/{service}"),
    search_entity: Some("monitoredservice"),
    columns: &[
        col("APPLICATION", "/application", F::Text, Fill(2)),
        col("SERVICE", "/service", F::Text, Fill(2)),
        col("STATUS", "/status", F::Enum, Fixed(10)),
        col("INSTANCES", "/serviceInstanceCount", F::Count, Fixed(9)),
        col("LAST REPORTED", "/lastReported", F::TimeMs, Fixed(13)),
    ],
    ..BASE
};

pub static SPAN_SAMPLING_POLICIES: Kind = Kind {
    name: "spansamplingpolicy",
    title: "Span sampling policies",
    aliases: &["spansamplingpolicies", "sampling"],
    list_path: "/api/v2/spansamplingpolicy",
    detail_path: Some("/api/v2/spansamplingpolicy/{id}"),
    search_entity: Some("spansamplingpolicy"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("ACTIVE", "/active", F::Bool, Fixed(6)),
        col("PERCENT", "/samplingPercent", F::Count, Fixed(7)),
        col("UPDATED", "/updatedEpochMillis", F::TimeMs, Fixed(9)),
        col("EXPRESSION", "/expression", F::Text, Fill(4)),
    ],
    ..BASE
};

pub static SAVED_APP_MAP_SEARCHES: Kind = Kind {
    name: "savedappmapsearch",
    title: "Saved app map searches",
    aliases: &["savedappmapsearches", "appmapsearches"],
    list_path: "/api/v2/savedappmapsearch",
    detail_path: Some("/api/v2/savedappmapsearch/{id}"),
    search_entity: Some("savedappmapsearch"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("QUERY", "/searchFilters/query", F::Text, Fill(4)),
        col("BY", "/creatorId", F::Text, Fill(2)),
        col("UPDATED", "/updatedEpochMillis", F::TimeMs, Fixed(9)),
    ],
    ..BASE
};

pub static SAVED_TRACES_SEARCHES: Kind = Kind {
    name: "savedtracessearch",
    title: "Saved traces searches",
    aliases: &["savedtracessearches", "tracessearches"],
    list_path: "/api/v2/savedtracessearch",
    detail_path: Some("/api/v2/savedtracessearch/{id}"),
    search_entity: Some("savedtracessearch"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        col("QUERY", "/searchFilters/query", F::Text, Fill(4)),
        col("BY", "/creatorId", F::Text, Fill(2)),
        col("UPDATED", "/updatedEpochMillis", F::TimeMs, Fixed(9)),
    ],
    ..BASE
};

/// Every kind, cloud integrations first, in the order the command line offers them.
pub static KINDS: &[&Kind] = &[
    &CLOUD_INTEGRATIONS,
    &ALERTS,
    &DASHBOARDS,
    &SOURCES,
    &EVENTS,
    &MAINTENANCE_WINDOWS,
    &ALERT_TARGETS,
    &DERIVED_METRICS,
    &PROXIES,
    &USER_GROUPS,
    &ACCOUNTS,
    &USER_ACCOUNTS,
    &USERS,
    &SERVICE_ACCOUNTS,
    &ROLES,
    &API_TOKENS,
    &CUSTOMER_TOKENS,
    &INGESTION_POLICIES,
    &SAVED_SEARCHES,
    &EXTERNAL_LINKS,
    &INTEGRATIONS,
    &METRICS_POLICY,
    &MESSAGES,
    &MONITORED_APPLICATIONS,
    &MONITORED_SERVICES,
    &SPAN_SAMPLING_POLICIES,
    &SAVED_APP_MAP_SEARCHES,
    &SAVED_TRACES_SEARCHES,
];
