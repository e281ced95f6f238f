//! The times a confirmation's request carries, readable: a maintenance window's start and end,
//! a snooze's end, in the zone shown (the request itself keeps its epoch numbers).

use serde_json::Value;

use crate::api::ApiRequest;
use crate::format::{Times, length, relative_time};

/// Lines such as `starts 2027-01-15 09:00:00 CET (in 5m)`; none when the request has no time.
pub fn lines(request: &ApiRequest, times: &Times, now_ms: i64) -> Vec<String> {
    let mut out = Vec::new();
    let body = request.body.as_ref();
    let seconds = |key: &str| body.and_then(|b| b.get(key)).and_then(Value::as_i64);
    for (key, word) in [
        ("startTimeInSeconds", "starts"),
        ("endTimeInSeconds", "ends  "),
    ] {
        if let Some(ms) = seconds(key).and_then(|s| s.checked_mul(1000)) {
            out.push(format!(
                "{word} {} ({})",
                times.full(ms),
                relative_time(ms, now_ms)
            ));
        }
    }
    let snooze = request.path.ends_with("/snooze");
    let snooze_for = request
        .query
        .iter()
        .find(|(k, _)| k == "seconds")
        .and_then(|(_, v)| v.parse::<i64>().ok());
    if let (true, Some(secs)) = (snooze, snooze_for) {
        // The server counts from when it gets the request: "about".
        let until = now_ms.saturating_add(secs.saturating_mul(1000));
        out.push(format!(
            "snoozed until about {} (for {})",
            times.full(until),
            length(secs.unsigned_abs())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;
    use serde_json::json;

    const NOW: i64 = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC

    fn cet() -> Times {
        let zone = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        Times::new(zone, TimeZone::UTC)
    }

    #[test]
    fn a_window_reads_as_local_times() {
        let mut r = ApiRequest::post("/api/v2/maintenancewindow");
        r.body =
            Some(json!({"startTimeInSeconds": 1_800_000_000, "endTimeInSeconds": 1_800_003_600}));
        assert_eq!(
            lines(&r, &cet(), NOW),
            vec![
                "starts 2027-01-15 09:00:00 CET (0s ago)",
                "ends   2027-01-15 10:00:00 CET (in 1h)",
            ]
        );
    }

    #[test]
    fn a_snooze_says_until_when() {
        let r = ApiRequest::post("/api/v2/alert/a1/snooze").with_query("seconds", "5400");
        assert_eq!(
            lines(&r, &cet(), NOW),
            vec!["snoozed until about 2027-01-15 10:30:00 CET (for 1h30m)"]
        );
        let forever = ApiRequest::post("/api/v2/alert/a1/snooze");
        assert!(lines(&forever, &cet(), NOW).is_empty());
    }
}
