//! One API request as data: method, path, query and body. The same value is sent by the worker,
//! shown in a confirmation before a mutation runs, recorded in the history, and written out as
//! the `curl` command the API guide would print — with a placeholder, never the token.

use std::fmt;

use serde_json::Value;

use super::address::InstanceAddress;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }

    pub fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The environment variable the copied `curl` commands read the token from.
pub const TOKEN_PLACEHOLDER: &str = "$WAVEFRONT_TOKEN";

/// A request to the instance, relative to its base address.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    pub method: HttpMethod,
    /// The path with its segments already escaped, e.g. `/api/v2/source/web%2F01/tag/env`.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// A JSON body (sent with `Content-Type: application/json`).
    pub body: Option<Value>,
    /// Whether it may be sent again after a failure without changing the outcome. Reads and
    /// searches are; mutations are not retried blindly.
    pub idempotent: bool,
}

impl ApiRequest {
    fn new(method: HttpMethod, path: impl Into<String>, idempotent: bool) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            idempotent,
        }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new(HttpMethod::Get, path, true)
    }

    /// A `POST` that changes something.
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(HttpMethod::Post, path, false)
    }

    /// A `POST` that only reads (a search): safe to retry.
    pub fn search(path: impl Into<String>, body: Value) -> Self {
        Self::new(HttpMethod::Post, path, true).with_body(body)
    }

    pub fn put(path: impl Into<String>) -> Self {
        Self::new(HttpMethod::Put, path, false)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(HttpMethod::Delete, path, false)
    }

    pub fn with_query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds every pair of `query`, in order.
    pub fn with_query_pairs(mut self, query: &[(&str, String)]) -> Self {
        self.query
            .extend(query.iter().map(|(k, v)| (k.to_string(), v.clone())));
        self
    }

    pub fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Whether it changes something on the instance (refused in read-only mode).
    pub fn is_mutation(&self) -> bool {
        !self.idempotent
    }

    /// The path and query as sent, e.g. `/api/v2/alert/1/snooze?seconds=3600`.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let mut url = url::Url::parse("http://x").expect("static URL parses");
        url.query_pairs_mut().extend_pairs(self.query.iter());
        format!("{}?{}", self.path, url.query().unwrap_or_default())
    }

    /// The full URL against `base`.
    pub fn url(&self, base: &InstanceAddress) -> String {
        base.join(&self.path_and_query())
    }

    /// The body as it is sent, compact; `None` without one.
    pub fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(Value::to_string)
    }

    /// The request as the API guide writes it, for a shell: the token comes from
    /// `$WAVEFRONT_TOKEN` (double quotes, so the shell expands it), never the real one.
    pub fn curl(&self, base: &InstanceAddress) -> String {
        let mut out = String::from("curl");
        if self.method != HttpMethod::Get {
            out.push_str(" -X ");
            out.push_str(self.method.as_str());
        }
        out.push(' ');
        out.push_str(&shell_quote(&self.url(base)));
        out.push_str(" -H 'Accept: application/json'");
        out.push_str(&format!(
            " -H \"Authorization: Bearer {TOKEN_PLACEHOLDER}\""
        ));
        if let Some(body) = self.body_text() {
            out.push_str(" -H 'Content-Type: application/json' -d ");
            out.push_str(&shell_quote(&body));
        } else if matches!(self.method, HttpMethod::Put | HttpMethod::Post) {
            // The official clients send the header even without a body; some endpoints want it.
            out.push_str(" -H 'Content-Type: application/json'");
        }
        out
    }
}

impl fmt::Display for ApiRequest {
    /// `METHOD /path?query`, for confirmations, history and error lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path_and_query())
    }
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

/// One path segment, escaped (an id or a tag may hold `/`, spaces or `#`).
pub fn segment(s: &str) -> String {
    encode_path_segment(s)
}

/// Single-quotes for a POSIX shell: `'` becomes `'\''`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_address;
    use serde_json::json;

    fn base() -> InstanceAddress {
        parse_address("acme.wavefront.com").unwrap()
    }

    #[test]
    fn get_as_curl_uses_the_placeholder() {
        let req = ApiRequest::get("/api/v2/alert").with_query("limit", "100");
        assert_eq!(
            req.curl(&base()),
            "curl 'https://acme.wavefront.com/api/v2/alert?limit=100' \
             -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\""
        );
    }

    #[test]
    fn mutation_with_body_as_curl() {
        let req = ApiRequest::post(format!("/api/v2/source/{}/tag", segment("web 01")))
            .with_body(json!(["env=prod", "it's"]));
        assert_eq!(
            req.curl(&base()),
            "curl -X POST 'https://acme.wavefront.com/api/v2/source/web%2001/tag' \
             -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\" \
             -H 'Content-Type: application/json' -d '[\"env=prod\",\"it'\\''s\"]'"
        );
        assert!(req.is_mutation());
    }

    #[test]
    fn display_shows_method_path_and_query() {
        let req = ApiRequest::post("/api/v2/alert/1/snooze").with_query("seconds", "3600");
        assert_eq!(req.to_string(), "POST /api/v2/alert/1/snooze?seconds=3600");
        assert!(ApiRequest::search("/api/v2/search/alert", json!({})).idempotent);
    }

    #[test]
    fn query_values_are_escaped() {
        let req = ApiRequest::get("/api/v2/chart/api").with_query("q", "ts(cpu.load, env=prod)");
        assert_eq!(
            req.path_and_query(),
            "/api/v2/chart/api?q=ts%28cpu.load%2C+env%3Dprod%29"
        );
    }
}
