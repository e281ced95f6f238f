//! What the app remembers per account, as plain state: sorts and column widths per kind, the
//! filter history, the column cursor. `update` changes it; [`after_update`] asks the worker to
//! save it when it changed (the worker writes; nothing here does I/O).

use std::collections::BTreeMap;

use ratatui::layout::{Constraint, Layout, Rect};

use crate::api::Kind;
use crate::api::catalog::{Width, kind_by_name};
use crate::config::state_file::{KindMemory, RECALL_LIMIT, Remembered, SortMemory, remember};
use crate::worker::Command;

use super::keymap::Action;
use super::rowview::Sort;
use super::state::{LoginState, State, View};
use super::table::TableView;
use super::table::filter::Mode;

/// Cells between columns (as the table draws them).
pub const COLUMN_SPACING: u16 = 1;
/// A resized column is never narrower than this.
const MIN_WIDTH: u16 = 3;
/// Cells the first column (the name) keeps before the others give way.
const NAME_MIN: u16 = 16;
const MAX_WIDTH: u16 = 400;
/// One `<` or `>` changes a width by this many cells.
const WIDTH_STEP: u16 = 2;

#[derive(Debug, Default)]
pub struct Memory {
    /// Whose memory this is, when it is saved (the worker sent it at login); `None` keeps it
    /// for this session only.
    pub account: Option<String>,
    /// Per kind (API name): sort and widths, including kinds not on screen.
    pub kinds: BTreeMap<String, KindMemory>,
    /// Filters applied, oldest first.
    pub filter_history: Vec<String>,
    /// Which of them were applied as regexes (recalled in that mode).
    pub filter_regexes: Vec<String>,
    /// Where `↑`/`↓` are in the filter history while recalling.
    pub filter_recall: Option<usize>,
    /// Lines run on the `:` line, oldest first.
    pub command_history: Vec<String>,
    /// The column `<` `>` resize: (kind, column), shown in the header once chosen.
    pub column: Option<(&'static str, usize)>,
    /// What was last sent to be saved, to save only changes.
    saved: Option<Remembered>,
}

impl Memory {
    /// The memory of `account` as the worker read it; it is saved from now on.
    pub fn loaded(account: String, remembered: Remembered) -> (Memory, Vec<String>) {
        let memory = Memory {
            account: Some(account),
            kinds: remembered.kinds.clone(),
            filter_history: remembered.filter_history.clone(),
            filter_regexes: remembered.filter_regexes.clone(),
            filter_recall: None,
            command_history: remembered.command_history.clone(),
            column: None,
            saved: Some(remembered.clone()),
        };
        (memory, remembered.jq_history)
    }

    pub fn kind(&self, kind: &Kind) -> Option<&KindMemory> {
        self.kinds.get(kind.name)
    }

    /// The remembered sort of a kind, as a column index.
    pub fn sort(&self, kind: &Kind) -> Option<Sort> {
        let sort = self.kind(kind)?.sort.as_ref()?;
        let column = kind.columns.iter().position(|c| c.title == sort.column)?;
        Some(Sort {
            column,
            ascending: !sort.descending,
        })
    }
}

/// Applies what the worker read for `account` (before its `LoggedIn`): the last list, and each
/// table's sort. The tables reload when the login completes.
pub fn restore(state: &mut State, account: String, remembered: Remembered) {
    let view = remembered.view.as_deref().and_then(kind_by_name);
    let (memory, jq_history) = Memory::loaded(account, remembered);
    state.memory = memory;
    state.jq_history = jq_history;
    if let (Some(kind), Some(View::Table(t))) = (view, state.stack.first_mut()) {
        if t.kind.name != kind.name {
            **t = TableView::new(kind);
        }
    }
    for view in &mut state.stack {
        if let View::Table(t) = view {
            t.sort = state.memory.sort(t.kind);
        }
    }
    // What is on screen now is what the file says: nothing to save until it changes.
    state.memory.saved = Some(snapshot(state));
}

/// A new table of a kind, with the kind's remembered sort.
pub fn restore_table(memory: &Memory, table: &mut TableView) {
    table.sort = memory.sort(table.kind);
}

/// What is remembered now.
pub fn snapshot(state: &State) -> Remembered {
    let mut kinds = state.memory.kinds.clone();
    for view in &state.stack {
        if let View::Table(t) = view {
            let entry = kinds.entry(t.kind.name.to_string()).or_default();
            entry.sort = t.sort.and_then(|s| {
                Some(SortMemory {
                    column: t.kind.columns.get(s.column)?.title.to_string(),
                    descending: !s.ascending,
                })
            });
        }
    }
    kinds.retain(|_, k| !k.is_empty());
    let view = state.stack.iter().find_map(|v| match v {
        View::Table(t) => Some(t.kind.name.to_string()),
        _ => None,
    });
    Remembered {
        view,
        kinds,
        filter_history: state.memory.filter_history.clone(),
        // Only what the history still holds.
        filter_regexes: state
            .memory
            .filter_regexes
            .iter()
            .filter(|r| state.memory.filter_history.contains(r))
            .cloned()
            .collect(),
        jq_history: newest(&state.jq_history),
        command_history: state.memory.command_history.clone(),
    }
}

/// The newest [`RECALL_LIMIT`] of a recall list.
fn newest(list: &[String]) -> Vec<String> {
    list[list.len().saturating_sub(RECALL_LIMIT)..].to_vec()
}

/// After a key: a save of the remembered state when it changed, for the account logged in.
pub fn after_update(state: &mut State) -> Option<Command> {
    let account = state.memory.account.as_deref()?;
    // Between an account switch and the new account's memory, nothing is saved: the old
    // memory must not land in the new account's file.
    if !matches!(&state.login, LoginState::LoggedIn(t) if t.account == account) {
        return None;
    }
    let now = snapshot(state);
    if state.memory.saved.as_ref() == Some(&now) {
        return None;
    }
    state.memory.saved = Some(now.clone());
    Some(Command::SaveState {
        account: account.to_string(),
        state: Box::new(now),
    })
}

/// The widths the table's columns get in `width` cells: the person's where set, the
/// catalog's otherwise. When not all fit, columns give way from the right, the first (the
/// item's name) last: a dropped column gets 0.
pub fn column_widths(kind: &Kind, memory: Option<&KindMemory>, width: u16) -> Vec<u16> {
    let custom = |title: &str| memory.and_then(|m| m.widths.get(title)).copied();
    let constraints: Vec<Constraint> = kind
        .columns
        .iter()
        .map(|c| match (custom(c.title), c.width) {
            (Some(w), _) => Constraint::Length(w),
            (None, Width::Fixed(n)) => Constraint::Length(n),
            (None, Width::Fill(weight)) => Constraint::Fill(weight),
        })
        .collect();
    let least = |i: usize, c: &Constraint| match c {
        Constraint::Length(w) if i == 0 => (*w).min(NAME_MIN),
        Constraint::Length(w) => *w,
        _ if i == 0 => NAME_MIN,
        _ => MIN_WIDTH,
    };
    let need = |n: usize| -> u32 {
        let cells: u32 = constraints[..n]
            .iter()
            .enumerate()
            .map(|(i, c)| u32::from(least(i, c)))
            .sum();
        cells + u32::from(COLUMN_SPACING) * n.saturating_sub(1) as u32
    };
    let solve = |n: usize| -> Vec<u16> {
        Layout::horizontal(constraints[..n].iter().copied())
            .spacing(COLUMN_SPACING)
            .split(Rect::new(0, 0, width, 1))
            .iter()
            .map(|r| r.width)
            .collect()
    };
    let first_least = constraints.first().map_or(0, |c| least(0, c)).min(width);
    let mut shown = constraints.len();
    let mut widths = solve(shown);
    // Another column sharing what is left can still squeeze the name: give way until it fits.
    while shown > 1
        && (need(shown) > u32::from(width) || widths.first().is_some_and(|&w| w < first_least))
    {
        shown -= 1;
        widths = solve(shown);
    }
    widths.resize(constraints.len(), 0);
    widths
}

/// `←` `→` choose a column, `<` `>` narrow or widen it, `=` puts every width back.
pub fn on_column_action(state: &mut State, action: Action) {
    let View::Table(t) = state.view() else {
        return;
    };
    let kind = t.kind;
    let columns = kind.columns.len();
    if columns == 0 {
        return;
    }
    let current = match state.memory.column {
        Some((k, c)) if k == kind.name => c.min(columns - 1),
        _ => t.sort.map_or(0, |s| s.column),
    };
    match action {
        Action::ColumnNext => state.memory.column = Some((kind.name, (current + 1) % columns)),
        Action::ColumnPrev => {
            state.memory.column = Some((kind.name, (current + columns - 1) % columns));
        }
        Action::WidenColumn | Action::NarrowColumn => {
            state.memory.column = Some((kind.name, current));
            let shown = column_widths(kind, state.memory.kind(kind), state.size.0)
                .get(current)
                .copied()
                .unwrap_or(MIN_WIDTH);
            let width = if action == Action::WidenColumn {
                shown.saturating_add(WIDTH_STEP).min(MAX_WIDTH)
            } else {
                shown.saturating_sub(WIDTH_STEP).max(MIN_WIDTH)
            };
            let title = kind.columns[current].title;
            state
                .memory
                .kinds
                .entry(kind.name.to_string())
                .or_default()
                .widths
                .insert(title.to_string(), width);
            state.flash_info(format!("{title}: {width} cells (= resets every column)"));
        }
        Action::ResetColumns => {
            if let Some(k) = state.memory.kinds.get_mut(kind.name) {
                k.widths.clear();
            }
            state.flash_info("column widths reset");
        }
        _ => {}
    }
}

/// `↑`/`↓` in the filter line walk the filters applied before (when the line is empty or
/// shows a recalled one; otherwise they move the selection); `enter` remembers the filter.
/// Returns `None` when the key is not for the history.
pub fn on_filter_key(state: &mut State, action: Action) -> Option<()> {
    let View::Table(t) = state.view_mut() else {
        return None;
    };
    let filter = t.filter.as_mut()?;
    let text = filter.input.value().to_string();
    let regex = filter.mode == Mode::Regex;
    let history = &state.memory.filter_history;
    if action == Action::Submit {
        let text = text.trim();
        if !text.is_empty() {
            remember(&mut state.memory.filter_history, text);
            let regexes = &mut state.memory.filter_regexes;
            regexes.retain(|r| r != text);
            if regex {
                regexes.push(text.to_string());
            }
        }
        state.memory.filter_recall = None;
        return None;
    }
    // The recall position holds only while the line still shows that filter.
    let position = state
        .memory
        .filter_recall
        .filter(|&p| history.get(p).is_some_and(|h| *h == text));
    let recalling = text.is_empty() || position.is_some();
    let (up, down) = match action {
        Action::Up if recalling => (true, false),
        Action::Down if recalling => (false, true),
        Action::RecallPrev => (true, false),
        Action::RecallNext => (false, true),
        _ => return None,
    };
    if history.is_empty() {
        return Some(());
    }
    let last = history.len() - 1;
    let next = match (up, down, position) {
        (true, _, None) => Some(last),
        (true, _, Some(p)) => Some(p.saturating_sub(1)),
        (_, true, Some(p)) if p < last => Some(p + 1),
        _ => None,
    };
    let value = next.map_or(String::new(), |p| history[p].clone());
    let mode = if state.memory.filter_regexes.contains(&value) {
        Mode::Regex
    } else {
        Mode::Fzf
    };
    state.memory.filter_recall = next;
    let height = state.layout().page();
    if let View::Table(t) = state.view_mut() {
        if let Some(f) = t.filter.as_mut() {
            f.input = super::input::TextInput::new(&value);
            // A recalled filter comes back in the mode it was applied in.
            if next.is_some() {
                f.mode = mode;
            }
        }
        t.filter_changed("", height);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, CLOUD_INTEGRATIONS};
    use crate::auth::TokenStatus;

    fn logged_in(account: &str) -> State {
        let mut state = State::new(account, (120, 30), 0);
        state.login = LoginState::LoggedIn(Box::new(TokenStatus {
            account: account.into(),
            ..Default::default()
        }));
        state
    }

    #[test]
    fn snapshot_and_restore_round_trip_view_sort_and_widths() {
        let mut state = logged_in("prod");
        let (memory, _) = Memory::loaded("prod".into(), Remembered::default());
        state.memory = memory;
        let mut table = TableView::new(&ALERTS);
        table.sort = Some(Sort {
            column: 1,
            ascending: false,
        });
        state.stack[0] = View::Table(Box::new(table));
        on_column_action(&mut state, Action::ColumnNext);
        on_column_action(&mut state, Action::WidenColumn);
        state.jq_history.push(".name".into());
        let saved = snapshot(&state);
        assert_eq!(saved.view.as_deref(), Some("alert"));
        let alert = &saved.kinds["alert"];
        assert_eq!(alert.sort.as_ref().unwrap().column, ALERTS.columns[1].title);
        assert!(alert.sort.as_ref().unwrap().descending);
        // The column after the sort column was widened.
        assert!(alert.widths.contains_key(ALERTS.columns[2].title));

        let mut fresh = logged_in("prod");
        assert_eq!(fresh.stack.len(), 1);
        restore(&mut fresh, "prod".into(), saved.clone());
        let View::Table(t) = fresh.view() else {
            panic!()
        };
        assert_eq!(t.kind.name, "alert");
        assert_eq!(
            t.sort,
            Some(Sort {
                column: 1,
                ascending: false
            })
        );
        assert_eq!(fresh.jq_history, vec![".name".to_string()]);
        assert_eq!(snapshot(&fresh), saved);
        // Nothing changed since the load: nothing to save.
        assert!(after_update(&mut fresh).is_none());
    }

    #[test]
    fn saves_only_changes_and_only_for_the_account_logged_in() {
        let mut state = logged_in("prod");
        assert!(
            after_update(&mut state).is_none(),
            "no memory loaded: session only"
        );
        restore(&mut state, "prod".into(), Remembered::default());
        assert!(after_update(&mut state).is_none());
        if let View::Table(t) = state.view_mut() {
            t.cycle_sort(true, 10);
        }
        let Some(Command::SaveState {
            account,
            state: saved,
        }) = after_update(&mut state)
        else {
            panic!("a change is saved")
        };
        assert_eq!(account, "prod");
        assert!(saved.kinds[CLOUD_INTEGRATIONS.name].sort.is_some());
        assert!(after_update(&mut state).is_none(), "saved once");
        state.login = LoginState::Pending {
            account: "other".into(),
        };
        if let View::Table(t) = state.view_mut() {
            t.cycle_sort(true, 10);
        }
        assert!(
            after_update(&mut state).is_none(),
            "mid-switch: nothing saved"
        );
    }

    /// At 40 or 50 columns the name was the first to go (none, or `a…`): now the columns on
    /// its right give way first, from the last.
    #[test]
    fn narrow_tables_keep_the_name_and_drop_from_the_right() {
        for kind in crate::api::catalog::KINDS {
            for width in [30u16, 40, 50, 60] {
                let widths = column_widths(kind, None, width);
                assert_eq!(widths.len(), kind.columns.len());
                assert!(
                    widths[0] >= NAME_MIN.min(width),
                    "{} at {width}: {widths:?}",
                    kind.name
                );
                // What is dropped is a run at the right end.
                let shown = widths.iter().take_while(|&&w| w > 0).count();
                assert!(widths[shown..].iter().all(|&w| w == 0), "{widths:?}");
                let used: u32 = widths.iter().map(|&w| u32::from(w)).sum::<u32>()
                    + u32::from(COLUMN_SPACING) * (shown as u32).saturating_sub(1);
                assert!(
                    used <= u32::from(width),
                    "{} at {width}: {widths:?}",
                    kind.name
                );
            }
            let wide = column_widths(kind, None, 400);
            assert!(wide.iter().all(|&w| w > 0), "{}: {wide:?}", kind.name);
        }
    }

    #[test]
    fn widths_change_by_steps_within_bounds_and_reset() {
        let mut state = logged_in("prod");
        let kind = &CLOUD_INTEGRATIONS;
        let before = column_widths(kind, None, 120)[0];
        on_column_action(&mut state, Action::WidenColumn);
        let after = column_widths(kind, state.memory.kind(kind), 120)[0];
        assert_eq!(after, before + WIDTH_STEP);
        for _ in 0..200 {
            on_column_action(&mut state, Action::NarrowColumn);
        }
        assert_eq!(
            column_widths(kind, state.memory.kind(kind), 120)[0],
            MIN_WIDTH
        );
        on_column_action(&mut state, Action::ResetColumns);
        assert_eq!(column_widths(kind, state.memory.kind(kind), 120)[0], before);
        on_column_action(&mut state, Action::ColumnPrev);
        assert_eq!(
            state.memory.column,
            Some((kind.name, kind.columns.len() - 1))
        );
    }

    fn key(code: crossterm::event::KeyCode, ctrl: bool) -> crate::app::Msg {
        use crossterm::event::{KeyEvent, KeyModifiers};
        let mods = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        crate::app::Msg::Key(KeyEvent::new(code, mods))
    }

    fn filter_text(state: &State) -> String {
        match state.view() {
            View::Table(t) => t
                .filter
                .as_ref()
                .map_or("-".into(), |f| f.input.value().into()),
            _ => "-".into(),
        }
    }

    #[test]
    fn filter_history_is_recorded_and_recalled() {
        use crate::app::update;
        use crossterm::event::KeyCode as K;
        let mut state = logged_in("prod");
        for text in ["web", "db"] {
            update(&mut state, key(K::Char('/'), false));
            for c in text.chars() {
                update(&mut state, key(K::Char(c), false));
            }
            update(&mut state, key(K::Enter, false));
            update(&mut state, key(K::Esc, false));
        }
        assert_eq!(state.memory.filter_history, vec!["web", "db"]);
        update(&mut state, key(K::Char('/'), false));
        update(&mut state, key(K::Up, false));
        assert_eq!(filter_text(&state), "db");
        update(&mut state, key(K::Up, false));
        assert_eq!(filter_text(&state), "web");
        update(&mut state, key(K::Down, false));
        assert_eq!(filter_text(&state), "db");
        // Typed text: up and down move the selection again; ctrl-p still recalls.
        update(&mut state, key(K::Char('x'), false));
        update(&mut state, key(K::Up, false));
        assert_eq!(filter_text(&state), "dbx");
        update(&mut state, key(K::Char('p'), true));
        assert_eq!(filter_text(&state), "db");
        update(&mut state, key(K::Char('n'), true));
        assert_eq!(filter_text(&state), "");
    }

    /// A regex recalled with `↑` came back as fzf syntax, and matched something else.
    #[test]
    fn a_recalled_regex_comes_back_as_a_regex() {
        use crate::app::update;
        use crossterm::event::KeyCode as K;
        let mut state = logged_in("prod");
        let mode = |s: &State| match s.view() {
            View::Table(t) => t.filter_mode(),
            _ => None,
        };
        update(&mut state, key(K::Char('/'), false));
        update(&mut state, key(K::Char('r'), true));
        for c in "^web-\\d+".chars() {
            update(&mut state, key(K::Char(c), false));
        }
        update(&mut state, key(K::Enter, false));
        update(&mut state, key(K::Esc, false));
        update(&mut state, key(K::Char('/'), false));
        for c in "db".chars() {
            update(&mut state, key(K::Char(c), false));
        }
        update(&mut state, key(K::Enter, false));
        update(&mut state, key(K::Esc, false));
        update(&mut state, key(K::Char('/'), false));
        update(&mut state, key(K::Up, false));
        assert_eq!(
            (filter_text(&state).as_str(), mode(&state)),
            ("db", Some(Mode::Fzf))
        );
        update(&mut state, key(K::Up, false));
        assert_eq!(
            (filter_text(&state).as_str(), mode(&state)),
            ("^web-\\d+", Some(Mode::Regex))
        );
        let saved = snapshot(&state);
        assert_eq!(saved.filter_regexes, vec!["^web-\\d+"]);
    }
}
