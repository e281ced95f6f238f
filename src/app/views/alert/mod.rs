//! The alert viewer (`enter` on an alert): the alert's firings of the last 7 days on a timeline
//! (`[` `]` step through them), the chart of its display expression (else its condition) over
//! the chosen firing with the firing shaded and, for a threshold alert, each severity's
//! threshold drawn, and three panes (`tab`): the series that fired, the events related to the
//! firing, the runbook. `i` shows the alert's JSON. Plain data; the requests run in the worker.

pub mod draw;
pub mod panes;
pub mod thresholds;
pub mod timeline;
pub mod update;

pub use update::open;

use serde_json::Value;

use crate::api::ApiRequest;
use crate::api::alert_firings::{Answer, Call, EventSummary, Listed, Related, SeriesPair};
use crate::api::chart::Window;
use crate::app::remote::Remote;
use crate::app::views::chart::ChartView;
use crate::app::views::chart::bands::{Bands, Span};
use crate::worker::{Command, RequestId};

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;
/// How far back the timeline looks.
pub const HISTORY_MS: i64 = 7 * DAY;

/// The panes below the chart, in `tab` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Affected,
    Related,
    Runbook,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Affected, Pane::Related, Pane::Runbook];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Affected => "Affected",
            Pane::Related => "Related",
            Pane::Runbook => "Runbook",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The next pane (`forward`) or the previous one, round.
    pub fn turn(self, forward: bool) -> Pane {
        let n = Pane::ALL.len();
        let i = if forward {
            self.index() + 1
        } else {
            self.index() + n - 1
        };
        Pane::ALL[i % n]
    }
}

/// The firings as loaded: oldest first, dated ones only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub firings: Vec<EventSummary>,
    /// The server had more than it sent (the latest ones are here).
    pub more: bool,
    /// Firings the server sent without a start time: not placed, counted.
    pub undated: usize,
}

/// Fresh request ids for what a chosen firing asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepIds {
    pub chart: RequestId,
    pub details: RequestId,
    pub related: RequestId,
}

#[derive(Debug)]
pub struct AlertViewer {
    /// `Alerts › High CPU`, as given (sanitised when drawn).
    pub title: String,
    /// The alert's JSON, as the list or the console had it.
    pub alert: Value,
    pub alert_id: Option<String>,
    /// The timeline's window: the 7 days up to when the firings were asked for.
    pub from_ms: i64,
    pub to_ms: i64,
    pub history: Remote<History, String>,
    /// Index into the firings of the one shown.
    pub selected: Option<usize>,
    /// `None` for an alert with nothing to chart.
    pub chart: Option<ChartView>,
    pub details: Remote<Vec<SeriesPair>, String>,
    pub related: Remote<Listed<Related>, String>,
    pub pane: Pane,
    /// Each pane's first line shown.
    pub scroll: [usize; 3],
    pub thresholds: thresholds::Thresholds,
    /// The firing shown before a reload, shown again when it is still there.
    reselect: Option<String>,
}

impl AlertViewer {
    pub fn new(title: impl Into<String>, alert: Value, now_ms: i64) -> Self {
        let alert_id = match alert.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        Self {
            title: title.into(),
            chart: ChartView::for_alert("chart", &alert, now_ms),
            thresholds: thresholds::read(&alert),
            alert,
            alert_id,
            from_ms: now_ms - HISTORY_MS,
            to_ms: now_ms,
            history: Remote::NotAsked,
            selected: None,
            details: Remote::NotAsked,
            related: Remote::NotAsked,
            pane: Pane::default(),
            scroll: [0; 3],
            reselect: None,
        }
    }

    /// The firings loaded so far (none while they load or after a failure).
    pub fn firings(&self) -> &[EventSummary] {
        self.history.loaded().map_or(&[], |h| &h.firings)
    }

    /// The firing shown.
    pub fn firing(&self) -> Option<&EventSummary> {
        self.firings().get(self.selected?)
    }

    /// The request for the firings (for curl, and the timeline's own).
    pub fn firings_call(&self) -> Option<Call> {
        Some(Call::Firings {
            alert_id: self.alert_id.clone()?,
            from_ms: self.from_ms,
            to_ms: self.to_ms,
        })
    }

    /// (Re)asks for the last 7 days' firings, the window ending now; what was in flight is
    /// cancelled. An alert without an id has no firings to ask for: the chart still runs.
    pub fn load(&mut self, id: RequestId, ids: StepIds, now_ms: i64) -> Vec<Command> {
        self.reselect = self.firing().and_then(|f| f.id.clone());
        let mut commands = self.cancel_all();
        self.from_ms = now_ms - HISTORY_MS;
        self.to_ms = now_ms;
        match self.firings_call() {
            Some(call) => {
                self.history = Remote::loading(id);
                commands.push(Command::Alerting { id, call });
            }
            None => {
                self.history = Remote::Failed("this alert has no id to ask its firings by".into());
                commands.extend(self.select(None, ids, now_ms));
            }
        }
        commands
    }

    /// Cancels everything in flight.
    pub fn cancel_all(&mut self) -> Vec<Command> {
        let mut commands: Vec<Command> = self
            .history
            .request()
            .map(Command::Cancel)
            .into_iter()
            .collect();
        if self.history.is_loading() {
            self.history = Remote::NotAsked;
        }
        commands.extend(self.cancel_step());
        commands
    }

    /// What a chosen firing has in flight (the chart, the series, related events), cancelled.
    fn cancel_step(&mut self) -> Vec<Command> {
        let mut ids = Vec::new();
        ids.extend(self.details.request());
        ids.extend(self.related.request());
        if let Some(c) = &mut self.chart {
            if let Some(id) = c.request.request() {
                ids.push(id);
                c.request = Remote::NotAsked;
            }
        }
        self.details = Remote::NotAsked;
        self.related = Remote::NotAsked;
        ids.into_iter().map(Command::Cancel).collect()
    }

    /// Every request the viewer waits for.
    pub fn in_flight(&self) -> Vec<RequestId> {
        let chart = self.chart.as_ref().and_then(|c| c.request.request());
        [
            self.history.request(),
            self.details.request(),
            self.related.request(),
            chart,
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    pub fn is_loading(&self) -> bool {
        !self.in_flight().is_empty()
    }

    /// Shows firing `index` (or none: the chart of the last day): its chart with its span, its
    /// series, its related events.
    pub fn select(&mut self, index: Option<usize>, ids: StepIds, now_ms: i64) -> Vec<Command> {
        let mut commands = self.cancel_step();
        self.selected = index.filter(|&i| i < self.firings().len());
        self.scroll[Pane::Affected.index()] = 0;
        self.scroll[Pane::Related.index()] = 0;
        let firing = self.firing().cloned();
        let window = match firing.as_ref().and_then(|f| firing_window(f, now_ms)) {
            Some((start_ms, end_ms)) => Window::Between { start_ms, end_ms },
            None => Window::Day,
        };
        self.update_bands(now_ms);
        if let Some(chart) = &mut self.chart {
            chart.set_window(window);
            commands.extend(chart.run(ids.chart, now_ms));
        }
        let Some(firing) = firing else {
            return commands;
        };
        let Some(event_id) = firing.id.clone() else {
            let why = "this firing has no id: its series and related events cannot be asked for";
            self.details = Remote::Failed(why.into());
            self.related = Remote::Failed(why.into());
            return commands;
        };
        let (from_ms, to_ms) = match window {
            Window::Between { start_ms, end_ms } => (start_ms, end_ms),
            _ => (now_ms - DAY, now_ms),
        };
        self.details = Remote::loading(ids.details);
        self.related = Remote::loading(ids.related);
        commands.push(Command::Alerting {
            id: ids.details,
            call: Call::Details {
                event_id: event_id.clone(),
            },
        });
        commands.push(Command::Alerting {
            id: ids.related,
            call: Call::Related {
                event_id,
                from_ms,
                to_ms,
            },
        });
        commands
    }

    /// Moves to the earlier (`-1`) or later (`1`) firing; `None` when there is none that way.
    pub fn step(&mut self, delta: isize, ids: StepIds, now_ms: i64) -> Option<Vec<Command>> {
        let len = self.firings().len();
        let current = self.selected?;
        let next = current.checked_add_signed(delta).filter(|&i| i < len)?;
        Some(self.select(Some(next), ids, now_ms))
    }

    /// An answer for one of the viewer's requests; `None` when it waits for no such request.
    pub fn receive(
        &mut self,
        id: RequestId,
        result: Result<Answer, String>,
        ids: StepIds,
        now_ms: i64,
    ) -> Option<Vec<Command>> {
        if self.history.awaits(id) {
            return Some(self.receive_firings(id, result, ids, now_ms));
        }
        let unexpected = || "an answer of another kind came back".to_string();
        if self.details.awaits(id) {
            let result = result.and_then(|a| match a {
                Answer::Details(pairs) => Ok(pairs),
                _ => Err(unexpected()),
            });
            self.details.land(id, result);
            return Some(Vec::new());
        }
        if self.related.awaits(id) {
            let result = result.and_then(|a| match a {
                Answer::Related(listed) => Ok(listed),
                _ => Err(unexpected()),
            });
            self.related.land(id, result);
            return Some(Vec::new());
        }
        None
    }

    fn receive_firings(
        &mut self,
        id: RequestId,
        result: Result<Answer, String>,
        ids: StepIds,
        now_ms: i64,
    ) -> Vec<Command> {
        let kept = self.reselect.take();
        let result = result.and_then(|a| match a {
            Answer::Firings(listed) => Ok(history(listed)),
            _ => Err("an answer of another kind came back".to_string()),
        });
        self.history.land(id, result);
        let firings = self.firings();
        let again = kept.and_then(|k| firings.iter().position(|f| f.id.as_deref() == Some(&k)));
        let latest = firings.len().checked_sub(1);
        self.select(again.or(latest), ids, now_ms)
    }

    /// Charts the other expression; `None` when there is no other.
    pub fn next_expression(&mut self, id: RequestId, now_ms: i64) -> Option<Vec<Command>> {
        let chart = self.chart.as_mut()?;
        if !chart.next_expression() {
            return None;
        }
        let commands = chart.run(id, now_ms);
        self.update_bands(now_ms);
        Some(commands)
    }

    /// The span of the firing shown and the thresholds, on the chart. Thresholds belong to the
    /// display expression: over the condition (a series of 0 and 1) they would mislead.
    fn update_bands(&mut self, now_ms: i64) {
        let span = self.firing().and_then(|f| {
            Some(Span {
                start_ms: f.start_ms?,
                end_ms: f.end_or(now_ms)?,
                ongoing: f.ongoing(),
                severity: f.severity.clone(),
            })
        });
        let Some(chart) = &mut self.chart else { return };
        let over_display = chart.expression_name() == "display expression";
        let mut notes = self.thresholds.unreadable.clone();
        let levels = if over_display {
            self.thresholds.levels.clone()
        } else {
            if !self.thresholds.levels.is_empty() {
                notes.push("thresholds are drawn over the display expression (e)".into());
            }
            Vec::new()
        };
        chart.bands = Bands {
            span,
            levels,
            notes,
        };
    }

    /// The requests behind the view, for curl: the firings, and the chosen firing's.
    pub fn requests(&self) -> Vec<ApiRequest> {
        let mut out: Vec<ApiRequest> = self
            .firings_call()
            .map(|c| c.request())
            .into_iter()
            .collect();
        if let Some(event_id) = self.firing().and_then(|f| f.id.clone()) {
            out.push(Call::Details { event_id }.request());
        }
        out
    }

    /// Scrolls the focused pane; `len` lines, `page` shown.
    pub fn scroll_by(&mut self, delta: isize, len: usize, page: usize) {
        let max = len.saturating_sub(page.max(1));
        let s = &mut self.scroll[self.pane.index()];
        *s = s.saturating_add_signed(delta).min(max);
    }

    pub fn pane_scroll(&self, pane: Pane) -> usize {
        self.scroll[pane.index()]
    }
}

fn history(listed: Listed<EventSummary>) -> History {
    let total = listed.items.len();
    let firings: Vec<EventSummary> = listed
        .items
        .into_iter()
        .filter(|f| f.start_ms.is_some())
        .collect();
    History {
        undated: total - firings.len(),
        firings,
        more: listed.more,
    }
}

/// The chart's window over a firing: the firing, half its length (at least half an hour) on
/// either side, never past now.
pub fn firing_window(f: &EventSummary, now_ms: i64) -> Option<(i64, i64)> {
    let start = f.start_ms?;
    let end = f.end_or(now_ms)?;
    let pad = ((end - start) / 2).max(30 * MINUTE);
    let from = start - pad;
    let to = (end + pad).min(now_ms.max(end)).max(from + MINUTE);
    Some((from, to))
}

#[cfg(test)]
mod tests;
