//! A page read for `wf-tui get -o json` (#23): its items are printed as the server wrote them,
//! so decoding each into a `Value` (maps in order, numbers as text: about half of the command's
//! CPU) is wasted work. Skimmed, a page's items become `{key: id}` objects (all the page guard
//! and the paging rules read) beside the byte range of each item; the rest of the payload
//! (`limit`, `cursor`, `moreItems`, …) and the envelope are decoded as always, from the body
//! with the items left out.
//!
//! Anything a skim could read differently from a full decode goes the full way: a body that is
//! not an envelope, a payload whose keys hold escapes or name `items` twice, items that are not
//! valid JSON to serde_json, that hold a `\u` escape (serde_json refuses a lone surrogate only
//! when it decodes the string) or are not UTF-8, an item with an escaped key. The answer is then
//! the same as without a skim.

use std::ops::Range;

use serde::Deserialize;
use serde_json::Value;

use crate::json::value::{array_elements, envelope_payload, parse_value, top_level_members};

tokio::task_local! {
    /// Set around a listing page's fetch: the top-level key of its items' id (see the module).
    pub static SKIM_ITEMS: &'static str;
}

/// A skimmed body: the body with its items left out (`"items":[]`), and where each item lies
/// in the body, with its `{key: id}`.
pub struct Skimmed {
    pub without_items: Vec<u8>,
    pub items: Vec<Range<usize>>,
    pub ids: Vec<Value>,
}

/// `body` skimmed, or `None` when it must be decoded in full (see the module).
pub fn skim(body: &[u8], key: &str) -> Option<Skimmed> {
    let payload = envelope_payload(body)?;
    let p = &body[payload.clone()];
    let members = top_level_members(p)?;
    if members.iter().any(|(k, _)| p[k.clone()].contains(&b'\\')) {
        return None;
    }
    let mut named = members
        .iter()
        .filter(|(k, _)| &p[k.clone()] == b"\"items\"");
    let (_, at) = named.next()?;
    if named.next().is_some() {
        return None;
    }
    let range = payload.start + at.start..payload.start + at.end;
    let items = &body[range.clone()];
    if !valid(items) {
        return None;
    }
    let elements = array_elements(items)?;
    let ids = elements
        .iter()
        .map(|r| id_object(&items[r.clone()], key))
        .collect::<Option<Vec<Value>>>()?;
    let mut without_items = Vec::with_capacity(body.len() - items.len() + 2);
    without_items.extend_from_slice(&body[..range.start]);
    without_items.extend_from_slice(b"[]");
    without_items.extend_from_slice(&body[range.end..]);
    let items = elements
        .into_iter()
        .map(|r| range.start + r.start..range.start + r.end)
        .collect();
    Some(Skimmed {
        without_items,
        items,
        ids,
    })
}

/// Whether serde_json would decode `items` as it reads: UTF-8, valid JSON, no `\u` escape.
fn valid(items: &[u8]) -> bool {
    if std::str::from_utf8(items).is_err() || has_unicode_escape(items) {
        return false;
    }
    let mut de = serde_json::Deserializer::from_slice(items);
    de.disable_recursion_limit();
    let read = serde::de::IgnoredAny::deserialize(serde_stacker::Deserializer::new(&mut de));
    read.is_ok() && de.end().is_ok()
}

/// Whether a `\u` is in `bytes` (a backslash before a `u`, escaped or not: a false alarm only
/// costs the full decode).
fn has_unicode_escape(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\\' && bytes.get(i + 1) == Some(&b'u'))
}

/// `{key: its value}` of an item (the last `key`, as serde_json keeps; `{}` without one), the
/// item itself when it is not an object; `None` when its keys hold escapes.
fn id_object(item: &[u8], key: &str) -> Option<Value> {
    if item.first() != Some(&b'{') {
        return parse_value(item).ok();
    }
    let members = top_level_members(item)?;
    if members
        .iter()
        .any(|(k, _)| item[k.clone()].contains(&b'\\'))
    {
        return None;
    }
    let quoted = format!("\"{key}\"");
    let mut object = serde_json::Map::new();
    if let Some((_, v)) = members
        .iter()
        .rev()
        .find(|(k, _)| &item[k.clone()] == quoted.as_bytes())
    {
        object.insert(key.to_string(), parse_value(&item[v.clone()]).ok()?);
    }
    Some(Value::Object(object))
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;
    use crate::api::client::decode_answer;

    fn full(body: &str) -> Result<crate::api::client::Answer, String> {
        decode_answer("GET", "/p", StatusCode::OK, body.as_bytes().to_vec())
            .map_err(|e| e.to_string())
    }

    fn skimmed(body: &str) -> Result<crate::api::client::Answer, String> {
        SKIM_ITEMS.sync_scope("id", || full(body))
    }

    fn without_items(value: &Value) -> Value {
        let mut value = value.clone();
        if let Some(map) = value.as_object_mut() {
            map.shift_remove("items");
        }
        value
    }

    /// Skimmed or not, `body` reads the same: the same error, or the same payload, ids and
    /// item bytes. Whether it was skimmed.
    fn reads_the_same(body: &str) -> bool {
        let (full, skim) = match (full(body), skimmed(body)) {
            (Ok(full), Ok(skim)) => (full, skim),
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "{body}");
                return false;
            }
            (a, b) => panic!(
                "{body}: {:?} against {:?}",
                a.map(|a| a.value),
                b.map(|b| b.value)
            ),
        };
        assert_eq!(full.payload_bytes(), skim.payload_bytes(), "{body}");
        let Some(bytes) = skim.skimmed_items() else {
            assert_eq!(full.value, skim.value, "{body}");
            return false;
        };
        assert_eq!(
            without_items(&full.value),
            without_items(&skim.value),
            "{body}"
        );
        let items = full.value["items"].as_array().unwrap();
        let ids = skim.value["items"].as_array().unwrap();
        assert_eq!(items.len(), ids.len(), "{body}");
        assert_eq!(items.len(), bytes.len(), "{body}");
        for ((item, id), raw) in items.iter().zip(ids).zip(&bytes) {
            assert_eq!(&parse_value(raw).unwrap(), item, "{body}");
            match item {
                Value::Object(_) => assert_eq!(item.get("id"), id.get("id"), "{body}"),
                other => assert_eq!(other, id, "{body}"),
            }
        }
        true
    }

    fn page(items: &str) -> String {
        format!(
            r#"{{"status":{{"result":"OK","message":"","code":200}},"response":{{"items":{items},"limit":2,"cursor":"b","moreItems":true}}}}"#
        )
    }

    #[test]
    fn a_skimmed_page_reads_as_the_decoded_one() {
        for items in [
            r#"[{"id":"a","n":1.50,"big":123456789012345678901234567890},{"id":"b","t":"x\"y\\z\n"}]"#,
            r#"[ {"name":"no id"} , {"id":7,"id":"last wins"}, 3, "s", null, [1,{"id":2}] ]"#,
            r#"[]"#,
            r#"[{"id":{"nested":[1,2,{"id":"deep"}]},"x":{}}]"#,
        ] {
            assert!(reads_the_same(&page(items)), "{items}");
        }
        // An envelope saying ERROR under a 200: the HTTP status decides, as without a skim.
        assert!(reads_the_same(
            r#"{"status":{"result":"ERROR","message":"no","code":403},"response":{"items":[{"id":"a"}]}}"#
        ));
    }

    #[test]
    fn what_a_skim_could_read_otherwise_is_decoded_in_full() {
        let fallbacks = [
            // Escapes serde_json checks only as it decodes a string.
            page(r#"[{"id":"\ud800"}]"#),
            page(r#"[{"id":"caf\u00e9"}]"#),
            // An escaped key, in an item or in the payload.
            page(r#"[{"i\u0064":"x","id":"y"}]"#),
            r#"{"status":{"result":"OK"},"response":{"items":[{"id":"a"}],"it\u0065ms":[]}}"#
                .into(),
            // `items` twice.
            r#"{"status":{"result":"OK"},"response":{"items":[{"id":"a"}],"items":[{"id":"b"}]}}"#
                .into(),
            // Not an envelope, or a bare list.
            r#"{"items":[{"id":"a"}],"moreItems":false}"#.into(),
            r#"[{"id":"a"}]"#.into(),
            // Not JSON inside the items, or not an array.
            page(r#"[{"id":"a"},]"#),
            page(r#"[{"id":"a"} {"id":"b"}]"#),
            page("[{\"id\":\"tab\there\"}]"),
            page(r#"{"id":"a"}"#),
            page("null"),
        ];
        for body in &fallbacks {
            assert!(!reads_the_same(body), "{body}");
        }
        // Bytes that are not UTF-8 inside the items.
        let mut body = page(r#"[{"id":"XX"}]"#).into_bytes();
        let at = body.windows(2).position(|w| w == b"XX").unwrap();
        body[at] = 0xff;
        let skim = SKIM_ITEMS.sync_scope("id", || {
            decode_answer("GET", "/p", StatusCode::OK, body.clone())
        });
        let full = decode_answer("GET", "/p", StatusCode::OK, body);
        assert_eq!(skim.is_err(), full.is_err());
        assert!(skim.is_err() || skim.unwrap().skimmed_items().is_none());
    }

    #[test]
    fn without_the_task_local_nothing_is_skimmed() {
        assert!(
            full(&page(r#"[{"id":"a"}]"#))
                .unwrap()
                .skimmed_items()
                .is_none()
        );
        assert!(
            skimmed(&page(r#"[{"id":"a"}]"#))
                .unwrap()
                .skimmed_items()
                .is_some()
        );
    }
}
