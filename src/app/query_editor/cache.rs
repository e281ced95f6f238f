//! What completion knows of the current account: metric names, sources and point tags learnt
//! from the instance, and whether it answers the undocumented names endpoint (probed once per
//! account per session; any failure means "not there", and names then come from the queries
//! typed). A new account starts afresh.

use std::collections::HashSet;

use crate::api::ApiError;
use crate::api::metrics::{Answer, Ask};
use crate::wql::{Context, Known, Role};

/// Whether the instance lists metric names (`/chart/metrics/all`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Probe {
    #[default]
    Unknown,
    Answers,
    Missing,
}

/// A metric name to ask the instance about: no glob, no variable.
fn is_plain_metric(m: &str) -> bool {
    !m.is_empty() && !m.contains(['*', '$', '"'])
}

/// Said once in the editor's hint line when the names endpoint is missing.
pub const NO_NAMES: &str =
    "no metric-name completion on this instance: names come from the queries you typed";

#[derive(Debug, Clone, Default)]
pub struct QueryCache {
    pub account: Option<String>,
    pub names: Probe,
    pub known: Known,
    /// What was asked (in flight or answered): asked once.
    asked: HashSet<Ask>,
    /// Asks sent and not answered yet.
    in_flight: usize,
    /// The account's saved queries: (name, query).
    pub saved: Vec<(String, String)>,
}

impl QueryCache {
    /// Starts afresh when the account is not the one the cache is of.
    pub fn for_account(&mut self, account: Option<&str>) {
        if self.account.as_deref() != account {
            *self = QueryCache {
                account: account.map(str::to_string),
                ..QueryCache::default()
            };
        }
    }

    /// What to ask the instance for the context, not asked before.
    pub fn asks(&mut self, context: &Context) -> Vec<Ask> {
        let ask = match context {
            Context::Metric { namespace, .. } if self.names != Probe::Missing => {
                Some(Ask::Children {
                    prefix: namespace.clone(),
                })
            }
            Context::Source { metric, prefix }
                if metric.as_ref().is_none_or(|m| !is_plain_metric(m)) =>
            {
                Some(Ask::Sources {
                    prefix: prefix.clone(),
                })
            }
            Context::Source { metric, .. }
            | Context::TagKey { metric, .. }
            | Context::TagValue { metric, .. } => metric
                .as_ref()
                .filter(|m| is_plain_metric(m))
                .map(|m| Ask::Detail { metric: m.clone() }),
            _ => None,
        };
        let asks: Vec<Ask> = ask
            .filter(|a| self.asked.insert(a.clone()))
            .into_iter()
            .collect();
        self.in_flight += asks.len();
        asks
    }

    /// Whether an answer is still to come.
    pub fn is_asking(&self) -> bool {
        self.in_flight > 0
    }

    /// Takes an answer in; the hint to show, if any (the names endpoint found missing).
    pub fn learn(&mut self, ask: &Ask, result: &Result<Answer, ApiError>) -> Option<String> {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.absorb(ask, result)
    }

    /// Takes in an answer to someone else's ask (the metrics tree's): the same knowledge.
    pub fn absorb(&mut self, ask: &Ask, result: &Result<Answer, ApiError>) -> Option<String> {
        match (ask, result) {
            (Ask::Children { .. }, Ok(Answer::Children { names, .. })) => {
                self.names = Probe::Answers;
                self.known.metrics.extend(names.iter().cloned());
                None
            }
            (Ask::Detail { metric }, Ok(Answer::Detail { sources, .. })) => {
                let by_key = self.known.tags.entry(metric.clone()).or_default();
                let hosts = self.known.sources.entry(metric.clone()).or_default();
                for s in sources {
                    hosts.insert(s.host.clone());
                    for (k, v) in &s.tags {
                        by_key.entry(k.clone()).or_default().insert(v.clone());
                    }
                }
                self.known.metrics.insert(metric.clone());
                None
            }
            (Ask::Sources { .. }, Ok(Answer::Sources { names })) => {
                let any = self.known.sources.entry(String::new()).or_default();
                any.extend(names.iter().cloned());
                None
            }
            (Ask::Children { .. }, Err(e)) => {
                tracing::debug!(error = %e, "no metric names endpoint");
                let first = self.names != Probe::Missing;
                self.names = Probe::Missing;
                first.then(|| NO_NAMES.to_string())
            }
            (Ask::Detail { metric }, Err(e)) => {
                tracing::debug!(error = %e, metric, "metric detail failed");
                None
            }
            _ => None,
        }
    }

    /// The metric names a query charts, learnt as known names (the fallback's source).
    pub fn learn_query(&mut self, query: &str) {
        for (token, role) in crate::wql::roles(query) {
            let name = token.text.trim_matches(['"', '\'']);
            if role == Role::Metric && !name.is_empty() && !name.contains(['*', '$']) {
                self.known.metrics.insert(name.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::metrics::SourceDetail;

    fn missing() -> ApiError {
        ApiError::Status {
            method: "GET",
            path: "/chart/metrics/all".into(),
            status: 404,
            message: String::new(),
            retry_after: None,
        }
    }

    #[test]
    fn asks_once_and_falls_back_once() {
        let mut c = QueryCache::default();
        let ctx = Context::Metric {
            prefix: "cpu.l".into(),
            namespace: "cpu.".into(),
        };
        let asks = c.asks(&ctx);
        assert_eq!(
            asks,
            vec![Ask::Children {
                prefix: "cpu.".into()
            }]
        );
        assert!(c.asks(&ctx).is_empty(), "asked once");
        assert_eq!(
            c.learn(&asks[0], &Err(missing())).as_deref(),
            Some(NO_NAMES)
        );
        let other = Context::Metric {
            prefix: "mem.".into(),
            namespace: "mem.".into(),
        };
        assert!(c.asks(&other).is_empty(), "missing: not asked again");
        assert_eq!(c.learn(&asks[0], &Err(missing())), None, "said once");
        c.learn_query("sum(ts(\"mem.used\", env=prod)) / ts(${var})");
        assert!(c.known.metrics.contains("mem.used"));
        assert_eq!(c.known.metrics.len(), 1);
    }

    #[test]
    fn details_fill_sources_and_tags_and_a_new_account_forgets() {
        let mut c = QueryCache::default();
        c.for_account(Some("prod"));
        let ask = Ask::Detail {
            metric: "cpu.idle".into(),
        };
        let ctx = Context::TagKey {
            prefix: String::new(),
            metric: Some("cpu.idle".into()),
        };
        assert_eq!(c.asks(&ctx), vec![ask.clone()]);
        let sources = vec![SourceDetail {
            host: "web-01".into(),
            last_update: Some(1),
            tags: vec![("env".into(), "prod".into())],
        }];
        c.learn(
            &ask,
            &Ok(Answer::Detail {
                sources,
                more: false,
            }),
        );
        assert!(c.known.sources["cpu.idle"].contains("web-01"));
        assert!(c.known.tags["cpu.idle"]["env"].contains("prod"));
        c.for_account(Some("prod"));
        assert!(!c.known.tags.is_empty(), "same account: kept");
        c.for_account(Some("staging"));
        assert!(c.known.tags.is_empty());
        assert_eq!(c.asks(&ctx).len(), 1, "asked again for the new account");
        // A glob or a variable is no metric to ask about.
        let glob = Context::Source {
            prefix: String::new(),
            metric: Some("cpu.*".into()),
        };
        // For a glob, the source search (of any metric).
        assert_eq!(
            c.asks(&glob),
            vec![Ask::Sources {
                prefix: String::new()
            }]
        );
    }
}
