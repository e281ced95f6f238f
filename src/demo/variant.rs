//! The second (third …) stand-in instance of `demo-server --instances N`: the first one's data,
//! changed the same way every run, as another account of the same company would differ.
//! Alert targets have other ids (an alert's `target:<id>` entries and a window's targets say
//! them), so a copy between the two has to map them; some alerts and dashboards are only on
//! one side, some are changed on the other, one alert target is new.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::random::fnv1a;
use crate::api::catalog::{ALERTS, MAINTENANCE_WINDOWS};

/// Which items instance `n` (1 and up; 0 is the fixtures as they are) changes: the `i`th item
/// of a kind when `i % m == r`.
const fn picked(i: usize, m: usize, r: usize) -> bool {
    i % m == r
}

/// Changes the first instance's `collections` into instance `n`'s.
pub fn derive(collections: &mut HashMap<&'static str, Vec<Value>>, n: usize) {
    if n == 0 {
        return;
    }
    let ids = new_target_ids(collections, n);
    for (name, kind) in [
        ("alert", &ALERTS),
        ("maintenancewindow", &MAINTENANCE_WINDOWS),
    ] {
        for item in collections.get_mut(name).into_iter().flatten() {
            crate::sync::refs::rewrite(kind, item, &mut |r| ids.get(&r.id).cloned());
        }
    }
    if let Some(targets) = collections.get_mut("notificant") {
        for t in targets.iter_mut() {
            if let Some(new) = t["id"].as_str().and_then(|id| ids.get(id)) {
                t["id"] = Value::String(new.clone());
            }
        }
        targets.push(json!({
            "id": format!("only{n}x{:011x}", fnv1a(b"new target".iter().copied()) & 0xfff_ffff_ffff),
            "title": format!("Instance {} escalation", n + 1),
            "description": "only on this instance",
            "method": "EMAIL",
            "recipient": "escalation@example.com",
            "template": "{{{alertName}}} is {{{reason}}}",
            "triggers": ["ALERT_OPENED"],
            "createdEpochMillis": 1_700_000_000_000_i64,
            "updatedEpochMillis": 1_700_000_000_000_i64,
        }));
    }
    alerts(collections, n);
    dashboards(collections, n);
}

/// Every alert target gets another id, derived from its id and `n`.
fn new_target_ids(
    collections: &HashMap<&'static str, Vec<Value>>,
    n: usize,
) -> HashMap<String, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut ids = HashMap::new();
    for t in collections.get("notificant").into_iter().flatten() {
        let Some(id) = t["id"].as_str() else {
            continue;
        };
        let mut h = fnv1a(format!("{n}/{id}").into_bytes());
        let new: String = (0..16)
            .map(|_| {
                let c = ALPHABET[(h % ALPHABET.len() as u64) as usize];
                h = (h / ALPHABET.len() as u64) ^ h.rotate_left(17);
                char::from(c)
            })
            .collect();
        ids.insert(id.to_string(), new);
    }
    ids
}

/// Other ids (the server's), every seventh left out, every fifth one's threshold and minutes
/// changed, two only here.
fn alerts(collections: &mut HashMap<&'static str, Vec<Value>>, n: usize) {
    let Some(alerts) = collections.get_mut("alert") else {
        return;
    };
    let mut kept = Vec::with_capacity(alerts.len());
    for (i, mut a) in std::mem::take(alerts).into_iter().enumerate() {
        if picked(i, 7, 3) {
            continue;
        }
        if let Some(id) = a["id"].as_str().and_then(|id| id.parse::<u64>().ok()) {
            a["id"] = Value::String((id + n as u64 * 1_000_000).to_string());
        }
        if picked(i, 5, 1) {
            let minutes = a["minutes"].as_i64().unwrap_or(5);
            a["minutes"] = Value::from(minutes + 5);
            if let Some(info) = a["additionalInformation"].as_str() {
                a["additionalInformation"] = Value::String(format!("{info} (tuned here)"));
            }
        }
        kept.push(a);
    }
    for (j, what) in ["Canary error ratio", "Canary latency p99"]
        .iter()
        .enumerate()
    {
        let mut a = kept[j].clone();
        a["id"] = Value::String(format!("{}", 1_690_900_000_000_u64 + (n * 10 + j) as u64));
        a["name"] = Value::String(format!("{what} (instance {})", n + 1));
        kept.push(a);
    }
    *alerts = kept;
}

/// Every ninth left out, every sixth one's description changed, one only here.
fn dashboards(collections: &mut HashMap<&'static str, Vec<Value>>, n: usize) {
    let Some(dashboards) = collections.get_mut("dashboard") else {
        return;
    };
    let mut kept = Vec::with_capacity(dashboards.len());
    for (i, mut d) in std::mem::take(dashboards).into_iter().enumerate() {
        if picked(i, 9, 4) {
            continue;
        }
        if picked(i, 6, 2) {
            d["description"] = Value::String(format!("As seen on instance {}", n + 1));
        }
        kept.push(d);
    }
    if let Some(first) = kept.first() {
        let mut d = first.clone();
        let url = format!("instance-{}-only", n + 1);
        d["id"] = Value::String(url.clone());
        d["url"] = Value::String(url);
        d["name"] = Value::String(format!("Only on instance {}", n + 1));
        kept.push(d);
    }
    *dashboards = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::collections::COLLECTIONS;

    fn loaded() -> HashMap<&'static str, Vec<Value>> {
        COLLECTIONS
            .iter()
            .map(|c| (c.name, c.load(1_700_000_000_000)))
            .collect()
    }

    #[test]
    fn the_second_instance_differs_the_same_way_every_time() {
        let first = loaded();
        let mut second = loaded();
        derive(&mut second, 1);
        let mut again = loaded();
        derive(&mut again, 1);
        assert_eq!(second, again);
        let ids = |c: &HashMap<_, Vec<Value>>, k: &str| -> Vec<String> {
            c[k].iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string))
                .collect()
        };
        let (a, b) = (ids(&first, "notificant"), ids(&second, "notificant"));
        assert_eq!(b.len(), a.len() + 1);
        assert!(
            a.iter().all(|id| !b.contains(id)),
            "every target has another id"
        );
        // An alert's targets are the second instance's ids.
        let targets: Vec<&str> = second["alert"][0]["target"]
            .as_str()
            .unwrap()
            .split(',')
            .collect();
        for t in targets {
            assert!(
                b.contains(&t.trim().trim_start_matches("target:").to_string()),
                "{t}"
            );
        }
        assert!(second["alert"].len() < first["alert"].len());
        assert!(
            second["dashboard"]
                .iter()
                .any(|d| d["url"] == "instance-2-only")
        );
    }
}
