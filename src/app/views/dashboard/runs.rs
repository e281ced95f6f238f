//! The queries a panel runs: each enabled source of a chart that queries, its variables filled
//! in, over the player's window, sent to the worker's pool (at most `[dashboard] concurrency`
//! in flight). The pool knows generations only: running again what is in flight, or dropping
//! panels that left the screen, starts a new generation with what is still wanted; stale
//! answers are told apart by it.

use crate::api::chart::ChartQuery;
use crate::api::chart_events::ShowEvents;
use crate::api::dashboard::queries::Place;
use crate::api::dashboard::{EventFilter, substitute};
use crate::worker::Command;
use crate::worker::dashboard::{PanelKey, PanelQuery};

use super::DashboardPlayer;
use super::panel::Status;

/// One source's query of one panel.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceQuery {
    pub panel: usize,
    pub source: usize,
    pub query: ChartQuery,
}

impl DashboardPlayer {
    /// The queries of `panels`, over the window as it is now.
    pub fn queries_of(&self, panels: &[usize]) -> Vec<SourceQuery> {
        let Some(d) = &self.dashboard else {
            return Vec::new();
        };
        let events = if d.event_filter == EventFilter::None {
            ShowEvents::Off
        } else {
            ShowEvents::FromChart
        };
        let mut out = Vec::new();
        for &panel in panels {
            let (Some(chart), Some(state)) = (self.chart(panel), self.panels.get(panel)) else {
                continue;
            };
            if !state.look.renderer().queries() {
                continue;
            }
            for (source, s) in chart.running_sources() {
                let filled = substitute(&s.query, &self.bindings).query;
                let mut query = ChartQuery::new(filled, self.window, self.end_ms);
                query.events = if chart.no_default_events {
                    ShowEvents::Off
                } else {
                    events
                };
                out.push(SourceQuery {
                    panel,
                    source,
                    query,
                });
            }
        }
        out
    }

    /// The pool's key of panel `panel`'s source `source` in this generation.
    pub fn key(&self, panel: usize, source: usize) -> Option<PanelKey> {
        let (row, chart) = self.panels.get(panel)?.place;
        Some(PanelKey {
            generation: self.generation,
            place: Place {
                section: self.section,
                row,
                chart,
                source,
            },
        })
    }

    /// The panel and source a key is for, when it is of this generation and section.
    pub fn panel_of(&self, key: &PanelKey) -> Option<(usize, usize)> {
        if key.generation != self.generation || key.place.section != self.section {
            return None;
        }
        let panel = self
            .panels
            .iter()
            .position(|p| p.place == (key.place.row, key.place.chart))?;
        Some((panel, key.place.source))
    }

    /// Runs `run` (again, if they were running), keeps what is in flight for `keep`, and drops
    /// the rest; the window ends now (`now_ms`) unless it is a fixed span.
    pub fn submit(&mut self, run: &[usize], keep: &[usize], now_ms: i64) -> Vec<Command> {
        if self.window.ends_now() {
            self.end_ms = now_ms;
        }
        let running: Vec<usize> = self.running_panels();
        let rerun = run.iter().any(|p| running.contains(p));
        let dropped = running
            .iter()
            .any(|p| !keep.contains(p) && !run.contains(p));
        let mut send: Vec<usize> = run.to_vec();
        let mut commands = Vec::new();
        if rerun || dropped {
            // A new generation: what is still wanted is sent again with it.
            self.generation += 1;
            send.extend(
                running
                    .iter()
                    .filter(|p| keep.contains(p) && !run.contains(p)),
            );
            self.inflight.clear();
            for p in running.iter().filter(|p| !send.contains(p)) {
                self.settle(*p);
            }
            if send.is_empty() {
                commands.push(Command::DashboardCancel);
            }
        }
        let queries: Vec<PanelQuery> = self
            .queries_of(&send)
            .into_iter()
            .filter_map(|q| {
                let key = self.key(q.panel, q.source)?;
                self.inflight.insert((q.panel, q.source));
                Some(PanelQuery {
                    key,
                    query: q.query,
                })
            })
            .collect();
        for &i in run {
            let loading = self.inflight.iter().any(|(p, _)| *p == i);
            if let Some(p) = self.panels.get_mut(i) {
                p.error = None;
                if loading {
                    p.status = Status::Loading;
                }
            }
        }
        if !queries.is_empty() {
            commands.push(Command::DashboardQueries {
                generation: self.generation,
                limit: self.concurrency,
                queries,
            });
        }
        commands
    }

    /// Drops everything in flight (leaving the player, another section).
    pub fn cancel_all(&mut self) -> Vec<Command> {
        let running = self.running_panels();
        self.inflight.clear();
        self.generation += 1;
        for p in running {
            self.settle(p);
        }
        vec![Command::DashboardCancel]
    }

    /// The panels with a query in flight.
    pub fn running_panels(&self) -> Vec<usize> {
        let mut panels: Vec<usize> = self.inflight.iter().map(|(p, _)| *p).collect();
        panels.dedup();
        panels
    }

    /// A panel whose queries were dropped: its last answer stays, else it is not run yet.
    fn settle(&mut self, panel: usize) {
        if let Some(p) = self.panels.get_mut(panel) {
            if p.status == Status::Loading {
                p.status = if p.answers.is_empty() {
                    Status::Idle
                } else {
                    Status::Ready
                };
            }
        }
    }
}
