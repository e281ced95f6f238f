//! The editor's text and reading it back. One item is an object, several a list of objects.
//! Each item keeps its members in the server's order, the computed ones moved under
//! [`READ_ONLY_KEY`](super::READ_ONLY_KEY) at its end; numbers and unknown fields stay exactly
//! as the server wrote them. Read back, notes are dropped and the computed fields put back
//! where they were, with the server's values.

use serde_json::{Map, Value};

use super::{READ_ONLY_KEY, is_note};
use crate::api::catalog::Editing;

/// What the text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Changing items that exist (opened copies given).
    Update,
    /// A new item, from a template or a copy of another.
    Create,
}

/// Why the text cannot be used: each message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not JSON: where, and what the parser expected.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not the items (a list where an object was, an id changed…).
    #[error("{0}")]
    Shape(String),
}

/// The text an editor gets for `items`, as an update of them (computed fields apart).
pub fn text_for(editing: &Editing, items: &[Value]) -> String {
    let shown: Vec<Value> = items.iter().map(|i| for_editor(editing, i)).collect();
    let text = match shown.as_slice() {
        [one] => crate::json::value::to_pretty_text(one),
        _ => crate::json::value::to_pretty_text(&Value::Array(shown)),
    };
    text + "\n"
}

/// The text of a new item: a template, or a copy of `from` (its id and computed fields gone,
/// a client-chosen id and its name marked as a copy).
pub fn text_for_new(editing: &Editing, from: Option<&Value>, now_s: i64) -> String {
    let item = match from {
        None => (editing.template)(now_s),
        Some(item) => copy_of(editing, item),
    };
    crate::json::value::to_pretty_text(&item) + "\n"
}

/// An item as the editor shows it: its editable members in order, then the computed ones.
fn for_editor(editing: &Editing, item: &Value) -> Value {
    let Value::Object(map) = item else {
        return item.clone();
    };
    let mut map = map.clone();
    if let Some(prepare) = editing.prepare {
        prepare(&mut map);
    }
    let (mut shown, mut computed) = (Map::new(), Map::new());
    for (k, v) in map {
        if editing.computed.contains(&k.as_str()) {
            computed.insert(k, v);
        } else {
            shown.insert(k, v);
        }
    }
    if !computed.is_empty() {
        shown.insert(READ_ONLY_KEY.into(), Value::Object(computed));
    }
    Value::Object(shown)
}

/// A copy of `item` to create: no computed fields, no id the server gives, a name that says
/// it is a copy.
fn copy_of(editing: &Editing, item: &Value) -> Value {
    let Value::Object(map) = item else {
        return item.clone();
    };
    let mut map = map.clone();
    if let Some(prepare) = editing.prepare {
        prepare(&mut map);
    }
    map.retain(|k, _| !editing.computed.contains(&k.as_str()));
    if editing.client_id.is_empty() {
        map.shift_remove("id");
    }
    for key in editing.client_id {
        if let Some(Value::String(id)) = map.get_mut(*key) {
            id.push_str("-copy");
        }
    }
    for key in ["name", "title"] {
        if let Some(Value::String(name)) = map.get_mut(key) {
            name.push_str(" (copy)");
        }
    }
    let mut out = Map::new();
    out.insert(
        "//".into(),
        Value::String("A copy: change what you like and save to create it; keys that start with // are not sent. Quit without saving to create nothing.".into()),
    );
    out.extend(map);
    Value::Object(out)
}

/// Reads the edited text: for an update, one body per opened item that is still in the text
/// (matched by id; `opened` are the items as they were opened), for a create the one new item.
pub fn read_back(
    editing: &Editing,
    text: &str,
    purpose: Purpose,
    opened: &[Value],
) -> Result<Vec<Value>, ReadError> {
    let value = parse(text)?;
    let items = match (value, opened.len()) {
        (Value::Object(map), 0 | 1) => vec![map],
        (Value::Array(list), n) if n > 1 => list
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Object(map) => Ok(map),
                other => Err(ReadError::Shape(format!(
                    "item {} is {}, not an object",
                    i + 1,
                    crate::json::value::kind_name(&other)
                ))),
            })
            .collect::<Result<_, _>>()?,
        (other, n) => {
            let want = if n > 1 {
                format!("a list of the {n} items")
            } else {
                "an object".into()
            };
            return Err(ReadError::Shape(format!(
                "the text is {}: it must be {want}",
                crate::json::value::kind_name(&other)
            )));
        }
    };
    match purpose {
        Purpose::Create => Ok(items
            .into_iter()
            .map(|mut m| {
                m.retain(|k, _| !is_note(k) && !editing.computed.contains(&k.as_str()));
                Value::Object(m)
            })
            .collect()),
        Purpose::Update => items
            .into_iter()
            .map(|edited| {
                let base = opened_for(editing, &edited, opened)?;
                Ok(restore(editing, base, edited))
            })
            .collect(),
    }
}

/// Parses the text, saying where it is not JSON.
fn parse(text: &str) -> Result<Value, ReadError> {
    crate::json::parse_str(text).map_err(|e| {
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(at) => full[..at].to_string(),
            None => full,
        };
        ReadError::Syntax {
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// The opened item an edited one is (by id): the id says which item is updated, so it must
/// be there and be one that was opened.
fn opened_for<'a>(
    editing: &Editing,
    edited: &Map<String, Value>,
    opened: &'a [Value],
) -> Result<&'a Value, ReadError> {
    let kind = editing.kind;
    let item = Value::Object(edited.clone());
    let id = kind.item_id(&item).ok_or_else(|| {
        ReadError::Shape(format!(
            "an item has no {}: it says which item is updated",
            kind.id_pointer.trim_start_matches('/')
        ))
    })?;
    opened
        .iter()
        .find(|o| kind.item_id(o).as_deref() == Some(id.as_str()))
        .ok_or_else(|| {
            ReadError::Shape(format!(
                "no item with id {id} was opened: ids say which item is updated, leave them as \
                 they are"
            ))
        })
}

/// The body of an update: the opened item's members in their order, each with its edited
/// value (the computed ones with the server's), members removed in the editor left out, new
/// ones after. Notes are dropped.
fn restore(editing: &Editing, base: &Value, mut edited: Map<String, Value>) -> Value {
    edited.retain(|k, _| !is_note(k) && !editing.computed.contains(&k.as_str()));
    let mut out = Map::new();
    if let Value::Object(base) = base {
        for (k, v) in base {
            if editing.computed.contains(&k.as_str()) {
                out.insert(k.clone(), v.clone());
            } else if let Some(v) = edited.shift_remove(k) {
                out.insert(k.clone(), v);
            }
        }
    }
    out.extend(edited);
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, DASHBOARDS, USER_GROUPS, editing};
    use crate::json::parse_str;

    fn alert() -> Value {
        parse_str(
            r#"{"id": "a1", "name": "cpu", "status": ["FIRING"], "minutes": 5,
                "threshold": 1.50, "big": 123456789012345678901234567890,
                "unknownField": {"x": [1, 2]}, "updatedEpochMillis": 17}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_editor_gets_editable_fields_first_and_the_computed_ones_apart() {
        let text = text_for(editing(&ALERTS).unwrap(), &[alert()]);
        let v: Value = parse_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "minutes",
                "threshold",
                "big",
                "unknownField",
                READ_ONLY_KEY
            ]
        );
        assert_eq!(v[READ_ONLY_KEY]["status"], serde_json::json!(["FIRING"]));
        assert!(text.contains("1.50") && text.contains("123456789012345678901234567890"));
    }

    #[test]
    fn reading_back_puts_the_computed_fields_back_as_they_were() {
        let e = editing(&ALERTS).unwrap();
        let opened = alert();
        let text = text_for(e, std::slice::from_ref(&opened))
            .replace("\"cpu\"", "\"cpu high\"")
            .replace("\"FIRING\"", "\"NONE\"");
        let body = read_back(e, &text, Purpose::Update, std::slice::from_ref(&opened)).unwrap();
        let mut want = opened.clone();
        want["name"] = "cpu high".into();
        assert_eq!(body, vec![want.clone()]);
        // Byte-true: the numbers come back as written.
        let written = crate::json::value::to_pretty_text(&body[0]);
        assert!(written.contains("1.50") && written.contains("123456789012345678901234567890"));
        // Unchanged text: the body is the opened item itself, key order and all.
        let same = read_back(
            e,
            &text_for(e, std::slice::from_ref(&opened)),
            Purpose::Update,
            std::slice::from_ref(&opened),
        )
        .unwrap();
        assert_eq!(
            crate::json::value::to_pretty_text(&same[0]),
            crate::json::value::to_pretty_text(&opened)
        );
    }

    #[test]
    fn members_removed_are_left_out_and_new_ones_come_last() {
        let e = editing(&ALERTS).unwrap();
        let opened = alert();
        let text = r#"{"id": "a1", "added": true, "name": "cpu", "minutes": 5}"#;
        let body = read_back(e, text, Purpose::Update, &[opened]).unwrap();
        let keys: Vec<&str> = body[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "status",
                "minutes",
                "updatedEpochMillis",
                "added"
            ]
        );
    }

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let e = editing(&ALERTS).unwrap();
        let err = read_back(
            e,
            "{\n  \"name\": \"x\"\n  \"minutes\": 5\n}",
            Purpose::Update,
            &[alert()],
        )
        .unwrap_err();
        let ReadError::Syntax { line, column, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!((*line, *column), (3, 3));
        assert!(
            err.to_string()
                .starts_with("line 3, column 3: expected `,` or `}`"),
            "{err}"
        );
    }

    #[test]
    fn ids_say_which_item_is_updated() {
        let e = editing(&ALERTS).unwrap();
        let b = serde_json::json!({"id": "b2", "name": "mem"});
        let opened = [alert(), b.clone()];
        let text = text_for(e, &opened);
        let bodies = read_back(e, &text, Purpose::Update, &opened).unwrap();
        assert_eq!(bodies.len(), 2);
        let changed = text.replace("\"b2\"", "\"zz\"");
        let err = read_back(e, &changed, Purpose::Update, &opened).unwrap_err();
        assert!(err.to_string().contains("no item with id zz"), "{err}");
        let one = read_back(
            e,
            &crate::json::value::to_pretty_text(&b),
            Purpose::Update,
            &opened,
        );
        assert!(
            matches!(one, Err(ReadError::Shape(_))),
            "several opened: a list is wanted"
        );
        let dropped = format!("[{}]", crate::json::value::to_pretty_text(&b));
        assert_eq!(
            read_back(e, &dropped, Purpose::Update, &opened).unwrap(),
            vec![b],
            "an item taken out of the list is left as it is"
        );
    }

    #[test]
    fn a_new_item_loses_its_notes_and_computed_fields() {
        let e = editing(&ALERTS).unwrap();
        let text = text_for_new(e, None, 0);
        assert!(text.contains("\"//\""));
        let body = read_back(e, &text, Purpose::Create, &[]).unwrap();
        assert!(
            body[0]
                .as_object()
                .unwrap()
                .keys()
                .all(|k| !k.starts_with("//"))
        );
        let copy = text_for_new(e, Some(&alert()), 0);
        let body = read_back(e, &copy, Purpose::Create, &[]).unwrap();
        assert_eq!(body[0].get("id"), None, "the server gives the copy its id");
        assert_eq!(body[0]["name"], "cpu (copy)");
        assert_eq!(body[0].get("status"), None);
        let d = editing(&DASHBOARDS).unwrap();
        let dash = serde_json::json!({"id": "ops", "url": "ops", "name": "Ops", "numCharts": 3});
        let body = read_back(d, &text_for_new(d, Some(&dash), 0), Purpose::Create, &[]).unwrap();
        assert_eq!(
            (body[0]["id"].as_str(), body[0]["url"].as_str()),
            (Some("ops-copy"), Some("ops-copy"))
        );
    }

    #[test]
    fn a_user_group_is_edited_in_the_shape_its_update_takes() {
        let e = editing(&USER_GROUPS).unwrap();
        let g =
            serde_json::json!({"id": "g", "name": "G", "roles": [{"id": "r1"}], "userCount": 2});
        let text = text_for(e, std::slice::from_ref(&g));
        let mut shown = parse_str(&text).unwrap();
        assert_eq!(shown["roleIDs"], serde_json::json!(["r1"]));
        shown["roleIDs"] = serde_json::json!(["r1", "r2"]);
        let edited = crate::json::value::to_pretty_text(&shown);
        let body = read_back(e, &edited, Purpose::Update, &[g]).unwrap();
        assert_eq!(body[0]["roleIDs"], serde_json::json!(["r1", "r2"]));
        assert_eq!(body[0]["roles"], serde_json::json!([{"id": "r1"}]));
    }
}
