//! The stand-in's collections: which path serves which fixture, in which shape (offset or
//! cursor pages, a plain list in an envelope, a bare array, one object), as the spec has them.

use serde_json::Value;

use super::fixtures;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `Paged<X>` with offset/limit.
    Offset,
    /// `Paged<X>` with cursor/limit (ids sort in list order).
    Cursor,
    /// `ResponseContainerList<X>`: every item, in an envelope.
    List,
    /// A bare JSON array, no envelope (`GET /api/v2/user`).
    Bare,
    /// One object in an envelope (`GET /api/v2/metricspolicy`).
    Single,
}

#[derive(Debug)]
pub struct Collection {
    pub name: &'static str,
    pub path: &'static str,
    pub shape: Shape,
    /// The item field the detail path and cursors use.
    pub id_key: &'static str,
    pub detail: bool,
    /// The detail answers a bare object, without an envelope (`/api/v2/user/{id}`).
    pub bare_detail: bool,
    /// `POST /api/v2/search/<entity>`.
    pub search: Option<&'static str>,
    fixture: &'static str,
}

const fn c(
    name: &'static str,
    path: &'static str,
    shape: Shape,
    fixture: &'static str,
) -> Collection {
    Collection {
        name,
        path,
        shape,
        id_key: "id",
        detail: true,
        bare_detail: false,
        search: Some(name),
        fixture,
    }
}

macro_rules! fixture {
    ($file:literal) => {
        include_str!(concat!("../../assets/demo/", $file))
    };
}

pub static COLLECTIONS: &[Collection] = &[
    c(
        "cloudintegration",
        "/api/v2/cloudintegration",
        Shape::Offset,
        fixture!("cloudintegrations.json"),
    ),
    c(
        "alert",
        "/api/v2/alert",
        Shape::Offset,
        fixture!("alert.json"),
    ),
    c(
        "dashboard",
        "/api/v2/dashboard",
        Shape::Offset,
        fixture!("dashboard.json"),
    ),
    c(
        "event",
        "/api/v2/event",
        Shape::Cursor,
        fixture!("event.json"),
    ),
    c(
        "maintenancewindow",
        "/api/v2/maintenancewindow",
        Shape::Offset,
        fixture!("maintenancewindow.json"),
    ),
    c(
        "notificant",
        "/api/v2/notificant",
        Shape::Offset,
        fixture!("notificant.json"),
    ),
    Collection {
        search: Some("webhook"),
        ..c(
            "webhook",
            "/api/v2/webhook",
            Shape::Offset,
            fixture!("notificant.json"),
        )
    },
    c(
        "derivedmetric",
        "/api/v2/derivedmetric",
        Shape::Offset,
        fixture!("derivedmetric.json"),
    ),
    c(
        "proxy",
        "/api/v2/proxy",
        Shape::Offset,
        fixture!("proxy.json"),
    ),
    c(
        "usergroup",
        "/api/v2/usergroup",
        Shape::Offset,
        fixture!("usergroup.json"),
    ),
    Collection {
        id_key: "identifier",
        ..c(
            "account",
            "/api/v2/account",
            Shape::Offset,
            fixture!("account.json"),
        )
    },
    Collection {
        id_key: "identifier",
        bare_detail: true,
        search: Some("user"),
        ..c(
            "useraccount",
            "/api/v2/account/user",
            // The spec answers a bare array of UserModel here, as for /api/v2/user.
            Shape::Bare,
            fixture!("accountuser.json"),
        )
    },
    Collection {
        id_key: "identifier",
        bare_detail: true,
        search: None,
        ..c("user", "/api/v2/user", Shape::Bare, fixture!("user.json"))
    },
    Collection {
        id_key: "identifier",
        ..c(
            "serviceaccount",
            "/api/v2/account/serviceaccount",
            Shape::List,
            fixture!("serviceaccount.json"),
        )
    },
    c("role", "/api/v2/role", Shape::Offset, fixture!("role.json")),
    Collection {
        search: Some("token"),
        ..c(
            "customertoken",
            "/api/v2/apitoken/customertokens",
            Shape::List,
            fixture!("customertokens.json"),
        )
    },
    c(
        "ingestionpolicy",
        "/api/v2/usage/ingestionpolicy",
        Shape::Offset,
        fixture!("ingestionpolicy.json"),
    ),
    Collection {
        search: None,
        ..c(
            "savedsearch",
            "/api/v2/savedsearch",
            Shape::Offset,
            fixture!("savedsearch.json"),
        )
    },
    c(
        "extlink",
        "/api/v2/extlink",
        Shape::Offset,
        fixture!("extlink.json"),
    ),
    Collection {
        search: None,
        ..c(
            "integration",
            "/api/v2/integration",
            Shape::Offset,
            fixture!("integration.json"),
        )
    },
    Collection {
        detail: false,
        search: None,
        ..c(
            "metricspolicy",
            "/api/v2/metricspolicy",
            Shape::Single,
            fixture!("metricspolicy.json"),
        )
    },
    Collection {
        detail: false,
        search: None,
        ..c(
            "message",
            "/api/v2/message",
            Shape::Offset,
            fixture!("message.json"),
        )
    },
    Collection {
        id_key: "application",
        ..c(
            "monitoredapplication",
            "/api/v2/monitoredapplication",
            Shape::Offset,
            fixture!("monitoredapplication.json"),
        )
    },
    // Its detail is /api/v2/monitoredservice/{application}/{service} (`api::monitored_service`).
    Collection {
        id_key: "service",
        detail: false,
        ..c(
            "monitoredservice",
            "/api/v2/monitoredservice",
            Shape::Offset,
            fixture!("monitoredservice.json"),
        )
    },
    c(
        "spansamplingpolicy",
        "/api/v2/spansamplingpolicy",
        Shape::Offset,
        fixture!("spansamplingpolicy.json"),
    ),
    c(
        "savedappmapsearch",
        "/api/v2/savedappmapsearch",
        Shape::Offset,
        fixture!("savedappmapsearch.json"),
    ),
    c(
        "savedtracessearch",
        "/api/v2/savedtracessearch",
        Shape::Offset,
        fixture!("savedtracessearch.json"),
    ),
];

impl Collection {
    /// The fixture's items (a singleton's one object as a one-element list), times resolved.
    pub fn load(&self, now_ms: i64) -> Vec<Value> {
        match fixtures::load_value(self.fixture, now_ms) {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            single => vec![single],
        }
    }

    pub fn id_of<'a>(&self, item: &'a Value) -> Option<&'a str> {
        item.get(self.id_key).and_then(Value::as_str)
    }
}

pub fn by_name(name: &str) -> Option<&'static Collection> {
    COLLECTIONS.iter().find(|c| c.name == name)
}

pub fn by_search_entity(entity: &str) -> Option<&'static Collection> {
    COLLECTIONS.iter().find(|c| c.search == Some(entity))
}
