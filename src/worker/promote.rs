//! The TUI's promote (`P`): the chosen items of a list copied to another saved account. First
//! a plan (both accounts read, the other's copies matched by key, references mapped, what will
//! change read again by its detail), kept here by its request id while the person reviews it;
//! then its writes, through the edits' path, each item read again just before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::sync::{ReadError, StepOutcome, read_account, write_plan};
use super::{Event, RequestId, Worker};
use crate::api::{Executor, Kind};
use crate::config::accounts::SavedAccount;
use crate::sync::SyncKind;
use crate::sync::plan::{Action, Plan, plan};
use crate::sync::set::Sides;

/// One step as the review shows it: what it does, and the other account's copy → what is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedStep {
    pub what: String,
    pub old: Value,
    pub new: Value,
}

/// A promote's plan, for the review.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PromotePlan {
    pub steps: Vec<PlannedStep>,
    /// The chosen items the other account has the same already.
    pub same: Vec<String>,
    pub remapped: Vec<String>,
    pub pending: Vec<String>,
    pub warnings: Vec<String>,
    /// What stops it: nothing is written while there is any.
    pub blockers: Vec<String>,
}

/// A plan waiting for its confirmation: the other account's session and both sides read.
struct Prepared {
    there: Arc<Executor>,
    sides: Sides,
    plan: Plan,
}

/// The plans under review, by the request that made them.
#[derive(Default, Clone)]
pub(super) struct Promotions(Arc<Mutex<HashMap<RequestId, Prepared>>>);

impl Promotions {
    /// Keeps the plan `id`; one promote is reviewed at a time, so an older plan (its review
    /// left with esc) goes.
    fn put(&self, id: RequestId, p: Prepared) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.clear();
        map.insert(id, p);
    }

    fn take(&self, id: RequestId) -> Option<Prepared> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&id)
    }
}

impl Worker {
    /// `Command::PromotePlan`.
    pub(super) fn promote_plan(
        &mut self,
        id: RequestId,
        kind: &'static Kind,
        ids: Vec<String>,
        saved: SavedAccount,
    ) {
        // The flag and the setting refuse every write; the account's own mark is the target's
        // (the account in use being read-only does not stop writes to another).
        let rule = crate::readonly::ReadOnly {
            account: false,
            ..self.read_only
        };
        let refused = rule.because().map(ToString::to_string).or_else(|| {
            saved
                .readonly
                .then(|| format!("{} is readonly in accounts.toml", saved.name))
        });
        self.inflight.retain(|_, h| !h.is_finished());
        let events = self.events.clone();
        let current = self.api.clone();
        let promotions = self.promotions.clone();
        let (sessions, http, retry, vault) =
            (self.fleet.clone(), self.http(), self.retry, self.vault());
        let handle = tokio::spawn(async move {
            let result = async {
                if let Some(why) = refused {
                    return Err(format!("read-only: promote refused ({why})"));
                }
                let sk = crate::sync::sync_kind(kind)
                    .filter(|sk| crate::api::catalog::editing(sk.kind).is_some())
                    .ok_or_else(|| format!("{}s cannot be promoted", kind.name))?;
                let here = current.ok_or_else(|| "not logged in".to_string())?;
                let there = super::fleet::session_for(&sessions, http, retry, vault, saved)
                    .await
                    .map_err(|e| e.to_string())?;
                let (sides, plan) = prepare(&here, &there, sk, &ids)
                    .await
                    .map_err(|e| e.to_string())?;
                let shown = review(&sides, &plan, sk, &ids);
                promotions.put(id, Prepared { there, sides, plan });
                Ok(shown)
            }
            .await;
            let _ = events.send(Event::PromotePlanned { id, result });
        });
        self.inflight.insert(id, handle.abort_handle());
    }

    /// `Command::PromoteApply`: the writes of the plan `plan` made.
    pub(super) fn promote_apply(&mut self, id: RequestId, plan_id: RequestId) {
        let events = self.events.clone();
        let prepared = self.promotions.take(plan_id);
        let handle = tokio::spawn(async move {
            let mut lines = Vec::new();
            match prepared {
                None => lines.push((false, "the plan is gone: press P again".to_string())),
                Some(mut p) => {
                    write_plan(&p.there, &mut p.sides, &p.plan, |step, outcome| {
                        let what = format!("{} “{}”", step.sk.kind.name, step.key);
                        lines.push(match outcome {
                            StepOutcome::Written { id } => {
                                (true, format!("{} {what} ({id})", done(&step.action)))
                            }
                            StepOutcome::Conflict => (
                                false,
                                format!("not written: {what} changed there since the plan"),
                            ),
                            StepOutcome::NotSent(why) => {
                                (false, format!("not written: {what}: {why}"))
                            }
                            StepOutcome::Failed(why) => (false, format!("failed: {what}: {why}")),
                        });
                    })
                    .await;
                }
            }
            let _ = events.send(Event::Promoted { id, lines });
        });
        self.inflight.insert(id, handle.abort_handle());
    }
}

fn done(action: &Action) -> &'static str {
    match action {
        Action::Create => "created",
        Action::Update(_) => "updated",
        Action::Delete(_) => "deleted",
    }
}

/// Both accounts read (the chosen items only, on this side), the plan, the items it changes
/// read again by their detail, and the plan again on them.
async fn prepare(
    here: &Executor,
    there: &Executor,
    sk: &'static SyncKind,
    ids: &[String],
) -> Result<(Sides, Plan), ReadError> {
    let quiet = |_: &crate::api::retry::RetryNotice| {};
    let kinds = crate::sync::keys::with_referred(&[sk]);
    let (mine, theirs) = tokio::join!(
        read_account(here, &kinds, &quiet),
        read_account(there, &kinds, &quiet)
    );
    let mut sides = Sides {
        from: theirs?,
        to: mine?,
    };
    if let Some(set) = sides.to.iter_mut().find(|s| s.sk.kind == sk.kind) {
        set.items
            .retain(|_, i| i.id.as_ref().is_some_and(|id| ids.contains(id)));
    }
    let first = plan(&sides, &[sk], false);
    super::sync::refresh(there, &mut sides, &first).await?;
    let plan = plan(&sides, &[sk], false);
    Ok((sides, plan))
}

/// What the review shows of a plan.
fn review(sides: &Sides, p: &Plan, sk: &'static SyncKind, ids: &[String]) -> PromotePlan {
    let steps = p
        .steps
        .iter()
        .map(|s| {
            let old = sides
                .from_set(s.sk.kind)
                .and_then(|set| set.items.get(&s.key))
                .map_or(Value::Object(Default::default()), |i| i.body.clone());
            let new = sides
                .to_set(s.sk.kind)
                .and_then(|set| set.items.get(&s.key))
                .map_or(Value::Null, |i| sides.remapped(s.sk.kind, &i.body).0);
            let verb = if s.action == Action::Create {
                "create"
            } else {
                "update"
            };
            PlannedStep {
                what: format!("{verb} {} “{}”", s.sk.kind.name, s.key),
                old,
                new,
            }
        })
        .collect();
    let same = sides
        .to_set(sk.kind)
        .map(|set| {
            set.items
                .values()
                .filter(|i| i.id.as_ref().is_some_and(|id| ids.contains(id)))
                .filter(|i| !p.steps.iter().any(|s| s.key == i.key))
                .map(|i| i.key.clone())
                .collect()
        })
        .unwrap_or_default();
    PromotePlan {
        steps,
        same,
        remapped: p.remapped.clone(),
        pending: p.pending.clone(),
        warnings: p.warnings.clone(),
        blockers: p.blockers.clone(),
    }
}
