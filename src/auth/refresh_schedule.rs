//! When a token is refreshed: the lifetime believed from a server's answer, how far ahead of
//! expiry the background refresh runs, and the backoff after failed ones. Plain arithmetic on
//! durations, kept apart from the [`super::session::Session`] that follows it.

use std::time::Duration;

use tokio::time::Instant;

/// The longest lifetime believed: every instant and wall time computed from a lifetime stays
/// far inside what `Instant` and `i64` milliseconds hold, whatever a server sends
/// (`expires_in: 18446744073709551615` used to panic on `Instant + Duration`).
pub(crate) const MAX_LIFETIME: Duration = Duration::from_secs(366 * 24 * 3600);

/// How long a token lives: the JWT's `exp` is the truth when present, `expires_in` otherwise,
/// never longer than `expires_in` says, and within [`MAX_LIFETIME`].
pub(crate) fn token_lifetime(expires_in: u64, exp: Option<i64>, now_s: i64) -> Duration {
    let by_exp = exp.map(|exp| u64::try_from(exp.saturating_sub(now_s)).unwrap_or(0));
    let secs = by_exp.unwrap_or(expires_in).min(expires_in.max(1));
    Duration::from_secs(secs).min(MAX_LIFETIME)
}

/// The soonest a background refresh runs after the one before.
pub const MIN_REFRESH_IN: Duration = Duration::from_secs(1);

/// When to refresh a token of this lifetime: as the official proxy does (3 min ahead, or 30 s
/// for lifetimes under 10 min), and at half-life for very short ones so they still beat expiry.
/// Never sooner than [`MIN_REFRESH_IN`]: a server that hands out tokens of no lifetime
/// (`expires_in: 0`) made the worker exchange again at once, in a loop.
pub fn refresh_lead(lifetime: Duration) -> Duration {
    let secs = lifetime.as_secs();
    let lead = if secs >= 600 {
        lifetime - Duration::from_secs(180)
    } else if secs >= 60 {
        lifetime - Duration::from_secs(30)
    } else {
        lifetime / 2
    };
    lead.max(MIN_REFRESH_IN)
}

/// Backoff after failed refreshes: 10 s, 20 s, 40 s … capped at 5 min.
pub(crate) fn retry_delay(failures: u32) -> Duration {
    let secs = 10u64.saturating_mul(1 << failures.saturating_sub(1).min(5));
    Duration::from_secs(secs.min(300))
}

pub(crate) fn to_wall_ms(at: Instant, now_ms: i64) -> i64 {
    let now = Instant::now();
    let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
    if at >= now {
        now_ms.saturating_add(ms(at - now))
    } else {
        now_ms.saturating_sub(ms(now - at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_schedule_matches_the_proxy_and_beats_short_lifetimes() {
        let s = Duration::from_secs;
        assert_eq!(refresh_lead(s(1800)), s(1620));
        assert_eq!(refresh_lead(s(600)), s(420));
        assert_eq!(refresh_lead(s(300)), s(270));
        assert_eq!(refresh_lead(s(60)), s(30));
        assert_eq!(refresh_lead(s(10)), s(5));
        assert_eq!(refresh_lead(s(1)), s(1));
        assert_eq!(
            refresh_lead(s(0)),
            s(1),
            "a token of no lifetime: no refresh loop"
        );
    }

    #[test]
    fn retry_backoff_grows_and_caps() {
        let delays: Vec<u64> = (1..=8).map(|f| retry_delay(f).as_secs()).collect();
        assert_eq!(delays, vec![10, 20, 40, 80, 160, 300, 300, 300]);
    }
}
