//! A typed chart window: a length ending now (`3h`, `90m`, `2d`), or a span between two times
//! (`2027-01-15 09:00..2027-01-15 12:00`, `-3h..-1h`, `2027-01-15 09:00..12:00`), the times as
//! maintenance windows take them (see [`crate::api::actions::parse_time`]), in the zone shown.

use jiff::tz::TimeZone;

use crate::api::actions::parse_time;
use crate::api::chart::Window;

/// What the window command says when it cannot read what was typed.
pub const USAGE: &str =
    "a window is a length (3h, 90m, 2d) or FROM..TO (2027-01-15 09:00..12:00, -3h..-1h, now)";

/// The window `text` describes, or what is wrong with it.
pub fn parse_window(text: &str, now_ms: i64, zone: &TimeZone) -> Result<Window, String> {
    let text = text.trim();
    let Some((from, to)) = text.split_once("..") else {
        return Window::parse(text).ok_or_else(|| format!("`{text}`: {USAGE}"));
    };
    let now_s = now_ms.div_euclid(1000);
    let start_s = parse_time(from, now_s, zone).map_err(|e| e.to_string())?;
    let end_s = match parse_time(to, now_s, zone) {
        Ok(end) => end,
        // `..12:00`: a time of day on the start's date.
        Err(e) => same_day(from, to, now_s, zone).ok_or_else(|| e.to_string())?,
    };
    if end_s <= start_s {
        return Err(format!("`{text}`: the window must end after it starts"));
    }
    Ok(Window::Between {
        start_ms: start_s.saturating_mul(1000),
        end_ms: end_s.saturating_mul(1000),
    })
}

/// `to` as a time of day (`12:00`, `12:00:30`) on the date `from` falls on in `zone`.
fn same_day(from: &str, to: &str, now_s: i64, zone: &TimeZone) -> Option<i64> {
    let clock: jiff::civil::Time = to.trim().parse().ok()?;
    let start = parse_time(from, now_s, zone).ok()?;
    let date = jiff::Timestamp::from_second(start)
        .ok()?
        .to_zoned(zone.clone())
        .date();
    let zoned = date.to_datetime(clock).to_zoned(zone.clone()).ok()?;
    Some(zoned.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cet() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    const NOW: i64 = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC, 09:00 CET

    #[test]
    fn lengths_end_now() {
        let utc = &TimeZone::UTC;
        assert_eq!(
            parse_window("3h", NOW, utc),
            Ok(Window::Last(3 * 3_600_000))
        );
        assert_eq!(parse_window(" 1d ", NOW, utc), Ok(Window::Day));
        assert_eq!(parse_window("1h30m", NOW, utc), Ok(Window::Last(5_400_000)));
        let err = parse_window("soon", NOW, utc).unwrap_err();
        assert!(err.contains("FROM..TO"), "{err}");
    }

    #[test]
    fn spans_are_read_in_the_zone() {
        let w = parse_window("2027-01-15 09:00..2027-01-15 12:00", NOW, &cet()).unwrap();
        assert_eq!(
            w,
            Window::Between {
                start_ms: NOW,
                end_ms: NOW + 3 * 3_600_000
            }
        );
        assert_eq!(w.label(), "3h");
        // The end as a time of day, on the start's date.
        assert_eq!(parse_window("2027-01-15 09:00..12:00", NOW, &cet()), Ok(w));
        // Relative ends, and an offset that wins over the zone.
        assert_eq!(
            parse_window("-3h..now", NOW, &cet()),
            Ok(Window::Between {
                start_ms: NOW - 3 * 3_600_000,
                end_ms: NOW
            })
        );
        assert_eq!(
            parse_window("2027-01-15T08:00Z..2027-01-15T11:00Z", NOW, &cet()),
            Ok(w)
        );
    }

    #[test]
    fn bad_spans_say_why() {
        let utc = &TimeZone::UTC;
        let backwards = parse_window("now..-1h", NOW, utc).unwrap_err();
        assert!(
            backwards.contains("must end after it starts"),
            "{backwards}"
        );
        let no_date = parse_window("2027-02-31 09:00..10:00", NOW, utc).unwrap_err();
        assert!(no_date.contains("is not a time"), "{no_date}");
    }
}
