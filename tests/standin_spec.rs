//! The stand-in is spec-true: everything it serves for every kind of the catalog (the list, a
//! few details, the server search) validates against the model the official spec declares as
//! the answer of that operation, and so does every item it holds. Generated clients (Python's
//! raise on a missing required field or an unknown enum value) would choke on anything less, so
//! a stand-in that departs from the spec tests wf-tui against an API that does not exist.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::schema::{Nulls, Spec};
use serde_json::{Value, json};
use wf_tui::api::catalog::{KINDS, Kind};
use wf_tui::api::{ApiRequest, PageRequest};
use wf_tui::demo::{DemoOptions, DemoServer};

/// Kinds whose operations are newer than the 2022 spec (FACTS.md §1.2): nothing to hold them
/// to but the newer client's return type names.
const NEWER_THAN_SPEC: &[(&str, &str)] = &[(
    "customertoken",
    "GET /api/v2/apitoken/customertokens and POST /api/v2/search/token: v2.223.1 only \
     (ResponseContainerListApiTokenModel)",
)];

/// Values the newest client (v2.223.1) knows and the 2022 spec does not: what a current
/// instance sends, so the stand-in sends it too. Each is (kind, where, the value, why); each must
/// still occur, so the list cannot outlive its reason.
const NEWER_VALUES: &[(&str, &str, &str, &str)] = &[
    (
        "proxy",
        ".status",
        "\"TOKEN_EXPIRED\"",
        "v2.223.1's Proxy.status adds TOKEN_EXPIRED (FACTS.md §2.4)",
    ),
    (
        "ingestionpolicy",
        ".scope",
        "\"SOURCE\"",
        "IngestionPolicyReadModel (v2.223.1) scopes by SOURCE, NAMESPACE, TAGS too",
    ),
    ("ingestionpolicy", ".scope", "\"NAMESPACE\"", "as above"),
    ("ingestionpolicy", ".scope", "\"TAGS\"", "as above"),
];

/// Drops the departures [`NEWER_VALUES`] allows, and fails for an allowance never used.
fn allow_newer(problems: Vec<String>) -> Vec<String> {
    let allowed = |p: &str, (kind, at, value, _): &(&str, &str, &str, &str)| {
        p.starts_with(&format!("{kind} "))
            && p.contains(&format!("{at}: {value} is not one of the spec's values"))
    };
    for allowance in NEWER_VALUES {
        assert!(
            problems.iter().any(|p| allowed(p, allowance)),
            "{allowance:?} no longer occurs: take it off NEWER_VALUES"
        );
    }
    problems
        .into_iter()
        .filter(|p| !NEWER_VALUES.iter().any(|a| allowed(p, a)))
        .collect()
}

struct Fetched {
    status: u16,
    body: Value,
}

async fn send(server: &DemoServer, request: &ApiRequest) -> Fetched {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let http = HTTP.get_or_init(|| wf_tui::api::client::http_client(Default::default()));
    let token = server.credentials().api_token.expose().to_string();
    let url = request.url(&server.address);
    let mut builder = http
        .request(request.method.to_reqwest(), &url)
        .bearer_auth(token)
        .header("accept", "application/json");
    if let Some(body) = request.body_text() {
        builder = builder
            .header("content-type", "application/json")
            .body(body);
    }
    let response = builder
        .send()
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: not JSON: {e}"));
    Fetched { status, body }
}

fn now() -> i64 {
    wf_tui::auth::session::wall_ms()
}

/// Each departure, named by kind, request and the place in the answer.
fn departures(
    spec: &Spec,
    kind: &Kind,
    what: &str,
    schema: &Value,
    value: &Value,
    nulls: Nulls,
) -> Vec<String> {
    spec.validate(schema, value, nulls)
        .into_iter()
        .map(|e| format!("{} {what} ({}): {e}", kind.name, spec.name_of(schema)))
        .collect()
}

/// The items of an answer to a list request, read as the app reads them.
fn items_of(kind: &Kind, answer: &Value) -> Vec<Value> {
    let inner = answer.get("response").unwrap_or(answer);
    kind.page_from(inner.clone())
        .map(|p| p.items)
        .unwrap_or_default()
}

#[tokio::test]
async fn everything_the_stand_in_serves_follows_the_spec() {
    everything_served_follows_the_spec(0).await;
}

/// The second instance of `demo-server --instances 2` (other ids, other items) as well.
#[tokio::test]
async fn everything_the_second_instance_serves_follows_the_spec() {
    everything_served_follows_the_spec(1).await;
}

async fn everything_served_follows_the_spec(instance: usize) {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let options = DemoOptions {
        instance,
        ..DemoOptions::default()
    };
    let server = DemoServer::start(options).await.unwrap();
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for kind in KINDS {
        if NEWER_THAN_SPEC.iter().any(|(k, _)| *k == kind.name) {
            assert!(
                spec.response_schema("GET", kind.list_path).is_none(),
                "{}: the spec has it now; take it off NEWER_THAN_SPEC",
                kind.name
            );
            continue;
        }
        let first = PageRequest::first(1000);
        let list = kind.list_request(&first, now());
        let schema = spec
            .response_schema("GET", kind.list_path)
            .unwrap_or_else(|| panic!("{}: GET {} is not in the spec", kind.name, kind.list_path));
        let answer = send(&server, &list).await;
        assert_eq!(
            answer.status,
            200,
            "{} {}",
            kind.name,
            list.path_and_query()
        );
        let what = format!("GET {}", list.path_and_query());
        problems.extend(departures(
            &spec,
            kind,
            &what,
            schema,
            &answer.body,
            Nulls::AsAbsent,
        ));
        let items = items_of(kind, &answer.body);
        assert!(
            !items.is_empty(),
            "{}: the stand-in lists nothing",
            kind.name
        );
        checked.push(kind.name);

        // Details: the first few items, by the id the catalog reads.
        if let Some(detail) = kind.detail_path {
            let schema = spec
                .response_schema("GET", detail)
                .unwrap_or_else(|| panic!("{}: GET {detail} is not in the spec", kind.name));
            for item in items.iter().take(3) {
                let id = kind
                    .item_id(item)
                    .unwrap_or_else(|| panic!("{}: no id in {item}", kind.name));
                let request = kind
                    .detail_request(&id)
                    .unwrap_or_else(|| panic!("{}: no detail request for {id}", kind.name));
                let answer = send(&server, &request).await;
                assert_eq!(answer.status, 200, "{} {}", kind.name, request.path);
                let what = format!("GET {}", request.path);
                problems.extend(departures(
                    &spec,
                    kind,
                    &what,
                    schema,
                    &answer.body,
                    Nulls::AsAbsent,
                ));
            }
        }

        // What a listing reads besides its pages (ongoing events), body and answer.
        if let Some(also) = kind.also_listed {
            let request = also(now());
            let schema = spec.response_schema("POST", &request.path).unwrap();
            let body_schema = spec.body_schema("POST", &request.path).unwrap();
            let body: Value = serde_json::from_str(&request.body_text().unwrap()).unwrap();
            let what = format!("POST {} request body", request.path);
            problems.extend(departures(
                &spec,
                kind,
                &what,
                body_schema,
                &body,
                Nulls::Refused,
            ));
            let answer = send(&server, &request).await;
            assert_eq!(answer.status, 200, "{} POST {}", kind.name, request.path);
            assert!(
                !items_of(kind, &answer.body).is_empty(),
                "{}: nothing else listed",
                kind.name
            );
            let what = format!("POST {}", request.path);
            problems.extend(departures(
                &spec,
                kind,
                &what,
                schema,
                &answer.body,
                Nulls::AsAbsent,
            ));
        }

        // The server search, as the app sends it: the body follows the spec too.
        if let Some(request) = kind.search_request(&first, "", now()) {
            let schema = spec
                .response_schema("POST", &request.path)
                .unwrap_or_else(|| {
                    panic!("{}: POST {} is not in the spec", kind.name, request.path)
                });
            let body_schema = spec.body_schema("POST", &request.path).unwrap();
            let body: Value = serde_json::from_str(&request.body_text().unwrap()).unwrap();
            let what = format!("POST {} request body", request.path);
            problems.extend(departures(
                &spec,
                kind,
                &what,
                body_schema,
                &body,
                Nulls::Refused,
            ));
            let answer = send(&server, &request).await;
            assert_eq!(answer.status, 200, "{} POST {}", kind.name, request.path);
            let what = format!("POST {}", request.path);
            problems.extend(departures(
                &spec,
                kind,
                &what,
                schema,
                &answer.body,
                Nulls::AsAbsent,
            ));
            assert!(
                !items_of(kind, &answer.body).is_empty(),
                "{}: an empty search finds nothing",
                kind.name
            );
        }
    }
    assert!(checked.len() >= 20, "only {checked:?}");
    let problems = allow_newer(problems);
    assert!(
        problems.is_empty(),
        "{} departures from the spec:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every item the stand-in holds, not only those a list window shows (events outside the day).
#[test]
fn every_fixture_item_follows_its_model() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let mut problems = Vec::new();
    for kind in KINDS {
        if NEWER_THAN_SPEC.iter().any(|(k, _)| *k == kind.name) {
            continue;
        }
        let Some(collection) = wf_tui::demo::collections::by_name(kind.name) else {
            continue;
        };
        let answer = spec.response_schema("GET", kind.list_path).unwrap();
        let model = match kind.items_pointer {
            // A singleton: the fixture is the answer's one object.
            Some(_) => spec.properties(answer).get("response").copied().unwrap(),
            None => spec
                .list_item_schema(answer)
                .unwrap_or_else(|| panic!("{}: the spec's answer is not a list", kind.name)),
        };
        for (i, item) in collection.load(now()).iter().enumerate() {
            let what = format!(
                "fixture item {i} ({})",
                kind.item_id(item).unwrap_or_default()
            );
            problems.extend(departures(&spec, kind, &what, model, item, Nulls::AsAbsent));
        }
    }
    let problems = allow_newer(problems);
    assert!(
        problems.is_empty(),
        "{} departures from the spec:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A service's name repeats across applications: each of the two `payments` services has its
/// own row id and its own detail, `/api/v2/monitoredservice/{application}/{service}`.
#[tokio::test]
async fn services_of_one_name_in_two_applications_are_two_items() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let kind = wf_tui::api::catalog::kind_by_name("monitoredservice").unwrap();
    let list = send(
        &server,
        &kind.list_request(&PageRequest::first(1000), now()),
    )
    .await;
    let payments: Vec<Value> = items_of(kind, &list.body)
        .into_iter()
        .filter(|s| s["service"] == "payments")
        .collect();
    assert_eq!(
        payments.len(),
        2,
        "the fixture has payments in two applications"
    );
    let ids: Vec<String> = payments.iter().map(|s| kind.item_id(s).unwrap()).collect();
    assert_ne!(ids[0], ids[1]);
    for (service, id) in payments.iter().zip(&ids) {
        let detail = send(&server, &kind.detail_request(id).unwrap()).await;
        assert_eq!(detail.status, 200, "{id}");
        assert_eq!(detail.body["response"], *service, "{id}");
    }
}

/// Messages as Python clients ask for them (`unreadOnly=False`, Spring reads booleans without
/// regard to case): the read ones are listed too.
#[tokio::test]
async fn unread_only_false_in_any_case_lists_read_messages() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let count = |answer: &Fetched| answer.body["response"]["items"].as_array().unwrap().len();
    let unread = send(&server, &ApiRequest::get("/api/v2/message")).await;
    let all = send(
        &server,
        &ApiRequest::get("/api/v2/message").with_query("unreadOnly", "false"),
    )
    .await;
    assert!(
        count(&all) > count(&unread),
        "the fixture has read messages"
    );
    for spelling in ["False", "FALSE", " false"] {
        let answer = send(
            &server,
            &ApiRequest::get("/api/v2/message").with_query("unreadOnly", spelling),
        )
        .await;
        assert_eq!(count(&answer), count(&all), "unreadOnly={spelling:?}");
    }
    let answer = send(
        &server,
        &ApiRequest::get("/api/v2/message").with_query("unreadOnly", "True"),
    )
    .await;
    assert_eq!(count(&answer), count(&unread));
}

/// The fixtures' credentials are fake ("FAKE-DEMO-…") and every one is masked by its kind's
/// `secret_keys`: in the row, in the kept item, and where details and exports mask.
#[test]
fn fake_secrets_are_masked_everywhere() {
    fn secrets(v: &Value, key: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::String(s) if s.contains("FAKE-DEMO") => out.push((key.into(), s.clone())),
            Value::Array(items) => items.iter().for_each(|i| secrets(i, key, out)),
            Value::Object(m) => m.iter().for_each(|(k, v)| secrets(v, k, out)),
            _ => {}
        }
    }
    let mut keys = std::collections::BTreeSet::new();
    for kind in KINDS {
        let Some(collection) = wf_tui::demo::collections::by_name(kind.name) else {
            continue;
        };
        for item in collection.load(now()) {
            let mut found = Vec::new();
            secrets(&item, "", &mut found);
            if found.is_empty() {
                continue;
            }
            let mut masked = item.clone();
            wf_tui::api::catalog::mask_secrets(&mut masked, kind.secret_keys);
            let row = kind.row(&item);
            let shown = format!("{:?} {:?}", row.cells, row.raw);
            for (key, secret) in found {
                keys.insert(key.clone());
                assert!(
                    !masked.to_string().contains(&secret),
                    "{}: `{key}` is not in secret_keys",
                    kind.name
                );
                assert!(
                    !shown.contains(&secret),
                    "{}: `{key}` shows in a row",
                    kind.name
                );
            }
        }
    }
    assert!(keys.len() >= 8, "only {keys:?}");
}

/// The validator finds what it is for: without this, a validator that accepts everything
/// would pass the tests above.
#[test]
fn the_validator_refuses_what_the_spec_refuses() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let model = json!({"$ref": "#/definitions/CloudIntegration"});
    let good = json!({"name": "n", "service": "CLOUDWATCH", "lastMetricCount": 3});
    assert_eq!(
        spec.validate(&model, &good, Nulls::AsAbsent),
        Vec::<String>::new()
    );
    let errors = |v: Value, nulls| spec.validate(&model, &v, nulls).join("\n");
    assert!(errors(json!({"service": "CLOUDWATCH"}), Nulls::AsAbsent).contains("required `name`"));
    assert!(errors(json!({"name": null, "service": "GCP"}), Nulls::AsAbsent).contains("`name`"));
    assert!(errors(json!({"name": "n", "service": "NOPE"}), Nulls::AsAbsent).contains("\"NOPE\""));
    assert!(
        errors(
            json!({"name": "n", "service": "GCP", "lastMetricCount": "3"}),
            Nulls::AsAbsent
        )
        .contains("wants an integer")
            || errors(
                json!({"name": "n", "service": "GCP", "lastMetricCount": "3"}),
                Nulls::AsAbsent
            )
            .contains("not an integer")
    );
    assert!(
        errors(
            json!({"name": "n", "service": "GCP", "disabled": "no"}),
            Nulls::AsAbsent
        )
        .contains("wants a boolean")
    );
    // Nested through $ref: a GCP integration's key is required.
    assert!(
        errors(
            json!({"name": "n", "service": "GCP", "gcp": {"projectId": "p"}}),
            Nulls::AsAbsent
        )
        .contains("$.gcp: required `gcpJsonKey`")
    );
    // Arrays, int32 ranges, additionalProperties, allOf, nulls we send.
    let inline = json!({
        "type": "object",
        "properties": {
            "n": {"type": "integer", "format": "int32"},
            "list": {"type": "array", "items": {"type": "string"}},
            "map": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
            "both": {"allOf": [{"$ref": "#/definitions/SearchQuery"}, {"required": ["negated"]}]},
            "cursor": {"type": "string"}
        }
    });
    let e = |v: Value, nulls| spec.validate(&inline, &v, nulls).join("\n");
    assert!(e(json!({"n": 3_000_000_000i64}), Nulls::AsAbsent).contains("int32"));
    assert!(e(json!({"n": 1.5}), Nulls::AsAbsent).contains("not an integer"));
    assert!(e(json!({"list": ["a", 1]}), Nulls::AsAbsent).contains("$.list[1]"));
    assert!(e(json!({"map": {"x": "yes"}}), Nulls::AsAbsent).contains("$.map.x"));
    assert!(e(json!({"closed": {"b": "x"}}), Nulls::AsAbsent).contains("$.closed.b"));
    assert!(e(json!({"both": {"key": "k", "value": "v"}}), Nulls::AsAbsent).contains("`negated`"));
    assert!(
        e(
            json!({"both": {"key": "k", "value": "v", "negated": false}}),
            Nulls::AsAbsent
        )
        .is_empty()
    );
    assert!(e(json!({"cursor": null}), Nulls::AsAbsent).is_empty());
    assert!(e(json!({"cursor": null}), Nulls::Refused).contains("$.cursor: null"));
    // And the list item of an answer is found through the envelope.
    let answer = spec
        .response_schema("GET", "/api/v2/cloudintegration")
        .unwrap();
    assert_eq!(
        spec.list_item_schema(answer),
        Some(&json!({"$ref": "#/definitions/CloudIntegration"}))
    );
    let bare = spec.response_schema("GET", "/api/v2/user").unwrap();
    assert_eq!(
        spec.list_item_schema(bare),
        Some(&json!({"$ref": "#/definitions/UserModel"}))
    );
}

/// What an alert viewer's call sends is what the spec documents for it: its query parameters,
/// and a body (valid against the body's model) where it takes one.
fn sent_as_documented(
    spec: &Spec,
    method: &str,
    template: &str,
    request: &ApiRequest,
) -> Vec<String> {
    let Some((_, op)) = spec.operation(method, template) else {
        return vec![format!("{method} {template} is not in the spec")];
    };
    let params = op["parameters"].as_array().cloned().unwrap_or_default();
    let documented = |place: &str, name: &str| {
        params
            .iter()
            .any(|p| p["in"] == place && p["name"].as_str() == Some(name))
    };
    let mut problems: Vec<String> = request
        .query
        .iter()
        .filter(|(k, _)| !documented("query", k))
        .map(|(k, _)| format!("{method} {template} sends ?{k}, not documented"))
        .collect();
    let takes_body = params.iter().any(|p| p["in"] == "body");
    match (&request.body, takes_body) {
        (Some(body), true) => {
            let schema = spec.body_schema(method, template).unwrap();
            problems.extend(
                spec.validate(schema, body, Nulls::Refused)
                    .into_iter()
                    .map(|e| format!("{method} {template} request body: {e}")),
            );
        }
        (None, false) => {}
        _ => problems.push(format!("{method} {template}: a body iff the API takes one")),
    }
    problems
}

/// The alert viewer's endpoints: every alert's firings of the week, a few firings' series and
/// related events (of the schedule and of the fixture's events) follow the spec's models, and
/// the requests the app sends for them are documented as sent.
#[tokio::test]
async fn the_alerting_history_follows_the_spec() {
    use wf_tui::api::alert_firings::{Answer, Call, FIRINGS_PATH};
    const DETAILS: &str = "/api/v2/event/{id}/alertFiringDetails";
    const RELATED: &str = "/api/v2/search/event/related/{eventId}";
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let now = now();
    let mut problems = Vec::new();
    let mut event_ids = Vec::new();
    let validate = |problems: &mut Vec<String>, method: &str, template: &str, body: &Value| {
        let schema = spec.response_schema(method, template).unwrap();
        problems.extend(
            spec.validate(schema, body, Nulls::AsAbsent)
                .into_iter()
                .map(|e| format!("{method} {template} ({}): {e}", spec.name_of(schema))),
        );
    };
    for alert in server.state().items("alert") {
        let call = Call::Firings {
            alert_id: alert["id"].as_str().unwrap().to_string(),
            from_ms: now - 7 * 86_400_000,
            to_ms: now,
        };
        let request = call.request();
        problems.extend(sent_as_documented(&spec, "GET", FIRINGS_PATH, &request));
        let answer = send(&server, &request).await;
        assert_eq!(answer.status, 200, "{}", request.path_and_query());
        validate(&mut problems, "GET", FIRINGS_PATH, &answer.body);
        let Ok(Answer::Firings(listed)) = call.read(&answer.body["response"]) else {
            panic!("firings of {}: {}", alert["name"], answer.body);
        };
        event_ids.extend(
            listed
                .items
                .iter()
                .step_by(5)
                .take(2)
                .filter_map(|f| f.id.clone()),
        );
    }
    assert!(event_ids.len() > 60, "only {} firings", event_ids.len());
    // A fixture event an alert created: answered too.
    event_ids.push("e000007-shipping-slo-burn-rate".into());
    for event_id in event_ids.iter().step_by(6) {
        let details = Call::Details {
            event_id: event_id.clone(),
        };
        let request = details.request();
        problems.extend(sent_as_documented(&spec, "GET", DETAILS, &request));
        let answer = send(&server, &request).await;
        assert_eq!(answer.status, 200, "{event_id}: {}", answer.body);
        validate(&mut problems, "GET", DETAILS, &answer.body);
        assert!(
            !answer.body["response"].as_array().unwrap().is_empty(),
            "{event_id}: no series"
        );
        let related = Call::Related {
            event_id: event_id.clone(),
            from_ms: now - 86_400_000,
            to_ms: now,
        };
        let request = related.request();
        problems.extend(sent_as_documented(&spec, "POST", RELATED, &request));
        let answer = send(&server, &request).await;
        assert_eq!(answer.status, 200, "{event_id}: {}", answer.body);
        validate(&mut problems, "POST", RELATED, &answer.body);
        assert!(
            !answer.body["response"]["items"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{event_id}: nothing related in a day"
        );
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} departures from the spec:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A chart answer with its events (`autoEvents=true`, the event list of `v`), and the event
/// changes `wf-tui event` sends: the bodies as the app builds them and the answers, against
/// the spec's models (`QueryResult` with `QueryEvent`s, `Event` in `ResponseContainerEvent`).
#[tokio::test]
async fn chart_events_and_event_changes_follow_the_spec() {
    use wf_tui::api::catalog::{Arg, EVENTS, Verb};
    use wf_tui::api::chart::{ChartQuery, Window};
    use wf_tui::api::chart_events::ShowEvents;
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let kind = wf_tui::api::catalog::kind_by_name("event").unwrap();
    let mut problems = Vec::new();
    let mut check = |what: &str, schema: &Value, value: &Value, nulls| {
        problems.extend(departures(&spec, kind, what, schema, value, nulls));
    };

    // An alert's chart over the week: its firings and the fixture's events.
    let alert = server
        .state()
        .items("alert")
        .into_iter()
        .find(|a| {
            a["displayExpression"]
                .as_str()
                .is_some_and(|e| e.contains("service="))
        })
        .unwrap();
    let mut query = ChartQuery::new(
        alert["displayExpression"].as_str().unwrap(),
        Window::Week,
        now(),
    );
    query.events = ShowEvents::All;
    let chart = send(&server, &query.request()).await;
    assert_eq!(chart.status, 200);
    let events = chart.body["events"].as_array().unwrap();
    assert!(!events.is_empty(), "no events on {}", alert["name"]);
    let schema = spec.response_schema("GET", "/api/v2/chart/api").unwrap();
    check(
        "GET /api/v2/chart/api",
        schema,
        &chart.body,
        Nulls::AsAbsent,
    );
    let list = send(&server, &query.events_request().unwrap()).await;
    assert_eq!(list.status, 200);
    assert!(!items_of(kind, &list.body).is_empty());
    let schema = spec.response_schema("GET", "/api/v2/event").unwrap();
    check(
        "GET /api/v2/event (a chart's window)",
        schema,
        &list.body,
        Nulls::AsAbsent,
    );

    // Create, update, close: bodies and answers.
    let op = |verb| EVENTS.operation(verb).unwrap();
    let body = serde_json::json!({
        "name": "deploy api", "annotations": {"type": "deploy", "severity": "info"},
        "startTime": now(), "tags": ["deploy"], "hosts": ["web-01"],
    });
    let create = op(Verb::Create).request("", Arg::Item(body.clone()));
    check(
        "POST /api/v2/event request body",
        spec.body_schema("POST", "/api/v2/event").unwrap(),
        &body,
        Nulls::Refused,
    );
    let created = send(&server, &create).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let answer = spec.response_schema("POST", "/api/v2/event").unwrap();
    check("POST /api/v2/event", answer, &created.body, Nulls::AsAbsent);
    let id = created.body["response"]["id"].as_str().unwrap().to_string();
    let closed = send(&server, &op(Verb::Close).request(&id, Arg::None)).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["response"]["runningState"], "ENDED");
    let answer = spec
        .response_schema("POST", "/api/v2/event/{id}/close")
        .unwrap();
    check(
        "POST /api/v2/event/{id}/close",
        answer,
        &closed.body,
        Nulls::AsAbsent,
    );
    let mut noted = closed.body["response"].clone();
    noted["annotations"]["exitStatus"] = "0".into();
    let updated = send(
        &server,
        &op(Verb::Update).request(&id, Arg::Item(noted.clone())),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["response"]["annotations"]["exitStatus"], "0");
    assert_eq!(
        updated.body["response"]["endTime"], noted["endTime"],
        "still closed"
    );
    check(
        "PUT /api/v2/event/{id} request body",
        spec.body_schema("PUT", "/api/v2/event/{id}").unwrap(),
        &noted,
        Nulls::Refused,
    );
    let answer = spec.response_schema("PUT", "/api/v2/event/{id}").unwrap();
    check(
        "PUT /api/v2/event/{id}",
        answer,
        &updated.body,
        Nulls::AsAbsent,
    );
    // Listed and detailed as the spec's Event too.
    let detail = send(&server, &kind.detail_request(&id).unwrap()).await;
    assert_eq!(detail.status, 200);
    let answer = spec.response_schema("GET", "/api/v2/event/{id}").unwrap();
    check(
        "GET /api/v2/event/{id} (created)",
        answer,
        &detail.body,
        Nulls::AsAbsent,
    );
    assert!(
        problems.is_empty(),
        "{} departures from the spec:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The console's reads: the summary validates as the spec's ResponseContainerMapStringInteger
/// and counts the alerts' live states; the firing search (its body and its answer) follows the
/// spec and finds exactly the alerts whose live status holds FIRING, before and after some of
/// them started or stopped firing.
#[tokio::test]
async fn the_alerting_reads_follow_the_spec_and_the_live_states() {
    use std::collections::BTreeSet;
    use wf_tui::api::alerting::{SUMMARY_PATH, summary_request};
    use wf_tui::api::catalog::{ALERTS, FIRING_ALERTS};
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut problems = Vec::new();
    let mut firing_sets = Vec::new();
    for minutes in [0u64, 4, 8, 12] {
        server
            .state()
            .advance(std::time::Duration::from_secs(60 * minutes.min(4)));
        let summary = send(&server, &summary_request()).await;
        assert_eq!(summary.status, 200);
        let schema = spec.response_schema("GET", SUMMARY_PATH).unwrap();
        problems.extend(departures(
            &spec,
            &FIRING_ALERTS,
            "GET /api/v2/alert/summary",
            schema,
            &summary.body,
            Nulls::AsAbsent,
        ));
        let request = FIRING_ALERTS.list_request(&PageRequest::first(1000), now());
        let body: Value = serde_json::from_str(&request.body_text().unwrap()).unwrap();
        let body_schema = spec.body_schema("POST", &request.path).unwrap();
        problems.extend(departures(
            &spec,
            &FIRING_ALERTS,
            "POST /api/v2/search/alert request body",
            body_schema,
            &body,
            Nulls::Refused,
        ));
        let answer = send(&server, &request).await;
        assert_eq!(answer.status, 200);
        let schema = spec.response_schema("POST", &request.path).unwrap();
        problems.extend(departures(
            &spec,
            &FIRING_ALERTS,
            "POST /api/v2/search/alert",
            schema,
            &answer.body,
            Nulls::AsAbsent,
        ));
        let found: BTreeSet<String> = items_of(&FIRING_ALERTS, &answer.body)
            .iter()
            .filter_map(|a| FIRING_ALERTS.item_id(a))
            .collect();
        let list = send(
            &server,
            &ALERTS.list_request(&PageRequest::first(1000), now()),
        )
        .await;
        let live: BTreeSet<String> = items_of(&ALERTS, &list.body)
            .iter()
            .filter(|a| a["status"].as_array().unwrap().contains(&json!("FIRING")))
            .filter_map(|a| ALERTS.item_id(a))
            .collect();
        assert!(!live.is_empty(), "something fires");
        assert_eq!(found, live, "after {minutes} minutes");
        assert_eq!(
            summary.body["response"]["FIRING"].as_u64(),
            Some(live.len() as u64),
            "{}",
            summary.body
        );
        firing_sets.push(found);
    }
    assert!(
        firing_sets.windows(2).any(|w| w[0] != w[1]),
        "nothing started or stopped in twelve minutes: the check proves little"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A template with its blanks filled, as a person would before saving it.
fn filled(template: Value) -> Value {
    let mut out = serde_json::Map::new();
    for (k, v) in template.as_object().unwrap() {
        if k.starts_with("//") {
            continue;
        }
        let v = match v {
            Value::String(s) if s.is_empty() => json!("filled-in"),
            Value::Array(a) if a.is_empty() && k == "relevantCustomerTags" => json!(["db"]),
            other => other.clone(),
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

/// Creates, updates and deletes of every kind a person edits answer what the spec says they
/// answer; a body without what the model requires gets a 400 in the envelope's error shape,
/// with the reason; every update moves the time of the last change on.
#[tokio::test]
async fn writes_answer_as_the_spec_says() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut problems = Vec::new();
    for e in wf_tui::api::catalog::EDITABLE {
        problems.extend(writes_of(&server, &spec, e).await);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The update, create, delete and a refused update of one kind; the departures found.
async fn writes_of(
    server: &DemoServer,
    spec: &Spec<'_>,
    e: &wf_tui::api::catalog::Editing,
) -> Vec<String> {
    use wf_tui::api::catalog::{Arg, Verb};
    let kind = e.kind;
    let op = |verb| kind.operation(verb).unwrap();
    let mut problems = Vec::new();
    let list = send(server, &kind.list_request(&PageRequest::first(10), now())).await;
    let item = items_of(kind, &list.body).remove(0);
    let id = kind.item_id(&item).unwrap();

    // What the editor sends: the item in the shape its update takes.
    let mut sent = item.clone();
    if let Some(prepare) = e.prepare {
        prepare(sent.as_object_mut().unwrap());
    }
    let answer = send(server, &op(Verb::Update).request(&id, Arg::Item(sent))).await;
    assert_eq!(answer.status, 200, "{} PUT: {}", kind.name, answer.body);
    let schema = spec.response_schema("PUT", op(Verb::Update).path).unwrap();
    problems.extend(departures(
        spec,
        kind,
        "PUT",
        schema,
        &answer.body,
        Nulls::AsAbsent,
    ));
    for at in wf_tui::api::catalog::CHANGED_AT {
        let after = answer.body["response"][*at].as_i64();
        if let (Some(before), Some(after)) = (item[*at].as_i64(), after) {
            assert!(after > before, "{}: {at} moved on", kind.name);
        }
    }

    let body = filled((e.template)(now() / 1000));
    let created = send(server, &op(Verb::Create).request("", Arg::Item(body))).await;
    assert_eq!(created.status, 200, "{} POST: {}", kind.name, created.body);
    let schema = spec.response_schema("POST", op(Verb::Create).path).unwrap();
    problems.extend(departures(
        spec,
        kind,
        "POST",
        schema,
        &created.body,
        Nulls::AsAbsent,
    ));
    let new_id = kind.item_id(&created.body["response"]).unwrap();

    let delete = send(server, &op(Verb::Delete).request(&new_id, Arg::None)).await;
    assert_eq!(delete.status, 200, "{} DELETE", kind.name);
    let schema = spec
        .response_schema("DELETE", op(Verb::Delete).path)
        .unwrap();
    problems.extend(departures(
        spec,
        kind,
        "DELETE",
        schema,
        &delete.body,
        Nulls::AsAbsent,
    ));
    let gone = send(server, &kind.detail_request(&new_id).unwrap()).await;
    assert_eq!(gone.status, 404, "{}: deleted", kind.name);

    let bad = op(Verb::Update).request(&id, Arg::Item(json!({"id": id})));
    let bad = send(server, &bad).await;
    assert_eq!(bad.status, 400, "{}: {}", kind.name, bad.body);
    assert_eq!(bad.body["status"]["result"], "ERROR");
    let message = bad.body["status"]["message"].as_str().unwrap();
    assert!(message.contains("is required"), "{}: {message}", kind.name);
    problems
}

/// The alert's clone and its condition's check answer what the spec says; a condition that
/// does not parse gets a 400 saying why.
#[tokio::test]
async fn the_clone_and_the_check_answer_as_the_spec_says() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let alerts = &wf_tui::api::catalog::ALERTS;
    let mut problems = Vec::new();
    let answer = send(
        &server,
        &ApiRequest::post(ALERTS_CLONE).with_query("name", "copy"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["response"]["name"], "copy");
    let schema = spec
        .response_schema("POST", "/api/v2/alert/{id}/clone")
        .unwrap();
    problems.extend(departures(
        &spec,
        alerts,
        "clone",
        schema,
        &answer.body,
        Nulls::AsAbsent,
    ));

    let check = wf_tui::api::edit::check_query(&json!({"condition": "ts(cpu.load) > 2"})).unwrap();
    let body_schema = spec.body_schema("POST", &check.path).unwrap();
    let body = check.body.clone().unwrap();
    problems.extend(departures(
        &spec,
        alerts,
        "check body",
        body_schema,
        &body,
        Nulls::Refused,
    ));
    let answer = send(&server, &check).await;
    assert_eq!(answer.status, 200);
    let schema = spec.response_schema("POST", &check.path).unwrap();
    problems.extend(departures(
        &spec,
        alerts,
        "check",
        schema,
        &answer.body,
        Nulls::AsAbsent,
    ));
    let bad = wf_tui::api::edit::check_query(&json!({"condition": "ts(cpu.load > 2"})).unwrap();
    let refused = send(&server, &bad).await;
    assert_eq!(refused.status, 400);
    let message = refused.body["status"]["message"].as_str().unwrap();
    assert!(message.contains("not closed"), "{message}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An alert of the fixtures, to clone.
const ALERTS_CLONE: &str = "/api/v2/alert/1690000000372/clone";

/// Every item's version history and every version of a few items follow the spec's models,
/// page as the spec says, and the requests the app sends for them are documented as sent;
/// unknown versions and items are 404s.
#[tokio::test]
async fn version_histories_follow_the_spec() {
    use wf_tui::api::versions::{Call, HISTORY_KINDS, VersionNo};
    const LIST: &str = "/api/v2/{kind}/{id}/history";
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut problems = Vec::new();
    for kind in HISTORY_KINDS {
        let list_template = LIST.replace("{kind}", kind.name);
        let one_template = format!("{list_template}/{{version}}");
        for (n, item) in server.state().items(kind.name).iter().enumerate() {
            let item_id = kind.item_id(item).unwrap();
            let call = Call::List {
                kind,
                item_id: item_id.clone(),
                offset: 0,
                limit: 100,
            };
            let request = call.request();
            problems.extend(sent_as_documented(&spec, "GET", &list_template, &request));
            let answer = send(&server, &request).await;
            assert_eq!(answer.status, 200, "{}", request.path);
            let schema = spec.response_schema("GET", &list_template).unwrap();
            problems.extend(departures(
                &spec,
                kind,
                "history",
                schema,
                &answer.body,
                Nulls::AsAbsent,
            ));
            let entries = answer.body["response"]["items"].as_array().unwrap().clone();
            assert!(!entries.is_empty(), "{} {item_id}: a history", kind.name);
            assert_eq!(entries[0]["version"], entries.len(), "newest first");
            if n >= 4 {
                continue;
            }
            for entry in &entries {
                let version = VersionNo::read(&entry["version"]).unwrap();
                let call = Call::Version {
                    kind,
                    item_id: item_id.clone(),
                    version,
                };
                let request = call.request();
                problems.extend(sent_as_documented(&spec, "GET", &one_template, &request));
                let answer = send(&server, &request).await;
                assert_eq!(answer.status, 200, "{}", request.path);
                let schema = spec.response_schema("GET", &one_template).unwrap();
                problems.extend(departures(
                    &spec,
                    kind,
                    "version",
                    schema,
                    &answer.body,
                    Nulls::AsAbsent,
                ));
            }
        }
    }
    // Pages of two: the fourth alert has four versions.
    let alert = &server.state().items("alert")[3];
    let id = alert["id"].as_str().unwrap().to_string();
    let page = |offset| Call::List {
        kind: &wf_tui::api::catalog::ALERTS,
        item_id: id.clone(),
        offset,
        limit: 2,
    };
    let first = send(&server, &page(0).request()).await.body["response"].clone();
    assert_eq!(
        (
            first["items"].as_array().unwrap().len(),
            first["moreItems"].clone()
        ),
        (2, json!(true))
    );
    let last = send(&server, &page(2).request()).await.body["response"].clone();
    assert_eq!(last["moreItems"], false);
    assert_eq!(last["items"][1]["version"], 1);
    for (path, why) in [
        (format!("/api/v2/alert/{id}/history/99"), "no such version"),
        ("/api/v2/alert/0/history".to_string(), "no such alert"),
    ] {
        let answer = send(&server, &ApiRequest::get(&path)).await;
        assert_eq!(answer.status, 404, "{why}");
        assert_eq!(answer.body["status"]["result"], "ERROR");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A write keeps a version (an update says what it changed), a delete puts the item in the
/// trash, and the alert's clone with `v` copies that version.
#[tokio::test]
async fn writes_keep_versions_and_deletes_go_to_the_trash() {
    use wf_tui::api::catalog::{ALERTS, Arg, TRASHED_ALERTS, Verb};
    use wf_tui::api::versions::{Call, VersionNo};
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let state = server.state();
    let mut alert = state.items("alert")[1].clone();
    let id = alert["id"].as_str().unwrap().to_string();
    let before = state.history.latest("alert", &id).unwrap();
    let first = state.history.item_at("alert", &id, 1).unwrap();
    alert["minutes"] = json!(42);
    let put = ALERTS
        .operation(Verb::Update)
        .unwrap()
        .request(&id, Arg::Item(alert));
    assert_eq!(send(&server, &put).await.status, 200);
    assert_eq!(state.history.latest("alert", &id), Some(before + 1));
    let list = Call::List {
        kind: &ALERTS,
        item_id: id.clone(),
        offset: 0,
        limit: 1,
    };
    let newest = send(&server, &list.request()).await.body["response"]["items"][0].clone();
    let said: Vec<&str> = newest["changeDescription"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        said.iter()
            .any(|l| l.starts_with("minutes: ") && l.ends_with("→ 42")),
        "{said:?}"
    );
    assert_eq!(newest["updateUser"], state.credentials.user);

    let clone = ALERTS
        .operation(Verb::Clone)
        .unwrap()
        .request(&id, Arg::Name(Some("from v1")))
        .with_query("v", "1");
    let copy = send(&server, &clone).await.body["response"].clone();
    assert_eq!(copy["condition"], first["condition"]);
    assert_eq!(copy["name"], "from v1");
    let missing = ALERTS
        .operation(Verb::Clone)
        .unwrap()
        .request(&id, Arg::None)
        .with_query("v", "999");
    assert_eq!(send(&server, &missing).await.status, 404);

    let delete = ALERTS
        .operation(Verb::Delete)
        .unwrap()
        .request(&id, Arg::None);
    assert_eq!(send(&server, &delete).await.status, 200);
    let trash = send(
        &server,
        &TRASHED_ALERTS.list_request(&PageRequest::first(100), now()),
    )
    .await;
    let ids: Vec<&str> = trash.body["response"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert!(ids.contains(&id.as_str()), "{ids:?}");
    // Its history stays: the version of a deleted alert can still be read.
    let v1 = Call::Version {
        kind: &ALERTS,
        item_id: id,
        version: VersionNo::parse("1").unwrap(),
    };
    assert_eq!(send(&server, &v1.request()).await.status, 200);
}

/// Every trash lists, searches and restores as the spec says: the search's body is a
/// `SortableSearchRequest`, its answer the kind's paged model, the undelete's the kind's
/// container; a restored item leaves the trash and is back in its list.
#[tokio::test]
async fn the_trash_follows_the_spec() {
    use wf_tui::api::catalog::{TRASH, restore_request};
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut problems = Vec::new();
    for trash in TRASH {
        let live = trash.trash_of.unwrap();
        let request = trash.list_request(&PageRequest::first(100), now());
        problems.extend(sent_as_documented(&spec, "POST", trash.list_path, &request));
        let answer = send(&server, &request).await;
        assert_eq!(answer.status, 200, "{}: {}", trash.name, answer.body);
        let schema = spec.response_schema("POST", trash.list_path).unwrap();
        problems.extend(departures(
            &spec,
            trash,
            "search",
            schema,
            &answer.body,
            Nulls::AsAbsent,
        ));
        let items = items_of(trash, &answer.body);
        assert!(items.len() >= 2, "{}: a few deleted items", trash.name);
        let name = items[0]["name"].as_str().unwrap();
        let word = name.split_whitespace().next().unwrap();
        let search = trash
            .search_request(&PageRequest::first(100), word, now())
            .unwrap();
        problems.extend(sent_as_documented(&spec, "POST", trash.list_path, &search));
        let found = items_of(trash, &send(&server, &search).await.body);
        assert!(
            !found.is_empty() && found.len() <= items.len(),
            "{}: searched",
            trash.name
        );

        let id = trash.item_id(&items[0]).unwrap();
        let restore = restore_request(trash, &id).unwrap();
        let template = format!("/api/v2/{}/{{id}}/undelete", live.name);
        problems.extend(sent_as_documented(&spec, "POST", &template, &restore));
        let restored = send(&server, &restore).await;
        assert_eq!(restored.status, 200, "{}: {}", trash.name, restored.body);
        let schema = spec.response_schema("POST", &template).unwrap();
        problems.extend(departures(
            &spec,
            live,
            "undelete",
            schema,
            &restored.body,
            Nulls::AsAbsent,
        ));
        assert_eq!(restored.body["response"]["deleted"], false);
        let left = items_of(trash, &send(&server, &request).await.body);
        assert_eq!(
            left.len(),
            items.len() - 1,
            "{}: out of the trash",
            trash.name
        );
        assert!(
            server
                .state()
                .items(live.name)
                .iter()
                .any(|i| live.item_id(i).as_deref() == Some(&id))
        );
        let again = send(&server, &restore).await;
        assert_eq!(again.status, 404, "{}: restored once", trash.name);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The dashboard player's calls: the favourites answer the spec's `ResponseContainer` (and an
/// unknown dashboard the error shape), and every panel query of the player's demo dashboards
/// (variables at their defaults) a `QueryResult`.
#[tokio::test]
async fn the_dashboard_players_calls_follow_the_spec() {
    use wf_tui::api::chart::{ChartQuery, Window};
    use wf_tui::api::dashboard::queries::plan;
    use wf_tui::api::dashboard::{Dashboard, default_bindings, favorite_request};
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let kind = wf_tui::api::catalog::kind_by_name("dashboard").unwrap();
    let mut problems = Vec::new();
    for (on, path) in [
        (true, "/api/v2/dashboard/{id}/favorite"),
        (false, "/api/v2/dashboard/{id}/unfavorite"),
    ] {
        let answer = send(&server, &favorite_request("demo-player-tour", on)).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let schema = spec.response_schema("POST", path).unwrap();
        problems.extend(departures(
            &spec,
            kind,
            path,
            schema,
            &answer.body,
            Nulls::AsAbsent,
        ));
    }
    let missing = send(&server, &favorite_request("no-such-dashboard", true)).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["status"]["result"], "ERROR");

    let schema = spec.response_schema("GET", "/api/v2/chart/api").unwrap();
    for id in ["demo-player-tour", "demo-24-panels"] {
        let items = server.state().items("dashboard");
        let d = Dashboard::read(items.iter().find(|d| d["id"] == id).unwrap());
        for q in plan(&d, &default_bindings(&d.variables)) {
            if !q.runs() {
                continue;
            }
            let query = ChartQuery::new(q.query.clone(), Window::Hour, now());
            let answer = send(&server, &query.request()).await;
            assert_eq!(answer.status, 200, "{}: {}", q.query, answer.body);
            assert!(answer.body.get("errorType").is_none(), "{}", answer.body);
            problems.extend(departures(
                &spec,
                kind,
                &format!("chart of {id}/{}", q.chart),
                schema,
                &answer.body,
                Nulls::AsAbsent,
            ));
        }
    }
    // The tour's event query (`events(…)`) answers its events, no series.
    let items = server.state().items("dashboard");
    let tour = Dashboard::read(
        items
            .iter()
            .find(|d| d["id"] == "demo-player-tour")
            .unwrap(),
    );
    let text = tour
        .event_query
        .clone()
        .expect("the tour has an event query");
    let answer = send(
        &server,
        &ChartQuery::new(text, Window::SixHours, now()).request(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let events = answer.body["events"].as_array().expect("events");
    assert!(!events.is_empty(), "{}", answer.body);
    problems.extend(departures(
        &spec,
        kind,
        "the tour's event query",
        schema,
        &answer.body,
        Nulls::AsAbsent,
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The metric detail the completion and `:metrics` read (`GET /api/v2/chart/metric/detail`) is
/// a bare `MetricDetailsResponse`, paged with its `continuationToken`.
#[tokio::test]
async fn metric_detail_follows_the_spec() {
    use wf_tui::api::metrics::{DETAIL_PATH, detail_request, read_details};
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let kind = wf_tui::api::catalog::kind_by_name("source").unwrap();
    let schema = spec.response_schema("GET", DETAIL_PATH).unwrap();
    let mut problems = Vec::new();
    let first = send(&server, &detail_request("cpu.usage.idle", 1, None)).await;
    assert_eq!(first.status, 200);
    problems.extend(departures(
        &spec,
        kind,
        DETAIL_PATH,
        schema,
        &first.body,
        Nulls::Refused,
    ));
    let (sources, token) = read_details(&first.body);
    assert_eq!(sources.len(), 1);
    let token = token.expect("more than one source: a token");
    let next = send(
        &server,
        &detail_request("cpu.usage.idle", 1000, Some(&token)),
    )
    .await;
    problems.extend(departures(
        &spec,
        kind,
        DETAIL_PATH,
        schema,
        &next.body,
        Nulls::Refused,
    ));
    let (rest, none) = read_details(&next.body);
    assert!(!rest.is_empty() && none.is_none());
    assert!(rest.iter().all(|s| s.host > sources[0].host));
    let unknown = send(&server, &detail_request("no.such.metric", 10, None)).await;
    assert_eq!(unknown.body, json!({"hosts": []}));
    assert!(problems.is_empty(), "{problems:#?}");
}
