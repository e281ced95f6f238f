//! The alert viewer's keys and answers, and [`open`]: the one way in (`enter` on an alert in the
//! alert list; the console's `enter` too).

use serde_json::Value;

use super::{AlertViewer, StepIds, panes};
use crate::api::ApiError;
use crate::api::alert_firings::Answer;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::ViewBehaviour;
use crate::app::views::chart::ChartView;
use crate::app::views::inspector::Inspector;
use crate::theme::Theme;
use crate::worker::{Command, RequestId};

/// What the footer names in the viewer.
pub const FOOTER: &[Action] = &[
    Action::PrevFiring,
    Action::NextFiring,
    Action::NextPane,
    Action::Down,
    Action::Inspect,
    Action::Chart,
    Action::Refresh,
    Action::Back,
];

/// Opens the viewer of `alert` (an alert's JSON, as a list or a search returned it) and asks for
/// its firings.
pub fn open(state: &mut State, alert: Value) -> Vec<Command> {
    match &state.login {
        LoginState::LoggedIn(_) => {}
        LoginState::Standalone(_) => {
            state.flash_error("no instance here: the alert viewer needs a login");
            return Vec::new();
        }
        _ => {
            state.flash_error("not logged in yet: the alert viewer opens once the login is done");
            return Vec::new();
        }
    }
    let name = alert
        .get("name")
        .and_then(Value::as_str)
        .or_else(|| alert.get("id").and_then(Value::as_str))
        .unwrap_or("alert")
        .to_string();
    let mut view = AlertViewer::new(format!("Alerts › {name}"), alert, state.now_ms);
    let (id, ids) = (state.next_request_id(), step_ids(state));
    let commands = view.load(id, ids, state.now_ms);
    state.stack.push(View::Alert(Box::new(view)));
    commands
}

fn step_ids(state: &mut State) -> StepIds {
    StepIds {
        chart: state.next_request_id(),
        details: state.next_request_id(),
        related: state.next_request_id(),
    }
}

fn viewer_mut(state: &mut State) -> Option<&mut AlertViewer> {
    match state.view_mut() {
        View::Alert(v) => Some(v),
        _ => None,
    }
}

impl ViewBehaviour for AlertViewer {
    fn scope(&self) -> Scope {
        Scope::Alert
    }

    fn footer_actions(&self) -> &'static [Action] {
        FOOTER
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Down => Some("scroll"),
            Action::Inspect => Some("json"),
            _ => None,
        }
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw(frame, area, self, state, theme)
    }

    fn waiting_for(&self) -> Option<RequestId> {
        self.in_flight().first().copied()
    }

    fn follow_wait(&mut self, now_ms: i64) {
        self.history.follow(now_ms);
        self.details.follow(now_ms);
        self.related.follow(now_ms);
    }

    fn on_retry(&mut self, id: RequestId, notice: &str) {
        self.history.retry(id, notice.to_string());
        self.details.retry(id, notice.to_string());
        self.related.retry(id, notice.to_string());
        if let Some(c) = &mut self.chart {
            c.request.retry(id, notice.to_string());
        }
    }

    /// An ongoing firing's "ongoing for" counts the minutes.
    fn next_tick_ms(&self, now_ms: i64) -> Option<i64> {
        let f = self.firing().filter(|f| f.ongoing())?;
        let since = now_ms - f.start_ms?;
        Some(now_ms + 60_000 - since.rem_euclid(60_000))
    }

    fn on_close(&mut self) -> Vec<Command> {
        self.cancel_all()
    }

    fn fit(&mut self, drawn: &Drawn) {
        let len = panes::len(self, self.pane, drawn.width());
        self.scroll_by(0, len, drawn.page());
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        viewer_action(state, action)
    }
}

/// The viewer's own actions; `None` leaves the action to the app.
fn viewer_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let layout = state.layout();
    let (page, width) = (layout.page(), layout.width());
    let now = state.now_ms;
    let (id, ids) = (state.next_request_id(), step_ids(state));
    let v = viewer_mut(state)?;
    let commands = match action {
        Action::PrevFiring | Action::NextFiring => {
            let delta = if action == Action::NextFiring { 1 } else { -1 };
            match v.step(delta, ids, now) {
                Some(commands) => commands,
                None => {
                    let text = match (v.firings().is_empty(), delta) {
                        (true, _) => "no firings to step through",
                        (false, 1) => "this is the latest firing in the last 7 days",
                        (false, _) => "this is the earliest firing in the last 7 days",
                    };
                    state.flash_info(text);
                    Vec::new()
                }
            }
        }
        Action::NextPane | Action::PrevPane => {
            v.pane = v.pane.turn(action == Action::NextPane);
            Vec::new()
        }
        Action::Refresh => v.load(id, ids, now),
        Action::NextExpression => match v.next_expression(ids.chart, now) {
            Some(commands) => commands,
            None => {
                state.flash_info(
                    "only one expression here (no display expression, or no condition)",
                );
                Vec::new()
            }
        },
        Action::Inspect => return Some(inspect(state)),
        Action::Chart => return Some(full_chart(state)),
        Action::CopyCurl => {
            let requests = v.requests();
            return Some(crate::app::overlays::actions::update::copy_curl(
                state, requests,
            ));
        }
        nav => {
            let delta = crate::app::views::nav_delta(nav, page)?;
            let len = panes::len(v, v.pane, width);
            v.scroll_by(delta, len, page);
            Vec::new()
        }
    };
    Some(commands)
}

/// `i`: the alert's JSON in the inspector.
fn inspect(state: &mut State) -> Vec<Command> {
    let Some(v) = viewer_mut(state) else {
        return Vec::new();
    };
    let source = match &v.alert_id {
        Some(id) => format!("GET /api/v2/alert/{}", crate::api::request::segment(id)),
        None => "the alert as listed".into(),
    };
    let doc = std::sync::Arc::new(crate::json::Doc::from_value(&v.alert));
    let view = Inspector::with_doc(v.title.clone(), source, doc);
    state.stack.push(View::Detail(Box::new(view)));
    Vec::new()
}

/// `c`: the viewer's chart on its own, with every chart key (windows, numbers), the firing and
/// the thresholds still drawn.
fn full_chart(state: &mut State) -> Vec<Command> {
    let (now, id) = (state.now_ms, state.next_request_id());
    let Some(v) = viewer_mut(state) else {
        return Vec::new();
    };
    let Some(chart) = &v.chart else {
        state.flash_error("nothing to chart: the alert has no display expression or condition");
        return Vec::new();
    };
    let mut view = ChartView::new(v.title.clone(), chart.expressions.clone(), now);
    while view.current != chart.current && view.next_expression() {}
    view.set_window(chart.query.window);
    view.query.granularity = chart.query.granularity;
    view.bands = chart.bands.clone();
    let commands = view.run(id, now);
    state.stack.push(View::Chart(Box::new(view)));
    commands
}

/// An answer for whichever viewer waits for it.
pub(crate) fn on_answer(
    state: &mut State,
    id: RequestId,
    result: Result<Answer, ApiError>,
) -> Vec<Command> {
    let result = result.map_err(|e| crate::app::present::in_view(&e).message);
    let (now, ids) = (state.now_ms, step_ids(state));
    for view in state.stack.iter_mut().rev() {
        if let View::Alert(v) = view {
            if let Some(commands) = v.receive(id, result.clone(), ids, now) {
                return commands;
            }
        }
    }
    tracing::debug!(id, "dropped a stale alerting answer");
    Vec::new()
}

/// Whether `enter` on a row of `kind` opens the viewer: rows that are alerts (the alert list,
/// and the consoles, whose search answers alerts; the merged one's current-account rows only:
/// `firing::fleet::refuse`).
pub(crate) fn opens_viewer(kind: &crate::api::Kind) -> bool {
    use crate::api::catalog::{ALERTS, FIRING_ALERTS, FLEET_FIRING};
    [ALERTS.name, FIRING_ALERTS.name, FLEET_FIRING.name].contains(&kind.name)
}

/// `enter` on a row of the alert list: the viewer of its alert, when the row kept its JSON.
pub(crate) fn open_row(state: &mut State) -> Option<Vec<Command>> {
    let View::Table(t) = state.view() else {
        return None;
    };
    if !opens_viewer(t.kind) {
        return None;
    }
    let raw = t.selected_row()?.raw()?;
    let alert: Value = crate::json::parse_str(raw).ok()?;
    Some(open(state, alert))
}
