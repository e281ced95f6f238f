//! How values read on screen: relative times, counts, countdowns, and (in [`time`]) times in a
//! zone. Pure functions.

mod time;

pub use time::{Times, full_in, is_utc, iso8601, timestamp, zone_abbreviation, zone_name};

/// "45s ago", "3m ago", "2h ago", "12d ago"; "in 5m" for the future.
pub fn relative_time(then_ms: i64, now_ms: i64) -> String {
    // Server times can be anything (`i64::MIN`, `i64::MAX`): no overflow.
    let diff = i128::from(now_ms) - i128::from(then_ms);
    let span = short_duration(u64::try_from(diff.unsigned_abs() / 1000).unwrap_or(u64::MAX));
    if diff >= 0 {
        format!("{span} ago")
    } else {
        format!("in {span}")
    }
}

/// How long since `then_ms`, without "ago": "23m" (an alert firing for 23m); a time ahead of
/// the clock (skew) is "0s".
pub fn since(then_ms: i64, now_ms: i64) -> String {
    let diff = i128::from(now_ms) - i128::from(then_ms);
    short_duration(u64::try_from(diff.max(0) / 1000).unwrap_or(u64::MAX))
}

/// Milliseconds until [`relative_time`]`(then_ms, now)` shows something else, from `now_ms`
/// (at least 1): a timer for an age on screen that wakes only when the text changes.
pub fn relative_time_changes_in(then_ms: i64, now_ms: i64) -> i64 {
    let diff = i128::from(now_ms) - i128::from(then_ms);
    let left = diff.unsigned_abs();
    let unit: u128 = match left / 1000 {
        0..60 => 1_000,
        60..3600 => 60_000,
        3600..86_400 => 3_600_000,
        86_400..31_536_000 => 86_400_000,
        _ => 31_536_000_000,
    };
    let wait = if diff >= 0 {
        // The next whole unit past.
        (left / unit + 1) * unit - left
    } else if left < 1_000 {
        // "in 0s" until it is past: "0s ago".
        left
    } else {
        // Counting down: just under the whole unit.
        left % unit + 1
    };
    i64::try_from(wait).unwrap_or(i64::MAX)
}

/// "45s", "3m", "2h", "12d", "3y".
pub fn short_duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        86_400..31_536_000 => format!("{}d", secs / 86_400),
        _ => format!("{}y", secs / 31_536_000),
    }
}

/// A length in its two largest units, exactly where they suffice: `3h`, `1h30m`, `1d12h`,
/// `2w`, `90s` → `1m30s`.
pub fn length(secs: u64) -> String {
    const UNITS: [(&str, u64); 5] = [
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3600),
        ("m", 60),
        ("s", 1),
    ];
    let mut parts = Vec::new();
    let mut rest = secs;
    for (name, size) in UNITS {
        if rest >= size && parts.len() < 2 {
            parts.push(format!("{}{name}", rest / size));
            rest %= size;
        } else if !parts.is_empty() {
            // Two units side by side only: `1d12h`, not `1d30s`.
            break;
        }
    }
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.concat()
    }
}

/// The token's remaining lifetime as the header shows it: "1h05m", "27m", "45s", "expired".
pub fn countdown(expires_at_ms: i64, now_ms: i64) -> String {
    let left = expires_at_ms.saturating_sub(now_ms);
    if left <= 0 {
        return "expired".into();
    }
    let secs = left.saturating_add(999) / 1000;
    if secs < 60 {
        format!("{secs}s")
    } else if secs < 3600 {
        format!("{}m", secs / 60)
    } else {
        format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60)
    }
}

/// Milliseconds until [`countdown`] shows something else, or `None` once it says "expired".
pub fn countdown_changes_in(left_ms: i64) -> Option<i64> {
    if left_ms <= 0 {
        return None;
    }
    let secs = left_ms.saturating_add(999) / 1000;
    let boundary = if secs >= 60 {
        (secs / 60) * 60 - 1
    } else {
        secs - 1
    };
    Some(left_ms - boundary * 1000)
}

/// 1234567 → "1,234,567".
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value in a few characters: `1.2k`, `3.5M`, `0.012`, `42`.
pub fn short_value(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e12 {
        (v / 1e12, "T")
    } else if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let whole = suffix.is_empty() && scaled.fract() == 0.0;
    let text = if whole || scaled.abs() >= 100.0 {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 1.0 || scaled == 0.0 {
        format!("{scaled:.2}")
    } else {
        format!("{scaled:.3}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_an_age_without_ago_and_never_negative() {
        let now = 1_800_000_000_000;
        assert_eq!(since(now - 23 * 60_000 - 5_000, now), "23m");
        assert_eq!(since(now - 2 * 3_600_000, now), "2h");
        assert_eq!(since(now + 5_000, now), "0s");
        assert_eq!(since(i64::MIN, i64::MAX), "584942417y", "no overflow");
    }

    #[test]
    fn relative_times_change_when_the_timer_says() {
        let now = 1_800_000_000_000;
        for age in [
            0,
            1,
            999,
            1_000,
            59_500,
            60_000,
            61_234,
            3_599_999,
            3_600_000,
            86_399_000,
            90_000_000,
            40_000_000_000,
            -1,
            -5_500,
            -60_500,
            -7_200_000,
        ] {
            let then = now - age;
            let wait = relative_time_changes_in(then, now);
            assert!(wait >= 1, "{age}");
            assert_eq!(
                relative_time(then, now),
                relative_time(then, now + wait - 1),
                "{age}: not yet"
            );
            assert_ne!(
                relative_time(then, now),
                relative_time(then, now + wait),
                "{age}: changed"
            );
        }
        assert!(relative_time_changes_in(i64::MIN, i64::MAX) >= 1);
    }

    #[test]
    fn relative_times() {
        let now = 1_700_000_000_000;
        assert_eq!(relative_time(now - 45_000, now), "45s ago");
        assert_eq!(relative_time(now - 3 * 60_000, now), "3m ago");
        assert_eq!(relative_time(now - 2 * 3_600_000, now), "2h ago");
        assert_eq!(relative_time(now - 12 * 86_400_000, now), "12d ago");
        assert_eq!(relative_time(now + 5 * 60_000, now), "in 5m");
        // Whatever a server sends: no overflow (tests/conformance.rs found these).
        assert!(relative_time(i64::MIN, now).ends_with("y ago"));
        assert!(relative_time(i64::MAX, now).starts_with("in "));
        assert!(relative_time(i64::MIN, i64::MAX).ends_with("y ago"));
        assert!(countdown(i64::MAX, i64::MIN).ends_with('m'));
        assert_eq!(countdown(i64::MIN, i64::MAX), "expired");
    }

    #[test]
    fn lengths() {
        assert_eq!(length(3 * 3600), "3h");
        assert_eq!(length(5400), "1h30m");
        assert_eq!(length(36 * 3600), "1d12h");
        assert_eq!(length(14 * 86_400), "2w");
        assert_eq!(length(90), "1m30s");
        assert_eq!(length(86_400 + 30), "1d");
        assert_eq!(length(0), "0s");
    }

    #[test]
    fn countdowns() {
        let now = 0;
        assert_eq!(countdown(27 * 60_000 + 10, now), "27m");
        assert_eq!(countdown(45_000, now), "45s");
        assert_eq!(countdown(44_001, now), "45s");
        assert_eq!(countdown(65 * 60_000, now), "1h05m");
        assert_eq!(countdown(-1, now), "expired");
    }

    #[test]
    fn countdown_changes_exactly_when_the_text_does() {
        for left in [
            1, 999, 1000, 1001, 59_000, 60_000, 60_001, 119_999, 1_620_010, 3_600_000,
        ] {
            let wait = countdown_changes_in(left).unwrap();
            assert!(wait > 0);
            assert_eq!(
                countdown(left, 0),
                countdown(left - wait + 1, 0),
                "left={left}"
            );
            assert_ne!(countdown(left, 0), countdown(left - wait, 0), "left={left}");
        }
        assert_eq!(countdown_changes_in(0), None);
    }

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(-12_345), "-12,345");
    }
}
