//! Multi-key bindings (`g g`), scope names as the settings file writes them, and the changes the
//! settings file makes to the default keymap. A sequence waits for its next key with no timeout:
//! a key that continues no sequence ends the wait and is handled on its own (`esc` only ends it).

use crossterm::event::{KeyCode, KeyEvent};

use super::{Action, Binding, KeyChord, Keymap, Scope};

impl Scope {
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}

/// A binding of two or more keys pressed one after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub scope: Scope,
    pub keys: Vec<KeyChord>,
    pub action: Action,
}

/// What a key press means, given the keys already waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStep {
    /// The key begins or continues a sequence: wait for the next.
    Pending,
    Action(Action),
    /// No binding (text scopes take the key as text).
    Unbound,
    /// `esc` while a sequence waited: the wait ends, nothing else happens.
    Cancelled,
}

/// The text of a key sequence, as the help overlay and the footer show it.
pub fn label(keys: &[KeyChord]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    pub fn sequences(&self) -> &[Sequence] {
        &self.sequences
    }

    /// The action bound to exactly these keys in this scope (no global fallback).
    pub fn bound(&self, scope: Scope, keys: &[KeyChord]) -> Option<Action> {
        match keys {
            [one] => self
                .bindings
                .iter()
                .find(|b| b.scope == scope && b.key == *one)
                .map(|b| b.action),
            _ => self
                .sequences
                .iter()
                .find(|s| s.scope == scope && s.keys == keys)
                .map(|s| s.action),
        }
    }

    /// Whether `keys` begin a longer sequence in this scope.
    pub fn is_prefix(&self, scope: Scope, keys: &[KeyChord]) -> bool {
        self.sequences
            .iter()
            .any(|s| s.scope == scope && s.keys.len() > keys.len() && s.keys.starts_with(keys))
    }

    /// Removes every key of `action` in `scope`.
    pub fn unbind_action(&mut self, scope: Scope, action: Action) {
        self.bindings
            .retain(|b| !(b.scope == scope && b.action == action));
        self.sequences
            .retain(|s| !(s.scope == scope && s.action == action));
    }

    /// Removes whatever `keys` are bound to in `scope`.
    pub fn unbind_keys(&mut self, scope: Scope, keys: &[KeyChord]) {
        match keys {
            [one] => self
                .bindings
                .retain(|b| !(b.scope == scope && b.key == *one)),
            _ => self
                .sequences
                .retain(|s| !(s.scope == scope && s.keys == keys)),
        }
    }

    pub fn bind(&mut self, scope: Scope, keys: Vec<KeyChord>, action: Action) {
        match keys.as_slice() {
            [] => {}
            [one] => self.bindings.push(Binding {
                scope,
                key: *one,
                action,
            }),
            _ => self.sequences.push(Sequence {
                scope,
                keys,
                action,
            }),
        }
    }

    /// Where a key is looked up, first to last: the scope's own keys, then the global ones,
    /// which never reach a scope that takes text (the form, a filter).
    fn scopes(scope: Scope) -> impl Iterator<Item = Scope> + Clone {
        let global = scope != Scope::Global && !scope.takes_text();
        std::iter::once(scope).chain(global.then_some(Scope::Global))
    }

    fn step_keys(&self, scope: Scope, keys: &[KeyChord]) -> Option<KeyStep> {
        for s in Self::scopes(scope) {
            if let Some(action) = self.bound(s, keys) {
                return Some(KeyStep::Action(action));
            }
            if self.is_prefix(s, keys) {
                return Some(KeyStep::Pending);
            }
        }
        None
    }

    /// What `key` means in `scope` after the `pending` keys; updates `pending`.
    pub fn resolve(&self, scope: Scope, pending: &mut Vec<KeyChord>, key: &KeyEvent) -> KeyStep {
        let chord = KeyChord::from_event(key);
        if !pending.is_empty() {
            if chord == KeyChord::plain(KeyCode::Esc) {
                pending.clear();
                return KeyStep::Cancelled;
            }
            let mut keys = pending.clone();
            keys.push(chord);
            match self.step_keys(scope, &keys) {
                Some(KeyStep::Pending) => {
                    *pending = keys;
                    return KeyStep::Pending;
                }
                Some(step) => {
                    pending.clear();
                    return step;
                }
                // Not a continuation: the wait ends and the key counts on its own.
                None => pending.clear(),
            }
        }
        match self.step_keys(scope, &[chord]) {
            Some(KeyStep::Pending) => {
                pending.push(chord);
                KeyStep::Pending
            }
            // A key that acts alone and also begins sequences (`y`, then `y s`): it acts now
            // and waits for the next key, which, continuing none, counts on its own.
            Some(KeyStep::Action(action)) => {
                if Self::scopes(scope).any(|s| self.is_prefix(s, &[chord])) {
                    pending.push(chord);
                }
                KeyStep::Action(action)
            }
            Some(step) => step,
            None => KeyStep::Unbound,
        }
    }

    /// Every key (or sequence) that reaches `action` in `scope`, as text.
    pub fn labels(&self, scope: Scope, action: Action) -> Vec<String> {
        let mut labels: Vec<String> = self
            .keys(scope, action)
            .iter()
            .map(ToString::to_string)
            .collect();
        for s in Self::scopes(scope) {
            for seq in self
                .sequences
                .iter()
                .filter(|q| q.scope == s && q.action == action)
            {
                // A global sequence is shadowed where the scope binds its first key.
                if s != scope && self.bound(scope, &seq.keys[..1]).is_some() {
                    continue;
                }
                let text = label(&seq.keys);
                if !labels.contains(&text) {
                    labels.push(text);
                }
            }
        }
        labels
    }

    /// Every action reachable in a scope with its keys as text, for the help overlay.
    pub fn labeled_entries(&self, scope: Scope) -> Vec<(Action, Vec<String>)> {
        let reaches = |s: Scope| Self::scopes(scope).any(|x| x == s);
        let mut actions: Vec<Action> = Vec::new();
        let from_bindings = self.bindings.iter().map(|b| (b.scope, b.action));
        let from_sequences = self.sequences.iter().map(|s| (s.scope, s.action));
        for (s, action) in from_bindings.chain(from_sequences) {
            if reaches(s) && !actions.contains(&action) {
                actions.push(action);
            }
        }
        // Rebound actions keep their usual place in the overlay (the default keymap's order).
        let defaults = Keymap::default();
        let rank = |a: Action| {
            let bound = defaults.bindings.iter().position(|b| b.action == a);
            let chord = || {
                let s = defaults.sequences.iter().position(|s| s.action == a)?;
                // A chord-only action follows the action of its first key.
                let first = defaults.sequences[s].keys[0];
                let lead = defaults.bindings.iter().position(|b| b.key == first)?;
                Some(lead)
            };
            bound.or_else(chord).unwrap_or(usize::MAX)
        };
        actions.sort_by_key(|&a| rank(a));
        actions
            .into_iter()
            .map(|a| (a, self.labels(scope, a)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }

    /// The sequences that continue the `pending` keys: (the keys still to press, the action).
    pub fn continuations(&self, scope: Scope, pending: &[KeyChord]) -> Vec<(String, Action)> {
        let mut out = Vec::new();
        for s in Self::scopes(scope) {
            for seq in &self.sequences {
                if seq.scope == s && seq.keys.len() > pending.len() && seq.keys.starts_with(pending)
                {
                    out.push((label(&seq.keys[pending.len()..]), seq.action));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::parse_keys;
    use crossterm::event::{KeyEventKind, KeyEventState, KeyModifiers};

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn every_action_has_a_name_that_reads_back() {
        for &a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(a));
        }
        for &s in Scope::ALL {
            assert_eq!(Scope::from_name(&s.name()), Some(s));
        }
        // A new action must be added to ALL: this match fails to compile until it is.
        let count = |a: Action| match a {
            Action::Quit
            | Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
            | Action::Open
            | Action::Back
            | Action::Refresh
            | Action::Help
            | Action::Command
            | Action::TokenStatus
            | Action::Accounts
            | Action::Add
            | Action::Edit
            | Action::Remove
            | Action::SetDefault
            | Action::Import
            | Action::Filter
            | Action::SortNext
            | Action::SortPrev
            | Action::PauseRefresh
            | Action::NextField
            | Action::PrevField
            | Action::Submit
            | Action::ToggleSecretsFile
            | Action::Collapse
            | Action::Expand
            | Action::ToggleFold
            | Action::FoldAll
            | Action::UnfoldAll
            | Action::FoldLevel
            | Action::UnfoldLevel
            | Action::Search
            | Action::NextMatch
            | Action::PrevMatch
            | Action::Wrap
            | Action::ShowWhole
            | Action::CopyValue
            | Action::CopyPath
            | Action::CopyValueLine
            | Action::CopyString
            | Action::CopyKey
            | Action::CopyBracketPath
            | Action::CopyQueryPath
            | Action::JqFilter
            | Action::ToggleMouse
            | Action::Actions
            | Action::ToggleMark
            | Action::MarkAll
            | Action::ClearMarks
            | Action::CopyCurl
            | Action::Confirm
            | Action::RetryFailed
            | Action::ColumnNext
            | Action::ColumnPrev
            | Action::WidenColumn
            | Action::NarrowColumn
            | Action::ResetColumns
            | Action::RecallPrev
            | Action::RecallNext
            | Action::ToggleRegex
            | Action::Chart
            | Action::Window1h
            | Action::Window6h
            | Action::Window1d
            | Action::Window1w
            | Action::CycleGranularity
            | Action::ToggleNumbers
            | Action::NextExpression
            | Action::ColumnLeft
            | Action::ColumnRight
            | Action::SubmitForm
            | Action::ShowAutoRefresh
            | Action::ToggleUtc
            | Action::TypeWindow
            | Action::EditQuery
            | Action::Inspect
            | Action::PrevFiring
            | Action::NextFiring
            | Action::NextPane
            | Action::PrevPane
            | Action::CycleEvents
            | Action::PrevEvent
            | Action::NextEvent
            | Action::Firing
            | Action::EditItem
            | Action::NewItem
            | Action::CloneItem
            | Action::DeleteItem
            | Action::History
            | Action::Revert
            | Action::CopyVersion
            | Action::Restore
            | Action::DiffVersion
            | Action::Promote
            | Action::NextSection
            | Action::PrevSection
            | Action::ZoomPanel
            | Action::ToggleFavorite
            | Action::NextVariable
            | Action::NextChoice
            | Action::PrevChoice
            | Action::TypeVariable
            | Action::PickVariable
            | Action::ScrollPanelDown
            | Action::ScrollPanelUp => 1,
        };
        assert_eq!(Action::ALL.iter().map(|&a| count(a)).sum::<usize>(), 108);
    }

    #[test]
    fn a_sequence_waits_then_acts_and_a_stray_key_counts_alone() {
        let mut km = Keymap::default();
        km.unbind_action(Scope::Table, Action::Top);
        km.bind(Scope::Table, parse_keys("g g").unwrap(), Action::Top);
        let mut pending = Vec::new();
        let g = press(KeyCode::Char('g'));
        assert_eq!(km.resolve(Scope::Table, &mut pending, &g), KeyStep::Pending);
        assert_eq!(pending, vec![KeyChord::ch('g')]);
        assert_eq!(
            km.continuations(Scope::Table, &pending),
            vec![("g".to_string(), Action::Top)]
        );
        assert_eq!(
            km.resolve(Scope::Table, &mut pending, &g),
            KeyStep::Action(Action::Top)
        );
        assert!(pending.is_empty());
        // g then j: the wait ends and j moves down.
        km.resolve(Scope::Table, &mut pending, &g);
        assert_eq!(
            km.resolve(Scope::Table, &mut pending, &press(KeyCode::Char('j'))),
            KeyStep::Action(Action::Down)
        );
        assert!(pending.is_empty());
        // esc only ends the wait.
        km.resolve(Scope::Table, &mut pending, &g);
        assert_eq!(
            km.resolve(Scope::Table, &mut pending, &press(KeyCode::Esc)),
            KeyStep::Cancelled
        );
        assert!(pending.is_empty());
        assert_eq!(km.labels(Scope::Table, Action::Top), vec!["g g"]);
        let entries = km.labeled_entries(Scope::Table);
        assert!(entries.contains(&(Action::Top, vec!["g g".into()])));
    }
}
