//! When and how long to wait before trying an idempotent request again: 429 and 406 (the
//! official proxy treats 406 as 429), 5xx and transport failures, with exponential backoff and
//! jitter, honouring `Retry-After`, a bounded number of times.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::error::{ApiError, TransportKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first delay; doubles each time.
    pub base: Duration,
    /// No delay is longer (a longer `Retry-After` is cut to this too).
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never retry (mutations).
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base: Duration::ZERO,
        cap: Duration::ZERO,
    };

    /// How long to wait before retry number `attempt` (1-based), or `None` to give up.
    pub fn delay(&self, attempt: u32, error: &ApiError) -> Option<Duration> {
        if attempt > self.max_retries || !retryable(error) {
            return None;
        }
        if let ApiError::Transport {
            kind: TransportKind::Refused,
            ..
        } = error
        {
            // Nothing listens: one quick look in case the instance was restarting, no more.
            return (attempt == 1).then_some(self.base.min(QUICK_RETRY));
        }
        if let Some(after) = error.retry_after() {
            return Some(after.min(self.cap));
        }
        let exp = self.base.saturating_mul(1 << (attempt - 1).min(16));
        // Up to a quarter more, so many clients do not retry in step.
        let jitter = exp.mul_f64(random_fraction() * 0.25);
        Some((exp + jitter).min(self.cap))
    }
}

/// A retry about to happen: which one, after how long, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryNotice {
    pub attempt: u32,
    pub delay: Duration,
    pub reason: String,
}

impl RetryNotice {
    /// What a view shows while it waits: "retrying in 2s (try 2): 503 Service Unavailable".
    pub fn describe(&self) -> String {
        format!(
            "retrying in {} (try {}): {}",
            crate::format::short_duration(self.delay.as_secs().max(1)),
            self.attempt + 1,
            self.reason
        )
    }
}

/// The one retry after a refused connection comes this soon at the latest.
const QUICK_RETRY: Duration = Duration::from_millis(250);

/// Failures worth another try for a request that changes nothing. A name that does not
/// resolve, TLS to a plain-HTTP port or a refused certificate fail the same way every time.
pub fn retryable(error: &ApiError) -> bool {
    match error {
        ApiError::Status { status, .. } => matches!(status, 406 | 429 | 500 | 502 | 503 | 504),
        ApiError::Transport { kind, .. } => !matches!(
            kind,
            TransportKind::Unresolved | TransportKind::NotTls | TransportKind::Certificate
        ),
        _ => false,
    }
}

/// What a one-shot command says on stderr before each retry, so a wait has a visible reason:
/// "wf-tui: /api/v2/alert: retrying in 2s (try 2): 503 Service Unavailable". The quick second
/// look after a refused connection is no wait worth a line (its failure is one line already).
pub fn announce_on_stderr(what: &str) -> impl Fn(&RetryNotice) + Send + Sync + '_ {
    move |notice| {
        use std::io::Write;
        if notice.delay <= QUICK_RETRY {
            return;
        }
        let line = format!("wf-tui: {what}: {}", notice.describe());
        let _ = writeln!(std::io::stderr(), "{}", crate::text::sanitize(&line));
    }
}

fn random_fraction() -> f64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u8(0);
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, retry_after: Option<Duration>) -> ApiError {
        ApiError::Status {
            method: "GET",
            path: "/p".into(),
            status: code,
            message: "m".into(),
            retry_after,
        }
    }

    #[test]
    fn backs_off_exponentially_with_bounded_jitter() {
        let p = RetryPolicy::default();
        let e = status(503, None);
        for (attempt, base_ms) in [(1, 500), (2, 1000), (3, 2000), (4, 4000)] {
            let d = p.delay(attempt, &e).unwrap().as_millis() as u64;
            assert!(
                d >= base_ms && d <= base_ms * 5 / 4,
                "attempt {attempt}: {d}"
            );
        }
        assert_eq!(p.delay(5, &e), None, "bounded");
    }

    #[test]
    fn honours_retry_after_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, &status(429, Some(Duration::from_secs(2)))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.delay(1, &status(429, Some(Duration::from_secs(3600)))),
            Some(Duration::from_secs(10))
        );
    }

    #[test]
    fn retries_only_what_may_pass_next_time() {
        let p = RetryPolicy::default();
        for code in [406, 429, 500, 502, 503, 504] {
            assert!(p.delay(1, &status(code, None)).is_some(), "{code}");
        }
        for code in [400, 401, 403, 404] {
            assert!(p.delay(1, &status(code, None)).is_none(), "{code}");
        }
        assert!(RetryPolicy::NONE.delay(1, &status(503, None)).is_none());
        let transport = |kind| ApiError::Transport {
            method: "GET",
            path: "/p".into(),
            message: "m".into(),
            kind,
        };
        let reset = transport(TransportKind::Interrupted);
        assert!(p.delay(1, &reset).is_some());
        assert!(p.delay(4, &reset).is_some());
    }

    #[test]
    fn connection_failures_before_sending_are_not_retried_for_long() {
        let p = RetryPolicy::default();
        let transport = |kind| ApiError::Transport {
            method: "GET",
            path: "/p".into(),
            message: "m".into(),
            kind,
        };
        let refused = transport(TransportKind::Refused);
        assert!(p.delay(1, &refused).unwrap() <= QUICK_RETRY);
        assert_eq!(p.delay(2, &refused), None, "one quick retry, no more");
        for kind in [
            TransportKind::Unresolved,
            TransportKind::NotTls,
            TransportKind::Certificate,
        ] {
            assert_eq!(p.delay(1, &transport(kind)), None, "{kind:?}");
        }
    }
}
