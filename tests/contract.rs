//! Every path the app calls exists in the official API: the 2022 Swagger spec or the newest
//! client's endpoint list (v2.223.1). And the catalog is consistent: no name or alias means two
//! kinds, every kind has a title and columns.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::{HashMap, HashSet};

use wf_tui::api::catalog::{Arg, KINDS, Kind, Takes};

const SPEC: &str = "spec/swagger.spec.gz";
const TSV: &str = "spec/endpoints-2.223.1.tsv";

use common::schema::normalise;

/// Every `(METHOD, normalised path)` the spec or the endpoint list documents.
fn documented() -> HashSet<(String, String)> {
    let mut out = HashSet::new();

    let spec = common::spec::spec();
    let paths = spec["paths"]
        .as_object()
        .unwrap_or_else(|| panic!("{SPEC} has no `paths` object"));
    for (path, ops) in paths {
        let ops = ops
            .as_object()
            .unwrap_or_else(|| panic!("{SPEC}: {path} is not an object"));
        for method in ops.keys() {
            out.insert((method.to_ascii_uppercase(), normalise(path)));
        }
    }
    let from_spec = out.len();
    assert!(from_spec > 200, "only {from_spec} operations in {SPEC}");

    let tsv = common::spec::endpoints_tsv();
    for (n, line) in tsv.lines().enumerate() {
        if (n == 0 && line.starts_with("method\t")) || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(method), Some(path)) = (fields.next(), fields.next()) else {
            panic!("{TSV}:{}: not method<TAB>path: {line:?}", n + 1);
        };
        out.insert((method.trim().to_ascii_uppercase(), normalise(path.trim())));
    }
    assert!(out.len() > from_spec, "nothing read from {TSV}");
    out
}

fn check(
    api: &HashSet<(String, String)>,
    missing: &mut Vec<String>,
    kind: &Kind,
    what: &str,
    method: &str,
    path: &str,
) {
    if !api.contains(&(method.to_string(), normalise(path))) {
        missing.push(format!(
            "kind {}: {what} `{method} {path}` is in neither the spec nor the endpoint list",
            kind.name
        ));
    }
}

#[test]
fn every_path_the_catalog_calls_is_documented() {
    let api = documented();
    let mut missing = Vec::new();
    for kind in KINDS {
        check(&api, &mut missing, kind, "list", "GET", kind.list_path);
        if let Some(detail) = kind.detail_path {
            let placeholders = detail.matches('{').count();
            if kind.key_pointers.is_empty() {
                assert!(
                    detail.contains("{id}") && placeholders == 1,
                    "kind {}: detail path {detail} has no {{id}}",
                    kind.name
                );
            } else {
                assert_eq!(
                    placeholders,
                    kind.key_pointers.len(),
                    "kind {}: one placeholder of {detail} per key pointer",
                    kind.name
                );
            }
            check(&api, &mut missing, kind, "detail", "GET", detail);
        }
        if let Some(entity) = kind.search_entity {
            let path = format!("/api/v2/search/{entity}");
            check(&api, &mut missing, kind, "search", "POST", &path);
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The query parameters and whether a body is taken, of each documented operation (the spec's
/// `parameters`, or the endpoint list's `query_params` and `body_type` columns).
fn parameters() -> HashMap<(String, String), (Vec<String>, bool)> {
    let mut out = HashMap::new();
    let tsv = common::spec::endpoints_tsv();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let query = f[2].split(',').filter(|q| !q.is_empty()).map(String::from);
        let key = (f[0].trim().to_ascii_uppercase(), normalise(f[1].trim()));
        out.insert(key, (query.collect(), !f[3].trim().is_empty()));
    }
    let spec = common::spec::spec();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let of = |place: &str| -> Vec<String> {
                params
                    .iter()
                    .filter(|p| p["in"] == place)
                    .filter_map(|p| p["name"].as_str().map(String::from))
                    .collect()
            };
            let key = (method.to_ascii_uppercase(), normalise(path));
            out.insert(key, (of("query"), !of("body").is_empty()));
        }
    }
    out
}

/// Every operation of the catalog (used or only declared) is an operation of the API, its
/// placeholders are what it takes, and its query parameter or body is one the API documents.
#[test]
fn every_operation_of_the_catalog_is_documented_as_it_is_sent() {
    let api = documented();
    let params = parameters();
    let mut missing = Vec::new();
    let mut verbs = HashSet::new();
    for kind in KINDS {
        let mut seen = HashSet::new();
        for op in kind.operations {
            let what = format!("{:?}", op.verb);
            assert!(seen.insert(what.clone()), "{}: {what} twice", kind.name);
            verbs.insert(what.clone());
            check(&api, &mut missing, kind, &what, op.method.as_str(), op.path);
            let place = |p: &str| op.path.contains(p);
            assert_eq!(
                place("{tag}"),
                op.takes == Takes::Tag,
                "{}: {what}",
                kind.name
            );
            assert_eq!(
                place("{version}"),
                op.takes == Takes::Version,
                "{}: {what}",
                kind.name
            );
            let tags = ["a b".to_string()];
            let arg = match op.takes {
                Takes::Nothing => Arg::None,
                Takes::Tag => Arg::Tag("env=prod"),
                Takes::Tags => Arg::Tags(&tags),
                Takes::Seconds => Arg::Seconds(Some(60)),
                Takes::Item => Arg::Item(serde_json::json!({"id": "x"})),
                Takes::Version => Arg::Version(3),
                Takes::Name => Arg::Name(Some("copy")),
            };
            let req = op.request("web 01/x", arg);
            assert!(req.is_mutation(), "{}: {what} changes something", kind.name);
            assert!(
                !req.path.contains(['{', '}', ' ']),
                "{}: {}",
                kind.name,
                req.path
            );
            let Some((query, body)) = params.get(&(op.method.as_str().into(), normalise(op.path)))
            else {
                continue; // reported as missing above
            };
            for (k, _) in &req.query {
                assert!(
                    query.contains(k),
                    "{}: {what} sends ?{k}, not documented",
                    kind.name
                );
            }
            assert_eq!(
                req.body.is_some(),
                *body,
                "{}: {what}: a body iff the API takes one",
                kind.name
            );
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The operations the next views need are declared already.
    for verb in ["Update", "Clone", "Revert", "Undelete", "Create", "Delete"] {
        assert!(verbs.contains(verb), "no kind declares {verb}");
    }
}

#[test]
fn identity_and_login_paths() {
    let api = documented();
    // Who am I: the own-token listing.
    assert!(
        api.contains(&("GET".into(), "/api/v2/apitoken".into())),
        "GET /api/v2/apitoken (identity) is not documented"
    );
    // A negative control: a path gone from the API (FACTS.md 1.2) is not found.
    assert!(!api.contains(&("GET".into(), "/api/v2/monitoredcluster".into())));
    // The token exchanges are CSP's, not Wavefront's: not in this spec, so not checked here.
    for path in [
        wf_tui::auth::csp::API_TOKEN_PATH,
        wf_tui::auth::csp::CLIENT_CREDENTIALS_PATH,
    ] {
        assert!(path.starts_with("/csp/"), "{path} is not a CSP path");
        assert!(
            !api.contains(&("POST".into(), normalise(path))),
            "{path} is CSP's, yet the Wavefront spec lists it"
        );
    }
}

#[test]
fn names_and_aliases_are_unique_and_kinds_are_complete() {
    // kind_by_name ignores case, so uniqueness is case-insensitive too.
    let mut owner: HashMap<String, &str> = HashMap::new();
    let mut clashes = Vec::new();
    for kind in KINDS {
        for name in std::iter::once(&kind.name).chain(kind.aliases) {
            assert!(
                !name.trim().is_empty(),
                "kind {}: an empty alias",
                kind.name
            );
            if let Some(other) = owner.insert(name.to_ascii_lowercase(), kind.name) {
                if other != kind.name {
                    clashes.push(format!("{name:?} means both {other} and {}", kind.name));
                } else {
                    clashes.push(format!("{name:?} is listed twice for {}", kind.name));
                }
            }
        }
        assert!(
            !kind.title.trim().is_empty(),
            "kind {}: no title",
            kind.name
        );
        assert!(!kind.columns.is_empty(), "kind {}: no columns", kind.name);
        for column in kind.columns {
            assert!(
                !column.title.trim().is_empty(),
                "kind {}: a column without a title ({})",
                kind.name,
                column.pointer
            );
        }
        // Names put in place of ids are for the cells; an item's JSON stays as the API sent it.
        assert!(
            kind.names_from.is_empty() || !kind.holds_items(),
            "kind {}: names_from on a kind whose rows keep their items",
            kind.name
        );
        assert!(
            kind.list_path.starts_with("/api/v2/"),
            "kind {}: list path {}",
            kind.name,
            kind.list_path
        );
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    // And lookup finds each kind by each of its names.
    for kind in KINDS {
        for name in std::iter::once(&kind.name).chain(kind.aliases) {
            let found = wf_tui::api::catalog::kind_by_name(name).map(|k| k.name);
            assert_eq!(found, Some(kind.name), "lookup of {name:?}");
        }
    }
}

#[test]
fn normalise_only_touches_templates() {
    assert_eq!(
        normalise("/api/v2/monitoredservice/{application}/{service}"),
        "/api/v2/monitoredservice/{}/{}"
    );
    assert_eq!(normalise("/api/v2/alert/{id}"), "/api/v2/alert/{}");
    assert_eq!(normalise("/api/v2/alert"), "/api/v2/alert");
}

/// A fresh clone tests itself: nothing in the repository reaches outside it for the spec.
#[test]
fn nothing_reads_outside_the_repository() {
    // Spelled in pieces so this file does not match itself.
    let outside = ["..", "/shared/"].concat();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    let mut dirs = vec![root.join("src"), root.join("tests"), root.join("scripts")];
    let mut files = vec![root.join("Cargo.toml"), root.join("build.rs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for path in files {
        if let Ok(text) = std::fs::read_to_string(&path) {
            if text.contains(&outside) {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "reads {outside}: {offenders:?}");
    // And the vendored files are there.
    assert!(common::spec::spec()["paths"].as_object().unwrap().len() > 200);
    assert!(common::spec::endpoints_tsv().lines().count() > 400);
}

/// Collections of the API that are not kinds, each with why. A person browses things; these
/// are duplicates, parts of other kinds, reports over a time range, per-item lists that need an
/// id, or the product UI's own bookkeeping. doc/notes-spec.md says the same.
const NOT_BROWSED: &[(&str, &str)] = &[
    (
        "/api/v2/webhook",
        "the alert targets again (notificant), webhooks only",
    ),
    (
        "/api/v2/alert/paginated",
        "the alerts again, cursor-paged (v2.223.1)",
    ),
    (
        "/api/v2/alert/acl",
        "ACLs of the alerts named by the required `id`s: part of each alert",
    ),
    (
        "/api/v2/dashboard/acl",
        "ACLs of the dashboards named by the required `id`s",
    ),
    (
        "/api/v2/event/alertFirings",
        "firings of one alert (`alertId` required)",
    ),
    (
        "/api/v2/chart/raw",
        "raw points of a metric (`metric` required): a query, not a collection",
    ),
    (
        "/api/v2/integration/installed",
        "the installed integrations: the INSTALL column of `integration`",
    ),
    (
        "/api/v2/integration/manifests",
        "the integrations again, grouped as the product's catalog page",
    ),
    ("/api/v2/integration/manifests/min", "as above, abridged"),
    (
        "/api/v2/metricspolicy/history",
        "the change history of the one metrics policy, not a collection",
    ),
    (
        "/api/v2/monitoredservice/components",
        "the monitored services again, per component",
    ),
    (
        "/api/v2/recentappmapsearch",
        "the product UI's recent searches of the caller (its history)",
    ),
    ("/api/v2/recenttracessearch", "as above, for traces"),
    (
        "/api/v2/savedappmapsearch/owned",
        "the caller's own saved app map searches: a subset",
    ),
    (
        "/api/v2/savedtracessearch/owned",
        "the caller's own saved traces searches: a subset",
    ),
    (
        "/api/v2/savedappmapsearchgroup",
        "the UI's folders of saved app map searches (names and ids)",
    ),
    (
        "/api/v2/savedtracessearchgroup",
        "the UI's folders of saved traces searches",
    ),
    (
        "/api/v2/spansamplingpolicy/deleted",
        "the span sampling policies in the trash",
    ),
    (
        "/api/v2/alert/analytics/summary/errors",
        "an alert analytics report over `start`..`end`",
    ),
    (
        "/api/v2/alert/analytics/summary/alerts/failed",
        "an alert analytics report over `start`..`end`",
    ),
    (
        "/api/v2/alert/analytics/summary/alerts/noData",
        "an alert analytics report over `start`..`end`",
    ),
    (
        "/api/v2/alert/analytics/summary/alerts/noTarget",
        "an alert analytics report over `start`..`end`",
    ),
];

/// Whether a response type (the spec's schema, or the newer client's return type name) is a
/// paged list or a list of a model.
fn lists_a_model(spec: &common::schema::Spec, schema: &serde_json::Value) -> bool {
    spec.list_item_schema(schema)
        .is_some_and(|item| item.get("$ref").is_some())
}

/// Every collection a person would browse, in the spec or the newest client, is a kind or is on
/// [`NOT_BROWSED`] with its reason.
#[test]
fn every_collection_of_the_api_is_a_kind_or_excluded_with_a_reason() {
    let spec_value = common::spec::spec();
    let spec = common::schema::Spec::new(&spec_value);
    let mut collections = Vec::new();
    for (path, ops) in spec_value["paths"].as_object().unwrap() {
        let Some(schema) = ops.pointer("/get/responses/200/schema") else {
            continue;
        };
        if !path.contains('{') && lists_a_model(&spec, schema) {
            collections.push(path.clone());
        }
    }
    // The newer client: only return type names; a list of a model is Paged<X> or List<X> of a
    // model (not of String).
    for line in common::spec::endpoints_tsv().lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (method, path, ret) = (f[0], f[1], f.get(4).copied().unwrap_or(""));
        let model_list = (ret.starts_with("ResponseContainerPaged")
            || ret.starts_with("ResponseContainerList"))
            && !ret.ends_with("String");
        if method == "GET"
            && !path.contains('{')
            && model_list
            && !collections.iter().any(|c| c == path)
        {
            collections.push(path.to_string());
        }
    }
    assert!(collections.len() > 40, "only {collections:?}");
    let listed: HashSet<&str> = KINDS.iter().map(|k| k.list_path).collect();
    let excluded: HashMap<&str, &str> = NOT_BROWSED.iter().copied().collect();
    let missing: Vec<&String> = collections
        .iter()
        .filter(|c| !listed.contains(c.as_str()) && !excluded.contains_key(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "collections neither in the catalog nor on NOT_BROWSED: {missing:?}"
    );
    // Neither list goes stale: an exclusion names a collection, and is not also a kind.
    for (path, why) in NOT_BROWSED {
        assert!(!why.is_empty());
        assert!(
            collections.iter().any(|c| c == path),
            "{path} is no collection of the API"
        );
        assert!(!listed.contains(path), "{path} is a kind and excluded");
    }
}

/// The model a kind's rows are items of, from the spec (`None` for kinds newer than it).
fn item_model<'a>(spec: &common::schema::Spec<'a>, kind: &Kind) -> Option<&'a serde_json::Value> {
    let answer = spec.response_schema("GET", kind.list_path)?;
    match kind.items_pointer {
        None => spec.list_item_schema(answer),
        Some(pointer) => {
            // A singleton: walk from its model to the list of rows.
            let mut model = spec.properties(answer).get("response").copied()?;
            for seg in pointer.trim_start_matches('/').split('/') {
                model = spec.properties(model).get(seg).copied()?;
            }
            spec.list_item_schema(model).or_else(|| model.get("items"))
        }
    }
}

/// Whether `pointer` names a field of `model`, as deep as the model declares properties.
fn pointer_problem(
    spec: &common::schema::Spec,
    model: &serde_json::Value,
    pointer: &str,
) -> Option<String> {
    let mut current = model;
    for seg in pointer.trim_start_matches('/').split('/') {
        let resolved = spec.resolve(current);
        let props = spec.properties(current);
        if props.is_empty() {
            // A map (`additionalProperties`) or free-form object: any key may be there.
            if resolved.get("additionalProperties").is_some()
                || resolved.get("type").and_then(|t| t.as_str()) == Some("object")
            {
                return None;
            }
            return Some(format!(
                "`{seg}` is below a {} with no fields",
                spec.name_of(current)
            ));
        }
        match props.get(seg) {
            Some(next) => current = next,
            None => {
                return Some(format!(
                    "`{seg}` is not a field of {} (it has {})",
                    spec.name_of(current),
                    props.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    None
}

/// Every column (and the id) reads a field the kind's item model has, at every level the model
/// declares: a misspelt or outdated pointer is a column that is always blank.
#[test]
fn every_column_pointer_names_a_field_of_the_item_model() {
    let spec_value = common::spec::spec();
    let spec = common::schema::Spec::new(&spec_value);
    let mut problems = Vec::new();
    let mut checked = 0;
    for kind in KINDS {
        let Some(model) = item_model(&spec, kind) else {
            // Only the kinds whose list is newer than the spec (customer tokens).
            assert!(
                spec.response_schema("GET", kind.list_path).is_none(),
                "{}: no item model found",
                kind.name
            );
            continue;
        };
        let pointers = kind
            .columns
            .iter()
            .map(|c| (c.title, c.pointer))
            .chain(std::iter::once(("id", kind.id_pointer)))
            .chain(kind.key_pointers.iter().map(|p| ("key", *p)));
        for (title, pointer) in pointers {
            checked += 1;
            if let Some(p) = pointer_problem(&spec, model, pointer) {
                problems.push(format!("{} {title} {pointer}: {p}", kind.name));
            }
        }
    }
    assert!(checked > 100, "only {checked} pointers");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check itself bites.
    let model = serde_json::json!({"$ref": "#/definitions/Event"});
    assert!(pointer_problem(&spec, &model, "/annotations/type").is_none());
    assert!(pointer_problem(&spec, &model, "/startTimeMs").is_some());
    let alert = serde_json::json!({"$ref": "#/definitions/Alert"});
    assert!(pointer_problem(&spec, &alert, "/tags/customerTags").is_none());
    assert!(pointer_problem(&spec, &alert, "/tags/customerTag").is_some());
}

/// The firing console's columns read fields the search's answer (an Alert) has, each
/// alternative of a column (`/targetInfo|/target`) too; it is not in `KINDS` (its listing is a
/// search), so the check above does not see it.
#[test]
fn the_firing_consoles_columns_are_fields_of_the_search_answer() {
    use wf_tui::api::catalog::FIRING_ALERTS;
    let spec_value = common::spec::spec();
    let spec = common::schema::Spec::new(&spec_value);
    let answer = spec
        .response_schema("POST", "/api/v2/search/alert")
        .unwrap();
    let model = spec.list_item_schema(answer).unwrap();
    // The 2022 spec answers Alert; newer clients name AlertWithStats (FACTS §2.3), a superset.
    assert_eq!(model, &serde_json::json!({"$ref": "#/definitions/Alert"}));
    let mut problems = Vec::new();
    let mut checked = 0;
    for column in FIRING_ALERTS.columns {
        for pointer in column.pointer.split('|') {
            checked += 1;
            if let Some(p) = pointer_problem(&spec, model, pointer) {
                problems.push(format!("{} {pointer}: {p}", column.title));
            }
        }
    }
    assert!(
        checked > FIRING_ALERTS.columns.len(),
        "alternatives checked"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(pointer_problem(&spec, model, "/event/startTimeMs").is_some());
}
