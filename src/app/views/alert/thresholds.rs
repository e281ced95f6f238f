//! A threshold alert's thresholds, read from its `conditions` (severity → condition): the number
//! each condition compares its expression with (`ts(cpu) > 90` → `> 90`). A condition that is
//! not one comparison with a number (`a > 1 and b < 2`, `ts(a) > ts(b)`) is said, not guessed.

use serde_json::Value;

use crate::api::alert_firings::severity_rank;
use crate::app::views::chart::bands::Level;

/// What the conditions give: the thresholds, most severe first, and why others are missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    pub levels: Vec<Level>,
    pub unreadable: Vec<String>,
}

/// The comparisons WQL has, longest first so `>=` is not read as `>`.
const OPERATORS: [&str; 7] = [">=", "<=", "!=", "==", ">", "<", "="];

/// The thresholds of `alert` when it is a threshold alert (`alertType` THRESHOLD); none for a
/// classic one, whose condition is one expression.
pub fn read(alert: &Value) -> Thresholds {
    let threshold_type = alert
        .get("alertType")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("THRESHOLD"));
    if !threshold_type {
        return Thresholds::default();
    }
    let Some(conditions) = alert.get("conditions").and_then(Value::as_object) else {
        return Thresholds {
            levels: Vec::new(),
            unreadable: vec!["a threshold alert without conditions".into()],
        };
    };
    let mut out = Thresholds::default();
    for (severity, condition) in conditions {
        let read = condition
            .as_str()
            .ok_or_else(|| "not a text".to_string())
            .and_then(parse);
        match read {
            Ok((op, number)) => out.levels.push(Level {
                severity: severity.clone(),
                label: format!("{op} {number}"),
                value: number.parse().unwrap_or_default(),
            }),
            Err(why) => out.unreadable.push(format!("{severity}: {why}")),
        }
    }
    out.levels
        .sort_by_key(|l| std::cmp::Reverse(severity_rank(&l.severity)));
    out
}

/// The one top-level comparison of `condition` with a number: the operator as if the number
/// were on the right, and the number as written.
pub fn parse(condition: &str) -> Result<(&'static str, String), String> {
    let found = comparisons(condition);
    let (at, op) = match found.as_slice() {
        [] => return Err("no comparison".into()),
        [one] => *one,
        _ => return Err("more than one comparison".into()),
    };
    if has_top_level_word(condition, &["and", "or", "not"]) {
        return Err("a comparison joined with others".into());
    }
    let (left, right) = (&condition[..at], &condition[at + op.len()..]);
    if let Some(n) = number(right) {
        return Ok((op, n));
    }
    if let Some(n) = number(left) {
        return Ok((flipped(op), n));
    }
    Err(format!(
        "compared with {}, not a number",
        crate::text::fit(right.trim(), 30)
    ))
}

/// Where each comparison outside brackets and quotes starts, and which it is.
fn comparisons(s: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in s.char_indices() {
        if i < skip_to {
            continue;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, _) if depth == 0 => {
                if let Some(op) = OPERATORS.iter().find(|op| s[i..].starts_with(*op)) {
                    found.push((i, *op));
                    skip_to = i + op.len();
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether one of `words` stands alone outside brackets and quotes.
fn has_top_level_word(s: &str, words: &[&str]) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let outside: String = s
        .chars()
        .map(|c| {
            let keep = match (quote, c) {
                (Some(q), c) if c == q => {
                    quote = None;
                    false
                }
                (Some(_), _) => false,
                (None, '"' | '\'') => {
                    quote = Some(c);
                    false
                }
                (None, '(' | '[' | '{') => {
                    depth += 1;
                    false
                }
                (None, ')' | ']' | '}') => {
                    depth -= 1;
                    false
                }
                (None, _) => depth == 0,
            };
            if keep { c } else { ' ' }
        })
        .collect();
    outside
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

/// A finite number, as written (`14`, `-2.5`, `1e3`).
fn number(s: &str) -> Option<String> {
    let t = s.trim();
    let v: f64 = t.parse().ok()?;
    let plain = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    (v.is_finite() && plain).then(|| t.to_string())
}

/// `14 < x` is `x > 14`.
fn flipped(op: &'static str) -> &'static str {
    match op {
        ">" => "<",
        "<" => ">",
        ">=" => "<=",
        "<=" => ">=",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_number_of_one_comparison() {
        assert_eq!(parse("ts(cpu) > 90"), Ok((">", "90".into())));
        assert_eq!(
            parse("ts(slo.burn, service=pricing)>=8.6"),
            Ok((">=", "8.6".into()))
        );
        assert_eq!(
            parse("mavg(5m, ts(x, env=\"a>b\")) < -2.5"),
            Ok(("<", "-2.5".into()))
        );
        assert_eq!(parse("ts(x) != 1e3"), Ok(("!=", "1e3".into())));
        assert_eq!(parse("ts(up) = 0"), Ok(("=", "0".into())));
        assert_eq!(
            parse("14 < ts(x)"),
            Ok((">", "14".into())),
            "number on the left"
        );
        assert_eq!(parse("0.5 >= ts(x)"), Ok(("<=", "0.5".into())));
    }

    #[test]
    fn what_is_not_one_comparison_with_a_number_is_said() {
        assert_eq!(parse("ts(x)"), Err("no comparison".into()));
        assert_eq!(
            parse("ts(a) > 1 and ts(b) < 2"),
            Err("more than one comparison".into())
        );
        assert_eq!(
            parse("ts(a) > 1 and exists(ts(b))"),
            Err("a comparison joined with others".into())
        );
        assert_eq!(
            parse("ts(a) > ts(b)"),
            Err("compared with ts(b), not a number".into())
        );
        assert!(parse("ts(a) > inf").is_err(), "not finite");
        assert!(parse("ts(a) > NaN").is_err());
        assert!(parse("ts(a) > 0x10").is_err());
        // Inside brackets and quotes, comparisons and words are the expression's.
        assert_eq!(
            parse("ts(a, env=prod and role=\"x > 3\") > 2"),
            Ok((">", "2".into()))
        );
    }

    #[test]
    fn a_threshold_alerts_levels_most_severe_first() {
        let alert = json!({
            "alertType": "THRESHOLD",
            "conditions": {
                "info": "ts(x) > 8.6",
                "severe": "ts(x) > 14",
                "warn": "ts(x) > ts(y)",
                "smoke": 3
            }
        });
        let t = read(&alert);
        let levels: Vec<(&str, &str, f64)> = t
            .levels
            .iter()
            .map(|l| (l.severity.as_str(), l.label.as_str(), l.value))
            .collect();
        assert_eq!(levels, [("severe", "> 14", 14.0), ("info", "> 8.6", 8.6)]);
        assert_eq!(
            t.unreadable,
            [
                "warn: compared with ts(y), not a number",
                "smoke: not a text"
            ]
        );
    }

    #[test]
    fn classic_alerts_have_no_thresholds_and_odd_ones_say_why() {
        let classic = json!({"alertType": "CLASSIC", "condition": "ts(x) > 1"});
        assert_eq!(read(&classic), Thresholds::default());
        assert_eq!(read(&json!({})), Thresholds::default());
        let bare = read(&json!({"alertType": "threshold", "conditions": null}));
        assert_eq!(bare.unreadable, ["a threshold alert without conditions"]);
    }
}
