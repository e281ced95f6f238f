//! Completion candidates for a cursor's context, from the static function table and what is
//! known of the account (metric names, sources, point tags), with the range they replace.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::context::{Context, context_at};
use super::functions;

/// What is known of the account for completion (filled from the API, cached per account).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// Metric names, and namespaces ending in `.`.
    pub metrics: BTreeSet<String>,
    /// Sources by metric; under `""` those of any metric (a source search).
    pub sources: BTreeMap<String, BTreeSet<String>>,
    /// Point-tag keys and their values, by metric.
    pub tags: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateKind {
    Function,
    Metric,
    /// A metric prefix ending in `.`: completing it goes one level down.
    Namespace,
    Source,
    TagKey,
    TagValue,
    /// A saved query: it replaces the whole text.
    Saved,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub text: String,
    pub kind: CandidateKind,
    /// A function's arguments and what it does; empty for names.
    pub detail: String,
}

/// What `tab` offers at a cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub context: Context,
    /// The chars a chosen candidate replaces.
    pub range: Range<usize>,
    pub candidates: Vec<Candidate>,
}

/// Candidates shown at most (the list scrolls; more is noise).
pub const MAX_CANDIDATES: usize = 200;

pub fn complete(text: &str, cursor: usize, known: &Known) -> Completion {
    let (context, range) = context_at(text, cursor);
    let candidates = candidates(&context, known);
    Completion {
        context,
        range,
        candidates,
    }
}

fn name(text: &str, kind: CandidateKind) -> Candidate {
    Candidate {
        text: text.to_string(),
        kind,
        detail: String::new(),
    }
}

fn starts(name: &str, prefix: &str) -> bool {
    name.to_lowercase().starts_with(&prefix.to_lowercase())
}

pub fn candidates(context: &Context, known: &Known) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = match context {
        Context::Nothing => Vec::new(),
        Context::Function { prefix } => functions::starting_with(prefix)
            .map(|f| Candidate {
                text: f.name.to_string(),
                kind: CandidateKind::Function,
                detail: format!("{}{} — {}", f.name, f.args, f.about),
            })
            .collect(),
        Context::Metric { prefix, .. } => metric_children(&known.metrics, prefix),
        Context::Source { prefix, metric } => {
            // Of the metric when known; else the sources of any metric (under "").
            let of_metric = metric.as_deref().filter(|m| known.sources.contains_key(*m));
            metric_entry(&known.sources, Some(of_metric.unwrap_or("")))
                .filter(|s| starts(s, prefix))
                .map(|s| name(s, CandidateKind::Source))
                .collect()
        }
        Context::TagKey { prefix, metric } => {
            let tags = metric.as_deref().and_then(|m| known.tags.get(m));
            ["source"]
                .into_iter()
                .chain(tags.into_iter().flat_map(|t| t.keys().map(String::as_str)))
                .filter(|k| starts(k, prefix))
                .map(|k| name(k, CandidateKind::TagKey))
                .collect()
        }
        Context::TagValue {
            key,
            prefix,
            metric,
        } => metric
            .as_deref()
            .and_then(|m| known.tags.get(m))
            .and_then(|t| t.get(key))
            .into_iter()
            .flatten()
            .filter(|v| starts(v, prefix))
            .map(|v| name(v, CandidateKind::TagValue))
            .collect(),
    };
    out.truncate(MAX_CANDIDATES);
    out
}

fn metric_entry<'a>(
    by_metric: &'a BTreeMap<String, BTreeSet<String>>,
    metric: Option<&str>,
) -> impl Iterator<Item = &'a String> {
    metric.and_then(|m| by_metric.get(m)).into_iter().flatten()
}

/// The names under `prefix`, one level at a time: `cpu.` → `cpu.load.` (a namespace),
/// `cpu.idle` (a metric).
pub fn metric_children(metrics: &BTreeSet<String>, prefix: &str) -> Vec<Candidate> {
    let namespace_len = prefix.rfind('.').map_or(0, |i| i + 1);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    // A namespace is not its own child.
    for m in metrics
        .iter()
        .filter(|m| starts(m, prefix) && !(m.ends_with('.') && m.len() == prefix.len()))
    {
        let rest = &m[namespace_len.min(m.len())..];
        let child = match rest.find('.') {
            Some(dot) if dot + 1 < rest.len() || m.ends_with('.') => &m[..namespace_len + dot + 1],
            _ => m.as_str(),
        };
        if seen.insert(child.to_string()) {
            let kind = if child.ends_with('.') {
                CandidateKind::Namespace
            } else {
                CandidateKind::Metric
            };
            out.push(name(child, kind));
        }
    }
    out
}

/// The text with `candidate` in place of `range`, and the cursor after it: a function gets
/// its `(`, a tag key its `=`; a value that is not a plain name is quoted.
pub fn apply(text: &str, range: &Range<usize>, candidate: &Candidate) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let start = range.start.min(chars.len());
    let end = range.end.clamp(start, chars.len());
    let quoted = start > 0 && matches!(chars[start - 1], '"' | '\'');
    let plain = candidate.text.chars().all(super::lex::is_word_char);
    let inserted = match candidate.kind {
        CandidateKind::Function => format!("{}(", candidate.text),
        CandidateKind::TagKey => format!("{}=", candidate.text),
        CandidateKind::TagValue | CandidateKind::Source if !plain && !quoted => {
            format!("\"{}\"", candidate.text.replace('"', "\\\""))
        }
        _ => candidate.text.clone(),
    };
    let mut out: String = chars[..start].iter().collect();
    out.push_str(&inserted);
    let cursor = out.chars().count();
    out.extend(&chars[end..]);
    (out, cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        let mut k = Known::default();
        for m in ["cpu.load.1m", "cpu.load.5m", "cpu.idle", "mem.used", "jvm."] {
            k.metrics.insert(m.into());
        }
        k.sources.insert(
            "cpu.idle".into(),
            ["web-01", "web-02", "db-01"].map(String::from).into(),
        );
        let mut tags = BTreeMap::new();
        tags.insert(
            "env".to_string(),
            ["prod", "staging"].map(String::from).into(),
        );
        tags.insert("region".to_string(), ["us east"].map(String::from).into());
        k.tags.insert("cpu.idle".into(), tags);
        k
    }

    fn texts(text: &str, cursor: usize) -> Vec<String> {
        complete(text, cursor, &known())
            .candidates
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    #[test]
    fn metrics_one_level_at_a_time() {
        assert_eq!(texts("ts(", 3), vec!["cpu.", "jvm.", "mem."]);
        assert_eq!(texts("ts(cpu.", 7), vec!["cpu.idle", "cpu.load."]);
        assert_eq!(texts("ts(cpu.lo", 9), vec!["cpu.load."]);
        assert_eq!(
            texts("ts(cpu.load.", 12),
            vec!["cpu.load.1m", "cpu.load.5m"]
        );
        let c = complete("ts(cpu.", 7, &known());
        assert_eq!(c.candidates[1].kind, CandidateKind::Namespace);
    }

    #[test]
    fn sources_tags_and_values_of_the_metric() {
        assert_eq!(
            texts("ts(cpu.idle, source=web", 23),
            vec!["web-01", "web-02"]
        );
        assert_eq!(texts("ts(cpu.idle, ", 13), vec!["source", "env", "region"]);
        assert_eq!(texts("ts(cpu.idle, e", 14), vec!["env"]);
        assert_eq!(texts("ts(cpu.idle, env=", 17), vec!["prod", "staging"]);
        assert_eq!(texts("ts(cpu.idle, env=st", 19), vec!["staging"]);
        // Another metric: nothing known of it.
        assert_eq!(texts("ts(mem.used, env=", 17), Vec::<String>::new());
        assert_eq!(texts("mavg(5m", 7), Vec::<String>::new());
    }

    #[test]
    fn functions_carry_their_signature() {
        let c = complete("mav", 3, &known());
        assert_eq!(c.candidates[0].text, "mavg");
        assert!(
            c.candidates[0]
                .detail
                .starts_with("mavg(timeWindow, expression)")
        );
    }

    #[test]
    fn applying_replaces_the_range() {
        let text = "sum(ra)";
        let c = complete(text, 6, &known());
        let rate = c.candidates.iter().find(|c| c.text == "rate").unwrap();
        assert_eq!(apply(text, &c.range, rate), ("sum(rate()".into(), 9));
        let text = "ts(cpu.idle, re";
        let c = complete(text, 15, &known());
        assert_eq!(
            apply(text, &c.range, &c.candidates[0]),
            ("ts(cpu.idle, region=".into(), 20)
        );
        let text = "ts(cpu.idle, region=";
        let c = complete(text, 20, &known());
        assert_eq!(
            apply(text, &c.range, &c.candidates[0]),
            ("ts(cpu.idle, region=\"us east\"".into(), 29)
        );
        // Inside quotes already: no second pair.
        let text = "ts(cpu.idle, region=\"u";
        let c = complete(text, 22, &known());
        assert_eq!(
            apply(text, &c.range, &c.candidates[0]).0,
            "ts(cpu.idle, region=\"us east"
        );
        // In the middle of a word: the whole word is replaced.
        let text = "ts(cpu.lo.x)";
        let c = complete(text, 9, &known());
        assert_eq!(
            apply(text, &c.range, &c.candidates[0]),
            ("ts(cpu.load.)".into(), 12)
        );
    }
}
