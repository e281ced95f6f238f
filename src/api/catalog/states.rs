//! A list of states in one narrow cell (an alert's `status`: `["IN_MAINTENANCE", "FIRING"]`):
//! the most important first, the others after it (`FIRING +MAINT`), so a cut column never
//! hides that an alert fires. A state alone is shown whole; with others, the first by its name
//! unless that is long (IN_MAINTENANCE: `MAINT +CHECK`), the others by short names
//! (`SNOOZED +CHECK`, `FIRING +SNOOZE`), so two fit the column's 14 cells.

use serde_json::Value;

/// States by importance, most important first, with how they are shown after another.
/// Unknown states rank after the troubles and before the quiet ones, shown as they are.
const RANKED: &[(&str, &str)] = &[
    ("FIRING", "FIRING"),
    ("INVALID", "INVALID"),
    ("NO_DATA", "NODATA"),
    ("SNOOZED", "SNOOZE"),
    ("IN_MAINTENANCE", "MAINT"),
    ("CHECKING", "CHECK"),
    ("NONE", "NONE"),
    ("TRASH", "TRASH"),
];

/// The longest name shown whole first among others (`SNOOZED`, `CHECKING`; not
/// `IN_MAINTENANCE`).
const FIRST_WHOLE: usize = 8;

/// Where unknown states rank: after `IN_MAINTENANCE`.
const UNKNOWN_RANK: usize = 5;

fn rank(state: &str) -> usize {
    match RANKED
        .iter()
        .position(|(s, _)| s.eq_ignore_ascii_case(state))
    {
        Some(i) if i < UNKNOWN_RANK => i,
        Some(i) => i + 1,
        None => UNKNOWN_RANK,
    }
}

fn short(state: &str) -> &str {
    RANKED
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(state))
        .map_or(state, |(_, short)| short)
}

/// The states as one line (not yet made safe): `FIRING +MAINT`. `None` when `items` holds
/// anything but strings (shown as any list is).
pub(super) fn summary(items: &[Value]) -> Option<String> {
    let mut states: Vec<&str> = items
        .iter()
        .filter(|v| !v.is_null())
        .map(Value::as_str)
        .collect::<Option<_>>()?;
    states.retain(|s| !s.trim().is_empty());
    // Stable: states of one rank keep the server's order.
    states.sort_by_key(|s| rank(s));
    let mut out = String::new();
    if let [only] = states[..] {
        return Some(only.to_string());
    }
    for (i, state) in states.iter().enumerate() {
        match i {
            0 if state.len() <= FIRST_WHOLE => out.push_str(state),
            0 => out.push_str(short(state)),
            _ => {
                out.push_str(" +");
                out.push_str(short(state));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(v: Value) -> Option<String> {
        summary(v.as_array().unwrap())
    }

    #[test]
    fn the_most_important_state_comes_first_and_whole() {
        assert_eq!(
            of(json!(["IN_MAINTENANCE", "FIRING"])).as_deref(),
            Some("FIRING +MAINT")
        );
        assert_eq!(
            of(json!(["SNOOZED", "FIRING"])).as_deref(),
            Some("FIRING +SNOOZE")
        );
        assert_eq!(
            of(json!(["CHECKING", "IN_MAINTENANCE"])).as_deref(),
            Some("MAINT +CHECK")
        );
        assert_eq!(of(json!(["CHECKING"])).as_deref(), Some("CHECKING"));
        assert_eq!(
            of(json!(["CHECKING", "SNOOZED"])).as_deref(),
            Some("SNOOZED +CHECK")
        );
        assert_eq!(
            of(json!(["IN_MAINTENANCE"])).as_deref(),
            Some("IN_MAINTENANCE")
        );
        assert_eq!(
            of(json!(["CHECKING", "NEW_STATE"])).as_deref(),
            Some("NEW_STATE +CHECK")
        );
        assert_eq!(of(json!([])).as_deref(), Some(""));
        assert_eq!(of(json!([{"x": 1}])), None);
    }
}
