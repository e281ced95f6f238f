//! The live alert console (`:firing`, `!` from anywhere): a table of the firing alerts (the
//! catalog's `FIRING_ALERTS`, so the list's filter, sort, marks, bulk actions, export and `c`
//! all work on it) made live: a header of counts by state, a refresh of its own (every 15 s by
//! default, backing off on 429/406), the rows new or changed since the last look marked, and
//! the bell for a new SEVERE (opt-in). The [`Watch`] in the state keeps what outlives the view:
//! the schedule, the summary the header badge shows on every screen, the last look.
//!
//! A seam for several accounts (`:firing @all`, to come): rows are the catalog's rows of one
//! fetch (the firing search and the summary of one session); a merged console would hold a
//! [`Watch`]'s fetch per account and rows that carry their account (a column of its own).

pub mod draw;
pub mod fleet;
pub mod fleet_draw;
pub mod update;

use std::collections::HashMap;

use crate::api::alerting::Summary;
use crate::api::catalog::{Cell, Row};
use crate::worker::RequestId;

pub use update::{open, open_command};

/// The console's period by default.
pub const DEFAULT_EVERY_MS: i64 = 15_000;
/// Throttling doubles the period each time, up to this many doublings (15 s → 4 min).
const MAX_DOUBLINGS: u32 = 4;
/// A read of the counts unanswered this long is taken as lost (the request budget is a
/// minute by default): the next poll goes out all the same, so the badge never freezes.
const LOST_MS: i64 = 3 * 60_000;

/// What a row did since the last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not there at the last look.
    New,
    /// There, with other values (severity, series, a snooze …).
    Changed,
}

/// What makes a table the live console (`TableView::live`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    /// Rows new or changed at the last refresh, by id, until the next one.
    pub changes: HashMap<String, Change>,
}

impl Live {
    /// A row changed by the person (a snooze): their own change is not marked.
    pub fn saw(&mut self, row: &Row) {
        if let Some(id) = row.id.as_deref() {
            self.changes.remove(id);
        }
    }
}

/// The alerting watch of the session: the console's settings and schedule, the summary behind
/// its header and the badge, and the rows as last seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    /// How often the console and the badge refresh; `None`: never by themselves.
    pub every_ms: Option<i64>,
    /// The header badge on every screen (and its poll while the console is not open).
    pub badge: bool,
    /// Ring the terminal's bell for a new SEVERE.
    pub bell: bool,
    /// The last counts by state read, and when.
    pub summary: Option<(Summary, i64)>,
    /// Why the last read of the counts failed (the last counts stay).
    pub summary_error: Option<String>,
    /// The summary request in flight.
    pub pending: Option<RequestId>,
    /// When it was sent.
    pub pending_since_ms: i64,
    /// Whether the one in flight is the timer's (the history hides those until asked).
    pub pending_by_timer: bool,
    /// When the last poll was answered: the next is due a period later.
    pub polled_at_ms: Option<i64>,
    /// 429/406 answers to the counts in a row: each doubles the period until one goes through.
    pub throttled: u32,
    /// The same for the console's search.
    pub search_throttled: u32,
    /// The rows' cells at the last look, by id (`None` before the first).
    pub seen: Option<HashMap<String, Vec<Cell>>>,
}

impl Default for Watch {
    fn default() -> Self {
        Self {
            every_ms: Some(DEFAULT_EVERY_MS),
            badge: true,
            bell: false,
            summary: None,
            summary_error: None,
            pending: None,
            pending_since_ms: 0,
            pending_by_timer: false,
            polled_at_ms: None,
            throttled: 0,
            search_throttled: 0,
            seen: None,
        }
    }
}

impl Watch {
    /// The period now: the setting's, doubled for each 429/406 in a row.
    pub fn period_ms(&self) -> Option<i64> {
        self.every_ms
            .map(|every| every.saturating_mul(1 << self.slowed().min(MAX_DOUBLINGS)))
    }

    /// How many times in a row the server asked to slow down (the counts or the search).
    pub fn slowed(&self) -> u32 {
        self.throttled.max(self.search_throttled)
    }

    /// Whether a read of the counts is in flight (and not lost).
    pub fn in_flight(&self, now_ms: i64) -> bool {
        self.pending.is_some() && now_ms.saturating_sub(self.pending_since_ms) < LOST_MS
    }

    /// A row as the person changed it becomes what they last saw of it.
    pub fn saw(&mut self, row: &Row) {
        if let (Some(seen), Some(id)) = (self.seen.as_mut(), row.id.as_deref()) {
            seen.insert(id.to_string(), row.cells.clone());
        }
    }

    /// Whether a request to `path` now is the timer's poll of the counts (an auto-refresh).
    pub fn polling(&self, path: &str) -> bool {
        self.pending.is_some()
            && self.pending_by_timer
            && path == crate::api::alerting::SUMMARY_PATH
    }

    /// A new session: what was read for the last one goes (the settings stay).
    pub fn reset(&mut self) {
        *self = Self {
            every_ms: self.every_ms,
            badge: self.badge,
            bell: self.bell,
            ..Self::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_doubles_the_period_up_to_a_bound() {
        let mut w = Watch::default();
        assert_eq!(w.period_ms(), Some(15_000));
        w.throttled = 2;
        assert_eq!(w.period_ms(), Some(60_000));
        w.throttled = 0;
        w.search_throttled = 40;
        assert_eq!(
            w.period_ms(),
            Some(240_000),
            "the search's count too, bounded"
        );
        w.pending = Some(7);
        w.pending_since_ms = 1_000;
        assert!(w.in_flight(1_000 + LOST_MS - 1));
        assert!(
            !w.in_flight(1_000 + LOST_MS),
            "lost: the next poll goes out"
        );
        w.every_ms = None;
        assert_eq!(w.period_ms(), None);
        w.every_ms = Some(5_000);
        w.bell = true;
        w.reset();
        assert_eq!((w.throttled, w.bell, w.every_ms), (0, true, Some(5_000)));
    }
}
