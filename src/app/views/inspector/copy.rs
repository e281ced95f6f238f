//! What the inspector copies, as jless does: the value (pretty), the value on one line, the
//! string itself (no quotes, escapes resolved), the key, and the path in three forms.

use crate::json::Doc;
use crate::json::NodeKind;
use crate::json::path::{PathStyle, path};

/// A copy variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// The value as JSON, indented (containers), every byte of its scalars as written.
    Value,
    /// The value minified on one line.
    ValueLine,
    /// A string's text: no quotes, escapes resolved (another scalar: its text).
    String,
    /// The key of an object member.
    Key,
    /// The jq path: `.a["b c"][0]`.
    Path,
    /// The path in brackets only: `["a"]["b c"][0]`.
    BracketPath,
    /// A jq query selecting it in every element: `.a["b c"][]`.
    QueryPath,
}

impl Copied {
    /// What the message line calls it: "copied the key (3 bytes)".
    pub fn name(self) -> &'static str {
        match self {
            Copied::Value => "value",
            Copied::ValueLine => "value on one line",
            Copied::String => "string",
            Copied::Key => "key",
            Copied::Path => "path",
            Copied::BracketPath => "bracket path",
            Copied::QueryPath => "jq query path",
        }
    }
}

/// The text of `what` for node `i`, or why there is none.
pub fn text(doc: &Doc, i: usize, what: Copied) -> Result<String, String> {
    match what {
        Copied::Value => Ok(crate::json::value::pretty_text(&doc.value_json(i))),
        Copied::ValueLine => Ok(crate::json::value::compact(&doc.value_json(i))),
        Copied::String => match doc.kind(i) {
            NodeKind::String => Ok(doc.string_value(i).unwrap_or_default()),
            NodeKind::Object | NodeKind::Array => {
                Err("not a string: y y copies the value, y v on one line".into())
            }
            _ => Ok(String::from_utf8_lossy(doc.raw_value(i)).into_owned()),
        },
        Copied::Key => doc.key(i).ok_or_else(|| match doc.parent(i) {
            crate::json::index::NO_PARENT => "the root has no key".to_string(),
            _ => format!(
                "an element of a list has no key (it is number {} of its list)",
                doc.index_in_parent(i)
            ),
        }),
        Copied::Path => Ok(path(doc, i, PathStyle::Jq)),
        Copied::QueryPath => Ok(path(doc, i, PathStyle::Query)),
        Copied::BracketPath if doc.parent(i) == crate::json::index::NO_PARENT => {
            Err("the root has no bracket path (y p copies `.`)".into())
        }
        Copied::BracketPath => Ok(path(doc, i, PathStyle::Bracket)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_of_a_member() {
        let doc =
            Doc::parse(br#"{"a": {"b c": [ {"s": "\u65e5\u672c \"q\"", "n": 1.50} ]}}"#.to_vec())
                .unwrap();
        let s = (0..doc.len())
            .find(|&i| doc.key(i).as_deref() == Some("s"))
            .unwrap();
        let copy = |i, what| text(&doc, i, what);
        assert_eq!(copy(s, Copied::Value).unwrap(), r#""\u65e5\u672c \"q\"""#);
        assert_eq!(copy(s, Copied::String).unwrap(), "日本 \"q\"");
        assert_eq!(copy(s, Copied::Key).unwrap(), "s");
        assert_eq!(copy(s, Copied::Path).unwrap(), r#".a["b c"][0].s"#);
        assert_eq!(
            copy(s, Copied::BracketPath).unwrap(),
            r#"["a"]["b c"][0]["s"]"#
        );
        assert_eq!(copy(s, Copied::QueryPath).unwrap(), r#".a["b c"][].s"#);
        assert_eq!(copy(s + 1, Copied::String).unwrap(), "1.50");
        let list = 2;
        assert_eq!(
            copy(list, Copied::ValueLine).unwrap(),
            r#"[{"s":"\u65e5\u672c \"q\"","n":1.50}]"#
        );
        assert!(
            copy(list, Copied::Value)
                .unwrap()
                .contains("\n    \"n\": 1.50")
        );
        assert!(copy(list, Copied::String).is_err());
        assert!(
            copy(list + 1, Copied::Key)
                .unwrap_err()
                .contains("number 0")
        );
        assert!(copy(0, Copied::Key).is_err() && copy(0, Copied::BracketPath).is_err());
        assert_eq!(copy(0, Copied::Path).unwrap(), ".");
    }

    #[test]
    fn the_list_of_several_documents_copies_as_a_json_array() {
        let doc = Doc::parse_documents(b"{\"a\":1}\n{\"b\":2}\n".to_vec()).unwrap();
        assert_eq!(
            text(&doc, 0, Copied::ValueLine).unwrap(),
            r#"[{"a":1},{"b":2}]"#
        );
        assert_eq!(text(&doc, 4, Copied::Path).unwrap(), ".[1].b");
        assert_eq!(text(&doc, 4, Copied::BracketPath).unwrap(), r#"[1]["b"]"#);
    }
}
