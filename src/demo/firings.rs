//! When the stand-in's alerts fire: a schedule fixed by each alert's id, so that a demo is worth
//! watching (a few alerts start and stop every few minutes, the rest fire now and then over the
//! week) and two stand-ins, or two runs, agree on it. Everything the alerting endpoints answer
//! (an alert's status and `event`, the summary, the firing history and its series) comes from here.
//!
//! Times count from the stand-in's start (a firing of a periodic alert starts at a multiple of
//! its period after it, shifted by its phase), so a firing keeps its id from one request to the
//! next, and what fires in the first minutes after a start is the same every run: nothing starts
//! or stops in the first [`QUIET_MS`], which keeps tests of a fresh stand-in repeatable.

use serde_json::{Value, json};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// Nothing starts or stops this soon after the stand-in starts.
pub const QUIET_MS: i64 = 2 * MINUTE;

/// The longest window the stand-in's firing endpoints look back over.
pub const HISTORY_MS: i64 = 30 * 24 * HOUR;

/// One firing of one alert.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    pub alert_id: String,
    pub alert_name: String,
    /// Its place in the alert's sequence of firings (part of the event id).
    pub ordinal: i64,
    pub start_ms: i64,
    /// `None` while it is still firing.
    pub end_ms: Option<i64>,
    /// `SEVERE`, `WARN`, `SMOKE` or `INFO`.
    pub severity: String,
    /// The series that fired (`SourceLabelPair` objects).
    pub series: Vec<Value>,
}

impl Firing {
    /// The event id, in the product's own form `<alert id>:<alert name>:<n>`.
    pub fn event_id(&self) -> String {
        format!("{}:{}:{}", self.alert_id, self.alert_name, self.ordinal)
    }

    pub fn hosts(&self) -> Vec<String> {
        self.series
            .iter()
            .filter_map(|s| s["host"].as_str().map(str::to_string))
            .collect()
    }

    /// The firing as the API's `Event` model.
    pub fn event(&self, alert: &Value) -> Value {
        let mut annotations = json!({
            "severity": self.severity.to_ascii_lowercase(),
            "type": "alert",
            "created": self.start_ms.to_string(),
        });
        if let Some(target) = alert["target"].as_str() {
            annotations["target"] = json!(target);
        }
        let alert_tags = alert
            .pointer("/tags/customerTags")
            .cloned()
            .unwrap_or_else(|| json!([]));
        let mut event = json!({
            "id": self.event_id(),
            "name": self.alert_name,
            "startTime": self.start_ms,
            "annotations": annotations,
            "hosts": self.hosts(),
            "tags": [],
            "alertTags": alert_tags,
            "metricsUsed": alert["metricsUsed"].clone(),
            "isEphemeral": false,
            "isUserEvent": false,
            "creatorType": ["ALERT"],
            "creatorId": "System Event",
            "runningState": if self.end_ms.is_some() { "ENDED" } else { "ONGOING" },
            "canClose": false,
            "canDelete": false,
            "table": "acme",
            "summarizedEvents": 0,
            "createdAt": self.start_ms,
            "createdEpochMillis": self.start_ms,
            "updatedEpochMillis": self.end_ms.unwrap_or(self.start_ms),
            "computedHlps": self.series,
        });
        if let Some(end) = self.end_ms {
            event["endTime"] = json!(end);
        }
        event
    }
}

/// How one alert fires.
#[derive(Debug, Clone)]
enum Cadence {
    /// Every `period` for about `duration` (each firing a little shorter or longer).
    Periodic {
        period_ms: i64,
        duration_ms: i64,
        phase_ms: i64,
    },
    /// Periodic until `since_ms`, then firing without end (the fixture's firing alerts).
    Ongoing { since_ms: i64, past: Box<Cadence> },
}

#[derive(Debug, Clone)]
struct Plan {
    /// The stand-in's start: periodic firings count from it.
    anchor_ms: i64,
    alert_id: String,
    alert_name: String,
    /// The severities it can fire with, most severe first.
    severities: Vec<String>,
    cadence: Cadence,
    /// Whether the schedule decides if it is firing now (not for NO_DATA or INVALID alerts).
    live: bool,
    hosts: Vec<String>,
    label: String,
    tags: Value,
    /// The fixture's own failing series, for the ongoing firing.
    failing: Vec<Value>,
}

/// Every alert's plan, made once from the alerts the stand-in starts with.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    plans: Vec<Plan>,
}

impl Schedule {
    /// The plans of `alerts`, counted from `anchor_ms` (the stand-in's start).
    pub fn new(alerts: &[Value], anchor_ms: i64) -> Self {
        let plans = alerts.iter().filter_map(|a| plan(a, anchor_ms)).collect();
        Self { plans }
    }

    fn plan(&self, alert_id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.alert_id == alert_id)
    }

    /// The alert's firings that started in `[from_ms, to_ms]` and before `now_ms`, oldest first.
    pub fn firings(&self, alert_id: &str, from_ms: i64, to_ms: i64, now_ms: i64) -> Vec<Firing> {
        self.plan(alert_id)
            .map(|p| p.firings(from_ms, to_ms.min(now_ms), now_ms))
            .unwrap_or_default()
    }

    /// Every alert's firings in the window, oldest first.
    pub fn all_firings(&self, from_ms: i64, to_ms: i64, now_ms: i64) -> Vec<Firing> {
        let mut all: Vec<Firing> = self
            .plans
            .iter()
            .flat_map(|p| p.firings(from_ms, to_ms.min(now_ms), now_ms))
            .collect();
        all.sort_by_key(|f| f.start_ms);
        all
    }

    /// [`Schedule::all_firings`] of the alerts whose firings can have a series of metric
    /// `label` (their own, or one of the fixture's failing series): what a chart of that metric
    /// can show, without making every other alert's firings.
    pub fn all_firings_labelled(
        &self,
        label: &str,
        from_ms: i64,
        to_ms: i64,
        now_ms: i64,
    ) -> Vec<Firing> {
        let mut all: Vec<Firing> = self
            .plans
            .iter()
            .filter(|p| {
                p.label == label || p.failing.iter().any(|s| s["label"].as_str() == Some(label))
            })
            .flat_map(|p| p.firings(from_ms, to_ms.min(now_ms), now_ms))
            .collect();
        all.sort_by_key(|f| f.start_ms);
        all
    }

    /// The firing going on now, if the alert is firing.
    pub fn current(&self, alert_id: &str, now_ms: i64) -> Option<Firing> {
        let plan = self.plan(alert_id).filter(|p| p.live)?;
        plan.latest(now_ms).filter(|f| f.end_ms.is_none())
    }

    /// The firing an event id names (`<alert id>:<name>:<n>`), if it has started by now.
    pub fn by_event_id(&self, event_id: &str, now_ms: i64) -> Option<Firing> {
        let (alert_id, rest) = event_id.split_once(':')?;
        let ordinal: i64 = rest.rsplit_once(':')?.1.parse().ok()?;
        let plan = self.plan(alert_id)?;
        let firing = plan.nth(ordinal, now_ms)?;
        (firing.start_ms <= now_ms).then_some(firing)
    }

    /// Puts the schedule's view of now on an alert: `FIRING` in its status or not, its `event`,
    /// failing series and last event time. Other states (snoozed, maintenance) stay as stored.
    pub fn apply(&self, alert: &mut Value, now_ms: i64) {
        let Some(id) = alert["id"].as_str().map(str::to_string) else {
            return;
        };
        let Some(plan) = self.plan(&id).filter(|p| p.live) else {
            return;
        };
        let current = self.current(&id, now_ms);
        let mut status: Vec<Value> = alert["status"].as_array().cloned().unwrap_or_default();
        status.retain(|s| !matches!(s.as_str(), Some("FIRING" | "CHECKING")));
        if current.is_some() {
            status.insert(0, json!("FIRING"));
        } else if status.is_empty() {
            status.push(json!("CHECKING"));
        }
        alert["status"] = Value::Array(status);
        let last = plan.latest(now_ms).map(|f| f.start_ms);
        alert["lastEventTime"] = last.map_or(Value::Null, Value::from);
        match current {
            Some(f) => {
                alert["event"] = f.event(alert);
                alert["failingHostLabelPairs"] = Value::Array(f.series.clone());
            }
            None => {
                if let Some(obj) = alert.as_object_mut() {
                    obj.remove("event");
                }
                alert["failingHostLabelPairs"] = json!([]);
            }
        }
    }
}

impl Plan {
    /// Moves the phase until nothing starts or stops within [`QUIET_MS`] of the anchor.
    fn quiet_start(&mut self) {
        for _ in 0..20 {
            let near = |t: i64| (self.anchor_ms - 5_000..=self.anchor_ms + QUIET_MS).contains(&t);
            let period = self.period_ms();
            let noisy = self
                .firings(
                    self.anchor_ms - 3 * period,
                    self.anchor_ms + 2 * period,
                    i64::MAX,
                )
                .iter()
                .any(|f| near(f.start_ms) || f.end_ms.is_some_and(near));
            if !noisy {
                return;
            }
            let phase = match &mut self.cadence {
                Cadence::Periodic { phase_ms, .. } => phase_ms,
                Cadence::Ongoing { past, .. } => match past.as_mut() {
                    Cadence::Periodic { phase_ms, .. } => phase_ms,
                    Cadence::Ongoing { .. } => return,
                },
            };
            *phase += MINUTE;
        }
    }

    /// The last firing that started by `now` (ongoing or not).
    fn latest(&self, now_ms: i64) -> Option<Firing> {
        if let Cadence::Ongoing { since_ms, .. } = &self.cadence {
            if *since_ms <= now_ms {
                return Some(self.ongoing(*since_ms));
            }
        }
        let period = self.period_ms();
        self.firings(now_ms - 2 * period, now_ms, now_ms).pop()
    }

    fn period_ms(&self) -> i64 {
        match &self.cadence {
            Cadence::Periodic { period_ms, .. } => *period_ms,
            Cadence::Ongoing { past, .. } => match past.as_ref() {
                Cadence::Periodic { period_ms, .. } => *period_ms,
                Cadence::Ongoing { .. } => HOUR,
            },
        }
    }

    /// Firings that started in `[from, to]`; ended ones have an end before `now`.
    fn firings(&self, from_ms: i64, to_ms: i64, now_ms: i64) -> Vec<Firing> {
        let mut out = Vec::new();
        let (periodic, ongoing_since) = match &self.cadence {
            Cadence::Ongoing { since_ms, past } => (past.as_ref(), Some(*since_ms)),
            c => (c, None),
        };
        if let Cadence::Periodic {
            period_ms,
            duration_ms,
            phase_ms,
        } = periodic
        {
            let origin = self.anchor_ms + phase_ms;
            let first = (from_ms - origin - duration_ms * 2).div_euclid(*period_ms);
            let last = (to_ms - origin).div_euclid(*period_ms);
            for k in first..=last {
                let f = self.periodic(k, *period_ms, *duration_ms, *phase_ms, now_ms);
                let before_ongoing =
                    ongoing_since.is_none_or(|since| f.end_ms.is_some_and(|end| end < since));
                if f.start_ms >= from_ms && f.start_ms <= to_ms && before_ongoing {
                    out.push(f);
                }
            }
        }
        if let Some(since) = ongoing_since {
            if since >= from_ms && since <= to_ms {
                out.push(self.ongoing(since));
            }
        }
        out
    }

    /// The firing of an event id's ordinal.
    fn nth(&self, ordinal: i64, now_ms: i64) -> Option<Firing> {
        let k = ordinal - ORDINAL_BASE;
        match &self.cadence {
            Cadence::Periodic {
                period_ms,
                duration_ms,
                phase_ms,
            } => Some(self.periodic(k, *period_ms, *duration_ms, *phase_ms, now_ms)),
            Cadence::Ongoing { since_ms, .. } if ordinal == ONGOING_ORDINAL => {
                Some(self.ongoing(*since_ms))
            }
            Cadence::Ongoing { past, since_ms } => match past.as_ref() {
                Cadence::Periodic {
                    period_ms,
                    duration_ms,
                    phase_ms,
                } => Some(self.periodic(k, *period_ms, *duration_ms, *phase_ms, now_ms))
                    .filter(|f| f.end_ms.is_some_and(|end| end < *since_ms)),
                Cadence::Ongoing { .. } => None,
            },
        }
    }

    fn periodic(
        &self,
        k: i64,
        period_ms: i64,
        duration_ms: i64,
        phase_ms: i64,
        now_ms: i64,
    ) -> Firing {
        let h = hash(&self.alert_id, k);
        let start_ms =
            self.anchor_ms + k * period_ms + phase_ms + (h % 97) as i64 * period_ms / 400;
        // Between half and one and a half of the usual duration, and over before the next one
        // (which starts at least 0.76 of a period later).
        let length =
            (duration_ms / 2 + (h >> 8) as i64 % duration_ms.max(1)).min(period_ms * 6 / 10);
        let end = start_ms + length;
        let severity = self.severities[(h >> 20) as usize % self.severities.len()].clone();
        let count = 1 + (h >> 28) as usize % self.hosts.len().clamp(1, 4);
        let series = (0..count)
            .map(|i| {
                let host = &self.hosts[(i + (h >> 32) as usize) % self.hosts.len()];
                series(
                    host,
                    &self.label,
                    &severity,
                    start_ms + i as i64 * 20_000,
                    &self.tags,
                )
            })
            .collect();
        Firing {
            alert_id: self.alert_id.clone(),
            alert_name: self.alert_name.clone(),
            ordinal: k + ORDINAL_BASE,
            start_ms,
            end_ms: (end <= now_ms).then_some(end),
            severity,
            series,
        }
    }

    fn ongoing(&self, since_ms: i64) -> Firing {
        let severity = self.severities[0].clone();
        let series = if self.failing.is_empty() {
            vec![series(
                &self.hosts[0],
                &self.label,
                &severity,
                since_ms,
                &self.tags,
            )]
        } else {
            self.failing.clone()
        };
        Firing {
            alert_id: self.alert_id.clone(),
            alert_name: self.alert_name.clone(),
            ordinal: ONGOING_ORDINAL,
            start_ms: since_ms,
            end_ms: None,
            severity,
            series,
        }
    }
}

/// The ordinal of a fixture alert's ongoing firing, as in the fixture's own event ids.
const ONGOING_ORDINAL: i64 = 1;
/// Periodic firings' ordinals are `k + ORDINAL_BASE` (k < 0 before the start): always above
/// [`ONGOING_ORDINAL`] within [`HISTORY_MS`] (at most one firing every 6 minutes).
const ORDINAL_BASE: i64 = 10_000;

fn series(host: &str, label: &str, severity: &str, start_ms: i64, tags: &Value) -> Value {
    json!({
        "host": host,
        "label": label,
        "severity": severity,
        "startTime": start_ms,
        "tags": tags,
        "firing": 1,
        "observed": 2,
    })
}

fn plan(alert: &Value, anchor_ms: i64) -> Option<Plan> {
    let alert_id = alert["id"].as_str()?.to_string();
    let alert_name = alert["name"].as_str().unwrap_or(&alert_id).to_string();
    let status: Vec<&str> = alert["status"]
        .as_array()
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if alert["inTrash"] == true || status.contains(&"TRASH") {
        return None;
    }
    let live = !status.iter().any(|s| matches!(*s, "NO_DATA" | "INVALID"));
    let h = hash(&alert_id, -1);
    let severities = severities(alert);
    let periodic = if status.contains(&"CHECKING") && h % 4 == 0 {
        // Flapping: fires for a few minutes every few minutes, so a watched console changes.
        Cadence::Periodic {
            period_ms: (6 + (h >> 4) as i64 % 10) * MINUTE,
            duration_ms: (2 + (h >> 12) as i64 % 3) * MINUTE,
            phase_ms: (h >> 16) as i64 % (6 * MINUTE),
        }
    } else {
        Cadence::Periodic {
            period_ms: (8 + (h >> 4) as i64 % 40) * HOUR,
            duration_ms: (15 + (h >> 12) as i64 % 100) * MINUTE,
            phase_ms: (h >> 16) as i64 % (8 * HOUR),
        }
    };
    let since = status
        .contains(&"FIRING")
        .then(|| {
            alert
                .pointer("/event/startTime")
                .and_then(Value::as_i64)
                .or_else(|| alert["lastEventTime"].as_i64())
        })
        .flatten();
    let cadence = match since {
        Some(since_ms) => Cadence::Ongoing {
            since_ms,
            past: Box::new(periodic),
        },
        None => periodic,
    };
    let failing = alert["failingHostLabelPairs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let label = alert
        .pointer("/metricsUsed/0")
        .and_then(Value::as_str)
        .unwrap_or("value")
        .to_string();
    let tags = tags_of(alert);
    let mut plan = Plan {
        anchor_ms,
        hosts: hosts(alert, &failing, &tags),
        alert_id,
        alert_name,
        severities,
        cadence,
        live,
        label,
        tags,
        failing,
    };
    plan.quiet_start();
    Some(plan)
}

/// Most severe first; the alert's `severityList` for threshold alerts, else its `severity`.
fn severities(alert: &Value) -> Vec<String> {
    let mut list: Vec<String> = alert["severityList"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if list.is_empty() {
        list.push(alert["severity"].as_str().unwrap_or("WARN").to_string());
    }
    list.sort_by_key(|s| std::cmp::Reverse(crate::api::alert_firings::severity_rank(s)));
    list
}

/// The point tags its series carry: `env` and `service` from the alert's `env.x`/`service.y` tags.
fn tags_of(alert: &Value) -> Value {
    let mut tags = serde_json::Map::new();
    for t in alert
        .pointer("/tags/customerTags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Some((k @ ("env" | "service"), v)) = t.split_once('.') {
            tags.insert(k.to_string(), json!(v));
        }
    }
    Value::Object(tags)
}

fn hosts(alert: &Value, failing: &[Value], tags: &Value) -> Vec<String> {
    let mut hosts: Vec<String> = failing
        .iter()
        .filter_map(|s| s["host"].as_str().map(str::to_string))
        .collect();
    if hosts.is_empty() {
        hosts = alert["hostsUsed"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
    }
    if hosts.len() < 3 {
        let service = tags["service"].as_str().unwrap_or("app");
        let env = tags["env"].as_str().unwrap_or("prod");
        let h = hash(alert["id"].as_str().unwrap_or_default(), -2);
        for i in 0..3 {
            hosts.push(format!(
                "{service}-{:02}.{env}.acme.net",
                (h >> (i * 8)) % 48 + 1
            ));
        }
        hosts.dedup();
    }
    hosts
}

/// FNV-1a of the alert id and a number: the same every run, unlike the std hasher.
fn hash(id: &str, k: i64) -> u64 {
    super::random::fnv1a(id.bytes().chain(k.to_le_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn alerts() -> Vec<Value> {
        crate::demo::collections::by_name("alert")
            .unwrap()
            .load(NOW)
    }

    #[test]
    fn fixture_firing_alerts_stay_firing_and_others_fire_over_the_week() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        let firing: Vec<&Value> = alerts
            .iter()
            .filter(|a| a["status"].to_string().contains("FIRING"))
            .collect();
        assert!(!firing.is_empty());
        for a in &firing {
            let id = a["id"].as_str().unwrap();
            for later in [0, HOUR, 24 * HOUR] {
                assert!(schedule.current(id, NOW + later).is_some(), "{}", a["name"]);
            }
        }
        let week = schedule.all_firings(NOW - 7 * 24 * HOUR, NOW, NOW);
        let alerts_that_fired: std::collections::HashSet<_> =
            week.iter().map(|f| &f.alert_id).collect();
        assert!(alerts_that_fired.len() > 40, "{}", alerts_that_fired.len());
        assert!(week.windows(2).all(|w| w[0].start_ms <= w[1].start_ms));
    }

    #[test]
    fn some_alerts_start_and_stop_within_minutes() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        let firing_at = |t: i64| -> Vec<String> {
            alerts
                .iter()
                .filter_map(|a| a["id"].as_str())
                .filter(|id| schedule.current(id, t).is_some())
                .map(str::to_string)
                .collect()
        };
        let at_start = firing_at(NOW);
        assert_eq!(firing_at(NOW + QUIET_MS), at_start, "quiet after the start");
        let changed = (3..=12).any(|m| firing_at(NOW + m * MINUTE) != at_start);
        assert!(changed, "nothing started or stopped in ten minutes");
    }

    #[test]
    fn nothing_starts_or_stops_right_after_the_start() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        let all = schedule.all_firings(NOW - 24 * HOUR, NOW + HOUR, i64::MAX);
        let near = |t: i64| (NOW..=NOW + QUIET_MS).contains(&t);
        let noisy: Vec<_> = all
            .iter()
            .filter(|f| near(f.start_ms) || f.end_ms.is_some_and(near))
            .collect();
        assert!(noisy.is_empty(), "{noisy:?}");
    }

    #[test]
    fn a_firing_is_found_again_by_its_event_id() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        let week = schedule.all_firings(NOW - 7 * 24 * HOUR, NOW, NOW);
        for f in week.iter().step_by(7) {
            assert_eq!(schedule.by_event_id(&f.event_id(), NOW).as_ref(), Some(f));
        }
        let ongoing = week.iter().find(|f| f.end_ms.is_none()).unwrap();
        assert_eq!(
            schedule.by_event_id(&ongoing.event_id(), NOW).unwrap(),
            *ongoing
        );
        assert_eq!(schedule.by_event_id("nope", NOW), None);
        assert_eq!(schedule.by_event_id("1:x:notanumber", NOW), None);
    }

    #[test]
    fn ended_firings_end_before_now_and_overlap_nothing_of_their_own() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        for a in &alerts {
            let id = a["id"].as_str().unwrap();
            let fs = schedule.firings(id, NOW - 7 * 24 * HOUR, NOW, NOW);
            for w in fs.windows(2) {
                let end = w[0].end_ms.expect("only the last can be ongoing");
                assert!(end <= w[1].start_ms, "{}: {w:?}", a["name"]);
            }
            assert!(fs.iter().all(|f| f.end_ms.is_none_or(|e| e <= NOW)));
        }
    }

    #[test]
    fn apply_sets_firing_and_keeps_other_states() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        let mut snoozed_firing = alerts
            .iter()
            .find(|a| a["status"] == json!(["FIRING", "SNOOZED"]))
            .unwrap()
            .clone();
        schedule.apply(&mut snoozed_firing, NOW);
        assert_eq!(snoozed_firing["status"], json!(["FIRING", "SNOOZED"]));
        assert_eq!(snoozed_firing["event"]["runningState"], "ONGOING");
        let no_data = alerts
            .iter()
            .find(|a| a["status"] == json!(["NO_DATA"]))
            .unwrap();
        let mut copy = no_data.clone();
        schedule.apply(&mut copy, NOW);
        assert_eq!(&copy, no_data, "the schedule leaves NO_DATA alerts alone");
    }

    /// The schedule wrote the firing's severity into the alert's own `severity`: an edit opened
    /// while it fired at another level sent that back, and the next read looked like a change.
    #[test]
    fn apply_leaves_the_alerts_own_fields_alone() {
        let alerts = alerts();
        let schedule = Schedule::new(&alerts, NOW);
        for alert in &alerts {
            for later in [0, 20 * MINUTE, 7 * HOUR] {
                let mut live = alert.clone();
                schedule.apply(&mut live, NOW + later);
                assert_eq!(live["severity"], alert["severity"], "{}", alert["name"]);
                assert_eq!(live["conditions"], alert["conditions"]);
            }
        }
    }
}
