//! The queries a panel runs: each enabled source of a chart that queries, its variables filled
//! in, over the player's window. Running panels cancels what they had in flight; leaving the
//! screen (scrolling, another section, closing) cancels what the panels left have in flight.

use crate::api::chart::ChartQuery;
use crate::api::chart_events::ShowEvents;
use crate::api::dashboard::{EventFilter, substitute};
use crate::worker::{Command, RequestId};

use super::DashboardPlayer;
use super::panel::Status;

/// One source's query of one panel.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelQuery {
    pub panel: usize,
    pub source: usize,
    pub query: ChartQuery,
}

impl DashboardPlayer {
    /// The queries of `panels`, over the window as it is now.
    pub fn queries_of(&self, panels: &[usize]) -> Vec<PanelQuery> {
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
            let Some(chart) = self.chart(panel) else {
                continue;
            };
            let runs = self
                .panels
                .get(panel)
                .is_some_and(|p| p.look.renderer().queries());
            if !runs {
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
                out.push(PanelQuery {
                    panel,
                    source,
                    query,
                });
            }
        }
        out
    }

    /// Runs `panels` again (what they had in flight cancelled), with one request id per query
    /// from `ids`; the window ends now (`now_ms`) unless it is a fixed span.
    pub fn run(
        &mut self,
        panels: &[usize],
        ids: &mut impl FnMut() -> RequestId,
        now_ms: i64,
    ) -> Vec<Command> {
        if self.window.ends_now() {
            self.end_ms = now_ms;
        }
        let mut commands = self.cancel_where(|p| panels.contains(&p));
        for q in self.queries_of(panels) {
            let id = ids();
            self.inflight.insert(id, (q.panel, q.source));
            commands.push(Command::Chart { id, query: q.query });
        }
        for &i in panels {
            let running = self.inflight.values().any(|(p, _)| *p == i);
            if let Some(p) = self.panels.get_mut(i) {
                p.error = None;
                p.status = if running {
                    Status::Loading
                } else {
                    p.status.clone()
                };
            }
        }
        commands
    }

    /// Cancels the queries in flight of the panels `which` says, their panels left as they
    /// were (the last answer stays shown).
    pub fn cancel_where(&mut self, which: impl Fn(usize) -> bool) -> Vec<Command> {
        let gone: Vec<RequestId> = self
            .inflight
            .iter()
            .filter(|(_, (p, _))| which(*p))
            .map(|(id, _)| *id)
            .collect();
        let mut commands = Vec::new();
        for id in gone {
            if let Some((p, _)) = self.inflight.remove(&id) {
                if let Some(panel) = self.panels.get_mut(p) {
                    if panel.status == Status::Loading {
                        panel.status = if panel.answers.is_empty() {
                            Status::Idle
                        } else {
                            Status::Ready
                        };
                    }
                }
            }
            commands.push(Command::Cancel(id));
        }
        commands.sort_by_key(|c| match c {
            Command::Cancel(id) => *id,
            _ => 0,
        });
        commands
    }

    /// How many queries running `panels` sends.
    pub fn query_count(&self, panels: &[usize]) -> usize {
        self.queries_of(panels).len()
    }
}
