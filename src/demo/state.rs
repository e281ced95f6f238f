//! What the stand-in knows: its data, the tokens it issued, and a log of requests for tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use super::collections::COLLECTIONS;
use super::faults::FaultRule;
use super::{DemoCredentials, DemoOptions};
use crate::auth::session::wall_ms;

/// An access token the stand-in issued.
#[derive(Debug, Clone)]
pub struct Issued {
    pub expires_at_ms: i64,
    pub identity: String,
}

/// One request the stand-in saw: enough for tests to prove no expired token was ever sent.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// The query string as sent (`""` for none), for tests of what a request asked.
    pub query: String,
    pub status: u16,
    /// Whether the bearer was an issued access token that had already expired.
    pub expired_token: bool,
}

pub struct DemoState {
    pub credentials: DemoCredentials,
    /// Every collection's items, by collection name (mutations change them in place).
    collections: Mutex<HashMap<&'static str, Vec<Value>>>,
    pub source_count: usize,
    token_lifetime: Mutex<Duration>,
    issued: Mutex<HashMap<String, Issued>>,
    revoked: Mutex<Vec<String>>,
    requests: Mutex<Vec<RequestRecord>>,
    /// When set, the CSP endpoints answer 503 (to test failed refreshes).
    pub csp_down: std::sync::atomic::AtomicBool,
    /// Faults to inject, first match wins.
    faults: Mutex<Vec<Arc<FaultRule>>>,
    /// When set, detail endpoints answer 200 with an HTML page (a misconfigured proxy).
    pub html_details: std::sync::atomic::AtomicBool,
    /// Tags of synthetic sources changed by mutations (source id -> the `tags` object).
    source_tags: Mutex<HashMap<String, Value>>,
    /// When the alerts fire (see [`super::firings`]).
    schedule: super::firings::Schedule,
    /// How far the stand-in's clock is ahead of the wall clock (see [`DemoState::advance`]).
    clock_offset_ms: std::sync::atomic::AtomicI64,
    /// Writes of each changed item, by `collection/id` (the versions of its history).
    versions: Mutex<HashMap<String, u64>>,
    /// Every version of the items with a history (see [`super::versions`]).
    pub history: super::versions::Versions,
    /// Deleted items (see [`super::trash`]).
    pub trash: super::trash::Trash,
    /// Requests being answered now, and the most at once (tests of the dashboard pool's limit).
    in_flight: std::sync::atomic::AtomicUsize,
    most_in_flight: std::sync::atomic::AtomicUsize,
    /// Requests received, answered or not (the log has only those answered).
    received: std::sync::atomic::AtomicUsize,
    /// Whether the undocumented completion endpoints answer (see [`super::metrics`]).
    pub undocumented: bool,
}

/// Counts one request as in flight until dropped (also when the client gives up on it).
pub struct InFlight<'a>(&'a DemoState);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0
            .in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Requests kept for inspection; older ones are dropped.
const MAX_RECORDS: usize = 10_000;

impl DemoState {
    pub fn new(options: &DemoOptions, credentials: DemoCredentials) -> Self {
        let mut collections: HashMap<&'static str, Vec<Value>> = COLLECTIONS
            .iter()
            .map(|c| (c.name, c.load(wall_ms())))
            .collect();
        super::variant::derive(&mut collections, options.instance);
        let schedule = super::firings::Schedule::new(
            collections.get("alert").map_or(&[][..], |a| &a[..]),
            wall_ms(),
        );
        let history = super::versions::Versions::seeded(&collections);
        let trash = super::trash::Trash::seeded(&collections, wall_ms());
        Self {
            credentials,
            history,
            trash,
            collections: Mutex::new(collections),
            schedule,
            clock_offset_ms: std::sync::atomic::AtomicI64::new(0),
            source_count: options.sources,
            token_lifetime: Mutex::new(options.token_lifetime),
            issued: Mutex::new(HashMap::new()),
            revoked: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            csp_down: std::sync::atomic::AtomicBool::new(false),
            html_details: std::sync::atomic::AtomicBool::new(false),
            faults: Mutex::new(Vec::new()),
            source_tags: Mutex::new(HashMap::new()),
            versions: Mutex::new(HashMap::new()),
            in_flight: Default::default(),
            most_in_flight: Default::default(),
            received: Default::default(),
            undocumented: options.undocumented,
        }
    }

    /// Marks a request in flight (see [`InFlight`]).
    pub fn enter(&self) -> InFlight<'_> {
        use std::sync::atomic::Ordering::SeqCst;
        self.received.fetch_add(1, SeqCst);
        let now = self.in_flight.fetch_add(1, SeqCst) + 1;
        self.most_in_flight.fetch_max(now, SeqCst);
        InFlight(self)
    }

    /// Requests received so far, those the client gave up on included.
    pub fn received(&self) -> usize {
        self.received.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Requests being answered now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most requests answered at once since the last call (which starts a new count).
    pub fn take_most_in_flight(&self) -> usize {
        use std::sync::atomic::Ordering::SeqCst;
        self.most_in_flight
            .swap(self.in_flight.load(SeqCst), SeqCst)
    }

    /// Counts a write of item `id` of `collection`; its version number now.
    pub fn count_version(&self, collection: &str, id: &str) -> u64 {
        let mut versions = self.versions.lock().expect("lock");
        let n = versions.entry(format!("{collection}/{id}")).or_insert(0);
        *n += 1;
        *n
    }

    /// How many writes item `id` of `collection` has had (0: none since the start).
    pub fn version(&self, collection: &str, id: &str) -> u64 {
        let versions = self.versions.lock().expect("lock");
        versions
            .get(&format!("{collection}/{id}"))
            .copied()
            .unwrap_or(0)
    }

    /// Adds a fault rule; returns it, to ask later how often it fired.
    pub fn add_fault(&self, rule: FaultRule) -> Arc<FaultRule> {
        let rule = Arc::new(rule);
        self.faults.lock().expect("lock").push(rule.clone());
        rule
    }

    pub fn clear_faults(&self) {
        self.faults.lock().expect("lock").clear();
    }

    pub fn faults(&self) -> Vec<Arc<FaultRule>> {
        self.faults.lock().expect("lock").clone()
    }

    /// A copy of a collection's items, as they are now (alerts firing or not by the schedule).
    pub fn items(&self, collection: &str) -> Vec<Value> {
        let mut items = self
            .collections
            .lock()
            .expect("lock")
            .get(collection)
            .cloned()
            .unwrap_or_default();
        items.iter_mut().for_each(|i| self.live(collection, i));
        items
    }

    /// Reads the stored items without copying them (and without [`DemoState::live`]): for
    /// lookups on every chart answer, where copying every alert and event cost milliseconds.
    pub fn read_items<R>(&self, collection: &str, f: impl FnOnce(&[Value]) -> R) -> R {
        let all = self.collections.lock().expect("lock");
        f(all.get(collection).map_or(&[][..], Vec::as_slice))
    }

    /// Puts what changes by itself on a stored item: for an alert, whether it fires now.
    pub fn live(&self, collection: &str, item: &mut Value) {
        if collection == "alert" {
            self.schedule.apply(item, self.now_ms());
        }
    }

    /// When the alerts fire.
    pub fn schedule(&self) -> &super::firings::Schedule {
        &self.schedule
    }

    /// The stand-in's clock: the wall clock, moved ahead by [`DemoState::advance`].
    pub fn now_ms(&self) -> i64 {
        wall_ms()
            + self
                .clock_offset_ms
                .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Moves the stand-in's clock ahead (tests that want the next firing without waiting).
    pub fn advance(&self, by: Duration) {
        self.clock_offset_ms
            .fetch_add(by.as_millis() as i64, std::sync::atomic::Ordering::Relaxed);
    }

    /// Changes a collection's items (for tests: hostile names, extra rows).
    pub fn edit_items(&self, collection: &'static str, f: impl FnOnce(&mut Vec<Value>)) {
        let mut all = self.collections.lock().expect("lock");
        f(all.entry(collection).or_default());
    }

    /// Synthetic source `i` as it is now: with the tags mutations gave it.
    pub fn source(&self, i: usize, now_ms: i64) -> Value {
        let mut item = super::api::source(i, now_ms);
        if let Some(id) = item["id"].as_str() {
            if let Some(tags) = self.source_tags.lock().expect("lock").get(id) {
                item["tags"] = tags.clone();
            }
        }
        item
    }

    /// Whether a mutation changed the tags of any synthetic source (a page of sources is
    /// written straight to bytes while none did: see `api::write_source`).
    pub fn source_tags_edited(&self) -> bool {
        !self.source_tags.lock().expect("lock").is_empty()
    }

    /// Changes the tags of synthetic source `i`.
    pub fn edit_source_tags(&self, i: usize, f: impl FnOnce(&mut serde_json::Map<String, Value>)) {
        let item = self.source(i, 0);
        let id = item["id"].as_str().unwrap_or_default().to_string();
        let mut tags = item["tags"].as_object().cloned().unwrap_or_default();
        f(&mut tags);
        self.source_tags
            .lock()
            .expect("lock")
            .insert(id, Value::Object(tags));
    }

    pub fn token_lifetime(&self) -> Duration {
        *self.token_lifetime.lock().expect("lock")
    }

    /// Changes the lifetime of tokens issued from now on.
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        *self.token_lifetime.lock().expect("lock") = lifetime;
    }

    pub fn issue(&self, token: String, identity: String, lifetime: Duration) {
        let expires_at_ms = wall_ms() + lifetime.as_millis() as i64;
        self.issued.lock().expect("lock").insert(
            token,
            Issued {
                expires_at_ms,
                identity,
            },
        );
    }

    /// Makes the access tokens issued so far invalid (401), as after a server-side revocation;
    /// the credentials still work, so a fresh exchange succeeds.
    pub fn revoke_issued(&self) {
        let mut revoked = self.revoked.lock().expect("lock");
        revoked.extend(self.issued.lock().expect("lock").drain().map(|(k, _)| k));
    }

    /// Revoked tokens (for leak scans: they were secrets too).
    pub fn revoked_tokens(&self) -> Vec<String> {
        self.revoked.lock().expect("lock").clone()
    }

    /// Every access token issued and not revoked, for tests that look for leaks.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.issued.lock().expect("lock").keys().cloned().collect()
    }

    /// How many access tokens were issued and are still valid.
    pub fn live_tokens(&self) -> usize {
        let now = wall_ms();
        self.issued
            .lock()
            .expect("lock")
            .values()
            .filter(|i| i.expires_at_ms > now)
            .count()
    }

    /// Makes every token issued so far invalid (as if revoked), and API tokens too.
    pub fn revoke_all(&self) {
        let mut revoked = self.revoked.lock().expect("lock");
        revoked.extend(self.issued.lock().expect("lock").drain().map(|(k, _)| k));
        revoked.push(self.credentials.api_token.expose().to_string());
        revoked.push(self.credentials.service_account_token.expose().to_string());
    }

    /// Checks a bearer: `Ok(identity)` or `Err((expired, message))`.
    pub fn check_bearer(&self, token: &str) -> Result<String, (bool, &'static str)> {
        if self
            .revoked
            .lock()
            .expect("lock")
            .iter()
            .any(|t| t == token)
        {
            return Err((false, "Token is revoked or invalid"));
        }
        let c = &self.credentials;
        if token == c.api_token.expose() {
            return Ok(c.user.clone());
        }
        if token == c.service_account_token.expose() {
            return Ok(c.service_account.clone());
        }
        match self.issued.lock().expect("lock").get(token) {
            Some(issued) if issued.expires_at_ms > wall_ms() => Ok(issued.identity.clone()),
            Some(_) => Err((true, "Access token expired")),
            None => Err((false, "Invalid or unknown token")),
        }
    }

    pub fn record(&self, record: RequestRecord) {
        let mut requests = self.requests.lock().expect("lock");
        if requests.len() >= MAX_RECORDS {
            requests.drain(..MAX_RECORDS / 2);
        }
        requests.push(record);
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.requests.lock().expect("lock").clone()
    }
}
