//! The HTTP client for one instance: sends a request with a bearer token, decodes the envelope,
//! turns every failure into an [`ApiError`] in words.

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use super::request::ApiRequest;
pub use reqwest::StatusCode;
use serde_json::Value;

use super::address::InstanceAddress;
use super::envelope::{EnvelopeError, unwrap_envelope};
use super::error::{ApiError, TransportKind, server_message};
use crate::secret::Secret;

/// Connect and total timeouts of every request, and the largest answer read.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
    /// Bytes, after decompression (`max_response_mb`).
    pub max_body: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
            max_body: DEFAULT_MAX_RESPONSE_MB << 20,
        }
    }
}

/// The total timeout of the last client built, in ms: the deadline of one call with all its
/// retries (a reqwest client cannot tell its own timeout, and every client of a process is
/// built from the one `--timeout`).
static BUDGET_MS: AtomicU64 = AtomicU64::new(60_000);

/// The largest answer the last client built reads (as [`BUDGET_MS`]: one setting a process).
/// The largest answer read, in MiB, unless the settings say otherwise (`max_response_mb`).
pub const DEFAULT_MAX_RESPONSE_MB: u64 = 256;

static MAX_BODY: AtomicU64 = AtomicU64::new(DEFAULT_MAX_RESPONSE_MB << 20);

/// The largest answer read, in bytes after decompression.
pub fn max_body() -> u64 {
    MAX_BODY.load(Ordering::Relaxed)
}

/// How long one call may take in all, retries included: the person's `--timeout`.
pub fn request_budget() -> Duration {
    Duration::from_millis(BUDGET_MS.load(Ordering::Relaxed))
}

/// Builds the one reqwest client of the process (rustls with the ring provider: no OpenSSL).
pub fn http_client(timeouts: Timeouts) -> reqwest::Client {
    BUDGET_MS.store(
        u64::try_from(timeouts.total.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    MAX_BODY.store(timeouts.max_body.max(1), Ordering::Relaxed);
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // Fails only if another provider was installed first, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .user_agent(concat!("wf-tui/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.total)
        // The token stays where it belongs: no proxy for plain http, no redirect elsewhere.
        .proxy(super::transport::proxy())
        .redirect(super::transport::redirect_policy())
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
        let (result, exchange) = self.send_answer(request, bearer).await;
        (result.map(|a| a.value), exchange)
    }

    /// [`ApiClient::send_measured`], keeping the bytes of the payload as they came.
    pub async fn send_answer(
        &self,
        request: &ApiRequest,
        bearer: &Secret,
    ) -> (Result<Answer, ApiError>, Exchange) {
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
        let started = Instant::now();
        let transport = |e: reqwest::Error| {
            let (kind, message) = describe_transport_error(&e, started.elapsed());
            ApiError::Transport {
                method: method_name,
                path: path.clone(),
                message,
                kind,
            }
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
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let limit = max_body();
        let bytes = match super::transport::read_body(resp, limit).await {
            Ok(bytes) => bytes,
            Err(super::transport::BodyError::Transport(e)) => {
                return (Err(transport(e)), exchange);
            }
            Err(super::transport::BodyError::TooLarge { limit }) => {
                let error = ApiError::TooLarge {
                    method: method_name,
                    path: path.clone(),
                    limit,
                };
                return (Err(error), exchange);
            }
        };
        exchange.bytes = bytes.len() as u64;
        if status.is_success() {
            // A listing fetched ahead reads its next cursor here, before the decoding (#23).
            let _ = BODY_PEEK.try_with(|peek| peek(&bytes));
        }
        let result = decode_answer(method_name, path, status, bytes).map_err(|e| match e {
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

tokio::task_local! {
    /// Shown each successful body before it is decoded, on the task that set it: a cursor
    /// listing asks for its next page as soon as the bytes name it (see `worker::ahead`).
    pub static BODY_PEEK: BodyPeek;
}

/// What [`BODY_PEEK`] holds.
pub type BodyPeek = std::sync::Arc<dyn Fn(&[u8]) + Send + Sync>;

/// What a request got back on the wire, whatever its outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exchange {
    /// `None` when no answer came.
    pub status: Option<u16>,
    pub bytes: u64,
}

/// A success: the payload decoded, and its bytes exactly as the server sent them (for the
/// inspector and `get -o json`, which must not rewrite a number's text).
#[derive(Debug)]
pub struct Answer {
    pub value: Value,
    body: Vec<u8>,
    payload: Option<std::ops::Range<usize>>,
    /// Where each item of a skimmed page lies in `body` (see [`super::skim`]).
    skimmed: Option<Vec<std::ops::Range<usize>>>,
}

impl Answer {
    /// The payload's JSON text as received, when it could be located (`None` for an empty
    /// payload).
    pub fn payload_bytes(&self) -> Option<&[u8]> {
        self.payload.clone().map(|r| &self.body[r])
    }

    /// The bytes of each item of a page that was skimmed ([`super::skim`]): its `value` holds
    /// only the items' ids then.
    pub fn skimmed_items(&self) -> Option<Vec<Vec<u8>>> {
        let ranges = self.skimmed.as_ref()?;
        Some(
            ranges
                .iter()
                .map(|r| self.body[r.clone()].to_vec())
                .collect(),
        )
    }
}

/// Turns a status and body into the payload or an error with the server's own words.
pub fn decode_response(
    method: &'static str,
    path: &str,
    status: StatusCode,
    body: &[u8],
) -> Result<Value, ApiError> {
    decode_answer(method, path, status, body.to_vec()).map(|a| a.value)
}

/// [`decode_response`], keeping the body and where the payload lies in it.
pub fn decode_answer(
    method: &'static str,
    path: &str,
    status: StatusCode,
    body: Vec<u8>,
) -> Result<Answer, ApiError> {
    if let Some((value, items)) = skimmed(method, path, status, &body) {
        let payload = crate::json::value::envelope_payload(&body);
        return Ok(Answer {
            value,
            body,
            payload,
            skimmed: Some(items),
        });
    }
    let value = decode_value(method, path, status, &body)?;
    let payload = if value.is_null() {
        None
    } else if is_envelope_body(&body) {
        // `None` when the member cannot be found by its plain spelling: the value is used then.
        crate::json::value::envelope_payload(&body)
    } else {
        let start = body.iter().position(|b| !b.is_ascii_whitespace());
        let end = body.iter().rposition(|b| !b.is_ascii_whitespace());
        start.zip(end).map(|(start, end)| start..end + 1)
    };
    Ok(Answer {
        value,
        body,
        payload,
        skimmed: None,
    })
}

/// The payload of a listing page with its items as ids, and where the items lie, when the
/// page's fetch asked for a skim ([`super::skim::SKIM_ITEMS`]) and the body allows one. Any
/// failure goes the full way, which says why.
fn skimmed(
    method: &'static str,
    path: &str,
    status: StatusCode,
    body: &[u8],
) -> Option<(Value, Vec<std::ops::Range<usize>>)> {
    let key = super::skim::SKIM_ITEMS.try_with(|key| *key).ok()?;
    if !status.is_success() || !is_envelope_body(body) {
        return None;
    }
    let skim = super::skim::skim(body, key)?;
    let mut value = decode_value(method, path, status, &skim.without_items).ok()?;
    match value.get_mut("items") {
        Some(Value::Array(items)) if items.is_empty() => *items = skim.ids,
        _ => return None,
    }
    Some((value, skim.items))
}

/// Whether the body is an envelope (its payload is the `response` member), judged as
/// [`unwrap_envelope`] does ([`super::envelope::is_envelope`]).
fn is_envelope_body(body: &[u8]) -> bool {
    let Some(members) = crate::json::value::top_level_members(body) else {
        return false;
    };
    let key = |r: &std::ops::Range<usize>| {
        std::str::from_utf8(&body[r.start + 1..r.end.saturating_sub(1).max(r.start + 1)])
            .unwrap_or_default()
    };
    let result_is_string = members
        .iter()
        .rfind(|(k, _)| key(k) == "status")
        .is_some_and(|(_, status)| {
            crate::json::parse_value(&body[status.clone()])
                .is_ok_and(|s| s.get("result").is_some_and(Value::is_string))
        });
    super::envelope::is_envelope(members.iter().map(|(k, _)| key(k)), result_is_string)
}

fn decode_value(
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
    let value: Value = crate::json::parse_value(body).map_err(|e| ApiError::NotJson {
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

/// The longest wait a `Retry-After` is taken at (the retry policy cuts it shorter still).
const RETRY_AFTER_MAX: Duration = Duration::from_secs(3600);

/// `Retry-After` as seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`), as a
/// wait from `now`: a date in the past is no wait, a far one is clamped.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => {
            let at = httpdate::parse_http_date(value).ok()?;
            at.duration_since(now).unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(RETRY_AFTER_MAX))
}

/// `host:port` of the URL a request went to, the port said even when it is the default.
fn host_port(url: Option<&reqwest::Url>) -> String {
    let Some(url) = url else {
        return "the server".into();
    };
    let host = url.host_str().unwrap_or("the server");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// Every error in the chain, looking inside `io::Error`s too (their `source` skips the error
/// they wrap, which is where rustls's and the resolver's reasons are).
fn error_chain(e: &reqwest::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut out: Vec<&(dyn std::error::Error + 'static)> = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = next {
        out.push(err);
        next = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    out
}

/// What is wrong with a certificate, in words a person can act on (rustls names its enum:
/// "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))").
fn certificate_problem(err: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(cert) = err else {
        return match err {
            rustls::Error::NoCertificatesPresented => "the server sent no certificate".into(),
            other => other.to_string(),
        };
    };
    match cert {
        C::UnknownIssuer => "it is signed by a CA this machine does not trust".into(),
        C::Expired | C::ExpiredContext { .. } => "it has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "it is not valid yet (is the clock right?)".into()
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "it is for another host name".into()
        }
        C::Revoked => "it was revoked".into(),
        C::BadSignature => "its signature does not verify".into(),
        C::BadEncoding => "it cannot be read".into(),
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
            "it is not meant for a server".into()
        }
        C::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => {
            "it is a CA's certificate, not a server's".into()
        }
        other => format!("{other:?}"),
    }
}

/// One line saying what happened, to which `host:port`, and what to do; and its kind, which
/// decides whether another try is worth it. reqwest's own text nests causes and names the URL.
pub fn describe_transport_error(e: &reqwest::Error, elapsed: Duration) -> (TransportKind, String) {
    let url = e.url();
    let at = host_port(url);
    let chain = error_chain(e);
    let root = chain
        .last()
        .map(ToString::to_string)
        .unwrap_or_else(|| e.to_string());
    let rustls_error = chain
        .iter()
        .find_map(|err| err.downcast_ref::<rustls::Error>());
    let io_kind = chain.iter().find_map(|err| {
        err.downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
    });
    let texts: Vec<String> = chain.iter().map(ToString::to_string).collect();
    let said = |needle: &str| texts.iter().any(|t| t.contains(needle));
    let https = url.is_some_and(|u| u.scheme() == "https");
    if e.is_timeout() {
        return (TransportKind::Timeout, timed_out(elapsed, &at));
    }
    if let Some(err) = rustls_error {
        return tls_failure(err, url.filter(|_| https), &at);
    }
    if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
        return (
            TransportKind::Refused,
            format!(
                "could not connect to {at} (connection refused): is the address right and the \
                 instance up?"
            ),
        );
    }
    if said("dns error") || said("failed to lookup address") {
        let host = url.and_then(|u| u.host_str()).unwrap_or("the host");
        return (
            TransportKind::Unresolved,
            format!(
                "could not find {host} ({at}: the name does not resolve): is the address spelled right?"
            ),
        );
    }
    if e.is_connect() {
        return (
            TransportKind::Connect,
            format!("could not connect to {at} ({root})"),
        );
    }
    if e.is_body() || e.is_decode() {
        return (
            TransportKind::Interrupted,
            format!("the answer from {at} was cut short ({root})"),
        );
    }
    (
        TransportKind::Interrupted,
        format!("the exchange with {at} broke off ({root})"),
    )
}

/// "timed out after 3 s waiting for host:port" (ms under a second).
fn timed_out(elapsed: Duration, at: &str) -> String {
    let secs = elapsed.as_secs_f64();
    let took = if secs >= 1.0 {
        format!("{} s", secs.round())
    } else {
        format!("{} ms", elapsed.as_millis())
    };
    format!("timed out after {took} waiting for {at}")
}

/// A TLS failure in words: plain HTTP on an `https://` port (`https_url` is set for https), a
/// certificate refused, or another handshake failure.
fn tls_failure(
    err: &rustls::Error,
    https_url: Option<&reqwest::Url>,
    at: &str,
) -> (TransportKind, String) {
    match err {
        rustls::Error::InvalidMessage(_) if https_url.is_some() => {
            let base = format!("https://{}", host_port(https_url));
            (
                TransportKind::NotTls,
                format!(
                    "{base} answered in plain HTTP, not TLS: use http:// for it (loopback only) \
                     or check the port"
                ),
            )
        }
        rustls::Error::InvalidCertificate(_)
        | rustls::Error::NoCertificatesPresented
        | rustls::Error::InvalidCertRevocationList(_) => (
            TransportKind::Certificate,
            format!(
                "the TLS certificate of {at} is not accepted ({}): check the address, \
                 or the proxy or CA certificates in between (SSL_CERT_FILE)",
                certificate_problem(err)
            ),
        ),
        err => (
            TransportKind::Connect,
            format!("the TLS handshake with {at} failed ({err})"),
        ),
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
        assert!(err.to_string().contains("query syntax"), "{err}");
    }

    #[test]
    fn the_http_status_decides_success() {
        // A 2xx with a payload is a success whatever `status.result` says.
        for result in ["ERROR", "NOT_OK", "warning"] {
            let body = format!(
                r#"{{"status":{{"result":"{result}","message":"x","code":200}},"response":{{"id":"a"}}}}"#
            );
            let v = decode_response("GET", "/p", StatusCode::OK, body.as_bytes()).unwrap();
            assert_eq!(v["id"], "a", "{result}");
        }
        // A non-2xx is an error even when its envelope says OK, with the envelope's words.
        let body = br#"{"status":{"result":"OK","message":"try later","code":200},"response":{}}"#;
        let err = decode_response("GET", "/p", StatusCode::SERVICE_UNAVAILABLE, body).unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(err.to_string(), "GET /p: try later (HTTP 503)");
    }

    #[test]
    fn problem_json_errors_read_in_words() {
        let body = br#"{"type":"about:blank","title":"Bad Gateway","status":502,"detail":"upstream timed out"}"#;
        let err = decode_response("GET", "/p", StatusCode::BAD_GATEWAY, body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GET /p: Bad Gateway: upstream timed out (HTTP 502)"
        );
        let err = decode_response("GET", "/p", StatusCode::BAD_GATEWAY, br#"{"x":1}"#).unwrap_err();
        assert_eq!(err.to_string(), "GET /p: Bad Gateway (HTTP 502)");
    }

    #[test]
    fn numbers_and_depth_come_through_exactly() {
        let body = br#"{"status":{"result":"OK","code":200},"response":{"n":12345678901234567890123,"f":1.0,"z":-0,"e":1e400,"id":18446744073709551615}}"#;
        let answer = decode_answer("GET", "/p", StatusCode::OK, body.to_vec()).unwrap();
        let exact =
            r#"{"n":12345678901234567890123,"f":1.0,"z":-0,"e":1e400,"id":18446744073709551615}"#;
        assert_eq!(answer.payload_bytes(), Some(exact.as_bytes()));
        // The decoded value keeps every digit (serde_json spells the exponent `e+400`).
        assert_eq!(answer.value.to_string(), exact.replace("1e400", "1e+400"));
        let bare = decode_answer("GET", "/p", StatusCode::OK, b" [1.0] \n".to_vec()).unwrap();
        assert_eq!(bare.payload_bytes(), Some(&b"[1.0]"[..]));
        // An item's own `status` member does not make it an envelope.
        let item = br#"{"status":["FIRING"],"response":1,"x":1e400}"#;
        let answer = decode_answer("GET", "/p", StatusCode::OK, item.to_vec()).unwrap();
        assert_eq!(answer.payload_bytes(), Some(&item[..]));
        let deep = format!(
            r#"{{"status":{{"result":"OK"}},"response":{}1{}}}"#,
            "[".repeat(3_000),
            "]".repeat(3_000)
        );
        let v = decode_response("GET", "/p", StatusCode::OK, deep.as_bytes()).unwrap();
        assert!(v.is_array());
    }

    #[test]
    fn retry_after_as_seconds_or_an_http_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:27:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        // Past dates mean now; far ones are clamped; nonsense is ignored.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Fri, 21 Oct 2039 07:28:00 GMT", now),
            Some(RETRY_AFTER_MAX)
        );
        assert_eq!(parse_retry_after("soon", now), None);
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
