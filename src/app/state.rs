//! The whole state of the UI: plain data that `draw` reads.

use crate::api::Kind;
use crate::api::catalog::CLOUD_INTEGRATIONS;
use crate::auth::TokenStatus;
use crate::format::countdown_changes_in;
use crate::worker::RequestId;

use super::detail::DetailView;
use super::keymap::{Keymap, Scope};
use super::table::TableView;

#[derive(Debug)]
pub enum View {
    Table(TableView),
    Detail(DetailView),
}

impl View {
    pub fn scope(&self) -> Scope {
        match self {
            View::Table(_) => Scope::Table,
            View::Detail(_) => Scope::Detail,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoginState {
    /// Logging in to this account.
    Pending {
        account: String,
    },
    LoggedIn(Box<TokenStatus>),
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

#[derive(Debug)]
pub struct State {
    /// Wall-clock time of the message being handled (set by the runtime, fixed in tests).
    pub now_ms: i64,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub login: LoginState,
    /// Views, the current one last. Never empty.
    pub stack: Vec<View>,
    /// The help overlay's scroll, when it is open.
    pub help: Option<usize>,
    pub flash: Option<Flash>,
    pub keymap: Keymap,
    pub quit: bool,
    next_id: RequestId,
}

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
            stack: vec![View::Table(TableView::new(kind))],
            help: None,
            flash: None,
            keymap: Keymap::default(),
            quit: false,
            next_id: 1,
        }
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
            self.view().scope()
        }
    }

    pub fn token(&self) -> Option<&TokenStatus> {
        match &self.login {
            LoginState::LoggedIn(status) => Some(status),
            _ => None,
        }
    }

    /// When the screen will look different with no input: the token countdown's next change,
    /// or the next minute of the relative times. `None` when nothing on screen counts.
    pub fn next_tick_ms(&self) -> Option<i64> {
        let expiry = self.token().and_then(|t| t.expires_at_ms);
        let countdown = expiry
            .and_then(|exp| countdown_changes_in(exp - self.now_ms))
            .map(|wait| self.now_ms + wait);
        let ages = match self.view() {
            View::Table(t) if t.loaded_at_ms.is_some() => Some(self.now_ms + 60_000),
            _ => None,
        };
        match (countdown, ages) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}
