//! jq filters on a document, with jaq (the jq of Rust). Runs on a blocking thread: a filter
//! over a large document can take a while, and the UI must not wait for it.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::{Val, read};

/// Runs `filter` on the JSON `input`; the result is the one output, or an array of them all.
pub fn run(filter: &str, input: &[u8]) -> Result<String, String> {
    let input = read::parse_single(input).map_err(|e| format!("the document is not JSON: {e}"))?;
    let program = File {
        code: filter,
        path: (),
    };
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, program)
        .map_err(|errs| format!("invalid filter: {}", load_errors(&errs)))?;
    let filter = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| {
            let names: Vec<String> = errs
                .iter()
                .flat_map(|(_, list)| list.iter())
                .map(|(name, what)| format!("unknown {} `{name}`", what.as_str()))
                .collect();
            format!("invalid filter: {}", names.join(", "))
        })?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
    let mut outputs: Vec<String> = Vec::new();
    for out in filter.id.run((ctx, input)).map(unwrap_valr) {
        let val = out.map_err(|e| format!("the filter failed: {e}"))?;
        outputs.push(val.to_string());
        if outputs.len() > 1_000_000 {
            return Err("the filter produced more than a million results".into());
        }
    }
    Ok(match outputs.len() {
        1 => outputs.pop().unwrap_or_default(),
        _ => format!("[{}]", outputs.join(",")),
    })
}

/// "expected closing bracket at `…`" for each lex or parse error.
fn load_errors(errors: &jaq_core::load::Errors<&str, ()>) -> String {
    use jaq_core::load::Error;
    let near = |rest: &str| {
        if rest.is_empty() {
            "the end".to_string()
        } else {
            format!("`{}`", rest.chars().take(20).collect::<String>())
        }
    };
    let parts: Vec<String> = errors
        .iter()
        .flat_map(|(_, e)| match e {
            Error::Io(list) => list.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>(),
            Error::Lex(list) => list
                .iter()
                .map(|(expect, rest)| format!("expected {} at {}", expect.as_str(), near(rest)))
                .collect(),
            Error::Parse(list) => list
                .iter()
                .map(|(expect, rest)| format!("expected {} at {}", expect.as_str(), near(rest)))
                .collect(),
        })
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn filters_like_jq() {
        let doc =
            br#"{"alerts":[{"name":"a","severity":"WARN"},{"name":"b","severity":"SEVERE"}]}"#;
        assert_eq!(run(".alerts[1].name", doc).unwrap(), "\"b\"");
        assert_eq!(run(".alerts[].name", doc).unwrap(), "[\"a\",\"b\"]");
        assert_eq!(
            run("[.alerts[] | select(.severity == \"SEVERE\") | .name]", doc).unwrap(),
            "[\"b\"]"
        );
        assert_eq!(run(".alerts | length", doc).unwrap(), "2");
        assert_eq!(
            run(".alerts | map(.name) | join(\",\")", doc).unwrap(),
            "\"a,b\""
        );
    }

    #[test]
    fn bad_filters_say_so() {
        assert_eq!(
            run(".[", b"{}").unwrap_err(),
            "invalid filter: expected closing bracket at the end"
        );
        assert_eq!(
            run("nosuchfunction", b"{}").unwrap_err(),
            "invalid filter: unknown filter `nosuchfunction`"
        );
        assert!(
            run(".a + 1", br#"{"a":"x"}"#)
                .unwrap_err()
                .starts_with("the filter failed")
        );
    }
}
