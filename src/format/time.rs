//! Times as people read them: in a time zone (the system's by default, `TZ` honoured), named
//! where a time is shown in full. jiff does the calendar and the zones; the zone itself is
//! plain state ([`Times`]), chosen once from the settings and toggled by a key, never read
//! from the environment while drawing.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A timestamp from epoch milliseconds; whatever a server sends (`i64::MIN`) is clamped to the
/// range jiff knows (years -9999 to 9999) rather than refused.
pub fn timestamp(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(if ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// The zone's short name at an instant: its abbreviation (`CET`, `EST`, `UTC`), or its
/// offset (`+05:30`) where the zone has none (tzdata writes those as `+0530` or `-03`).
pub fn zone_abbreviation(tz: &TimeZone, at: Timestamp) -> String {
    let info = tz.to_offset_info(at);
    let abbreviation = info.abbreviation();
    let numeric = abbreviation.is_empty() || abbreviation.starts_with(['+', '-']);
    if numeric {
        offset_text(info.offset())
    } else {
        abbreviation.to_string()
    }
}

/// `+01:00`, `-03:00`, `+05:45`.
fn offset_text(offset: jiff::tz::Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The zone's name for labels: its IANA name (`Europe/Paris`), or its abbreviation now when
/// it has none (a POSIX `TZ` rule, a fixed offset).
pub fn zone_name(tz: &TimeZone, now: Timestamp) -> String {
    match tz.iana_name() {
        _ if is_utc(tz) => "UTC".into(),
        Some(name) => name.to_string(),
        None => zone_abbreviation(tz, now),
    }
}

/// `2027-01-15 09:00:00 CET`: a time in full, its zone named.
pub fn full_in(ms: i64, tz: &TimeZone) -> String {
    let at = timestamp(ms);
    let zoned = at.to_zoned(tz.clone());
    format!(
        "{} {}",
        zoned.strftime("%Y-%m-%d %H:%M:%S"),
        zone_abbreviation(tz, at)
    )
}

/// `2026-11-28T00:41:05.123Z`: the data's form (exports, JSON), always UTC.
pub fn iso8601(ms: i64) -> String {
    timestamp(ms).strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The names of UTC in the time-zone database.
const UTC_NAMES: &[&str] = &[
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "Etc/Universal",
    "Etc/Zulu",
    "UCT",
    "Universal",
    "Zulu",
];

/// Whether a zone is UTC (by any of its names, or as a fixed zero offset).
pub fn is_utc(tz: &TimeZone) -> bool {
    match tz.iana_name() {
        Some(name) => UTC_NAMES.contains(&name),
        None => tz.to_fixed_offset().is_ok_and(|o| o.seconds() == 0),
    }
}

/// The zone times are shown in: the one the settings chose (the system's by default), or UTC
/// while the toggle key says so. Plain state, read by drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Times {
    /// The settings' zone; when that is UTC itself, the system's, so the toggle always has
    /// somewhere to go.
    home: TimeZone,
    /// What is shown now: `home` or UTC.
    shown: TimeZone,
}

impl Default for Times {
    /// UTC both ways: what a state made without settings (tests) shows, whatever the machine.
    fn default() -> Self {
        Self {
            home: TimeZone::UTC,
            shown: TimeZone::UTC,
        }
    }
}

impl Times {
    /// Shows `chosen`; the toggle goes to UTC and back, or (when `chosen` is UTC) to `local`.
    pub fn new(chosen: TimeZone, local: TimeZone) -> Self {
        let home = if is_utc(&chosen) {
            local
        } else {
            chosen.clone()
        };
        Self {
            home,
            shown: chosen,
        }
    }

    /// The zone shown now.
    pub fn zone(&self) -> &TimeZone {
        &self.shown
    }

    /// UTC ⇄ the home zone.
    pub fn toggle(&mut self) {
        self.shown = if is_utc(&self.shown) {
            self.home.clone()
        } else {
            TimeZone::UTC
        };
    }

    /// The shown zone's name for a label (`UTC`, `Europe/Paris`, `CET`).
    pub fn name(&self, now_ms: i64) -> String {
        zone_name(&self.shown, timestamp(now_ms))
    }

    /// `2027-01-15 09:00:00 CET`.
    pub fn full(&self, ms: i64) -> String {
        full_in(ms, &self.shown)
    }

    /// `01-15 09:00`: a row of the chart's numbers (the column header names the zone).
    pub fn month_day_minute(&self, ms: i64) -> String {
        self.strftime(ms, "%m-%d %H:%M")
    }

    /// `09:00`: the time of day, for axes up to a day.
    pub fn clock(&self, ms: i64) -> String {
        self.strftime(ms, "%H:%M")
    }

    /// `Fri 09:00`: weekday and time, for axes over days.
    pub fn weekday_clock(&self, ms: i64) -> String {
        self.strftime(ms, "%a %H:%M")
    }

    /// `01-15`: the date alone, for axes over weeks.
    pub fn month_day(&self, ms: i64) -> String {
        self.strftime(ms, "%m-%d")
    }

    fn strftime(&self, ms: i64, format: &str) -> String {
        timestamp(ms)
            .to_zoned(self.shown.clone())
            .strftime(format)
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central European time as a POSIX rule: no time-zone database needed.
    fn cet() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    #[test]
    fn full_times_name_their_zone() {
        let ms = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC
        assert_eq!(full_in(ms, &TimeZone::UTC), "2027-01-15 08:00:00 UTC");
        assert_eq!(full_in(ms, &cet()), "2027-01-15 09:00:00 CET");
        // Summer: the zone's other abbreviation.
        assert_eq!(
            full_in(1_790_000_000_000, &cet()),
            "2026-09-21 16:13:20 CEST"
        );
        let fixed = TimeZone::fixed(jiff::tz::offset(5));
        assert_eq!(full_in(ms, &fixed), "2027-01-15 13:00:00 +05:00");
        let india = TimeZone::posix("<+0530>-5:30").unwrap();
        assert_eq!(full_in(ms, &india), "2027-01-15 13:30:00 +05:30");
        assert_eq!(full_in(0, &TimeZone::UTC), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            full_in(951_782_400_000, &TimeZone::UTC),
            "2000-02-29 00:00:00 UTC"
        );
        // Whatever a server sends: clamped, not a panic.
        let (min, max) = (full_in(i64::MIN, &cet()), full_in(i64::MAX, &cet()));
        assert!(min.starts_with('-') && min.contains("9999"), "{min}");
        assert!(max.starts_with("9999-12-3"), "{max}");
    }

    #[test]
    fn iso_times_are_utc_data() {
        assert_eq!(iso8601(1_800_000_000_123), "2027-01-15T08:00:00.123Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn the_toggle_goes_to_utc_and_back() {
        let mut t = Times::new(cet(), TimeZone::UTC);
        assert_eq!(t.full(1_800_000_000_000), "2027-01-15 09:00:00 CET");
        assert_eq!(t.name(1_800_000_000_000), "CET");
        t.toggle();
        assert_eq!(t.zone(), &TimeZone::UTC);
        assert_eq!(t.name(0), "UTC");
        t.toggle();
        assert_eq!(t.clock(1_800_000_000_000), "09:00");
        // UTC chosen: the toggle goes to the local zone.
        let mut t = Times::new(TimeZone::UTC, cet());
        assert_eq!(t.clock(1_800_000_000_000), "08:00");
        t.toggle();
        assert_eq!(t.weekday_clock(1_800_000_000_000), "Fri 09:00");
        assert_eq!(t.month_day_minute(1_800_000_000_000), "01-15 09:00");
    }

    #[test]
    fn utc_is_known_by_any_of_its_names() {
        assert!(is_utc(&TimeZone::UTC));
        assert!(is_utc(&TimeZone::fixed(jiff::tz::offset(0))));
        assert!(!is_utc(&cet()));
        assert!(!is_utc(&TimeZone::fixed(jiff::tz::offset(1))));
    }
}
