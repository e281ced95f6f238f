//! Runs API requests for a logged-in account: a bearer from a [`TokenSource`], one re-exchange
//! after a 401, retries with backoff under one deadline, and the request history. `auth`
//! implements the token source; this module knows nothing of how tokens are had.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::client::{Answer, ApiClient};
use super::error::{ApiError, TransportKind};
use super::history::HistoryEntry;
use super::request::ApiRequest;
use super::retry::{RetryNotice, RetryPolicy};
use crate::secret::Secret;

/// What a token source answers: boxed, so the executor can hold any source behind `dyn`.
pub type TokenFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + Send + 'a>>;

/// Where the executor gets its bearer tokens.
pub trait TokenSource: Send + Sync {
    /// A bearer not known to be expired, with its generation (bumped on every new token).
    fn bearer(&self) -> TokenFuture<'_, (Secret, u64)>;
    /// Whether a 401 is worth a re-exchange (tokens that are had without asking the person).
    fn can_renew(&self) -> bool;
    /// The server refused the bearer of `generation` with a 401: exchange again, unless that
    /// token was already replaced.
    fn renew(&self, generation: u64) -> TokenFuture<'_, ()>;
}

/// Receives each request's history entry; called on the task that sent it.
pub type Recorder = Arc<dyn Fn(HistoryEntry) + Send + Sync>;

/// Sends requests to one instance with the tokens of one source. A clone shares the client,
/// the tokens and the recorder (pages fetched ahead run on tasks of their own).
#[derive(Clone)]
pub struct Executor {
    api: ApiClient,
    tokens: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    /// How long one call may take with all its retries (the person's `--timeout`).
    budget: Duration,
    /// Told of every request sent to the instance (the request history), when set.
    recorder: Option<Recorder>,
    /// Whether the history keeps request bodies (opt-in).
    record_bodies: bool,
}

impl Executor {
    pub fn new(api: ApiClient, tokens: Arc<dyn TokenSource>, retry: RetryPolicy) -> Self {
        Self {
            api,
            tokens,
            retry,
            budget: super::client::request_budget(),
            recorder: None,
            record_bodies: false,
        }
    }

    /// Records every request from now on.
    pub fn set_recorder(&mut self, recorder: Recorder, keep_bodies: bool) {
        self.recorder = Some(recorder);
        self.record_bodies = keep_bodies;
    }

    /// A current bearer from the source (for comparing with what the instance lists).
    pub async fn bearer(&self) -> Result<Secret, ApiError> {
        Ok(self.tokens.bearer().await?.0)
    }

    /// `GET`, retried as every read is.
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

    /// [`Executor::execute`], keeping the payload's bytes as they came (exact numbers).
    pub async fn execute_answer(
        &self,
        request: &ApiRequest,
        on_retry: &(dyn Fn(&RetryNotice) + Sync),
    ) -> Result<Answer, ApiError> {
        self.execute_retrying(request, on_retry, |_| true).await
    }

    /// The one retry loop: the policy's delays under one deadline, for the errors `worth`
    /// another try among those the policy retries.
    pub async fn execute_retrying(
        &self,
        request: &ApiRequest,
        on_retry: &(dyn Fn(&RetryNotice) + Sync),
        worth: fn(&ApiError) -> bool,
    ) -> Result<Answer, ApiError> {
        let mut attempt = 0;
        // One deadline for the call and all its retries, so a command ends within the timeout.
        let started = Instant::now();
        let deadline = started + self.budget;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let result = match tokio::time::timeout(left, self.send(request)).await {
                Ok(result) => result,
                Err(_) => Err(self.timed_out(request, started)),
            };
            let Err(error) = &result else { return result };
            if !request.idempotent || !worth(error) {
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

    fn timed_out(&self, request: &ApiRequest, started: Instant) -> ApiError {
        ApiError::Transport {
            method: request.method.as_str(),
            path: request.path.clone(),
            message: format!(
                "timed out after {} s waiting for {}",
                started.elapsed().as_secs_f64().round(),
                self.api.base().host_port()
            ),
            kind: TransportKind::Timeout,
        }
    }

    /// One attempt with a current token, and one re-exchange and resend after a 401.
    async fn send(&self, request: &ApiRequest) -> Result<Answer, ApiError> {
        let (bearer, generation) = self.tokens.bearer().await?;
        match self.send_recorded(request, &bearer).await {
            Err(e) if e.status() == Some(401) && self.tokens.can_renew() => {
                tracing::info!(path = %request.path, "401: exchanging the token again and retrying once");
                self.tokens.renew(generation).await?;
                let (bearer, _) = self.tokens.bearer().await?;
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
        let at_ms = super::history::wall_ms();
        let started = Instant::now();
        let (result, exchange) = self.api.send_answer(request, bearer).await;
        recorder(HistoryEntry {
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
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::demo::{DemoOptions, DemoServer};

    /// A token source that is not `auth`: a wrong token first, the right one once renewed.
    pub(crate) struct Tokens {
        current: Mutex<(Secret, u64)>,
        right: Secret,
        renewable: bool,
        renewals: AtomicU32,
    }

    impl TokenSource for Tokens {
        fn bearer(&self) -> TokenFuture<'_, (Secret, u64)> {
            let current = self.current.lock().unwrap().clone();
            Box::pin(async move { Ok(current) })
        }
        fn can_renew(&self) -> bool {
            self.renewable
        }
        fn renew(&self, generation: u64) -> TokenFuture<'_, ()> {
            self.renewals.fetch_add(1, Ordering::SeqCst);
            *self.current.lock().unwrap() = (self.right.clone(), generation + 1);
            Box::pin(async { Ok(()) })
        }
    }

    /// An executor for `server` (the wrong token first, renewed to the right one when
    /// `renewable`), for tests of what runs on one.
    pub(crate) async fn executor(server: &DemoServer, renewable: bool) -> (Executor, Arc<Tokens>) {
        let tokens = Arc::new(Tokens {
            current: Mutex::new((Secret::new("wrong"), 1)),
            right: server.credentials().api_token.clone(),
            renewable,
            renewals: AtomicU32::new(0),
        });
        let http = crate::api::client::http_client(Default::default());
        let api = ApiClient::new(http, server.address.clone());
        let executor = Executor::new(api, tokens.clone(), RetryPolicy::default());
        (executor, tokens)
    }

    #[tokio::test]
    async fn a_401_renews_once_and_sends_again() {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        let (executor, tokens) = executor(&server, true).await;
        let answer = executor.get("/api/v2/alert", &[]).await;
        assert!(answer.is_ok(), "{answer:?}");
        assert_eq!(tokens.renewals.load(Ordering::SeqCst), 1);
        let statuses: Vec<u16> = server.state().requests().iter().map(|r| r.status).collect();
        assert_eq!(statuses, [401, 200]);
    }

    #[tokio::test]
    async fn a_source_that_cannot_renew_gets_the_401() {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        let (executor, tokens) = executor(&server, false).await;
        let error = executor.get("/api/v2/alert", &[]).await.unwrap_err();
        assert_eq!(error.status(), Some(401), "{error}");
        assert_eq!(tokens.renewals.load(Ordering::SeqCst), 0);
        assert_eq!(server.state().requests().len(), 1, "not retried");
    }
}
