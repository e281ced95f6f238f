//! Properties of the inspector's index on generated documents: it agrees with serde_json,
//! folding then unfolding restores the rows, and every node's jq path selects its value.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::Value;
use wf_tui::app::inspector::Inspector;
use wf_tui::json::Doc;
use wf_tui::json::index::reference;
use wf_tui::json::path::jq_path;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Quarters round-trip exactly through text, so values compare equal after parsing.
        (-4000i32..4000).prop_map(|i| Value::from(f64::from(i) / 4.0)),
        "[a-z \"\\\\é日\u{1b}\u{202e}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_\\- \"]{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn visible_rows(v: &Inspector) -> Vec<usize> {
    let mut rows = vec![0];
    let mut i = 0;
    while let Some(n) = v.next_visible(i) {
        rows.push(n);
        i = n;
    }
    rows
}

/// Follows a jq path as `jq_path` writes it (`.a`, `.["k"]`, `[0]`), on a serde value.
fn select<'a>(mut value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut rest = path.strip_prefix('.')?;
    while !rest.is_empty() {
        rest = rest.strip_prefix('.').unwrap_or(rest);
        if let Some(r) = rest.strip_prefix('[') {
            let end = if r.starts_with('"') {
                // A quoted key: find the closing quote that is not escaped.
                let mut escaped = false;
                let mut close = None;
                for (i, c) in r.char_indices().skip(1) {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            close = Some(i);
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                close? + 1
            } else {
                r.find(']')?
            };
            let inside = &r[..end];
            value = if inside.starts_with('"') {
                let key: String = serde_json::from_str(inside).ok()?;
                value.get(key)?
            } else {
                value.get(inside.parse::<usize>().ok()?)?
            };
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            value = value.get(&rest[..end])?;
            rest = &rest[end..];
        }
    }
    Some(value)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_index_agrees_with_serde(value in json_value()) {
        let text = serde_json::to_vec_pretty(&value).unwrap();
        let doc = Doc::parse(text).unwrap();
        let count = |v: &Value| -> usize {
            fn walk(v: &Value) -> usize {
                1 + match v {
                    Value::Array(a) => a.iter().map(walk).sum(),
                    Value::Object(o) => o.values().map(walk).sum(),
                    _ => 0,
                }
            }
            walk(v)
        };
        prop_assert_eq!(doc.len(), count(&value));
    }

    #[test]
    fn every_path_selects_its_value(value in json_value()) {
        let doc = Doc::parse(serde_json::to_vec(&value).unwrap()).unwrap();
        for i in 0..doc.len() {
            let path = jq_path(&doc, i);
            let selected = select(&value, &path);
            prop_assert!(selected.is_some(), "{} selects nothing", path);
            let raw: Value = serde_json::from_slice(doc.raw_value(i)).unwrap();
            prop_assert_eq!(selected.unwrap(), &raw, "at {}", path);
        }
    }

    /// The compact index reads back, node for node, what the index of before stored: compact
    /// and indented text, one document and several.
    #[test]
    fn the_index_reads_back_the_nodes_of_before(value in json_value(), other in json_value()) {
        let compact = serde_json::to_vec(&value).unwrap();
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        let several = [&compact[..], b"\n", &serde_json::to_vec_pretty(&other).unwrap(), b" ", &compact].concat();
        for (text, many) in [(&compact, false), (&pretty, false), (&pretty, true), (&several, true)] {
            let doc = if many { Doc::parse_documents(text.clone()) } else { Doc::parse(text.clone()) }.unwrap();
            let nodes = reference::nodes(text, many).unwrap();
            prop_assert_eq!(doc.len(), nodes.len());
            for (i, node) in nodes.iter().enumerate() {
                prop_assert_eq!(&doc.node(i), node, "node {}", i);
            }
        }
    }

    #[test]
    fn folding_then_unfolding_restores_the_rows(value in json_value(), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..8)) {
        let doc = Arc::new(Doc::parse(serde_json::to_vec(&value).unwrap()).unwrap());
        let mut view = Inspector::with_doc("t".into(), String::new(), doc.clone());
        let before = visible_rows(&view);
        let mut folded = Vec::new();
        for pick in &picks {
            let i = pick.index(doc.len());
            if doc.is_container(i) && !view.folded[i] {
                view.folded.set(i, true);
                folded.push(i);
                // Nothing inside a folded node shows.
                let rows = visible_rows(&view);
                prop_assert!(rows.iter().all(|&r| r <= i || r >= doc.end(i) || r == i));
            }
        }
        for i in folded.into_iter().rev() {
            view.folded.set(i, false);
        }
        prop_assert_eq!(visible_rows(&view), before);
    }

    #[test]
    fn moving_up_retraces_moving_down(value in json_value()) {
        let doc = Arc::new(Doc::parse(serde_json::to_vec(&value).unwrap()).unwrap());
        let mut view = Inspector::with_doc("t".into(), String::new(), doc.clone());
        if doc.len() > 2 {
            view.folded.set(1, doc.is_container(1));
        }
        let down = visible_rows(&view);
        let mut up = vec![*down.last().unwrap()];
        let mut i = up[0];
        while let Some(p) = view.prev_visible(i) {
            up.push(p);
            i = p;
        }
        up.reverse();
        prop_assert_eq!(up, down);
    }
}
