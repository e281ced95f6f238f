//! The whole state of the UI: plain data that `draw` reads.

use std::path::PathBuf;

use crate::api::Kind;
use crate::api::catalog::CLOUD_INTEGRATIONS;
use crate::auth::TokenStatus;
use crate::config::accounts::AccountsFile;
use crate::format::countdown_changes_in;
use crate::worker::RequestId;

use super::drawn::Drawn;
use super::keymap::{Keymap, Scope};
use super::prompt::CommandLine;
use super::views::login::MethodPicker;
use super::views::table::TableView;

pub use super::views::View;
pub use super::views::accounts::AccountsView;

#[derive(Debug, Clone, PartialEq)]
pub enum LoginState {
    /// No account yet (first start): the login pane is open.
    LoggedOut,
    /// Logging in to this account.
    Pending {
        account: String,
    },
    LoggedIn(Box<TokenStatus>),
    /// No instance at all: `wf-tui inspect` on a file. The label goes in the header.
    Standalone(String),
    Failed {
        account: String,
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashLevel {
    Info,
    Error,
}

/// A one-line message in the footer, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub level: FlashLevel,
    pub text: String,
}

/// Profiles of the Ruby `wf` CLI that could be imported (names only: no secrets in the UI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WfImport {
    pub path: PathBuf,
    pub names: Vec<String>,
}

#[derive(Debug)]
pub struct State {
    /// Wall-clock time of the message being handled (set by the runtime, fixed in tests).
    pub now_ms: i64,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub login: LoginState,
    /// The account being logged in to while the current session stays (an account switch).
    pub switching: Option<String>,
    /// Saved accounts (no secrets), as the worker last read or wrote them.
    pub accounts: AccountsFile,
    /// The secret store in use, or why none works; `None` until the worker says.
    pub vault: Option<Result<String, crate::auth::store::StoreError>>,
    pub wf_import: Option<WfImport>,
    /// Views, the current one last. Never empty; the first is always a table.
    pub stack: Vec<View>,
    /// The help overlay's scroll, when it is open.
    pub help: Option<usize>,
    /// The `:` command line, when it is open.
    pub prompt: Option<CommandLine>,
    pub flash: Option<Flash>,
    pub keymap: Keymap,
    /// How often lists refresh by themselves; `None` never.
    pub refresh_every_ms: Option<i64>,
    pub refresh_paused: bool,
    /// jq filters applied in this session, oldest first.
    pub jq_history: Vec<String>,
    /// Sorts, widths and the filter history of the account (see `memory`).
    pub memory: super::memory::Memory,
    /// The requests sent, as the worker reported them.
    pub history: super::views::history::RequestLog,
    pub quit: bool,
    /// The actions overlay (menu, input, form, progress), when open.
    pub flow: Option<super::overlays::actions::Flow>,
    /// A change waiting for its yes (see [`super::overlays::confirm`]), over everything else.
    pub confirm: Option<super::overlays::confirm::Confirm>,
    /// Rows marked for a bulk action.
    pub marks: super::overlays::actions::Marks,
    /// Whether changes are refused, and why (see [`crate::readonly`]).
    pub read_only: crate::readonly::ReadOnly,
    next_id: RequestId,
    /// The colours and styles drawing uses (from the settings file; `NO_COLOR` applied).
    pub theme: crate::theme::Theme,
    /// Mouse capture: the wheel scrolls and a click selects (the runtime follows this).
    pub mouse: bool,
    /// Keys of a sequence typed so far (`g` of `g g`), shown in the footer.
    pub pending_keys: Vec<super::keymap::KeyChord>,
    /// Documents with more values than this open folded below the first level.
    pub large_document_values: usize,
    /// What the last frame drew (see [`State::layout`]).
    pub drawn: Option<Drawn>,
    /// The zone times are shown in (settings; `Z` toggles UTC).
    pub times: crate::format::Times,
    /// The firing console's schedule and the header badge's counts (see `views::firing`).
    pub firing: super::views::firing::Watch,
    /// A dashboard to play once logged in (`wf-tui --tv ID`), with its TV interval (ms).
    pub startup_play: Option<(String, Option<i64>)>,
    /// `[dashboard] concurrency`: the player's queries in flight at once.
    pub dashboard_concurrency: usize,
    /// The `:query` line's completion popup and hint (see [`super::query_editor`]).
    pub query_editor: super::query_editor::QueryEditor,
    /// What completion knows of the account (metric names, sources, tags; the probe).
    pub query_cache: super::query_editor::cache::QueryCache,
    /// The query aliases of `~/.wavefront`, every profile's.
    pub saved_queries: Vec<crate::config::wavefront_cli::SavedQuery>,
}

/// Lists refresh by themselves this often unless paused.
pub const DEFAULT_REFRESH_MS: i64 = 30_000;
/// Above this many loaded rows a list does not refresh by itself (it would fetch them all).
pub const AUTO_REFRESH_MAX_ROWS: usize = 5_000;

impl State {
    pub fn new(account: &str, size: (u16, u16), now_ms: i64) -> Self {
        Self::with_kind(&CLOUD_INTEGRATIONS, account, size, now_ms)
    }

    pub fn with_kind(kind: &'static Kind, account: &str, size: (u16, u16), now_ms: i64) -> Self {
        Self {
            now_ms,
            size,
            login: LoginState::Pending {
                account: account.to_string(),
            },
            switching: None,
            accounts: AccountsFile::default(),
            vault: None,
            wf_import: None,
            stack: vec![View::Table(Box::new(TableView::new(kind)))],
            help: None,
            prompt: None,
            flash: None,
            keymap: Keymap::default(),
            refresh_every_ms: Some(DEFAULT_REFRESH_MS),
            refresh_paused: false,
            jq_history: Vec::new(),
            memory: Default::default(),
            history: super::views::history::RequestLog {
                enabled: true,
                ..Default::default()
            },
            quit: false,
            flow: None,
            confirm: None,
            marks: Default::default(),
            read_only: Default::default(),
            next_id: 1,
            theme: crate::theme::Theme::default(),
            mouse: false,
            pending_keys: Vec::new(),
            large_document_values: crate::config::settings::DEFAULT_LARGE_DOCUMENT_VALUES,
            drawn: None,
            times: Default::default(),
            firing: Default::default(),
            startup_play: None,
            dashboard_concurrency: crate::config::settings::DEFAULT_DASHBOARD_CONCURRENCY,
            query_editor: Default::default(),
            query_cache: Default::default(),
            saved_queries: Vec::new(),
        }
    }

    /// First start: nobody is logged in and the login pane is open.
    /// `wf-tui inspect`: only the inspector, on a document that may still be loading.
    pub fn standalone(
        label: &str,
        view: super::views::inspector::Inspector,
        size: (u16, u16),
        now_ms: i64,
    ) -> Self {
        let mut state = Self::new("", size, now_ms);
        state.login = LoginState::Standalone(label.to_string());
        state.stack = vec![View::Detail(Box::new(view))];
        state.refresh_every_ms = None;
        state
    }

    pub fn logged_out(size: (u16, u16), now_ms: i64) -> Self {
        let mut state = Self::new("", size, now_ms);
        state.login = LoginState::LoggedOut;
        state.stack.push(View::Methods(MethodPicker::default()));
        state
    }

    pub fn next_request_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn view(&self) -> &View {
        self.stack.last().expect("the view stack is never empty")
    }

    pub fn view_mut(&mut self) -> &mut View {
        self.stack
            .last_mut()
            .expect("the view stack is never empty")
    }

    pub fn scope(&self) -> Scope {
        if self.help.is_some() {
            Scope::Help
        } else {
            self.scope_under_help()
        }
    }

    /// The scope keys go to when the help overlay is closed: what `?` describes (a confirmation's
    /// keys while one is open, not the list's behind it).
    pub fn scope_under_help(&self) -> Scope {
        if self.confirm.is_some() {
            Scope::Confirm
        } else if let Some(flow) = &self.flow {
            super::overlays::actions::scope(flow)
        } else {
            self.view().scope()
        }
    }

    /// The current view's geometry as last drawn; before its first frame (or after the
    /// terminal changed size), as drawing it in a terminal of this size gives.
    pub fn layout(&self) -> Drawn {
        self.layout_at(self.stack.len() - 1)
    }

    /// The geometry of the view at `depth` in the stack (drawn only if it is on top).
    pub fn layout_at(&self, depth: usize) -> Drawn {
        match (&self.drawn, self.stack.get(depth)) {
            (Some(d), Some(view)) if d.is_of(view, depth, self.size) => d.clone(),
            _ => super::drawn::draw_offscreen(self, depth),
        }
    }

    /// The current view's lines as the screen shows them now, for a click: the last frame, or
    /// (when none was drawn since) the frame the state would draw.
    pub fn layout_on_screen(&self) -> Drawn {
        match &self.drawn {
            Some(d) if !d.in_memory => self.layout(),
            _ => super::drawn::draw_offscreen(self, self.stack.len() - 1),
        }
    }

    /// Keeps the current view's geometry at hand when no frame of it was drawn (yet): the
    /// next keys page by it without drawing it again in memory.
    pub fn keep_layout(&mut self) {
        let depth = self.stack.len() - 1;
        let current = self
            .drawn
            .as_ref()
            .is_some_and(|d| d.is_of(self.view(), depth, self.size));
        if !current {
            self.drawn = Some(super::drawn::draw_offscreen(self, depth));
        }
    }

    /// When the current list refreshes by itself next, if it does.
    pub fn auto_refresh_at(&self) -> Option<i64> {
        let every = self.refresh_every_ms.filter(|_| !self.refresh_paused)?;
        if !matches!(self.login, LoginState::LoggedIn(_)) {
            return None;
        }
        self.view().refreshes_from().map(|at| at + every)
    }

    pub fn token(&self) -> Option<&TokenStatus> {
        match &self.login {
            LoginState::LoggedIn(status) => Some(status),
            _ => None,
        }
    }

    /// The instance's address as the session uses it (scheme included), for copied curl
    /// commands: one source, so every curl names the same address.
    pub fn instance_address(&self) -> Option<crate::api::InstanceAddress> {
        crate::api::parse_address(&self.token()?.base_url).ok()
    }

    /// The name of the account logged in (or logging in).
    pub fn current_account(&self) -> Option<&str> {
        match &self.login {
            LoginState::LoggedOut | LoginState::Standalone(_) => None,
            LoginState::Pending { account } | LoginState::Failed { account, .. } => Some(account),
            LoginState::LoggedIn(t) => Some(&t.account),
        }
    }

    pub fn flash_info(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            level: FlashLevel::Info,
            text: text.into(),
        });
    }

    pub fn flash_error(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            level: FlashLevel::Error,
            text: text.into(),
        });
    }

    /// When the screen will look different with no input: the token countdown's next change,
    /// or the next minute of the relative times. `None` when nothing on screen counts.
    pub fn next_tick_ms(&self) -> Option<i64> {
        let expiry = self.token().and_then(|t| t.expires_at_ms);
        let countdown = expiry
            .and_then(|exp| countdown_changes_in(exp - self.now_ms))
            .map(|wait| self.now_ms + wait);
        let ages = self.view().next_tick_ms(self.now_ms);
        let firing = super::views::firing::update::poll_at(self);
        let fleet = super::views::firing::fleet::poll_at(self);
        [countdown, ages, self.auto_refresh_at(), firing, fleet]
            .into_iter()
            .flatten()
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::TokenStatus;

    /// The geometry kept for one view is not read for another that took its place before a
    /// frame was drawn (a history list's rows start a line lower than a document's).
    #[test]
    fn a_layout_is_of_the_view_it_was_drawn_for() {
        let mut state = State::new("x", (80, 24), 0);
        state.stack.push(View::History(Default::default()));
        state.keep_layout();
        let rows = |d: Drawn| d.rows.map(|r| r.area);
        let history = rows(state.layout());
        assert_eq!(history.map(|a| (a.y, a.height)), Some((3, 20)));
        state.stack.pop();
        let doc = crate::json::Doc::from_value(&serde_json::json!({"a": 1}));
        let view = crate::app::views::inspector::Inspector::with_doc(
            "t".into(),
            "s".into(),
            std::sync::Arc::new(doc),
        );
        state.stack.push(View::Detail(Box::new(view)));
        let detail = rows(state.layout());
        assert_eq!(detail.map(|a| (a.y, a.height)), Some((2, 21)));
    }

    /// Regression: copied curl once rebuilt the address from the host and assumed http for
    /// every loopback host, so an https stand-in on 127.0.0.1 was copied as http.
    #[test]
    fn copied_requests_use_the_sessions_address_and_scheme() {
        let mut state = State::new("x", (80, 24), 0);
        assert!(state.instance_address().is_none(), "not logged in");
        for base in [
            "https://127.0.0.1:8443",
            "http://127.0.0.1:9",
            "https://example.wavefront.com",
        ] {
            state.login = LoginState::LoggedIn(Box::new(TokenStatus {
                base_url: base.into(),
                ..Default::default()
            }));
            let address = state.instance_address().expect(base);
            let curl = crate::api::ApiRequest::get("/api/v2/source").curl(&address);
            assert!(curl.contains(&format!("'{base}/api/v2/source")), "{curl}");
        }
    }
}
