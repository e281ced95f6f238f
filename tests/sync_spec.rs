//! What dump, diff and apply know of each kind follows the spec: the natural key is made of
//! fields the kind's model has, the model is what its listing answers, the fields left out as
//! computed are the model's, and the references mapped between accounts are where the models
//! hold other items' ids.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::schema::Spec;
use serde_json::Value;
use wf_tui::api::catalog::editing;
use wf_tui::sync::SYNC_KINDS;

fn definition<'a>(spec: &Spec<'a>, name: &str) -> &'a Value {
    spec.definition(&format!("#/definitions/{name}"))
        .unwrap_or_else(|| panic!("the spec has no {name}"))
}

#[test]
fn keys_and_computed_fields_are_fields_of_each_kinds_model() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let mut problems = Vec::new();
    for sk in SYNC_KINDS {
        let model = definition(&spec, sk.model);
        let known = spec.properties(model);
        // The model named is what the listing's items are.
        let answer = spec.response_schema("GET", sk.kind.list_path).unwrap();
        let item = spec.list_item_schema(answer).unwrap();
        assert_eq!(spec.name_of(item), sk.model, "{}", sk.kind.name);
        for field in sk.key.iter().chain(sk.computed) {
            if !known.contains_key(*field) {
                problems.push(format!(
                    "{}: {field} is no field of {}",
                    sk.kind.name, sk.model
                ));
            }
        }
        if let Some(e) = editing(sk.kind) {
            assert_eq!(
                e.model, sk.model,
                "{}: editing reads another model",
                sk.kind.name
            );
            assert!(
                sk.computed.is_empty(),
                "{}: editing says what is computed",
                sk.kind.name
            );
        }
        // Only dashboards and sources have ids the client chooses.
        assert_eq!(
            sk.stable_id,
            ["dashboard", "source"].contains(&sk.kind.name),
            "{}",
            sk.kind.name
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_references_mapped_are_where_the_models_hold_ids() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let has = |model: &str, field: &str| {
        spec.properties(definition(&spec, model))
            .contains_key(field)
    };
    for (model, field) in [
        ("Alert", "target"),
        ("Alert", "targets"),
        ("Alert", "alertTriageDashboards"),
        ("AlertDashboard", "dashboardId"),
        ("MaintenanceWindow", "targets"),
        ("UserGroupWrite", "roleIDs"),
    ] {
        assert!(has(model, field), "{model}.{field}");
    }
    // The spec's own word for the alert's target list.
    let target = &spec.properties(definition(&spec, "Alert"))["target"];
    let said = target["description"].as_str().unwrap();
    assert!(said.contains("target:{alert target ID}"), "{said}");
    // `notificants`, the one other list of target ids, is computed from `target`.
    assert!(
        editing(&wf_tui::api::catalog::ALERTS)
            .unwrap()
            .computed
            .contains(&"notificants")
    );
}
