//! Every path the app calls exists in the official API: the 2022 Swagger spec or the newest
//! client's endpoint list (v2.223.1). And the catalog is consistent: no name or alias means two
//! kinds, every kind has a title and columns.

mod common;

use std::collections::{HashMap, HashSet};

use wf_tui::api::catalog::{KINDS, Kind};

const SPEC: &str = "spec/swagger.spec.gz";
const TSV: &str = "spec/endpoints-2.223.1.tsv";

/// `/api/v2/monitoredapplication/{application}` → `/api/v2/monitoredapplication/{}`.
fn normalise(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

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
            assert!(
                detail.contains("{id}"),
                "kind {}: detail path {detail} has no {{id}}",
                kind.name
            );
            check(&api, &mut missing, kind, "detail", "GET", detail);
        }
        if let Some(entity) = kind.search_entity {
            let path = format!("/api/v2/search/{entity}");
            check(&api, &mut missing, kind, "search", "POST", &path);
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
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
