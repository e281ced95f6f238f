//! The version history's keys and answers, and [`open`]: `H` on an alert, a dashboard or a
//! derived metric (a row of its list or its trash, or the alert viewer).

use serde_json::Value;

use super::{Body, VersionsView, Want};
use crate::api::ApiError;
use crate::api::catalog::{ALERTS, Kind};
use crate::api::versions::{Answer, VersionNo, has_history};
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;
use crate::worker::{Command, Event, RequestId};

/// What the footer names in the history.
pub const FOOTER: &[Action] = &[
    Action::DiffVersion,
    Action::ToggleMark,
    Action::Inspect,
    Action::Revert,
    Action::CopyVersion,
    Action::Back,
];

/// `H`: the version history of the item here (the list's selected row, the alert viewed).
pub fn open(state: &mut State) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        state.flash_error("not logged in: the version history needs an instance");
        return Vec::new();
    }
    let Some((kind, item_id, name)) = item_here(state) else {
        state.flash_error("no item selected: H shows the versions of the selected one");
        return Vec::new();
    };
    if !has_history(kind) {
        state.flash_error(format!(
            "{} have no version history (alerts, dashboards and derived metrics do)",
            kind.title.to_lowercase()
        ));
        return Vec::new();
    }
    let mut view = VersionsView::new(kind, item_id, name);
    let id = state.next_request_id();
    let commands = view.reload(id);
    state.stack.push(View::Versions(Box::new(view)));
    commands
}

/// The kind, id and name of the item the current view shows or selects (a deleted one's
/// history is its kind's).
fn item_here(state: &State) -> Option<(&'static Kind, String, String)> {
    match state.view() {
        View::Table(t) => {
            let row = t.selected_row()?;
            let id: String = row.id()?.into();
            let name = row
                .cells()
                .find_map(|c| c.text().filter(|s| !s.is_empty()).map(str::to_string))
                .unwrap_or_else(|| id.clone());
            Some((t.kind.trash_of.unwrap_or(t.kind), id, name))
        }
        View::Alert(a) => {
            let id = a.alert_id.clone()?;
            let name = a.alert.get("name").and_then(Value::as_str).unwrap_or(&id);
            Some((&ALERTS, id.clone(), name.to_string()))
        }
        _ => None,
    }
}

fn view_mut(state: &mut State) -> Option<&mut VersionsView> {
    match state.view_mut() {
        View::Versions(v) => Some(v),
        _ => None,
    }
}

impl ViewBehaviour for VersionsView {
    fn scope(&self) -> Scope {
        Scope::Versions
    }

    fn footer_actions(&self) -> &'static [Action] {
        FOOTER
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::DiffVersion if self.marked_pair().is_some() => Some("diff of the marked"),
            Action::ToggleMark => Some("mark two"),
            Action::CopyVersion => Some("new item"),
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
        super::draw::draw(frame, area, state, self, theme)
    }

    fn waiting_for(&self) -> Option<RequestId> {
        self.in_flight().first().copied()
    }

    fn follow_wait(&mut self, now_ms: i64) {
        self.page.follow(now_ms);
    }

    fn on_retry(&mut self, id: RequestId, notice: &str) {
        self.page.retry(id, notice.to_string());
    }

    fn on_close(&mut self) -> Vec<Command> {
        let mut commands: Vec<Command> = self
            .page
            .request()
            .map(Command::Cancel)
            .into_iter()
            .collect();
        commands.extend(self.cancel_job());
        commands
    }

    fn fit(&mut self, drawn: &Drawn) {
        self.clamp(drawn.page());
    }

    fn click(&mut self, index: usize, drawn: &Drawn) {
        self.selected = index.min(self.versions.len().saturating_sub(1));
        self.clamp(drawn.page());
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        let height = state.layout().page();
        let id = state.next_request_id();
        let v = view_mut(state)?;
        let commands = match action {
            Action::DiffVersion => match v.marked_pair() {
                Some((old, new)) => want(
                    state,
                    Want::Diff {
                        old: Some(old),
                        new,
                    },
                ),
                None => with_selected(state, |v, n| Want::Diff {
                    old: v.before(&n),
                    new: n,
                }),
            },
            Action::ToggleMark => return Some(toggle_mark(state)),
            Action::ClearMarks => {
                v.marked.clear();
                Vec::new()
            }
            Action::Inspect => with_selected(state, |_, n| Want::Json(n)),
            Action::Revert => with_selected(state, |_, n| Want::Revert(n)),
            Action::CopyVersion => with_selected(state, |_, n| Want::Copy(n)),
            Action::Refresh => v.reload(id),
            Action::CopyCurl => {
                let request = v.first_call().request();
                crate::app::overlays::actions::update::copy_curl(state, vec![request])
            }
            nav => {
                let delta = nav_delta(nav, height)?;
                v.move_by(delta, height);
                v.more(id, height)
            }
        };
        Some(commands)
    }
}

/// Space: marks the selected version; the second mark shows the two versions' diff at once.
fn toggle_mark(state: &mut State) -> Vec<Command> {
    let Some(v) = view_mut(state) else {
        return Vec::new();
    };
    let Some(n) = v.selected_version().and_then(|s| s.number.clone()) else {
        state.flash_error("this version has no number to mark it by");
        return Vec::new();
    };
    let marking = !v.marked.contains(&n);
    v.toggle_mark(n);
    match v.marked_pair() {
        Some((old, new)) if marking => want(
            state,
            Want::Diff {
                old: Some(old),
                new,
            },
        ),
        _ => Vec::new(),
    }
}

/// `make` of the selected version's number, started; a version without one cannot be read.
fn with_selected(
    state: &mut State,
    make: impl FnOnce(&VersionsView, VersionNo) -> Want,
) -> Vec<Command> {
    let Some(v) = view_mut(state) else {
        return Vec::new();
    };
    let Some(n) = v.selected_version().and_then(|s| s.number.clone()) else {
        let text = if v.versions.is_empty() {
            "no version to act on yet"
        } else {
            "this version has no number to read it by"
        };
        state.flash_error(text);
        return Vec::new();
    };
    let w = make(v, n);
    want(state, w)
}

/// Starts `w`: the bodies it lacks are read (each with its own request), or it is done now.
pub(super) fn want(state: &mut State, w: Want) -> Vec<Command> {
    let needed: Vec<Body> = {
        let Some(v) = view_mut(state) else {
            return Vec::new();
        };
        let version = |n: &VersionNo| (v.body(n).is_none()).then(|| Body::Version(n.clone()));
        match &w {
            Want::Diff { old, new } => old.iter().chain([new]).filter_map(version).collect(),
            Want::Json(n) | Want::Copy(n) => version(n).into_iter().collect(),
            // The item now is read each time: it is what the diff and the write are made from.
            Want::Revert(n) => [Some(Body::Current), version(n)]
                .into_iter()
                .flatten()
                .collect(),
            Want::Recheck(_) => vec![Body::Current],
        }
    };
    let reads: Vec<(RequestId, Body)> = needed
        .into_iter()
        .map(|b| (state.next_request_id(), b))
        .collect();
    let done_now = reads.is_empty();
    let Some(v) = view_mut(state) else {
        return Vec::new();
    };
    let mut commands = v.start(w, reads);
    if done_now {
        if let Some(job) = v.job.take() {
            commands.extend(super::acts::finish(state, job));
        }
    }
    commands
}

/// An answer for whichever history waits for it; a stale one is dropped.
pub(crate) fn on_answer(
    state: &mut State,
    id: RequestId,
    result: Result<Answer, ApiError>,
) -> Vec<Command> {
    let Some(depth) = state
        .stack
        .iter()
        .rposition(|v| matches!(v, View::Versions(h) if h.in_flight().contains(&id)))
    else {
        tracing::debug!(id, "dropped a stale history answer");
        return Vec::new();
    };
    let height = state.layout_at(depth).page();
    let top = depth + 1 == state.stack.len();
    let View::Versions(v) = &mut state.stack[depth] else {
        return Vec::new();
    };
    if v.page.awaits(id) {
        let page = match result {
            Ok(Answer::Page(page)) => Ok(page),
            Ok(Answer::Item(_)) => Err("expected a page of versions, got an item".to_string()),
            Err(e) => Err(crate::app::present::in_view(&e).message),
        };
        v.receive_page(id, page, height);
        let next = state.next_request_id();
        return match &mut state.stack[depth] {
            View::Versions(v) if top => v.more(next, height),
            _ => Vec::new(),
        };
    }
    body_arrived(state, depth, id, result)
}

/// A body a job waited for: kept; when it was the last, the job is done (if its history is
/// still on top). A failed read ends the job (its other reads cancelled) and says why.
fn body_arrived(
    state: &mut State,
    depth: usize,
    id: RequestId,
    result: Result<Answer, ApiError>,
) -> Vec<Command> {
    let top = depth + 1 == state.stack.len();
    let View::Versions(v) = &mut state.stack[depth] else {
        return Vec::new();
    };
    let Some(body) = v.job.as_mut().and_then(|job| {
        let at = job.waiting.iter().position(|(w, _)| *w == id)?;
        Some(job.waiting.remove(at).1)
    }) else {
        return Vec::new();
    };
    let item = match result {
        Ok(Answer::Item(item)) => item,
        Ok(Answer::Page(_)) => return Vec::new(),
        Err(e) => {
            let cancels = v.cancel_job();
            let what = match body {
                Body::Version(n) => format!("version {n} not read"),
                Body::Current => "the item not read".to_string(),
            };
            crate::app::present::flash_in(state, &what, &e);
            return cancels;
        }
    };
    match body {
        Body::Version(n) => v.keep_body(n, item),
        Body::Current => {
            if let Some(job) = v.job.as_mut() {
                job.current = Some(item);
            }
        }
    }
    if v.job.as_ref().is_some_and(|j| !j.waiting.is_empty()) {
        return Vec::new();
    }
    // Done: what it was for happens only where the person still is.
    match v.job.take().filter(|_| top) {
        Some(job) => super::acts::finish(state, job),
        None => Vec::new(),
    }
}

/// A change to an item whose history is open (a revert, a copy's original, a tag): the
/// history is read again, so the new version shows.
pub(crate) fn after_change(state: &mut State, event: &Event) -> Vec<Command> {
    let (Event::Mutated(outcome) | Event::BulkItem(outcome)) = event else {
        return Vec::new();
    };
    let (Some(kind), Some(item_id), Ok(_)) = (outcome.kind, &outcome.item_id, &outcome.result)
    else {
        return Vec::new();
    };
    let mut commands = Vec::new();
    for depth in 0..state.stack.len() {
        let open = matches!(&state.stack[depth], View::Versions(v)
            if (v.kind == kind || kind.trash_of == Some(v.kind)) && &v.item_id == item_id);
        if open {
            let id = state.next_request_id();
            if let View::Versions(v) = &mut state.stack[depth] {
                commands.extend(v.reload(id));
            }
        }
    }
    commands
}
