//! What editing knows of each kind follows the spec: the fields kept out of the editor's way
//! are the models' read-only ones (and only fields the models have), and a new item's template
//! has every field its create requires, of the right type.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::schema::{Nulls, Spec};
use serde_json::Value;
use wf_tui::api::catalog::{EDITABLE, Verb};

/// The `readOnly` properties of a model.
fn read_only(spec: &Spec, model: &Value) -> Vec<String> {
    spec.properties(model)
        .into_iter()
        .filter(|(_, p)| p.get("readOnly").and_then(Value::as_bool) == Some(true))
        .map(|(k, _)| k)
        .collect()
}

fn definition<'a>(spec: &Spec<'a>, name: &str) -> &'a Value {
    spec.definition(&format!("#/definitions/{name}"))
        .unwrap_or_else(|| panic!("the spec has no {name}"))
}

#[test]
fn the_fields_kept_apart_are_the_models_read_only_ones() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    let mut problems = Vec::new();
    for e in EDITABLE {
        let update = e.kind.operation(Verb::Update).unwrap();
        let body = spec
            .body_schema("PUT", update.path)
            .unwrap_or_else(|| panic!("{}: PUT {} takes no body", e.kind.name, update.path));
        let read = definition(&spec, e.model);
        // The model named is what the item is read as.
        let detail = spec
            .response_schema("GET", e.kind.detail_path.unwrap())
            .unwrap();
        let response = spec.properties(detail)["response"];
        assert_eq!(
            spec.name_of(response),
            e.model,
            "{}: the detail answers another model",
            e.kind.name
        );
        for field in read_only(&spec, body)
            .into_iter()
            .chain(read_only(&spec, read))
        {
            if !e.computed.contains(&field.as_str()) {
                problems.push(format!(
                    "{}: {field} is read-only in the spec and not kept apart",
                    e.kind.name
                ));
            }
        }
        let known = spec.properties(read);
        for field in e.computed {
            if !known.contains_key(*field) {
                problems.push(format!(
                    "{}: {field} is no field of {}",
                    e.kind.name, e.model
                ));
            }
        }
        for field in e.client_id {
            assert!(known.contains_key(*field), "{}: {field}", e.kind.name);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_template_has_what_its_create_requires() {
    let spec_value = common::spec::spec();
    let spec = Spec::new(&spec_value);
    for e in EDITABLE {
        let create = e.kind.operation(Verb::Create).unwrap();
        let body = spec.body_schema("POST", create.path).unwrap();
        let mut template = (e.template)(1_800_000_000);
        template
            .as_object_mut()
            .unwrap()
            .retain(|k, _| !k.starts_with("//"));
        let required: Vec<&str> = spec
            .resolve(body)
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for field in required {
            assert!(
                template.get(field).is_some(),
                "{}: the template has no {field}",
                e.kind.name
            );
        }
        let problems = spec.validate(body, &template, Nulls::Refused);
        assert!(problems.is_empty(), "{}: {problems:?}", e.kind.name);
    }
}
