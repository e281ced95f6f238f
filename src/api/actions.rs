//! What the mutations take (FACTS §2.6): a maintenance window's fields and the body they make,
//! the body that closes one, durations, times and typed tags. The endpoints themselves are the
//! catalog's operations (`catalog::ops`); these build their inputs.

use jiff::tz::TimeZone;
use serde_json::{Value, json};

/// A new maintenance window: what `POST /api/v2/maintenancewindow` requires, plus the optional
/// sources (by tag or by name).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WindowSpec {
    pub title: String,
    pub reason: String,
    pub start_s: i64,
    pub end_s: i64,
    /// Alert tags the window silences (`relevantCustomerTags`, required by the API).
    pub alert_tags: Vec<String>,
    pub source_tags: Vec<String>,
    pub source_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("a maintenance window needs a title")]
    NoTitle,
    #[error("a maintenance window needs a reason")]
    NoReason,
    #[error("a maintenance window must end after it starts")]
    EndsBeforeStart,
    #[error("a maintenance window needs at least one alert tag (--tag)")]
    NoAlertTags,
}

impl WindowSpec {
    pub fn validate(&self) -> Result<(), SpecError> {
        if self.title.trim().is_empty() {
            return Err(SpecError::NoTitle);
        }
        if self.reason.trim().is_empty() {
            return Err(SpecError::NoReason);
        }
        if self.end_s <= self.start_s {
            return Err(SpecError::EndsBeforeStart);
        }
        if self.alert_tags.is_empty() {
            return Err(SpecError::NoAlertTags);
        }
        Ok(())
    }

    /// The body of `POST /api/v2/maintenancewindow`, once valid.
    pub fn body(&self) -> Result<Value, SpecError> {
        self.validate()?;
        let mut body = json!({
            "title": self.title,
            "reason": self.reason,
            "startTimeInSeconds": self.start_s,
            "endTimeInSeconds": self.end_s,
            "relevantCustomerTags": self.alert_tags,
        });
        if !self.source_tags.is_empty() {
            body["relevantHostTags"] = json!(self.source_tags);
        }
        if !self.source_names.is_empty() {
            body["relevantHostNames"] = json!(self.source_names);
        }
        Ok(body)
    }
}

/// The value of the field `label` of a form's values (empty when there is none).
pub fn form_value<'a>(values: &[(&str, &'a str)], label: &str) -> &'a str {
    values
        .iter()
        .find(|(l, _)| *l == label)
        .map_or("", |(_, v)| v)
}

/// The new-window form of the TUI: its fields, by label, as the catalog's form declares them;
/// times without an offset are in `zone`.
pub fn window_from_form(
    values: &[(&str, &str)],
    now_s: i64,
    zone: &TimeZone,
) -> Result<Value, String> {
    let value = |label| form_value(values, label);
    let start = parse_time(value("start"), now_s, zone).map_err(|e| e.to_string())?;
    let end = parse_time(value("end"), now_s, zone).map_err(|e| e.to_string())?;
    let spec = WindowSpec {
        title: value("title").to_string(),
        reason: value("reason").to_string(),
        start_s: start,
        end_s: end,
        alert_tags: split_tags(value("alert tags")),
        source_tags: split_tags(value("source tags")),
        source_names: split_tags(value("sources")),
    };
    spec.body().map_err(|e| e.to_string())
}

/// The new-window form's values for alerts: a title naming them, their tags as the alert tags
/// and their failing sources, each once in the order met. The reason is left to the person.
pub fn window_for_alerts(alerts: &[Value]) -> Vec<(&'static str, String)> {
    fn add(list: &mut Vec<String>, text: Option<&str>) {
        if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
            if !list.iter().any(|have| have == t) {
                list.push(t.to_string());
            }
        }
    }
    let (mut tags, mut sources) = (Vec::new(), Vec::new());
    for alert in alerts {
        let strings = |pointer: &str| -> Vec<&Value> {
            alert
                .pointer(pointer)
                .and_then(Value::as_array)
                .map(|l| l.iter().collect())
                .unwrap_or_default()
        };
        for tag in strings("/tags/customerTags") {
            add(&mut tags, tag.as_str());
        }
        for series in strings("/failingHostLabelPairs") {
            add(&mut sources, series.get("host").and_then(Value::as_str));
        }
    }
    let title = match alerts {
        [one] => one.get("name").and_then(Value::as_str).map(str::to_string),
        [] => None,
        many => Some(format!("{} alerts", many.len())),
    };
    let mut out = vec![
        ("alert tags", tags.join(", ")),
        ("sources", sources.join(", ")),
    ];
    if let Some(title) = title {
        // A name from the server is one line here: a form field holds no control characters.
        let line: String = title.chars().filter(|c| !c.is_control()).collect();
        out.insert(0, ("title", format!("Maintenance: {line}")));
    }
    out
}

/// Ends the window now: the window as it is, with `endTimeInSeconds` set to `now_s` (the update
/// takes the whole object, as the Ruby SDK's `close` does).
pub fn window_closed(current: &Value, now_s: i64) -> Value {
    let mut body = current.clone();
    if let Some(obj) = body.as_object_mut() {
        // Fields the server computes; sending them back is noise.
        for k in ["runningState", "sortAttr", "eventName"] {
            obj.remove(k);
        }
        obj.insert("endTimeInSeconds".into(), json!(now_s));
    }
    body
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("`{0}` is not a duration: use a number and a unit, like 90m, 1h30m, 1d or 2w")]
    NotADuration(String),
    /// A snooze (or window) of nothing is a mistake, not a way to say "now".
    #[error("`{0}`: a duration must be more than zero")]
    Zero(String),
}

/// Parses `90s`, `90m`, `1h`, `1h30m`, `1h 30m`, `1 hour 30 minutes`, `1d`, `2w` (jiff's
/// friendly format; ISO 8601 `PT1H` too) into whole seconds, days being 24 hours. Zero is
/// refused: a snooze of nothing is a mistake. A sign is not part of a duration here (`+1h`
/// is a time, see [`parse_time`]).
pub fn parse_duration(text: &str) -> Result<u64, DurationError> {
    use jiff::{Span, SpanTotal, Unit};
    let err = || DurationError::NotADuration(text.to_string());
    let s = text.trim();
    if s.starts_with(['+', '-']) || s.ends_with("ago") {
        return Err(err());
    }
    let span: Span = s.parse().map_err(|_| err())?;
    let secs = span
        .total(SpanTotal::from(Unit::Second).days_are_24_hours())
        .map_err(|_| err())?;
    if secs == 0.0 {
        return Err(DurationError::Zero(text.to_string()));
    }
    if secs < 0.0 || secs.fract() != 0.0 || secs >= u64::MAX as f64 {
        return Err(err());
    }
    Ok(secs as u64)
}

/// A time that does not parse, with the zone a date and time without an offset is read in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a time: use now, +1h or -30m (from now), YYYY-MM-DD HH:MM (in {zone}) or \
     one with an offset (2027-01-15T09:00Z, 2027-01-15 09:00+01:00)"
)]
pub struct TimeError {
    pub text: String,
    pub zone: String,
}

/// Parses a time into epoch seconds: `now`; `+1h`/`-30m` (from now); an RFC 3339 / ISO 8601
/// time with an offset or `Z`; `YYYY-MM-DD HH:MM[:SS]` (or with a `T`) in `zone`; or plain
/// epoch seconds. jiff checks the calendar (no 31 February); a local time that a clock change
/// skips or repeats is read as the clock before the change reads it.
pub fn parse_time(text: &str, now_s: i64, zone: &TimeZone) -> Result<i64, TimeError> {
    let err = || TimeError {
        text: text.to_string(),
        zone: crate::format::zone_name(zone, crate::format::timestamp(now_s * 1000)),
    };
    let s = text.trim();
    if s.eq_ignore_ascii_case("now") {
        return Ok(now_s);
    }
    if let Some((sign, d)) = s
        .strip_prefix('+')
        .map(|d| (1, d))
        .or_else(|| s.strip_prefix('-').map(|d| (-1, d)))
    {
        let secs = i64::try_from(parse_duration(d).map_err(|_| err())?).map_err(|_| err())?;
        return now_s.checked_add(sign * secs).ok_or_else(err);
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| err());
    }
    if let Ok(at) = s.parse::<jiff::Timestamp>() {
        return Ok(at.as_second());
    }
    // Without an offset: a wall-clock time in the zone (a date alone is not enough).
    if !s.contains(':') {
        return Err(err());
    }
    let civil: jiff::civil::DateTime = s.parse().map_err(|_| err())?;
    civil
        .to_zoned(zone.clone())
        .map(|z| z.timestamp().as_second())
        .map_err(|_| err())
}

/// Splits what a person typed into tags: commas or spaces separate them.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A window for alerts: their tags and failing sources, each once; a title naming the one
    /// alert (made one line) or how many; the reason is the person's to give.
    #[test]
    fn a_window_for_alerts_takes_their_tags_and_failing_sources() {
        let a = json!({"name": "Disk\nfull", "tags": {"customerTags": ["env.prod", "team.web"]},
            "failingHostLabelPairs": [{"host": "web-1"}, {"host": "web-2"}, {"label": "x"}]});
        let b = json!({"name": "CPU", "tags": {"customerTags": ["team.web", " "]},
            "failingHostLabelPairs": [{"host": "web-2"}, {"host": "web-3"}]});
        let one = window_for_alerts(std::slice::from_ref(&a));
        assert_eq!(
            one,
            vec![
                ("title", "Maintenance: Diskfull".to_string()),
                ("alert tags", "env.prod, team.web".to_string()),
                ("sources", "web-1, web-2".to_string()),
            ]
        );
        let both = window_for_alerts(&[a, b]);
        assert_eq!(both[0], ("title", "Maintenance: 2 alerts".to_string()));
        assert_eq!(both[1].1, "env.prod, team.web");
        assert_eq!(both[2].1, "web-1, web-2, web-3");
        assert_eq!(
            window_for_alerts(&[json!({"tags": null})]),
            vec![("alert tags", String::new()), ("sources", String::new())]
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h"), Ok(3600));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert_eq!(parse_duration("90m"), Ok(5400));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("1h 30m"), Ok(5400));
        assert_eq!(parse_duration("2w"), Ok(14 * 86_400));
        assert_eq!(parse_duration("45s"), Ok(45));
        assert_eq!(parse_duration("1 hour 30 minutes"), Ok(5400));
        assert_eq!(parse_duration("1.5h"), Ok(5400));
        for bad in [
            "",
            "h",
            "1",
            "1x",
            "0m",
            "1h-",
            "-1h",
            "99999999999999999999w",
            "1mo",
            "1h ago",
            "0.5s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_zero_duration_says_so() {
        for zero in ["0m", "0h 0m", "0s"] {
            let err = parse_duration(zero).unwrap_err();
            assert_eq!(err, DurationError::Zero(zero.into()));
            assert!(err.to_string().contains("must be more than zero"), "{err}");
        }
        assert!(matches!(
            parse_duration("1x"),
            Err(DurationError::NotADuration(_))
        ));
    }

    /// Central European time as a POSIX rule: no time-zone database needed.
    fn cet() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    #[test]
    fn times() {
        let now = 1_700_000_000;
        let utc = &TimeZone::UTC;
        assert_eq!(parse_time("now", now, utc), Ok(now));
        assert_eq!(parse_time("+1h", now, utc), Ok(now + 3600));
        assert_eq!(parse_time("-30m", now, utc), Ok(now - 1800));
        assert_eq!(parse_time("+1h 30m", now, utc), Ok(now + 5400));
        assert_eq!(parse_time("2023-11-14 22:13", now, utc), Ok(1_699_999_980));
        assert_eq!(parse_time("2023-11-14T22:13", now, utc), Ok(1_699_999_980));
        assert_eq!(
            parse_time("2023-11-14T22:13:20Z", now, utc),
            Ok(1_700_000_000)
        );
        assert_eq!(parse_time("1970-01-01 00:00", now, utc), Ok(0));
        assert_eq!(parse_time("1700000000", now, utc), Ok(1_700_000_000));
        for bad in [
            "",
            "tomorrow",
            "2023-13-01 00:00",
            "2023-11-14",
            "+",
            "+x",
            "+0m",
            "2023-11-14 24:00",
        ] {
            assert!(parse_time(bad, now, utc).is_err(), "{bad}");
        }
    }

    #[test]
    fn thirty_first_of_february_is_no_date() {
        let utc = &TimeZone::UTC;
        for bad in [
            "2027-02-31 09:00",
            "2027-02-29 09:00",
            "2027-02-31T09:00:00Z",
        ] {
            assert!(parse_time(bad, 0, utc).is_err(), "{bad}");
        }
        assert!(
            parse_time("2028-02-29 09:00", 0, utc).is_ok(),
            "a leap year"
        );
    }

    #[test]
    fn local_times_are_read_in_the_zone_and_offsets_win() {
        let at_utc = 1_800_000_000; // 2027-01-15 08:00:00 UTC
        assert_eq!(parse_time("2027-01-15 09:00", 0, &cet()), Ok(at_utc));
        assert_eq!(parse_time("2027-01-15 09:00:00", 0, &cet()), Ok(at_utc));
        assert_eq!(
            parse_time("2027-01-15 08:00", 0, &TimeZone::UTC),
            Ok(at_utc)
        );
        // An offset or Z says the zone itself, whatever the chosen one.
        for text in [
            "2027-01-15T08:00:00Z",
            "2027-01-15T09:00:00+01:00",
            "2027-01-15 03:00-05:00",
        ] {
            assert_eq!(parse_time(text, 0, &cet()), Ok(at_utc), "{text}");
        }
    }

    #[test]
    fn a_bad_time_names_the_zone_it_was_read_in() {
        let err = parse_time("2027-02-31 09:00", 1_800_000_000, &cet()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("in CET"), "{text}");
        assert!(text.contains("2027-01-15T09:00Z"), "{text}");
        let utc = parse_time("soon", 0, &TimeZone::UTC).unwrap_err();
        assert!(utc.to_string().contains("in UTC"), "{utc}");
    }

    #[test]
    fn window_bodies_need_the_required_fields() {
        let mut spec = WindowSpec {
            title: "t".into(),
            reason: "r".into(),
            start_s: 10,
            end_s: 20,
            alert_tags: vec!["db".into()],
            ..Default::default()
        };
        assert_eq!(
            spec.body(),
            Ok(json!({"title":"t","reason":"r","startTimeInSeconds":10,
                        "endTimeInSeconds":20,"relevantCustomerTags":["db"]}))
        );
        spec.source_tags = vec!["canary".into()];
        assert_eq!(spec.body().unwrap()["relevantHostTags"], json!(["canary"]));
        spec.end_s = 5;
        assert_eq!(spec.body(), Err(SpecError::EndsBeforeStart));
        spec.end_s = 20;
        spec.alert_tags.clear();
        assert_eq!(spec.body(), Err(SpecError::NoAlertTags));
    }

    #[test]
    fn closing_keeps_the_window_and_ends_it_now() {
        let current = json!({"id":"w","title":"t","runningState":"ONGOING","endTimeInSeconds":99});
        assert_eq!(
            window_closed(&current, 50),
            json!({"id":"w","title":"t","endTimeInSeconds":50})
        );
    }

    #[test]
    fn the_window_form_defaults_to_now_and_an_hour() {
        let mut values = vec![("start", "now"), ("end", "+1h")];
        let utc = &TimeZone::UTC;
        assert!(
            window_from_form(&values, 1000, utc)
                .unwrap_err()
                .contains("title")
        );
        values.extend([
            ("title", "patch"),
            ("reason", "upgrade"),
            ("alert tags", "db"),
        ]);
        let body = window_from_form(&values, 1000, utc).unwrap();
        assert_eq!(body["startTimeInSeconds"], 1000);
        assert_eq!(body["endTimeInSeconds"], 4600);
        let local = vec![
            ("start", "2027-01-15 09:00"),
            ("end", "2027-01-15 10:00"),
            ("title", "patch"),
            ("reason", "upgrade"),
            ("alert tags", "db"),
        ];
        let body = window_from_form(&local, 1000, &cet()).unwrap();
        assert_eq!(body["startTimeInSeconds"], 1_800_000_000);
        assert_eq!(body["endTimeInSeconds"], 1_800_003_600);
    }

    #[test]
    fn tags_split_on_commas_and_spaces() {
        assert_eq!(split_tags(" a, b  c,,"), vec!["a", "b", "c"]);
    }
}
