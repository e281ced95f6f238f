//! The background worker: the only place that talks HTTP. It owns the session (and so the
//! tokens), runs [`Command`]s as tasks, refreshes tokens on schedule, and reports [`Event`]s.
//!
//! Every request carries the id the UI gave it; the UI drops results it no longer waits for, and
//! `Cancel` (or a new login) aborts what is in flight.

mod accounts;
pub mod fetch;
mod memory;
pub mod mutate;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};

use crate::api::catalog::Row;
use crate::api::{ApiError, Executor, Kind, PageRequest};
use crate::auth::store::{FileStore, Vault};
use crate::auth::{Account, Session, TokenStatus};
use crate::config::accounts::{AccountsFile, SavedAccount};
use crate::secret::Secret;
pub use accounts::AccountsLocation;
use accounts::{LoginDone, LoginFail};

pub type RequestId = u64;

/// What the UI asks of the worker.
#[derive(Debug)]
pub enum Command {
    /// Log in to an unsaved account (replacing any current session and cancelling its requests).
    Login(Box<Account>),
    /// Log in to a saved account, its secret read from the store.
    LoginSaved(Box<SavedAccount>),
    /// Test the credentials, and when they work, save the account and stay logged in to it.
    /// Without a secret, the stored one (of `replacing`, when renaming) is used.
    SaveAccount {
        saved: Box<SavedAccount>,
        secret: Option<Secret>,
        replacing: Option<String>,
        /// The person chose the 0600 secrets file (no keyring works here).
        secrets_file: bool,
    },
    RemoveAccount(String),
    SetDefault(String),
    /// Import the Ruby `wf` CLI's profiles from this file.
    ImportWf(PathBuf),
    /// Exchange the CSP token again now.
    RefreshToken,
    /// Put text on the clipboard (OSC 52). Carried out by the runtime, which owns the terminal.
    Copy(String),
    /// Run a jq filter on a document; the result comes back as `Event::Document`.
    Jq {
        id: RequestId,
        input: Arc<crate::json::Doc>,
        filter: String,
    },
    /// Write text to a file.
    Save {
        path: PathBuf,
        contents: String,
    },
    FetchPage {
        id: RequestId,
        kind: &'static Kind,
        page: PageRequest,
        /// Search the server for this text instead of listing.
        search: Option<String>,
    },
    FetchDetail {
        id: RequestId,
        kind: &'static Kind,
        item_id: String,
    },
    Cancel(RequestId),
    /// Send one mutation (refused in read-only mode); the answer updates the row of `item_id`
    /// of `kind`. Reported as `Event::Mutated`.
    Mutate {
        id: RequestId,
        kind: Option<&'static Kind>,
        item_id: Option<String>,
        request: crate::api::ApiRequest,
    },
    /// Send many mutations, a few at a time: `Event::BulkItem` for each, then `Event::BulkDone`.
    Bulk {
        id: RequestId,
        kind: Option<&'static Kind>,
        items: Vec<(String, crate::api::ApiRequest)>,
    },
    /// Read an item's JSON to build a mutation from it; answered by `Event::ItemRead`.
    ReadItem {
        id: RequestId,
        request: crate::api::ApiRequest,
    },
    /// Remember this for the account (written in the background, the latest one wins).
    SaveState {
        account: String,
        state: Box<crate::config::state_file::Remembered>,
    },
    /// Send a request from the history again; the answer comes back as `Event::Detail`.
    Replay {
        id: RequestId,
        request: Box<crate::api::ApiRequest>,
    },
    /// Finish writing what is pending, then answer (before the app exits).
    Flush(tokio::sync::oneshot::Sender<()>),
    /// Write an export to a file; `summary` is the message on success ("wrote 412 rows to …").
    Export {
        path: PathBuf,
        contents: String,
        summary: String,
    },
    /// Run a chart query (`GET /api/v2/chart/api`); the result comes back as `Event::Chart`.
    Chart {
        id: RequestId,
        query: crate::api::chart::ChartQuery,
    },
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
        message: String,
    },
    /// The test of a form's credentials failed: the form stays, with this message.
    FormFailed(String),
    /// Which secret store is in use, or why none works.
    Vault(Result<String, String>),
    AccountsChanged(Box<AccountsFile>),
    /// A one-line outcome to show (an import's summary, a failed file write).
    Notice {
        error: bool,
        text: String,
    },
    /// The token changed (refreshed, or a refresh failed).
    Token(Box<TokenStatus>),
    Page {
        id: RequestId,
        request: PageRequest,
        result: Result<LoadedPage, ApiError>,
    },
    /// An item's JSON, already indexed for the inspector (off the UI thread).
    Detail {
        id: RequestId,
        result: Result<Arc<crate::json::Doc>, ApiError>,
    },
    /// A request failed and will be tried again after `delay`.
    Retrying {
        id: RequestId,
        notice: crate::api::retry::RetryNotice,
    },
    /// The outcome of `Command::Mutate`.
    Mutated(Box<mutate::Outcome>),
    /// One item of a `Command::Bulk` is done.
    BulkItem(Box<mutate::Outcome>),
    /// Every item of a `Command::Bulk` is done.
    BulkDone {
        id: RequestId,
        ok: usize,
        failed: usize,
    },
    ItemRead {
        id: RequestId,
        result: Result<serde_json::Value, ApiError>,
    },
    /// What the account remembers (sent before its `LoggedIn`, when anything is saved).
    Memory {
        account: String,
        state: Box<crate::config::state_file::Remembered>,
    },
    /// The account's request history as saved, and where its requests go (at login).
    HistoryLoaded {
        base: Box<crate::api::InstanceAddress>,
        entries: Vec<crate::api::history::HistoryEntry>,
        enabled: bool,
    },
    /// A request was sent.
    History(Box<crate::api::history::HistoryEntry>),
    /// A document indexed off the UI thread (`wf-tui inspect`); on failure, why and the text.
    Document {
        id: RequestId,
        result: Result<Arc<crate::json::Doc>, (String, String)>,
    },
    /// A chart query's series, or why it failed, in words.
    Chart {
        id: RequestId,
        result: Result<crate::api::chart::ChartData, String>,
    },
}

/// Where the worker keeps secrets and accounts.
pub struct WorkerConfig {
    /// Connect and total timeouts of every request.
    pub timeouts: crate::api::client::Timeouts,
    /// How reads are retried (tests shorten the waits).
    pub retry: crate::api::retry::RetryPolicy,
    pub accounts: AccountsLocation,
    pub secrets: SecretsChoice,
    /// Where the opt-in secrets file goes, when the person chooses it.
    pub secrets_file: Option<PathBuf>,
    /// `--readonly` and the config's `read_only` (the account's own setting is added at login).
    pub read_only: crate::readonly::ReadOnly,
    /// Where remembered state and the request history go, and whether requests are recorded.
    pub memory: crate::config::state_file::MemoryConfig,
    /// The wf-tui binary, to run jq filters in child processes that cancel kills; `None` (a
    /// library without the binary) runs them in-process, where a filter cannot be stopped.
    pub jq_exe: Option<PathBuf>,
}

pub enum SecretsChoice {
    /// The OS keyring, opened in the background at start.
    OsKeyring,
    /// The opt-in 0600 file.
    File(PathBuf),
    /// A ready vault (tests, the demo).
    Vault(Vault),
}

impl WorkerConfig {
    /// No saving: for the demo and for throwaway sessions.
    pub fn ephemeral() -> Self {
        Self {
            timeouts: Default::default(),
            retry: Default::default(),
            accounts: AccountsLocation::Memory(Default::default()),
            secrets_file: None,
            read_only: Default::default(),
            memory: Default::default(),
            jq_exe: None,
            secrets: SecretsChoice::Vault(Vault::new(Arc::new(
                crate::auth::store::MemoryStore::default(),
            ))),
        }
    }
}

/// Starts the worker on the current tokio runtime. The HTTP client is built on first use
/// (loading the system's root certificates takes milliseconds `wf-tui inspect` need not pay).
pub fn spawn(config: WorkerConfig) -> (UnboundedSender<Command>, UnboundedReceiver<Event>) {
    let (cmd_tx, cmd_rx) = unbounded_channel();
    let (event_tx, event_rx) = unbounded_channel();
    let memory = memory::MemoryWorker::start(config.memory, event_tx.clone());
    let worker = Worker {
        timeouts: config.timeouts,
        http: None,
        events: event_tx,
        accounts: config.accounts,
        retry: config.retry,
        secrets_file: config.secrets_file,
        vault: None,
        session: None,
        api: None,
        status: None,
        login: None,
        refresh: None,
        inflight: HashMap::new(),
        read_only: config.read_only,
        memory,
        jq_exe: config.jq_exe,
        jq: None,
    };
    tokio::spawn(worker.run(cmd_rx, config.secrets));
    (cmd_tx, event_rx)
}

type LoginJob = JoinHandle<Result<LoginDone, LoginFail>>;

struct Worker {
    timeouts: crate::api::client::Timeouts,
    http: Option<reqwest::Client>,
    events: UnboundedSender<Event>,
    accounts: AccountsLocation,
    retry: crate::api::retry::RetryPolicy,
    secrets_file: Option<PathBuf>,
    /// Opened in the background; commands that need it wait for it.
    vault: Option<Vault>,
    session: Option<Arc<Session>>,
    /// Sends the current session's requests.
    api: Option<Arc<Executor>>,
    /// The current session's status, to report refreshes (scheduled or after a 401).
    status: Option<tokio::sync::watch::Receiver<TokenStatus>>,
    login: Option<LoginJob>,
    refresh: Option<JoinHandle<()>>,
    inflight: HashMap<RequestId, AbortHandle>,
    /// Refuses mutations here too, whatever the UI let through.
    read_only: crate::readonly::ReadOnly,
    memory: memory::MemoryWorker,
    jq_exe: Option<PathBuf>,
    /// The jq filter running, if any: a new one replaces it (one at a time, each may use a
    /// whole core).
    jq: Option<RequestId>,
}

impl Worker {
    async fn run(mut self, mut commands: UnboundedReceiver<Command>, secrets: SecretsChoice) {
        let vault = match secrets {
            SecretsChoice::OsKeyring => Vault::open_os().await,
            SecretsChoice::File(path) => Vault::new(Arc::new(FileStore::new(path))),
            SecretsChoice::Vault(v) => v,
        };
        let _ = self.events.send(Event::Vault(vault.describe()));
        self.vault = Some(vault);
        loop {
            let refresh_due = match (&self.session, &self.refresh) {
                (Some(s), None) => s.refresh_due(),
                _ => None,
            };
            tokio::select! {
                cmd = commands.recv() => match cmd {
                    Some(cmd) => self.handle(cmd),
                    None => break,
                },
                done = async { self.login.as_mut().expect("guarded").await },
                    if self.login.is_some() => {
                    self.login = None;
                    self.finish_login(done);
                }
                _ = async { self.refresh.as_mut().expect("guarded").await }, if self.refresh.is_some() => {
                    self.refresh = None;
                }
                changed = async { self.status.as_mut().expect("guarded").changed().await },
                    if self.status.is_some() => {
                    match changed {
                        Ok(()) => {
                            let status = self.status.as_mut().expect("guarded").borrow_and_update().clone();
                            let _ = self.events.send(Event::Token(Box::new(status)));
                        }
                        Err(_) => self.status = None,
                    }
                }
                _ = tokio::time::sleep_until(refresh_due.unwrap_or_else(tokio::time::Instant::now)),
                    if refresh_due.is_some() => {
                    self.start_refresh(true);
                }
            }
        }
        self.abort_all();
    }

    fn handle(&mut self, cmd: Command) {
        match cmd {
            Command::Login(account) => {
                self.read_only.account = false;
                tracing::info!(account = %account.name, method = ?account.credentials.method(), "logging in");
                let job = accounts::login(self.http(), self.retry, *account);
                self.start_login(tokio::spawn(job));
            }
            Command::LoginSaved(saved) => {
                self.read_only.account = saved.readonly;
                tracing::info!(account = %saved.name, method = ?saved.method, "logging in");
                let job = accounts::login_saved(self.http(), self.retry, self.vault(), *saved);
                self.start_login(tokio::spawn(job));
            }
            Command::SaveAccount {
                saved,
                secret,
                replacing,
                secrets_file,
            } => {
                if secrets_file {
                    self.use_secrets_file();
                }
                self.read_only.account = saved.readonly;
                tracing::info!(account = %saved.name, method = ?saved.method, "testing a new account");
                let job = accounts::save_and_login(
                    self.http(),
                    self.retry,
                    self.vault(),
                    self.accounts.clone(),
                    *saved,
                    secret,
                    replacing,
                );
                self.start_login(tokio::spawn(job));
            }
            Command::RemoveAccount(name) => {
                let (vault, location) = (self.vault(), self.accounts.clone());
                self.spawn_file_job(async move {
                    let file = accounts::remove(&vault, &location, name.clone()).await?;
                    Ok((file, format!("removed account {name}")))
                });
            }
            Command::SetDefault(name) => {
                let location = self.accounts.clone();
                self.spawn_file_job(async move {
                    let n = name.clone();
                    let file = location.update(move |f| f.default = Some(n)).await?;
                    Ok((file, format!("{name} is now the default account")))
                });
            }
            Command::ImportWf(wf_file) => {
                let (vault, location) = (self.vault(), self.accounts.clone());
                self.spawn_file_job(async move {
                    accounts::import_wf(&vault, &location, wf_file).await
                });
            }
            Command::Copy(_) => {}
            Command::Jq { id, input, filter } => {
                if let Some(h) = self.jq.take().and_then(|old| self.inflight.remove(&old)) {
                    h.abort();
                }
                self.inflight.retain(|_, h| !h.is_finished());
                let events = self.events.clone();
                let job = match self.jq_exe.clone() {
                    Some(exe) => tokio::spawn(async move {
                        let result =
                            crate::json::jq::run_in_child(&exe, &filter, &input.text).await;
                        let doc = match result {
                            Ok(text) => tokio::task::spawn_blocking(move || {
                                crate::json::Doc::parse(text.into_bytes())
                                    .map_err(|e| e.to_string())
                            })
                            .await
                            .unwrap_or_else(|e| Err(format!("indexing the result failed: {e}"))),
                            Err(e) => Err(e),
                        };
                        let _ = events.send(Event::Document {
                            id,
                            result: doc.map(Arc::new).map_err(|e| (e, String::new())),
                        });
                    }),
                    None => tokio::task::spawn_blocking(move || {
                        let result = crate::json::jq::run(&filter, &input.text).and_then(|text| {
                            crate::json::Doc::parse(text.into_bytes())
                                .map(Arc::new)
                                .map_err(|e| e.to_string())
                        });
                        let _ = events.send(Event::Document {
                            id,
                            result: result.map_err(|e| (e, String::new())),
                        });
                    }),
                };
                self.inflight.insert(id, job.abort_handle());
                self.jq = Some(id);
            }
            Command::Save { path, contents } => {
                let events = self.events.clone();
                let path = crate::config::expand_home(&path);
                tokio::spawn(async move {
                    let shown = path.display().to_string();
                    let bytes = contents.len();
                    let written = tokio::fs::write(&path, contents).await;
                    let event = match written {
                        Ok(()) => Event::Notice {
                            error: false,
                            text: format!("saved {bytes} bytes to {shown}"),
                        },
                        Err(e) => Event::Notice {
                            error: true,
                            text: format!("cannot write {shown}: {e}"),
                        },
                    };
                    let _ = events.send(event);
                });
            }
            Command::RefreshToken => {
                if self.refresh.is_none() {
                    self.start_refresh(false);
                }
            }
            Command::FetchPage {
                id,
                kind,
                page,
                search,
            } => {
                let events = self.events.clone();
                self.spawn_request(id, move |session| async move {
                    let on_retry = announce_retries(events, id);
                    let result =
                        fetch_page(&session, kind, &page, search.as_deref(), &on_retry).await;
                    Event::Page {
                        id,
                        request: page,
                        result,
                    }
                });
            }
            Command::FetchDetail { id, kind, item_id } => {
                let events = self.events.clone();
                self.spawn_request(id, move |session| async move {
                    let on_retry = announce_retries(events, id);
                    let result = match kind.detail_request(&item_id) {
                        Some(request) => session
                            .execute_answer(&request, &on_retry)
                            .await
                            .map(|answer| Arc::new(detail_doc(kind, answer))),
                        None => Err(ApiError::Decode {
                            method: "GET",
                            path: kind.list_path.into(),
                            message: format!("{} have no detail endpoint", kind.title),
                        }),
                    };
                    Event::Detail { id, result }
                });
            }
            Command::Export {
                path,
                contents,
                summary,
            } => {
                let events = self.events.clone();
                let path = crate::config::expand_home(&path);
                tokio::spawn(async move {
                    let written = tokio::fs::write(&path, contents).await;
                    let event = match written {
                        Ok(()) => Event::Notice {
                            error: false,
                            text: summary,
                        },
                        Err(e) => Event::Notice {
                            error: true,
                            text: format!("cannot write {}: {e}", path.display()),
                        },
                    };
                    let _ = events.send(event);
                });
            }
            Command::Chart { id, query } => {
                let events = self.events.clone();
                self.spawn_request(id, move |session| async move {
                    let on_retry = announce_retries(events, id);
                    let answer = session.execute(&query.request(), &on_retry).await;
                    Event::Chart {
                        id,
                        result: crate::api::chart::interpret(answer),
                    }
                });
            }
            Command::Cancel(id) => {
                if let Some(h) = self.inflight.remove(&id) {
                    h.abort();
                }
            }
            Command::Mutate {
                id,
                kind,
                item_id,
                request,
            } => {
                if let Some(message) = self.read_only.refusal(&request) {
                    tracing::warn!(%request, "refused: read-only");
                    let _ = self.events.send(Event::Mutated(Box::new(mutate::Outcome {
                        id,
                        kind,
                        item_id,
                        request,
                        result: Err(mutate::MutationError::ReadOnly(message)),
                    })));
                    return;
                }
                tracing::info!(%request, "mutation");
                self.spawn_request(id, move |session| async move {
                    let result =
                        mutate::run_one(&session, kind, item_id.as_deref(), &request).await;
                    Event::Mutated(Box::new(mutate::Outcome {
                        id,
                        kind,
                        item_id,
                        request,
                        result,
                    }))
                });
            }
            Command::Bulk { id, kind, items } => {
                let refused = items.iter().find_map(|(_, r)| self.read_only.refusal(r));
                if let Some(message) = refused {
                    tracing::warn!(count = items.len(), "bulk refused: read-only");
                    for (item_id, request) in items.iter().cloned() {
                        let _ = self.events.send(Event::BulkItem(Box::new(mutate::Outcome {
                            id,
                            kind,
                            item_id: Some(item_id),
                            request,
                            result: Err(mutate::MutationError::ReadOnly(message.clone())),
                        })));
                    }
                    let _ = self.events.send(Event::BulkDone {
                        id,
                        ok: 0,
                        failed: items.len(),
                    });
                    return;
                }
                tracing::info!(count = items.len(), "bulk mutation");
                let events = self.events.clone();
                self.spawn_request(id, move |session| async move {
                    let (mut ok, mut failed) = (0, 0);
                    mutate::run_bulk(&session, kind, items, |item_id, request, result| {
                        if result.is_ok() {
                            ok += 1;
                        } else {
                            failed += 1;
                        }
                        let _ = events.send(Event::BulkItem(Box::new(mutate::Outcome {
                            id,
                            kind,
                            item_id: Some(item_id),
                            request,
                            result,
                        })));
                    })
                    .await;
                    Event::BulkDone { id, ok, failed }
                });
            }
            Command::ReadItem { id, request } => {
                self.spawn_request(id, move |session| async move {
                    let result = mutate::read_item(&session, &request).await;
                    Event::ItemRead { id, result }
                });
            }
            Command::SaveState { account, state } => self.memory.save_state(&account, *state),
            Command::Flush(done) => self.memory.flush(done),
            Command::Replay { id, request } => {
                // A change sent again from the history is still a change.
                if let Some(message) = self.read_only.refusal(&request) {
                    tracing::warn!(%request, "replay refused: read-only");
                    let _ = self.events.send(Event::Detail {
                        id,
                        result: Err(ApiError::Decode {
                            method: request.method.as_str(),
                            path: request.path.clone(),
                            message,
                        }),
                    });
                    return;
                }
                let events = self.events.clone();
                self.spawn_request(id, move |session| async move {
                    let on_retry = announce_retries(events, id);
                    let result = session.execute(&request, &on_retry).await.map(|mut v| {
                        memory::mask_for_path(&mut v, &request.path);
                        Arc::new(crate::json::Doc::from_value(&v))
                    });
                    Event::Detail { id, result }
                });
            }
        }
    }

    fn spawn_request<F, Fut>(&mut self, id: RequestId, job: F)
    where
        F: FnOnce(Arc<Executor>) -> Fut,
        Fut: Future<Output = Event> + Send + 'static,
    {
        self.inflight.retain(|_, h| !h.is_finished());
        let Some(session) = self.api.clone() else {
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

    /// Switches to the opt-in secrets file and records the choice in the accounts file.
    fn use_secrets_file(&mut self) {
        let Some(path) = self.secrets_file.clone() else {
            return;
        };
        let vault = Vault::new(Arc::new(FileStore::new(path)));
        let _ = self.events.send(Event::Vault(vault.describe()));
        self.vault = Some(vault);
        let location = self.accounts.clone();
        self.spawn_file_job(async move {
            let file = location
                .update(|f| f.secrets = crate::config::accounts::SecretsMode::File)
                .await?;
            Ok((file, "secrets will be kept in the 0600 secrets file".into()))
        });
    }

    fn http(&mut self) -> reqwest::Client {
        self.http
            .get_or_insert_with(|| crate::api::client::http_client(self.timeouts))
            .clone()
    }

    fn vault(&self) -> Vault {
        self.vault
            .clone()
            .expect("the vault is opened before commands are read")
    }

    /// Replaces the session: what was in flight for the old one is cancelled.
    fn start_login(&mut self, job: LoginJob) {
        self.abort_all();
        self.session = None;
        self.api = None;
        self.status = None;
        if let Some(old) = self.login.replace(job) {
            old.abort();
        }
    }

    fn spawn_file_job(
        &self,
        job: impl Future<Output = Result<(AccountsFile, String), String>> + Send + 'static,
    ) {
        let events = self.events.clone();
        tokio::spawn(async move {
            match job.await {
                Ok((file, text)) => {
                    let _ = events.send(Event::AccountsChanged(Box::new(file)));
                    let _ = events.send(Event::Notice { error: false, text });
                }
                Err(text) => {
                    tracing::warn!(error = %text, "account change failed");
                    let _ = events.send(Event::Notice { error: true, text });
                }
            }
        });
    }

    fn finish_login(&mut self, done: Result<Result<LoginDone, LoginFail>, tokio::task::JoinError>) {
        match done {
            Ok(Ok(LoginDone {
                session,
                mut api,
                accounts,
            })) => {
                // Memory and history first, so the UI restores the view before it reloads.
                self.memory
                    .logged_in(session.account(), &mut api, &self.events);
                let mut watch = session.watch_status();
                let status = watch.borrow_and_update().clone();
                tracing::info!(account = %status.account, "logged in");
                self.status = Some(watch);
                self.session = Some(session);
                self.api = Some(Arc::new(api));
                if let Some(file) = accounts {
                    let _ = self.events.send(Event::AccountsChanged(Box::new(file)));
                }
                let _ = self.events.send(Event::LoggedIn(Box::new(status)));
            }
            Ok(Err(LoginFail {
                account,
                message,
                form,
            })) => {
                tracing::warn!(account = %account, error = %message, "login failed");
                let event = if form {
                    Event::FormFailed(message)
                } else {
                    Event::LoginFailed { account, message }
                };
                let _ = self.events.send(event);
            }
            Err(e) if e.is_cancelled() => {}
            Err(e) => {
                let _ = self.events.send(Event::LoginFailed {
                    account: String::new(),
                    message: format!("login task failed: {e}"),
                });
            }
        }
    }

    /// Refreshes in the background: `scheduled` when the schedule says so (skipped if a request
    /// refreshed meanwhile), otherwise because the person asked.
    fn start_refresh(&mut self, scheduled: bool) {
        let Some(session) = self.session.clone() else {
            return;
        };
        self.refresh = Some(tokio::spawn(async move {
            // The outcome reaches the UI through the status watch; a failure is retried on the
            // schedule it sets.
            let _ = match scheduled {
                true => session.refresh_scheduled().await,
                false => session.refresh(None).await,
            };
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

/// One page of a kind with its rows extracted (off the UI thread).
/// The inspector's document of a detail: the payload's bytes as the server sent them (every
/// number's text kept), secrets masked in the text.
fn detail_doc(kind: &'static Kind, answer: crate::api::client::Answer) -> crate::json::Doc {
    if let Some(doc) = answer.payload_bytes().and_then(|raw| {
        crate::json::Doc::parse(crate::api::catalog::mask_secrets_text(
            raw,
            kind.secret_keys,
        ))
        .ok()
    }) {
        return doc;
    }
    let mut value = answer.value;
    crate::api::catalog::mask_secrets(&mut value, kind.secret_keys);
    crate::json::Doc::from_value(&value)
}

async fn fetch_page(
    session: &Executor,
    kind: &'static Kind,
    page: &PageRequest,
    search: Option<&str>,
    on_retry: &(dyn Fn(&crate::api::retry::RetryNotice) + Sync),
) -> Result<LoadedPage, ApiError> {
    let (mut parsed, next) = fetch::raw_page_noting(session, kind, page, search, on_retry).await?;
    // Names put in place of ids change the items: their text as sent is then not theirs.
    let sent = parsed
        .raw_items
        .take()
        .filter(|_| kind.names_from.is_empty());
    fetch::name_ids(session, kind, &mut parsed.items).await;
    let rows = parsed
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            kind.row_from(
                item,
                sent.as_ref().and_then(|s| s.get(i)).map(Vec::as_slice),
            )
        })
        .collect();
    // The items are done with: taken apart without recursion, however deep.
    crate::json::value::drop_deep(serde_json::Value::Array(std::mem::take(&mut parsed.items)));
    Ok(LoadedPage {
        rows,
        next,
        total_items: parsed.total_items,
    })
}

/// What a request task tells the UI before each retry: the view waiting for `id` shows it.
fn announce_retries(
    events: UnboundedSender<Event>,
    id: RequestId,
) -> impl Fn(&crate::api::retry::RetryNotice) + Send + Sync {
    move |notice| {
        let _ = events.send(Event::Retrying {
            id,
            notice: notice.clone(),
        });
    }
}
