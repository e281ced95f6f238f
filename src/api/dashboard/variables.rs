//! Dashboard variables (`parameterDetails`, spec `DashboardParameterValue`) and their
//! substitution into queries.
//!
//! Substitution, as the product does it: `${name}` is replaced by the selected value as
//! written. A multi-valued selection used as a tag filter (`env=${env}`) becomes
//! `(env=a or env=b)`; used anywhere else its values are joined with ` or `. "All" (and a `*`
//! value) is `*`, which matches every value in a filter. A `${name}` that names no variable is
//! left as written and reported, so the person sees why a panel is empty.

use std::collections::BTreeMap;

use serde_json::Value;

use super::lenient::{flag, integer, text};

/// `parameterType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableKind {
    /// Free text.
    Simple,
    /// A choice among `valuesToReadableStrings`.
    List,
    /// Values from a query (see [`Dynamic`]).
    Dynamic,
    Other(String),
}

/// `dynamicFieldType`: which field of the query's series the values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DynamicField {
    Source,
    SourceTag,
    MetricName,
    /// The values of the point tag `tagKey`.
    TagKey,
    MatchingSourceTag,
    Other(String),
}

impl DynamicField {
    pub fn parse(s: &str) -> DynamicField {
        match s.trim() {
            "SOURCE" => DynamicField::Source,
            "SOURCE_TAG" => DynamicField::SourceTag,
            "METRIC_NAME" => DynamicField::MetricName,
            "TAG_KEY" => DynamicField::TagKey,
            "MATCHING_SOURCE_TAG" => DynamicField::MatchingSourceTag,
            _ => DynamicField::Other(s.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            DynamicField::Source => "SOURCE",
            DynamicField::SourceTag => "SOURCE_TAG",
            DynamicField::MetricName => "METRIC_NAME",
            DynamicField::TagKey => "TAG_KEY",
            DynamicField::MatchingSourceTag => "MATCHING_SOURCE_TAG",
            DynamicField::Other(s) => s,
        }
    }
}

/// What a DYNAMIC variable's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dynamic {
    pub field: DynamicField,
    /// `queryValue`: run through `chart/api` (it may itself use other variables).
    pub query: Option<String>,
    /// `tagKey`: the point tag whose values are the choices (for `TAG_KEY`).
    pub tag_key: Option<String>,
    /// `reverseDynSort`.
    pub reverse: bool,
}

/// One variable of a dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// The name queries use (`${name}`): the key in `parameterDetails`.
    pub name: String,
    pub label: Option<String>,
    pub description: Option<String>,
    pub kind: VariableKind,
    /// `defaultValue` as written (a label of `choices`, or a value).
    pub default_value: Option<String>,
    /// `valuesToReadableStrings`: (label, value), in the server's order.
    pub choices: Vec<(String, String)>,
    pub multivalue: bool,
    pub allow_all: bool,
    pub hidden: bool,
    pub order: Option<i64>,
    pub dynamic: Option<Dynamic>,
}

/// What is chosen for a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every value (`*`).
    All,
    Values(Vec<String>),
}

impl Selection {
    pub fn one(value: impl Into<String>) -> Selection {
        Selection::Values(vec![value.into()])
    }
}

impl Variable {
    fn read(name: &str, v: &Value) -> Variable {
        let kind = match text(v, "parameterType").as_deref() {
            None | Some("SIMPLE") => VariableKind::Simple,
            Some("LIST") => VariableKind::List,
            Some("DYNAMIC") => VariableKind::Dynamic,
            Some(other) => VariableKind::Other(other.to_string()),
        };
        let choices = v
            .get("valuesToReadableStrings")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(label, value)| {
                        let value = value.as_str().map_or_else(|| value.to_string(), Into::into);
                        (label.clone(), value)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let dynamic = (kind == VariableKind::Dynamic).then(|| Dynamic {
            field: text(v, "dynamicFieldType")
                .map(|f| DynamicField::parse(&f))
                .unwrap_or(DynamicField::Source),
            query: text(v, "queryValue"),
            tag_key: text(v, "tagKey"),
            reverse: flag(v, "reverseDynSort").unwrap_or(false),
        });
        Variable {
            name: name.to_string(),
            label: text(v, "label"),
            description: text(v, "description"),
            kind,
            default_value: v
                .get("defaultValue")
                .and_then(Value::as_str)
                .map(Into::into),
            choices,
            multivalue: flag(v, "multivalue").unwrap_or(false),
            allow_all: flag(v, "allowAll").unwrap_or(false),
            hidden: flag(v, "hideFromView").unwrap_or(false),
            order: integer(v, "order"),
            dynamic,
        }
    }

    /// The label shown in the variables bar: `label`, else the name.
    pub fn title(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    /// The value of a choice by its label, or the text itself when no label matches (a value
    /// typed, or the default written as a value).
    pub fn value_of(&self, label_or_value: &str) -> String {
        self.choices
            .iter()
            .find(|(label, _)| label == label_or_value)
            .map_or_else(|| label_or_value.to_string(), |(_, v)| v.clone())
    }

    /// The selection the dashboard opens with: the default, read through the choices; `*`
    /// (or no default on a variable that allows all) is All; no default at all is the first
    /// choice, else an empty value.
    pub fn default_selection(&self) -> Selection {
        let value = match self.default_value.as_deref() {
            Some(d) => self.value_of(d),
            None if self.allow_all => return Selection::All,
            None => self
                .choices
                .first()
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        };
        if value == "*" {
            Selection::All
        } else {
            Selection::one(value)
        }
    }
}

/// `parameterDetails` as variables, by `order` then name. Entries that are not objects are
/// skipped.
pub fn read_variables(details: Option<&Value>) -> Vec<Variable> {
    let Some(map) = details.and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut vars: Vec<Variable> = map
        .iter()
        .filter(|(_, v)| v.is_object())
        .map(|(name, v)| Variable::read(name, v))
        .collect();
    vars.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.name).cmp(&(b.order.unwrap_or(i64::MAX), &b.name))
    });
    vars
}

/// The selections of a dashboard's variables, by name.
pub type Bindings = BTreeMap<String, Selection>;

/// Every variable at its default.
pub fn default_bindings(vars: &[Variable]) -> Bindings {
    vars.iter()
        .map(|v| (v.name.clone(), v.default_selection()))
        .collect()
}

/// A query with its variables filled in, and the `${names}` nothing was bound to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Substituted {
    pub query: String,
    pub unknown: Vec<String>,
}

/// Fills `${name}` in `query` from `bindings` (see the module's note for how).
pub fn substitute(query: &str, bindings: &Bindings) -> Substituted {
    let mut out = String::with_capacity(query.len());
    let mut unknown: Vec<String> = Vec::new();
    let mut rest = query;
    while let Some(at) = rest.find("${") {
        let (before, from) = rest.split_at(at);
        let Some(close) = from.find('}') else { break };
        let name = &from[2..close];
        out.push_str(before);
        let mut after = close + 1;
        match bindings.get(name.trim()) {
            Some(selection) => {
                // `key="${v}"` with several values: the quotes go around each value.
                let quoted = out.ends_with("=\"") && from[after..].starts_with('"');
                if quoted && many(selection) {
                    out.pop();
                    after += 1;
                }
                fill(&mut out, selection, quoted);
            }
            None => {
                out.push_str(&from[..=close]);
                if !unknown.iter().any(|u| u == name) {
                    unknown.push(name.to_string());
                }
            }
        }
        rest = &from[after..];
    }
    out.push_str(rest);
    Substituted {
        query: out,
        unknown,
    }
}

fn many(selection: &Selection) -> bool {
    matches!(selection, Selection::Values(v) if v.len() > 1 && !v.iter().any(|x| x == "*"))
}

/// Appends a selection where `${…}` was; `out` ends with what came before it, so a tag
/// filter's `key=` can be taken back and repeated for each value (each in quotes when the
/// dashboard quoted the variable).
fn fill(out: &mut String, selection: &Selection, quoted: bool) {
    let values = match selection {
        Selection::All => return out.push('*'),
        Selection::Values(v) if v.iter().any(|x| x == "*") => return out.push('*'),
        Selection::Values(v) => v,
    };
    match values.as_slice() {
        [] => {}
        [one] => out.push_str(one),
        many => match filter_key(out) {
            Some(key_start) => {
                let key = out[key_start..].to_string();
                out.truncate(key_start);
                let alternatives: Vec<String> = many
                    .iter()
                    .map(|v| {
                        if quoted {
                            format!("{key}\"{v}\"")
                        } else {
                            format!("{key}{v}")
                        }
                    })
                    .collect();
                out.push('(');
                out.push_str(&alternatives.join(" or "));
                out.push(')');
            }
            None => out.push_str(&many.join(" or ")),
        },
    }
}

/// Where `key=` (or `key="`, `key!=`) starts at the end of `text`, if it ends with one.
fn filter_key(text: &str) -> Option<usize> {
    let body = text.strip_suffix('=')?;
    let body = body.strip_suffix('!').unwrap_or(body);
    let key_len = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '~'))
        .map(char::len_utf8)
        .sum::<usize>();
    (key_len > 0).then(|| body.len() - key_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fixture_vars() -> Vec<Variable> {
        read_variables(Some(&json!({
            "source": {"label": "Host", "parameterType": "DYNAMIC", "dynamicFieldType": "SOURCE",
                       "queryValue": "ts(cpu.usage.percentage, env=${env})", "defaultValue": "*",
                       "valuesToReadableStrings": {"*": "*"}, "multivalue": true, "allowAll": true,
                       "order": 1},
            "env": {"label": "Environment", "parameterType": "LIST", "defaultValue": "Production",
                    "valuesToReadableStrings": {"Production": "prod", "Staging": "staging"},
                    "order": 0},
        })))
    }

    #[test]
    fn the_fixture_variables_read_in_order_with_defaults() {
        let vars = fixture_vars();
        assert_eq!(vars[0].name, "env");
        assert_eq!(vars[0].kind, VariableKind::List);
        assert_eq!(vars[0].default_selection(), Selection::one("prod"));
        assert_eq!(vars[1].title(), "Host");
        let dynamic = vars[1].dynamic.as_ref().unwrap();
        assert_eq!(dynamic.field, DynamicField::Source);
        assert_eq!(
            dynamic.query.as_deref(),
            Some("ts(cpu.usage.percentage, env=${env})")
        );
        assert_eq!(vars[1].default_selection(), Selection::All);
        let b = default_bindings(&vars);
        let s = substitute("ts(cpu, env=${env} and source=${source})", &b);
        assert_eq!(s.query, "ts(cpu, env=prod and source=*)");
        assert!(s.unknown.is_empty());
    }

    #[test]
    fn multi_values_repeat_the_filter_and_unknown_names_are_kept() {
        let mut b = Bindings::new();
        b.insert(
            "env".into(),
            Selection::Values(vec!["prod".into(), "staging".into()]),
        );
        let s = substitute("ts(m, env=${env} and x=${nope}) + ${env} ${nope}", &b);
        assert_eq!(
            s.query,
            "ts(m, (env=prod or env=staging) and x=${nope}) + prod or staging ${nope}"
        );
        assert_eq!(s.unknown, ["nope"]);
        let s = substitute(r#"ts(m, env="${env}" and z="${env}x")"#, &b);
        assert_eq!(
            s.query,
            r#"ts(m, (env="prod" or env="staging") and z="prod or stagingx")"#
        );
        let s = substitute("ts(m, not env!=${env})", &b);
        assert_eq!(s.query, "ts(m, not (env!=prod or env!=staging))");
        b.insert(
            "env".into(),
            Selection::Values(vec!["a".into(), "*".into()]),
        );
        assert_eq!(substitute("env=${env}", &b).query, "env=*");
    }

    #[test]
    fn hostile_text_and_details_never_fail() {
        let b = Bindings::new();
        assert_eq!(substitute("${", &b).query, "${");
        assert_eq!(substitute("a ${b", &b).query, "a ${b");
        assert_eq!(substitute("${}x", &b).unknown, [""]);
        assert_eq!(substitute("ünï${ç}ode", &b).query, "ünï${ç}ode");
        let vars = read_variables(Some(&json!({
            "a": null, "b": {"parameterType": "FANCY", "order": "x", "defaultValue": 5,
                             "valuesToReadableStrings": {"one": 1}},
            "c": {"parameterType": "DYNAMIC", "dynamicFieldType": "NEW_THING"}
        })));
        assert_eq!(vars.len(), 2);
        assert_eq!(vars[0].kind, VariableKind::Other("FANCY".into()));
        assert_eq!(vars[0].choices, [("one".to_string(), "1".to_string())]);
        assert_eq!(vars[0].default_selection(), Selection::one("1"));
        assert_eq!(
            vars[1].dynamic.as_ref().unwrap().field,
            DynamicField::Other("NEW_THING".into())
        );
        assert!(read_variables(Some(&json!([1, 2]))).is_empty());
    }
}
