//! Server-side search (`POST /api/v2/search/<entity>`, FACTS §2.3): the request bodies.

use serde_json::{Value, json};

use super::catalog::Kind;
use super::paging::{PageRequest, Paging};

/// The body searching `kind` for `text` in any field, for one page.
///
/// Sources and events have their own request shapes (cursor paging; events a time range);
/// every other entity takes a `SortableSearchRequest` with offset paging.
pub fn body(kind: &Kind, page: &PageRequest, text: &str, now_ms: i64) -> Value {
    let query = json!([{"key": "freetext", "value": text, "matchingMethod": "CONTAINS"}]);
    match (kind.search_entity, kind.paging) {
        (Some("source"), _) => json!({
            "query": query,
            "limit": page.limit,
            "cursor": page.cursor,
            "sortSourcesAscending": true,
        }),
        (Some("event"), _) => json!({
            "query": query,
            "limit": page.limit,
            "cursor": page.cursor,
            "timeRange": {
                "earliestStartTimeEpochMillis": now_ms - 86_400_000,
                "latestStartTimeEpochMillis": now_ms,
            },
        }),
        (_, Paging::Cursor) => json!({"query": query, "limit": page.limit, "cursor": page.cursor}),
        _ => json!({"query": query, "limit": page.limit, "offset": page.offset}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, EVENTS, SOURCES};

    #[test]
    fn bodies_follow_each_entity() {
        let first = PageRequest::first(100);
        let alert = body(&ALERTS, &first, "cpu", 0);
        assert_eq!(alert["query"][0]["key"], "freetext");
        assert_eq!(alert["offset"], 0);
        let source = body(&SOURCES, &first, "web", 0);
        assert!(source.get("offset").is_none());
        assert_eq!(source["sortSourcesAscending"], true);
        let event = body(&EVENTS, &first, "deploy", 86_400_000 * 2);
        assert_eq!(
            event["timeRange"]["earliestStartTimeEpochMillis"],
            86_400_000
        );
    }
}
