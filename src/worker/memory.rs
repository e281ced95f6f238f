//! The worker's side of memory: reads an account's remembered state and request history at
//! login, records every request of the session, and writes both in a background task (the
//! latest state wins; history lines are appended). Never on the UI thread.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::oneshot;

use super::Event;
use crate::api::Executor;
use crate::api::catalog::{KINDS, mask_secrets};
use crate::api::history::HistoryEntry;
use crate::auth::Account;
use crate::config::state_file::{self, MemoryConfig, Remembered};

enum Write {
    State(PathBuf, Box<Remembered>),
    History(PathBuf, Box<HistoryEntry>),
    Flush(oneshot::Sender<()>),
    /// A removed account's folder: deleted, and nothing more written there (its session may
    /// still be open) until `Keep`.
    Forget(PathBuf),
    /// An account logged in: its folder may be written again.
    Keep(PathBuf),
}

/// Deletes a removed account's files once its removal is done (see [`MemoryWorker::forget`]).
pub struct Forget(Option<(UnboundedSender<Write>, PathBuf)>);

impl Forget {
    pub fn now(self) {
        if let Some((writes, dir)) = self.0 {
            let _ = writes.send(Write::Forget(dir));
        }
    }
}

pub struct MemoryWorker {
    config: MemoryConfig,
    /// The writer task; `None` when nothing is saved.
    writes: Option<UnboundedSender<Write>>,
}

impl MemoryWorker {
    /// Starts the writer; its first failure is told to the UI through `events`.
    pub fn start(config: MemoryConfig, events: UnboundedSender<Event>) -> Self {
        let writes = config.dir.as_ref().map(|_| {
            let (tx, rx) = unbounded_channel();
            tokio::spawn(writer(rx, events));
            tx
        });
        Self { config, writes }
    }

    pub fn save_state(&self, account: &str, state: Remembered) {
        if let (Some(writes), Some(path)) = (&self.writes, self.config.state_file(account)) {
            let _ = writes.send(Write::State(path, Box::new(state)));
        }
    }

    /// What deletes `account`'s remembered state and request history, in order with the writes
    /// queued before it.
    pub fn forget(&self, account: &str) -> Forget {
        Forget(self.writes.clone().zip(self.config.account_dir(account)))
    }

    /// A renamed account keeps what was remembered for it: its folder moves to the new name
    /// (now, before the new session reads it), and the old one is forgotten (what the old
    /// session still had queued for it goes).
    pub fn rename(&self, old: &str, new: &str) {
        let (Some(writes), Some(from), Some(to)) = (
            &self.writes,
            self.config.account_dir(old),
            self.config.account_dir(new),
        ) else {
            return;
        };
        if from.exists() {
            // No account had the new name (the form refuses that): what is there is stale.
            let _ = state_file::forget_account(&to);
            if let Err(e) = std::fs::rename(&from, &to) {
                tracing::warn!(error = %e, "a renamed account's files stay under its old name");
                return;
            }
        }
        let _ = writes.send(Write::Forget(from));
    }

    pub fn flush(&self, done: oneshot::Sender<()>) {
        match &self.writes {
            Some(writes) => {
                if let Err(tokio::sync::mpsc::error::SendError(Write::Flush(done))) =
                    writes.send(Write::Flush(done))
                {
                    let _ = done.send(());
                }
            }
            None => {
                let _ = done.send(());
            }
        }
    }

    /// A session just logged in: tell the UI what its account remembers and what it sent
    /// before, and record its requests from now on.
    pub fn logged_in(&self, who: &Account, api: &mut Executor, events: &UnboundedSender<Event>) {
        let account = who.name.clone();
        if let (Some(writes), Some(dir)) = (&self.writes, self.config.account_dir(&account)) {
            let _ = writes.send(Write::Keep(dir));
        }
        if let Some(path) = self.config.state_file(&account) {
            let remembered = state_file::load_state(&path).unwrap_or_else(|e| {
                // A broken file costs the remembered view, never the start.
                tracing::warn!(error = %e, "remembered state ignored");
                Remembered::default()
            });
            let _ = events.send(Event::Memory {
                account: account.clone(),
                state: Box::new(remembered),
            });
        }
        let settings = self.config.history;
        let history_file = self.config.history_file(&account);
        let entries = match (&history_file, settings.enabled()) {
            (Some(path), true) => match state_file::load_history(path) {
                Ok((entries, skipped)) => {
                    if skipped > 0 {
                        tracing::warn!(skipped, "unreadable request history lines skipped");
                    }
                    entries
                }
                Err(e) => {
                    tracing::warn!(error = %e, "request history ignored");
                    Vec::new()
                }
            },
            _ => Vec::new(),
        };
        let _ = events.send(Event::HistoryLoaded {
            base: Box::new(who.instance.clone()),
            entries,
            enabled: settings.enabled(),
        });
        if !settings.enabled() {
            return;
        }
        let events = events.clone();
        let persist = self.writes.clone().zip(history_file);
        api.set_recorder(
            Arc::new(move |entry: HistoryEntry| {
                if let Some((writes, path)) = &persist {
                    let _ = writes.send(Write::History(path.clone(), Box::new(entry.clone())));
                }
                let _ = events.send(Event::History(Box::new(entry)));
            }),
            settings.bodies(),
        );
    }
}

/// Writes in order, coalescing what queued up meanwhile: the last state per file, every
/// history line. The first write that fails is said once on the message line (a state folder
/// that cannot be written would otherwise lose every view, sort and request without a word);
/// later failures only go to the log.
async fn writer(mut rx: UnboundedReceiver<Write>, events: UnboundedSender<Event>) {
    let mut told = false;
    let mut forgotten: HashSet<PathBuf> = HashSet::new();
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let mut states: BTreeMap<PathBuf, Box<Remembered>> = BTreeMap::new();
        let mut lines: BTreeMap<PathBuf, Vec<HistoryEntry>> = BTreeMap::new();
        let mut done = Vec::new();
        let mut deletions = Vec::new();
        let kept = |forgotten: &HashSet<PathBuf>, path: &PathBuf| {
            !path.parent().is_some_and(|dir| forgotten.contains(dir))
        };
        for write in batch {
            match write {
                Write::State(path, state) if kept(&forgotten, &path) => {
                    states.insert(path, state);
                }
                Write::History(path, entry) if kept(&forgotten, &path) => {
                    lines.entry(path).or_default().push(*entry);
                }
                Write::State(..) | Write::History(..) => {}
                Write::Flush(tx) => done.push(tx),
                Write::Forget(dir) => {
                    // What queued for it before goes too: the folder is deleted first.
                    states.retain(|p, _| !p.starts_with(&dir));
                    lines.retain(|p, _| !p.starts_with(&dir));
                    forgotten.insert(dir.clone());
                    deletions.push(dir);
                }
                Write::Keep(dir) => {
                    forgotten.remove(&dir);
                }
            }
        }
        let written = tokio::task::spawn_blocking(move || {
            let mut first_error = None;
            for dir in deletions {
                if let Err(e) = state_file::forget_account(&dir) {
                    tracing::warn!(error = %e, "a removed account's files stay");
                    first_error.get_or_insert(e);
                }
            }
            for (path, state) in states {
                if let Err(e) = state_file::save_state(&path, &state) {
                    tracing::warn!(error = %e, "remembered state not saved");
                    first_error.get_or_insert(e);
                }
            }
            for (path, entries) in lines {
                if let Err(e) = state_file::append_history(&path, &entries) {
                    tracing::warn!(error = %e, "request history not saved");
                    first_error.get_or_insert(e);
                }
            }
            first_error
        })
        .await;
        match written {
            Ok(Some(e)) if !told => {
                told = true;
                let _ = events.send(Event::Failed(e.into()));
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "state writer failed"),
        }
        for tx in done {
            let _ = tx.send(());
        }
    }
}

/// Masks secrets in a replayed answer as the kind's own views do (an API token's id is the
/// token), and `tokenID` wherever it appears.
pub fn mask_for_path(value: &mut Value, path: &str) {
    mask_secrets(value, &["tokenID"]);
    for kind in KINDS {
        let search = kind
            .search_entity
            .is_some_and(|e| path == format!("/api/v2/search/{e}"));
        if search || path.starts_with(kind.list_path) {
            mask_secrets(value, kind.secret_keys);
        }
    }
}
