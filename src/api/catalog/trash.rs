//! The trash: deleted alerts, dashboards, derived metrics, cloud integrations and proxies (the
//! kinds whose deleted items the API keeps and searches, FACTS §2.3). Each kind's trash is a
//! list of its own: `POST /api/v2/search/<kind>/deleted` lists it (a search with no query
//! pages it, typed text searches it), `POST /api/v2/<kind>/{id}/undelete` restores an item.
//! One list per kind, not one list of every kind: each keeps its own columns, the server's
//! paging, search and order, and the table's filter, sort and marks (restore many at once).

use serde_json::json;

use super::Width::{Fill, Fixed};
use super::kinds::{
    ALERTS, BASE, CLOUD_INTEGRATIONS, CLOUD_SECRET_KEYS, DASHBOARDS, DERIVED_METRICS, PROXIES,
};
use super::{Format as F, Kind, Verb, col};
use crate::api::ApiRequest;
use crate::api::paging::PageRequest;

/// When an item was last changed, and by whom: in the trash, when and by whom it was deleted
/// as far as the models say (they have no field of their own for it).
const CHANGED: super::Column = col("CHANGED", "/updatedEpochMillis", F::TimeMs, Fixed(9));
const BY: super::Column = col("BY", "/updaterId", F::Text, Fill(1));

pub static TRASHED_ALERTS: Kind = Kind {
    name: "alert/deleted",
    title: "Deleted alerts",
    list_path: "/api/v2/search/alert/deleted",
    search_entity: Some("alert/deleted"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("SEVERITY", "/severity", F::Enum, Fixed(8)),
        CHANGED,
        BY,
        col("TAGS", "/tags/customerTags", F::Tags, Fill(2)),
    ],
    trash_of: Some(&ALERTS),
    ..BASE
};

pub static TRASHED_DASHBOARDS: Kind = Kind {
    name: "dashboard/deleted",
    title: "Deleted dashboards",
    list_path: "/api/v2/search/dashboard/deleted",
    search_entity: Some("dashboard/deleted"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("URL", "/url", F::Text, Fill(2)),
        CHANGED,
        BY,
        col("TAGS", "/tags/customerTags", F::Tags, Fill(2)),
    ],
    trash_of: Some(&DASHBOARDS),
    ..BASE
};

pub static TRASHED_DERIVED_METRICS: Kind = Kind {
    name: "derivedmetric/deleted",
    title: "Deleted derived metrics",
    list_path: "/api/v2/search/derivedmetric/deleted",
    search_entity: Some("derivedmetric/deleted"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(2)),
        CHANGED,
        BY,
        col("QUERY", "/query", F::Text, Fill(4)),
    ],
    trash_of: Some(&DERIVED_METRICS),
    ..BASE
};

pub static TRASHED_CLOUD_INTEGRATIONS: Kind = Kind {
    name: "cloudintegration/deleted",
    title: "Deleted cloud integrations",
    list_path: "/api/v2/search/cloudintegration/deleted",
    search_entity: Some("cloudintegration/deleted"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("SERVICE", "/service", F::Enum, Fixed(16)),
        CHANGED,
        BY,
    ],
    // Rows keep their JSON (there is no detail to read again): masked as the live list's.
    secret_keys: CLOUD_SECRET_KEYS,
    trash_of: Some(&CLOUD_INTEGRATIONS),
    ..BASE
};

pub static TRASHED_PROXIES: Kind = Kind {
    name: "proxy/deleted",
    title: "Deleted proxies",
    list_path: "/api/v2/search/proxy/deleted",
    search_entity: Some("proxy/deleted"),
    columns: &[
        col("NAME", "/name", F::Text, Fill(3)),
        col("HOSTNAME", "/hostname", F::Text, Fill(2)),
        col("VERSION", "/version", F::Text, Fixed(8)),
        col("CHECK-IN", "/lastCheckInTime", F::TimeMs, Fixed(9)),
    ],
    trash_of: Some(&PROXIES),
    ..BASE
};

/// Every trash, in the order `:trash` names them.
pub static TRASH: [&Kind; 5] = [
    &TRASHED_ALERTS,
    &TRASHED_DASHBOARDS,
    &TRASHED_DERIVED_METRICS,
    &TRASHED_CLOUD_INTEGRATIONS,
    &TRASHED_PROXIES,
];

/// The trash of `kind` (itself when it is one), if the API keeps its deleted items.
pub fn trash_for(kind: &Kind) -> Option<&'static Kind> {
    TRASH
        .iter()
        .copied()
        .find(|t| t == &kind || t.trash_of == Some(kind))
}

/// The request that restores item `id` of a trash.
pub fn restore_request(trash: &Kind, id: &str) -> Option<ApiRequest> {
    let undelete = trash.trash_of?.operation(Verb::Undelete)?;
    Some(undelete.request(id, super::Arg::None))
}

/// A page of the trash: the search with no query (every deleted item), paged by offset.
pub(super) fn list_request(trash: &Kind, page: &PageRequest) -> ApiRequest {
    ApiRequest::search(
        trash.list_path,
        json!({"limit": page.limit, "offset": page.offset}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::kind_by_name;

    #[test]
    fn each_trash_lists_by_search_and_restores_its_kind() {
        for trash in TRASH {
            let live = trash.trash_of.unwrap();
            assert_eq!(
                trash.list_path,
                format!("/api/v2/search/{}/deleted", live.name)
            );
            let list = trash.list_request(&PageRequest::first(100), 0);
            assert_eq!(list.to_string(), format!("POST {}", trash.list_path));
            assert!(!list.is_mutation(), "a search: a read");
            assert_eq!(list.body, Some(json!({"limit": 100, "offset": 0})));
            let search = trash
                .search_request(&PageRequest::first(100), "cpu", 0)
                .unwrap();
            assert_eq!(search.path, trash.list_path);
            let restore = restore_request(trash, "a b").unwrap();
            assert_eq!(
                restore.to_string(),
                format!("POST /api/v2/{}/a%20b/undelete", live.name)
            );
            assert!(trash.holds_items(), "rows keep the JSON: no detail to read");
            assert_eq!(trash_for(live), Some(trash));
            assert_eq!(trash_for(trash), Some(trash));
            assert!(kind_by_name(trash.name).is_none(), "not a list of :<kind>");
        }
        assert_eq!(trash_for(&crate::api::catalog::SOURCES), None);
    }
}
