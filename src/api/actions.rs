//! The mutations wf-tui offers, as [`ApiRequest`]s (FACTS §2.6): source and alert tags, alert
//! snoozes, cloud integrations on and off, maintenance windows. The TUI, the CLI and the tests
//! build them here, so the request confirmed, copied as curl and sent is one value.

use serde_json::{Value, json};

use super::request::{ApiRequest, segment};

pub fn source_tag_add(id: &str, tag: &str) -> ApiRequest {
    ApiRequest::put(format!(
        "/api/v2/source/{}/tag/{}",
        segment(id),
        segment(tag)
    ))
}

pub fn source_tag_remove(id: &str, tag: &str) -> ApiRequest {
    ApiRequest::delete(format!(
        "/api/v2/source/{}/tag/{}",
        segment(id),
        segment(tag)
    ))
}

/// Replaces every tag of the source with `tags`.
pub fn source_tag_set(id: &str, tags: &[String]) -> ApiRequest {
    ApiRequest::post(format!("/api/v2/source/{}/tag", segment(id))).with_body(json!(tags))
}

/// Snoozes for `seconds`, or until unsnoozed when `None` (the API then stores `snoozed: -1`).
pub fn alert_snooze(id: &str, seconds: Option<u64>) -> ApiRequest {
    let req = ApiRequest::post(format!("/api/v2/alert/{}/snooze", segment(id)));
    match seconds {
        Some(s) => req.with_query("seconds", s.to_string()),
        None => req,
    }
}

pub fn alert_unsnooze(id: &str) -> ApiRequest {
    ApiRequest::post(format!("/api/v2/alert/{}/unsnooze", segment(id)))
}

pub fn alert_tag_add(id: &str, tag: &str) -> ApiRequest {
    ApiRequest::put(format!(
        "/api/v2/alert/{}/tag/{}",
        segment(id),
        segment(tag)
    ))
}

pub fn alert_tag_remove(id: &str, tag: &str) -> ApiRequest {
    ApiRequest::delete(format!(
        "/api/v2/alert/{}/tag/{}",
        segment(id),
        segment(tag)
    ))
}

pub fn integration_enable(id: &str) -> ApiRequest {
    ApiRequest::post(format!("/api/v2/cloudintegration/{}/enable", segment(id)))
}

pub fn integration_disable(id: &str) -> ApiRequest {
    ApiRequest::post(format!("/api/v2/cloudintegration/{}/disable", segment(id)))
}

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
}

pub fn window_create(spec: &WindowSpec) -> Result<ApiRequest, SpecError> {
    spec.validate()?;
    let mut body = json!({
        "title": spec.title,
        "reason": spec.reason,
        "startTimeInSeconds": spec.start_s,
        "endTimeInSeconds": spec.end_s,
        "relevantCustomerTags": spec.alert_tags,
    });
    if !spec.source_tags.is_empty() {
        body["relevantHostTags"] = json!(spec.source_tags);
    }
    if !spec.source_names.is_empty() {
        body["relevantHostNames"] = json!(spec.source_names);
    }
    Ok(ApiRequest::post("/api/v2/maintenancewindow").with_body(body))
}

/// Ends the window now: `PUT` of the window as it is, with `endTimeInSeconds` set to `now_s`
/// (the update takes the whole object, as the Ruby SDK's `close` does).
pub fn window_close(id: &str, current: &Value, now_s: i64) -> ApiRequest {
    let mut body = current.clone();
    if let Some(obj) = body.as_object_mut() {
        // Fields the server computes; sending them back is noise.
        for k in ["runningState", "sortAttr", "eventName"] {
            obj.remove(k);
        }
        obj.insert("endTimeInSeconds".into(), json!(now_s));
    }
    ApiRequest::put(format!("/api/v2/maintenancewindow/{}", segment(id))).with_body(body)
}

pub fn window_delete(id: &str) -> ApiRequest {
    ApiRequest::delete(format!("/api/v2/maintenancewindow/{}", segment(id)))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a duration: use a number and a unit, like 90m, 1h30m, 1d or 2w")]
pub struct DurationError(pub String);

/// Parses `90s`, `90m`, `1h`, `1h30m`, `1d`, `2w` (humantime's units, spaces allowed between
/// parts) into seconds. Zero is refused: a snooze of nothing is a mistake.
pub fn parse_duration(text: &str) -> Result<u64, DurationError> {
    let err = || DurationError(text.to_string());
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
        return Err(err());
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
    fn requests_follow_the_spec() {
        assert_eq!(
            source_tag_add("web 01", "env=prod").to_string(),
            "PUT /api/v2/source/web%2001/tag/env%3Dprod"
        );
        assert_eq!(
            source_tag_remove("a/b", "x").to_string(),
            "DELETE /api/v2/source/a%2Fb/tag/x"
        );
        let set = source_tag_set("h", &["a".into(), "b".into()]);
        assert_eq!(set.to_string(), "POST /api/v2/source/h/tag");
        assert_eq!(set.body, Some(json!(["a", "b"])));
        assert_eq!(
            alert_snooze("1", Some(3600)).to_string(),
            "POST /api/v2/alert/1/snooze?seconds=3600"
        );
        assert_eq!(
            alert_snooze("1", None).to_string(),
            "POST /api/v2/alert/1/snooze"
        );
        assert_eq!(
            alert_unsnooze("1").to_string(),
            "POST /api/v2/alert/1/unsnooze"
        );
        assert_eq!(
            integration_disable("i").to_string(),
            "POST /api/v2/cloudintegration/i/disable"
        );
        for r in [alert_tag_remove("1", "t"), window_delete("w")] {
            assert!(r.is_mutation());
        }
    }

    #[test]
    fn window_create_needs_the_required_fields() {
        let mut spec = WindowSpec {
            title: "t".into(),
            reason: "r".into(),
            start_s: 10,
            end_s: 20,
            alert_tags: vec!["db".into()],
            ..Default::default()
        };
        let req = window_create(&spec).unwrap();
        assert_eq!(
            req.body,
            Some(json!({"title":"t","reason":"r","startTimeInSeconds":10,
                        "endTimeInSeconds":20,"relevantCustomerTags":["db"]}))
        );
        spec.source_tags = vec!["canary".into()];
        let req = window_create(&spec).unwrap();
        assert_eq!(req.body.unwrap()["relevantHostTags"], json!(["canary"]));
        spec.end_s = 5;
        assert_eq!(window_create(&spec), Err(SpecError::EndsBeforeStart));
        spec.end_s = 20;
        spec.alert_tags.clear();
        assert_eq!(window_create(&spec), Err(SpecError::NoAlertTags));
    }

    #[test]
    fn window_close_keeps_the_window_and_ends_it_now() {
        let current = json!({"id":"w","title":"t","runningState":"ONGOING","endTimeInSeconds":99});
        let req = window_close("w", &current, 50);
        assert_eq!(req.to_string(), "PUT /api/v2/maintenancewindow/w");
        assert_eq!(
            req.body,
            Some(json!({"id":"w","title":"t","endTimeInSeconds":50}))
        );
    }

    #[test]
    fn tags_split_on_commas_and_spaces() {
        assert_eq!(split_tags(" a, b  c,,"), vec!["a", "b", "c"]);
    }
}
