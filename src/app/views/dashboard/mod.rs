//! The dashboard player: a dashboard's sections as tabs, its rows and charts as a grid of
//! panels drawn by chart type, a variables bar, a time window and live refresh. Plain state
//! here; the keys and answers in `update.rs`, the drawing in `draw.rs`, the geometry in
//! `grid.rs`, the queries each panel runs in `runs.rs`.

mod answers;
mod commands;
pub(crate) use commands::variable_query;
pub mod draw;
pub mod grid;
pub mod looks;
pub mod panel;
pub mod picker;
pub mod runs;
pub mod update;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::api::chart::{ChartData, Series, Window};
use crate::api::chart_events::ChartEvent;
use crate::api::dashboard::{Bindings, Dashboard, Selection, VariableKind, default_bindings};
use crate::app::keymap::Action;
use crate::app::remote::Remote;
use crate::worker::RequestId;
use panel::{Look, Status, parse_color};
use ratatui::style::Color;

/// What the footer names in the player.
pub const FOOTER: &[Action] = &[
    Action::NextSection,
    Action::Window1h,
    Action::TypeWindow,
    Action::ZoomPanel,
    Action::Inspect,
    Action::NextVariable,
    Action::NextChoice,
    Action::PauseRefresh,
    Action::ToggleFavorite,
    Action::Refresh,
    Action::Back,
    Action::PickVariable,
];

/// How often a dashboard refreshes when it does not say (the product's live mode: a minute).
pub const DEFAULT_REFRESH_MS: i64 = 60_000;
/// How often the spinner turns while panels run.
pub const SPINNER_MS: i64 = 125;

/// One panel of the section shown: its look, its queries' answers, where they are.
#[derive(Debug, Clone, Default)]
pub struct PanelState {
    /// Row and chart index in the section.
    pub place: (usize, usize),
    pub look: Look,
    pub status: Status,
    /// The last answer of each running source, by source index.
    pub answers: Vec<(usize, ChartData)>,
    /// The merged series (sources in order), whether each is on the right axis, and its
    /// source's own colour (`sourceColor`) when it has one.
    pub series: Vec<Series>,
    pub secondary: Vec<bool>,
    pub colors: Vec<Option<Color>>,
    pub events: Vec<ChartEvent>,
    /// Why a query of its last run failed.
    pub error: Option<String>,
    /// When its answers arrived (epoch ms): the refresh's clock.
    pub loaded_at: Option<i64>,
    /// A table panel's rows scrolled past (`J`/`K` while it is selected).
    pub scroll: usize,
}

/// The player's TV mode: no chrome, sections cycled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tv {
    pub interval_ms: i64,
    /// When the section shown was switched to.
    pub since_ms: i64,
}

#[derive(Debug)]
pub struct DashboardPlayer {
    pub id: String,
    /// The dashboard's read.
    pub load: Remote<(), String>,
    pub dashboard: Option<Dashboard>,
    /// The dashboard's JSON, for `i` and a panel's chart JSON.
    pub doc: Option<Arc<crate::json::Doc>>,
    pub section: usize,
    /// The first row of the section shown (the grid scrolls by whole rows).
    pub scroll: usize,
    /// The selected panel (index into `panels`).
    pub selected: usize,
    pub panels: Vec<PanelState>,
    pub bindings: Bindings,
    /// The focused variable of the bar (index into the visible ones).
    pub variable: usize,
    pub window: Window,
    /// The window's end (epoch ms): now at the last run unless the window is a fixed span.
    pub end_ms: i64,
    /// Queries in flight: (panel, source index).
    pub inflight: BTreeSet<(usize, usize)>,
    /// The pool's generation of what is in flight (answers of another are stale).
    pub generation: u64,
    /// Queries in flight at once (`[dashboard] concurrency`).
    pub concurrency: usize,
    /// DYNAMIC variables' values, as their queries found them, by name.
    pub choices: HashMap<String, Vec<String>>,
    /// The DYNAMIC variables' reads in flight: request → variable.
    pub variable_reads: HashMap<RequestId, String>,
    pub paused: bool,
    pub refresh_ms: i64,
    pub tv: Option<Tv>,
    /// The spinner's frame.
    pub tick: usize,
    /// A backoff or retry of the queries, said in the status line.
    pub notice: Option<String>,
    /// When the panels on screen last ran all together: the refresh's clock.
    pub last_run_ms: Option<i64>,
    /// The favourite request in flight.
    pub favorite_request: Option<RequestId>,
    /// The events of the dashboard's own `eventQuery`, drawn on every line panel.
    pub dashboard_events: Vec<ChartEvent>,
    /// The event query is in flight (in the pool's generation).
    pub events_inflight: bool,
    /// The variables' pop-up picker, while it is open (`o`).
    pub picker: Option<picker::Picker>,
}

impl DashboardPlayer {
    /// Waiting for dashboard `id`'s read (request `request`).
    pub fn loading(id: impl Into<String>, request: RequestId, now_ms: i64) -> Self {
        Self {
            id: id.into(),
            load: Remote::loading(request),
            dashboard: None,
            doc: None,
            section: 0,
            scroll: 0,
            selected: 0,
            panels: Vec::new(),
            bindings: Bindings::new(),
            variable: 0,
            window: Window::default(),
            end_ms: now_ms,
            inflight: BTreeSet::new(),
            generation: 0,
            concurrency: crate::config::settings::DEFAULT_DASHBOARD_CONCURRENCY,
            choices: HashMap::new(),
            variable_reads: HashMap::new(),
            paused: false,
            refresh_ms: DEFAULT_REFRESH_MS,
            tv: None,
            tick: 0,
            notice: None,
            last_run_ms: None,
            favorite_request: None,
            dashboard_events: Vec::new(),
            events_inflight: false,
            picker: None,
        }
    }

    /// The dashboard arrived: its default window and variables, its first section's panels.
    pub fn set_dashboard(&mut self, dashboard: Dashboard, raw: &serde_json::Value) {
        self.window = match (dashboard.default_span, dashboard.default_window) {
            (Some((start_ms, end_ms)), _) => Window::Between { start_ms, end_ms },
            (None, Some(w)) => w,
            (None, None) => Window::default(),
        };
        if let Window::Between { end_ms, .. } = self.window {
            self.end_ms = end_ms;
        }
        // The product's "disable refresh in live mode" starts the player paused.
        if raw
            .get("disableRefreshInLiveMode")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
        {
            self.paused = true;
        }
        self.bindings = default_bindings(&dashboard.variables);
        self.dashboard = Some(dashboard);
        self.show_section(0);
    }

    /// Shows section `index` (wrapping), its panels not run yet.
    pub fn show_section(&mut self, index: usize) {
        let Some(d) = &self.dashboard else { return };
        let count = d.sections.len().max(1);
        self.section = index % count;
        self.scroll = 0;
        self.selected = 0;
        let dashboard_events = &self.dashboard_events;
        self.panels = d
            .sections
            .get(self.section)
            .map(|s| {
                s.rows
                    .iter()
                    .enumerate()
                    .flat_map(|(r, row)| {
                        row.charts
                            .iter()
                            .enumerate()
                            .map(move |(c, chart)| PanelState {
                                place: (r, c),
                                look: looks::look_of(chart),
                                events: dashboard_events.clone(),
                                ..PanelState::default()
                            })
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.fill_markdown();
    }

    /// The markdown panels' text with the variables filled in (`${env}`), as the queries are.
    pub fn fill_markdown(&mut self) {
        for i in 0..self.panels.len() {
            let text = self
                .chart(i)
                .filter(|_| self.panels[i].look.renderer() == panel::Renderer::Markdown)
                .and_then(|c| c.settings.markdown());
            if let Some(text) = text {
                self.panels[i].look.markdown =
                    crate::api::dashboard::substitute(&text, &self.bindings).query;
            }
        }
    }

    /// Whether the dashboard's event query uses variable `name`.
    pub fn event_query_uses(&self, name: &str) -> bool {
        let mark = format!("${{{name}}}");
        self.dashboard
            .as_ref()
            .and_then(|d| d.event_query.as_deref())
            .is_some_and(|q| q.contains(&mark))
    }

    pub fn section_count(&self) -> usize {
        self.dashboard.as_ref().map_or(0, |d| d.sections.len())
    }

    /// The chart of panel `i` of the section shown.
    pub fn chart(&self, i: usize) -> Option<&crate::api::dashboard::Chart> {
        let (r, c) = self.panels.get(i)?.place;
        self.dashboard
            .as_ref()?
            .sections
            .get(self.section)?
            .rows
            .get(r)?
            .charts
            .get(c)
    }

    /// The window's ends, epoch ms.
    pub fn window_ms(&self) -> (i64, i64) {
        match self.window {
            Window::Between { start_ms, end_ms } => (start_ms, end_ms),
            w => (self.end_ms - w.millis(), self.end_ms),
        }
    }

    /// An answer of panel `panel`'s source `source` (its request already out of
    /// `inflight`): the panel's series are merged again.
    pub fn receive(
        &mut self,
        panel: usize,
        source: usize,
        result: Result<ChartData, String>,
        now_ms: i64,
    ) {
        let (on_right, colors): (Vec<bool>, Vec<Option<Color>>) = self
            .chart(panel)
            .map(|c| {
                c.sources
                    .iter()
                    .map(|s| (s.secondary_axis, s.color.as_deref().and_then(parse_color)))
                    .unzip()
            })
            .unwrap_or_default();
        let waiting = self.inflight.iter().any(|(p, _)| *p == panel);
        let Some(p) = self.panels.get_mut(panel) else {
            return;
        };
        match result {
            Ok(data) => {
                p.answers.retain(|(s, _)| *s != source);
                p.answers.push((source, data));
                p.answers.sort_by_key(|(s, _)| *s);
            }
            Err(why) => p.error = Some(why),
        }
        p.status = match (&p.error, waiting) {
            (Some(why), _) => Status::Failed(why.clone()),
            (None, true) => Status::Loading,
            (None, false) => Status::Ready,
        };
        p.series = p
            .answers
            .iter()
            .flat_map(|(_, d)| d.series.iter().cloned())
            .collect();
        p.secondary = p
            .answers
            .iter()
            .flat_map(|(s, d)| {
                std::iter::repeat_n(on_right.get(*s).copied().unwrap_or(false), d.series.len())
            })
            .collect();
        p.colors = p
            .answers
            .iter()
            .flat_map(|(s, d)| {
                std::iter::repeat_n(colors.get(*s).copied().flatten(), d.series.len())
            })
            .collect();
        p.events = panel_events(&p.answers, &self.dashboard_events);
        p.loaded_at = Some(now_ms);
    }

    /// The answer of the dashboard's event query: its events join every panel's.
    pub fn receive_dashboard_events(&mut self, result: Result<ChartData, String>) {
        self.events_inflight = false;
        match result {
            Ok(data) => {
                self.dashboard_events = data.events;
                for p in &mut self.panels {
                    p.events = panel_events(&p.answers, &self.dashboard_events);
                }
            }
            Err(why) => self.notice = Some(format!("the dashboard's event query: {why}")),
        }
    }

    /// The variables the bar shows (hidden ones left out), as indexes into the dashboard's.
    pub fn visible_variables(&self) -> Vec<usize> {
        self.dashboard.as_ref().map_or_else(Vec::new, |d| {
            (0..d.variables.len())
                .filter(|i| !d.variables[*i].hidden)
                .collect()
        })
    }

    /// The focused variable's next (or previous) choice; `false` when it has none to pick
    /// (a SIMPLE one is typed).
    pub fn cycle_choice(&mut self, forward: bool) -> Option<String> {
        let visible = self.visible_variables();
        let d = self.dashboard.as_ref()?;
        let var = &d.variables[*visible.get(self.variable)?];
        // A DYNAMIC variable's values are what its query found; a LIST's are its own.
        let mut values: Vec<Option<&str>> = match (&var.kind, self.choices.get(&var.name)) {
            (VariableKind::Dynamic, Some(found)) => {
                found.iter().map(|v| Some(v.as_str())).collect()
            }
            _ => var.choices.iter().map(|(_, v)| Some(v.as_str())).collect(),
        };
        if var.kind == VariableKind::Simple || values.is_empty() {
            return None;
        }
        if var.allow_all {
            values.insert(0, None);
        }
        let now = match self.bindings.get(&var.name) {
            Some(Selection::All) => values.iter().position(Option::is_none),
            Some(Selection::Values(v)) => values
                .iter()
                .position(|c| *c == v.first().map(String::as_str)),
            None => None,
        };
        let n = values.len();
        let next = match (now, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        let selection = match values[next] {
            None => Selection::All,
            Some(v) => Selection::one(v),
        };
        let name = var.name.clone();
        self.bindings.insert(name.clone(), selection);
        Some(name)
    }

    /// Panels whose queries use variable `name`.
    pub fn panels_using(&self, name: &str) -> Vec<usize> {
        let mark = format!("${{{name}}}");
        (0..self.panels.len())
            .filter(|i| {
                self.chart(*i)
                    .is_some_and(|c| c.sources.iter().any(|s| s.query.contains(&mark)))
            })
            .collect()
    }

    /// Each DYNAMIC variable with a query: its name, how to read its values, the query
    /// (other variables filled in) over the player's window.
    pub fn dynamic_queries(
        &self,
    ) -> Vec<(
        String,
        crate::api::dashboard::Dynamic,
        crate::api::chart::ChartQuery,
    )> {
        let Some(d) = &self.dashboard else {
            return Vec::new();
        };
        d.variables
            .iter()
            .filter_map(|v| {
                let dynamic = v.dynamic.clone()?;
                let text = dynamic.query.clone()?;
                let text = text.trim();
                (!text.is_empty()).then(|| {
                    let filled = crate::api::dashboard::substitute(text, &self.bindings).query;
                    let mut query =
                        crate::api::chart::ChartQuery::new(filled, self.window, self.end_ms);
                    query.events = crate::api::chart_events::ShowEvents::Off;
                    (v.name.clone(), dynamic, query)
                })
            })
            .collect()
    }

    /// Any panel waiting for an answer.
    pub fn is_loading(&self) -> bool {
        !self.inflight.is_empty() || self.events_inflight || self.load.is_loading()
    }
}

/// A panel's events: those of its queries' answers, and the dashboard's (once each).
fn panel_events(answers: &[(usize, ChartData)], dashboard: &[ChartEvent]) -> Vec<ChartEvent> {
    let own: Vec<ChartEvent> = answers
        .iter()
        .flat_map(|(_, d)| d.events.iter().cloned())
        .collect();
    crate::api::chart_events::merge(own, dashboard.to_vec())
}
