//! A DYNAMIC variable's values: its `queryValue` runs through `chart/api`, and the values are
//! those of the field it names in the series (`host`, the metric, a point tag). Source tags
//! are not in a chart answer: [`source_tag_values`] reads them from the sources' own tags.

use serde_json::Value;

use super::variables::{Dynamic, DynamicField};
use crate::api::chart::ChartData;

/// Why a variable's values cannot come from a chart answer alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DynamicError {
    #[error("the variable's field type {0} is not one wf-tui knows")]
    UnknownField(String),
    #[error("a TAG_KEY variable needs a tagKey")]
    NoTagKey,
    #[error("the variable has no queryValue to run")]
    NoQuery,
}

/// Whether the values need the sources' tags (`GET /api/v2/source/{id}` for each host).
pub fn needs_source_tags(field: &DynamicField) -> bool {
    matches!(
        field,
        DynamicField::SourceTag | DynamicField::MatchingSourceTag
    )
}

/// The distinct values of the variable's field in `data`, sorted (reversed when the variable
/// says so). For source-tag fields these are the hosts, whose tags are to be read next.
pub fn values_of(data: &ChartData, dynamic: &Dynamic) -> Result<Vec<String>, DynamicError> {
    let mut values: Vec<String> = match &dynamic.field {
        DynamicField::Source | DynamicField::SourceTag | DynamicField::MatchingSourceTag => {
            data.series.iter().filter_map(|s| s.host.clone()).collect()
        }
        DynamicField::MetricName => data.series.iter().map(|s| s.label.clone()).collect(),
        DynamicField::TagKey => {
            let key = dynamic.tag_key.as_deref().ok_or(DynamicError::NoTagKey)?;
            data.series
                .iter()
                .flat_map(|s| s.tags.iter().filter(|(k, _)| k == key))
                .map(|(_, v)| v.clone())
                .collect()
        }
        DynamicField::Other(name) => return Err(DynamicError::UnknownField(name.clone())),
    };
    finish(&mut values, dynamic.reverse);
    Ok(values)
}

/// The tags a source's JSON (spec `Source`, `tags: {tag: bool}`) has set.
pub fn source_tags(source: &Value) -> Vec<String> {
    source
        .get("tags")
        .and_then(Value::as_object)
        .map(|tags| {
            tags.iter()
                .filter(|(_, on)| on.as_bool().unwrap_or(false))
                .map(|(tag, _)| tag.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The union of the sources' tags, sorted as [`values_of`] sorts.
pub fn source_tag_values<'a>(
    sources: impl IntoIterator<Item = &'a Value>,
    reverse: bool,
) -> Vec<String> {
    let mut values: Vec<String> = sources.into_iter().flat_map(source_tags).collect();
    finish(&mut values, reverse);
    values
}

fn finish(values: &mut Vec<String>, reverse: bool) {
    values.retain(|v| !v.is_empty());
    values.sort();
    values.dedup();
    if reverse {
        values.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::chart::parse_query_result;
    use serde_json::json;

    fn dynamic(field: DynamicField, tag_key: Option<&str>) -> Dynamic {
        Dynamic {
            field,
            query: Some("ts(m)".into()),
            tag_key: tag_key.map(Into::into),
            reverse: false,
        }
    }

    #[test]
    fn values_come_from_the_named_field() {
        let data = parse_query_result(&json!({"timeseries": [
            {"label": "cpu", "host": "web-2", "tags": {"env": "prod"}},
            {"label": "cpu", "host": "web-1", "tags": {"env": "dev"}},
            {"label": "mem", "host": "web-1", "tags": {"zone": "a"}},
            {"label": "mem"}
        ]}))
        .unwrap();
        let of = |d| values_of(&data, &d).unwrap();
        assert_eq!(of(dynamic(DynamicField::Source, None)), ["web-1", "web-2"]);
        assert_eq!(of(dynamic(DynamicField::MetricName, None)), ["cpu", "mem"]);
        assert_eq!(
            of(dynamic(DynamicField::TagKey, Some("env"))),
            ["dev", "prod"]
        );
        let mut rev = dynamic(DynamicField::Source, None);
        rev.reverse = true;
        assert_eq!(of(rev), ["web-2", "web-1"]);
        assert_eq!(
            values_of(&data, &dynamic(DynamicField::TagKey, None)),
            Err(DynamicError::NoTagKey)
        );
        assert!(values_of(&data, &dynamic(DynamicField::Other("X".into()), None)).is_err());
    }

    #[test]
    fn source_tags_are_the_ones_set() {
        let a = json!({"id": "a", "tags": {"k8s": true, "old": false, "x": "yes"}});
        let b = json!({"id": "b", "tags": {"db": true, "k8s": true}});
        let c = json!({"id": "c", "tags": null});
        assert_eq!(source_tag_values([&a, &b, &c], false), ["db", "k8s"]);
    }
}
