//! How long a view has waited for its request: after the first slow second the view says so
//! and counts ("waiting 3s for the server"), so a server that never answers is not an unchanged
//! "loading…" for the whole timeout.

use crate::worker::RequestId;

/// Waits shorter than this say only "loading…".
pub const SLOW_MS: i64 = 1_000;

/// The request a view waits for, and since when.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wait {
    current: Option<(RequestId, i64)>,
}

impl Wait {
    /// Follows the view's request: a new id starts a new wait, none ends it.
    pub fn follow(&mut self, waiting_for: Option<RequestId>, now_ms: i64) {
        self.current = match (waiting_for, self.current) {
            (None, _) => None,
            (Some(id), Some((same, since))) if same == id => Some((same, since)),
            (Some(id), _) => Some((id, now_ms)),
        };
    }

    /// "waiting 3s for the server" once the wait is slow.
    pub fn describe(&self, now_ms: i64) -> Option<String> {
        let (_, since) = self.current?;
        let waited = now_ms.saturating_sub(since);
        (waited >= SLOW_MS).then(|| {
            format!(
                "waiting {} for the server",
                crate::format::short_duration((waited / 1000) as u64)
            )
        })
    }

    /// Whether a wait is on: the screen then changes every second.
    pub fn is_on(&self) -> bool {
        self.current.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_counts_from_its_request_and_ends_with_it() {
        let mut w = Wait::default();
        w.follow(Some(7), 1_000);
        assert_eq!(w.describe(1_500), None, "not slow yet");
        w.follow(Some(7), 2_000);
        assert_eq!(
            w.describe(4_200).as_deref(),
            Some("waiting 3s for the server")
        );
        // The next page is a new wait.
        w.follow(Some(8), 4_200);
        assert_eq!(w.describe(4_300), None);
        w.follow(None, 5_000);
        assert!(!w.is_on());
        assert_eq!(w.describe(9_000), None);
    }
}
