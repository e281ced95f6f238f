//! The firing alerts, the live console's list: the alert search for `status` EXACT `FIRING`
//! (FACTS §2.3), as a kind of its own. Its columns answer what on-call asks first (how bad,
//! since when, on what, who is told), its rows come most severe first, then longest firing.
//! Its items are alerts: it shares their operations and menu, and `enter` reads the alert.

use super::kinds::{ALERT_MENU, ALERT_OPERATIONS, BASE};
use super::{Column, Format as F, Kind, col};
use crate::api::search::SearchShape;

use super::Width::{Fill, Fixed};

/// The status the console lists.
pub const FIRING: &str = "FIRING";

/// The console's columns (the merged console's follow its ACCOUNT).
const CONSOLE_COLUMNS: [Column; 7] = [
    col("SEVERITY", "/severity", F::Enum, Fixed(8)),
    col("NAME", "/name", F::Text, Fill(3)),
    // The firing's start (its event); an alert without one says when its last event began.
    col(
        "FIRING FOR",
        "/event/startTime|/lastEventTime",
        F::Since,
        Fixed(10),
    ),
    col("SERIES", "/failingHostLabelPairs", F::Len, Fixed(6)),
    col(
        "IN MAINT",
        "/inMaintenanceHostLabelPairs",
        F::Names,
        Fill(1),
    ),
    col("SNOOZED", "/snoozed", F::Until, Fixed(9)),
    // Names where the alert carries them, else its targets as written.
    col("TARGETS", "/targetInfo|/target", F::Names, Fill(2)),
];

/// The merged console's: the account each row comes from, then the console's. Filled by the
/// worker (`worker::fleet::account_row`): not a field of the alert.
const FLEET_COLUMNS: [Column; 8] = {
    let mut out = [col("ACCOUNT", "/account", F::Text, Fixed(10)); 8];
    let mut i = 0;
    while i < CONSOLE_COLUMNS.len() {
        out[i + 1] = CONSOLE_COLUMNS[i];
        i += 1;
    }
    out
};

pub static FIRING_ALERTS: Kind = Kind {
    name: "firing",
    title: "Firing alerts",
    // The listing is the search (see `search_listing`); this names where it goes.
    list_path: "/api/v2/search/alert",
    detail_path: Some("/api/v2/alert/{id}"),
    search_entity: Some("alert"),
    search: SearchShape {
        text_key: "status",
        matching: "EXACT",
        extra: None,
    },
    search_listing: Some(FIRING),
    // The search's maximum: one request a refresh for up to a thousand firing alerts.
    page_size: 1000,
    columns: &CONSOLE_COLUMNS,
    // Most severe first, then firing the longest (the earliest start).
    order: &[(0, false), (2, true)],
    keeps_items: true,
    operations: &ALERT_OPERATIONS,
    menu: &ALERT_MENU,
    ..BASE
};

/// The merged console over several accounts (`:firing @all`): the firing console's columns
/// after the account each row comes from. Rows are made by the worker's fleet reads (the
/// account put into the first cell), never listed by the current session: no search of its
/// own, so a filter never goes to one account's server for all of them.
pub static FLEET_FIRING: Kind = Kind {
    name: "firing-fleet",
    title: "Firing alerts, all accounts",
    list_path: "/api/v2/search/alert",
    detail_path: Some("/api/v2/alert/{id}"),
    page_size: 1000,
    columns: &FLEET_COLUMNS,
    // As the console: most severe first, then firing the longest, whatever the account.
    order: &[(1, false), (3, true)],
    keeps_items: true,
    operations: &ALERT_OPERATIONS,
    menu: &ALERT_MENU,
    ..BASE
};
