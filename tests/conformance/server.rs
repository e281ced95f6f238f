//! A loopback stand-in that serves, for one catalog kind and one seed, the list, the details and
//! the server search with data generated from the spec's own response models.
//!
//! Every case has its own bearer token (`conformance:<kind>:<seed>`): the server picks the
//! case's data by the token, so the TUI and the real binary can run cases side by side.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use wf_tui::api::catalog::{API_TOKENS, Kind};
use wf_tui::api::paging::Paging;

use super::specgen::{Generator, Options, to_wire};

/// Operations the kinds use that the vendored 2022 spec does not have yet (they are in the
/// newest official client, `endpoints-2.223.1.tsv`): the closest model the spec has.
const NOT_IN_THE_SPEC: &[(&str, &str)] = &[(
    // ResponseContainerListApiTokenModel in v2.223.1; ApiTokenModel is UserApiToken plus fields.
    "/api/v2/apitoken/customertokens",
    "ResponseContainerListUserApiToken",
)];

/// The `status` object of the envelopes a case sends, with HTTP 200 always.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusVariant {
    Ok,
    /// Only `result` and `code`.
    OkBare,
    OkNullMessage,
    /// A `result` the spec's enum does not have.
    UnknownResult,
    /// `code` disagreeing with the HTTP status, a message on success.
    OkOddCode,
    /// `result: "ERROR"` under HTTP 200: the HTTP status decides (branch (a)).
    ErrorWithHttp200,
    /// `result: null`.
    NullResult,
    /// No `status` at all (the spec says it is required).
    Missing,
}

pub const STATUS_VARIANTS: &[StatusVariant] = &[
    StatusVariant::Ok,
    StatusVariant::OkBare,
    StatusVariant::OkNullMessage,
    StatusVariant::UnknownResult,
    StatusVariant::OkOddCode,
    StatusVariant::ErrorWithHttp200,
    StatusVariant::NullResult,
    StatusVariant::Missing,
];

impl StatusVariant {
    fn status(self) -> Option<Value> {
        Some(match self {
            StatusVariant::Ok => json!({"result": "OK", "message": "", "code": 200}),
            StatusVariant::OkBare => json!({"result": "OK", "code": 200}),
            StatusVariant::OkNullMessage => json!({"result": "OK", "message": null, "code": null}),
            StatusVariant::UnknownResult => {
                json!({"result": "SOMETHING_NEW", "message": "🚀 new", "code": 200})
            }
            StatusVariant::OkOddCode => {
                json!({"result": "OK", "message": "done\u{1b}[2J", "code": 18446744073709551615u64})
            }
            StatusVariant::ErrorWithHttp200 => {
                json!({"result": "ERROR", "message": "partial results", "code": 200})
            }
            StatusVariant::NullResult => json!({"result": null, "message": "", "code": 200}),
            StatusVariant::Missing => return None,
        })
    }
}

/// How a list answers.
#[derive(Debug, Clone)]
enum Container {
    /// `Paged<X>`: `items`, `offset`/`cursor`, `moreItems`…
    Paged,
    /// An array of every item.
    List,
    /// One object whose field holds the items (`/policyRules`), the rest generated.
    Single {
        key: String,
        rest: Map<String, Value>,
    },
}

/// One case: the kind, its items as generated, and how the server wraps them.
#[derive(Debug)]
pub struct Dataset {
    pub kind: &'static Kind,
    pub seed: u64,
    pub items: Vec<Value>,
    /// Each item's id as the app reads it (`Kind::item_id`).
    pub ids: Vec<String>,
    /// The server's largest page (the app must follow the window the server chose).
    pub page_cap: usize,
    pub status: StatusVariant,
    list_envelope: bool,
    container: Container,
    detail_envelope: bool,
    /// `totalItems` is left out of pages.
    no_total: bool,
    /// `cursor` is left out of cursor pages (the app continues from the last item's id).
    no_cursor: bool,
    /// `offset` is left out of offset pages (it is `readOnly` in the spec, not required).
    pub no_offset: bool,
    /// Every page says `moreItems: true`, the ones past the end too (empty).
    pub always_more: bool,
}

fn response_schema<'a>(spec: &'a Value, path: &str, method: &str) -> Option<&'a Value> {
    spec.get("paths")?
        .get(path)?
        .get(method)?
        .pointer("/responses/200/schema")
}

/// `{status, response}` containers: the response's schema.
fn enveloped<'a>(g: &Generator<'a>, schema: &'a Value) -> Option<&'a Value> {
    let s = g.resolve(schema);
    let props = s.get("properties")?;
    props.get("status")?;
    props.get("response")
}

/// Whether the spec has `kind`'s list (else the closest model stands in, [`NOT_IN_THE_SPEC`]).
pub fn in_the_spec(kind: &Kind) -> bool {
    !NOT_IN_THE_SPEC.iter().any(|(p, _)| *p == kind.list_path)
}

/// Whether the list answers in an envelope, and the schema of what it holds.
fn list_schema<'a>(g: &Generator<'a>, kind: &Kind) -> (bool, &'a Value) {
    let fallback = NOT_IN_THE_SPEC
        .iter()
        .find(|(p, _)| *p == kind.list_path)
        .map(|(_, def)| g.definition(def));
    let schema = response_schema(g.spec, kind.list_path, "get")
        .or(fallback)
        .unwrap_or_else(|| panic!("{}: no GET {} in the spec", kind.name, kind.list_path));
    match enveloped(g, schema) {
        Some(inner) => (true, g.resolve(inner)),
        None => (false, g.resolve(schema)),
    }
}

/// The schema of one item of `kind`'s list, as the spec declares the list's answer.
pub fn item_schema<'a>(spec: &'a Value, kind: &Kind) -> &'a Value {
    let g = Generator::new(
        spec,
        0,
        Options {
            huge_numbers: false,
            out_of_range_numbers: false,
            deep_nesting: false,
        },
    );
    let (_, inner) = list_schema(&g, kind);
    let items = match kind.items_pointer {
        Some(p) if inner.get("type").and_then(Value::as_str) != Some("array") => {
            format!("/properties/{}/items", p.trim_start_matches('/'))
        }
        _ if inner.get("type").and_then(Value::as_str) == Some("array") => "/items".into(),
        _ => "/properties/items/items".into(),
    };
    g.resolve(
        inner
            .pointer(&items)
            .unwrap_or_else(|| panic!("{}: no items in the list's model", kind.name)),
    )
}

/// Whether an RFC 6901 `pointer` names a field the model `schema` declares.
pub fn declares(spec: &Value, schema: &Value, pointer: &str) -> bool {
    let g = Generator::new(
        spec,
        0,
        Options {
            huge_numbers: false,
            out_of_range_numbers: false,
            deep_nesting: false,
        },
    );
    let mut schema = g.resolve(schema);
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let next = schema
            .pointer(&format!(
                "/properties/{}",
                segment.replace('~', "~0").replace('/', "~1")
            ))
            .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()))
            .or_else(|| segment.parse::<usize>().ok().and(schema.get("items")));
        match next {
            Some(s) => schema = g.resolve(s),
            None => return false,
        }
    }
    true
}

impl Dataset {
    pub fn generate(
        spec: &Value,
        kind: &'static Kind,
        seed: u64,
        options: Options,
        statuses: &[StatusVariant],
        paging_variants: bool,
    ) -> Dataset {
        let mut g = Generator::new(spec, seed, options);
        // Each case has some of the rarer variations, so one does not hide the others. Every
        // choice is drawn whatever the gates: a seed draws the same data under any gates,
        // except for what they keep out.
        let (huge, out_of_range, deep) = (g.rng.chance(50), g.rng.chance(15), g.rng.chance(25));
        g.options = Options {
            huge_numbers: options.huge_numbers && huge,
            out_of_range_numbers: options.out_of_range_numbers && out_of_range,
            deep_nesting: options.deep_nesting && deep,
        };
        let (list_envelope, inner) = list_schema(&g, kind);
        let (container, item_schema) = if inner.get("type").and_then(Value::as_str) == Some("array")
        {
            (Container::List, &inner["items"])
        } else if let Some(items) = inner.pointer("/properties/items/items") {
            (Container::Paged, items)
        } else {
            let key = kind
                .items_pointer
                .unwrap_or_else(|| panic!("{}: a single object without items_pointer", kind.name))
                .trim_start_matches('/');
            let items = inner
                .pointer(&format!("/properties/{key}/items"))
                .unwrap_or_else(|| panic!("{}: no {key} array in the model", kind.name));
            let Value::Object(mut rest) = g.value(inner, 1) else {
                unreachable!("a model with properties is an object")
            };
            rest.remove(key);
            (
                Container::Single {
                    key: key.to_string(),
                    rest,
                },
                items,
            )
        };
        let detail_envelope = kind
            .detail_path
            .and_then(|p| response_schema(spec, p, "get"))
            .is_none_or(|s| enveloped(&g, s).is_some());

        let n = match g.rng.below(10) {
            0 => 0,
            1 => 1,
            _ => 2 + g.rng.below(9),
        };
        let id_key = kind.id_pointer.trim_start_matches('/');
        let mut items = Vec::with_capacity(n);
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            let mut item = g.value(item_schema, 1);
            let id = g.id(i);
            if let Value::Object(map) = &mut item {
                // A compound key (monitored services: application/service) takes the id in
                // every part, so that items stay unique.
                for key in kind.key_pointers {
                    map.insert(key.trim_start_matches('/').to_string(), id.clone());
                }
                map.insert(id_key.to_string(), id);
                let (roll, deep) = (g.rng.chance(30), g.deep());
                if g.options.deep_nesting && roll {
                    map.insert("deeplyNested".into(), deep);
                }
            }
            ids.push(kind.item_id(&item).expect("the id was set"));
            items.push(item);
        }
        let page_cap = 1 + g.rng.below(6);
        let status = Some(*g.rng.pick(STATUS_VARIANTS))
            .filter(|s| statuses.contains(s))
            .unwrap_or(StatusVariant::Ok);
        Dataset {
            kind,
            seed,
            items,
            ids,
            page_cap,
            status,
            list_envelope,
            container,
            detail_envelope,
            no_total: g.rng.chance(30),
            no_cursor: g.rng.chance(30),
            no_offset: g.rng.chance(20) && paging_variants,
            always_more: g.rng.chance(10) && paging_variants,
        }
    }

    pub fn token(&self) -> String {
        format!("conformance:{}:{}", self.kind.name, self.seed)
    }

    fn wrap(&self, response: Value, envelope: bool) -> Value {
        if !envelope {
            return response;
        }
        match self.status.status() {
            Some(status) => json!({"status": status, "response": response}),
            None => json!({"response": response}),
        }
    }

    /// One page from `offset` (or after the item `cursor`) of at most `limit` items.
    fn page(&self, offset: usize, cursor: Option<&str>, limit: usize, cursors: bool) -> Value {
        let limit = limit.clamp(1, self.page_cap);
        let start = match cursor.filter(|c| !c.is_empty()) {
            Some(c) => match self.ids.iter().position(|id| id == c) {
                Some(i) => i + 1,
                None => return json!({"items": [], "moreItems": false}),
            },
            None => offset,
        };
        let end = start.saturating_add(limit).min(self.items.len());
        let items = self.items.get(start.min(end)..end).unwrap_or_default();
        let mut page = Map::new();
        page.insert("items".into(), Value::Array(items.to_vec()));
        if cursors {
            if !self.no_cursor {
                let last = items
                    .last()
                    .map(|i| i[self.kind.id_pointer.trim_start_matches('/')].clone());
                page.insert("cursor".into(), last.unwrap_or(Value::Null));
            }
        } else if !self.no_offset {
            page.insert("offset".into(), json!(start));
        }
        page.insert("limit".into(), json!(limit));
        if !self.no_total {
            page.insert("totalItems".into(), json!(self.items.len()));
        }
        page.insert(
            "moreItems".into(),
            json!(end < self.items.len() || self.always_more),
        );
        page.insert("sort".into(), Value::Null);
        Value::Object(page)
    }

    fn list(&self, query: &HashMap<String, String>) -> Value {
        let num = |k: &str, d: usize| query.get(k).and_then(|v| v.parse().ok()).unwrap_or(d);
        let response = match &self.container {
            Container::List => Value::Array(self.items.clone()),
            Container::Single { key, rest } => {
                let mut obj = rest.clone();
                obj.insert(key.clone(), Value::Array(self.items.clone()));
                Value::Object(obj)
            }
            Container::Paged => self.page(
                num("offset", 0),
                query.get("cursor").map(String::as_str),
                num("limit", 100),
                self.kind.paging == Paging::Cursor,
            ),
        };
        self.wrap(response, self.list_envelope)
    }

    fn search(&self, body: &Value) -> Value {
        let num = |k: &str, d: u64| body.get(k).and_then(Value::as_u64).unwrap_or(d) as usize;
        let page = self.page(
            num("offset", 0),
            body.get("cursor").and_then(Value::as_str),
            num("limit", 100),
            self.kind.paging == Paging::Cursor,
        );
        self.wrap(page, true)
    }

    fn detail(&self, id: &str) -> Option<Value> {
        let i = self.ids.iter().position(|x| x == id)?;
        Some(self.wrap(self.items[i].clone(), self.detail_envelope))
    }

    /// The item whose key fields (a compound key: application and service) are `parts`.
    fn detail_by_keys(&self, keys: &[&str], parts: &[String]) -> Option<Value> {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let item = self.items.iter().find(|item| {
            keys.len() == parts.len()
                && keys
                    .iter()
                    .zip(parts)
                    .all(|(k, part)| item.pointer(k).and_then(text).as_deref() == Some(part))
        })?;
        Some(self.wrap(item.clone(), self.detail_envelope))
    }
}

/// The placeholders' values (decoded) when `path` is the template `/api/v2/x/{a}/{b}` filled.
fn match_template(template: &str, path: &str) -> Option<Vec<String>> {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if t.len() != p.len() {
        return None;
    }
    let mut parts = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') && t.ends_with('}') {
            parts.push(decode(p));
        } else if t != p {
            return None;
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// The cases being served, by bearer token.
type Cases = Arc<Mutex<HashMap<String, Arc<Dataset>>>>;

/// The running server. Dropping it stops it.
pub struct Server {
    pub url: String,
    cases: Cases,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    pub async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("binds 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let cases: Cases = Arc::default();
        let router = Router::new().fallback(handle).with_state(cases.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .expect("the conformance server runs");
        });
        Server {
            url,
            cases,
            shutdown: Some(tx),
        }
    }

    /// Serves `dataset` to requests bearing its token; returns the token.
    pub fn add(&self, dataset: Arc<Dataset>) -> String {
        let token = dataset.token();
        self.cases.lock().unwrap().insert(token.clone(), dataset);
        token
    }

    pub fn remove(&self, token: &str) {
        self.cases.lock().unwrap().remove(token);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"status": {"result": "ERROR", "message": message, "code": status.as_u16()}});
    json_response(status, body.to_string())
}

/// Percent-decodes a path segment.
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn handle(
    State(cases): State<Cases>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    let Some(case) = cases.lock().unwrap().get(token).cloned() else {
        return error(StatusCode::UNAUTHORIZED, "unknown token");
    };
    let kind = case.kind;
    let path = uri.path();
    let query: HashMap<String, String> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let answer = |v: Value| json_response(StatusCode::OK, to_wire(&v));
    if method == Method::GET && path == kind.list_path {
        return answer(case.list(&query));
    }
    if method == Method::GET && path == API_TOKENS.list_path {
        // The login's own check (`GET /api/v2/apitoken`) for cases of other kinds.
        return answer(
            json!({"status": {"result": "OK", "message": "", "code": 200}, "response": []}),
        );
    }
    if method == Method::GET {
        if let Some(parts) = kind.detail_path.and_then(|t| match_template(t, path)) {
            let found = match kind.key_pointers {
                [] => parts.first().and_then(|id| case.detail(id)),
                keys => case.detail_by_keys(keys, &parts),
            };
            return match found {
                Some(v) => answer(v),
                None => error(
                    StatusCode::NOT_FOUND,
                    &format!("{} {} does not exist", kind.name, parts.join("/")),
                ),
            };
        }
    }
    if method == Method::POST {
        if let Some(entity) = kind.search_entity {
            if path == format!("/api/v2/search/{entity}") {
                let body: Value = match serde_json::from_slice(&body) {
                    Ok(v) => v,
                    Err(e) => {
                        return error(StatusCode::BAD_REQUEST, &format!("bad search body: {e}"));
                    }
                };
                return answer(case.search(&body));
            }
        }
    }
    error(
        StatusCode::NOT_FOUND,
        &format!("conformance server: no {method} {path} for {}", kind.name),
    )
}
