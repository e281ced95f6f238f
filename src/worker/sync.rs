//! Reads and writes for dump, diff and apply, and the TUI's `:diff @account`: every item of a
//! kind, page by page, a list's items compared with another account's copies, and a plan's
//! writes.

use std::collections::HashMap;

use serde_json::Value;

use super::edit::{EditWrite, WriteOutcome, write_one};
use super::fetch::raw_page_noting;
use crate::api::catalog::{Arg, Verb};
use crate::api::retry::RetryNotice;
use crate::api::{ApiError, ApiRequest, Executor, Kind, PageGuard, PageRequest};
use crate::sync::SyncKind;
use crate::sync::plan::{Action, Plan, Step, body};
use crate::sync::set::{ItemSet, Sides, diff_kind};

/// Items a page asks for: the most the API gives.
const PAGE: u32 = 1000;

/// Why a kind could not be read whole.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A dump or a diff of part of a kind would say items are gone that are not.
    #[error("{kind}: paging stopped early: {why}")]
    Stopped {
        kind: &'static str,
        why: crate::api::Stopped,
    },
}

/// What a retry is announced to.
pub type OnRetry<'a> = &'a (dyn Fn(&RetryNotice) + Sync);

/// Calls `each` with every page of `kind`'s listing, in order, each item once; paging that
/// stops early (a server that never ends, repeats itself) is an error.
pub async fn each_page<E: From<ReadError>>(
    session: &Executor,
    kind: &'static Kind,
    on_retry: OnRetry<'_>,
    mut each: impl FnMut(Vec<Value>) -> Result<(), E>,
) -> Result<(), E> {
    let mut page = Some(PageRequest::first(PAGE));
    let mut guard = PageGuard::default();
    while let Some(request) = page.take() {
        let (parsed, next) = raw_page_noting(session, kind, &request, None, on_retry)
            .await
            .map_err(ReadError::from)?;
        let ids: Vec<Option<String>> = parsed.items.iter().map(|i| kind.item_id(i)).collect();
        let verdict = guard.check(&request, ids.iter().map(Option::as_deref), next);
        let items: Vec<Value> = parsed
            .items
            .into_iter()
            .zip(verdict.new.iter().chain(std::iter::repeat(&true)))
            .filter(|(_, new)| **new)
            .map(|(item, _)| item)
            .collect();
        each(items)?;
        page = verdict.next.map_err(|why| ReadError::Stopped {
            kind: kind.name,
            why,
        })?;
    }
    Ok(())
}

/// The sets of `kinds` in an account.
pub async fn read_account(
    session: &Executor,
    kinds: &[&'static SyncKind],
    on_retry: OnRetry<'_>,
) -> Result<Vec<ItemSet>, ReadError> {
    let mut sets = Vec::new();
    for sk in kinds {
        let mut set = ItemSet::new(sk);
        each_page(session, sk.kind, on_retry, |items| {
            items.into_iter().for_each(|i| set.add_raw(i));
            Ok::<(), ReadError>(())
        })
        .await?;
        sets.push(set);
    }
    Ok(sets)
}

/// How an item of this account compares with its copy in the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Differs {
    Same,
    /// Different in this many places.
    Changed(usize),
    /// The other account has no item with its key.
    OnlyHere,
}

/// A list compared with another account: each item's answer by its id here, and how many
/// items only the other account has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compared {
    pub by_id: HashMap<String, Differs>,
    pub only_there: usize,
}

/// Compares `kind`'s items in `here` with those in `there` (references mapped by key).
pub async fn compare(
    here: &Executor,
    there: &Executor,
    sk: &'static SyncKind,
) -> Result<Compared, ReadError> {
    let quiet = |_: &RetryNotice| {};
    let kinds = crate::sync::keys::with_referred(&[sk]);
    let (mine, theirs) = tokio::join!(
        read_account(here, &kinds, &quiet),
        read_account(there, &kinds, &quiet)
    );
    // `to` is this account: its references are mapped to the other's ids before comparing.
    let sides = Sides {
        from: theirs?,
        to: mine?,
    };
    Ok(compared(&sides, sk))
}

fn compared(sides: &Sides, sk: &'static SyncKind) -> Compared {
    let d = diff_kind(sides, sk.kind);
    let mut out = Compared {
        only_there: d.removed.len(),
        ..Compared::default()
    };
    let Some(mine) = sides.to_set(sk.kind) else {
        return out;
    };
    let changed: HashMap<&str, usize> = d
        .changed
        .iter()
        .map(|(k, entries)| (k.as_str(), entries.len()))
        .collect();
    for (key, item) in &mine.items {
        let Some(id) = &item.id else {
            continue;
        };
        let answer = if d.added.contains(key) {
            Differs::OnlyHere
        } else {
            changed
                .get(key.as_str())
                .map_or(Differs::Same, |&n| Differs::Changed(n))
        };
        out.by_id.insert(id.clone(), answer);
    }
    out
}

/// What became of one step of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// Written; the item's id (a new one's as the server gave it).
    Written { id: String },
    /// Not written: the item changed on the server since the plan was made.
    Conflict,
    /// Not sent: its body could not be made (a reference to an item whose create failed).
    NotSent(String),
    /// Sent and refused, or failed on the way.
    Failed(String),
}

/// The request a step sends, with its body built now.
pub fn step_request(sides: &Sides, step: &Step) -> Result<ApiRequest, String> {
    let kind = step.sk.kind;
    let verb = match step.action {
        Action::Create => Verb::Create,
        Action::Update(_) => Verb::Update,
        Action::Delete(_) => Verb::Delete,
    };
    let op = kind
        .operation(verb)
        .ok_or_else(|| format!("{} have no {verb:?}", kind.title.to_lowercase()))?;
    Ok(match &step.action {
        Action::Delete(id) => op.request(id, Arg::None),
        Action::Update(id) => op.request(id, Arg::Item(body(sides, step)?)),
        Action::Create => op.request("", Arg::Item(body(sides, step)?)),
    })
}

/// What `from` had of the step's item when the plan was made (the conflict check's base).
fn opened_item(sides: &Sides, step: &Step) -> Option<Value> {
    sides
        .from_set(step.sk.kind)
        .and_then(|s| s.items.get(&step.key))
        .and_then(|i| i.raw.clone())
}

/// Records an item created, so the references to it map from now on.
pub fn created(sides: &mut Sides, step: &Step, id: String, item: Option<Value>) {
    let body = sides
        .to_set(step.sk.kind)
        .and_then(|s| s.items.get(&step.key))
        .map(|i| i.body.clone());
    if let (Some(set), Some(body)) = (sides.from_set_mut(step.sk.kind), body) {
        set.add(Some(id), body, item);
    }
}

/// Writes `plan`'s steps in turn through the edits' path (each item read again just before its
/// write: one changed since the plan is not overwritten), telling `each` how each went. A
/// failure stops nothing but what depends on it; items created are mapped from then on.
pub async fn write_plan(
    api: &Executor,
    sides: &mut Sides,
    plan: &Plan,
    mut each: impl FnMut(&Step, &StepOutcome),
) {
    for step in &plan.steps {
        let kind = step.sk.kind;
        let request = match step_request(sides, step) {
            Ok(r) => r,
            Err(why) => {
                each(step, &StepOutcome::NotSent(why));
                continue;
            }
        };
        let write = EditWrite {
            item_id: match &step.action {
                Action::Update(id) | Action::Delete(id) => Some(id.clone()),
                Action::Create => None,
            },
            opened: opened_item(sides, step),
            request,
        };
        let outcome = match write_one(api, kind, &write).await {
            WriteOutcome::Written { item, .. } => {
                let id = kind
                    .item_id(&item)
                    .or(write.item_id.clone())
                    .unwrap_or_default();
                if step.action == Action::Create {
                    created(sides, step, id.clone(), Some(item));
                }
                StepOutcome::Written { id }
            }
            WriteOutcome::Conflict { .. } => StepOutcome::Conflict,
            WriteOutcome::Failed(err) => StepOutcome::Failed(err.to_string()),
        };
        each(step, &outcome);
    }
}

/// Reads again, by its detail, every item `p` updates or deletes.
pub async fn refresh(api: &Executor, sides: &mut Sides, p: &Plan) -> Result<(), ApiError> {
    for step in &p.steps {
        let (Action::Update(id) | Action::Delete(id)) = &step.action else {
            continue;
        };
        let Some(request) = step.sk.kind.detail_request(id) else {
            continue;
        };
        let now = api.execute(&request, &|_| {}).await?;
        if let Some(set) = sides.from_set_mut(step.sk.kind) {
            set.refresh(&step.key, now);
        }
    }
    Ok(())
}

impl super::Worker {
    /// `Command::SyncCompare`: the current session and the saved account's own (the merged
    /// console's sessions: logged in on demand, closed when unused).
    pub(super) fn sync_compare(
        &mut self,
        id: super::RequestId,
        kind: &'static Kind,
        saved: crate::config::accounts::SavedAccount,
    ) {
        self.inflight.retain(|_, h| !h.is_finished());
        let events = self.events.clone();
        let current = self.api.clone();
        let (sessions, http, retry, vault) =
            (self.fleet.clone(), self.http(), self.retry, self.vault());
        let handle = tokio::spawn(async move {
            let result = async {
                let sk = crate::sync::sync_kind(kind)
                    .ok_or_else(|| format!("{} are not compared across accounts", kind.name))?;
                let here = current.ok_or_else(|| "not logged in".to_string())?;
                let there = super::fleet::session_for(&sessions, http, retry, vault, saved)
                    .await
                    .map_err(|e| e.to_string())?;
                compare(&here, &there, sk).await.map_err(|e| e.to_string())
            }
            .await;
            let _ = events.send(super::Event::SyncCompared { id, result });
        });
        self.inflight.insert(id, handle.abort_handle());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::ALERTS;
    use crate::sync::sync_kind;
    use serde_json::json;

    #[test]
    fn each_item_here_is_same_changed_or_only_here() {
        let sk = sync_kind(&ALERTS).unwrap();
        let mut here = ItemSet::new(sk);
        here.add_raw(json!({"id": "1", "name": "same", "minutes": 5}));
        here.add_raw(json!({"id": "2", "name": "changed", "minutes": 5, "condition": "a"}));
        here.add_raw(json!({"id": "3", "name": "only here"}));
        let mut there = ItemSet::new(sk);
        there.add_raw(json!({"id": "9", "name": "same", "minutes": 5}));
        there.add_raw(json!({"id": "8", "name": "changed", "minutes": 6, "condition": "b"}));
        there.add_raw(json!({"id": "7", "name": "only there"}));
        let c = compared(
            &Sides {
                from: vec![there],
                to: vec![here],
            },
            sk,
        );
        assert_eq!(c.by_id["1"], Differs::Same);
        assert_eq!(c.by_id["2"], Differs::Changed(2));
        assert_eq!(c.by_id["3"], Differs::OnlyHere);
        assert_eq!(c.only_there, 1);
    }
}
