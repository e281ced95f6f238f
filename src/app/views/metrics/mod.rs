//! `:metrics [PREFIX]`: the metric namespace as a tree, loaded a level at a time as it is
//! unfolded; a metric unfolds into its sources, their point tags and when each last reported
//! (the official metric detail); `c` charts the metric (or the one source). Names come from
//! the undocumented names endpoint; where the instance has none, the tree says so and shows
//! the names known from the queries typed.

pub mod draw;
pub mod update;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::api::metrics::{Answer, Ask, SourceDetail};
use crate::worker::{Command, RequestId};

/// The command line's word.
pub const METRICS_WORD: &str = "metrics";

/// A part of the tree as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded<T> {
    Loading,
    Done(T),
    Failed(String),
}

/// One line of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Namespace {
        name: String,
        depth: usize,
        open: bool,
    },
    Metric {
        name: String,
        depth: usize,
        open: bool,
    },
    Source {
        metric: String,
        source: SourceDetail,
        depth: usize,
    },
    /// Loading, a failure, nothing there.
    Note { text: String, depth: usize },
}

#[derive(Debug, Default)]
pub struct MetricsView {
    /// The prefix the tree starts from (`""` the top).
    pub root: String,
    /// Names one level under each prefix loaded.
    children: BTreeMap<String, Loaded<Vec<String>>>,
    /// The sources of each metric unfolded.
    details: BTreeMap<String, Loaded<(Vec<SourceDetail>, bool)>>,
    /// Namespaces and metrics unfolded.
    open: BTreeSet<String>,
    waiting: HashMap<RequestId, Ask>,
    pub selected: usize,
}

impl MetricsView {
    pub fn new(root: &str) -> Self {
        Self {
            root: root.to_string(),
            ..Self::default()
        }
    }

    /// Asks for what `ask` names, unless it is loaded or on its way.
    pub fn ask(&mut self, id: RequestId, ask: Ask) -> Vec<Command> {
        match &ask {
            Ask::Children { prefix } => {
                if self.children.contains_key(prefix) {
                    return Vec::new();
                }
                self.children.insert(prefix.clone(), Loaded::Loading);
            }
            Ask::Detail { metric } => {
                if self.details.contains_key(metric) {
                    return Vec::new();
                }
                self.details.insert(metric.clone(), Loaded::Loading);
            }
            // Not a question of the tree's.
            Ask::Sources { .. } => return Vec::new(),
        }
        self.waiting.insert(id, ask.clone());
        vec![Command::Metrics { id, ask }]
    }

    pub fn awaits(&self, id: RequestId) -> bool {
        self.waiting.contains_key(&id)
    }

    pub fn is_loading(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Takes an answer in; `false` when it was not this view's.
    pub fn receive(&mut self, id: RequestId, result: &Result<Answer, String>) -> bool {
        let Some(ask) = self.waiting.remove(&id) else {
            return false;
        };
        match (ask, result) {
            (Ask::Children { prefix }, Ok(Answer::Children { names, .. })) => {
                self.children.insert(prefix, Loaded::Done(names.clone()));
            }
            (Ask::Detail { metric }, Ok(Answer::Detail { sources, more })) => {
                self.details
                    .insert(metric, Loaded::Done((sources.clone(), *more)));
            }
            (Ask::Children { prefix }, Err(e)) => {
                self.children.insert(prefix, Loaded::Failed(e.clone()));
            }
            (Ask::Detail { metric }, Err(e)) => {
                self.details.insert(metric, Loaded::Failed(e.clone()));
            }
            _ => {}
        }
        true
    }

    pub fn is_open(&self, name: &str) -> bool {
        self.open.contains(name)
    }

    /// Unfolds or folds `name`; `true` when it is now open.
    pub fn toggle(&mut self, name: &str) -> bool {
        if !self.open.remove(name) {
            self.open.insert(name.to_string());
            return true;
        }
        false
    }

    /// The tree's lines; `known` are the names to show where the instance lists none.
    pub fn rows(&self, known: &BTreeSet<String>) -> Vec<Row> {
        let mut rows = Vec::new();
        self.walk(&self.root, 0, known, &mut rows);
        rows
    }

    fn walk(&self, prefix: &str, depth: usize, known: &BTreeSet<String>, rows: &mut Vec<Row>) {
        let note = |text: String| Row::Note { text, depth };
        let names: Vec<String> = match self.children.get(prefix) {
            None | Some(Loaded::Loading) => return rows.push(note("loading…".into())),
            Some(Loaded::Done(names)) if names.is_empty() => {
                return rows.push(note("no metrics here".into()));
            }
            Some(Loaded::Done(names)) => names.clone(),
            Some(Loaded::Failed(e)) => {
                rows.push(note(format!("names cannot be listed here: {e}")));
                let fallback: Vec<String> = known
                    .iter()
                    .filter(|n| n.starts_with(prefix))
                    .cloned()
                    .collect();
                if fallback.is_empty() {
                    return;
                }
                rows.push(note("the metrics of your queries:".into()));
                fallback
            }
        };
        for name in names {
            let open = self.open.contains(&name);
            if name.ends_with('.') {
                rows.push(Row::Namespace {
                    name: name.clone(),
                    depth,
                    open,
                });
                if open {
                    self.walk(&name, depth + 1, known, rows);
                }
                continue;
            }
            rows.push(Row::Metric {
                name: name.clone(),
                depth,
                open,
            });
            if open {
                self.sources(&name, depth + 1, rows);
            }
        }
    }

    fn sources(&self, metric: &str, depth: usize, rows: &mut Vec<Row>) {
        let note = |text: String| Row::Note { text, depth };
        match self.details.get(metric) {
            None | Some(Loaded::Loading) => rows.push(note("loading its sources…".into())),
            Some(Loaded::Failed(e)) => rows.push(note(format!("its sources cannot be read: {e}"))),
            Some(Loaded::Done((sources, _))) if sources.is_empty() => {
                rows.push(note("no source reported it lately".into()));
            }
            Some(Loaded::Done((sources, more))) => {
                rows.extend(sources.iter().map(|s| Row::Source {
                    metric: metric.to_string(),
                    source: s.clone(),
                    depth,
                }));
                if *more {
                    rows.push(note("more sources than shown (the first 1,000)".into()));
                }
            }
        }
    }
}

/// The query that charts a row: the metric, or the metric from one source.
pub fn chart_query(row: &Row) -> Option<String> {
    let quoted = |s: &str| {
        if s.chars().all(crate::wql::lex::is_word_char) {
            s.to_string()
        } else {
            format!("\"{}\"", s.replace('"', "\\\""))
        }
    };
    match row {
        Row::Metric { name, .. } => Some(format!("ts({})", quoted(name))),
        Row::Source { metric, source, .. } => Some(format!(
            "ts({}, source={})",
            quoted(metric),
            quoted(&source.host)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(names: &[&str]) -> Result<Answer, String> {
        Ok(Answer::Children {
            names: names.iter().map(ToString::to_string).collect(),
            cut: false,
        })
    }

    #[test]
    fn the_tree_unfolds_a_level_at_a_time() {
        let mut v = MetricsView::new("");
        let known = BTreeSet::new();
        let asked = v.ask(1, Ask::Children { prefix: "".into() });
        assert_eq!(asked.len(), 1);
        assert!(
            v.ask(2, Ask::Children { prefix: "".into() }).is_empty(),
            "once"
        );
        assert_eq!(
            v.rows(&known),
            vec![Row::Note {
                text: "loading…".into(),
                depth: 0
            }]
        );
        assert!(v.receive(1, &done(&["cpu.", "up"])));
        assert!(!v.receive(1, &done(&[])), "stale");
        v.toggle("cpu.");
        v.ask(
            3,
            Ask::Children {
                prefix: "cpu.".into(),
            },
        );
        v.receive(3, &done(&["cpu.idle"]));
        v.toggle("cpu.idle");
        v.ask(
            4,
            Ask::Detail {
                metric: "cpu.idle".into(),
            },
        );
        let source = SourceDetail {
            host: "web 01".into(),
            last_update: Some(5),
            tags: vec![],
        };
        v.receive(
            4,
            &Ok(Answer::Detail {
                sources: vec![source.clone()],
                more: true,
            }),
        );
        let rows = v.rows(&known);
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(
            rows[1],
            Row::Metric {
                name: "cpu.idle".into(),
                depth: 1,
                open: true
            }
        );
        assert_eq!(chart_query(&rows[1]).unwrap(), "ts(cpu.idle)");
        assert_eq!(
            chart_query(&rows[2]).unwrap(),
            "ts(cpu.idle, source=\"web 01\")"
        );
        assert!(matches!(&rows[3], Row::Note { text, .. } if text.contains("more sources")));
        assert_eq!(
            rows[4],
            Row::Metric {
                name: "up".into(),
                depth: 0,
                open: false
            }
        );
    }

    #[test]
    fn without_a_listing_the_known_names_show() {
        let mut v = MetricsView::new("");
        v.ask(1, Ask::Children { prefix: "".into() });
        v.receive(1, &Err("HTTP 404".into()));
        let known: BTreeSet<String> = ["mem.used".to_string()].into();
        let rows = v.rows(&known);
        assert!(matches!(&rows[0], Row::Note { text, .. } if text.contains("HTTP 404")));
        assert_eq!(
            rows[2],
            Row::Metric {
                name: "mem.used".into(),
                depth: 0,
                open: false
            }
        );
    }
}
