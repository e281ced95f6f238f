//! The query editor: WQL completion on a text input, a popup list of candidates (with a
//! function's signature), and a hint line. Not tied to the `:` line: it works on any
//! [`TextInput`] whose query starts at char `start` (the `:query` line passes the length of its
//! command word, a field holding only a query passes 0). Completion data comes from the
//! account's [`cache::QueryCache`]; what it lacks comes back as [`Ask`]s for the worker.

pub mod cache;
pub mod draw;

use crossterm::event::{KeyCode, KeyEvent};

use crate::api::metrics::Ask;
use crate::app::input::TextInput;
use crate::wql::complete::apply;
use crate::wql::{Completion, complete};
use cache::QueryCache;

/// The candidates on show, and which is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Popup {
    pub completion: Completion,
    pub selected: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryEditor {
    pub popup: Option<Popup>,
    /// A line under the query: why nothing is offered, what is loading.
    pub hint: Option<String>,
    /// A `tab` asked the instance and had nothing to show yet: the answer opens the popup.
    waiting: bool,
    /// Query text that stands before what is typed without being in the line: a dashboard
    /// variable's value completes as the tag value it is (`ts(metric, env=` before `prod`).
    pub lead: String,
}

/// The `:` words whose rest is a query (the editor completes it).
pub const QUERY_WORDS: &[&str] = &["query", "chart", "expr", "expression"];

/// Where the query starts in a `:` line (chars), when its first word is a query word.
pub fn query_start(line: &str) -> Option<usize> {
    let (word, _) = line.split_once(' ')?;
    QUERY_WORDS
        .contains(&word.to_ascii_lowercase().as_str())
        .then(|| word.chars().count() + 1)
}

/// Where the query of a `:` line starts and the lead it completes after: a query word's rest,
/// or a dashboard variable's value (`:var NAME VALUE`, see [`QueryEditor::lead`]).
pub fn query_place(state: &crate::app::State, line: &str) -> Option<(usize, String)> {
    query_start(line)
        .map(|start| (start, String::new()))
        .or_else(|| crate::app::views::dashboard::variable_query(state, line))
}

/// The query part of `input` after `lead`, and the cursor in it.
fn query_of(lead: &str, input: &TextInput, start: usize) -> (String, usize) {
    let query: String = input.value().chars().skip(start).collect();
    let cursor = input.cursor().saturating_sub(start) + lead.chars().count();
    (format!("{lead}{query}"), cursor)
}

impl QueryEditor {
    /// `tab`: with the popup open, the next candidate; else what fits at the cursor (one is
    /// taken at once, several open the popup) and what to ask the instance for.
    pub fn tab(&mut self, input: &mut TextInput, start: usize, cache: &mut QueryCache) -> Vec<Ask> {
        if let Some(p) = self.popup.as_mut() {
            p.selected = (p.selected + 1) % p.completion.candidates.len().max(1);
            return Vec::new();
        }
        let (query, cursor) = query_of(&self.lead, input, start);
        if input.cursor() < start {
            return Vec::new();
        }
        if query.trim().is_empty() {
            self.saved(&query, cache);
            return Vec::new();
        }
        let completion = complete(&query, cursor, &cache.known);
        let asks = cache.asks(&completion.context);
        self.hint = None;
        self.waiting = false;
        match completion.candidates.len() {
            0 if !asks.is_empty() => {
                self.waiting = true;
                self.hint = Some("looking up what fits…".into());
            }
            0 => self.hint = Some(nothing_hint(&completion, cache)),
            // Only one, and nothing more to come: taken.
            1 if asks.is_empty() => accept(input, start, &self.lead, &completion, 0),
            _ => {
                self.popup = Some(Popup {
                    completion,
                    selected: 0,
                });
            }
        }
        asks
    }

    /// A key while the popup is open: `↑`/`↓`/`shift-tab` choose, `enter` takes the choice, `esc`
    /// closes the list. Any other key closes it and goes on to the line. True when used.
    pub fn on_key(&mut self, key: &KeyEvent, input: &mut TextInput, start: usize) -> bool {
        let Some(popup) = self.popup.as_mut() else {
            self.hint = None;
            self.waiting = false;
            return false;
        };
        let n = popup.completion.candidates.len().max(1);
        match key.code {
            KeyCode::Down => popup.selected = (popup.selected + 1) % n,
            KeyCode::Up | KeyCode::BackTab => popup.selected = (popup.selected + n - 1) % n,
            KeyCode::Enter => {
                let popup = self.popup.take().expect("open");
                accept(input, start, &self.lead, &popup.completion, popup.selected);
            }
            KeyCode::Esc => self.popup = None,
            _ => {
                self.popup = None;
                return false;
            }
        }
        true
    }

    /// The instance answered: the list is made again at the cursor (or opened, when a `tab`
    /// waited for it); `hint` is shown if given.
    pub fn refresh(
        &mut self,
        input: &mut TextInput,
        start: usize,
        cache: &QueryCache,
        hint: Option<String>,
    ) {
        if let Some(h) = hint {
            self.hint = Some(h);
        }
        if self.popup.is_none() && !self.waiting {
            return;
        }
        let (query, cursor) = query_of(&self.lead, input, start);
        let completion = complete(&query, cursor, &cache.known);
        if completion.candidates.is_empty() {
            if self.waiting && self.hint.as_deref() == Some("looking up what fits…") {
                self.hint = Some(nothing_hint(&completion, cache));
            }
            self.waiting = false;
            return;
        }
        let selected = self.popup.as_ref().map_or(0, |p| p.selected);
        let waited = std::mem::take(&mut self.waiting);
        if self.hint.as_deref() == Some("looking up what fits…") {
            self.hint = None;
        }
        if waited && completion.candidates.len() == 1 {
            // As a tab with the answer at hand would have: the one fit is taken.
            accept(input, start, &self.lead, &completion, 0);
            return;
        }
        self.popup = Some(Popup {
            selected: selected.min(completion.candidates.len() - 1),
            completion,
        });
    }

    /// `tab` on an empty query: the saved ones to choose from.
    fn saved(&mut self, query: &str, cache: &QueryCache) {
        use crate::wql::{Candidate, CandidateKind, Context};
        if cache.saved.is_empty() {
            self.hint = Some("no saved queries (q_<name> keys in ~/.wavefront)".into());
            return;
        }
        let candidates = cache
            .saved
            .iter()
            .map(|(name, q)| Candidate {
                text: q.clone(),
                kind: CandidateKind::Saved,
                detail: format!("q_{name}"),
            })
            .collect();
        self.popup = Some(Popup {
            completion: Completion {
                context: Context::Nothing,
                range: 0..query.chars().count(),
                candidates,
            },
            selected: 0,
        });
    }

    /// Closes the popup and the hint (the line was run or closed).
    pub fn close(&mut self) {
        *self = QueryEditor::default();
    }
}

fn accept(input: &mut TextInput, start: usize, lead: &str, completion: &Completion, index: usize) {
    let Some(candidate) = completion.candidates.get(index) else {
        return;
    };
    let (query, _) = query_of(lead, input, start);
    let (text, cursor) = apply(&query, &completion.range, candidate);
    // The lead is not in the line: what was put in it stays out too.
    let n = lead.chars().count();
    let text: String = text.chars().skip(n).collect();
    let head: String = input.value().chars().take(start).collect();
    input.set_with_cursor(&format!("{head}{text}"), start + cursor.saturating_sub(n));
}

/// Why nothing is offered, in words.
fn nothing_hint(completion: &Completion, cache: &QueryCache) -> String {
    use crate::wql::Context as C;
    match &completion.context {
        C::Nothing => "nothing to complete here".into(),
        C::Metric { .. } if cache.names == cache::Probe::Missing => cache::NO_NAMES.into(),
        C::Metric { prefix, .. } => format!("no metric names start with {prefix}"),
        C::Function { prefix } => format!("no function starts with {prefix}"),
        C::Source { metric: None, .. }
        | C::TagKey { metric: None, .. }
        | C::TagValue { metric: None, .. } => "no metric here to read sources and tags of".into(),
        C::Source { .. } => "no sources of this metric start so".into(),
        C::TagKey { .. } => "no point tags of this metric start so".into(),
        C::TagValue { key, .. } => format!("no values of {key} start so"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> TextInput {
        TextInput::new(text)
    }

    #[test]
    fn query_lines_are_recognised() {
        assert_eq!(query_start("query ts(x"), Some(6));
        assert_eq!(query_start("expr ts(x"), Some(5));
        assert_eq!(query_start("query"), None);
        assert_eq!(query_start("alert foo"), None);
    }

    /// A lead stands before the line's text: it decides what completes, and stays out of it.
    #[test]
    fn a_lead_completes_a_value_without_entering_the_line() {
        let mut cache = QueryCache::default();
        let values = ["prod", "staging"].map(String::from).into_iter().collect();
        cache
            .known
            .tags
            .entry("cpu.idle".into())
            .or_default()
            .insert("env".into(), values);
        let mut e = QueryEditor {
            lead: "ts(cpu.idle, env=".into(),
            ..QueryEditor::default()
        };
        let mut input = line("var env st");
        e.tab(&mut input, 8, &mut cache);
        if e.popup.is_some() {
            assert!(e.on_key(&KeyEvent::from(KeyCode::Enter), &mut input, 8));
        }
        assert_eq!(input.value(), "var env staging");
        assert_eq!(input.cursor(), 15);
    }

    #[test]
    fn one_fit_is_taken_several_open_the_list() {
        let mut cache = QueryCache::default();
        let mut e = QueryEditor::default();
        let mut input = line("query mav");
        assert!(e.tab(&mut input, 6, &mut cache).is_empty());
        assert_eq!(input.value(), "query mavg(");
        assert_eq!(input.cursor(), 11);
        let mut input = line("query m");
        e.tab(&mut input, 6, &mut cache);
        let popup = e.popup.clone().unwrap();
        assert!(popup.completion.candidates.len() > 3);
        // Tab and arrows move; enter takes.
        e.tab(&mut input, 6, &mut cache);
        assert!(e.on_key(&KeyEvent::from(KeyCode::Down), &mut input, 6));
        assert!(e.on_key(&KeyEvent::from(KeyCode::Up), &mut input, 6));
        assert_eq!(e.popup.as_ref().unwrap().selected, 1);
        let chosen = popup.completion.candidates[1].text.clone();
        assert!(e.on_key(&KeyEvent::from(KeyCode::Enter), &mut input, 6));
        assert_eq!(input.value(), format!("query {chosen}("));
        assert!(e.popup.is_none());
        // Esc closes the list only; other keys go on to the line.
        e.tab(&mut line("query m"), 6, &mut cache);
        assert!(e.on_key(&KeyEvent::from(KeyCode::Esc), &mut input, 6));
        assert!(!e.on_key(&KeyEvent::from(KeyCode::Char('x')), &mut input, 6));
    }

    #[test]
    fn a_tab_that_asks_waits_for_the_answer() {
        use crate::api::metrics::Answer;
        let mut cache = QueryCache::default();
        let mut e = QueryEditor::default();
        let mut input = line("query ts(cpu.");
        let asks = e.tab(&mut input, 6, &mut cache);
        assert_eq!(
            asks,
            vec![Ask::Children {
                prefix: "cpu.".into()
            }]
        );
        assert!(e.popup.is_none());
        assert_eq!(e.hint.as_deref(), Some("looking up what fits…"));
        let answer = Answer::Children {
            names: vec!["cpu.idle".into(), "cpu.load.".into()],
            cut: false,
        };
        let hint = cache.learn(&asks[0], &Ok(answer));
        e.refresh(&mut input, 6, &cache, hint);
        let popup = e.popup.as_ref().unwrap();
        assert_eq!(popup.completion.candidates.len(), 2);
        assert_eq!(e.hint, None);
        // The cursor before the query: nothing.
        let mut before = TextInput::new("query ts(");
        before.set_with_cursor("query ts(", 2);
        assert!(
            QueryEditor::default()
                .tab(&mut before, 6, &mut cache)
                .is_empty()
        );
    }
}
