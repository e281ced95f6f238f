//! `P` on a list: the selected (or marked) items copied to another saved account. Pick the
//! account; the worker reads both and plans (the other's copies matched by key, references
//! mapped); the review shows each create or update as a diff against the other account's
//! copy, the references mapped and what stops the plan; `y` writes, each item read again just
//! before (one changed there meanwhile is not overwritten); then the result per item.

mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::Kind;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{State, View};
use crate::app::views::ViewBehaviour;
use crate::app::widgets::diff::Folded;
use crate::theme::Theme;
use crate::worker::promote::PromotePlan;
use crate::worker::{Command, RequestId};

#[derive(Debug)]
pub struct PromoteView {
    pub kind: &'static Kind,
    pub ids: Vec<String>,
    pub stage: Stage,
    /// Lines scrolled past.
    pub scroll: usize,
}

#[derive(Debug)]
pub enum Stage {
    /// Choosing the account (the saved ones but the current).
    Pick {
        accounts: Vec<String>,
        selected: usize,
    },
    /// The worker reads both accounts and plans.
    Planning { account: String, id: RequestId },
    /// The plan, its diffs drawn once, for a yes.
    Review {
        account: String,
        plan_id: RequestId,
        plan: PromotePlan,
        diffs: Vec<Folded>,
    },
    /// The writes are under way.
    Writing { account: String, id: RequestId },
    /// What became of each write, or why there was no plan.
    Done {
        account: String,
        lines: Vec<(bool, String)>,
    },
}

const PICK: &[Action] = &[Action::Down, Action::Confirm, Action::Back];
const REVIEW: &[Action] = &[Action::Down, Action::Confirm, Action::Back];
const DONE: &[Action] = &[Action::Down, Action::Back];

/// `P`: the promote of the table's selected or marked items.
pub fn open(state: &mut State) -> Vec<Command> {
    let Some((kind, ids)) = crate::app::overlays::actions::targets(state) else {
        return Vec::new();
    };
    let promotable = crate::sync::sync_kind(kind)
        .is_some_and(|sk| crate::api::catalog::editing(sk.kind).is_some());
    if !promotable {
        state.flash_error(format!(
            "{}s cannot be promoted to another account",
            kind.name
        ));
        return Vec::new();
    }
    if ids.is_empty() {
        state.flash_error("nothing selected to promote");
        return Vec::new();
    }
    let current = state.current_account().map(str::to_string);
    let accounts: Vec<String> = state
        .accounts
        .accounts
        .iter()
        .map(|a| a.name.clone())
        .filter(|n| Some(n) != current.as_ref())
        .collect();
    if accounts.is_empty() {
        state.flash_error("no other saved account to promote to (A adds one)");
        return Vec::new();
    }
    state.stack.push(View::Promote(Box::new(PromoteView {
        kind,
        ids,
        stage: Stage::Pick {
            accounts,
            selected: 0,
        },
        scroll: 0,
    })));
    Vec::new()
}

fn on_top(state: &mut State) -> Option<&mut PromoteView> {
    match state.stack.last_mut() {
        Some(View::Promote(p)) => Some(p),
        _ => None,
    }
}

/// Confirm: the account picked (a plan asked for), or the plan applied.
fn confirm(state: &mut State) -> Vec<Command> {
    let id = state.next_request_id();
    let saved = match state.stack.last() {
        Some(View::Promote(p)) => match &p.stage {
            Stage::Pick { accounts, selected } => accounts
                .get(*selected)
                .and_then(|name| state.accounts.get(name).cloned()),
            _ => None,
        },
        _ => None,
    };
    let Some(p) = on_top(state) else {
        return Vec::new();
    };
    match &p.stage {
        Stage::Pick { .. } => {
            let Some(saved) = saved else {
                return Vec::new();
            };
            p.stage = Stage::Planning {
                account: saved.name.clone(),
                id,
            };
            vec![Command::PromotePlan {
                id,
                kind: p.kind,
                ids: p.ids.clone(),
                saved: Box::new(saved),
            }]
        }
        Stage::Review {
            account,
            plan_id,
            plan,
            ..
        } if plan.blockers.is_empty() && !plan.steps.is_empty() => {
            let plan = *plan_id;
            p.stage = Stage::Writing {
                account: account.clone(),
                id,
            };
            p.scroll = 0;
            vec![Command::PromoteApply { id, plan }]
        }
        _ => Vec::new(),
    }
}

/// `Event::PromotePlanned`.
pub fn on_planned(state: &mut State, id: RequestId, result: Result<PromotePlan, String>) {
    let Some(p) = waiting(state, id) else {
        return;
    };
    let account = match &p.stage {
        Stage::Planning { account, .. } => account.clone(),
        _ => return,
    };
    p.stage = match result {
        Ok(plan) => Stage::Review {
            account,
            plan_id: id,
            diffs: plan
                .steps
                .iter()
                .map(|s| Folded::new(&s.old, &s.new))
                .collect(),
            plan,
        },
        Err(why) => Stage::Done {
            account,
            lines: vec![(false, why)],
        },
    };
}

/// `Event::Promoted`.
pub fn on_promoted(state: &mut State, id: RequestId, lines: Vec<(bool, String)>) {
    let Some(p) = waiting(state, id) else {
        return;
    };
    if let Stage::Writing { account, .. } = &p.stage {
        p.stage = Stage::Done {
            account: account.clone(),
            lines,
        };
    }
}

/// The promote that waits for `id`, wherever it is on the stack.
fn waiting(state: &mut State, id: RequestId) -> Option<&mut PromoteView> {
    state.stack.iter_mut().find_map(|v| match v {
        View::Promote(p) if p.waiting_for() == Some(id) => Some(&mut **p),
        _ => None,
    })
}

impl ViewBehaviour for PromoteView {
    fn scope(&self) -> Scope {
        Scope::Confirm
    }

    fn footer_actions(&self) -> &'static [Action] {
        match self.stage {
            Stage::Pick { .. } => PICK,
            Stage::Review { .. } => REVIEW,
            _ => DONE,
        }
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match (&self.stage, action) {
            (Stage::Pick { .. }, Action::Confirm) => Some("promote to it"),
            (Stage::Review { .. }, Action::Confirm) => Some("write"),
            (Stage::Review { .. } | Stage::Done { .. }, Action::Down) => Some("scroll"),
            _ => None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Drawn {
        draw::draw(frame, area, state, self, theme)
    }

    fn waiting_for(&self) -> Option<RequestId> {
        match self.stage {
            Stage::Planning { id, .. } | Stage::Writing { id, .. } => Some(id),
            _ => None,
        }
    }

    fn on_close(&mut self) -> Vec<Command> {
        // Writes under way finish: a write cut off halfway would leave less than it says.
        match self.stage {
            Stage::Planning { id, .. } => vec![Command::Cancel(id)],
            _ => Vec::new(),
        }
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        if action == Action::Confirm {
            return Some(confirm(state));
        }
        let page = state.layout().page();
        let delta = crate::app::views::nav_delta(action, page)?;
        let p = on_top(state)?;
        match &mut p.stage {
            Stage::Pick { accounts, selected } => {
                let last = accounts.len().saturating_sub(1) as isize;
                *selected = (*selected as isize + delta.clamp(-1, 1)).clamp(0, last) as usize;
            }
            _ => p.scroll = p.scroll.saturating_add_signed(delta),
        }
        Some(Vec::new())
    }
}
