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

/// The panel index of the dashboard's event query among [`SourceQuery`]s (`dashboard render`
/// runs it with the panels' queries): a panel no dashboard has.
pub const EVENT_QUERY_PANEL: usize = usize::MAX;

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
        // BYDASHBOARD draws the dashboard's event query only, not the charts' own events.
        let events = if matches!(d.event_filter, EventFilter::None | EventFilter::ByDashboard) {
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

    /// The dashboard's event query (`eventQuery`, its variables filled in) over the window,
    /// when `eventFilterType` asks for it.
    pub fn event_query(&self) -> Option<ChartQuery> {
        let d = self.dashboard.as_ref()?;
        let text = d.event_query.as_deref()?.trim();
        if !d.event_filter.uses_event_query() || text.is_empty() {
            return None;
        }
        let mut query = ChartQuery::new(
            substitute(text, &self.bindings).query,
            self.window,
            self.end_ms,
        );
        // An `events(…)` answer carries its events itself.
        query.events = ShowEvents::Off;
        Some(query)
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
    /// the rest; with `events`, the dashboard's event query runs too (else it is kept when in
    /// flight). The window ends now (`now_ms`) unless it is a fixed span.
    pub fn submit(
        &mut self,
        run: &[usize],
        keep: &[usize],
        now_ms: i64,
        events: bool,
    ) -> Vec<Command> {
        if self.window.ends_now() {
            self.end_ms = now_ms;
        }
        let running: Vec<usize> = self.running_panels();
        let rerun = run.iter().any(|p| running.contains(p)) || (events && self.events_inflight);
        let dropped = running
            .iter()
            .any(|p| !keep.contains(p) && !run.contains(p));
        let mut send: Vec<usize> = run.to_vec();
        let mut commands = Vec::new();
        let send_events = (events || self.events_inflight) && self.event_query().is_some();
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
            if send.is_empty() && !send_events {
                commands.push(Command::DashboardCancel);
            }
        }
        let mut queries: Vec<PanelQuery> = self
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
        // In flight in the same generation, the event query goes on as it is.
        let resend = send_events && !(self.events_inflight && !(rerun || dropped));
        if let Some(query) = self.event_query().filter(|_| resend) {
            self.events_inflight = true;
            queries.push(PanelQuery {
                key: PanelKey::event_query(self.generation, self.section),
                query,
            });
        }
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
        self.events_inflight = false;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dashboard::Dashboard;
    use serde_json::json;

    fn player() -> DashboardPlayer {
        let chart = |name: &str| {
            json!({"name": name, "sources": [
                {"name": "a", "query": "ts(a, env=${env})"},
                {"name": "off", "query": "ts(b)", "disabled": true},
                {"name": "b", "query": "ts(c)", "secondaryAxis": true}
            ], "chartSettings": {"type": "line"}})
        };
        let raw = json!({"id": "d", "name": "D", "sections": [{"name": "s", "rows": [
            {"charts": [chart("one"), chart("two")]},
            {"charts": [chart("three"), {"name": "md", "chartSettings": {"type": "markdown-widget"}}]}
        ]}], "parameterDetails": {"env": {"parameterType": "SIMPLE", "defaultValue": "prod"}}});
        let mut p = DashboardPlayer::loading("d", 1, 0);
        p.set_dashboard(Dashboard::read(&raw), &raw);
        p
    }

    fn sent(commands: &[Command]) -> Vec<(u64, usize)> {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::DashboardQueries {
                    generation,
                    queries,
                    ..
                } => Some((*generation, queries.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn enabled_sources_run_filled_in_and_markdown_does_not() {
        let p = player();
        let q = p.queries_of(&[0, 3]);
        assert_eq!(
            q.len(),
            2,
            "two enabled sources; the markdown widget runs nothing"
        );
        assert_eq!(q[0].query.expression, "ts(a, env=prod)");
        assert_eq!((q[1].panel, q[1].source), (0, 2));
    }

    #[test]
    fn adding_panels_keeps_the_generation_rerunning_or_dropping_starts_one() {
        let mut p = player();
        let c = p.submit(&[0], &[0], 1_000, false);
        assert_eq!(sent(&c), [(0, 2)]);
        assert_eq!(p.panels[0].status, Status::Loading);
        // More panels come on screen: added to what runs.
        let c = p.submit(&[1], &[0, 1], 1_000, false);
        assert_eq!(sent(&c), [(0, 2)]);
        // Panel 0 leaves the screen: a new generation with panel 1 only.
        let c = p.submit(&[2], &[1, 2], 1_000, false);
        assert_eq!(sent(&c), [(1, 4)]);
        assert_eq!(p.panels[0].status, Status::Idle);
        assert!(p.running_panels().iter().all(|i| [1, 2].contains(i)));
        // An answer of the old generation is stale.
        let old = crate::worker::dashboard::PanelKey {
            generation: 0,
            ..p.key(1, 0).unwrap()
        };
        assert_eq!(p.panel_of(&old), None);
        assert_eq!(p.panel_of(&p.key(1, 0).unwrap()), Some((1, 0)));
        // Everything dropped: the pool is told.
        let c = p.cancel_all();
        assert!(matches!(&c[..], [Command::DashboardCancel]));
        assert!(p.inflight.is_empty());
    }

    fn with_event_query(filter: &str) -> DashboardPlayer {
        let raw = json!({"id": "d", "sections": [{"name": "s", "rows": [{"charts": [
            {"name": "one", "sources": [{"name": "a", "query": "ts(a)"}],
             "chartSettings": {"type": "line"}}]}]}],
            "eventFilterType": filter, "eventQuery": "events(type=deploy, env=${env})",
            "parameterDetails": {"env": {"parameterType": "SIMPLE", "defaultValue": "prod"}}});
        let mut p = DashboardPlayer::loading("d", 1, 0);
        p.set_dashboard(Dashboard::read(&raw), &raw);
        p
    }

    fn event_queries(commands: &[Command]) -> Vec<(u64, String)> {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::DashboardQueries { queries, .. } => Some(queries),
                _ => None,
            })
            .flatten()
            .filter(|q| q.key.is_event_query())
            .map(|q| (q.key.generation, q.query.expression.clone()))
            .collect()
    }

    #[test]
    fn the_event_query_runs_with_the_window_and_is_kept_across_generations() {
        let mut p = with_event_query("BYDASHBOARD");
        let q = p.queries_of(&[0]);
        assert_eq!(
            q[0].query.events,
            ShowEvents::Off,
            "BYDASHBOARD: not the chart's"
        );
        let c = p.submit(&[0], &[0], 1_000, true);
        assert_eq!(
            event_queries(&c),
            [(0, "events(type=deploy, env=prod)".into())]
        );
        assert!(p.events_inflight && p.is_loading());
        // Panels only: in flight, it goes on as it is.
        let c = p.submit(&[], &[0], 1_000, false);
        assert!(event_queries(&c).is_empty());
        // A rerun starts a generation: the event query goes again with it.
        let c = p.submit(&[0], &[0], 2_000, false);
        assert_eq!(event_queries(&c).len(), 1);
        assert_eq!(event_queries(&c)[0].0, p.generation);
        // Its answer joins the panel's events.
        let event =
            crate::api::chart_events::from_query_event(&json!({"name": "deploy", "start": 1_500}))
                .unwrap();
        p.receive_dashboard_events(Ok(crate::api::chart::ChartData {
            events: vec![event],
            ..Default::default()
        }));
        assert!(!p.events_inflight);
        assert_eq!(p.panels[0].events.len(), 1);
        p.cancel_all();
        assert!(!p.events_inflight);
    }

    #[test]
    fn the_event_query_runs_only_when_the_filter_asks_for_it() {
        for (filter, runs) in [
            ("BYDASHBOARD", true),
            ("BYCHARTANDDASHBOARD", true),
            ("BYCHART", false),
            ("NONE", false),
            ("SOMETIMES", false),
        ] {
            let mut p = with_event_query(filter);
            let c = p.submit(&[0], &[0], 1_000, true);
            assert_eq!(event_queries(&c).len(), usize::from(runs), "{filter}");
        }
    }

    #[test]
    fn answers_merge_by_source_with_the_right_axis_flagged() {
        let mut p = player();
        p.submit(&[0], &[0], 1_000, false);
        let series = |label: &str| crate::api::chart::Series {
            label: label.into(),
            host: None,
            tags: Vec::new(),
            points: vec![(1, 1.0)],
        };
        let data = |label: &str| crate::api::chart::ChartData {
            series: vec![series(label)],
            ..Default::default()
        };
        p.inflight.remove(&(0, 2));
        p.receive(0, 2, Ok(data("right")), 5);
        assert_eq!(p.panels[0].status, Status::Loading, "one source still runs");
        p.inflight.remove(&(0, 0));
        p.receive(0, 0, Ok(data("left")), 6);
        let panel = &p.panels[0];
        assert_eq!(panel.status, Status::Ready);
        let labels: Vec<&str> = panel.series.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["left", "right"]);
        assert_eq!(panel.secondary, [false, true]);
        p.submit(&[0], &[0], 2_000, false);
        p.inflight.remove(&(0, 0));
        p.receive(0, 0, Err("query failed".into()), 7);
        p.inflight.remove(&(0, 2));
        p.receive(0, 2, Ok(data("right")), 8);
        assert_eq!(p.panels[0].status, Status::Failed("query failed".into()));
    }
}
