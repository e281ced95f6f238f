//! Named actions and the keys bound to them. The help overlay and the footer are generated from
//! the live [`Keymap`], so they always tell the truth.

use crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

mod action;
mod chord;
mod sequences;
pub use action::Action;
pub use chord::{KeyChord, parse_chord, parse_keys};
pub use sequences::{KeyStep, Sequence, label as sequences_label};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Global,
    Table,
    Detail,
    Help,
    Methods,
    Form,
    Accounts,
    Token,
    /// Typing a table filter.
    Filter,
    /// The actions menu, a confirmation, a running or finished action.
    Confirm,
    /// The request history.
    History,
    /// A chart (or its numbers).
    Chart,
    /// The alert viewer.
    Alert,
    /// An item's version history.
    Versions,
    /// Two versions' diff.
    Diff,
    /// The dashboard player.
    Dashboard,
    /// The metrics tree (`:metrics`).
    Metrics,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::Global,
        Scope::Table,
        Scope::Detail,
        Scope::Help,
        Scope::Methods,
        Scope::Form,
        Scope::Accounts,
        Scope::Token,
        Scope::Filter,
        Scope::Confirm,
        Scope::History,
        Scope::Chart,
        Scope::Alert,
        Scope::Versions,
        Scope::Diff,
        Scope::Dashboard,
        Scope::Metrics,
    ];

    /// Text-entry scopes take printable keys as text: global bindings do not reach them.
    pub fn takes_text(self) -> bool {
        matches!(self, Scope::Form | Scope::Filter)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub scope: Scope,
    pub key: KeyChord,
    pub action: Action,
}

/// The live bindings, looked up most specific scope first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
    /// Multi-key bindings (`g g`), from the settings file.
    sequences: Vec<Sequence>,
}

impl Default for Keymap {
    /// Vim keys and arrows.
    fn default() -> Self {
        use Action::*;
        use KeyCode as K;
        let b = |scope, key, action| Binding { scope, key, action };
        let g = Scope::Global;
        let mut bindings = vec![
            b(g, KeyChord::ch('q'), Quit),
            b(g, KeyChord::ctrl('c'), Quit),
            b(g, KeyChord::ch('?'), Help),
            b(g, KeyChord::plain(K::Esc), Back),
            b(g, KeyChord::ch(':'), Command),
            b(g, KeyChord::ch('t'), TokenStatus),
            b(g, KeyChord::ch('A'), Accounts),
            b(g, KeyChord::ch('M'), ToggleMouse),
            b(g, KeyChord::ch('Z'), ToggleUtc),
            b(g, KeyChord::ch('!'), Firing),
        ];
        for scope in [
            Scope::Table,
            Scope::Detail,
            Scope::Help,
            Scope::Methods,
            Scope::Accounts,
            Scope::History,
            Scope::Versions,
            Scope::Diff,
            Scope::Metrics,
        ] {
            bindings.extend([
                b(scope, KeyChord::ch('k'), Up),
                b(scope, KeyChord::plain(K::Up), Up),
                b(scope, KeyChord::ch('j'), Down),
                b(scope, KeyChord::plain(K::Down), Down),
                b(scope, KeyChord::ch('g'), Top),
                b(scope, KeyChord::plain(K::Home), Top),
                b(scope, KeyChord::ch('G'), Bottom),
                b(scope, KeyChord::plain(K::End), Bottom),
                b(scope, KeyChord::plain(K::PageUp), PageUp),
                b(scope, KeyChord::ctrl('b'), PageUp),
                b(scope, KeyChord::plain(K::PageDown), PageDown),
                b(scope, KeyChord::ctrl('f'), PageDown),
            ]);
        }
        bindings.extend([
            b(Scope::Table, KeyChord::plain(K::Enter), Open),
            b(Scope::Table, KeyChord::ch('r'), Refresh),
            b(Scope::Table, KeyChord::ch('/'), Filter),
            b(Scope::Table, KeyChord::ch('s'), SortNext),
            b(Scope::Table, KeyChord::ch('S'), SortPrev),
            b(Scope::Table, KeyChord::ch('p'), PauseRefresh),
            b(Scope::Filter, KeyChord::plain(K::Enter), Submit),
            b(Scope::Filter, KeyChord::plain(K::Esc), Back),
            b(Scope::Filter, KeyChord::plain(K::Down), Down),
            b(Scope::Filter, KeyChord::plain(K::Up), Up),
            b(Scope::Filter, KeyChord::ctrl('c'), Quit),
            b(Scope::Table, KeyChord::ctrl('r'), Refresh),
            b(Scope::Detail, KeyChord::ch('h'), Collapse),
            b(Scope::Detail, KeyChord::plain(K::Left), Collapse),
            b(Scope::Detail, KeyChord::ch('l'), Expand),
            b(Scope::Detail, KeyChord::plain(K::Right), Expand),
            b(Scope::Detail, KeyChord::ch(' '), ToggleFold),
            b(Scope::Detail, KeyChord::ch('H'), FoldAll),
            b(Scope::Detail, KeyChord::ch('L'), UnfoldAll),
            b(Scope::Detail, KeyChord::ch('<'), FoldLevel),
            b(Scope::Detail, KeyChord::ch('>'), UnfoldLevel),
            b(Scope::Detail, KeyChord::ch('/'), Search),
            b(Scope::Detail, KeyChord::ch('n'), NextMatch),
            b(Scope::Detail, KeyChord::ch('N'), PrevMatch),
            b(Scope::Detail, KeyChord::ch('w'), Wrap),
            b(Scope::Detail, KeyChord::ch('v'), ShowWhole),
            b(Scope::Detail, KeyChord::plain(K::Enter), ShowWhole),
            b(Scope::Detail, KeyChord::ch('y'), CopyValue),
            b(Scope::Detail, KeyChord::ch('Y'), CopyPath),
            b(Scope::Detail, KeyChord::ch('|'), JqFilter),
            b(Scope::Help, KeyChord::ch('q'), Back),
            b(Scope::Methods, KeyChord::plain(K::Enter), Open),
            b(Scope::Methods, KeyChord::ch('i'), Import),
            b(Scope::Methods, KeyChord::ctrl('o'), ToggleSecretsFile),
            b(Scope::Accounts, KeyChord::plain(K::Enter), Open),
            b(Scope::Accounts, KeyChord::ch('a'), Add),
            b(Scope::Accounts, KeyChord::ch('e'), Edit),
            b(Scope::Accounts, KeyChord::ch('d'), Remove),
            b(Scope::Accounts, KeyChord::ch('s'), SetDefault),
            b(Scope::Accounts, KeyChord::ch('i'), Import),
            b(Scope::Token, KeyChord::ch('r'), Refresh),
            b(Scope::Form, KeyChord::plain(K::Tab), NextField),
            b(Scope::Form, KeyChord::plain(K::Down), NextField),
            b(Scope::Form, KeyChord::plain(K::BackTab), PrevField),
            b(Scope::Form, KeyChord::plain(K::Up), PrevField),
            b(Scope::Form, KeyChord::plain(K::Enter), Submit),
            // Terminals send alt-enter as one key; ctrl-enter only with the kitty protocol.
            b(
                Scope::Form,
                KeyChord {
                    code: K::Enter,
                    mods: crossterm::event::KeyModifiers::ALT,
                },
                SubmitForm,
            ),
            b(Scope::Form, KeyChord::ctrl('o'), ToggleSecretsFile),
            b(Scope::Form, KeyChord::plain(K::Esc), Back),
            b(Scope::Form, KeyChord::ctrl('c'), Quit),
            b(Scope::Table, KeyChord::ch('x'), Actions),
            b(Scope::Table, KeyChord::ch('.'), Actions),
            b(Scope::Table, KeyChord::ch(' '), ToggleMark),
            b(Scope::Table, KeyChord::ch('*'), MarkAll),
            b(Scope::Table, KeyChord::ch('u'), ClearMarks),
            b(Scope::Table, KeyChord::ch('C'), CopyCurl),
            b(Scope::Detail, KeyChord::ch('C'), CopyCurl),
            b(Scope::Confirm, KeyChord::ch('y'), Confirm),
            b(Scope::Confirm, KeyChord::plain(K::Enter), Confirm),
            b(Scope::Confirm, KeyChord::plain(K::Esc), Back),
            b(Scope::Confirm, KeyChord::ch('q'), Back),
            b(Scope::Confirm, KeyChord::ch('C'), CopyCurl),
            b(Scope::Confirm, KeyChord::ch('R'), RetryFailed),
            b(Scope::Confirm, KeyChord::ch('j'), Down),
            b(Scope::Confirm, KeyChord::plain(K::Down), Down),
            b(Scope::Confirm, KeyChord::ch('k'), Up),
            b(Scope::Confirm, KeyChord::plain(K::Up), Up),
            b(Scope::Confirm, KeyChord::ctrl('c'), Quit),
            b(Scope::Table, KeyChord::plain(K::Right), ColumnNext),
            b(Scope::Table, KeyChord::plain(K::Left), ColumnPrev),
            b(Scope::Table, KeyChord::ch('>'), WidenColumn),
            b(Scope::Table, KeyChord::ch('<'), NarrowColumn),
            b(Scope::Table, KeyChord::ch('='), ResetColumns),
            b(Scope::Filter, KeyChord::ctrl('p'), RecallPrev),
            b(Scope::Filter, KeyChord::ctrl('n'), RecallNext),
            b(Scope::Filter, KeyChord::ctrl('r'), ToggleRegex),
            b(Scope::History, KeyChord::plain(K::Enter), Open),
            b(Scope::History, KeyChord::ch('C'), CopyCurl),
            b(Scope::History, KeyChord::ch('/'), Filter),
            b(Scope::History, KeyChord::ch('a'), ShowAutoRefresh),
        ]);
        bindings.extend(chart_bindings());
        bindings.extend(alert_bindings());
        bindings.extend([
            b(Scope::Table, KeyChord::ch('e'), EditItem),
            b(Scope::Table, KeyChord::ch('n'), NewItem),
            b(Scope::Table, KeyChord::ch('N'), CloneItem),
            b(Scope::Table, KeyChord::ch('D'), DeleteItem),
            // In an edit's review: back to the editor, and paging through long diffs.
            b(Scope::Confirm, KeyChord::ch('e'), EditItem),
            b(Scope::Confirm, KeyChord::ch('g'), Top),
            b(Scope::Confirm, KeyChord::ch('G'), Bottom),
            b(Scope::Confirm, KeyChord::plain(KeyCode::Home), Top),
            b(Scope::Confirm, KeyChord::plain(KeyCode::End), Bottom),
            b(Scope::Confirm, KeyChord::plain(KeyCode::PageUp), PageUp),
            b(Scope::Confirm, KeyChord::plain(KeyCode::PageDown), PageDown),
            b(Scope::Confirm, KeyChord::ctrl('b'), PageUp),
            b(Scope::Confirm, KeyChord::ctrl('f'), PageDown),
        ]);
        bindings.extend(version_bindings());
        bindings.extend(dashboard_bindings());
        bindings.extend(metrics_bindings());
        Keymap {
            bindings,
            sequences: copy_sequences(),
        }
    }
}

/// jless's copy chords in the inspector. `y` alone still copies the value at once, then waits
/// for one of these: the second copy replaces the first.
fn copy_sequences() -> Vec<Sequence> {
    use Action::*;
    [
        ('y', CopyValue),
        ('v', CopyValueLine),
        ('s', CopyString),
        ('k', CopyKey),
        ('p', CopyPath),
        ('b', CopyBracketPath),
        ('q', CopyQueryPath),
    ]
    .into_iter()
    .map(|(second, action)| Sequence {
        scope: Scope::Detail,
        keys: vec![KeyChord::ch('y'), KeyChord::ch(second)],
        action,
    })
    .collect()
}

/// The chart view's keys, and `c` where an alert can be charted from.
fn chart_bindings() -> Vec<Binding> {
    use Action::*;
    use KeyCode as K;
    let c = Scope::Chart;
    let b = |scope, key, action| Binding { scope, key, action };
    vec![
        b(Scope::Table, KeyChord::ch('c'), Chart),
        b(Scope::Detail, KeyChord::ch('c'), Chart),
        b(c, KeyChord::ch('1'), Window1h),
        b(c, KeyChord::ch('2'), Window6h),
        b(c, KeyChord::ch('3'), Window1d),
        b(c, KeyChord::ch('4'), Window1w),
        b(c, KeyChord::ch('w'), TypeWindow),
        b(c, KeyChord::ch('i'), EditQuery),
        b(c, KeyChord::ch('g'), CycleGranularity),
        b(c, KeyChord::plain(K::Tab), ToggleNumbers),
        b(c, KeyChord::ch('n'), ToggleNumbers),
        b(c, KeyChord::ch('e'), NextExpression),
        b(c, KeyChord::ch('r'), Refresh),
        b(c, KeyChord::ch('C'), CopyCurl),
        b(c, KeyChord::ch('k'), Up),
        b(c, KeyChord::plain(K::Up), Up),
        b(c, KeyChord::ch('j'), Down),
        b(c, KeyChord::plain(K::Down), Down),
        b(c, KeyChord::plain(K::PageUp), PageUp),
        b(c, KeyChord::plain(K::PageDown), PageDown),
        b(c, KeyChord::plain(K::Home), Top),
        b(c, KeyChord::ch('G'), Bottom),
        b(c, KeyChord::plain(K::End), Bottom),
        b(c, KeyChord::ch('h'), ColumnLeft),
        b(c, KeyChord::plain(K::Left), ColumnLeft),
        b(c, KeyChord::ch('l'), ColumnRight),
        b(c, KeyChord::plain(K::Right), ColumnRight),
        b(c, KeyChord::ch('v'), CycleEvents),
        b(c, KeyChord::ch('H'), PrevEvent),
        b(c, KeyChord::ch('L'), NextEvent),
        b(c, KeyChord::ch('/'), Filter),
        b(c, KeyChord::ch('p'), PauseRefresh),
    ]
}

/// The alert viewer's keys, and `i` for a row's JSON where `enter` opens something richer.
fn alert_bindings() -> Vec<Binding> {
    use Action::*;
    use KeyCode as K;
    let a = Scope::Alert;
    let b = |scope, key, action| Binding { scope, key, action };
    vec![
        b(Scope::Table, KeyChord::ch('i'), Inspect),
        b(a, KeyChord::ch('['), PrevFiring),
        b(a, KeyChord::ch(']'), NextFiring),
        b(a, KeyChord::plain(K::Tab), NextPane),
        b(a, KeyChord::plain(K::BackTab), PrevPane),
        b(a, KeyChord::ch('i'), Inspect),
        b(a, KeyChord::ch('c'), Chart),
        b(a, KeyChord::ch('e'), NextExpression),
        b(a, KeyChord::ch('r'), Refresh),
        b(a, KeyChord::ch('C'), CopyCurl),
        b(a, KeyChord::ch('k'), Up),
        b(a, KeyChord::plain(K::Up), Up),
        b(a, KeyChord::ch('j'), Down),
        b(a, KeyChord::plain(K::Down), Down),
        b(a, KeyChord::ch('g'), Top),
        b(a, KeyChord::plain(K::Home), Top),
        b(a, KeyChord::ch('G'), Bottom),
        b(a, KeyChord::plain(K::End), Bottom),
        b(a, KeyChord::plain(K::PageUp), PageUp),
        b(a, KeyChord::ctrl('b'), PageUp),
        b(a, KeyChord::plain(K::PageDown), PageDown),
        b(a, KeyChord::ctrl('f'), PageDown),
    ]
}

/// `H` where an item's versions can be listed, the version history's own keys, and `U` to
/// restore from a trash, `P` to promote items to another account.
fn version_bindings() -> Vec<Binding> {
    use Action::*;
    use KeyCode as K;
    let v = Scope::Versions;
    let b = |scope, key, action| Binding { scope, key, action };
    vec![
        b(Scope::Table, KeyChord::ch('H'), History),
        b(Scope::Alert, KeyChord::ch('H'), History),
        b(Scope::Table, KeyChord::ch('U'), Restore),
        b(Scope::Table, KeyChord::ch('P'), Promote),
        b(v, KeyChord::plain(K::Enter), DiffVersion),
        b(v, KeyChord::ch(' '), ToggleMark),
        b(v, KeyChord::ch('d'), DiffVersion),
        b(v, KeyChord::ch('u'), ClearMarks),
        b(v, KeyChord::ch('i'), Inspect),
        b(v, KeyChord::ch('r'), Revert),
        b(v, KeyChord::ch('n'), CopyVersion),
        b(v, KeyChord::ctrl('r'), Refresh),
        b(v, KeyChord::ch('C'), CopyCurl),
    ]
}

/// The dashboard player's keys: the chart's window keys, the grid's moves, sections, variables.
fn dashboard_bindings() -> Vec<Binding> {
    use Action::*;
    use KeyCode as K;
    let d = Scope::Dashboard;
    let b = |key, action| Binding {
        scope: d,
        key,
        action,
    };
    vec![
        b(KeyChord::ch(']'), NextSection),
        b(KeyChord::plain(K::Tab), NextSection),
        b(KeyChord::ch('['), PrevSection),
        b(KeyChord::plain(K::BackTab), PrevSection),
        b(KeyChord::ch('1'), Window1h),
        b(KeyChord::ch('2'), Window6h),
        b(KeyChord::ch('3'), Window1d),
        b(KeyChord::ch('4'), Window1w),
        b(KeyChord::ch('w'), TypeWindow),
        b(KeyChord::ch('z'), ZoomPanel),
        b(KeyChord::plain(K::Enter), Inspect),
        b(KeyChord::ch('i'), Inspect),
        b(KeyChord::ch('f'), ToggleFavorite),
        b(KeyChord::ch('v'), NextVariable),
        b(KeyChord::ch('.'), NextChoice),
        b(KeyChord::ch(','), PrevChoice),
        b(KeyChord::ch('V'), TypeVariable),
        b(KeyChord::ch('p'), PauseRefresh),
        b(KeyChord::ch('r'), Refresh),
        b(KeyChord::ch('k'), Up),
        b(KeyChord::plain(K::Up), Up),
        b(KeyChord::ch('j'), Down),
        b(KeyChord::plain(K::Down), Down),
        b(KeyChord::ch('h'), ColumnLeft),
        b(KeyChord::plain(K::Left), ColumnLeft),
        b(KeyChord::ch('l'), ColumnRight),
        b(KeyChord::plain(K::Right), ColumnRight),
        b(KeyChord::ch('g'), Top),
        b(KeyChord::plain(K::Home), Top),
        b(KeyChord::ch('G'), Bottom),
        b(KeyChord::plain(K::End), Bottom),
        b(KeyChord::plain(K::PageUp), PageUp),
        b(KeyChord::ctrl('b'), PageUp),
        b(KeyChord::plain(K::PageDown), PageDown),
        b(KeyChord::ctrl('f'), PageDown),
        b(KeyChord::ch('o'), PickVariable),
        b(KeyChord::ch('J'), ScrollPanelDown),
        b(KeyChord::ch('K'), ScrollPanelUp),
    ]
}

/// The metrics tree's keys (`j`/`k` and paging come with the list scopes').
fn metrics_bindings() -> Vec<Binding> {
    use Action::*;
    use KeyCode as K;
    let b = |key, action| Binding {
        scope: Scope::Metrics,
        key,
        action,
    };
    vec![
        b(KeyChord::ch('l'), Expand),
        b(KeyChord::plain(K::Right), Expand),
        b(KeyChord::plain(K::Enter), ToggleFold),
        b(KeyChord::ch(' '), ToggleFold),
        b(KeyChord::ch('h'), Collapse),
        b(KeyChord::plain(K::Left), Collapse),
        b(KeyChord::ch('c'), Chart),
        b(KeyChord::ch('y'), CopyValue),
        b(KeyChord::ch('r'), Refresh),
    ]
}

impl Keymap {
    pub fn new(bindings: Vec<Binding>) -> Self {
        Self {
            bindings,
            sequences: Vec::new(),
        }
    }

    /// The action of a key in a scope, falling back to the global bindings.
    pub fn action(&self, scope: Scope, key: &KeyEvent) -> Option<Action> {
        let chord = KeyChord::from_event(key);
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == s && b.key == chord)
                .map(|b| b.action)
        };
        if scope.takes_text() {
            return find(scope);
        }
        find(scope).or_else(|| find(Scope::Global))
    }

    /// Keys that reach `action` in `scope`: unshadowed global ones first (the conventional
    /// `esc`, `q`), then the scope's own.
    pub fn keys(&self, scope: Scope, action: Action) -> Vec<KeyChord> {
        let shadowed = |key: &KeyChord| {
            scope != Scope::Global
                && self
                    .bindings
                    .iter()
                    .any(|o| o.scope == scope && o.key == *key)
        };
        let mut keys: Vec<KeyChord> = self
            .bindings
            .iter()
            .filter(|b| b.scope == Scope::Global && b.action == action && !shadowed(&b.key))
            .map(|b| b.key)
            .collect();
        for b in self
            .bindings
            .iter()
            .filter(|b| b.scope == scope && b.action == action)
        {
            if !keys.contains(&b.key) {
                keys.push(b.key);
            }
        }
        keys
    }

    /// Every action reachable in a scope with its keys, in a stable order, for the help overlay.
    pub fn entries(&self, scope: Scope) -> Vec<(Action, Vec<KeyChord>)> {
        let mut actions: Vec<Action> = Vec::new();
        for b in &self.bindings {
            let reaches = b.scope == scope || (b.scope == Scope::Global && !scope.takes_text());
            if reaches && !actions.contains(&b.action) {
                actions.push(b.action);
            }
        }
        actions
            .into_iter()
            .map(|a| (a, self.keys(scope, a)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventKind, KeyModifiers};

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: crossterm::event::KeyEventState::NONE,
        }
    }

    /// The defaults bind no key of a scope to two actions (the first would silently win).
    #[test]
    fn default_bindings_have_no_conflicts() {
        let km = Keymap::default();
        for (i, a) in km.bindings.iter().enumerate() {
            for b in &km.bindings[i + 1..] {
                assert!(
                    !(a.scope == b.scope && a.key == b.key && a.action != b.action),
                    "{:?}: {:?} is bound to both {:?} and {:?}",
                    a.scope,
                    a.key,
                    a.action,
                    b.action
                );
            }
        }
    }

    #[test]
    fn scope_bindings_win_over_global() {
        let km = Keymap::default();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(km.action(Scope::Table, &q), Some(Action::Quit));
        assert_eq!(km.action(Scope::Help, &q), Some(Action::Back));
    }

    #[test]
    fn shifted_letters_match_their_character() {
        let km = Keymap::default();
        let big_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.action(Scope::Table, &big_g), Some(Action::Bottom));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.action(Scope::Detail, &ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn entries_list_live_keys_without_shadowed_globals() {
        let km = Keymap::default();
        let help = km.entries(Scope::Help);
        let quit = help.iter().find(|(a, _)| *a == Action::Quit).unwrap();
        assert_eq!(
            quit.1,
            vec![KeyChord::ctrl('c')],
            "q is shadowed by Back in help"
        );
        let table = km.entries(Scope::Table);
        let open = table.iter().find(|(a, _)| *a == Action::Open).unwrap();
        assert_eq!(open.1[0].to_string(), "enter");
    }

    #[test]
    fn action_names_are_snake_case() {
        assert_eq!(
            serde_json::to_string(&Action::PageDown).unwrap(),
            "\"page_down\""
        );
    }
}
