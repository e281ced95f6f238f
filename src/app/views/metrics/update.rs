//! The metrics tree's keys and answers: `j`/`k` move, `l`/`enter`/`space` unfold (loading what
//! is under), `h` folds or goes to the parent, `c` charts, `y` copies the name, `r` reloads.

use crate::api::metrics::{Answer, Ask};
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::theme::Theme;
use crate::worker::{Command, RequestId};

use super::{MetricsView, Row, chart_query};

const FOOTER: &[Action] = &[
    Action::Down,
    Action::Expand,
    Action::Collapse,
    Action::Chart,
    Action::CopyValue,
    Action::Refresh,
    Action::Back,
];

impl ViewBehaviour for MetricsView {
    fn scope(&self) -> Scope {
        Scope::Metrics
    }

    fn footer_actions(&self) -> &'static [Action] {
        FOOTER
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Chart => Some("chart"),
            Action::CopyValue => Some("copy name"),
            Action::Expand => Some("unfold"),
            Action::Collapse => Some("fold"),
            _ => None,
        }
    }

    fn help_description(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Expand => Some("unfold (a metric: its sources)"),
            Action::ToggleFold => Some("unfold / fold"),
            Action::Collapse => Some("fold, or go to the parent"),
            Action::Chart => Some("chart the metric (on a source row, that source)"),
            Action::CopyValue => Some("copy the name"),
            Action::Refresh => Some("reload the tree"),
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

    fn on_close(&mut self) -> Vec<Command> {
        self.waiting_ids()
            .into_iter()
            .map(Command::Cancel)
            .collect()
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        tree_action(state, action)
    }
}

impl MetricsView {
    fn waiting_ids(&self) -> Vec<RequestId> {
        self.waiting.keys().copied().collect()
    }
}

/// `:metrics [PREFIX]`.
pub fn open_command(state: &mut State, rest: &str) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        state.flash_error(":metrics needs a login");
        return Vec::new();
    }
    let mut view = MetricsView::new(rest.trim());
    let id = state.next_request_id();
    let commands = view.ask(
        id,
        Ask::Children {
            prefix: view.root.clone(),
        },
    );
    state.stack.push(View::Metrics(Box::new(view)));
    commands
}

fn tree_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let page = state.layout().page().max(1);
    let known = state.query_cache.known.metrics.clone();
    let id = state.next_request_id();
    let View::Metrics(v) = state.view_mut() else {
        return None;
    };
    let rows = v.rows(&known);
    let row = rows.get(v.selected).cloned();
    if let Some(delta) = nav_delta(action, page) {
        let last = rows.len().saturating_sub(1) as isize;
        v.selected = (v.selected as isize + delta).clamp(0, last.max(0)) as usize;
        return Some(Vec::new());
    }
    let commands = match (action, row) {
        (Action::Expand | Action::ToggleFold, Some(row)) => {
            unfold(v, id, &row, action == Action::Expand)
        }
        (Action::Collapse, Some(row)) => {
            fold_or_parent(v, &rows, &row);
            Vec::new()
        }
        (Action::Chart, Some(row)) => {
            let Some(query) = chart_query(&row) else {
                state.flash_info("c charts a metric or one of its sources");
                return Some(Vec::new());
            };
            return Some(crate::app::views::chart::update::open_query(state, &query));
        }
        (Action::CopyValue, Some(Row::Namespace { name, .. } | Row::Metric { name, .. })) => {
            state.flash_info(format!(
                "copied {} to the clipboard",
                crate::text::sanitize(&name)
            ));
            vec![Command::Copy(name)]
        }
        (Action::Refresh, _) => {
            let root = v.root.clone();
            let commands = std::mem::take(&mut v.waiting)
                .into_keys()
                .map(Command::Cancel)
                .collect::<Vec<_>>();
            **v = MetricsView::new(&root);
            let mut commands = commands;
            commands.extend(v.ask(id, Ask::Children { prefix: root }));
            commands
        }
        _ => return None,
    };
    Some(commands)
}

/// Unfolds a namespace or a metric (asking for what is under it); `only_open` keeps an open
/// one open (`l`), else it toggles.
fn unfold(v: &mut MetricsView, id: RequestId, row: &Row, only_open: bool) -> Vec<Command> {
    let (name, ask) = match row {
        Row::Namespace { name, .. } => (
            name,
            Ask::Children {
                prefix: name.clone(),
            },
        ),
        Row::Metric { name, .. } => (
            name,
            Ask::Detail {
                metric: name.clone(),
            },
        ),
        _ => return Vec::new(),
    };
    if only_open && v.is_open(name) {
        return Vec::new();
    }
    if v.toggle(name) {
        v.ask(id, ask)
    } else {
        Vec::new()
    }
}

/// `h`: folds an open row, else moves to the row it is under.
fn fold_or_parent(v: &mut MetricsView, rows: &[Row], row: &Row) {
    let depth = |r: &Row| match r {
        Row::Namespace { depth, .. }
        | Row::Metric { depth, .. }
        | Row::Source { depth, .. }
        | Row::Note { depth, .. } => *depth,
    };
    if let Row::Namespace {
        name, open: true, ..
    }
    | Row::Metric {
        name, open: true, ..
    } = row
    {
        v.toggle(name);
        return;
    }
    let d = depth(row);
    if d == 0 {
        return;
    }
    if let Some(parent) = rows[..v.selected].iter().rposition(|r| depth(r) < d) {
        v.selected = parent;
    }
}

/// An answer for whichever metrics tree waits for it; `false` when none does.
pub fn on_answer(state: &mut State, id: RequestId, result: &Result<Answer, String>) -> bool {
    state.stack.iter_mut().any(|view| match view {
        View::Metrics(m) => m.receive(id, result),
        _ => false,
    })
}
