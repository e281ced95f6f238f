//! Errors of API calls, and reading a server's message out of whatever shape it sent.

use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server answered with a non-success status (or an `ERROR` envelope).
    #[error("{method} {path}: {}{message} (HTTP {status})", status_hint(*status))]
    Status {
        method: &'static str,
        path: String,
        status: u16,
        message: String,
        /// The server's `Retry-After`, when it sent one (seconds).
        retry_after: Option<std::time::Duration>,
    },
    /// The request never got an answer: connection refused, reset, timed out, TLS.
    #[error("{method} {path}: {message}")]
    Transport {
        method: &'static str,
        path: String,
        message: String,
        /// What failed, which decides whether another try can help.
        kind: TransportKind,
    },
    /// An answer came but is not what the API documents.
    #[error("{method} {path}: unexpected response: {message}")]
    Decode {
        method: &'static str,
        path: String,
        message: String,
    },
    /// A success whose body is not JSON (a proxy's HTML page, plain text): kept to be shown as
    /// text, cut to a size a screen can hold.
    #[error("{method} {path}: the answer is not JSON ({reason})")]
    NotJson {
        method: &'static str,
        path: String,
        reason: String,
        body: String,
    },
    /// The answer was larger than the limit (`max_response_mb`, counted after decompression):
    /// reading stopped there, so memory stays bounded whatever a server sends.
    #[error("{method} {path}: the answer is larger than {} MiB (max_response_mb)", .limit >> 20)]
    TooLarge {
        method: &'static str,
        path: String,
        limit: u64,
    },
    /// A token could not be had for the request.
    #[error("{0}")]
    Auth(String),
    /// Not sent: the kind has no detail endpoint (its items are read from its list).
    #[error("{title} have no detail endpoint")]
    NoDetailEndpoint { title: &'static str },
    /// Not sent: the kind has no server-side search.
    #[error("{title} cannot be searched on the server")]
    NoServerSearch { title: &'static str },
    /// Not sent: read-only mode refuses a change ("read-only: PUT /… refused (--readonly)").
    #[error("{0}")]
    ReadOnly(String),
}

/// How a request failed to get an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// Nothing listens on the port.
    Refused,
    /// The host name does not resolve.
    Unresolved,
    /// `https://` to a server that speaks plain HTTP.
    NotTls,
    /// The server's TLS certificate was not accepted.
    Certificate,
    /// Another failure while connecting.
    Connect,
    /// No answer within the time allowed.
    Timeout,
    /// The exchange broke off after it started: a reset, a body cut short.
    Interrupted,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            ApiError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// What a status means for the person, before the server's own words.
fn status_hint(status: u16) -> &'static str {
    match status {
        401 => "not authorized (log in again): ",
        403 => "this token lacks the permission for this: ",
        429 | 406 => "the instance asks to slow down: ",
        _ => "",
    }
}

/// Finds the human message in an error body, whichever of the shapes of FACTS §4 it came in:
/// the envelope's `status.message`, a flat `message`, `error`, CSP's `message`, `key='value'`
/// text, or an HTML page's title. Returns `None` for an empty body.
pub fn server_message(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(json) = crate::json::parse_str(text) {
        // JSON with no message in any known shape is not shown raw: the status's reason is.
        return json_message(&json);
    }
    if let Some(title) = html_title(text) {
        return Some(title);
    }
    if let Some(msg) = quoted_field(text, "message") {
        return Some(msg);
    }
    if text.starts_with('<') {
        return Some("the server answered with an HTML page".into());
    }
    text.lines().find(|l| !l.trim().is_empty()).map(shorten)
}

fn json_message(json: &Value) -> Option<String> {
    let text = |pointer: &str| {
        json.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let flat = ["/status/message", "/message"]
        .into_iter()
        .find_map(text)
        .map(str::to_string);
    // RFC 7807 problem details (gateways, Spring): `title` and `detail`.
    let problem = || match (text("/title"), text("/detail")) {
        (Some(t), Some(d)) if t != d => Some(format!("{t}: {d}")),
        (Some(one), _) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    };
    let others = || {
        [
            "/error_description",
            "/error",
            "/error/message",
            "/errors/0/message",
            "/errorMessage",
        ]
        .into_iter()
        .find_map(text)
        .map(str::to_string)
    };
    flat.or_else(problem).or_else(others).map(|m| shorten(&m))
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    let title = text.get(start..end)?.trim();
    (!title.is_empty()).then(|| shorten(title))
}

/// `message='resource cannot be found'` as the API sends in its plain-text errors.
fn quoted_field(text: &str, key: &str) -> Option<String> {
    let marker = format!("{key}='");
    let start = text.find(&marker)? + marker.len();
    let end = start + text[start..].find('\'')?;
    // `message=''` says nothing: the status's own words are better than an empty message.
    Some(shorten(&text[start..end])).filter(|m| !m.is_empty())
}

/// Error text goes on one status line: keep it to a readable length.
fn shorten(s: &str) -> String {
    const MAX: usize = 300;
    let s = s.trim();
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_message() {
        let body = br#"{"status":{"result":"ERROR","message":"Unknown integration","code":404}}"#;
        assert_eq!(server_message(body).as_deref(), Some("Unknown integration"));
    }

    #[test]
    fn flat_and_error_shapes() {
        assert_eq!(
            server_message(br#"{"code":403,"message":"Don't have permission"}"#).as_deref(),
            Some("Don't have permission")
        );
        assert_eq!(
            server_message(br#"{"error":"HTTP 415 Unsupported Media Type","trackingId":"x"}"#)
                .as_deref(),
            Some("HTTP 415 Unsupported Media Type")
        );
        assert_eq!(
            server_message(br#"{"statusCode":400,"errorCode":"x","message":"invalid_grant"}"#)
                .as_deref(),
            Some("invalid_grant")
        );
    }

    #[test]
    fn text_and_html_shapes() {
        let text = b"error='not_found'\nmessage='resource cannot be found'\ntrackingId=abc";
        assert_eq!(
            server_message(text).as_deref(),
            Some("resource cannot be found")
        );
        let html =
            b"<html><head><title>502 Bad Gateway</title></head><body><h1>x</h1></body></html>";
        assert_eq!(server_message(html).as_deref(), Some("502 Bad Gateway"));
        assert_eq!(
            server_message(b"<html><body>oops</body></html>").as_deref(),
            Some("the server answered with an HTML page")
        );
        assert_eq!(server_message(b"  \n").as_deref(), None);
    }

    #[test]
    fn problem_details_read_as_title_and_detail() {
        let body = br#"{"type":"about:blank","title":"Bad Gateway","status":502,"detail":"upstream timed out"}"#;
        assert_eq!(
            server_message(body).as_deref(),
            Some("Bad Gateway: upstream timed out")
        );
        assert_eq!(
            server_message(br#"{"title":"Forbidden","status":403}"#).as_deref(),
            Some("Forbidden")
        );
        assert_eq!(
            server_message(br#"{"error":{"code":7,"message":"quota exceeded"}}"#).as_deref(),
            Some("quota exceeded")
        );
    }

    #[test]
    fn json_without_a_message_is_never_shown_raw() {
        assert_eq!(server_message(br#"{"status":502,"path":"/x"}"#), None);
        assert_eq!(server_message(b"[1,2]"), None);
    }

    #[test]
    fn long_messages_are_cut() {
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(5000));
        let msg = server_message(long.as_bytes()).unwrap();
        assert!(msg.chars().count() <= 301);
    }
}
