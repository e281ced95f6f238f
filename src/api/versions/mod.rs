//! An item's version history, for the kinds that keep one (alerts, dashboards, derived
//! metrics): `GET /api/v2/<kind>/{id}/history` lists the versions (offset paged: who changed
//! it, when, and what the server says changed), `…/history/{version}` is the item as it was.
//! A revert is a `PUT` of an old version ([`bodies`]); a copy of one is a new item.

pub mod bodies;
pub mod decode;

use serde_json::Value;

pub use bodies::{clone_request, copy_of_version, revert_body, without_computed};
pub use decode::{Version, VersionNo, VersionPage, VersionsError};

use super::request::{ApiRequest, segment};
use crate::api::catalog::{ALERTS, DASHBOARDS, DERIVED_METRICS, Kind};

/// The kinds with a version history in the spec (span sampling policies have one too; wf-tui
/// has no list of those to open it from).
pub const HISTORY_KINDS: [&Kind; 3] = [&ALERTS, &DASHBOARDS, &DERIVED_METRICS];

/// Versions asked for at once (the spec's default `limit`).
pub const PAGE_SIZE: u32 = 100;

/// Whether `kind`'s items have a version history.
pub fn has_history(kind: &Kind) -> bool {
    HISTORY_KINDS.contains(&kind)
}

/// `/api/v2/<kind>/{id}/history`, the id escaped as one path segment.
pub fn history_path(kind: &Kind, item_id: &str) -> String {
    format!("/api/v2/{}/{}/history", kind.name, segment(item_id))
}

/// One read of the history.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// One page of the versions, newest first (as the server orders them).
    List {
        kind: &'static Kind,
        item_id: String,
        offset: u64,
        limit: u32,
    },
    /// The item as it was at `version`.
    Version {
        kind: &'static Kind,
        item_id: String,
        version: VersionNo,
    },
    /// The item as it is now (its detail), for a revert's diff.
    Current {
        kind: &'static Kind,
        item_id: String,
    },
}

/// What a [`Call`] answered, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Page(VersionPage),
    /// A version's JSON, or the item's now.
    Item(Value),
}

impl Call {
    /// The request as sent; every one is a read.
    pub fn request(&self) -> ApiRequest {
        match self {
            Call::List {
                kind,
                item_id,
                offset,
                limit,
            } => ApiRequest::get(history_path(kind, item_id))
                .with_query("offset", offset.to_string())
                .with_query("limit", limit.to_string()),
            Call::Version {
                kind,
                item_id,
                version,
            } => ApiRequest::get(format!("{}/{version}", history_path(kind, item_id))),
            Call::Current { kind, item_id } => kind.detail_request(item_id).unwrap_or_else(|| {
                ApiRequest::get(format!("/api/v2/{}/{}", kind.name, segment(item_id)))
            }),
        }
    }

    /// Reads the payload (the envelope already taken off) of this call's answer.
    pub fn read(&self, payload: Value) -> Result<Answer, VersionsError> {
        match self {
            Call::List { .. } => decode::page(&payload).map(Answer::Page),
            Call::Version { .. } | Call::Current { .. } => match payload {
                Value::Object(_) => Ok(Answer::Item(payload)),
                other => Err(VersionsError::Shape {
                    expected: "the item's JSON",
                    got: crate::json::value::kind_name(&other),
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_page_and_escape_the_id() {
        let list = Call::List {
            kind: &DASHBOARDS,
            item_id: "ops/main dash".into(),
            offset: 100,
            limit: 100,
        };
        assert_eq!(
            list.request().path_and_query(),
            "/api/v2/dashboard/ops%2Fmain%20dash/history?offset=100&limit=100"
        );
        let one = Call::Version {
            kind: &ALERTS,
            item_id: "1690".into(),
            version: VersionNo::parse("4").unwrap(),
        };
        assert_eq!(
            one.request().to_string(),
            "GET /api/v2/alert/1690/history/4"
        );
        let now = Call::Current {
            kind: &DERIVED_METRICS,
            item_id: "9".into(),
        };
        assert_eq!(now.request().to_string(), "GET /api/v2/derivedmetric/9");
        for call in [list, one, now] {
            assert!(!call.request().is_mutation());
        }
    }

    #[test]
    fn an_item_must_be_an_object() {
        let call = Call::Current {
            kind: &ALERTS,
            item_id: "1".into(),
        };
        assert!(matches!(call.read(json!({"id": "1"})), Ok(Answer::Item(_))));
        assert_eq!(
            call.read(json!([1])).unwrap_err().to_string(),
            "expected the item's JSON, got a list"
        );
        assert!(has_history(&ALERTS) && !has_history(&crate::api::catalog::SOURCES));
    }
}
