//! The background worker: the only place that talks HTTP. It owns the session (and so the
//! tokens), runs [`Command`]s as tasks, refreshes tokens on schedule, and reports [`Event`]s.
//!
//! Every request carries the id the UI gave it; the UI drops results it no longer waits for, and
//! `Cancel` (or a new login) aborts what is in flight.

mod accounts;
pub mod ahead;
mod alerting;
mod chart;
pub mod dashboard;
pub mod edit;
mod error;
pub mod fetch;
mod fetch_ahead;
mod files;
mod fleet;
mod jq;
mod login;
mod memory;
pub mod mutate;
pub mod promote;
mod summary;
pub mod sync;
mod versions;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};

use crate::api::catalog::Row;
use crate::api::{ApiError, Executor, Kind, PageRequest};
use crate::auth::store::{FileStore, StoreError, Vault};
use crate::auth::{Account, Session, TokenStatus};
use crate::config::accounts::{AccountsFile, SavedAccount};
use crate::secret::Secret;
pub use accounts::{AccountsError, AccountsLocation, Imported, LoginError};
use accounts::{LoginDone, LoginFail};
pub use error::{CopyError, Failure};
pub use files::FileError;
pub use fleet::{FleetError, FleetRead, account_row};
pub use jq::DocumentError;

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
    ImportWf {
        path: PathBuf,
        /// The person chose the 0600 secrets file for the tokens (no keyring works here).
        secrets_file: bool,
    },
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
    /// One of the alert viewer's calls (firings, a firing's series, related events); answered
    /// by `Event::Alerting`.
    Alerting {
        id: RequestId,
        call: crate::api::alert_firings::Call,
    },
    /// Read the alerts' counts by state (`GET /api/v2/alert/summary`): `Event::AlertSummary`.
    AlertSummary {
        id: RequestId,
    },
    /// Ring the terminal's bell (a new SEVERE alert). Carried out by the runtime, which owns
    /// the terminal, as `Copy` is.
    Bell,
    /// Open the editor on a text. Carried out by the runtime, which owns the terminal; the
    /// text comes back as `Msg::Edited`.
    Edit(Box<crate::editor::EditorJob>),
    /// Read items afresh to edit them: `Event::EditRead`.
    EditRead {
        id: RequestId,
        kind: &'static Kind,
        ids: Vec<String>,
    },
    /// Check an alert's condition (`POST /api/v2/alert/checkQuery`): `Event::QueryChecked`.
    CheckQuery {
        id: RequestId,
        request: crate::api::ApiRequest,
    },
    /// Write edits one by one, each item read again just before its write and left alone if it
    /// changed meanwhile: `Event::EditWritten` for each, then `Event::EditsDone`.
    WriteEdits {
        id: RequestId,
        kind: &'static Kind,
        writes: Vec<edit::EditWrite>,
    },
    /// Remove an edit's file: its text was used (written, or nothing to write).
    DiscardEdit(PathBuf),
    /// The merged console's look at one account (`:firing @all`): its counts and firing
    /// alerts, through the current session when `saved` is `None`, else through the saved
    /// account's own (logged in on demand from its stored secret). Answered by `Event::Fleet`.
    FleetRead {
        id: RequestId,
        account: String,
        saved: Option<Box<SavedAccount>>,
    },
    /// The merged console closed: the other accounts' sessions close.
    FleetClose,
    /// A read of an item's version history (a page, a version, the item now); answered by
    /// `Event::Versions`.
    Versions {
        id: RequestId,
        call: crate::api::versions::Call,
    },
    /// The dashboard player's panel queries, run at most `limit` at a time: an
    /// `Event::DashboardAnswer` each as it arrives. The same generation adds to what runs; a new
    /// one drops what is queued and aborts what is in flight.
    DashboardQueries {
        generation: u64,
        limit: usize,
        queries: Vec<dashboard::PanelQuery>,
    },
    /// Drop every queued panel query and abort those in flight (leaving the player).
    DashboardCancel,
    /// A DYNAMIC variable's values: its `queryValue` (filled in) through `chart/api`, the
    /// values of its field collected. Answered by `Event::DashboardVariable`.
    DashboardVariable {
        id: RequestId,
        name: String,
        dynamic: crate::api::dashboard::Dynamic,
        query: crate::api::chart::ChartQuery,
    },
    /// Mark (`true`) or unmark a dashboard as a favourite; refused in read-only mode.
    /// Answered by `Event::DashboardFavorited`.
    DashboardFavorite {
        id: RequestId,
        dashboard: String,
        favorite: bool,
    },
    /// A look at the metric namespace for completion or `:metrics` (names under a prefix, a
    /// metric's sources and tags): answered by `Event::Metrics`.
    Metrics {
        id: RequestId,
        ask: crate::api::metrics::Ask,
    },
    /// `:diff @account`: compare the list's kind with the saved account's copies (through
    /// its own session, as the merged console's); answered by `Event::SyncCompared`.
    SyncCompare {
        id: RequestId,
        kind: &'static Kind,
        saved: Box<SavedAccount>,
    },
    /// `P`: the plan that copies the items `ids` of `kind` to the saved account; answered by
    /// `Event::PromotePlanned`, kept in the worker for `PromoteApply`.
    PromotePlan {
        id: RequestId,
        kind: &'static Kind,
        ids: Vec<String>,
        saved: Box<SavedAccount>,
    },
    /// The writes of the plan `PromotePlan { id: plan }` made; answered by `Event::Promoted`.
    PromoteApply {
        id: RequestId,
        plan: RequestId,
    },
    /// [`Command::FetchPage`] for a table loading everything (`G`): the pages after this one
    /// are fetched ahead (see [`ahead`]), each still answered by one `Event::Page` when asked.
    FetchPageAhead {
        id: RequestId,
        kind: &'static Kind,
        page: PageRequest,
        search: Option<String>,
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
        error: LoginError,
        /// The account whose session stays (a switch that failed), if any.
        still_on: Option<String>,
    },
    /// The test of a form's credentials failed: the form stays, with this error.
    FormFailed(LoginError),
    /// Which secret store is in use, or why none works.
    Vault(Result<String, StoreError>),
    AccountsChanged(Box<AccountsFile>),
    /// `~/.wavefront` was imported: the accounts now, the summary, the names imported.
    Imported(Box<Imported>),
    /// A one-line outcome to show (an import's summary, a file written).
    Notice(String),
    /// A job failed with nothing but the message line waiting for it (a file write, a change
    /// to the accounts, the clipboard).
    Failed(Failure),
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
    /// A document indexed off the UI thread (a jq result, `wf-tui inspect`), or why not.
    Document {
        id: RequestId,
        result: Result<Arc<crate::json::Doc>, DocumentError>,
    },
    /// A chart query's series, or why it failed.
    Chart {
        id: RequestId,
        result: Result<crate::api::chart::ChartData, crate::api::chart::ChartError>,
    },
    /// The answer to `Command::Alerting`, read.
    Alerting {
        id: RequestId,
        result: Result<crate::api::alert_firings::Answer, ApiError>,
    },
    /// The alerts' counts by state, or why they could not be read.
    AlertSummary {
        id: RequestId,
        result: Result<crate::api::alerting::Summary, ApiError>,
    },
    /// The items to edit, read afresh, in the order asked (each, or why not).
    EditRead {
        id: RequestId,
        items: Vec<(String, Result<serde_json::Value, ApiError>)>,
    },
    /// What the check said of a condition.
    QueryChecked {
        id: RequestId,
        result: Result<serde_json::Value, ApiError>,
    },
    /// One write of `Command::WriteEdits` is done (by its index there).
    EditWritten {
        id: RequestId,
        index: usize,
        outcome: Box<edit::WriteOutcome>,
    },
    /// Every write of `Command::WriteEdits` is done.
    EditsDone {
        id: RequestId,
    },
    /// One account's look for the merged console, or why it could not be had (its login).
    Fleet {
        id: RequestId,
        account: String,
        result: Result<FleetRead, FleetError>,
    },
    /// The answer to `Command::Versions`, read.
    Versions {
        id: RequestId,
        result: Result<crate::api::versions::Answer, ApiError>,
    },
    /// One panel query's series, or why it failed.
    DashboardAnswer {
        key: dashboard::PanelKey,
        result: Result<crate::api::chart::ChartData, crate::api::chart::ChartError>,
    },
    /// The instance throttles (429/406): the pool sends nothing more until `until_ms`.
    DashboardThrottled(dashboard::Throttle),
    /// The pool sends again after a throttle.
    DashboardResumed {
        generation: u64,
    },
    /// A DYNAMIC variable's values (sorted, distinct), or why none.
    DashboardVariable {
        id: RequestId,
        name: String,
        result: Result<Vec<String>, dashboard::VariableError>,
    },
    /// The outcome of `Command::DashboardFavorite`.
    DashboardFavorited {
        id: RequestId,
        dashboard: String,
        favorite: bool,
        result: Result<(), mutate::MutationError>,
    },
    /// The answer to `Command::Metrics`, with what was asked.
    Metrics {
        id: RequestId,
        ask: crate::api::metrics::Ask,
        result: Result<crate::api::metrics::Answer, ApiError>,
    },
    /// The answer to `Command::SyncCompare`: the list's items against the other account's,
    /// or why they could not be compared (a login, a read).
    SyncCompared {
        id: RequestId,
        result: Result<sync::Compared, String>,
    },
    /// The answer to `Command::PromotePlan`.
    PromotePlanned {
        id: RequestId,
        result: Result<promote::PromotePlan, String>,
    },
    /// The answer to `Command::PromoteApply`: each write's outcome, as a line (`true`: made).
    Promoted {
        id: RequestId,
        lines: Vec<(bool, String)>,
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
        writes: Vec::new(),
        fleet: Default::default(),
        dashboard: None,
        promotions: Default::default(),
        ahead: None,
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
    /// Files being written (`:w`, `:export`): a flush waits for them.
    writes: Vec<JoinHandle<()>>,
    /// The other accounts' sessions of the merged console (and of `:diff`, promote).
    fleet: fleet::FleetSessions,
    /// The dashboard player's query pool, while one plays.
    dashboard: Option<dashboard::Pool>,
    /// Promote plans under review.
    promotions: promote::Promotions,
    /// The pages of the listing loading everything, fetched ahead.
    ahead: Option<fetch_ahead::AheadListing>,
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

    /// One command: each has its method, next to its domain (`login`, `fetch`, `mutate`,
    /// `files`, `jq`).
    fn handle(&mut self, cmd: Command) {
        self.fleet.sweep();
        match cmd {
            Command::Login(account) => self.login(*account),
            Command::LoginSaved(saved) => self.login_saved(*saved),
            Command::SaveAccount {
                saved,
                secret,
                replacing,
                secrets_file,
            } => self.save_account(*saved, secret, replacing, secrets_file),
            Command::RemoveAccount(name) => self.remove_account(name),
            Command::SetDefault(name) => self.set_default(name),
            Command::ImportWf { path, secrets_file } => self.import_wf(path, secrets_file),
            Command::Copy(_) => {}
            Command::Jq { id, input, filter } => self.run_jq(id, input, filter),
            Command::Save { path, contents } => self.save(path, contents),
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
            } => self.fetch_page(id, kind, page, search),
            Command::FetchPageAhead {
                id,
                kind,
                page,
                search,
            } => self.fetch_page_ahead(id, kind, page, search),
            Command::FetchDetail { id, kind, item_id } => self.fetch_detail(id, kind, item_id),
            Command::Export {
                path,
                contents,
                summary,
            } => self.export(path, contents, summary),
            Command::Chart { id, query } => self.chart(id, query),
            Command::Alerting { id, call } => self.alerting(id, call),
            Command::Versions { id, call } => self.versions(id, call),
            Command::Metrics { id, ask } => self.metrics(id, ask),
            Command::Cancel(id) => {
                if let Some(h) = self.inflight.remove(&id) {
                    h.abort();
                }
                // Loading everything stopped: the pages fetched ahead go too.
                if self.ahead.as_ref().is_some_and(|a| a.waits_for(id)) {
                    self.ahead = None;
                }
            }
            Command::Mutate {
                id,
                kind,
                item_id,
                request,
            } => self.mutate(id, kind, item_id, request),
            Command::Bulk { id, kind, items } => self.bulk(id, kind, items),
            Command::ReadItem { id, request } => self.read_item(id, request),
            Command::SaveState { account, state } => self.memory.save_state(&account, *state),
            Command::Flush(done) => self.flush(done),
            Command::Replay { id, request } => self.replay(id, *request),
            Command::AlertSummary { id } => self.alert_summary(id),
            Command::Bell => {}
            // The runtime runs the editor; nothing reaches here but in tests.
            Command::Edit(_) => {}
            Command::EditRead { id, kind, ids } => self.edit_read(id, kind, ids),
            Command::CheckQuery { id, request } => self.check_query(id, request),
            Command::WriteEdits { id, kind, writes } => self.write_edits(id, kind, writes),
            Command::DiscardEdit(path) => edit::discard(&path),
            Command::FleetRead { id, account, saved } => {
                self.fleet_read(id, account, saved.map(|s| *s));
            }
            Command::FleetClose => {
                tracing::info!(sessions = self.fleet.len(), "merged console closed");
                self.fleet.close();
            }
            Command::DashboardQueries {
                generation,
                limit,
                queries,
            } => self.dashboard_queries(generation, limit, queries),
            Command::DashboardCancel => self.dashboard = None,
            Command::DashboardVariable {
                id,
                name,
                dynamic,
                query,
            } => self.dashboard_variable(id, name, dynamic, query),
            Command::DashboardFavorite {
                id,
                dashboard,
                favorite,
            } => self.dashboard_favorite(id, dashboard, favorite),
            Command::SyncCompare { id, kind, saved } => self.sync_compare(id, kind, *saved),
            Command::PromotePlan {
                id,
                kind,
                ids,
                saved,
            } => self.promote_plan(id, kind, ids, *saved),
            Command::PromoteApply { id, plan } => self.promote_apply(id, plan),
        }
    }

    fn spawn_request<F, Fut>(&mut self, id: RequestId, job: F)
    where
        F: FnOnce(Arc<Executor>) -> Fut,
        Fut: Future<Output = Event> + Send + 'static,
    {
        self.inflight.retain(|_, h| !h.is_finished());
        let Some(api) = self.api.clone() else {
            tracing::warn!(id, "request before login; dropped");
            return;
        };
        let events = self.events.clone();
        let fut = job(api);
        let handle = tokio::spawn(async move {
            let _ = events.send(fut.await);
        });
        self.inflight.insert(id, handle.abort_handle());
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

    fn abort_all(&mut self) {
        for (_, h) in self.inflight.drain() {
            h.abort();
        }
        if let Some(h) = self.refresh.take() {
            h.abort();
        }
        self.dashboard = None;
        self.ahead = None;
    }
}
