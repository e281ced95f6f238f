//! A small Swagger 2.0 schema validator and spec navigator, enough to hold JSON to the official
//! spec's models: `$ref`, `allOf`, `type`, `required`, `enum`, `properties`,
//! `additionalProperties`, `items`, and the integer formats `int32` / `int64`.

use std::collections::BTreeMap;

use serde_json::Value;

/// What a `null` means where the spec names a type. Swagger 2.0 has no null type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nulls {
    /// Servers (Jackson) write nulls for unset fields and generated clients read them as unset:
    /// `null` on an optional property is as if absent; on a required one it is missing.
    AsAbsent,
    /// What we send: `null` is never a value of the declared type.
    Refused,
}

pub struct Spec<'a> {
    pub spec: &'a Value,
}

impl<'a> Spec<'a> {
    pub fn new(spec: &'a Value) -> Self {
        Spec { spec }
    }

    /// The definition `#/definitions/Name` names.
    pub fn definition(&self, reference: &str) -> Option<&'a Value> {
        let name = reference.strip_prefix("#/definitions/")?;
        self.spec.get("definitions")?.get(name)
    }

    /// Follows `$ref` until a schema without one.
    pub fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    schema = self
                        .definition(r)
                        .unwrap_or_else(|| panic!("the spec has no definition {r}"));
                }
                None => break,
            }
        }
        schema
    }

    /// The model's name: the last `$ref` on the way to it.
    pub fn name_of(&self, schema: &Value) -> String {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => r.trim_start_matches("#/definitions/").to_string(),
            None => "(inline)".into(),
        }
    }

    /// The operation `method path`, where `path` may hold other placeholder names than the
    /// spec's (`{id}` for `{application}`): placeholders match placeholders.
    pub fn operation(&self, method: &str, path: &str) -> Option<(&'a str, &'a Value)> {
        let wanted = normalise(path);
        let paths = self.spec.get("paths")?.as_object()?;
        paths.iter().find_map(|(p, ops)| {
            (normalise(p) == wanted)
                .then(|| ops.get(method.to_ascii_lowercase()))
                .flatten()
                .map(|op| (p.as_str(), op))
        })
    }

    /// The schema of the operation's 200 answer.
    pub fn response_schema(&self, method: &str, path: &str) -> Option<&'a Value> {
        let (_, op) = self.operation(method, path)?;
        op.get("responses")?.get("200")?.get("schema")
    }

    /// The schema of the operation's body parameter.
    pub fn body_schema(&self, method: &str, path: &str) -> Option<&'a Value> {
        let (_, op) = self.operation(method, path)?;
        op.get("parameters")?
            .as_array()?
            .iter()
            .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))?
            .get("schema")
    }

    /// The item model of a list answer: `ResponseContainerPagedX` → `PagedX.items` → X,
    /// `ResponseContainerListX` → X, or a bare array of X. `None` for anything else.
    pub fn list_item_schema(&self, answer: &'a Value) -> Option<&'a Value> {
        let answer_resolved = self.resolve(answer);
        if let Some(items) = array_items(answer_resolved) {
            return Some(items);
        }
        let response = self.properties(answer_resolved).get("response").copied()?;
        let response = self.resolve(response);
        if let Some(items) = array_items(response) {
            return Some(items);
        }
        let items = self.properties(response).get("items").copied()?;
        array_items(self.resolve(items))
    }

    /// Every property of an object schema, `allOf` parts merged.
    pub fn properties(&self, schema: &'a Value) -> BTreeMap<String, &'a Value> {
        let schema = self.resolve(schema);
        let mut out = BTreeMap::new();
        let mut add = |s: &'a Value| {
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    out.insert(k.clone(), v);
                }
            }
        };
        add(schema);
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                for (k, v) in self.properties(part) {
                    out.insert(k, v);
                }
            }
        }
        out
    }

    fn required(&self, schema: &'a Value) -> Vec<&'a str> {
        let schema = self.resolve(schema);
        let mut out: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                out.extend(self.required(part));
            }
        }
        out
    }

    /// Every way `value` departs from `schema`, as `path: what` lines (empty when it conforms).
    pub fn validate(&self, schema: &'a Value, value: &Value, nulls: Nulls) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, nulls, "$", &mut errors);
        errors
    }

    fn check(
        &self,
        schema: &'a Value,
        value: &Value,
        nulls: Nulls,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        let model = schema.get("$ref").and_then(Value::as_str);
        let schema = self.resolve(schema);
        if value.is_null() {
            if nulls == Nulls::Refused && !schema.as_object().is_some_and(serde_json::Map::is_empty)
            {
                errors.push(format!(
                    "{at}: null where the spec wants {}",
                    describe(schema)
                ));
            }
            return;
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.check(part, value, nulls, at, errors);
            }
        }
        let declared = schema.get("type").and_then(Value::as_str);
        let objectish = declared == Some("object")
            || (declared.is_none()
                && (schema.get("properties").is_some() || schema.get("allOf").is_some()));
        match declared {
            Some("string") if !value.is_string() => {
                errors.push(format!(
                    "{at}: {} where the spec wants a string",
                    kind_of(value)
                ));
                return;
            }
            Some("boolean") if !value.is_boolean() => {
                errors.push(format!(
                    "{at}: {} where the spec wants a boolean",
                    kind_of(value)
                ));
                return;
            }
            Some("number") if !value.is_number() => {
                errors.push(format!(
                    "{at}: {} where the spec wants a number",
                    kind_of(value)
                ));
                return;
            }
            Some("integer") => {
                let fits = match schema.get("format").and_then(Value::as_str) {
                    Some("int32") => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                    // int64 (and an integer of no format): what a Java long holds.
                    _ => value.as_i64().is_some(),
                };
                if !fits {
                    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
                    errors.push(format!(
                        "{at}: {value} is not an integer{}",
                        if format.is_empty() {
                            String::new()
                        } else {
                            format!(" ({format})")
                        }
                    ));
                    return;
                }
            }
            Some("array") => {
                let Some(items) = value.as_array() else {
                    errors.push(format!(
                        "{at}: {} where the spec wants an array",
                        kind_of(value)
                    ));
                    return;
                };
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, nulls, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            _ if objectish && !value.is_object() => {
                errors.push(format!(
                    "{at}: {} where the spec wants {}",
                    kind_of(value),
                    model.map_or("an object".to_string(), |m| m.replace("#/definitions/", ""))
                ));
                return;
            }
            _ => {}
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                errors.push(format!(
                    "{at}: {value} is not one of the spec's values {}",
                    Value::Array(allowed.clone())
                ));
            }
        }
        if let Some(map) = value.as_object().filter(|_| objectish) {
            let props = self.properties(schema);
            for key in self.required(schema) {
                if map.get(key).is_none_or(Value::is_null) {
                    let name = model.map_or(String::new(), |m| {
                        format!(" of {}", m.trim_start_matches("#/definitions/"))
                    });
                    errors.push(format!("{at}: required `{key}`{name} is missing"));
                }
            }
            let extra = schema.get("additionalProperties");
            for (k, v) in map {
                let here = format!("{at}.{k}");
                match (props.get(k), extra) {
                    (Some(s), _) => self.check(s, v, nulls, &here, errors),
                    (None, Some(Value::Bool(false))) => {
                        errors.push(format!("{here}: not a property of the model"));
                    }
                    (None, Some(s @ Value::Object(_))) => self.check(s, v, nulls, &here, errors),
                    // Swagger 2.0: other properties are allowed unless said otherwise.
                    (None, _) => {}
                }
            }
        }
    }
}

fn array_items(schema: &Value) -> Option<&Value> {
    (schema.get("type").and_then(Value::as_str) == Some("array"))
        .then(|| schema.get("items"))
        .flatten()
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(schema: &Value) -> String {
    schema
        .get("type")
        .and_then(Value::as_str)
        .map_or("a model".into(), |t| format!("a {t}"))
}

/// `/api/v2/monitoredservice/{application}/{service}` → `/api/v2/monitoredservice/{}/{}`.
pub fn normalise(path: &str) -> String {
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
