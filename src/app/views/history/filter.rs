//! What `:history` shows: the `/` filter (the lists' matcher and fzf syntax, over method, path
//! and status)
//! and the lists' auto-refresh requests left out unless asked for.

use crossterm::event::KeyEvent;

use super::log::{HistoryView, RequestLog};
use crate::api::catalog::{Cell, Row};
use crate::api::history::HistoryEntry;
use crate::app::input::TextInput;
use crate::app::keymap::Action;
use crate::app::state::{State, View};
use crate::app::views::table::filter::{Mode, Query, RowMatcher};
use crate::worker::Command;

/// The `/` line of the history.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    pub input: TextInput,
    /// Typing (`enter` applies it, `esc` clears it).
    pub editing: bool,
}

impl HistoryView {
    /// The entries shown, newest first.
    pub fn shown<'a>(&self, log: &'a RequestLog) -> Vec<&'a HistoryEntry> {
        // The lists' language (fzf's syntax, nucleo's matching); an empty line matches all.
        let query = self
            .filter
            .as_ref()
            .and_then(|f| Query::parse(f.input.value(), Mode::Fzf).ok())
            .unwrap_or_default();
        let mut matcher = RowMatcher::default();
        log.entries
            .iter()
            .rev()
            .filter(|e| self.show_auto || !log.is_auto(e))
            .filter(|e| query.is_all() || matcher.score(&query, &as_row(e)).is_some())
            .collect()
    }

    pub fn editing(&self) -> bool {
        self.filter.as_ref().is_some_and(|f| f.editing)
    }
}

/// An entry as the table's matcher reads a row: method, path with query, status.
fn as_row(entry: &HistoryEntry) -> Row {
    let status = entry
        .status
        .map_or(Cell::Empty, |s| Cell::Int(i64::from(s)));
    Row {
        id: None,
        cells: vec![
            Cell::Text(entry.method.as_str().into()),
            Cell::Text(entry.label()[entry.method.len()..].trim_start().into()),
            status,
        ],
        raw: None,
        exact: Default::default(),
    }
}

fn view_mut(state: &mut State) -> Option<&mut HistoryView> {
    match state.view_mut() {
        View::History(v) => Some(v),
        _ => None,
    }
}

/// Keys while the filter is typed: `enter` keeps it, `esc` clears it, `↑`/`↓` move, the rest
/// edits (the selection goes back to the newest match).
pub fn on_filter_key(state: &mut State, key: &KeyEvent, action: Option<Action>) -> Option<()> {
    let v = view_mut(state)?;
    let f = v.filter.as_mut().filter(|f| f.editing)?;
    match action {
        Some(Action::Submit) => {
            f.editing = false;
            if f.input.value().trim().is_empty() {
                v.filter = None;
            }
        }
        Some(Action::Back) => v.filter = None,
        Some(Action::Quit) => state.quit = true,
        Some(Action::Up | Action::Down) => return None,
        _ => {
            if f.input.handle(key) {
                v.selected = 0;
                v.offset = 0;
            }
        }
    }
    Some(())
}

/// `/`, `esc` on an applied filter, and the auto-refresh switch.
pub fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let v = view_mut(state)?;
    match action {
        Action::Filter => {
            let input = v.filter.take().map(|f| f.input).unwrap_or_default();
            v.filter = Some(HistoryFilter {
                input,
                editing: true,
            });
        }
        Action::Back if v.filter.is_some() => v.filter = None,
        Action::ShowAutoRefresh => {
            v.show_auto = !v.show_auto;
            v.selected = 0;
            v.offset = 0;
        }
        _ => return None,
    }
    Some(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::views::history::log;

    fn entry(path: &str, at: i64) -> HistoryEntry {
        HistoryEntry {
            at_ms: at,
            method: "GET".into(),
            path: path.into(),
            query: Vec::new(),
            status: Some(200),
            duration_ms: 3,
            bytes: 40,
            had_body: false,
            body: None,
        }
    }

    fn paths(state: &State) -> Vec<String> {
        let View::History(v) = state.view() else {
            panic!("not the history");
        };
        v.shown(&state.history)
            .iter()
            .map(|e| e.path.clone())
            .collect()
    }

    fn press(state: &mut State, code: crossterm::event::KeyCode) {
        let key = KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
        crate::app::update(state, crate::app::Msg::Key(key));
    }

    /// `:history` had no filter (issue #17).
    #[test]
    fn slash_filters_the_history() {
        use crossterm::event::KeyCode;
        let mut state = State::new("prod", (100, 30), 0);
        state.history.enabled = true;
        for (i, p) in ["/api/v2/alert", "/api/v2/source", "/api/v2/alert/7"]
            .iter()
            .enumerate()
        {
            state.history.push(entry(p, i as i64));
        }
        log::open(&mut state);
        press(&mut state, KeyCode::Char('/'));
        for c in "alert".chars() {
            press(&mut state, KeyCode::Char(c));
        }
        assert_eq!(paths(&state), vec!["/api/v2/alert/7", "/api/v2/alert"]);
        press(&mut state, KeyCode::Enter);
        press(&mut state, KeyCode::Down);
        let View::History(v) = state.view() else {
            panic!()
        };
        assert_eq!(v.selected, 1, "keys move the selection again");
        press(&mut state, KeyCode::Esc);
        assert_eq!(paths(&state).len(), 3, "esc clears the filter first");
        assert!(matches!(state.view(), View::History(_)));
    }
}
