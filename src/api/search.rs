//! Server-side search (`POST /api/v2/search/<entity>`, FACTS §2.3): the request bodies.

use serde_json::{Value, json};

use super::paging::{PageRequest, Paging};

/// How a kind's server-side search is asked (`POST /api/v2/search/<entity>`): the body always
/// holds the `query` list and the `limit`, then the paging (offset, or the cursor for kinds
/// that page by cursor) and these. Each kind of the catalog has one.
#[derive(Debug, Clone, Copy)]
pub struct SearchShape {
    /// The query key typed text goes to: `freetext` hits every field.
    pub text_key: &'static str,
    pub matching: &'static str,
    /// Members the entity's body needs besides (sources' order, events' time window), from
    /// when the listing began.
    pub extra: Option<fn(i64) -> Value>,
}

impl SearchShape {
    pub const FREETEXT: SearchShape = SearchShape {
        text_key: "freetext",
        matching: "CONTAINS",
        extra: None,
    };

    /// The body searching for `text`, for one page of a kind paged by `paging`; `listed_at_ms`
    /// is when the listing began.
    pub fn body(&self, paging: Paging, page: &PageRequest, text: &str, listed_at_ms: i64) -> Value {
        let query = json!([{"key": self.text_key, "value": text, "matchingMethod": self.matching}]);
        let mut body = json!({"query": query, "limit": page.limit});
        if paging != Paging::Cursor {
            body["offset"] = Value::from(page.offset);
        }
        if let (Some(extra), Some(obj)) = (self.extra, body.as_object_mut()) {
            if let Value::Object(extra) = extra(listed_at_ms) {
                obj.extend(extra);
            }
        }
        // The spec types `cursor` as a string: a first page sends none rather than `null`.
        if let (Paging::Cursor, Some(cursor)) = (paging, &page.cursor) {
            body["cursor"] = Value::from(cursor.as_str());
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, EVENTS, Kind, SOURCES};

    fn body(kind: &Kind, page: &PageRequest, text: &str, now_ms: i64) -> Value {
        kind.search.body(kind.paging, page, text, now_ms)
    }

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

    /// A search of events keeps the window of the listing it pages (not the time of each page).
    #[test]
    fn event_search_pages_keep_the_listing_window() {
        let page = PageRequest {
            listed_at_ms: Some(5 * 86_400_000),
            cursor: Some("e000010".into()),
            ..PageRequest::first(100)
        };
        let req = EVENTS
            .search_request(&page, "deploy", 9 * 86_400_000)
            .unwrap();
        let body: Value = serde_json::from_str(&req.body_text().unwrap()).unwrap();
        assert_eq!(
            body["timeRange"],
            json!({"earliestStartTimeEpochMillis": 4 * 86_400_000i64,
                   "latestStartTimeEpochMillis": 5 * 86_400_000i64})
        );
        // And the list's query the same.
        let q = EVENTS.list_query(&page, 9 * 86_400_000);
        assert!(q.contains(&(
            "latestStartTimeEpochMillis",
            (5 * 86_400_000i64).to_string()
        )));
    }

    #[test]
    fn a_first_page_sends_no_cursor_and_the_next_sends_it() {
        let first = PageRequest::first(100);
        assert_eq!(
            body(&SOURCES, &first, "web", 0).to_string(),
            r#"{"query":[{"key":"freetext","value":"web","matchingMethod":"CONTAINS"}],"limit":100,"sortSourcesAscending":true}"#
        );
        assert_eq!(
            body(&EVENTS, &first, "deploy", 86_400_000).to_string(),
            r#"{"query":[{"key":"freetext","value":"deploy","matchingMethod":"CONTAINS"}],"limit":100,"timeRange":{"earliestStartTimeEpochMillis":0,"latestStartTimeEpochMillis":86400000}}"#
        );
        let next = PageRequest {
            cursor: Some("web-000099.us-east-1.acme.net".into()),
            ..first
        };
        assert_eq!(
            body(&SOURCES, &next, "web", 0).to_string(),
            r#"{"query":[{"key":"freetext","value":"web","matchingMethod":"CONTAINS"}],"limit":100,"sortSourcesAscending":true,"cursor":"web-000099.us-east-1.acme.net"}"#
        );
    }
}
