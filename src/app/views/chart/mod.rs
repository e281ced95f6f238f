//! The chart view's state: a query over a window, its result, and how it is shown (the line
//! chart or the numbers). Plain data; the request runs in the worker.

pub mod bands;
pub mod cursor;
pub mod draw;
pub mod events;
pub mod range;
pub mod sources;
pub mod update;
#[cfg(test)]
mod zoom_tests;

use serde_json::Value;

use crate::app::keymap::Action;

/// What the footer names on a chart.
pub const FOOTER: &[Action] = &[
    Action::Window1h,
    Action::TypeWindow,
    Action::EditQuery,
    Action::CycleGranularity,
    Action::ToggleNumbers,
    Action::NextExpression,
    Action::ColumnRight,
    Action::CycleEvents,
    Action::Back,
    Action::Refresh,
    Action::CopyCurl,
];

/// What the footer names on a zoomed dashboard panel.
pub const PANEL_FOOTER: &[Action] = &[
    Action::Window1h,
    Action::TypeWindow,
    Action::Filter,
    Action::ToggleNumbers,
    Action::NextExpression,
    Action::ColumnRight,
    Action::CycleEvents,
    Action::PauseRefresh,
    Action::Back,
    Action::Refresh,
    Action::CopyCurl,
];

use crate::api::ApiRequest;
use crate::api::chart::{ChartData, ChartQuery, Window};
use crate::api::chart_events::{ChartEvent, ShowEvents};
use crate::app::remote::Remote;
use crate::worker::{Command, RequestId};

use crate::app::layout::step;

/// How many series the chart draws in distinct colours; the rest are counted ("+M more").
pub const MAX_DRAWN: usize = 8;

#[derive(Debug)]
pub struct ChartView {
    /// What is charted, for the title: `query`, or `Alerts › High CPU`.
    pub title: String,
    /// The expressions that can be charted here, named (`display expression`, `condition`);
    /// `e` switches between them. Never empty.
    pub expressions: Vec<(String, String)>,
    pub current: usize,
    pub query: ChartQuery,
    /// The query's run: in flight, answered, or failed (and why).
    pub request: Remote<(), String>,
    /// The series shown: the last answer's (they stay while the query runs again).
    pub data: Option<ChartData>,
    /// Show the numbers (time × series) instead of the chart.
    pub numbers: bool,
    /// The first row shown in the numbers view.
    pub scroll: usize,
    /// The first series column shown in the numbers view.
    pub column: usize,
    /// An alert's firing and thresholds drawn over the series (none on a plain chart).
    pub bands: bands::Bands,
    /// The time cursor (epoch ms), when it is on: `h`/`l` move it, `esc` puts it away.
    pub cursor: Option<i64>,
    /// A zoomed dashboard panel's sources, each its own run, charted together (`data` is then
    /// their union as shown); empty on a `:query` chart and an alert's.
    pub sources: Vec<sources::SourceRun>,
    /// Per series of `data` on a zoom: the index of its source.
    pub origin: Vec<usize>,
    /// On a zoom: the series of all sources, before the filter and the solo.
    pub total_series: usize,
    /// On a zoom: the one source shown alone (`e`), or all of them.
    pub solo: Option<usize>,
    /// On a zoom: the `/` filter over the series.
    pub filter: Option<sources::SeriesFilter>,
    /// On a zoom: the panel's look (units, min/max, the right-hand scale, its type).
    pub look: Option<crate::app::views::dashboard::panel::Look>,
    /// On a zoom: how often it runs again by itself (the dashboard's live refresh), while
    /// not `paused` and the window ends now.
    pub live_ms: Option<i64>,
    pub paused: bool,
    /// When the query (or the sources) last ran.
    pub ran_at: Option<i64>,
    /// On a zoom: the sources' queries sent at once at most (`[dashboard] concurrency`, as
    /// the player's pool); the others wait in `queued`, sent as answers arrive.
    pub limit: usize,
    /// Sources of this run not sent yet, with the request id each has, in source order.
    queued: std::collections::VecDeque<(usize, RequestId)>,
}

impl ChartView {
    /// A chart of `expressions[0]` over the last hour.
    pub fn new(title: impl Into<String>, expressions: Vec<(String, String)>, now_ms: i64) -> Self {
        let expressions = if expressions.is_empty() {
            vec![("query".to_string(), String::new())]
        } else {
            expressions
        };
        let query = ChartQuery::new(expressions[0].1.clone(), Window::default(), now_ms);
        Self {
            title: title.into(),
            expressions,
            current: 0,
            query,
            request: Remote::NotAsked,
            data: None,
            numbers: false,
            scroll: 0,
            column: 0,
            bands: bands::Bands::default(),
            cursor: None,
            sources: Vec::new(),
            origin: Vec::new(),
            total_series: 0,
            solo: None,
            filter: None,
            look: None,
            live_ms: None,
            paused: false,
            ran_at: None,
            limit: crate::config::settings::DEFAULT_DASHBOARD_CONCURRENCY,
            queued: std::collections::VecDeque::new(),
        }
    }

    /// When a live zoom runs again by itself; `None` on a plain chart, paused, or over a
    /// fixed span.
    pub fn next_refresh_ms(&self) -> Option<i64> {
        let every = self.live_ms.filter(|_| !self.paused)?;
        if !self.query.window.ends_now() {
            return None;
        }
        self.ran_at.map(|at| at + every)
    }

    /// A zoomed dashboard panel: its sources (and the dashboard's event query) charted
    /// together over `query`'s window, drawn with the panel's `look`.
    pub fn for_panel(
        title: impl Into<String>,
        runs: Vec<sources::SourceRun>,
        look: crate::app::views::dashboard::panel::Look,
        query: ChartQuery,
    ) -> Self {
        let expressions = runs
            .iter()
            .filter(|s| !s.events_only)
            .map(|s| (s.name.clone(), s.query.expression.clone()))
            .collect();
        let mut view = Self::new(title, expressions, query.end_ms);
        view.query = ChartQuery {
            expression: view.expressions[0].1.clone(),
            ..query
        };
        view.sources = runs;
        view.look = Some(look);
        view
    }

    /// Whether this is a zoomed panel's chart (several sources at once).
    pub fn is_panel(&self) -> bool {
        !self.sources.is_empty()
    }

    /// How many request ids a run takes (`run`'s `id` and those after it).
    pub fn ids_needed(&self) -> usize {
        self.sources.len().max(1)
    }

    /// Whether request `id` is one this view waits for.
    pub fn awaits(&self, id: RequestId) -> bool {
        self.request.awaits(id) || self.sources.iter().any(|s| s.request.awaits(id))
    }

    /// Every request in flight.
    pub fn requests(&self) -> Vec<RequestId> {
        let mut ids: Vec<RequestId> = self.request.request().into_iter().collect();
        ids.extend(self.sources.iter().filter_map(|s| s.request.request()));
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Notes a retry of request `id`.
    pub fn retry(&mut self, id: RequestId, notice: &str) {
        self.request.retry(id, notice.to_string());
        for s in &mut self.sources {
            s.request.retry(id, notice.to_string());
        }
    }

    /// The panel's sources with a query (not the event query), with their index.
    pub fn charted_sources(&self) -> impl Iterator<Item = (usize, &sources::SourceRun)> {
        self.sources
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.events_only)
    }

    /// A zoom's series as shown again (after an answer, a filter, a solo).
    pub fn remerge(&mut self) {
        if !self.is_panel() {
            return;
        }
        self.request = sources::overall(&self.sources);
        let answered = self.charted_sources().any(|(_, s)| s.data.is_some());
        let filter = self.filter.as_ref().map_or("", |f| f.input.value());
        let merged = sources::merge(&self.sources, self.solo, filter, &[]);
        self.origin = merged.origin;
        self.total_series = merged.total;
        self.data = answered.then_some(merged.data);
        self.column = self.column.min(self.series_count().saturating_sub(1));
    }

    /// The failed sources of a zoom, by name, while others are still charted.
    pub fn failed_sources(&self) -> Vec<(&str, &str)> {
        if self.request.failed().is_some() {
            return Vec::new();
        }
        self.sources
            .iter()
            .filter_map(|s| Some((s.name.as_str(), s.request.failed()?.as_str())))
            .collect()
    }

    /// The name of series `i`'s source, when a zoom charts several.
    pub fn source_of(&self, i: usize) -> Option<&str> {
        if self.charted_sources().count() < 2 {
            return None;
        }
        let s = self.sources.get(*self.origin.get(i)?)?;
        Some(s.name.as_str())
    }

    /// The colour series `i` is drawn in: its source's own (`sourceColor`) in a zoom, else the
    /// palette's by position (as the panel on the grid draws it).
    pub fn series_color(&self, i: usize) -> ratatui::style::Color {
        self.source_color(i)
            .unwrap_or(draw::PALETTE[i % draw::PALETTE.len()])
    }

    /// The source's own colour of series `i`, when it has one.
    pub fn source_color(&self, i: usize) -> Option<ratatui::style::Color> {
        let source = self.sources.get(*self.origin.get(i)?)?;
        source.color
    }

    /// Whether series `i` is on the right-hand scale.
    pub fn on_right(&self, i: usize) -> bool {
        self.origin
            .get(i)
            .and_then(|o| self.sources.get(*o))
            .is_some_and(|s| s.secondary)
    }

    /// `e` on a zoom: all sources → the first alone → … → the last alone → all.
    pub fn next_solo(&mut self) -> bool {
        let charted: Vec<usize> = self.charted_sources().map(|(i, _)| i).collect();
        if charted.len() < 2 {
            return false;
        }
        self.solo = match self.solo.and_then(|s| charted.iter().position(|c| *c == s)) {
            None => Some(charted[0]),
            Some(at) => charted.get(at + 1).copied(),
        };
        // The query of the curl and of `i`: the source shown alone, else the first.
        let shown = self.solo.unwrap_or(charted[0]);
        self.query.expression = self.sources[shown].query.expression.clone();
        self.current = charted.iter().position(|c| *c == shown).unwrap_or(0);
        self.scroll = 0;
        self.remerge();
        true
    }

    /// The source `i`/`:expr` edit on a zoom: the one alone, or the only one.
    pub fn edited_source(&self) -> Option<usize> {
        let charted: Vec<usize> = self.charted_sources().map(|(i, _)| i).collect();
        match (self.solo, &charted[..]) {
            (Some(s), _) => Some(s),
            (None, [only]) => Some(*only),
            _ => None,
        }
    }

    /// A typed `:query`.
    pub fn for_expression(expression: &str, now_ms: i64) -> Self {
        Self::new(
            "query",
            vec![("query".into(), expression.trim().to_string())],
            now_ms,
        )
    }

    /// An alert's display expression (what its chart shows: the condition without the
    /// threshold) first, then its condition; a derived metric's query. `None` when the item has
    /// none of them.
    pub fn for_alert(title: &str, alert: &Value, now_ms: i64) -> Option<Self> {
        let expressions: Vec<(String, String)> = [
            ("display expression", "displayExpression"),
            ("condition", "condition"),
            ("query", "query"),
        ]
        .into_iter()
        .filter_map(|(name, key)| {
            let expr = alert.get(key)?.as_str()?.trim();
            (!expr.is_empty()).then(|| (name.to_string(), expr.to_string()))
        })
        .collect();
        (!expressions.is_empty()).then(|| Self::new(title, expressions, now_ms))
    }

    /// (Re)runs the query, its window ending now (unless it is a span between two times);
    /// what was in flight is cancelled.
    /// A zoom's sources run together, with ids `id`, `id + 1`, … ([`Self::ids_needed`]).
    pub fn run(&mut self, id: RequestId, now_ms: i64) -> Vec<Command> {
        let mut commands: Vec<Command> = self.requests().into_iter().map(Command::Cancel).collect();
        if self.query.window.ends_now() {
            self.query.end_ms = now_ms;
        }
        self.ran_at = Some(now_ms);
        if self.is_panel() {
            let shown = self.query.events;
            let template = self.query.clone();
            self.queued.clear();
            for ((i, s), id) in self.sources.iter_mut().enumerate().zip(sources::ids(id)) {
                s.query = ChartQuery {
                    expression: s.query.expression.clone(),
                    // The event query's answer carries its events itself.
                    events: if s.events_only {
                        ShowEvents::Off
                    } else {
                        sources::events_for(i, s.own_events, shown)
                    },
                    ..template.clone()
                };
                s.request = Remote::loading(id);
                self.queued.push_back((i, id));
            }
            commands.extend(self.send_queued());
            self.remerge();
            return commands;
        }
        self.request = Remote::loading(id);
        commands.push(Command::Chart {
            id,
            query: self.query.clone(),
        });
        commands
    }

    /// The queued sources' queries while fewer than `limit` are on their way.
    pub fn send_queued(&mut self) -> Vec<Command> {
        let sent = |view: &Self| {
            view.sources
                .iter()
                .filter_map(|s| s.request.request())
                .filter(|id| !view.queued.iter().any(|(_, q)| q == id))
                .count()
        };
        let mut commands = Vec::new();
        while sent(self) < self.limit.max(1) {
            let Some((i, id)) = self.queued.pop_front() else {
                break;
            };
            if let Some(s) = self.sources.get(i).filter(|s| s.request.awaits(id)) {
                commands.push(Command::Chart {
                    id,
                    query: s.query.clone(),
                });
            }
        }
        commands
    }

    /// Takes a result if it is the one awaited; `false` for a stale one.
    pub fn receive(&mut self, id: RequestId, result: Result<ChartData, String>) -> bool {
        if self.is_panel() {
            return self.receive_source(id, result);
        }
        if !self.request.awaits(id) {
            return false;
        }
        match result {
            Ok(data) => {
                self.request.land(id, Ok(()));
                self.data = Some(data);
                self.scroll = 0;
                self.column = self.column.min(self.series_count().saturating_sub(1));
                // A cursor stays where it was while that time is still charted.
                let (from, to) = self.window_ms();
                self.cursor = self.cursor.filter(|c| (from..=to).contains(c));
            }
            Err(message) => {
                self.request.land(id, Err(message));
                self.data = None;
            }
        }
        true
    }

    /// A zoomed source's answer: the union is drawn again (a failed source drops out, named).
    fn receive_source(&mut self, id: RequestId, result: Result<ChartData, String>) -> bool {
        let Some(s) = self.sources.iter_mut().find(|s| s.request.awaits(id)) else {
            return false;
        };
        match result {
            Ok(data) => {
                s.request.land(id, Ok(()));
                s.data = Some(data);
            }
            Err(message) => {
                s.request.land(id, Err(message));
                s.data = None;
            }
        }
        self.remerge();
        let rows = self.data.as_ref().map_or(0, |d| d.times().len());
        self.scroll = self.scroll.min(rows.saturating_sub(1));
        let (from, to) = self.window_ms();
        self.cursor = self.cursor.filter(|c| (from..=to).contains(c));
        true
    }

    pub fn set_window(&mut self, window: Window) {
        self.query.window = window;
        self.query.granularity = window.default_granularity();
        if let Window::Between { end_ms, .. } = window {
            self.query.end_ms = end_ms;
        }
    }

    /// Charts another expression in place (the query edited on the command line). It becomes
    /// the current expression's text, so `e` still switches between the item's expressions.
    pub fn set_expression(&mut self, expression: &str) {
        let expression = expression.trim().to_string();
        if let Some(s) = self.edited_source() {
            self.sources[s].query.expression = expression.clone();
            if let Some(e) = self
                .expressions
                .iter_mut()
                .find(|e| e.0 == self.sources[s].name)
            {
                e.1 = expression.clone();
            }
            self.query.expression = expression;
            return;
        }
        self.expressions[self.current].1 = expression.clone();
        self.query.expression = expression;
    }

    pub fn cycle_granularity(&mut self) {
        self.query.granularity = self.query.granularity.next();
    }

    /// Switches to the next expression (an alert's condition ⇄ display expression).
    pub fn next_expression(&mut self) -> bool {
        if self.expressions.len() < 2 {
            return false;
        }
        self.current = (self.current + 1) % self.expressions.len();
        self.query.expression = self.expressions[self.current].1.clone();
        true
    }

    pub fn expression_name(&self) -> &str {
        &self.expressions[self.current].0
    }

    /// The request behind the view, for copying as curl.
    pub fn request(&self) -> ApiRequest {
        self.query.request()
    }

    pub fn series_count(&self) -> usize {
        self.data.as_ref().map_or(0, |d| d.series.len())
    }

    /// Scrolls the numbers view.
    pub fn scroll_by(&mut self, delta: isize) {
        let rows = self.data.as_ref().map_or(0, |d| d.times().len());
        self.scroll = step(self.scroll, delta, rows);
    }

    /// The window's ends, epoch ms.
    pub fn window_ms(&self) -> (i64, i64) {
        (self.query.start_ms(), self.query.end_ms)
    }

    /// The events drawn: none while they are off.
    pub fn events(&self) -> &[ChartEvent] {
        match (&self.data, self.query.events) {
            (_, ShowEvents::Off) | (None, _) => &[],
            (Some(d), _) => &d.events,
        }
    }

    /// How far apart the data's points are (ms): the server's granularity, else the query's.
    pub fn point_step_ms(&self) -> i64 {
        let seconds = self
            .data
            .as_ref()
            .and_then(|d| d.granularity_s)
            .filter(|g| *g > 0)
            .unwrap_or(self.query.granularity.seconds());
        seconds.saturating_mul(1000)
    }

    /// Moves the cursor a step (at least `cell_ms`, a cell of the plot); `false` when there is
    /// nothing to point at.
    pub fn step_cursor(&mut self, forward: bool, cell_ms: i64) -> bool {
        let times: Vec<i64> = self
            .data
            .as_ref()
            .map(|d| {
                d.times()
                    .into_iter()
                    .map(|t| t.saturating_mul(1000))
                    .collect()
            })
            .unwrap_or_default();
        let moved = cursor::step(&times, self.cursor, forward, cell_ms);
        self.cursor = moved.or(self.cursor);
        moved.is_some()
    }

    /// Moves the cursor to the next (or previous) event's start; `false` when there is none.
    /// In the numbers, their rows scroll to the event's.
    pub fn cursor_to_event(&mut self, forward: bool, slack_ms: i64) -> bool {
        let to = cursor::to_event(
            self.events(),
            self.cursor,
            forward,
            slack_ms,
            self.window_ms(),
        );
        self.cursor = to.or(self.cursor);
        if let (Some(at), Some(data), true) = (to, &self.data, self.numbers) {
            let row = data
                .times()
                .partition_point(|t| t.saturating_mul(1000) <= at);
            self.scroll = row.saturating_sub(1);
        }
        to.is_some()
    }

    /// Which events are shown next (from the chart → all → none); `true` when the query must
    /// run again to have them.
    pub fn cycle_events(&mut self) -> bool {
        self.query.events = self.query.events.next();
        self.query.events != ShowEvents::Off
    }

    /// Moves the numbers view's first series column.
    pub fn shift_columns(&mut self, delta: isize) {
        self.column = step(self.column, delta, self.series_count());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::chart::Granularity;
    use serde_json::json;

    #[test]
    fn alerts_chart_the_display_expression_first() {
        let alert = json!({"condition": "ts(cpu) > 90", "displayExpression": "ts(cpu)"});
        let mut v = ChartView::for_alert("Alerts › CPU", &alert, 1_000_000).unwrap();
        assert_eq!(v.query.expression, "ts(cpu)");
        assert_eq!(v.expression_name(), "display expression");
        assert!(v.next_expression());
        assert_eq!(v.query.expression, "ts(cpu) > 90");
        let only = json!({"condition": "ts(x) > 1", "displayExpression": ""});
        let mut v = ChartView::for_alert("a", &only, 0).unwrap();
        assert_eq!(v.query.expression, "ts(x) > 1");
        assert!(!v.next_expression());
        assert!(ChartView::for_alert("a", &json!({}), 0).is_none());
        let derived = json!({"name": "d", "query": "sum(ts(x))"});
        let v = ChartView::for_alert("d", &derived, 0).unwrap();
        assert_eq!(v.expression_name(), "query");
    }

    #[test]
    fn runs_cancel_the_previous_and_drop_stale_results() {
        let mut v = ChartView::for_expression("ts(cpu)", 0);
        let first = v.run(1, 10_000);
        assert!(matches!(&first[..], [Command::Chart { id: 1, query }] if query.end_ms == 10_000));
        let second = v.run(2, 20_000);
        assert!(matches!(
            &second[..],
            [Command::Cancel(1), Command::Chart { id: 2, .. }]
        ));
        assert!(!v.receive(1, Ok(ChartData::default())));
        assert!(v.receive(2, Err("query failed (E): bad".into())));
        assert_eq!(
            v.request.failed().map(String::as_str),
            Some("query failed (E): bad")
        );
        assert!(!v.request.is_loading());
    }

    #[test]
    fn window_and_granularity() {
        let mut v = ChartView::for_expression("ts(cpu)", 0);
        assert_eq!(v.query.granularity, Granularity::Minute);
        v.set_window(Window::Week);
        assert_eq!(v.query.granularity, Granularity::Hour);
        v.cycle_granularity();
        assert_eq!(v.query.granularity, Granularity::Day);
        assert!(v.request().to_string().contains("g=d"));
    }

    #[test]
    fn a_span_between_two_times_does_not_follow_the_clock() {
        let mut v = ChartView::for_expression("ts(cpu)", 0);
        let span = Window::Between {
            start_ms: 1_000_000,
            end_ms: 4_600_000,
        };
        v.set_window(span);
        v.run(1, 99_000_000);
        assert_eq!((v.query.start_ms(), v.query.end_ms), (1_000_000, 4_600_000));
        v.set_window(Window::Last(7_200_000));
        v.run(2, 99_000_000);
        assert_eq!(v.query.start_ms(), 99_000_000 - 7_200_000);
    }

    #[test]
    fn an_edited_expression_replaces_the_current_one() {
        let alert = json!({"condition": "ts(cpu) > 90", "displayExpression": "ts(cpu)"});
        let mut v = ChartView::for_alert("a", &alert, 0).unwrap();
        v.set_expression(" avg(ts(cpu)) ");
        assert_eq!(v.query.expression, "avg(ts(cpu))");
        assert!(v.next_expression());
        assert!(v.next_expression());
        assert_eq!(v.query.expression, "avg(ts(cpu))", "kept under its name");
    }
}
