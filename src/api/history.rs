//! One request as the history records it: what was sent and how it went. Never a header, so
//! never a token; the request body only when the person opts in; never the response body.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::request::{ApiRequest, HttpMethod};

/// Now, in Unix ms (history entries, token times).
pub fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// How many requests the history keeps (in memory and on disk), newest last.
pub const HISTORY_LIMIT: usize = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When it was sent (Unix ms).
    pub at_ms: i64,
    pub method: String,
    /// The path as sent, segments escaped.
    pub path: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    /// The HTTP status; `None` when no answer came (connection, timeout).
    pub status: Option<u16>,
    pub duration_ms: u64,
    /// Bytes of the answer's body.
    pub bytes: u64,
    /// Whether a request body was sent (it is kept only with `history_bodies`).
    #[serde(default)]
    pub had_body: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl HistoryEntry {
    pub fn http_method(&self) -> Option<HttpMethod> {
        match self.method.as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }

    /// A read: a `GET` or a search (`POST /api/v2/search/…`), safe to send again at once.
    pub fn is_read(&self) -> bool {
        self.method == "GET" || (self.method == "POST" && self.path.starts_with("/api/v2/search/"))
    }

    /// The request again, when it can be rebuilt: a body that was sent but not kept cannot.
    pub fn request(&self) -> Option<ApiRequest> {
        let method = self.http_method()?;
        if self.had_body && self.body.is_none() {
            return None;
        }
        Some(ApiRequest {
            method,
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            idempotent: self.is_read(),
        })
    }

    /// `GET /api/v2/alert?limit=100`.
    pub fn label(&self) -> String {
        let mut req = ApiRequest::get(self.path.clone());
        req.query = self.query.clone();
        format!("{} {}", self.method, req.path_and_query())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, path: &str, had_body: bool, body: Option<Value>) -> HistoryEntry {
        HistoryEntry {
            at_ms: 0,
            method: method.into(),
            path: path.into(),
            query: vec![("limit".into(), "10".into())],
            status: Some(200),
            duration_ms: 5,
            bytes: 10,
            had_body,
            body,
        }
    }

    #[test]
    fn reads_rebuild_and_mutations_without_their_body_do_not() {
        let get = entry("GET", "/api/v2/alert", false, None);
        assert!(get.is_read());
        assert_eq!(get.label(), "GET /api/v2/alert?limit=10");
        assert_eq!(
            get.request().unwrap().to_string(),
            "GET /api/v2/alert?limit=10"
        );
        let search = entry("POST", "/api/v2/search/alert", true, None);
        assert!(search.is_read());
        assert!(search.request().is_none(), "its body was not kept");
        let kept = entry(
            "POST",
            "/api/v2/search/alert",
            true,
            Some(serde_json::json!({})),
        );
        assert!(kept.request().unwrap().idempotent);
        let delete = entry("DELETE", "/api/v2/alert/1", false, None);
        assert!(!delete.is_read());
        assert!(delete.request().unwrap().is_mutation());
    }
}
