//! The versions every alert, dashboard and derived metric starts with: older texts of its
//! fixture, each undoing one change a person would have made, by its creator and its updater.

use serde_json::{Map, Value, json};

use super::{Kept, describe, entry};
use crate::api::catalog::Kind;

/// The versions an item starts with: `1 + i % 4` of them, the newest its fixture, each older
/// one undoing one change a person made (a tag added, a threshold moved, a runbook extended…),
/// spread from when it was created to when it last changed, by its creator and its updater.
pub(super) fn seed(kind: &Kind, item: &Value, i: usize) -> Vec<Kept> {
    let count = 1 + i % 4;
    let mut texts = vec![item.clone()];
    for step in 0..count - 1 {
        let mut older = texts.last().cloned().unwrap_or_default();
        undo_a_change(kind, &mut older, i + step);
        texts.push(older);
    }
    texts.reverse();
    let time = |k: &str| item.get(k).and_then(Value::as_i64);
    let created = time("createdEpochMillis").unwrap_or(0);
    let updated = time("updatedEpochMillis").unwrap_or(created).max(created);
    let user = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .unwrap_or("demo@acme.com")
    };
    let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
    let span = (updated - created).max(count as i64);
    let mut out: Vec<Kept> = Vec::with_capacity(count);
    for (n, mut text) in texts.into_iter().enumerate() {
        let last = n + 1 == count;
        let at = if last {
            updated
        } else {
            created + span * n as i64 / count as i64
        };
        let by = if n == 0 {
            user("creatorId")
        } else {
            user("updaterId")
        };
        if let Some(obj) = text.as_object_mut().filter(|_| !last) {
            obj.insert("updatedEpochMillis".into(), json!(at));
            obj.insert("updaterId".into(), json!(by));
        }
        let changes = match out.last() {
            Some(prev) => describe(kind, &prev.item, &text),
            None => vec!["Created".to_string()],
        };
        let number = n as u64 + 1;
        out.push(Kept {
            entry: entry(id, number, by, at, changes),
            item: text,
        });
    }
    out
}

/// Makes an item's text an earlier one, if it applies to it.
type Undo = fn(&mut Map<String, Value>) -> bool;

/// Makes `item` an earlier text of itself: the `n`-th of its kind's changes that applies.
fn undo_a_change(kind: &Kind, item: &mut Value, n: usize) {
    let Some(obj) = item.as_object_mut() else {
        return;
    };
    let steps: &[Undo] = match kind.name {
        "alert" => &[
            drop_last_tag,
            longer_window,
            lower_threshold,
            shorter_runbook,
            other_severity,
        ],
        "dashboard" => &[drop_last_tag, draft_description, first_chart_renamed],
        _ => &[drop_last_tag, longer_window, draft_note],
    };
    for k in 0..steps.len() {
        if steps[(n + k) % steps.len()](obj) {
            return;
        }
    }
}

/// The last tag was added later.
fn drop_last_tag(o: &mut Map<String, Value>) -> bool {
    let tags = o
        .get_mut("tags")
        .and_then(|t| t.get_mut("customerTags"))
        .and_then(Value::as_array_mut);
    match tags {
        Some(tags) if tags.len() > 1 => tags.pop().is_some(),
        _ => false,
    }
}

/// It used to wait five minutes longer.
fn longer_window(o: &mut Map<String, Value>) -> bool {
    match o.get("minutes").and_then(Value::as_i64) {
        Some(m) => {
            o.insert("minutes".into(), json!(m + 5));
            true
        }
        None => false,
    }
}

/// Its condition's last number was lower (a threshold moved up since).
fn lower_threshold(o: &mut Map<String, Value>) -> bool {
    let Some(cond) = o.get("condition").and_then(Value::as_str) else {
        return false;
    };
    let end = cond.rfind(|c: char| c.is_ascii_digit());
    let Some(end) = end.map(|e| e + 1) else {
        return false;
    };
    let start = cond[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |s| s + 1);
    let Ok(n) = cond[start..end].parse::<u64>() else {
        return false;
    };
    if n < 4 {
        return false;
    }
    let older = format!("{}{}{}", &cond[..start], n * 3 / 4, &cond[end..]);
    o.insert("condition".into(), json!(older));
    true
}

/// Its runbook had only its first line.
fn shorter_runbook(o: &mut Map<String, Value>) -> bool {
    let Some(text) = o.get("additionalInformation").and_then(Value::as_str) else {
        return false;
    };
    let Some((first, _)) = text.split_once('\n') else {
        return false;
    };
    let first = first.to_string();
    o.insert("additionalInformation".into(), json!(first));
    true
}

/// It was raised at another severity.
fn other_severity(o: &mut Map<String, Value>) -> bool {
    let older = match o.get("severity").and_then(Value::as_str) {
        Some("SEVERE") => "WARN",
        Some("WARN") => "SEVERE",
        Some("SMOKE") => "INFO",
        Some(_) => "WARN",
        None => return false,
    };
    o.insert("severity".into(), json!(older));
    true
}

fn draft_description(o: &mut Map<String, Value>) -> bool {
    let Some(d) = o.get("description").and_then(Value::as_str) else {
        return false;
    };
    let older = format!("{d} (draft)");
    o.insert("description".into(), json!(older));
    true
}

fn first_chart_renamed(o: &mut Map<String, Value>) -> bool {
    let chart = o
        .get_mut("sections")
        .and_then(|s| s.pointer_mut("/0/rows/0/charts/0"))
        .and_then(Value::as_object_mut);
    let Some(chart) = chart else {
        return false;
    };
    let Some(name) = chart.get("name").and_then(Value::as_str) else {
        return false;
    };
    let older = format!("{name} (old)");
    chart.insert("name".into(), json!(older));
    true
}

fn draft_note(o: &mut Map<String, Value>) -> bool {
    o.insert("additionalInformation".into(), json!("work in progress"));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::ALERTS;

    #[test]
    fn seeded_versions_end_at_the_fixture_and_say_what_changed() {
        let alert = json!({"id": "1", "name": "a", "minutes": 5, "severity": "WARN",
            "condition": "ts(x) > 100", "tags": {"customerTags": ["a", "b"]},
            "additionalInformation": "one\ntwo", "createdEpochMillis": 1000,
            "updatedEpochMillis": 5000, "creatorId": "c@x", "updaterId": "u@x"});
        let kept = seed(&ALERTS, &alert, 3);
        assert_eq!(kept.len(), 4);
        assert_eq!(kept[3].item, alert, "the newest is the fixture");
        assert_eq!(kept[0].entry["changeDescription"], json!(["Created"]));
        assert_eq!(kept[0].entry["updateUser"], "c@x");
        assert_eq!(kept[3].entry["updateTime"], 5000);
        let times: Vec<i64> = kept
            .iter()
            .map(|k| k.entry["updateTime"].as_i64().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
        for k in &kept[1..] {
            let lines = k.entry["changeDescription"].as_array().unwrap();
            assert!(!lines.is_empty());
            assert!(
                !lines
                    .iter()
                    .any(|l| l.as_str().unwrap().starts_with("updated"))
            );
        }
    }
}
