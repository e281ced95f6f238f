//! The index's tests: the compact index read back against the index of before, edge cases.

use super::*;

fn doc(s: &str) -> Doc {
    Doc::parse(s.as_bytes().to_vec()).unwrap()
}

/// Every node the compact index reads back is the node the index of before stored.
fn same_as_before(text: &[u8], many: bool) {
    let doc = if many {
        Doc::parse_documents(text.to_vec())
    } else {
        Doc::parse(text.to_vec())
    }
    .unwrap();
    let nodes = reference::nodes(text, many).unwrap();
    assert_eq!(doc.len(), nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        assert_eq!(
            &doc.node(i),
            node,
            "node {i} of {:?}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn the_compact_index_reads_back_the_nodes_of_before() {
    let fixtures: [&[u8]; 14] = [
        br#"{"a": 1, "b": [true, null, "x\"y"], "c": {}}"#,
        b" [ [ ] , { } , [ [ 1 ] ] , { \"k\" : { } } ] ",
        b"[12345678901234567890123, -0.5e-999, 4441e444, 0, -0]",
        br#"{"\\":"\\\\", "\"":"\u00e9\ud800", "":[{"":""}]}"#,
        b"[\"\xff\xfe not UTF-8\", {\"\xc3\":\"\x80\"}]",
        b"\"a scalar\"",
        b"  42  ",
        b"[[[[]],[[]]],[{\"a\":[{\"b\":[]}]}],1]",
        b"{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}},\"e\":3}",
        b"[1,[2,[3,[4]],5],6,{\"x\":[7],\"y\":8},9]",
        b"[{}, 1, 2, [], 3, {\"a\":[]}, 4]",
        b"{\"a\":1}\n{\"b\":[2]}\n\n  3\n",
        b"1-2 0123 truefalse\"a\"\"b\"[][]{}",
        b"[1]\r\n{\"a\":[{\"b\":2}, 3]}\n\"s\" null\n",
    ];
    for text in fixtures {
        if Doc::parse(text.to_vec()).is_ok() {
            same_as_before(text, false);
        }
        same_as_before(text, true);
    }
    // Deep nesting with scalars after the deepest part; past u16 in depth, some nodes (a
    // scalar's parent is found walking up from the deepest container: O(depth) each).
    let deep = |depth: usize| {
        let mut text = "[".repeat(depth);
        text.push_str("\"deep\"");
        for _ in 0..depth {
            text.push_str(", 1]");
        }
        text.into_bytes()
    };
    same_as_before(&deep(2_000), false);
    let text = deep(70_000);
    let d = Doc::parse(text.clone()).unwrap();
    let nodes = reference::nodes(&text, false).unwrap();
    assert_eq!(d.len(), nodes.len());
    for i in (0..d.len()).step_by(4_999).chain(d.len() - 50..d.len()) {
        assert_eq!(d.node(i), nodes[i], "node {i}");
    }
}

/// Sizes, parents and positions beyond two bytes go to the side tables.
#[test]
fn large_containers_read_back_whole() {
    let mut text = String::from("{\"many\":[");
    for i in 0..70_000 {
        if i > 0 {
            text.push(',');
        }
        if i % 3 == 0 {
            text.push_str(&format!("{{\"n\":{i},\"l\":[{i}]}}"));
        } else {
            text.push_str(&i.to_string());
        }
    }
    text.push_str("],\"after\":[true]}\n[\"second\"]");
    same_as_before(text.as_bytes(), true);
    let d = Doc::parse_documents(text.into_bytes()).unwrap();
    // The last item is `{"n":69999,"l":[69999]}`, after the scalar 69998.
    let last = d.parent(d.parent(d.end(2) - 1) as usize) as usize;
    assert_eq!((d.parent(last), d.index_in_parent(last)), (2, 69_999));
    assert_eq!(
        (d.parent(last - 1), d.index_in_parent(last - 1)),
        (2, 69_998)
    );
    assert_eq!(d.raw_value(last - 1), b"69998");
    assert_eq!(d.children(2), 70_000);
    assert_eq!(d.key(d.end(2)).as_deref(), Some("after"));
    assert!(d.index_bytes() < d.len() * 8, "{} bytes", d.index_bytes());
}

/// Found by fuzzing `json_index` (fuzz/README.md): serde_json refuses a map whose key is
/// one of its private markers; it is valid JSON, and the index reads it as any other key.
#[test]
fn serde_json_private_marker_keys_are_ordinary_keys() {
    let text = "{\"$serde_json::private::RawValue\":\r5\n}";
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    let d = doc(text);
    assert_eq!(d.key(1).as_deref(), Some("$serde_json::private::RawValue"));
    assert_eq!(d.raw_value(1), b"5");
}

#[test]
fn indexes_values_in_document_order() {
    let d = doc(r#"{"a": 1, "b": [true, null, "x\"y"], "c": {}}"#);
    let kinds: Vec<NodeKind> = (0..d.len()).map(|i| d.kind(i)).collect();
    use NodeKind::*;
    assert_eq!(
        kinds,
        vec![Object, Number, Array, Bool, Null, String, Object]
    );
    assert_eq!(d.key(1).as_deref(), Some("a"));
    assert_eq!(d.key(3), None, "array elements have no key");
    assert_eq!(d.node(0).end, 7);
    assert_eq!(d.node(2).end, 6, "the array's subtree ends before c");
    assert_eq!(d.node(2).children, 3);
    assert_eq!(d.node(5).parent, 2);
    assert_eq!(d.string_value(5).as_deref(), Some("x\"y"));
    assert_eq!(d.raw_value(2), br#"[true, null, "x\"y"]"#);
    assert_eq!(d.index_in_parent(4), 1);
    assert_eq!(d.node(6).children, 0);
}

#[test]
fn scalars_and_empty_containers_at_the_root() {
    assert_eq!(doc("42").len(), 1);
    assert_eq!(doc(" \"s\" ").string_value(0).as_deref(), Some("s"));
    assert_eq!(doc("[]").children(0), 0);
    assert_eq!(doc("-1.5e+3").kind(0), NodeKind::Number);
}

#[test]
fn deep_nesting_needs_no_recursion() {
    let depth = 2000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let d = doc(&text);
    assert_eq!(d.len(), depth);
    assert_eq!(d.node(depth - 1).depth as usize, depth - 1);
    assert_eq!(d.node(0).end as usize, depth);
}

#[test]
fn nesting_deeper_than_u16_still_indexes() {
    let depth = 100_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let d = doc(&text);
    assert_eq!(d.len(), depth);
    assert_eq!(d.node(depth - 1).depth, u16::MAX);
    assert_eq!(d.node(depth - 1).parent as usize, depth - 2);
}

#[test]
fn errors_say_where_and_what() {
    let e = Doc::parse(b"{\n  \"a\": 1,\n  \"b\" 2\n}".to_vec()).unwrap_err();
    assert_eq!((e.line, e.column, e.expected), (3, 7, "`:`"));
    assert_eq!(
        e.to_string(),
        "not valid JSON at line 3, column 7: expected `:`, found `2`"
    );
    let e = Doc::parse(b"[1, 2".to_vec()).unwrap_err();
    assert_eq!(e.expected, "`,` or `]`");
    assert_eq!(e.found, "the end of the input");
    assert!(Doc::parse(b"[1,]".to_vec()).is_err());
    assert!(Doc::parse(b"{\"a\":1,}".to_vec()).is_err());
    assert!(Doc::parse(b"<html>".to_vec()).is_err());
    assert!(Doc::parse(b"".to_vec()).is_err());
    assert!(Doc::parse(b"[1] x".to_vec()).is_err());
    assert!(Doc::parse(b"01".to_vec()).is_err());
}

#[test]
fn several_documents_are_a_list_of_them() {
    let d = Doc::parse_documents(b"{\"a\":1}\n{\"b\":[2]}\n\n  3\n".to_vec()).unwrap();
    assert_eq!(
        d.many,
        Some(Documents {
            count: 3,
            one_per_line: true
        })
    );
    assert_eq!(d.many.unwrap().label(), "3 documents (NDJSON)");
    assert!(d.is_document_list(0) && d.verbatim);
    assert_eq!((d.node(0).children, d.node(0).end), (3, 7));
    let roots: Vec<usize> = (1..d.len()).filter(|&i| d.node(i).parent == 0).collect();
    assert_eq!(roots, vec![1, 3, 6]);
    assert_eq!(d.index_in_parent(6), 2);
    assert_eq!((d.node(4).parent, d.node(4).depth), (3, 2));
    assert_eq!(d.key(2).as_deref(), Some("a"));
    assert_eq!(d.raw_value(3), br#"{"b":[2]}"#);
    assert_eq!(&*d.value_json(0), b"[{\"a\":1},\n{\"b\":[2]},\n3]");
    assert_eq!(&*d.json_text(), &*d.value_json(0));
    let glued = Doc::parse_documents(br#"{"a":1}{"b":2} [3]"#.to_vec()).unwrap();
    assert_eq!(glued.many.unwrap().label(), "3 documents (concatenated)");
    // One document stays one: no list around it.
    let one = Doc::parse_documents(b" [1]\n".to_vec()).unwrap();
    assert!(one.many.is_none() && one.verbatim);
    assert_eq!(&*one.json_text(), b" [1]\n");
    // An API answer or a filter's result is one document, as serde_json reads it.
    assert!(Doc::parse(br#"{"a":1}{"b":2}"#.to_vec()).is_err());
}

#[test]
fn any_two_documents_with_any_white_space_between_are_two() {
    let docs = [
        "{}",
        "[1,{\"a\":[]}]",
        "\"s\\\"\"",
        "-1.5e3",
        "true",
        "null",
        "{\"k\":\"v\"}",
    ];
    for a in docs {
        for b in docs {
            for between in [" ", "\n", "\r\n\t", "\n\n"] {
                let text = format!("{a}{between}{b}\n");
                let d = Doc::parse_documents(text.clone().into_bytes()).unwrap();
                let many = d.many.unwrap();
                assert_eq!(many.count, 2, "{text:?}");
                assert_eq!(many.one_per_line, between.contains('\n'), "{text:?}");
                let second = d.node(1).end as usize;
                assert_eq!(d.raw_value(1), a.as_bytes());
                assert_eq!(d.raw_value(second), b.as_bytes());
                let list: serde_json::Value = serde_json::from_slice(&d.json_text()).unwrap();
                assert_eq!(list.as_array().map(Vec::len), Some(2), "{text:?}");
            }
        }
    }
}

#[test]
fn an_error_in_a_later_document_says_where() {
    let e = Doc::parse_documents(b"{\"a\":1}\n{\"b\":}\n".to_vec()).unwrap_err();
    assert_eq!((e.line, e.column, e.expected), (2, 6, "a value"));
    let e = Doc::parse_documents(b"[1]\n[2] x".to_vec()).unwrap_err();
    assert_eq!((e.line, e.column), (2, 5));
    assert!(Doc::parse_documents(b"  \n ".to_vec()).is_err());
}

#[test]
fn numbers_beyond_f64_are_json_too() {
    // Found by fuzzing: serde_json refuses them; JSON allows them; the inspector shows them.
    let d = doc("[4441e444, -1e999]");
    assert_eq!(d.raw_value(1), b"4441e444");
}

#[test]
fn agrees_with_serde_on_valid_and_invalid_documents() {
    for text in [
        "{}",
        "[[],[{}]]",
        r#"{"k":[1,2,{"x":null}],"s":"\u00e9"}"#,
        "[1e5, -0.5, 0]",
        "[1 2]",
        "{\"a\"}",
        "[\"unterminated]",
        "tru",
        "[,1]",
        "{\"a\":1 \"b\":2}",
        "[01]",
        "[-]",
        "[1.]",
        "[.5]",
        "[1e]",
        "\"tab\there\"",
        "[0.5e-3, -0]",
    ] {
        let ours = Doc::parse(text.as_bytes().to_vec()).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(text).is_ok();
        assert_eq!(ours, theirs, "{text}");
    }
}

/// Every node of a preview is the complete index's, but for the containers still open.
#[test]
fn a_preview_holds_the_first_nodes_of_the_complete_index() {
    let text = br#"{"a": [1, {"b": "x"}, [true, null]], "c": {"d": 2.5}, "e": "z"}"#;
    let whole = Doc::parse_documents(text.to_vec()).unwrap();
    for values in 1..whole.len() {
        for cut in 1..=text.len() {
            let Some(p) = Doc::preview(&text[..cut], values) else {
                continue;
            };
            assert_eq!(p.len(), values, "{values} values from {cut} bytes");
            assert!(p.is_partial() && p.is_open(0));
            for i in 0..p.len() {
                let (ours, theirs) = (p.node(i), whole.node(i));
                assert_eq!(
                    (ours.parent, ours.depth, ours.kind),
                    (theirs.parent, theirs.depth, theirs.kind)
                );
                assert_eq!(p.key(i), whole.key(i));
                assert_eq!(
                    (ours.value_start, ours.index),
                    (theirs.value_start, theirs.index)
                );
                if !p.is_open(i) {
                    assert_eq!(
                        (ours.end, ours.children),
                        (theirs.end, theirs.children),
                        "{i}"
                    );
                    assert_eq!(p.raw_value(i), whole.raw_value(i), "{i}");
                } else {
                    assert_eq!(
                        ours.end as usize, values,
                        "an open container ends with the preview"
                    );
                }
            }
        }
    }
    // Enough bytes for every value but the last: no preview of them all.
    assert!(Doc::preview(&text[..text.len() - 1], whole.len()).is_none());
    // A number the prefix may have cut short is not taken.
    assert!(Doc::preview(b"[1, 23", 3).is_none());
    assert_eq!(Doc::preview(b"[1, 23,", 3).map(|d| d.len()), Some(3));
    // Not JSON as far as it goes: no preview (the complete index says where).
    assert!(Doc::preview(b"[1, }, 2, 3]", 3).is_none());
}

#[test]
fn a_preview_of_several_documents_is_a_list_of_them_still_open() {
    let text = b"{\"a\":1}\n{\"b\":[2, 3]}\n[4]\n";
    let whole = Doc::parse_documents(text.to_vec()).unwrap();
    let p = Doc::preview(text, 5).unwrap();
    assert!(p.many.is_some() && p.verbatim);
    assert_eq!(p.partial.as_deref(), Some(&[0, 3, 4][..]));
    assert_eq!(p.node(1).end, whole.node(1).end);
    assert_eq!(p.key(2).as_deref(), Some("a"));
}

/// Keys are read back from the text: escaped quotes and backslashes, colons, white space.
#[test]
fn keys_read_back_from_the_text_are_the_keys() {
    let text = "{\"a\\\\\" : 1, \"b\\\"c\":2,\"\"\n:\t3, \"x:y\\\\\\\"\" : \"k\\\":v\", \"n\":{\"m\":[{\"\":0}]}}";
    let d = doc(text);
    let ours: Vec<Option<String>> = (0..d.len()).map(|i| d.key(i)).collect();
    let keys = |s: &[&str]| s.iter().map(|k| Some(k.to_string())).collect::<Vec<_>>();
    let mut expected = vec![None];
    expected.extend(keys(&["a\\", "b\"c", "", "x:y\\\"", "n", "m"]));
    expected.extend([None, Some(String::new())]);
    assert_eq!(ours, expected);
    assert!(d.index_bytes() < 200, "{}", d.index_bytes());
}
