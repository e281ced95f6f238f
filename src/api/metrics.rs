//! The metric namespace: names one level under a prefix, and one metric's sources and point
//! tags. Sources and tags come from the official `GET /api/v2/chart/metric/detail`; names only
//! from the product's undocumented `GET /chart/metrics/all?trie=true` (the official API has no
//! way to list them), which an instance may not answer: the caller probes it and falls back.

use serde_json::Value;

use super::retry::RetryNotice;
use super::{ApiError, ApiRequest, Executor};

pub const DETAIL_PATH: &str = "/api/v2/chart/metric/detail";
pub const ALL_PATH: &str = "/chart/metrics/all";
/// The most names asked for at once (the endpoint's cap).
pub const PAGE: usize = 1000;
/// Pages read at most for one prefix (a namespace wider than this is cut, and says so).
const MAX_PAGES: usize = 10;

/// What completion (or `:metrics`) asks of the instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ask {
    /// The names one level under a prefix (namespaces end in `.`).
    Children { prefix: String },
    /// One metric's sources and their point tags.
    Detail { metric: String },
    /// Source names starting with a prefix, of any metric (the official source search), for
    /// a `source=` whose metric is not known (a glob, none).
    Sources { prefix: String },
}

/// One source reporting a metric.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceDetail {
    pub host: String,
    /// Milliseconds since the epoch, when the instance says.
    pub last_update: Option<i64>,
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Children {
        names: Vec<String>,
        /// More than [`MAX_PAGES`] pages: the rest was not read.
        cut: bool,
    },
    Detail {
        sources: Vec<SourceDetail>,
        /// More sources than were read.
        more: bool,
    },
    Sources {
        names: Vec<String>,
    },
}

/// Sources asked for at once by a source search.
const SOURCES_PAGE: usize = 100;

pub fn sources_request(prefix: &str) -> ApiRequest {
    ApiRequest::search(
        "/api/v2/search/source",
        serde_json::json!({
            "query": [{"key": "id", "value": prefix, "matchingMethod": "STARTSWITH"}],
            "limit": SOURCES_PAGE,
        }),
    )
}

/// The ids of a source search's answer (in its envelope or not).
pub fn read_sources(value: &Value) -> Vec<String> {
    let inner = value.get("response").unwrap_or(value);
    inner
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| i.get("id").and_then(Value::as_str).map(str::to_string))
        .collect()
}

pub fn detail_request(metric: &str, limit: usize, cursor: Option<&str>) -> ApiRequest {
    let mut r = ApiRequest::get(DETAIL_PATH)
        .with_query("m", metric)
        .with_query("l", limit.to_string());
    if let Some(c) = cursor {
        r = r.with_query("c", c);
    }
    r
}

pub fn children_request(prefix: &str, after: Option<&str>) -> ApiRequest {
    let mut r = ApiRequest::get(ALL_PATH)
        .with_query("trie", "true")
        .with_query("q", prefix)
        .with_query("l", PAGE.to_string());
    if let Some(p) = after {
        r = r.with_query("p", p);
    }
    r
}

/// A `MetricDetailsResponse`, leniently: a source without `host` is left out, a tag value that
/// is not a string is shown as JSON, the token is the cursor of the next page.
pub fn read_details(value: &Value) -> (Vec<SourceDetail>, Option<String>) {
    let inner = value.get("response").unwrap_or(value);
    let sources = inner
        .get("hosts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|h| {
            let host = h.get("host")?.as_str()?.to_string();
            let mut tags: Vec<(String, String)> = h
                .get("tags")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), Into::into),
                    )
                })
                .collect();
            tags.sort();
            Some(SourceDetail {
                host,
                last_update: h.get("last_update").and_then(Value::as_i64),
                tags,
            })
        })
        .collect();
    let token = inner
        .get("continuationToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    (sources, token)
}

/// `{metrics: [...]}`: the names (strings only).
pub fn read_children(value: &Value) -> Option<Vec<String>> {
    let names = value.get("metrics")?.as_array()?;
    Some(
        names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
    )
}

/// Runs an ask: every page of a prefix's names (up to [`MAX_PAGES`]), or one page of a
/// metric's sources. A names answer that is not `{metrics: […]}` is an error like a 404: the
/// instance has no such endpoint.
pub async fn run(
    api: &Executor,
    ask: &Ask,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<Answer, ApiError> {
    match ask {
        Ask::Children { prefix } => {
            let mut names: Vec<String> = Vec::new();
            for _ in 0..MAX_PAGES {
                let request = children_request(prefix, names.last().map(String::as_str));
                let value = api.execute(&request, on_retry).await?;
                let page = read_children(&value).ok_or_else(|| ApiError::Decode {
                    method: "GET",
                    path: ALL_PATH.into(),
                    message: "no list of metrics in the answer".into(),
                })?;
                let full = page.len() >= PAGE;
                names.extend(page);
                if !full {
                    return Ok(Answer::Children { names, cut: false });
                }
            }
            Ok(Answer::Children { names, cut: true })
        }
        Ask::Sources { prefix } => {
            let value = api.execute(&sources_request(prefix), on_retry).await?;
            Ok(Answer::Sources {
                names: read_sources(&value),
            })
        }
        Ask::Detail { metric } => {
            let value = api
                .execute(&detail_request(metric, PAGE, None), on_retry)
                .await?;
            let (sources, token) = read_details(&value);
            Ok(Answer::Detail {
                sources,
                more: token.is_some(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn details_are_read_leniently() {
        let v = json!({"hosts": [
            {"host": "web-01", "last_update": 1700000000000i64, "tags": {"env": "prod", "n": 3}},
            {"last_update": 1},
            {"host": "web-02", "tags": null},
        ], "continuationToken": "web-02"});
        let (sources, token) = read_details(&v);
        assert_eq!(sources.len(), 2);
        assert_eq!(
            sources[0].tags,
            vec![("env".into(), "prod".into()), ("n".into(), "3".into())]
        );
        assert_eq!(sources[1].last_update, None);
        assert_eq!(token.as_deref(), Some("web-02"));
        assert_eq!(read_details(&json!({})).0, vec![]);
        assert_eq!(read_details(&json!("x")).1, None);
    }

    #[test]
    fn source_search_ids() {
        let v = json!({"status": {}, "response": {"items": [{"id": "web-01"}, {"x": 1}]}});
        assert_eq!(read_sources(&v), vec!["web-01".to_string()]);
        assert!(read_sources(&json!(null)).is_empty());
        let body = sources_request("web").body.unwrap();
        assert_eq!(body["query"][0]["matchingMethod"], "STARTSWITH");
    }

    #[test]
    fn children_need_a_list() {
        assert_eq!(
            read_children(&json!({"metrics": ["cpu.", 3, "mem.used"]})),
            Some(vec!["cpu.".to_string(), "mem.used".to_string()])
        );
        assert_eq!(read_children(&json!({"status": "ok"})), None);
        assert_eq!(read_children(&json!("<html>")), None);
    }

    #[test]
    fn requests_carry_the_parameters() {
        let r = children_request("cpu.", Some("cpu.load."));
        assert_eq!(
            r.path_and_query(),
            "/chart/metrics/all?trie=true&q=cpu.&l=1000&p=cpu.load."
        );
        let r = detail_request("cpu.idle", 10, Some("web-02"));
        assert_eq!(
            r.path_and_query(),
            "/api/v2/chart/metric/detail?m=cpu.idle&l=10&c=web-02"
        );
    }
}
