//! Faults the stand-in can inject, to prove the client survives them: throttling (429 with or
//! without `Retry-After`, 406), server errors with HTML pages, bodies cut short, slow answers,
//! a 403, the error shapes of FACTS §4, and paging that would never end (`loop`, `more`,
//! `ignoreoffset`, `dup`, `nooffset`: real answers, reshaped).
//!
//! `wf-tui demo-server --fault SPEC` (repeatable) and [`super::DemoState::add_fault`] take the
//! same rules: `KIND[:every=N][:times=N][:path=PREFIX][:method=M][:retry-after=S][:ms=N]`; `method=mutating`
//! picks every change (not reads, not searches)..

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::DemoState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429, optionally with `Retry-After: S`.
    TooManyRequests { retry_after: Option<u64> },
    /// 406 (treated like 429 by the official proxy).
    NotAcceptable,
    /// 500, 502 or 503 with an HTML page, as a load balancer answers.
    ServerError(u16),
    /// Headers and half a body, then the connection drops.
    CutShort,
    /// The answer comes this late.
    Latency(Duration),
    /// 403 for a missing permission.
    Forbidden,
    /// 400 in the flat `{code, message}` shape.
    FlatError,
    /// 415 as `{error, trackingId}`.
    TrackingError,
    /// 404 as `key='value'` text.
    TextError,
    /// This status with exactly these bytes as JSON (for tests: hostile bodies, see
    /// `demo::hostile`).
    Raw(u16, RawBody),
    /// A real answer, reshaped so that paging trusting the server would never end.
    Paging(PagingFault),
    /// `hang`: the connection is accepted and never answered.
    Hang,
    /// `gzipbomb:mb=N`: a 200 whose gzip body (about N/1000 MB on the wire) inflates to N MB
    /// of valid JSON (an array and that much whitespace).
    GzipBomb { mb: u64 },
    /// `redirect[:port=N]`: a 302 to the same path on `http://127.0.0.1:N` (default 9): an
    /// instance must not send its client (and its token) to another origin.
    Redirect { port: u16 },
}

/// The shapes of paging that never ends (issue #15). Each keeps the stand-in's real answer
/// and bends one thing, on list requests (`GET`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingFault {
    /// `loop`: cursors go A → B → A: a request with any cursor but the first one asked is
    /// answered with the first page (whose cursor is A again). For cursor kinds (source, event).
    Loop,
    /// `more`: `moreItems` is always true and `totalItems` 10^9, past the end too.
    More,
    /// `ignoreoffset`: the `offset` (and `cursor`) asked is ignored: every page is the first.
    IgnoreOffset,
    /// `dup`: every page after the first starts with the previous page's last item again (as
    /// when an item is added while a client pages).
    Dup,
    /// `nooffset`: the `offset` echoed is absent, or with `:echo=N` (e.g. `-1`) always N.
    NoOffset { echo: Option<i64> },
}

/// A body served as-is; its `Debug` shows only its size (it may be 50 MB).
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody(pub Arc<[u8]>);

impl std::fmt::Debug for RawBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawBody({} bytes)", self.0.len())
    }
}

#[derive(Debug)]
pub struct FaultRule {
    pub fault: Fault,
    /// Only requests whose path starts with this.
    pub path: String,
    /// Only requests with this method (`None`: any); `mutating` is every method but `GET`
    /// outside `/api/v2/search/`.
    pub method: Option<String>,
    /// Every Nth matching request (1: each one).
    pub every: u32,
    /// How many times at most (`None`: forever).
    pub times: Option<u32>,
    seen: AtomicU32,
    fired: AtomicU32,
    /// What a paging fault remembers between requests: `loop` the first cursor asked, `dup`
    /// the previous page's last item.
    memory: std::sync::Mutex<Option<serde_json::Value>>,
}

impl FaultRule {
    pub fn new(fault: Fault) -> Self {
        Self {
            fault,
            path: "/api/v2/".into(),
            method: None,
            every: 1,
            times: None,
            seen: AtomicU32::new(0),
            fired: AtomicU32::new(0),
            memory: std::sync::Mutex::new(None),
        }
    }

    pub fn every(mut self, n: u32) -> Self {
        self.every = n.max(1);
        self
    }

    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    pub fn path(mut self, prefix: &str) -> Self {
        self.path = prefix.to_string();
        self
    }

    /// Only requests with this method: `PUT`, `DELETE`, … or `mutating`.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    fn method_matches(&self, method: &str, path: &str) -> bool {
        match self.method.as_deref() {
            None => true,
            Some("MUTATING") => method != "GET" && !path.starts_with("/api/v2/search/"),
            Some(m) => m.eq_ignore_ascii_case(method),
        }
    }

    /// Whether this request gets the fault (counts it either way).
    fn fires(&self, method: &str, path: &str) -> bool {
        if !path.starts_with(&self.path) || !self.method_matches(method, path) {
            return false;
        }
        let n = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        if n % self.every != 0 {
            return false;
        }
        let fired = self.fired.fetch_add(1, Ordering::SeqCst);
        self.times.is_none_or(|t| fired < t)
    }

    /// How many requests got the fault.
    pub fn fired(&self) -> u32 {
        let fired = self.fired.load(Ordering::SeqCst);
        self.times.map_or(fired, |t| fired.min(t))
    }
}

/// Parses `429:every=3:retry-after=1`, `503`, `cut`, `latency:ms=2000`, `403:path=/api/v2/alert`.
pub fn parse(spec: &str) -> Result<FaultRule, String> {
    let mut parts = spec.split(':');
    let kind = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let mut options = std::collections::HashMap::new();
    for part in parts {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}` in `{spec}` is not key=value"))?;
        options.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
    }
    let number = |key: &str| -> Result<Option<u64>, String> {
        options
            .get(key)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| format!("{key}={v} in `{spec}` is not a number"))
            })
            .transpose()
    };
    let fault = match kind.as_str() {
        "429" => Fault::TooManyRequests {
            retry_after: number("retry-after")?,
        },
        "406" => Fault::NotAcceptable,
        "500" | "502" | "503" => Fault::ServerError(kind.parse().unwrap_or(500)),
        "cut" | "reset" => Fault::CutShort,
        "latency" | "slow" => Fault::Latency(Duration::from_millis(number("ms")?.unwrap_or(2000))),
        "403" => Fault::Forbidden,
        "flat" => Fault::FlatError,
        "tracking" => Fault::TrackingError,
        "text" => Fault::TextError,
        "hang" => Fault::Hang,
        "gzipbomb" => Fault::GzipBomb {
            mb: number("mb")?.unwrap_or(1024),
        },
        "redirect" => Fault::Redirect {
            port: number("port")?
                .and_then(|p| u16::try_from(p).ok())
                .unwrap_or(9),
        },
        "loop" => Fault::Paging(PagingFault::Loop),
        "more" => Fault::Paging(PagingFault::More),
        "ignoreoffset" => Fault::Paging(PagingFault::IgnoreOffset),
        "dup" => Fault::Paging(PagingFault::Dup),
        "nooffset" => Fault::Paging(PagingFault::NoOffset {
            echo: options
                .get("echo")
                .map(|v| {
                    v.parse::<i64>()
                        .map_err(|_| format!("echo={v} in `{spec}` is not a number"))
                })
                .transpose()?,
        }),
        other => {
            return Err(format!(
                "unknown fault `{other}`: one of 429, 406, 500, 502, 503, cut, latency, 403, flat, tracking, text, loop, more, ignoreoffset, dup, nooffset, hang, gzipbomb, redirect"
            ));
        }
    };
    let mut rule = FaultRule::new(fault);
    if let Some(n) = number("every")? {
        rule = rule.every(n as u32);
    }
    if let Some(n) = number("times")? {
        rule = rule.times(n as u32);
    }
    if let Some(p) = options.get("path") {
        rule = rule.path(p);
    }
    if let Some(m) = options.get("method") {
        rule = rule.method(m);
    }
    Ok(rule)
}

/// The middleware: the first rule that fires shapes the answer.
pub async fn inject(State(state): State<Arc<DemoState>>, req: Request, next: Next) -> Response {
    let _counted = state.enter();
    let path = req.uri().path().to_string();
    let method = req.method().to_string();
    let rule = state.faults().into_iter().find(|r| r.fires(&method, &path));
    let Some(rule) = rule else {
        return next.run(req).await;
    };
    match rule.fault.clone() {
        Fault::Latency(d) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Fault::Paging(shape) if method == "GET" => reshape_paging(&rule, shape, req, next).await,
        Fault::Paging(_) => next.run(req).await,
        Fault::Hang => std::future::pending().await,
        Fault::Redirect { port } => {
            let target = format!("http://127.0.0.1:{port}{}", req.uri());
            (StatusCode::FOUND, [("location", target)]).into_response()
        }
        Fault::GzipBomb { mb } => gzip_bomb(mb).await,
        fault => answer(fault),
    }
}

/// The query's `key=value` pairs, raw (the keys that matter are plain ASCII).
fn query_pairs(req: &Request) -> Vec<(String, String)> {
    req.uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn set_query(req: &mut Request, pairs: &[(String, String)]) {
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let path = req.uri().path().to_string();
    let uri = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    if let Ok(uri) = uri.parse() {
        *req.uri_mut() = uri;
    }
}

/// Bends the request, lets the stand-in answer it, and bends the answer's page.
async fn reshape_paging(
    rule: &FaultRule,
    shape: PagingFault,
    mut req: Request,
    next: Next,
) -> Response {
    let mut pairs = query_pairs(&req);
    let value = |pairs: &[(String, String)], key: &str| {
        pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let asked_cursor = value(&pairs, "cursor").filter(|c| !c.is_empty());
    let asked_offset: u64 = value(&pairs, "offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    let mut memory = rule.memory.lock().expect("lock").take();
    match &shape {
        PagingFault::IgnoreOffset => pairs.retain(|(k, _)| k != "offset" && k != "cursor"),
        PagingFault::Loop => match (&asked_cursor, &memory) {
            (Some(c), None) => memory = Some(serde_json::Value::String(c.clone())),
            (Some(c), Some(first)) if first.as_str() != Some(c.as_str()) => {
                pairs.retain(|(k, _)| k != "cursor");
            }
            _ => {}
        },
        PagingFault::Dup if asked_offset > 0 => {
            for (_, v) in pairs.iter_mut().filter(|(k, _)| k == "offset") {
                *v = (asked_offset - 1).to_string();
            }
        }
        _ => {}
    }
    set_query(&mut req, &pairs);
    let response = next.run(req).await;
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        *rule.memory.lock().expect("lock") = memory;
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut doc: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(doc) => doc,
        Err(_) => {
            *rule.memory.lock().expect("lock") = memory;
            return Response::from_parts(parts, Body::from(bytes));
        }
    };
    if let Some(page) = doc.get_mut("response").and_then(|r| r.as_object_mut()) {
        match shape {
            PagingFault::More => {
                page.insert("moreItems".into(), true.into());
                page.insert("totalItems".into(), 1_000_000_000u64.into());
            }
            PagingFault::NoOffset { echo } => {
                match echo {
                    Some(n) => page.insert("offset".into(), n.into()),
                    None => page.remove("offset"),
                };
            }
            PagingFault::Dup => {
                let items = page.get_mut("items").and_then(|i| i.as_array_mut());
                if let Some(items) = items {
                    let last = items.last().cloned();
                    // Cursor pages cannot be asked one item early: the item goes in front.
                    if let (Some(_), Some(previous)) = (&asked_cursor, memory.take()) {
                        items.insert(0, previous);
                    }
                    memory = last;
                }
            }
            PagingFault::Loop | PagingFault::IgnoreOffset => {}
        }
    }
    *rule.memory.lock().expect("lock") = memory;
    let mut response = Response::from_parts(parts, Body::from(doc.to_string()));
    response.headers_mut().remove("content-length");
    response
}

fn html(status: StatusCode) -> Response {
    let page = format!(
        "<html><head><title>{} {}</title></head><body><center><h1>{0} {1}</h1></center><hr><center>nginx</center></body></html>",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    (status, [("content-type", "text/html")], page).into_response()
}

/// `[` + N MB of spaces + `]`, gzipped (deflate packs the spaces about 1000:1), built on a
/// blocking thread: compressing a gigabyte takes a few seconds of CPU.
async fn gzip_bomb(mb: u64) -> Response {
    let body = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let block = vec![b' '; 1 << 20];
        gz.write_all(b"[")?;
        for _ in 0..mb {
            gz.write_all(&block)?;
        }
        gz.write_all(b"]")?;
        gz.finish()
    })
    .await;
    match body {
        Ok(Ok(bytes)) => (
            StatusCode::OK,
            [
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            bytes,
        )
            .into_response(),
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn answer(fault: Fault) -> Response {
    match fault {
        Fault::TooManyRequests { retry_after } => {
            let body = r#"{"status":{"result":"ERROR","message":"Customer concurrent query limit exceeded. Please try again later.","code":429}}"#;
            let mut resp = (StatusCode::TOO_MANY_REQUESTS, [("content-type", "application/json")], body)
                .into_response();
            if let Some(s) = retry_after {
                resp.headers_mut().insert("retry-after", s.into());
            }
            resp
        }
        Fault::NotAcceptable => html(StatusCode::NOT_ACCEPTABLE),
        Fault::ServerError(code) => html(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)),
        Fault::CutShort => {
            let chunks: Vec<Result<&'static str, std::io::Error>> = vec![
                Ok(r#"{"status":{"result":"OK","code":200},"response":{"items":[{"id":"#),
                Err(std::io::Error::other("connection reset by the stand-in")),
            ];
            let body = Body::from_stream(futures_util::stream::iter(chunks));
            (StatusCode::OK, [("content-type", "application/json")], body).into_response()
        }
        Fault::Forbidden => {
            let body = r#"{"status":{"result":"ERROR","message":"Don't have permission for this operation. Check token.","code":403}}"#;
            (StatusCode::FORBIDDEN, [("content-type", "application/json")], body).into_response()
        }
        Fault::FlatError => (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
            r#"{"code":400,"message":"Invalid UTF-8 start byte 0xbf"}"#,
        )
            .into_response(),
        Fault::TrackingError => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            [("content-type", "application/json")],
            r#"{"error":"HTTP 415 Unsupported Media Type","trackingId":"5b2b2a5c-3c2b-4e3f-9d38-2f5f7a1c9e10"}"#,
        )
            .into_response(),
        Fault::TextError => (
            StatusCode::NOT_FOUND,
            "error='not_found'\nmessage='resource cannot be found'\ntrackingId=8e0f3e2e-1b1c-4d7e-8a55-0c3f5c6f7d21",
        )
            .into_response(),
        // Answered in `inject`, which needs the request.
        Fault::Latency(_)
        | Fault::Paging(_)
        | Fault::Hang
        | Fault::GzipBomb { .. }
        | Fault::Redirect { .. } => StatusCode::OK.into_response(),
        Fault::Raw(status, RawBody(bytes)) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            [("content-type", "application/json")],
            Body::from(axum::body::Bytes::from_owner(bytes)),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        let r = parse("429:every=3:retry-after=2:times=4").unwrap();
        assert_eq!(
            r.fault,
            Fault::TooManyRequests {
                retry_after: Some(2)
            }
        );
        assert_eq!((r.every, r.times), (3, Some(4)));
        assert_eq!(parse("503").unwrap().fault, Fault::ServerError(503));
        assert_eq!(
            parse("latency:ms=50").unwrap().fault,
            Fault::Latency(Duration::from_millis(50))
        );
        assert_eq!(
            parse("403:path=/api/v2/alert").unwrap().path,
            "/api/v2/alert"
        );
        assert!(parse("boom").unwrap_err().contains("unknown fault"));
        for (spec, shape) in [
            ("loop", PagingFault::Loop),
            ("more", PagingFault::More),
            ("ignoreoffset", PagingFault::IgnoreOffset),
            ("dup", PagingFault::Dup),
            ("nooffset", PagingFault::NoOffset { echo: None }),
            ("nooffset:echo=-1", PagingFault::NoOffset { echo: Some(-1) }),
        ] {
            assert_eq!(parse(spec).unwrap().fault, Fault::Paging(shape), "{spec}");
        }
        assert_eq!(parse("hang").unwrap().fault, Fault::Hang);
        assert_eq!(
            parse("gzipbomb:mb=64").unwrap().fault,
            Fault::GzipBomb { mb: 64 }
        );
        assert_eq!(
            parse("redirect:port=1").unwrap().fault,
            Fault::Redirect { port: 1 }
        );
        assert!(parse("nooffset:echo=x").is_err());
        assert!(parse("429:every=x").is_err());
    }

    #[test]
    fn rules_fire_every_nth_and_a_bounded_number_of_times() {
        let r = FaultRule::new(Fault::Forbidden).every(2).times(2);
        let fired: Vec<bool> = (0..8).map(|_| r.fires("GET", "/api/v2/alert")).collect();
        assert_eq!(
            fired,
            vec![false, true, false, true, false, false, false, false]
        );
        assert_eq!(r.fired(), 2);
        assert!(!r.fires("GET", "/csp/x"), "other paths are untouched");
        let m = parse("403:method=mutating").unwrap();
        assert!(!m.fires("GET", "/api/v2/alert"));
        assert!(!m.fires("POST", "/api/v2/search/alert"));
        assert!(m.fires("PUT", "/api/v2/alert/1/tag/x"));
    }
}
