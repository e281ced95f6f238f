//! A logged-in session: the current bearer token, its refresh schedule, and the status the UI
//! shows. It is the [`TokenSource`] of the [`Executor`] that sends the account's requests:
//! never a token it knows has expired, and one re-exchange after a 401.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{Mutex, watch};
use tokio::time::Instant;

use super::account::{Account, Credentials, LoginMethod};
use super::csp;
use super::error::AuthError;
use super::jwt::{Claims, decode_claims};
pub use super::refresh_schedule::{MIN_REFRESH_IN, refresh_lead};
use super::refresh_schedule::{retry_delay, to_wall_ms, token_lifetime};
use crate::api::executor::{TokenFuture, TokenSource};
pub use crate::api::history::wall_ms;
use crate::api::retry::RetryPolicy;
use crate::api::{ApiClient, ApiError, ApiRequest, Executor};
use crate::secret::Secret;

/// What the UI may know about the session: never any part of a secret.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenStatus {
    pub account: String,
    pub instance: String,
    /// The instance's base URL (`https://acme.wavefront.com`), for the curl commands shown.
    pub base_url: String,
    pub method: Option<LoginMethod>,
    pub identity: Option<String>,
    /// Why the identity could not be learned (`GET /api/v2/apitoken` failed or answered
    /// oddly): shown as "identity unknown"; everything else works without it.
    pub identity_unknown: Option<String>,
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
    /// Bumped on every new token, so a 401 on an old one does not refresh twice.
    generation: u64,
    failures: u32,
}

/// A token that expires this close to now is treated as expired: refreshed before use.
const EXPIRY_MARGIN: Duration = Duration::from_secs(5);

pub struct Session {
    http: reqwest::Client,
    account: Account,
    /// Held across a CSP exchange, so that refreshes are single-flight.
    token: Mutex<TokenState>,
    /// When the background refresh should run: published outside the lock, so the worker's
    /// loop reads it without waiting on a refresh in flight.
    refresh_at: watch::Sender<Option<Instant>>,
    status: watch::Sender<TokenStatus>,
}

impl Session {
    /// Gets a token by the account's method and proves it with one real call to the instance,
    /// which also tells who is logged in (when it can: see [`TokenStatus::identity_unknown`]).
    pub async fn login(
        http: reqwest::Client,
        account: Account,
    ) -> Result<(Arc<Session>, Executor), AuthError> {
        Self::login_with(http, account, RetryPolicy::default()).await
    }

    /// [`Session::login`] with the retry policy every read of the session follows.
    pub async fn login_with(
        http: reqwest::Client,
        account: Account,
        retry: RetryPolicy,
    ) -> Result<(Arc<Session>, Executor), AuthError> {
        let (session, api) = Self::open(http, account, retry).await?;
        session.identify(&api).await?;
        Ok((session, api))
    }

    /// Gets a token by the account's method and sends nothing to the instance: one-shot
    /// commands (`get`, `query`, actions) send only the requests their work needs, and a bad
    /// token shows in the first of them. The executor sends the account's requests.
    pub async fn open(
        http: reqwest::Client,
        account: Account,
        retry: RetryPolicy,
    ) -> Result<(Arc<Session>, Executor), AuthError> {
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
        let session = Arc::new(Session {
            token: Mutex::new(TokenState {
                bearer: fresh.bearer,
                expires_at: fresh.lifetime.map(|l| Instant::now() + l),
                generation: 1,
                failures: 0,
            }),
            refresh_at: watch::Sender::new(
                fresh.lifetime.map(|l| Instant::now() + refresh_lead(l)),
            ),
            status: watch::Sender::new(status),
            http,
            account,
        });
        session.set_next_refresh_ms();
        let executor = Executor::new(api, session.clone(), retry);
        Ok((session, executor))
    }

    pub fn account(&self) -> &Account {
        &self.account
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

    /// When the background refresh is due. Never waits: a refresh in flight holds the token
    /// lock across its HTTP call, and the worker's loop must not stall behind it.
    pub fn refresh_due(&self) -> Option<Instant> {
        *self.refresh_at.borrow()
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

    /// The background refresh: once it has the lock, only when still due (a request may have
    /// refreshed meanwhile, after a 401 or an expiry).
    pub async fn refresh_scheduled(&self) -> Result<(), AuthError> {
        if !self.can_refresh() {
            return Ok(());
        }
        let mut state = self.token.lock().await;
        if self.refresh_due().is_some_and(|at| at > Instant::now()) {
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
                let refresh_at = fresh.lifetime.map(|l| Instant::now() + refresh_lead(l));
                self.refresh_at.send_replace(refresh_at);
                state.generation += 1;
                state.failures = 0;
                self.update_status(|s| {
                    apply_fresh(s, &fresh, now);
                    s.last_refresh_at_ms = Some(now);
                    s.last_refresh_error = None;
                    s.refresh_count += 1;
                    s.next_refresh_at_ms = refresh_at.map(|at| to_wall_ms(at, now));
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
                self.refresh_at.send_replace(Some(at));
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

    /// Fills identity and account type from `GET /api/v2/apitoken` (the entry whose `tokenID`
    /// is ours). It is also the one real call that proves the token: a 401 (the token is
    /// refused) or no answer at all fails the login. Any other failure (403 without the
    /// permission, a 5xx, an odd answer) only leaves the identity unknown, with the reason:
    /// who is logged in is a nicety, never a gate. An answer that fails is not asked again, so
    /// the lookup does not hold the first list back; only no answer (a reset, a body cut
    /// short) is retried, since that decides whether the login works.
    async fn identify(&self, api: &Executor) -> Result<(), AuthError> {
        let request = ApiRequest::get("/api/v2/apitoken");
        let unanswered = |e: &ApiError| matches!(e, ApiError::Transport { .. });
        let answer = api.execute_retrying(&request, &|_| {}, unanswered).await;
        let tokens = match answer {
            Ok(answer) => answer.value,
            Err(ApiError::Status {
                status: 401,
                message,
                ..
            }) => {
                return Err(AuthError::Rejected {
                    by: "the instance",
                    status: 401,
                    message,
                });
            }
            Err(e @ (ApiError::Transport { .. } | ApiError::Auth(_))) => {
                return Err(AuthError::Unreachable(e.to_string()));
            }
            Err(e) => {
                self.identity_unknown(identity_reason(&e));
                return Ok(());
            }
        };
        let Some(list) = tokens.as_array() else {
            self.identity_unknown(format!(
                "odd answer: {}, not a list of tokens",
                crate::json::value::kind_name(&tokens)
            ));
            return Ok(());
        };
        let (bearer, _) = self.bearer().await?;
        let mine = list
            .iter()
            .find(|t| t.get("tokenID").and_then(Value::as_str) == Some(bearer.expose()));
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

    fn identity_unknown(&self, reason: String) {
        tracing::info!(account = %self.account.name, %reason, "identity unknown");
        self.update_status(|s| s.identity_unknown = Some(reason));
    }

    fn set_next_refresh_ms(&self) {
        let at = self.refresh_due();
        let now = wall_ms();
        self.update_status(|s| s.next_refresh_at_ms = at.map(|at| to_wall_ms(at, now)));
    }

    fn update_status(&self, f: impl FnOnce(&mut TokenStatus)) {
        self.status.send_modify(f);
    }
}

/// A failed identity lookup in words whose first part (up to a colon) is short enough for
/// the header: "HTTP 403: Don't have permission …", "odd answer: not JSON (…)".
fn identity_reason(e: &ApiError) -> String {
    match e {
        ApiError::Status {
            status, message, ..
        } if message.is_empty() => format!("HTTP {status}"),
        ApiError::Status {
            status, message, ..
        } => format!("HTTP {status}: {message}"),
        ApiError::Decode { message, .. } => format!("odd answer: {message}"),
        ApiError::NotJson { reason, .. } => format!("odd answer: not JSON ({reason})"),
        other => other.to_string(),
    }
}

fn auth_err(e: AuthError) -> ApiError {
    ApiError::Auth(format!("could not get a token: {e}"))
}

impl TokenSource for Session {
    fn bearer(&self) -> TokenFuture<'_, (Secret, u64)> {
        Box::pin(async move { Session::bearer(self).await.map_err(auth_err) })
    }

    fn can_renew(&self) -> bool {
        self.can_refresh()
    }

    fn renew(&self, generation: u64) -> TokenFuture<'_, ()> {
        Box::pin(async move { self.refresh(Some(generation)).await.map_err(auth_err) })
    }
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
    let lifetime = token_lifetime(
        access.expires_in,
        claims.as_ref().and_then(|c| c.exp),
        wall_ms() / 1000,
    );
    Ok(Fresh {
        bearer: access.token,
        lifetime: Some(lifetime),
        claims,
    })
}

fn apply_fresh(status: &mut TokenStatus, fresh: &Fresh, now_ms: i64) {
    if let Some(c) = &fresh.claims {
        status.identity = c.identity();
        status.org = c.context_name.clone();
        status.permissions = c.perms.clone();
        status.issued_at_ms = c.iat.map(|s| s.saturating_mul(1000)).or(Some(now_ms));
    } else {
        status.issued_at_ms = fresh.lifetime.map(|_| now_ms);
    }
    status.expires_at_ms = fresh
        .lifetime
        .map(|l| now_ms.saturating_add(i64::try_from(l.as_millis()).unwrap_or(i64::MAX)));
}

/// What one token answer from a server sets, for the fuzz target (`fuzz/`) and its smoke test:
/// the lifetime believed, when the background refresh runs (from now), and the status times.
#[doc(hidden)]
#[derive(Debug)]
pub struct Schedule {
    pub lifetime: Duration,
    pub refresh_in: Duration,
    pub issued_at_ms: Option<i64>,
    pub expires_at_ms: Option<i64>,
    pub next_refresh_at_ms: i64,
    /// The wait after `failures` failed refreshes.
    pub retry: Duration,
}

/// Runs the refresh arithmetic on a server's `expires_in`, the JWT's `exp` and `iat`, at
/// `now_ms`, exactly as a login or refresh does.
#[doc(hidden)]
pub fn schedule_for(
    expires_in: u64,
    exp: Option<i64>,
    iat: Option<i64>,
    now_ms: i64,
    failures: u32,
) -> Schedule {
    let lifetime = token_lifetime(expires_in, exp, now_ms.div_euclid(1000));
    let fresh = Fresh {
        bearer: Secret::new(String::new()),
        lifetime: Some(lifetime),
        claims: Some(Claims {
            exp,
            iat,
            ..Claims::default()
        }),
    };
    let mut status = TokenStatus::default();
    apply_fresh(&mut status, &fresh, now_ms);
    let refresh_in = refresh_lead(lifetime);
    Schedule {
        lifetime,
        refresh_in,
        issued_at_ms: status.issued_at_ms,
        expires_at_ms: status.expires_at_ms,
        next_refresh_at_ms: to_wall_ms(Instant::now() + refresh_in, now_ms),
        retry: retry_delay(failures),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::refresh_schedule::MAX_LIFETIME;

    /// `expires_in: 18446744073709551615` in a CSP answer panicked on `Instant + Duration`; a
    /// JWT `exp` at either end of i64 overflowed. Every extreme now gives a usable lifetime.
    #[test]
    fn extreme_lifetimes_from_a_server_never_panic() {
        let now_s = wall_ms() / 1000;
        let cases = [
            (u64::MAX, None),
            (u64::MAX, Some(i64::MAX)),
            (u64::MAX, Some(i64::MIN)),
            (0, Some(i64::MAX)),
            (1800, Some(i64::MIN)),
            (0, None),
        ];
        for (expires_in, exp) in cases {
            let lifetime = token_lifetime(expires_in, exp, now_s);
            assert!(lifetime <= MAX_LIFETIME, "{expires_in} {exp:?}");
            let at = Instant::now() + lifetime;
            let _ = Instant::now() + refresh_lead(lifetime);
            let fresh = Fresh {
                bearer: Secret::new(String::from("t")),
                lifetime: Some(lifetime),
                claims: Some(Claims {
                    iat: exp,
                    exp,
                    ..Claims::default()
                }),
            };
            let mut status = TokenStatus::default();
            apply_fresh(&mut status, &fresh, wall_ms());
            assert!(to_wall_ms(at, wall_ms()) >= wall_ms() - 1000);
        }
        assert_eq!(token_lifetime(u64::MAX, None, now_s), MAX_LIFETIME);
        assert_eq!(token_lifetime(1800, None, now_s), Duration::from_secs(1800));
        assert_eq!(
            token_lifetime(1800, Some(now_s + 60), now_s),
            Duration::from_secs(60)
        );
        assert_eq!(token_lifetime(1800, Some(i64::MIN), now_s), Duration::ZERO);
    }
}
