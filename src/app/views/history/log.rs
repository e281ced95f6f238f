//! The request history as the UI holds it (`:history`): the newest requests the worker
//! reported, replay and copy as curl.

use std::collections::{HashSet, VecDeque};

use crate::api::InstanceAddress;
use crate::api::history::{HISTORY_LIMIT, HistoryEntry};
use crate::worker::Command;

use crate::app::state::{State, View};
use crate::app::views::inspector::Inspector;

#[derive(Debug, Default)]
pub struct RequestLog {
    /// Oldest first, at most [`HISTORY_LIMIT`].
    pub entries: VecDeque<HistoryEntry>,
    /// The instance the requests went to (for curl); set at login.
    pub base: Option<InstanceAddress>,
    /// `false` when the history is switched off.
    pub enabled: bool,
    /// The entries a list's auto-refresh sent (by time and path), hidden by default. Only this
    /// session's are known: the worker records requests without knowing who asked.
    pub auto: HashSet<(i64, String)>,
    /// The request of the auto-refresh in flight: what is recorded meanwhile is its.
    pub auto_request: Option<crate::worker::RequestId>,
}

impl RequestLog {
    pub fn push(&mut self, entry: HistoryEntry) {
        self.push_marked(entry, false);
    }

    fn push_marked(&mut self, entry: HistoryEntry, auto: bool) {
        if self.entries.len() >= HISTORY_LIMIT {
            if let Some(old) = self.entries.pop_front() {
                self.auto.remove(&(old.at_ms, old.path));
            }
        }
        if auto {
            self.auto.insert((entry.at_ms, entry.path.clone()));
        }
        self.entries.push_back(entry);
    }

    /// Whether a list's auto-refresh sent it.
    pub fn is_auto(&self, entry: &HistoryEntry) -> bool {
        !self.auto.is_empty() && self.auto.contains(&(entry.at_ms, entry.path.clone()))
    }

    /// The `n`-th newest entry (the view lists newest first).
    pub fn newest(&self, n: usize) -> Option<&HistoryEntry> {
        self.entries.iter().rev().nth(n)
    }
}

#[derive(Debug, Default)]
pub struct HistoryView {
    /// Index in the shown entries (newest first).
    pub selected: usize,
    pub offset: usize,
    /// The `/` filter, while typed or applied.
    pub filter: Option<super::filter::HistoryFilter>,
    /// Whether the lists' auto-refresh requests show (they are left out by default).
    pub show_auto: bool,
}

/// The app's timer just refreshed the list on screen: what it sent until its answer comes is
/// an auto-refresh.
pub fn auto_refresh_started(state: &mut State) {
    state.history.auto_request = state.view().waiting_for();
}

/// A request the worker recorded: an auto-refresh's while the view still waits for it.
pub fn record(state: &mut State, entry: HistoryEntry) {
    let auto = state
        .history
        .auto_request
        .is_some_and(|id| state.stack.iter().any(|v| v.waiting_for() == Some(id)));
    if !auto {
        state.history.auto_request = None;
    }
    // The firing watch's poll of the counts is no view's wait: its timer says.
    let auto = auto || state.firing.polling(&entry.path);
    // So is the merged console's timer read of the current account.
    let auto = auto || crate::app::views::firing::fleet::polling(state);
    state.history.push_marked(entry, auto);
}

/// `:history`.
pub fn open(state: &mut State) {
    if !state.history.enabled {
        state.flash_error(
            "the request history is off (--no-history, WF_TUI_HISTORY=off, or history = false)",
        );
        return;
    }
    if matches!(state.view(), View::History(_)) {
        return;
    }
    state.stack.push(View::History(HistoryView::default()));
}

fn selected(state: &State) -> Option<HistoryEntry> {
    match state.view() {
        View::History(v) => v
            .shown(&state.history)
            .get(v.selected)
            .map(|e| (*e).clone()),
        _ => None,
    }
}

/// `enter`: a read is sent again and its answer opens in the inspector; a change opens the
/// confirmation first.
pub fn replay(state: &mut State) -> Vec<Command> {
    let Some(entry) = selected(state) else {
        return Vec::new();
    };
    let Some(request) = entry.request() else {
        state.flash_error(
            "its body was not recorded (history_bodies is off), so it cannot be sent again: C copies it as curl",
        );
        return Vec::new();
    };
    // Refused before asking, as the action menu does (the worker refuses it too).
    if let Some(message) = state.read_only.refusal(&request) {
        state.flash_error(message);
        return Vec::new();
    }
    if entry.is_read() {
        return send(state, &entry);
    }
    state.confirm = Some(crate::app::overlays::confirm::Confirm::replay(entry));
    Vec::new()
}

/// Sends `entry` again; its answer opens in the inspector.
pub(crate) fn send(state: &mut State, entry: &HistoryEntry) -> Vec<Command> {
    let Some(request) = entry.request() else {
        return Vec::new();
    };
    let id = state.next_request_id();
    let view = Inspector::loading(entry.label(), "sent again from the history".into(), id);
    state.stack.push(View::Detail(Box::new(view)));
    vec![Command::Replay {
        id,
        request: Box::new(request),
    }]
}

/// `C`: the request as a curl command (the token as `$WAVEFRONT_TOKEN`), to the clipboard.
pub fn copy_curl(state: &mut State) -> Vec<Command> {
    let Some(entry) = selected(state) else {
        return Vec::new();
    };
    let Some(base) = state.history.base.clone() else {
        state.flash_error("no instance: log in first");
        return Vec::new();
    };
    let Some(request) = entry.request() else {
        state.flash_error("its body was not recorded (history_bodies is off): no curl for it");
        return Vec::new();
    };
    state.flash_info(format!(
        "copied {} as curl (the token comes from $WAVEFRONT_TOKEN)",
        entry.label()
    ));
    vec![Command::Copy(request.curl(&base))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Action;
    use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

    /// A key through `update`, as the terminal sends it.
    fn press(state: &mut State, c: char) -> Vec<Command> {
        crate::app::update(state, crate::app::Msg::Key(key(c)))
    }

    fn entry(method: &str, path: &str, at: i64) -> HistoryEntry {
        HistoryEntry {
            at_ms: at,
            method: method.into(),
            path: path.into(),
            query: Vec::new(),
            status: Some(200),
            duration_ms: 3,
            bytes: 40,
            had_body: false,
            body: None,
        }
    }

    fn state_with(entries: &[HistoryEntry]) -> State {
        let mut state = State::new("prod", (100, 30), 0);
        state.history.enabled = true;
        state.history.base = Some(crate::api::parse_address("acme.wavefront.com").unwrap());
        for e in entries {
            state.history.push(e.clone());
        }
        open(&mut state);
        state
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn the_log_is_bounded_and_lists_newest_first() {
        let mut log = RequestLog::default();
        for i in 0..(HISTORY_LIMIT as i64 + 3) {
            log.push(entry("GET", "/api/v2/alert", i));
        }
        assert_eq!(log.entries.len(), HISTORY_LIMIT);
        assert_eq!(log.newest(0).unwrap().at_ms, HISTORY_LIMIT as i64 + 2);
    }

    #[test]
    fn a_read_replays_into_the_inspector_and_copies_as_curl() {
        let mut state = state_with(&[
            entry("DELETE", "/api/v2/alert/9", 1),
            entry("GET", "/api/v2/alert/1", 2),
        ]);
        let commands = copy_curl(&mut state);
        assert!(
            matches!(&commands[..], [Command::Copy(c)] if c == "curl 'https://acme.wavefront.com/api/v2/alert/1' -H 'Accept: application/json' -H \"Authorization: Bearer $WAVEFRONT_TOKEN\""),
            "{commands:?}"
        );
        let commands = replay(&mut state);
        assert!(
            matches!(&commands[..], [Command::Replay { request, .. }] if request.to_string() == "GET /api/v2/alert/1"),
            "{commands:?}"
        );
        assert!(matches!(state.view(), View::Detail(_)));
    }

    #[test]
    fn a_change_is_shown_first_and_sent_only_on_y() {
        let mut state = state_with(&[
            entry("DELETE", "/api/v2/alert/9", 1),
            entry("GET", "/api/v2/alert/1", 2),
        ]);
        crate::app::views::on_action(&mut state, Action::Down);
        assert!(replay(&mut state).is_empty());
        let asked = state.confirm.as_ref().expect("the confirmation is open");
        assert_eq!(asked.requests()[0].to_string(), "DELETE /api/v2/alert/9");
        assert_eq!(press(&mut state, 'n').len(), 0);
        assert!(state.confirm.is_none(), "any other key keeps it");
        assert_eq!(state.flash.as_ref().unwrap().text, "not sent");
        assert!(matches!(state.view(), View::History(_)));
        replay(&mut state);
        let commands = press(&mut state, 'y');
        assert!(
            matches!(&commands[..], [Command::Replay { request, .. }] if request.is_mutation()),
            "{commands:?}"
        );
    }

    #[test]
    fn read_only_refuses_a_change_before_asking_and_still_replays_reads() {
        let mut state = state_with(&[
            entry("GET", "/api/v2/alert/1", 1),
            entry("DELETE", "/api/v2/alert/9", 2),
        ]);
        state.read_only.flag = true;
        // Newest first: the DELETE is selected.
        assert!(replay(&mut state).is_empty());
        let flash = state.flash.clone().unwrap();
        assert!(flash.text.contains("read-only"), "{}", flash.text);
        assert!(state.confirm.is_none(), "nothing waits");
        crate::app::views::on_action(&mut state, Action::Down);
        assert!(matches!(&replay(&mut state)[..], [Command::Replay { .. }]));
    }

    #[test]
    fn a_request_whose_body_was_not_kept_is_not_replayed() {
        let mut search = entry("POST", "/api/v2/search/alert", 1);
        search.had_body = true;
        let mut state = state_with(&[search]);
        assert!(replay(&mut state).is_empty());
        assert!(copy_curl(&mut state).is_empty());
        assert!(state.flash.as_ref().unwrap().text.contains("not recorded"));
    }

    #[test]
    fn off_means_no_view() {
        let mut state = State::new("prod", (100, 30), 0);
        state.history.enabled = false;
        open(&mut state);
        assert!(!matches!(state.view(), View::History(_)));
        assert!(state.flash.as_ref().unwrap().text.contains("off"));
    }
}
