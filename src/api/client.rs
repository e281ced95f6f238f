//! The HTTP client for one instance: sends a request with a bearer token, decodes the envelope,
//! turns every failure into an [`ApiError`] in words.

use std::sync::Once;
use std::time::Duration;

use super::request::ApiRequest;
pub use reqwest::StatusCode;
use serde_json::Value;

use super::address::InstanceAddress;
use super::envelope::{EnvelopeError, unwrap_envelope};
use super::error::{ApiError, server_message};
use crate::secret::Secret;

/// Connect and total timeouts of every request.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
        }
    }
}

/// Builds the one reqwest client of the process (rustls with the ring provider: no OpenSSL).
pub fn http_client(timeouts: Timeouts) -> reqwest::Client {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // Fails only if another provider was installed first, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .user_agent(concat!("wf-tui/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.total)
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Talks to one Wavefront instance.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: InstanceAddress,
}

impl ApiClient {
    pub fn new(http: reqwest::Client, base: InstanceAddress) -> Self {
        Self { http, base }
    }

    pub fn base(&self) -> &InstanceAddress {
        &self.base
    }

    /// Sends `request` once with `Authorization: Bearer <token>`; returns the envelope's payload.
    pub async fn send(&self, request: &ApiRequest, bearer: &Secret) -> Result<Value, ApiError> {
        self.send_measured(request, bearer).await.0
    }

    /// [`ApiClient::send`], also saying what came back on the wire (for the request history).
    pub async fn send_measured(
        &self,
        request: &ApiRequest,
        bearer: &Secret,
    ) -> (Result<Value, ApiError>, Exchange) {
        let (method_name, path, query) = (request.method.as_str(), &request.path, &request.query);
        let mut exchange = Exchange::default();
        let mut req = self
            .http
            .request(request.method.to_reqwest(), self.base.join(path))
            .bearer_auth(bearer.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if !query.is_empty() {
            req = req.query(query);
        }
        if let Some(body) = &request.body {
            req = req.json(body);
        }
        let transport = |e: reqwest::Error| ApiError::Transport {
            method: method_name,
            path: path.to_string(),
            message: describe_transport_error(&e),
        };
        let resp = match req.send().await {
            Ok(resp) => resp,
            Err(e) => return (Err(transport(e)), exchange),
        };
        let status = resp.status();
        exchange.status = Some(status.as_u16());
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = match resp.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => return (Err(transport(e)), exchange),
        };
        exchange.bytes = bytes.len() as u64;
        let result = decode_response(method_name, path, status, &bytes).map_err(|e| match e {
            ApiError::Status {
                method,
                path,
                status,
                message,
                retry_after: None,
            } => ApiError::Status {
                method,
                path,
                status,
                message,
                retry_after,
            },
            other => other,
        });
        (result, exchange)
    }
}

/// What a request got back on the wire, whatever its outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exchange {
    /// `None` when no answer came.
    pub status: Option<u16>,
    pub bytes: u64,
}

/// Turns a status and body into the payload or an error with the server's own words.
pub fn decode_response(
    method: &'static str,
    path: &str,
    status: StatusCode,
    body: &[u8],
) -> Result<Value, ApiError> {
    if !status.is_success() {
        let message = server_message(body)
            .or_else(|| status.canonical_reason().map(str::to_string))
            .unwrap_or_else(|| "no message".into());
        return Err(ApiError::Status {
            method,
            path: path.to_string(),
            status: status.as_u16(),
            message,
            retry_after: None,
        });
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    /// How much of a non-JSON body is kept to show.
    const SHOWN: usize = 64 * 1024;
    let value: Value = serde_json::from_slice(body).map_err(|e| ApiError::NotJson {
        method,
        path: path.to_string(),
        reason: e.to_string(),
        body: String::from_utf8_lossy(&body[..body.len().min(SHOWN)]).into_owned(),
    })?;
    unwrap_envelope(value).map_err(|EnvelopeError::Error { code, message }| ApiError::Status {
        method,
        path: path.to_string(),
        status: code.unwrap_or(status.as_u16()),
        message,
        retry_after: None,
    })
}

/// reqwest's own text names the URL and nests causes; say what happened in a few words.
fn describe_transport_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the response was cut short"
    } else {
        "request failed"
    };
    let mut root: &dyn std::error::Error = e;
    while let Some(src) = root.source() {
        root = src;
    }
    let detail = root.to_string();
    if detail.is_empty() || detail == kind {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_envelope_is_unwrapped() {
        let body = br#"{"status":{"result":"OK","code":200},"response":{"id":"x"}}"#;
        let v = decode_response("GET", "/p", StatusCode::OK, body).unwrap();
        assert_eq!(v["id"], "x");
    }

    #[test]
    fn error_status_carries_server_message() {
        let body = br#"{"status":{"result":"ERROR","message":"no such thing","code":404}}"#;
        let err =
            decode_response("GET", "/api/v2/alert/1", StatusCode::NOT_FOUND, body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GET /api/v2/alert/1: no such thing (HTTP 404)"
        );
        assert_eq!(err.status(), Some(404));
    }

    #[test]
    fn error_envelope_with_200_is_an_error() {
        let body = br#"{"status":{"result":"ERROR","message":"query syntax","code":400}}"#;
        let err = decode_response("GET", "/q", StatusCode::OK, body).unwrap_err();
        assert_eq!(err.status(), Some(400));
    }

    #[test]
    fn html_error_page_becomes_its_title() {
        let body = b"<html><title>503 Service Unavailable</title><body>...</body></html>";
        let err = decode_response("GET", "/p", StatusCode::SERVICE_UNAVAILABLE, body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GET /p: 503 Service Unavailable (HTTP 503)"
        );
    }

    #[test]
    fn non_json_success_is_a_decode_error() {
        let err = decode_response("GET", "/p", StatusCode::OK, b"<html>hi</html>").unwrap_err();
        assert!(
            matches!(err, ApiError::NotJson { ref body, .. } if body == "<html>hi</html>"),
            "{err}"
        );
    }

    #[test]
    fn empty_body_is_null() {
        assert_eq!(
            decode_response("DELETE", "/p", StatusCode::OK, b"").unwrap(),
            Value::Null
        );
    }
}
