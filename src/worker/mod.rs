//! The background worker: the only place that talks HTTP. It owns the session (and so the
//! tokens), runs [`Command`]s as tasks, refreshes tokens on schedule, and reports [`Event`]s.
//!
//! Every request carries the id the UI gave it; the UI drops results it no longer waits for, and
//! `Cancel` (or a new login) aborts what is in flight.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};

use crate::api::catalog::Row;
use crate::api::{ApiError, Kind, Page, PageRequest};
use crate::auth::{Account, AuthError, Session, TokenStatus};

pub type RequestId = u64;

/// What the UI asks of the worker.
#[derive(Debug)]
pub enum Command {
    /// Log in (replacing any current session and cancelling its requests).
    Login(Box<Account>),
    FetchPage {
        id: RequestId,
        kind: &'static Kind,
        page: PageRequest,
    },
    FetchDetail {
        id: RequestId,
        kind: &'static Kind,
        item_id: String,
    },
    Cancel(RequestId),
}

/// A page with its rows already extracted (off the UI thread).
#[derive(Debug)]
pub struct LoadedPage {
    pub rows: Vec<Row>,
    pub next: Option<PageRequest>,
    pub total_items: Option<u64>,
}

/// What the worker reports.
#[derive(Debug)]
pub enum Event {
    LoggedIn(Box<TokenStatus>),
    LoginFailed {
        account: String,
        error: AuthError,
    },
    /// The token changed (refreshed, or a refresh failed).
    Token(Box<TokenStatus>),
    Page {
        id: RequestId,
        request: PageRequest,
        result: Result<LoadedPage, ApiError>,
    },
    Detail {
        id: RequestId,
        result: Result<Value, ApiError>,
    },
}

/// Starts the worker on the current tokio runtime.
pub fn spawn(http: reqwest::Client) -> (UnboundedSender<Command>, UnboundedReceiver<Event>) {
    let (cmd_tx, cmd_rx) = unbounded_channel();
    let (event_tx, event_rx) = unbounded_channel();
    let worker = Worker {
        http,
        events: event_tx,
        session: None,
        login: None,
        refresh: None,
        inflight: HashMap::new(),
    };
    tokio::spawn(worker.run(cmd_rx));
    (cmd_tx, event_rx)
}

struct Worker {
    http: reqwest::Client,
    events: UnboundedSender<Event>,
    session: Option<Arc<Session>>,
    login: Option<(String, JoinHandle<Result<Session, AuthError>>)>,
    refresh: Option<JoinHandle<()>>,
    inflight: HashMap<RequestId, AbortHandle>,
}

impl Worker {
    async fn run(mut self, mut commands: UnboundedReceiver<Command>) {
        loop {
            let refresh_due = match (&self.session, &self.refresh) {
                (Some(s), None) => s.refresh_due().await,
                _ => None,
            };
            tokio::select! {
                cmd = commands.recv() => match cmd {
                    Some(cmd) => self.handle(cmd),
                    None => break,
                },
                done = async { self.login.as_mut().map(|(_, h)| h).expect("guarded").await },
                    if self.login.is_some() => {
                    let (account, _) = self.login.take().expect("guarded");
                    self.finish_login(account, done);
                }
                _ = async { self.refresh.as_mut().expect("guarded").await }, if self.refresh.is_some() => {
                    self.refresh = None;
                }
                _ = tokio::time::sleep_until(refresh_due.unwrap_or_else(tokio::time::Instant::now)),
                    if refresh_due.is_some() => {
                    self.start_refresh();
                }
            }
        }
        self.abort_all();
    }

    fn handle(&mut self, cmd: Command) {
        match cmd {
            Command::Login(account) => {
                self.abort_all();
                self.session = None;
                if let Some((_, h)) = self.login.take() {
                    h.abort();
                }
                let http = self.http.clone();
                let name = account.name.clone();
                tracing::info!(account = %name, method = ?account.credentials.method(), "logging in");
                self.login = Some((name, tokio::spawn(Session::login(http, *account))));
            }
            Command::FetchPage { id, kind, page } => {
                self.spawn_request(id, move |session| async move {
                    let result = fetch_page(&session, kind, &page).await;
                    Event::Page {
                        id,
                        request: page,
                        result,
                    }
                });
            }
            Command::FetchDetail { id, kind, item_id } => {
                self.spawn_request(id, move |session| async move {
                    let result = match kind.detail_path_for(&item_id) {
                        Some(path) => session.get(&path, &[]).await,
                        None => Err(ApiError::Decode {
                            method: "GET",
                            path: kind.list_path.into(),
                            message: format!("{} have no detail endpoint", kind.title),
                        }),
                    };
                    Event::Detail { id, result }
                });
            }
            Command::Cancel(id) => {
                if let Some(h) = self.inflight.remove(&id) {
                    h.abort();
                }
            }
        }
    }

    fn spawn_request<F, Fut>(&mut self, id: RequestId, job: F)
    where
        F: FnOnce(Arc<Session>) -> Fut,
        Fut: Future<Output = Event> + Send + 'static,
    {
        self.inflight.retain(|_, h| !h.is_finished());
        let Some(session) = self.session.clone() else {
            tracing::warn!(id, "request before login; dropped");
            return;
        };
        let events = self.events.clone();
        let fut = job(session);
        let handle = tokio::spawn(async move {
            let _ = events.send(fut.await);
        });
        self.inflight.insert(id, handle.abort_handle());
    }

    fn finish_login(
        &mut self,
        account: String,
        done: Result<Result<Session, AuthError>, tokio::task::JoinError>,
    ) {
        match done {
            Ok(Ok(session)) => {
                let status = session.status();
                tracing::info!(account = %account, "logged in");
                self.session = Some(Arc::new(session));
                let _ = self.events.send(Event::LoggedIn(Box::new(status)));
            }
            Ok(Err(error)) => {
                tracing::warn!(account = %account, %error, "login failed");
                let _ = self.events.send(Event::LoginFailed { account, error });
            }
            Err(e) if e.is_cancelled() => {}
            Err(e) => {
                let _ = self.events.send(Event::LoginFailed {
                    account,
                    error: AuthError::Protocol(format!("login task failed: {e}")),
                });
            }
        }
    }

    fn start_refresh(&mut self) {
        let Some(session) = self.session.clone() else {
            return;
        };
        let events = self.events.clone();
        self.refresh = Some(tokio::spawn(async move {
            // A failure is recorded in the status (and retried on the schedule it sets).
            let _ = session.refresh(None).await;
            let _ = events.send(Event::Token(Box::new(session.status())));
        }));
    }

    fn abort_all(&mut self) {
        for (_, h) in self.inflight.drain() {
            h.abort();
        }
        if let Some(h) = self.refresh.take() {
            h.abort();
        }
    }
}

async fn fetch_page(
    session: &Session,
    kind: &'static Kind,
    page: &PageRequest,
) -> Result<LoadedPage, ApiError> {
    let value = session
        .get(kind.list_path, &page.query(kind.paging))
        .await?;
    let parsed = Page::from_response(value).map_err(|e| ApiError::Decode {
        method: "GET",
        path: kind.list_path.into(),
        message: e.to_string(),
    })?;
    let next = parsed.next(kind.paging, page, kind.id_pointer);
    let total_items = parsed.total_items;
    let rows = parsed.items.iter().map(|item| kind.row(item)).collect();
    Ok(LoadedPage {
        rows,
        next,
        total_items,
    })
}
