//! What the mutations take (FACTS §2.6): a maintenance window's fields and the body they make,
//! the body that closes one, durations, times and typed tags. The endpoints themselves are the
//! catalog's operations (`catalog::ops`); these build their inputs.

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

/// The new-window form of the TUI: its fields, by label, as the catalog's form declares them.
pub fn window_from_form(values: &[(&str, &str)], now_s: i64) -> Result<Value, String> {
    let value = |label| form_value(values, label);
    let start = parse_time(value("start"), now_s).map_err(|e| e.to_string())?;
    let end = parse_time(value("end"), now_s).map_err(|e| e.to_string())?;
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

/// Parses `90s`, `90m`, `1h`, `1h30m`, `1d`, `2w` (humantime's units, spaces allowed between
/// parts) into seconds. Zero is refused: a snooze of nothing is a mistake.
pub fn parse_duration(text: &str) -> Result<u64, DurationError> {
    let err = || DurationError::NotADuration(text.to_string());
    let s = text.trim();
    if s.is_empty() {
        return Err(err());
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(err());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| err())?;
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale = match unit {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 7 * 86_400,
            _ => return Err(err()),
        };
        total = n
            .checked_mul(scale)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(err)?;
    }
    if total == 0 {
        return Err(DurationError::Zero(text.to_string()));
    }
    Ok(total)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time: use now, +1h (from now) or YYYY-MM-DD HH:MM (UTC)")]
pub struct TimeError(pub String);

/// Parses a time for a maintenance window into epoch seconds: `now`, `+1h`/`+90m` (from now),
/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM` (UTC), or plain epoch seconds.
pub fn parse_time(text: &str, now_s: i64) -> Result<i64, TimeError> {
    let err = || TimeError(text.to_string());
    let s = text.trim();
    if s.eq_ignore_ascii_case("now") {
        return Ok(now_s);
    }
    if let Some(d) = s.strip_prefix('+') {
        let secs = parse_duration(d).map_err(|_| err())?;
        return Ok(now_s + secs as i64);
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| err());
    }
    let (date, time) = s
        .split_once([' ', 'T'])
        .ok_or_else(err)
        .map(|(d, t)| (d.trim(), t.trim().trim_end_matches('Z')))?;
    let nums = |part: &str, sep: char, n: usize| -> Result<Vec<i64>, TimeError> {
        let v: Vec<i64> = part
            .split(sep)
            .map(|x| x.parse::<i64>().map_err(|_| err()))
            .collect::<Result<_, _>>()?;
        if v.len() == n { Ok(v) } else { Err(err()) }
    };
    let d = nums(date, '-', 3)?;
    let t = if time.matches(':').count() == 2 {
        nums(time, ':', 3)?
    } else {
        let mut t = nums(time, ':', 2)?;
        t.push(0);
        t
    };
    let (y, mo, day) = (d[0], d[1], d[2]);
    if !(1..=12).contains(&mo)
        || !(1..=31).contains(&day)
        || !(0..24).contains(&t[0])
        || !(0..60).contains(&t[1])
        || !(0..60).contains(&t[2])
    {
        return Err(err());
    }
    Ok(days_from_civil(y, mo, day) * 86_400 + t[0] * 3600 + t[1] * 60 + t[2])
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h"), Ok(3600));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert_eq!(parse_duration("90m"), Ok(5400));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("1h 30m"), Ok(5400));
        assert_eq!(parse_duration("2w"), Ok(14 * 86_400));
        assert_eq!(parse_duration("45s"), Ok(45));
        for bad in [
            "",
            "h",
            "1",
            "1x",
            "0m",
            "1h-",
            "-1h",
            "99999999999999999999w",
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

    #[test]
    fn times() {
        let now = 1_700_000_000;
        assert_eq!(parse_time("now", now), Ok(now));
        assert_eq!(parse_time("+1h", now), Ok(now + 3600));
        assert_eq!(parse_time("2023-11-14 22:13", now), Ok(1_699_999_980));
        assert_eq!(parse_time("2023-11-14T22:13:20Z", now), Ok(1_700_000_000));
        assert_eq!(parse_time("1970-01-01 00:00", now), Ok(0));
        assert_eq!(parse_time("1700000000", now), Ok(1_700_000_000));
        for bad in ["", "tomorrow", "2023-13-01 00:00", "2023-11-14", "+", "+x"] {
            assert!(parse_time(bad, now).is_err(), "{bad}");
        }
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
        assert!(
            window_from_form(&values, 1000)
                .unwrap_err()
                .contains("title")
        );
        values.extend([
            ("title", "patch"),
            ("reason", "upgrade"),
            ("alert tags", "db"),
        ]);
        let body = window_from_form(&values, 1000).unwrap();
        assert_eq!(body["startTimeInSeconds"], 1000);
        assert_eq!(body["endTimeInSeconds"], 4600);
    }

    #[test]
    fn tags_split_on_commas_and_spaces() {
        assert_eq!(split_tags(" a, b  c,,"), vec!["a", "b", "c"]);
    }
}
