//! The merged firing console's reads (`:firing @all`): beside the current session, a session
//! per other saved account, logged in on demand from the account and its stored secret, each
//! with its own token (refreshed by its own `Session`) and its own executor (its own retries and
//! backoff). They close when the merged console closes (`Command::FleetClose`), or when unused
//! for [`IDLE`] (the console left open under other views stops reading).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::accounts::{self, LoginError};
use super::{Event, RequestId, Worker};
use crate::api::alerting::Summary;
use crate::api::catalog::{FLEET_FIRING, Row};
use crate::api::{ApiError, Executor};
use crate::config::accounts::SavedAccount;

/// The extra sessions by account name; each behind its own lock, so one account's slow login
/// never holds up another's reads.
#[derive(Default, Clone)]
pub(super) struct FleetSessions {
    by_name: Arc<Mutex<HashMap<String, (Slot, Instant)>>>,
}

type Slot = Arc<tokio::sync::Mutex<Option<Arc<Executor>>>>;

/// A session not used this long closes (the next read logs in again).
pub const IDLE: Duration = Duration::from_secs(10 * 60);

impl FleetSessions {
    /// The account's slot, marked used now.
    fn slot(&self, name: &str) -> Slot {
        let mut map = self
            .by_name
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let (slot, used) = map
            .entry(name.to_string())
            .or_insert_with(|| (Slot::default(), now));
        *used = now;
        slot.clone()
    }

    /// Closes the sessions unused for [`IDLE`] (run at every command: the badge's poll sends
    /// one every period, so an idle session does not outlive its time by much).
    pub(super) fn sweep(&self) {
        let now = Instant::now();
        self.by_name
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|_, (_, used)| now.duration_since(*used) < IDLE);
    }

    /// Drops every extra session (their tokens go with them).
    pub(super) fn close(&self) {
        self.by_name
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// How many extra sessions are open (tests, the notes).
    pub(super) fn len(&self) -> usize {
        self.by_name
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }
}

/// One account's look: its counts and its firing alerts, each of which may fail alone.
#[derive(Debug)]
pub struct FleetRead {
    pub summary: Result<Summary, ApiError>,
    /// The rows of the merged console (`FLEET_FIRING`), the account in their first cell.
    pub firing: Result<Vec<Row>, ApiError>,
}

/// Why an account could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    #[error("login failed ({0})")]
    Login(#[from] LoginError),
    #[error("not logged in")]
    NoSession,
}

impl Worker {
    /// `Command::FleetRead`: the account's counts and firing alerts, through the current
    /// session without `saved`, else through the account's own (logged in first if need be).
    pub(super) fn fleet_read(&mut self, id: RequestId, name: String, saved: Option<SavedAccount>) {
        self.inflight.retain(|_, h| !h.is_finished());
        let events = self.events.clone();
        let current = self.api.clone();
        let (sessions, http, retry, vault) =
            (self.fleet.clone(), self.http(), self.retry, self.vault());
        let handle = tokio::spawn(async move {
            let api = match saved {
                None => current.ok_or(FleetError::NoSession),
                Some(saved) => session_for(&sessions, http, retry, vault, saved).await,
            };
            let result = match api {
                Ok(api) => Ok(read(&api, &name).await),
                Err(e) => Err(e),
            };
            let _ = events.send(Event::Fleet {
                id,
                account: name,
                result,
            });
        });
        self.inflight.insert(id, handle.abort_handle());
    }
}

/// The account's session, logged in now if it has none (a failure is tried again next time).
pub(super) async fn session_for(
    sessions: &FleetSessions,
    http: reqwest::Client,
    retry: crate::api::retry::RetryPolicy,
    vault: crate::auth::store::Vault,
    saved: SavedAccount,
) -> Result<Arc<Executor>, FleetError> {
    let slot = sessions.slot(&saved.name);
    let mut held = slot.lock().await;
    if let Some(api) = held.as_ref() {
        return Ok(api.clone());
    }
    tracing::info!(account = %saved.name, "logging in for the merged console");
    let done = accounts::login_saved(http, retry, vault, saved)
        .await
        .map_err(|fail| {
            tracing::warn!(account = %fail.account, error = %fail.error, "merged console login failed");
            FleetError::Login(fail.error)
        })?;
    let api = Arc::new(done.api);
    *held = Some(api.clone());
    Ok(api)
}

/// The counts and the firing alerts of one account, read side by side (retries are its own).
async fn read(api: &Executor, account: &str) -> FleetRead {
    let quiet = |_: &crate::api::retry::RetryNotice| {};
    let (summary, firing) = tokio::join!(
        crate::api::alerting::fetch_summary(api, &quiet),
        crate::api::alerting::fetch_firing(api, &quiet),
    );
    let firing = firing.map(|f| {
        f.alerts
            .iter()
            .map(|alert| account_row(alert, account))
            .collect()
    });
    FleetRead { summary, firing }
}

/// An alert's row of the merged console: the firing console's cells after its account's.
pub fn account_row(alert: &serde_json::Value, account: &str) -> Row {
    let mut row = FLEET_FIRING.row(alert);
    if let Some(first) = row.cells.first_mut() {
        *first = crate::api::catalog::Cell::Text(crate::text::sanitize(account).into());
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn sessions_unused_for_a_while_close_and_all_close_with_the_console() {
        let sessions = FleetSessions::default();
        sessions.slot("prod");
        tokio::time::advance(IDLE / 2).await;
        sessions.slot("staging");
        assert_eq!(sessions.len(), 2);
        tokio::time::advance(IDLE / 2 + Duration::from_secs(1)).await;
        sessions.sweep();
        assert_eq!(sessions.len(), 1, "prod unused for longer than IDLE");
        sessions.slot("staging");
        tokio::time::advance(IDLE - Duration::from_secs(1)).await;
        sessions.sweep();
        assert_eq!(sessions.len(), 1, "staging was used since");
        sessions.close();
        assert_eq!(sessions.len(), 0);
    }
}
