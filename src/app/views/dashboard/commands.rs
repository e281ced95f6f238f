//! The player's command-line words: `:play ID [--tv [S]]`, `:var NAME VALUE`, `:range` in the
//! player, and the keys that open the command line with a word typed (`w`, `V`).

use super::update::{open, player_mut, run_on_screen};
use crate::api::chart::Window;
use crate::app::state::{State, View};
use crate::worker::Command;

/// `w`, `V` open the command line with their word typed: as keys, so it keeps its history.
pub(super) fn open_command_line(state: &mut State, text: &str) {
    let line = state.prompt.insert(Default::default());
    for c in text.chars() {
        line.handle(&crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        ));
    }
}

/// The command-line word that sets a variable: `:var env prod`.
pub const VARIABLE_WORD: &str = "var";

pub(super) fn open_variable_line(state: &mut State) {
    let name = match state.view() {
        View::Dashboard(p) => p
            .visible_variables()
            .get(p.variable)
            .and_then(|i| p.dashboard.as_ref().map(|d| d.variables[*i].name.clone())),
        _ => None,
    };
    match name {
        Some(name) => open_command_line(state, &format!("{VARIABLE_WORD} {name} ")),
        None => state.flash_info("this dashboard has no variables to set"),
    }
}

/// `:var NAME VALUE` (`*` for all, `a,b` for several): the variable set, what uses it rerun.
pub(crate) fn variable_command(state: &mut State, text: &str) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        state
            .flash_error(":var sets a dashboard's variable: play one first (enter on a dashboard)");
        return Vec::new();
    };
    let (name, value) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
    let Some(var) = p.dashboard.as_ref().and_then(|d| d.variable(name)).cloned() else {
        state.flash_error(format!("no variable {} here", crate::text::sanitize(name)));
        return Vec::new();
    };
    let value = value.trim();
    let selection = if value == "*" {
        crate::api::dashboard::Selection::All
    } else {
        crate::api::dashboard::Selection::Values(
            value
                .split(',')
                .map(|v| var.value_of(v.trim()))
                .filter(|v| !v.is_empty())
                .collect(),
        )
    };
    p.bindings.insert(var.name.clone(), selection);
    super::update::variable_changed(state, &var.name)
}

/// `:range 3h` in the player: its window.
pub(crate) fn set_window(state: &mut State, window: Window) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    p.window = window;
    if let Window::Between { end_ms, .. } = window {
        p.end_ms = end_ms;
    }
    run_on_screen(state, true)
}

/// The command-line word that plays a dashboard: `:play ID [--tv [SECONDS]]`.
pub const PLAY_WORD: &str = "play";
/// How long a section stays on a TV screen when `--tv` names no interval.
pub const TV_DEFAULT_S: i64 = 30;

/// `:play ID [--tv [SECONDS]]`.
pub(crate) fn play_command(state: &mut State, text: &str) -> Vec<Command> {
    let mut words = text.split_whitespace();
    let Some(id) = words.next().filter(|w| !w.starts_with("--")) else {
        state.flash_error(":play needs a dashboard's id, e.g. :play demo-overview --tv");
        return Vec::new();
    };
    let id = id.to_string();
    let rest: Vec<&str> = words.collect();
    let tv = match rest.as_slice() {
        [] => None,
        ["--tv"] => Some(TV_DEFAULT_S),
        ["--tv", s] => match s.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                state.flash_error("--tv takes the seconds each section stays on screen");
                return Vec::new();
            }
        },
        _ => {
            state.flash_error(":play ID [--tv [SECONDS]]");
            return Vec::new();
        }
    };
    open(state, &id, tv.map(|s| s * 1000))
}

/// Where a `:var NAME VALUE` line's value starts (chars) and the query text it completes
/// after: a variable whose values are a point tag's (or the sources) of a query's metric
/// completes them (`ts(metric, env=`); any other value is completed as WQL (no lead).
pub(crate) fn variable_query(state: &State, line: &str) -> Option<(usize, String)> {
    let rest = line.strip_prefix(VARIABLE_WORD)?.strip_prefix(' ')?;
    let (name, _) = rest.split_once(' ')?;
    let start = VARIABLE_WORD.chars().count() + 1 + name.chars().count() + 1;
    let View::Dashboard(p) = state.view() else {
        return None;
    };
    let var = p.dashboard.as_ref()?.variable(name)?;
    Some((start, variable_lead(var).unwrap_or_default()))
}

/// `ts(metric, KEY=` for a variable whose values are tag values or sources of its query's
/// first metric.
fn variable_lead(var: &crate::api::dashboard::Variable) -> Option<String> {
    use crate::api::dashboard::DynamicField;
    let dynamic = var.dynamic.as_ref()?;
    let key = match &dynamic.field {
        DynamicField::TagKey => dynamic.tag_key.clone()?,
        DynamicField::Source => "source".to_string(),
        _ => return None,
    };
    let metric = first_metric(dynamic.query.as_deref()?)?;
    Some(format!("ts({metric}, {key}="))
}

/// The metric of a query's first `ts(`, when it names one (not a glob).
fn first_metric(query: &str) -> Option<String> {
    let at = query.find("ts(")? + 3;
    let metric: String = query[at..]
        .trim_start()
        .chars()
        .take_while(|c| crate::wql::lex::is_word_char(*c) || *c == '.')
        .collect();
    (!metric.is_empty() && !metric.contains('*')).then_some(metric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_metric_of_a_query() {
        assert_eq!(
            first_metric("sum(ts(cpu.load.1m, env=prod), sources)").as_deref(),
            Some("cpu.load.1m")
        );
        assert_eq!(first_metric("ts(\"cpu.*\")"), None);
        assert_eq!(first_metric("rate(x)"), None);
    }
}
