//! The Wavefront v2 endpoints of the stand-in: envelopes, offset and cursor paging, bearer
//! checks (401 for expired or unknown tokens), as the official spec describes them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::collections::{COLLECTIONS, Collection, Shape, by_search_entity};
use super::search;
use super::state::{DemoState, RequestRecord};
use crate::auth::session::wall_ms;

/// The largest page the stand-in serves, as the real API caps `limit`.
const MAX_LIMIT: usize = 1000;

pub fn router(state: Arc<DemoState>) -> Router {
    let mut router = Router::new()
        .route("/api/v2/source", get(list_sources))
        .route("/api/v2/source/{id}", get(get_source))
        .route("/api/v2/search/source", post(search_sources))
        .route("/api/v2/search/{entity}", post(search))
        .route("/api/v2/apitoken", get(list_api_tokens))
        .route(
            "/api/v2/monitoredservice/{application}/{service}",
            get(monitored_service),
        )
        .merge(super::mutations::router())
        .merge(super::alerting::router())
        .merge(super::alert_summary::router())
        .merge(super::writes::router())
        .merge(super::versions::router())
        .merge(super::trash::router())
        .merge(super::dashboards::router())
        .merge(super::metrics::router(state.undocumented))
        .route(super::chart::CHART_ROUTE, get(super::chart::chart));
    for c in COLLECTIONS {
        router = router.route(
            c.path,
            get(move |s: State<Arc<DemoState>>, q: Query<HashMap<String, String>>| list(s, c, q)),
        );
        if c.detail {
            router = router.route(
                &format!("{}/{{id}}", c.path),
                get(move |s: State<Arc<DemoState>>, id: Path<String>| detail(s, c, id)),
            );
        }
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), authorize))
        .with_state(state)
}

/// The caller's identity, put into the request by [`authorize`].
#[derive(Clone)]
pub(super) struct Caller(pub(super) String);

async fn authorize(State(state): State<Arc<DemoState>>, mut req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let token = bearer(req.headers());
    let checked = match token.as_deref() {
        Some(t) => state.check_bearer(t),
        None => Err((
            false,
            "Authorization required: send Authorization: Bearer <token>",
        )),
    };
    let expired_token = matches!(checked, Err((true, _)));
    let response = match checked {
        Ok(identity) => {
            req.extensions_mut().insert(Caller(identity));
            next.run(req).await
        }
        Err((_, message)) => envelope_error(StatusCode::UNAUTHORIZED, message),
    };
    state.record(RequestRecord {
        method,
        path,
        query,
        status: response.status().as_u16(),
        expired_token,
    });
    response
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
        return v.strip_prefix("Bearer ").map(|t| t.trim().to_string());
    }
    // The spec's own scheme.
    headers
        .get("x-auth-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

pub fn envelope_ok(response: Value) -> Response {
    Json(json!({"status": {"result": "OK", "message": "", "code": 200}, "response": response}))
        .into_response()
}

pub fn envelope_error(status: StatusCode, message: &str) -> Response {
    let body = json!({"status": {"result": "ERROR", "message": message, "code": status.as_u16()}});
    (status, Json(body)).into_response()
}

async fn not_found(req: Request) -> Response {
    envelope_error(
        StatusCode::NOT_FOUND,
        &format!("Unknown endpoint {} {}", req.method(), req.uri().path()),
    )
}

/// A 400 with the envelope's error shape.
struct BadRequest(String);

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        envelope_error(StatusCode::BAD_REQUEST, &self.0)
    }
}

fn param<T: std::str::FromStr>(
    q: &HashMap<String, String>,
    key: &str,
) -> Result<Option<T>, BadRequest> {
    match q.get(key) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| BadRequest(format!("Invalid value for {key}: {v}"))),
    }
}

/// An offset/limit page of `items` from query parameters.
fn offset_page(items: &[Value], q: &HashMap<String, String>) -> Result<Response, BadRequest> {
    let offset: usize = param(q, "offset")?.unwrap_or(0);
    let limit: usize = param(q, "limit")?.unwrap_or(100usize).clamp(1, MAX_LIMIT);
    Ok(paged(items, offset, limit))
}

/// The window `offset..offset+limit` of `items`, shaped like `Paged<X>`.
pub(super) fn paged(items: &[Value], offset: usize, limit: usize) -> Response {
    let end = offset.saturating_add(limit).min(items.len());
    let page: Vec<Value> = items.get(offset.min(end)..end).unwrap_or_default().to_vec();
    envelope_ok(json!({
        "items": page,
        "offset": offset,
        "limit": limit,
        "totalItems": items.len(),
        "moreItems": end < items.len(),
        "sort": null,
    }))
}

/// The `query` list and the `limit` of a search body.
pub(super) fn search_terms(body: &Value) -> (Vec<Value>, usize) {
    let queries = body
        .get("query")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let limit = body
        .get("limit")
        .and_then(Value::as_u64)
        .map_or(100, |l| l as usize)
        .clamp(1, MAX_LIMIT);
    (queries, limit)
}

/// A list endpoint, in its collection's shape.
async fn list(
    State(state): State<Arc<DemoState>>,
    c: &'static Collection,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, BadRequest> {
    let mut items = state.items(c.name);
    if c.name == "message" && !q.get("unreadOnly").is_some_and(|v| spring_false(v)) {
        items.retain(|m| m.get("read").and_then(Value::as_bool) != Some(true));
    }
    if c.name == "event" {
        let earliest: Option<i64> = param(&q, "earliestStartTimeEpochMillis")?;
        let latest: Option<i64> = param(&q, "latestStartTimeEpochMillis")?;
        items.retain(|e| in_window(e, earliest, latest));
    }
    Ok(match c.shape {
        Shape::Offset => offset_page(&items, &q)?,
        Shape::Cursor => {
            let limit: usize = param(&q, "limit")?.unwrap_or(100usize).clamp(1, MAX_LIMIT);
            cursor_page(c, &items, q.get("cursor").map(String::as_str), limit)?
        }
        Shape::List => envelope_ok(Value::Array(items)),
        Shape::Bare => Json(Value::Array(items)).into_response(),
        Shape::Single => envelope_ok(items.into_iter().next().unwrap_or(Value::Null)),
    })
}

/// Whether a boolean query parameter is false as Spring reads it: case-insensitively, so the
/// `False` Python clients send counts (`off`, `no` and `0` too).
pub(super) fn spring_false(v: &str) -> bool {
    ["false", "off", "no", "0"]
        .iter()
        .any(|f| v.trim().eq_ignore_ascii_case(f))
}

pub(super) fn in_window(event: &Value, earliest: Option<i64>, latest: Option<i64>) -> bool {
    let start = event.get("startTime").and_then(Value::as_i64).unwrap_or(0);
    earliest.is_none_or(|e| start >= e) && latest.is_none_or(|l| start <= l)
}

/// A cursor page: `cursor` is the last id seen (exclusive); items are in id order.
fn cursor_page(
    c: &Collection,
    items: &[Value],
    cursor: Option<&str>,
    limit: usize,
) -> Result<Response, BadRequest> {
    let start = match cursor.filter(|c| !c.is_empty()) {
        None => 0,
        Some(cur) => {
            items
                .iter()
                .position(|i| c.id_of(i) == Some(cur))
                .ok_or_else(|| BadRequest(format!("Invalid cursor {cur}")))?
                + 1
        }
    };
    let end = start.saturating_add(limit).min(items.len());
    let page = items.get(start.min(end)..end).unwrap_or_default().to_vec();
    let next = page.last().and_then(|i| c.id_of(i)).map(str::to_string);
    Ok(envelope_ok(json!({
        "items": page,
        "limit": limit,
        "cursor": next,
        "totalItems": items.len(),
        "moreItems": end < items.len(),
    })))
}

async fn detail(
    State(state): State<Arc<DemoState>>,
    c: &'static Collection,
    Path(id): Path<String>,
) -> Response {
    if state.html_details.load(std::sync::atomic::Ordering::SeqCst) {
        let page = "<html><head><title>Sign in</title></head>\n<body>\n<p>Please sign in to continue.</p>\n</body></html>";
        return ([("content-type", "text/html")], page).into_response();
    }
    let items = state.items(c.name);
    match items.into_iter().find(|i| c.id_of(i) == Some(id.as_str())) {
        Some(item) if c.bare_detail => Json(item).into_response(),
        Some(item) => envelope_ok(item),
        None => envelope_error(
            StatusCode::NOT_FOUND,
            &format!("{} {id} does not exist", c.name),
        ),
    }
}

/// One monitored service: keyed by its application and its name, which repeats across
/// applications.
async fn monitored_service(
    State(state): State<Arc<DemoState>>,
    Path((application, service)): Path<(String, String)>,
) -> Response {
    let found = state.items("monitoredservice").into_iter().find(|s| {
        s.get("application").and_then(Value::as_str) == Some(application.as_str())
            && s.get("service").and_then(Value::as_str) == Some(service.as_str())
    });
    match found {
        Some(item) => envelope_ok(item),
        None => envelope_error(
            StatusCode::NOT_FOUND,
            &format!("monitoredservice {application}/{service} does not exist"),
        ),
    }
}

/// `POST /api/v2/search/<entity>` for the fixture collections.
async fn search(
    State(state): State<Arc<DemoState>>,
    Path(entity): Path<String>,
    axum::Extension(caller): axum::Extension<Caller>,
    Json(body): Json<Value>,
) -> Result<Response, BadRequest> {
    let Some(c) = by_search_entity(&entity) else {
        return Ok(envelope_error(
            StatusCode::NOT_FOUND,
            &format!("Unknown search entity {entity}"),
        ));
    };
    let (queries, limit) = search_terms(&body);
    let mut items: Vec<Value> = state
        .items(c.name)
        .into_iter()
        .filter(|i| search::matches_all(i, &queries))
        .collect();
    if entity == "user" {
        // The spec answers user searches in CustomerFacingUserObject, not the list's UserModel.
        let accounts = state.items("account");
        let caller = caller.0;
        items = items
            .iter()
            .map(|u| customer_facing_user(u, &accounts, &caller))
            .collect();
    }
    if c.shape == Shape::Cursor {
        if let Some(range) = body.get("timeRange") {
            let bound = |k: &str| range.get(k).and_then(Value::as_i64);
            let (earliest, latest) = (
                bound("earliestStartTimeEpochMillis"),
                bound("latestStartTimeEpochMillis"),
            );
            items.retain(|e| in_window(e, earliest, latest));
        }
        return cursor_page(c, &items, body.get("cursor").and_then(Value::as_str), limit);
    }
    search::sort(&mut items, body.get("sort"));
    let offset = body.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    Ok(paged(&items, offset, limit))
}

/// A user account (UserModel) as user searches answer it (CustomerFacingUserObject): group and
/// role ids, the effective permissions and roles from the matching account, `self` for the
/// caller.
fn customer_facing_user(user: &Value, accounts: &[Value], caller: &str) -> Value {
    let identifier = user.get("identifier").cloned().unwrap_or(Value::Null);
    let account = accounts
        .iter()
        .find(|a| a.get("identifier") == Some(&identifier));
    let from_account = |key: &str| {
        account
            .and_then(|a| a.get(key))
            .cloned()
            .unwrap_or_else(|| json!([]))
    };
    let group_ids: Vec<Value> = user
        .get("userGroups")
        .and_then(Value::as_array)
        .map(|gs| gs.iter().filter_map(|g| g.get("id").cloned()).collect())
        .unwrap_or_default();
    let mut out = json!({
        "id": identifier,
        "identifier": identifier,
        "customer": user.get("customer").cloned().unwrap_or_else(|| json!("acme")),
        "self": identifier.as_str() == Some(caller),
        "groups": user.get("groups").cloned().unwrap_or_else(|| json!([])),
        "userGroups": group_ids,
        "unitedPermissions": from_account("unitedPermissions"),
        "unitedRoles": from_account("unitedRoles"),
    });
    for key in ["lastSuccessfulLogin"] {
        if let Some(v) = user.get(key) {
            out[key] = v.clone();
        }
    }
    if let Some(policy) = user.pointer("/ingestionPolicy/id") {
        out["ingestionPolicyId"] = policy.clone();
    }
    out
}

const ROLES: &[&str] = &[
    "web", "api", "db", "cache", "queue", "batch", "k8s-node", "edge",
];
const REGIONS: &[&str] = &["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];

/// Synthetic source `i` (what `--sources N` serves; the table benchmark uses it too).
pub fn source(i: usize, now_ms: i64) -> Value {
    let (role, region) = source_role_region(i);
    let id = source_id(i);
    let mut tags = serde_json::Map::new();
    tags.insert(format!("role.{role}"), Value::Bool(true));
    tags.insert(format!("region.{region}"), Value::Bool(true));
    if i % 7 == 0 {
        tags.insert("canary".into(), Value::Bool(true));
    }
    let (marked, created, updated) = source_times(i, now_ms);
    json!({
        "id": id,
        "sourceName": id,
        "description": if i % 5 == 0 { Value::from(format!("{role} host in {region}")) } else { Value::Null },
        "tags": tags,
        "hidden": i % 97 == 0,
        "markedNewEpochMillis": marked,
        "createdEpochMillis": created,
        "updatedEpochMillis": updated,
        "creatorId": SOURCE_CREATOR,
        "updaterId": SOURCE_UPDATER,
    })
}

const SOURCE_CREATOR: &str = "jane.doe@acme.com";
const SOURCE_UPDATER: &str = "ops-automation@acme.com";

fn source_role_region(i: usize) -> (&'static str, &'static str) {
    (
        ROLES[i % ROLES.len()],
        REGIONS[(i / ROLES.len()) % REGIONS.len()],
    )
}

/// `role-NNNNNN.region.acme.net`.
fn source_id(i: usize) -> String {
    let (role, region) = source_role_region(i);
    format!("{role}-{i:06}.{region}.acme.net")
}

fn source_times(i: usize, now_ms: i64) -> (i64, i64, i64) {
    (
        now_ms - (i as i64 % 5000) * 60_000,
        now_ms - (i as i64 % 900) * 86_400_000,
        now_ms - (i as i64 % 600) * 3_600_000,
    )
}

/// [`source`]'s compact JSON, written without building it: the same bytes (tested). Its
/// strings are made of the constants above, which need no escapes.
fn write_source(out: &mut Vec<u8>, i: usize, id: &str, now_ms: i64) {
    use std::io::Write;
    let (role, region) = source_role_region(i);
    let (marked, created, updated) = source_times(i, now_ms);
    // Writing to a Vec cannot fail.
    let _ = write!(out, r#"{{"id":"{id}","sourceName":"{id}","description":"#);
    if i % 5 == 0 {
        let _ = write!(out, r#""{role} host in {region}""#);
    } else {
        out.extend_from_slice(b"null");
    }
    let _ = write!(
        out,
        r#","tags":{{"role.{role}":true,"region.{region}":true{}}},"hidden":{},"markedNewEpochMillis":{marked},"createdEpochMillis":{created},"updatedEpochMillis":{updated},"creatorId":"{SOURCE_CREATOR}","updaterId":"{SOURCE_UPDATER}"}}"#,
        if i % 7 == 0 { r#","canary":true"# } else { "" },
        i % 97 == 0,
    );
}

/// A JSON string of text that needs no escapes (checked: escaped through serde otherwise).
fn write_plain_string(out: &mut Vec<u8>, text: &str) {
    if text
        .bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x7f)
    {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

/// The index in `role-NNNNNN.region.acme.net` (roles may hold dashes: `k8s-node`).
fn source_index(id: &str) -> Option<usize> {
    let host = id.split('.').next()?;
    let (_, digits) = host.rsplit_once('-')?;
    digits.parse().ok()
}

/// The index of an existing synthetic source.
pub(super) fn source_index_of(state: &DemoState, id: &str) -> Option<usize> {
    source_index(id)
        .filter(|&i| i < state.source_count)
        .filter(|&i| source(i, 0)["id"] == id)
}

/// Cursor paging as `GET /api/v2/source` does: `cursor` is the last id seen (exclusive).
/// The page is written as bytes (what `envelope_ok` of the page's `Value` sends, byte for
/// byte: tested), not built as 1,000 `Value`s and serialised: 100,000 sources are 100 pages,
/// and a `Value` page took the stand-in ~9 ms, longer than wf-tui takes to read it.
async fn list_sources(
    State(state): State<Arc<DemoState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, BadRequest> {
    let limit: usize = param(&q, "limit")?.unwrap_or(100usize).clamp(1, MAX_LIMIT);
    let start = match q.get("cursor").filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => source_index(c).ok_or_else(|| BadRequest(format!("Invalid cursor {c}")))? + 1,
    };
    let body = sources_page(&state, start, limit, wall_ms());
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

/// The body of `GET /api/v2/source` from `start`, `limit` items at most.
pub(super) fn sources_page(state: &DemoState, start: usize, limit: usize, now: i64) -> Vec<u8> {
    let total = state.source_count;
    let end = start.saturating_add(limit).min(total);
    let range = start.min(end)..end;
    let edited = state.source_tags_edited();
    let mut body = Vec::with_capacity(range.len() * 420 + 200);
    body.extend_from_slice(
        br#"{"status":{"result":"OK","message":"","code":200},"response":{"items":["#,
    );
    let mut last = None;
    for i in range {
        if last.is_some() {
            body.push(b',');
        }
        let id = source_id(i);
        if edited {
            // Writing to a Vec cannot fail.
            let _ = serde_json::to_writer(&mut body, &state.source(i, now));
        } else {
            write_source(&mut body, i, &id, now);
        }
        last = Some(id);
    }
    body.extend_from_slice(b"],\"limit\":");
    body.extend_from_slice(limit.to_string().as_bytes());
    body.extend_from_slice(b",\"cursor\":");
    match &last {
        Some(id) => write_plain_string(&mut body, id),
        None => body.extend_from_slice(b"null"),
    }
    body.extend_from_slice(b",\"totalItems\":");
    body.extend_from_slice(total.to_string().as_bytes());
    body.extend_from_slice(b",\"moreItems\":");
    body.extend_from_slice(if end < total { b"true" } else { b"false" });
    body.extend_from_slice(b"}}");
    body
}

/// `POST /api/v2/search/source` over the synthetic sources (`SourceSearchRequestContainer`).
async fn search_sources(
    State(state): State<Arc<DemoState>>,
    Json(body): Json<Value>,
) -> Result<Response, BadRequest> {
    let (queries, limit) = search_terms(&body);
    let start = match body
        .get("cursor")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
    {
        None => 0,
        Some(c) => source_index(c).ok_or_else(|| BadRequest(format!("Invalid cursor {c}")))? + 1,
    };
    let now = wall_ms();
    let mut items = Vec::new();
    let mut i = start;
    while i < state.source_count && items.len() < limit {
        let s = state.source(i, now);
        if search::matches_all(&s, &queries) {
            items.push(s);
        }
        i += 1;
    }
    let more =
        (i..state.source_count).any(|j| search::matches_all(&state.source(j, now), &queries));
    let cursor = items.last().map(|s| s["id"].clone()).unwrap_or(Value::Null);
    Ok(envelope_ok(json!({
        "items": items,
        "limit": limit,
        "cursor": cursor,
        "moreItems": more,
    })))
}

async fn get_source(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    match source_index_of(&state, &id) {
        Some(i) => envelope_ok(state.source(i, wall_ms())),
        _ => envelope_error(
            StatusCode::NOT_FOUND,
            &format!("Source {id} does not exist"),
        ),
    }
}

/// The caller's own API tokens: the demo user's or the service account's; none for CSP tokens.
async fn list_api_tokens(
    State(state): State<Arc<DemoState>>,
    axum::Extension(Caller(identity)): axum::Extension<Caller>,
) -> Response {
    let c = &state.credentials;
    let now = wall_ms();
    let tokens = if identity == c.user {
        json!([
            {"tokenID": c.api_token.expose(), "tokenName": "wf-tui demo", "account": c.user,
             "accountType": "USER_ACCOUNT", "dateGenerated": now - 40 * 86_400_000i64, "lastUsed": now},
            {"tokenID": super::random::uuid(), "tokenName": "terraform", "account": c.user,
             "accountType": "USER_ACCOUNT", "dateGenerated": now - 200 * 86_400_000i64,
             "lastUsed": now - 3 * 86_400_000i64}
        ])
    } else if identity == c.service_account {
        json!([
            {"tokenID": c.service_account_token.expose(), "tokenName": "automation",
             "account": c.service_account, "accountType": "SERVICE_ACCOUNT",
             "dateGenerated": now - 90 * 86_400_000i64, "lastUsed": now}
        ])
    } else {
        json!([])
    };
    envelope_ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page as it was built before it was written as bytes: `Value`s, serialised.
    fn sources_page_as_values(state: &DemoState, start: usize, limit: usize, now: i64) -> Vec<u8> {
        let total = state.source_count;
        let end = start.saturating_add(limit).min(total);
        let items: Vec<Value> = (start.min(end)..end)
            .map(|i| state.source(i, now))
            .collect();
        let cursor = items.last().map(|i| i["id"].clone()).unwrap_or(Value::Null);
        let page = json!({
            "items": items,
            "limit": limit,
            "cursor": cursor,
            "totalItems": total,
            "moreItems": end < total,
        });
        serde_json::to_vec(
            &json!({"status": {"result": "OK", "message": "", "code": 200}, "response": page}),
        )
        .unwrap()
    }

    #[test]
    fn a_page_of_sources_is_the_bytes_its_values_serialise_to() {
        let options = super::super::DemoOptions {
            sources: 2_500,
            ..Default::default()
        };
        let state = DemoState::new(&options, super::super::DemoCredentials::generate());
        let now = 1_800_000_000_123;
        for (start, limit) in [
            (0, 1000),
            (1000, 1000),
            (2000, 1000),
            (2400, 7),
            (2500, 10),
            (9999, 5),
            (0, 1),
        ] {
            let fast = sources_page(&state, start, limit, now);
            let slow = sources_page_as_values(&state, start, limit, now);
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(slow).unwrap(),
                "from {start}, {limit}"
            );
        }
        // Every shape of source (canary, description, hidden, each role and region).
        for i in (0..5_000).chain([97 * 7 * 5 * 8, 999_999, 12_345_678]) {
            let mut fast = Vec::new();
            write_source(&mut fast, i, &source_id(i), now);
            assert_eq!(
                fast,
                serde_json::to_vec(&source(i, now)).unwrap(),
                "source {i}"
            );
        }
        // A source whose tags a mutation changed is served as changed.
        state.edit_source_tags(3, |tags| {
            tags.insert("team.\"quoted\"".into(), Value::Bool(true));
        });
        for (start, limit) in [(0, 1000), (3, 1)] {
            assert_eq!(
                sources_page(&state, start, limit, now),
                sources_page_as_values(&state, start, limit, now)
            );
        }
    }

    #[test]
    fn every_synthetic_source_id_maps_back_to_its_index() {
        for i in [0, 1, 6, 7, 14, 99, 12345] {
            let id = source(i, 0)["id"].as_str().unwrap().to_string();
            assert_eq!(source_index(&id), Some(i), "{id}");
        }
    }
}
