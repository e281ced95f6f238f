//! An item's version history (`H` on an alert, a dashboard or a derived metric): its versions,
//! newest first, paged as the lists are (more load as the selection nears the end). `enter`
//! shows a version's diff against the one before it, two marked versions (space) their diff,
//! `i` a version's JSON; `r` reverts the item to a version (its diff against the item now, then
//! a confirmation), `n` makes a new item of a version. Plain data: the reads run in the worker
//! ([`Command::Versions`]); [`update`] and [`acts`] move it along, [`draw`] draws it.

pub mod acts;
pub mod diff;
pub mod draw;
pub mod update;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::api::Kind;
use crate::api::versions::{Call, PAGE_SIZE, Version, VersionNo, VersionPage};
use crate::app::layout::{scroll_to, step};
use crate::app::remote::Remote;
use crate::worker::{Command, RequestId};

pub use diff::DiffView;
pub use update::open;

/// Load the next page when the selection is this close to the last version loaded.
const PREFETCH_MARGIN: usize = 10;

/// What a person asked for that needs item bodies first.
#[derive(Debug, Clone, PartialEq)]
pub enum Want {
    /// The diff from `old` (none: the first version, diffed against nothing) to `new`.
    Diff {
        old: Option<VersionNo>,
        new: VersionNo,
    },
    /// A version's JSON.
    Json(VersionNo),
    /// A revert to a version: it and the item now, for the diff.
    Revert(VersionNo),
    /// A new item from a version.
    Copy(VersionNo),
    /// The item read again just before a confirmed revert is sent (the spec has no ETag: this
    /// is the check that nobody changed it since the diff was shown).
    Recheck(Box<crate::app::overlays::confirm::Revert>),
}

/// A body a job reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Body {
    Version(VersionNo),
    Current,
}

/// A [`Want`] and the reads it still waits for.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub want: Want,
    pub waiting: Vec<(RequestId, Body)>,
    /// The item as it is now, once read.
    pub current: Option<Value>,
}

#[derive(Debug)]
pub struct VersionsView {
    pub kind: &'static Kind,
    pub item_id: String,
    /// What the list called the item (sanitised when drawn).
    pub name: String,
    /// The versions loaded, in the server's order (newest first).
    pub versions: Vec<Version>,
    /// The page in flight, or why the last one failed.
    pub page: Remote<(), String>,
    /// Where the next page starts; `None` once every version is here.
    pub next_offset: Option<u64>,
    /// The server's estimate of every version.
    pub total: Option<u64>,
    pub selected: usize,
    pub offset: usize,
    /// Marked versions (space), at most two, the first marked first.
    pub marked: Vec<VersionNo>,
    /// What waits for bodies, if anything.
    pub job: Option<Job>,
    /// Versions read so far (a version never changes).
    bodies: HashMap<VersionNo, Arc<Value>>,
}

impl VersionsView {
    pub fn new(kind: &'static Kind, item_id: String, name: String) -> Self {
        Self {
            kind,
            item_id,
            name,
            versions: Vec::new(),
            page: Remote::NotAsked,
            next_offset: Some(0),
            total: None,
            selected: 0,
            offset: 0,
            marked: Vec::new(),
            job: None,
            bodies: HashMap::new(),
        }
    }

    /// `Alerts › CPU high › versions`.
    pub fn title(&self) -> String {
        format!("{} › {} › versions", self.kind.title, self.name)
    }

    /// The request of the first page (what `C` copies as curl).
    pub fn first_call(&self) -> Call {
        self.list_call(0)
    }

    fn list_call(&self, offset: u64) -> Call {
        Call::List {
            kind: self.kind,
            item_id: self.item_id.clone(),
            offset,
            limit: PAGE_SIZE,
        }
    }

    /// Loads from the first version again (what was loaded stays until the page lands).
    pub fn reload(&mut self, id: RequestId) -> Vec<Command> {
        let mut commands = self.cancel_page();
        self.next_offset = Some(0);
        self.page = Remote::loading(id);
        commands.push(Command::Versions {
            id,
            call: self.list_call(0),
        });
        commands
    }

    fn cancel_page(&mut self) -> Vec<Command> {
        let id = self.page.request();
        if id.is_some() {
            self.page = Remote::NotAsked;
        }
        id.map(Command::Cancel).into_iter().collect()
    }

    /// The next page, when the selection nears the end and none is in flight.
    pub fn more(&mut self, id: RequestId, height: usize) -> Vec<Command> {
        let near_end = self.selected + PREFETCH_MARGIN.max(height) >= self.versions.len();
        let Some(offset) = self.next_offset.filter(|_| near_end) else {
            return Vec::new();
        };
        if self.page.is_loading() || self.page.failed().is_some() {
            return Vec::new();
        }
        self.page = Remote::loading(id);
        vec![Command::Versions {
            id,
            call: self.list_call(offset),
        }]
    }

    /// A page for request `id`: from offset 0 it replaces the list, else it extends it. Paging
    /// ends when the server says so, or when a page brings no version not already here (a
    /// server that repeats itself).
    pub fn receive_page(
        &mut self,
        id: RequestId,
        result: Result<VersionPage, String>,
        height: usize,
    ) {
        if !self.page.awaits(id) {
            return;
        }
        let page = match result {
            Ok(page) => page,
            Err(message) => {
                self.page = Remote::Failed(message);
                return;
            }
        };
        self.page = Remote::Loaded(());
        let first = self.next_offset == Some(0);
        if first {
            self.versions.clear();
        }
        let asked = self.next_offset.unwrap_or(0);
        let received = page.items.len() as u64;
        let before = self.versions.len();
        for v in page.items {
            let known =
                v.number.is_some() && self.versions.iter().any(|have| have.number == v.number);
            if !known {
                self.versions.push(v);
            }
        }
        let new = self.versions.len() > before;
        self.next_offset = (page.more && received > 0 && new).then_some(asked + received);
        self.total = page.total;
        self.clamp(height);
    }

    pub fn selected_version(&self) -> Option<&Version> {
        self.versions.get(self.selected)
    }

    /// The version listed before `v` in time: the highest number below it that is loaded, else
    /// the number one below (not loaded yet, read by its number); `None` for the first.
    pub fn before(&self, v: &VersionNo) -> Option<VersionNo> {
        let loaded = self
            .versions
            .iter()
            .filter_map(|x| x.number.as_ref())
            .filter(|n| *n < v)
            .max()
            .cloned();
        loaded.or_else(|| v.below())
    }

    /// Marks or unmarks `v`; a third mark lets go of the first.
    pub fn toggle_mark(&mut self, v: VersionNo) {
        if let Some(at) = self.marked.iter().position(|m| *m == v) {
            self.marked.remove(at);
            return;
        }
        if self.marked.len() == 2 {
            self.marked.remove(0);
        }
        self.marked.push(v);
    }

    /// The two marked versions, older first.
    pub fn marked_pair(&self) -> Option<(VersionNo, VersionNo)> {
        match self.marked.as_slice() {
            [a, b] if a < b => Some((a.clone(), b.clone())),
            [a, b] => Some((b.clone(), a.clone())),
            _ => None,
        }
    }

    /// A version's body, when it was read before.
    pub fn body(&self, v: &VersionNo) -> Option<Arc<Value>> {
        self.bodies.get(v).cloned()
    }

    pub fn keep_body(&mut self, v: VersionNo, body: Value) {
        self.bodies.insert(v, Arc::new(body));
    }

    /// Starts `want`: `reads` are the bodies it lacks, each with a fresh request id (none: it
    /// can be done at once). What was waiting before is cancelled.
    pub fn start(&mut self, want: Want, reads: Vec<(RequestId, Body)>) -> Vec<Command> {
        let mut commands = self.cancel_job();
        for (id, body) in &reads {
            let call = match body {
                Body::Version(version) => Call::Version {
                    kind: self.kind,
                    item_id: self.item_id.clone(),
                    version: version.clone(),
                },
                Body::Current => Call::Current {
                    kind: self.kind,
                    item_id: self.item_id.clone(),
                },
            };
            commands.push(Command::Versions { id: *id, call });
        }
        self.job = Some(Job {
            want,
            waiting: reads,
            current: None,
        });
        commands
    }

    /// Cancels what the job waits for.
    pub fn cancel_job(&mut self) -> Vec<Command> {
        self.job
            .take()
            .map(|j| {
                j.waiting
                    .into_iter()
                    .map(|(id, _)| Command::Cancel(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every request in flight.
    pub fn in_flight(&self) -> Vec<RequestId> {
        let mut ids: Vec<RequestId> = self.page.request().into_iter().collect();
        if let Some(job) = &self.job {
            ids.extend(job.waiting.iter().map(|(id, _)| *id));
        }
        ids
    }

    pub fn is_loading(&self) -> bool {
        !self.in_flight().is_empty()
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.selected = step(self.selected, delta, self.versions.len());
        self.offset = scroll_to(self.offset, self.selected, height);
    }

    pub fn clamp(&mut self, height: usize) {
        self.selected = self.selected.min(self.versions.len().saturating_sub(1));
        let max_offset = self.versions.len().saturating_sub(height);
        self.offset = scroll_to(self.offset.min(max_offset), self.selected, height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::ALERTS;

    fn v(n: &str) -> VersionNo {
        VersionNo::parse(n).unwrap()
    }

    fn page(numbers: &[u64], more: bool) -> VersionPage {
        VersionPage {
            items: numbers
                .iter()
                .map(|n| Version::read(&serde_json::json!({"version": n})).unwrap())
                .collect(),
            more,
            total: Some(9),
        }
    }

    #[test]
    fn pages_extend_the_list_until_the_server_says_the_end_or_repeats_itself() {
        let mut view = VersionsView::new(&ALERTS, "1".into(), "a".into());
        view.reload(1);
        view.receive_page(1, Ok(page(&[9, 8, 7], true)), 20);
        assert_eq!(view.next_offset, Some(3));
        let asked = view.more(2, 20);
        assert!(matches!(
            &asked[..],
            [Command::Versions {
                call: Call::List { offset: 3, .. },
                ..
            }]
        ));
        view.receive_page(99, Ok(page(&[1], false)), 20);
        assert_eq!(view.versions.len(), 3, "a stale page is dropped");
        view.receive_page(2, Ok(page(&[8, 7], true)), 20);
        assert_eq!(view.next_offset, None, "nothing new: the end");
        assert_eq!(view.versions.len(), 3);
    }

    #[test]
    fn the_version_before_is_the_one_listed_below_or_the_number_below() {
        let mut view = VersionsView::new(&ALERTS, "1".into(), "a".into());
        view.reload(1);
        view.receive_page(1, Ok(page(&[12, 10], true)), 20);
        assert_eq!(
            view.before(&v("12")),
            Some(v("10")),
            "11 is not in the history"
        );
        assert_eq!(view.before(&v("10")), Some(v("9")), "not loaded yet");
        assert_eq!(view.before(&v("1")), None, "the first");
    }

    #[test]
    fn two_marks_at_most_the_older_first() {
        let mut view = VersionsView::new(&ALERTS, "1".into(), "a".into());
        view.toggle_mark(v("5"));
        assert_eq!(view.marked_pair(), None);
        view.toggle_mark(v("2"));
        assert_eq!(view.marked_pair(), Some((v("2"), v("5"))));
        view.toggle_mark(v("9"));
        assert_eq!(view.marked, [v("2"), v("9")], "the first mark let go");
        view.toggle_mark(v("2"));
        assert_eq!(view.marked, [v("9")]);
    }
}
