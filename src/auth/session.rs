//! A logged-in session: the current bearer token, its refresh schedule, and the status the UI
//! shows. Requests go through [`Session::get`], which never sends a token it knows has expired
//! and re-exchanges once after a 401.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::sync::{Mutex, watch};
use tokio::time::Instant;

use super::account::{Account, Credentials, LoginMethod};
use super::csp;
use super::jwt::{Claims, decode_claims};
use crate::api::client::Answer;
use crate::api::retry::RetryPolicy;
use crate::api::{ApiClient, ApiError, ApiRequest};
use crate::secret::Secret;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum AuthError {
    #[error("{by} refused the login: {message} (HTTP {status})")]
    Rejected {
        by: &'static str,
        status: u16,
        message: String,
    },
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Protocol(String),
}

/// What the UI may know about the session: never any part of a secret.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenStatus {
    pub account: String,
    pub instance: String,
    /// The instance's base URL (`https://acme.wavefront.com`), for the curl commands shown.
    pub base_url: String,
    pub method: Option<LoginMethod>,
    pub identity: Option<String>,
    /// USER_ACCOUNT, SERVICE_ACCOUNT, CSP_USER_ACCOUNT … when the instance says.
    pub account_type: Option<String>,
    pub org: Option<String>,
    pub permissions: Vec<String>,
    pub issued_at_ms: Option<i64>,
    /// `None` for API tokens, which do not expire on a clock.
    pub expires_at_ms: Option<i64>,
    pub next_refresh_at_ms: Option<i64>,
    pub last_refresh_at_ms: Option<i64>,
    pub last_refresh_error: Option<String>,
    pub refresh_count: u32,
}

struct TokenState {
    bearer: Secret,
    /// When the bearer stops working; `None` for tokens without an expiry.
    expires_at: Option<Instant>,
    /// When the background refresh should run.
    refresh_at: Option<Instant>,
    /// Bumped on every new token, so a 401 on an old one does not refresh twice.
    generation: u64,
    failures: u32,
}

/// A token that expires this close to now is treated as expired: refreshed before use.
const EXPIRY_MARGIN: Duration = Duration::from_secs(5);

pub struct Session {
    http: reqwest::Client,
    api: ApiClient,
    account: Account,
    token: Mutex<TokenState>,
    status: watch::Sender<TokenStatus>,
    retry: RetryPolicy,
    /// How long one call may take with all its retries (the person's `--timeout`).
    budget: Duration,
    /// Told of every request sent to the instance (the request history), when set.
    recorder: Option<Recorder>,
    /// Whether the history keeps request bodies (opt-in).
    record_bodies: bool,
}

/// Receives each request's history entry; called on the task that sent it.
pub type Recorder = std::sync::Arc<dyn Fn(crate::api::history::HistoryEntry) + Send + Sync>;

/// A retry about to happen: which one, after how long, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryNotice {
    pub attempt: u32,
    pub delay: Duration,
    pub reason: String,
}

impl RetryNotice {
    /// What a view shows while it waits: "retrying in 2s (try 2): 503 Service Unavailable".
    pub fn describe(&self) -> String {
        format!(
            "retrying in {} (try {}): {}",
            crate::format::short_duration(self.delay.as_secs().max(1)),
            self.attempt + 1,
            self.reason
        )
    }
}

impl Session {
    /// Gets a token by the account's method and proves it with one real call to the instance.
    pub async fn login(http: reqwest::Client, account: Account) -> Result<Session, AuthError> {
        Self::login_with(http, account, RetryPolicy::default()).await
    }

    /// [`Session::login`] with the retry policy every read of the session (the login's own
    /// call included) follows.
    pub async fn login_with(
        http: reqwest::Client,
        account: Account,
        retry: RetryPolicy,
    ) -> Result<Session, AuthError> {
        let api = ApiClient::new(http.clone(), account.instance.clone());
        let method = account.credentials.method();
        let fresh = obtain(&http, &account).await?;
        let mut status = TokenStatus {
            account: account.name.clone(),
            instance: account.instance.host_label(),
            base_url: account.instance.to_string(),
            method: Some(method),
            ..TokenStatus::default()
        };
        let now = wall_ms();
        apply_fresh(&mut status, &fresh, now);
        let session = Session {
            token: Mutex::new(TokenState {
                bearer: fresh.bearer,
                expires_at: fresh.lifetime.map(|l| Instant::now() + l),
                refresh_at: fresh.lifetime.map(|l| Instant::now() + refresh_lead(l)),
                generation: 1,
                failures: 0,
            }),
            status: watch::Sender::new(status),
            retry,
            budget: crate::api::client::request_budget(),
            http,
            api,
            account,
            recorder: None,
            record_bodies: false,
        };
        session.set_next_refresh_ms().await;
        session.identify().await?;
        Ok(session)
    }

    pub fn account(&self) -> &Account {
        &self.account
    }

    /// Records every request from now on (the login's own calls came before).
    pub fn set_recorder(&mut self, recorder: Recorder, keep_bodies: bool) {
        self.recorder = Some(recorder);
        self.record_bodies = keep_bodies;
    }

    pub fn status(&self) -> TokenStatus {
        self.status.borrow().clone()
    }

    /// Changes of the status (refreshes, failed refreshes), for the worker to pass on.
    pub fn watch_status(&self) -> watch::Receiver<TokenStatus> {
        self.status.subscribe()
    }

    /// Whether the token can be re-obtained without asking the person (the CSP methods).
    pub fn can_refresh(&self) -> bool {
        self.account.credentials.method().is_csp()
    }

    /// When the background refresh is due.
    pub async fn refresh_due(&self) -> Option<Instant> {
        self.token.lock().await.refresh_at
    }

    /// A bearer that is not known to be expired, refreshing first if needed.
    pub async fn bearer(&self) -> Result<(Secret, u64), AuthError> {
        let mut state = self.token.lock().await;
        let expired = state
            .expires_at
            .is_some_and(|at| Instant::now() + EXPIRY_MARGIN >= at);
        if expired && self.can_refresh() {
            self.refresh_locked(&mut state).await?;
        }
        Ok((state.bearer.clone(), state.generation))
    }

    /// Refreshes now, unless the token of `seen_generation` was already replaced.
    pub async fn refresh(&self, seen_generation: Option<u64>) -> Result<(), AuthError> {
        if !self.can_refresh() {
            return Ok(());
        }
        let mut state = self.token.lock().await;
        if seen_generation.is_some_and(|g| g != state.generation) {
            return Ok(());
        }
        self.refresh_locked(&mut state).await
    }

    async fn refresh_locked(&self, state: &mut TokenState) -> Result<(), AuthError> {
        let result = obtain(&self.http, &self.account).await;
        let now = wall_ms();
        match result {
            Ok(fresh) => {
                state.bearer = fresh.bearer.clone();
                state.expires_at = fresh.lifetime.map(|l| Instant::now() + l);
                state.refresh_at = fresh.lifetime.map(|l| Instant::now() + refresh_lead(l));
                state.generation += 1;
                state.failures = 0;
                self.update_status(|s| {
                    apply_fresh(s, &fresh, now);
                    s.last_refresh_at_ms = Some(now);
                    s.last_refresh_error = None;
                    s.refresh_count += 1;
                    s.next_refresh_at_ms = state.refresh_at.map(|at| to_wall_ms(at, now));
                });
                tracing::info!(account = %self.account.name, "token refreshed");
                Ok(())
            }
            Err(err) => {
                state.failures += 1;
                let retry = retry_delay(state.failures);
                let mut at = Instant::now() + retry;
                // Never plan the retry past the expiry when there is still time to beat it.
                if let Some(exp) = state.expires_at {
                    if exp > Instant::now() + Duration::from_secs(1) {
                        at = at.min(exp - Duration::from_secs(1));
                    }
                }
                state.refresh_at = Some(at);
                self.update_status(|s| {
                    s.last_refresh_at_ms = Some(now);
                    s.last_refresh_error = Some(err.to_string());
                    s.next_refresh_at_ms = Some(to_wall_ms(at, now));
                });
                tracing::warn!(account = %self.account.name, error = %err, "token refresh failed");
                Err(err)
            }
        }
    }

    /// `GET` through the session: a current token, one re-exchange after a 401, and retries
    /// with backoff for what may pass next time.
    pub async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Value, ApiError> {
        self.execute(&ApiRequest::get(path).with_query_pairs(query), &|_| {})
            .await
    }

    /// Sends `request`: retried per the policy when it is idempotent, sent once otherwise (a
    /// mutation is never retried blindly; the 401 re-exchange still applies, since the server
    /// refused it before acting). Each wait is announced to `on_retry` first so the person
    /// sees it.
    pub async fn execute(
        &self,
        request: &ApiRequest,
        on_retry: &(dyn Fn(&RetryNotice) + Sync),
    ) -> Result<Value, ApiError> {
        self.execute_answer(request, on_retry)
            .await
            .map(|a| a.value)
    }

    /// [`Session::execute`], keeping the payload's bytes as they came (exact numbers).
    pub async fn execute_answer(
        &self,
        request: &ApiRequest,
        on_retry: &(dyn Fn(&RetryNotice) + Sync),
    ) -> Result<Answer, ApiError> {
        let mut attempt = 0;
        // One deadline for the call and all its retries, so a command ends within the timeout.
        let started = Instant::now();
        let deadline = started + self.budget;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let result = match tokio::time::timeout(left, self.send(request)).await {
                Ok(result) => result,
                Err(_) => Err(ApiError::Transport {
                    method: request.method.as_str(),
                    path: request.path.clone(),
                    message: format!(
                        "timed out after {} s waiting for {}",
                        started.elapsed().as_secs_f64().round(),
                        self.api.base().host_port()
                    ),
                    kind: crate::api::error::TransportKind::Timeout,
                }),
            };
            let Err(error) = &result else { return result };
            if !request.idempotent {
                return result;
            }
            attempt += 1;
            let Some(delay) = self.retry.delay(attempt, error) else {
                return result;
            };
            if Instant::now() + delay >= deadline {
                tracing::info!(path = %request.path, attempt, "no time left for another try");
                return result;
            }
            let notice = RetryNotice {
                attempt,
                delay,
                reason: error.to_string(),
            };
            tracing::info!(path = %request.path, attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
            on_retry(&notice);
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt with a current token, and one re-exchange and resend after a 401.
    async fn send(&self, request: &ApiRequest) -> Result<Answer, ApiError> {
        let (bearer, generation) = self.bearer().await.map_err(auth_err)?;
        match self.send_recorded(request, &bearer).await {
            Err(e) if e.status() == Some(401) && self.can_refresh() => {
                tracing::info!(path = %request.path, "401: exchanging the token again and retrying once");
                self.refresh(Some(generation)).await.map_err(auth_err)?;
                let (bearer, _) = self.bearer().await.map_err(auth_err)?;
                self.send_recorded(request, &bearer).await
            }
            other => other,
        }
    }

    /// One request on the wire, told to the recorder (never the bearer: it is not in the entry).
    async fn send_recorded(
        &self,
        request: &ApiRequest,
        bearer: &Secret,
    ) -> Result<Answer, ApiError> {
        let Some(recorder) = &self.recorder else {
            return self.api.send_answer(request, bearer).await.0;
        };
        let at_ms = wall_ms();
        let started = Instant::now();
        let (result, exchange) = self.api.send_answer(request, bearer).await;
        recorder(crate::api::history::HistoryEntry {
            at_ms,
            method: request.method.as_str().to_string(),
            path: request.path.clone(),
            query: request.query.clone(),
            status: exchange.status,
            duration_ms: started.elapsed().as_millis() as u64,
            bytes: exchange.bytes,
            had_body: request.body.is_some(),
            body: request
                .body
                .as_ref()
                .filter(|_| self.record_bodies)
                .cloned(),
        });
        result
    }

    /// Fills identity and account type from `GET /api/v2/apitoken` (the entry whose `tokenID`
    /// is ours), which is also the one real call that proves the token works.
    async fn identify(&self) -> Result<(), AuthError> {
        let result = self.get("/api/v2/apitoken", &[]).await;
        let tokens = match result {
            Ok(v) => v,
            // Valid token, but not allowed to list tokens: still logged in.
            Err(ApiError::Status { status: 403, .. }) => return Ok(()),
            Err(ApiError::Status {
                status, message, ..
            }) => {
                return Err(AuthError::Rejected {
                    by: "the instance",
                    status,
                    message,
                });
            }
            Err(e) => return Err(AuthError::Unreachable(e.to_string())),
        };
        let (bearer, _) = self.bearer().await?;
        let mine = tokens.as_array().and_then(|list| {
            list.iter()
                .find(|t| t.get("tokenID").and_then(Value::as_str) == Some(bearer.expose()))
        });
        if mine.is_none() && self.account.credentials.method().is_csp() {
            let kind = match self.account.credentials.method() {
                LoginMethod::CspServerToServer => "CSP server-to-server app",
                _ => "CSP user",
            };
            self.update_status(|s| s.account_type = Some(kind.to_string()));
        }
        if let Some(t) = mine {
            let text = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_string);
            self.update_status(|s| {
                if s.identity.is_none() {
                    s.identity = text("account");
                }
                s.account_type = text("accountType");
            });
        }
        Ok(())
    }

    async fn set_next_refresh_ms(&self) {
        let at = self.token.lock().await.refresh_at;
        let now = wall_ms();
        self.update_status(|s| s.next_refresh_at_ms = at.map(|at| to_wall_ms(at, now)));
    }

    fn update_status(&self, f: impl FnOnce(&mut TokenStatus)) {
        self.status.send_modify(f);
    }
}

fn auth_err(e: AuthError) -> ApiError {
    ApiError::Auth(format!("could not get a token: {e}"))
}

struct Fresh {
    bearer: Secret,
    lifetime: Option<Duration>,
    claims: Option<Claims>,
}

async fn obtain(http: &reqwest::Client, account: &Account) -> Result<Fresh, AuthError> {
    let access = match &account.credentials {
        Credentials::ApiToken { token } | Credentials::ServiceAccountToken { token } => {
            return Ok(Fresh {
                bearer: token.clone(),
                lifetime: None,
                claims: None,
            });
        }
        Credentials::CspApiToken { api_token } => {
            csp::exchange_api_token(http, &account.csp, api_token).await?
        }
        Credentials::CspServerToServer {
            client_id,
            client_secret,
            org_id,
        } => {
            csp::exchange_client_credentials(
                http,
                &account.csp,
                client_id,
                client_secret,
                org_id.as_deref(),
            )
            .await?
        }
    };
    let claims = decode_claims(access.token.expose());
    // The JWT's `exp` is the truth when present; `expires_in` otherwise.
    let now_s = wall_ms() / 1000;
    let lifetime = claims
        .as_ref()
        .and_then(|c| c.exp)
        .map(|exp| (exp - now_s).max(0) as u64)
        .unwrap_or(access.expires_in)
        .min(access.expires_in.max(1));
    Ok(Fresh {
        bearer: access.token,
        lifetime: Some(Duration::from_secs(lifetime)),
        claims,
    })
}

fn apply_fresh(status: &mut TokenStatus, fresh: &Fresh, now_ms: i64) {
    if let Some(c) = &fresh.claims {
        status.identity = c.identity();
        status.org = c.context_name.clone();
        status.permissions = c.perms.clone();
        status.issued_at_ms = c.iat.map(|s| s * 1000).or(Some(now_ms));
    } else {
        status.issued_at_ms = fresh.lifetime.map(|_| now_ms);
    }
    status.expires_at_ms = fresh.lifetime.map(|l| now_ms + l.as_millis() as i64);
}

/// When to refresh a token of this lifetime: as the official proxy does (3 min ahead, or 30 s
/// for lifetimes under 10 min), and at half-life for very short ones so they still beat expiry.
pub fn refresh_lead(lifetime: Duration) -> Duration {
    let secs = lifetime.as_secs();
    let ahead = if secs >= 600 {
        180
    } else if secs >= 60 {
        30
    } else {
        return lifetime / 2;
    };
    lifetime - Duration::from_secs(ahead)
}

/// Backoff after failed refreshes: 10 s, 20 s, 40 s … capped at 5 min.
fn retry_delay(failures: u32) -> Duration {
    let secs = 10u64.saturating_mul(1 << failures.saturating_sub(1).min(5));
    Duration::from_secs(secs.min(300))
}

pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn to_wall_ms(at: Instant, now_ms: i64) -> i64 {
    let now = Instant::now();
    if at >= now {
        now_ms + (at - now).as_millis() as i64
    } else {
        now_ms - (now - at).as_millis() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_schedule_matches_the_proxy_and_beats_short_lifetimes() {
        let s = Duration::from_secs;
        assert_eq!(refresh_lead(s(1800)), s(1620));
        assert_eq!(refresh_lead(s(600)), s(420));
        assert_eq!(refresh_lead(s(300)), s(270));
        assert_eq!(refresh_lead(s(60)), s(30));
        assert_eq!(refresh_lead(s(10)), s(5));
        assert_eq!(refresh_lead(s(0)), s(0));
    }

    #[test]
    fn retry_backoff_grows_and_caps() {
        let delays: Vec<u64> = (1..=8).map(|f| retry_delay(f).as_secs()).collect();
        assert_eq!(delays, vec![10, 20, 40, 80, 160, 300, 300, 300]);
    }
}
