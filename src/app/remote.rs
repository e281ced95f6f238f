//! Data a view waits for from the worker, in one type: not asked yet, loading (which request,
//! since when, what a retry waits for), loaded, or failed. The states exclude each other, so a
//! view holds one of them rather than a bag of options that could disagree.

use crate::worker::RequestId;

/// Waits shorter than this say only "loading…".
pub const SLOW_MS: i64 = 1_000;

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Remote<T, E = String> {
    #[default]
    NotAsked,
    Loading(Loading),
    Loaded(T),
    Failed(E),
}

/// A request in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loading {
    pub id: RequestId,
    /// When the view started waiting (set by [`Remote::follow`] at the end of the update that
    /// sent the request: view code does not know the time).
    pub since_ms: Option<i64>,
    /// The request failed and is tried again: what is awaited, in words.
    pub retrying: Option<String>,
}

impl<T, E> Remote<T, E> {
    /// Waiting for request `id`.
    pub fn loading(id: RequestId) -> Self {
        Remote::Loading(Loading {
            id,
            since_ms: None,
            retrying: None,
        })
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Remote::Loading(_))
    }

    /// The request waited for, if any.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Remote::Loading(l) => Some(l.id),
            _ => None,
        }
    }

    /// Whether `id` is the request waited for: an answer to any other is stale.
    pub fn awaits(&self, id: RequestId) -> bool {
        self.request() == Some(id)
    }

    pub fn loaded(&self) -> Option<&T> {
        match self {
            Remote::Loaded(t) => Some(t),
            _ => None,
        }
    }

    pub fn failed(&self) -> Option<&E> {
        match self {
            Remote::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// The retry being waited for, in words.
    pub fn retrying(&self) -> Option<&str> {
        match self {
            Remote::Loading(l) => l.retrying.as_deref(),
            _ => None,
        }
    }

    /// Notes a retry of request `id`; `false` when `id` is not the one waited for.
    pub fn retry(&mut self, id: RequestId, notice: String) -> bool {
        match self {
            Remote::Loading(l) if l.id == id => {
                l.retrying = Some(notice);
                true
            }
            _ => false,
        }
    }

    /// Starts counting the wait of a request just sent.
    pub fn follow(&mut self, now_ms: i64) {
        if let Remote::Loading(l) = self {
            l.since_ms.get_or_insert(now_ms);
        }
    }

    /// "waiting 3s for the server" once the wait is slow.
    pub fn describe_wait(&self, now_ms: i64) -> Option<String> {
        let Remote::Loading(Loading {
            since_ms: Some(since),
            ..
        }) = self
        else {
            return None;
        };
        let waited = now_ms.saturating_sub(*since);
        (waited >= SLOW_MS).then(|| {
            format!(
                "waiting {} for the server",
                crate::format::short_duration((waited / 1000) as u64)
            )
        })
    }

    /// The answer to request `id`, if it is the one waited for; `None` (and nothing changes)
    /// for a stale one.
    pub fn land(&mut self, id: RequestId, result: Result<T, E>) -> Option<&mut Self> {
        if !self.awaits(id) {
            return None;
        }
        *self = match result {
            Ok(t) => Remote::Loaded(t),
            Err(e) => Remote::Failed(e),
        };
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_counts_from_its_request_and_ends_with_it() {
        let mut r: Remote<u8> = Remote::loading(7);
        r.follow(1_000);
        assert_eq!(r.describe_wait(1_500), None, "not slow yet");
        r.follow(2_000);
        assert_eq!(
            r.describe_wait(4_200).as_deref(),
            Some("waiting 3s for the server"),
            "counted from the first follow"
        );
        // The next request is a new wait.
        r = Remote::loading(8);
        r.follow(4_200);
        assert_eq!(r.describe_wait(4_300), None);
        assert!(r.land(8, Ok(1)).is_some());
        assert_eq!(r.describe_wait(9_000), None);
        assert_eq!(r.loaded(), Some(&1));
    }

    #[test]
    fn only_the_awaited_answer_lands() {
        let mut r: Remote<u8> = Remote::loading(2);
        assert!(!r.retry(1, "again in 1s".into()));
        assert!(r.retry(2, "again in 1s".into()));
        assert_eq!(r.retrying(), Some("again in 1s"));
        assert!(r.land(1, Ok(9)).is_none(), "stale");
        assert!(r.is_loading());
        assert!(r.land(2, Err("HTTP 500".into())).is_some());
        assert_eq!(r.failed().map(String::as_str), Some("HTTP 500"));
        assert!(r.land(2, Ok(1)).is_none(), "answered once");
    }
}
