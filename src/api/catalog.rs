//! The resource catalog: every collection wf-tui can browse, described as data.
//!
//! A [`Kind`] says where a collection lives, how it pages, where one item's detail is, and which
//! columns the table shows (a JSON pointer and a format each). Adding a kind is adding a row here.

use serde_json::Value;

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
}

/// How much room a column takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Exactly this many cells.
    Fixed(u16),
    /// Shares what is left, never under this many cells.
    Fill(u16),
}

#[derive(Debug)]
pub struct Column {
    pub title: &'static str,
    /// RFC 6901 pointer into the item, e.g. `/tags/customerTags`.
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
    /// The detail endpoint, with `{id}` standing for the id.
    pub detail_path: Option<&'static str>,
    /// `POST /api/v2/search/<entity>` for server-side search.
    pub search_entity: Option<&'static str>,
    pub columns: &'static [Column],
    /// Extra query parameters, computed when the request is made (an event time window).
    pub query: Option<fn(now_ms: i64) -> QueryParams>,
    /// For a singleton answer, the pointer to the list shown as rows (`/policyRules`).
    pub items_pointer: Option<&'static str>,
    /// Keys whose values are secrets in this kind (an own API token's `tokenID` is the token):
    /// masked in rows, detail views and exports.
    pub secret_keys: &'static [&'static str],
}

const fn col(title: &'static str, pointer: &'static str, format: Format, width: Width) -> Column {
    Column {
        title,
        pointer,
        format,
        width,
    }
}

/// The defaults every kind starts from.
const BASE: Kind = Kind {
    name: "",
    title: "",
    aliases: &[],
    list_path: "",
    paging: Paging::Offset,
    page_size: 100,
    id_pointer: "/id",
    detail_path: None,
    search_entity: None,
    columns: &[],
    query: None,
    items_pointer: None,
    secret_keys: &[],
};

use Format as F;
use Width::{Fill, Fixed};

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
        col("STATUS", "/status", F::Enum, Fixed(14)),
        col("TYPE", "/alertType", F::Text, Fixed(9)),
        col("LAST EVENT", "/lastEventTime", F::TimeMs, Fixed(10)),
        col("TAGS", "/tags/customerTags", F::Tags, Fill(2)),
    ],
    ..BASE
};

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
    ..BASE
};

/// Events are listed for a time window; the API's default is narrow, a day is what people want.
fn last_day(now_ms: i64) -> QueryParams {
    vec![
        (
            "earliestStartTimeEpochMillis",
            (now_ms - 86_400_000).to_string(),
        ),
        ("latestStartTimeEpochMillis", now_ms.to_string()),
    ]
}

pub static EVENTS: Kind = Kind {
    name: "event",
    title: "Events (last 24h)",
    aliases: &["events"],
    list_path: "/api/v2/event",
    paging: Paging::Cursor,
    detail_path: Some("/api/v2/event/{id}"),
    search_entity: Some("event"),
    query: Some(last_day),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("STARTED", "/startTime", F::TimeMs, Fixed(9)),
        col("ENDED", "/endTime", F::TimeMs, Fixed(9)),
        col("STATE", "/runningState", F::Enum, Fixed(8)),
        col("TYPE", "/annotations/type", F::Text, Fill(1)),
        col("SEVERITY", "/annotations/severity", F::Enum, Fixed(8)),
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
    ..BASE
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
        col("EVERY", "/processRateMinutes", F::Count, Fixed(5)),
        col("PROCESSED", "/lastProcessedMillis", F::TimeMs, Fixed(9)),
        col("QUERY", "/query", F::Text, Fill(4)),
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
    columns: &[
        col("IDENTIFIER", "/identifier", F::Text, Fill(3)),
        col("ROLES", "/roles", F::Tags, Fill(2)),
        col("GROUPS", "/userGroups", F::Tags, Fill(2)),
        col("PERMISSIONS", "/groups", F::Tags, Fill(3)),
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
];

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

/// A column's value for one item, extracted once when the page arrives (not on every frame).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Already made safe for the terminal.
    Text(Box<str>),
    Int(i64),
    /// Epoch milliseconds.
    Time(i64),
    Flag(bool),
}

/// One item as the table keeps it: its id and its cells, plus the raw JSON only for kinds whose
/// items cannot be fetched again by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: Option<String>,
    pub cells: Vec<Cell>,
    pub raw: Option<Box<str>>,
}

impl Kind {
    pub fn row(&self, item: &Value) -> Row {
        let raw = self.detail_path.is_none().then(|| {
            let mut item = item.clone();
            mask_secrets(&mut item, self.secret_keys);
            item.to_string().into_boxed_str()
        });
        Row {
            id: self.item_id(item),
            cells: self.cells(item),
            raw,
        }
    }

    /// The page in a list answer: a paged object, a bare array, or (for singletons) the list
    /// at `items_pointer`.
    pub fn page_from(&self, value: Value) -> Result<Page, PageShapeError> {
        match self.items_pointer {
            Some(pointer) => {
                let items = value
                    .pointer(pointer)
                    .cloned()
                    .unwrap_or(Value::Array(Vec::new()));
                Page::from_response(items)
            }
            None => Page::from_response(value),
        }
    }

    /// The query of a list request for `page`, with the kind's own parameters.
    pub fn list_query(&self, page: &PageRequest, now_ms: i64) -> QueryParams {
        let mut q = page.query(self.paging);
        if let Some(extra) = self.query {
            q.extend(extra(now_ms));
        }
        q
    }

    pub fn detail_path_for(&self, id: &str) -> Option<String> {
        self.detail_path
            .map(|p| p.replace("{id}", &encode_path_segment(id)))
    }

    pub fn item_id(&self, item: &Value) -> Option<String> {
        match item.pointer(self.id_pointer)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The cells of the table row for one item; unknown fields are ignored, missing and null
    /// ones are [`Cell::Empty`].
    pub fn cells(&self, item: &Value) -> Vec<Cell> {
        self.columns
            .iter()
            .map(|c| extract(c.format, item.pointer(c.pointer)))
            .collect()
    }
}

fn extract(format: Format, value: Option<&Value>) -> Cell {
    let Some(value) = value else {
        return Cell::Empty;
    };
    match (format, value) {
        (_, Value::Null) => Cell::Empty,
        (Format::Count, v) => v.as_i64().map_or_else(|| text_cell(v), Cell::Int),
        (Format::TimeMs, v) => v.as_i64().map_or_else(|| text_cell(v), Cell::Time),
        (Format::TimeS, v) => v
            .as_i64()
            .map_or_else(|| text_cell(v), |s| Cell::Time(s.saturating_mul(1000))),
        (Format::EnabledUnlessTrue | Format::Bool, Value::Bool(b)) => Cell::Flag(*b),
        (Format::Len, Value::Array(items)) => Cell::Int(items.len() as i64),
        (Format::Tags, Value::Object(map)) => join(
            map.iter()
                .filter(|(_, on)| !matches!(on, Value::Bool(false)))
                .map(|(tag, _)| tag.as_str()),
        ),
        (Format::Names, Value::Array(items)) => join(items.iter().filter_map(name_of)),
        (_, v) => text_cell(v),
    }
}

/// What a list element is called: itself when a string, else its name-like field.
fn name_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(m) => ["name", "title", "identifier", "id"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str)),
        _ => None,
    }
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> Cell {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&sanitize(part));
    }
    if out.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(out.into_boxed_str())
    }
}

fn text_cell(v: &Value) -> Cell {
    let s = match v {
        Value::String(s) => sanitize(s).into_owned(),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    Value::Number(_) | Value::Bool(_) => i.to_string(),
                    other => name_of(other).unwrap_or("{…}").to_string(),
                })
                .collect();
            return join(parts.iter().map(String::as_str));
        }
        other => sanitize(&other.to_string()).into_owned(),
    };
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into_boxed_str())
    }
}

/// Replaces the values of secret keys, at any depth, with a masked form that keeps the last
/// four characters (enough to tell tokens apart, useless to an attacker).
pub fn mask_secrets(value: &mut Value, keys: &[&str]) {
    if keys.is_empty() {
        return;
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if keys.contains(&k.as_str()) {
                    if let Value::String(s) = v {
                        *s = mask(s);
                    }
                } else {
                    mask_secrets(v, keys);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_secrets(v, keys)),
        _ => {}
    }
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

/// Ids are server data: escape everything but unreserved characters before putting one in a path.
pub fn encode_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn detail_path_escapes_the_id() {
        assert_eq!(
            CLOUD_INTEGRATIONS.detail_path_for("a/b c").as_deref(),
            Some("/api/v2/cloudintegration/a%2Fb%20c")
        );
    }
}
