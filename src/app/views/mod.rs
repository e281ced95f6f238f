//! The views, each a folder: its state (`mod.rs`), its update (`update.rs`), its draw
//! (`draw.rs`) and its footer. [`View`] holds one of them; the rest of the app asks it through
//! [`ViewBehaviour`] (one `match`, in the `each_view!` and `each_type!` macros) and never looks
//! inside.

pub mod accounts;
pub mod alert;
pub mod chart;
pub mod dashboard;
pub mod edit;
pub mod firing;
pub mod history;
pub mod inspector;
pub mod login;
pub mod metrics;
pub mod promote;
pub mod table;
pub mod token;
pub mod trash;
pub mod versions;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::theme::Theme;
use crate::worker::{Command, RequestId};

use super::drawn::Drawn;
use super::keymap::{Action, Scope};
use super::state::State;

#[derive(Debug)]
pub enum View {
    /// Boxed: a table holds far more state than any other view.
    Table(Box<table::TableView>),
    /// One item's (or a file's) JSON in the inspector.
    Detail(Box<inspector::Inspector>),
    /// Choose one of the four login methods.
    Methods(login::MethodPicker),
    /// Enter an account's details and secrets.
    Form(login::AccountForm),
    /// The saved accounts.
    Accounts(accounts::AccountsView),
    /// The current token's status.
    Token,
    /// The requests sent (`:history`), newest first.
    History(history::HistoryView),
    /// A chart query's series, drawn or as numbers.
    Chart(Box<chart::ChartView>),
    /// One alert's firings, the chart of one, its series, related events and runbook.
    Alert(Box<alert::AlertViewer>),
    /// An edit of items in `$EDITOR`: its review, its results.
    Edit(Box<edit::EditView>),
    /// An item's version history.
    Versions(Box<versions::VersionsView>),
    /// Two versions' diff.
    Diff(Box<versions::DiffView>),
    /// The metric namespace as a tree (`:metrics`).
    Metrics(Box<metrics::MetricsView>),
    /// Items copied to another account (`P`): the account, the plan, the results.
    Promote(Box<promote::PromoteView>),
    /// A dashboard played: its sections, rows and panels.
    Dashboard(Box<dashboard::DashboardPlayer>),
}

/// What every view answers. State-changing handlers take the whole [`State`] (they open
/// views, flash messages, take request ids) and find themselves on top of its stack.
pub trait ViewBehaviour {
    /// The keymap scope its keys resolve in.
    fn scope(&self) -> Scope;
    /// Views that belong to one login close when another account logs in.
    fn closes_on_login(&self) -> bool {
        true
    }
    /// The actions the footer names, in order (keys come from the live keymap).
    fn footer_actions(&self) -> &'static [Action];
    /// A footer hint other than the action's own (`enter switch`).
    fn footer_hint(&self, _action: Action) -> Option<&'static str> {
        None
    }
    /// The `?` line of an action where the view means something else by it than its own.
    fn help_description(&self, _action: Action) -> Option<&'static str> {
        None
    }
    /// The footer line while the view takes typed text (its search), in place of everything.
    fn footer_input(&self, _theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        None
    }
    /// The footer line when no message is shown, in place of the keys.
    fn footer_status(&self, _theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        None
    }
    /// Draws the view into `area` and says what it drew.
    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Drawn;
    /// The request the view waits for, if any.
    fn waiting_for(&self) -> Option<RequestId> {
        None
    }
    /// Counts the wait of a request just sent (view code does not know the time).
    fn follow_wait(&mut self, _now_ms: i64) {}
    /// Request `id` failed and is tried again: the view says so if it waits for it.
    fn on_retry(&mut self, _id: RequestId, _notice: &str) {}
    /// When the view's data was loaded, if it refreshes by itself (the app's timer then sends it
    /// `Action::Refresh`).
    fn refreshes_from(&self) -> Option<i64> {
        None
    }
    /// When the screen changes next by itself (a wait counting, relative times).
    fn next_tick_ms(&self, _now_ms: i64) -> Option<i64> {
        None
    }
    /// The view is closed: what it had in flight is cancelled.
    fn on_close(&mut self) -> Vec<Command> {
        self.waiting_for()
            .map(Command::Cancel)
            .into_iter()
            .collect()
    }
    /// The drawn geometry changed (a resize): selection and scroll stay valid.
    fn fit(&mut self, _drawn: &Drawn) {}
    /// A click on the item drawn at `index`.
    fn click(&mut self, _index: usize, _drawn: &Drawn) {}
    /// Drawn on the whole screen, without the header and footer (a dashboard's TV mode).
    fn full_screen(&self) -> bool {
        false
    }
    /// The view's handling of an action; `None` leaves it to the app-wide handler.
    fn on_action(_state: &mut State, _action: Action) -> Option<Vec<Command>>
    where
        Self: Sized,
    {
        None
    }
    /// A key before the keymap has its say, with the action it is bound to: typing into a
    /// field, or answering an offer. `None` lets the key go on to `on_action`.
    fn on_key(_state: &mut State, _key: &KeyEvent, _action: Option<Action>) -> Option<Vec<Command>>
    where
        Self: Sized,
    {
        None
    }
}

/// Runs `$body` with `$v` bound to the view inside `$view` (`&View` or `&mut View`).
macro_rules! each_view {
    ($view:expr, $v:ident => $body:expr) => {
        match $view {
            View::Table($v) => $body,
            View::Detail($v) => $body,
            View::Methods($v) => $body,
            View::Form($v) => $body,
            View::Accounts($v) => $body,
            View::Token => {
                #[allow(unused_mut)]
                let mut token = token::TokenView;
                let $v = &mut token;
                $body
            }
            View::History($v) => $body,
            View::Chart($v) => $body,
            View::Alert($v) => $body,
            View::Edit($v) => $body,
            View::Versions($v) => $body,
            View::Diff($v) => $body,
            View::Metrics($v) => $body,
            View::Promote($v) => $body,
            View::Dashboard($v) => $body,
        }
    };
}

/// Runs `$body` with `$T` the type of the view inside `$view`, for the handlers that take the
/// whole state.
macro_rules! each_type {
    ($view:expr, $T:ident => $body:expr) => {
        match $view {
            View::Table(_) => {
                type $T = table::TableView;
                $body
            }
            View::Detail(_) => {
                type $T = inspector::Inspector;
                $body
            }
            View::Methods(_) => {
                type $T = login::MethodPicker;
                $body
            }
            View::Form(_) => {
                type $T = login::AccountForm;
                $body
            }
            View::Accounts(_) => {
                type $T = accounts::AccountsView;
                $body
            }
            View::Token => {
                type $T = token::TokenView;
                $body
            }
            View::History(_) => {
                type $T = history::HistoryView;
                $body
            }
            View::Chart(_) => {
                type $T = chart::ChartView;
                $body
            }
            View::Alert(_) => {
                type $T = alert::AlertViewer;
                $body
            }
            View::Edit(_) => {
                type $T = edit::EditView;
                $body
            }
            View::Versions(_) => {
                type $T = versions::VersionsView;
                $body
            }
            View::Diff(_) => {
                type $T = versions::DiffView;
                $body
            }
            View::Metrics(_) => {
                type $T = metrics::MetricsView;
                $body
            }
            View::Promote(_) => {
                type $T = promote::PromoteView;
                $body
            }
            View::Dashboard(_) => {
                type $T = dashboard::DashboardPlayer;
                $body
            }
        }
    };
}

impl View {
    pub fn scope(&self) -> Scope {
        each_view!(self, v => v.scope())
    }

    pub fn closes_on_login(&self) -> bool {
        each_view!(self, v => v.closes_on_login())
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        each_view!(self, v => v.footer_actions())
    }

    pub fn footer_hint(&self, action: Action) -> Option<&'static str> {
        each_view!(self, v => v.footer_hint(action))
    }

    pub fn help_description(&self, action: Action) -> Option<&'static str> {
        each_view!(self, v => v.help_description(action))
    }

    pub fn footer_input(&self, theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        each_view!(self, v => v.footer_input(theme))
    }

    pub fn footer_status(&self, theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        each_view!(self, v => v.footer_status(theme))
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Drawn {
        each_view!(self, v => v.draw(frame, area, state, theme))
    }

    pub fn waiting_for(&self) -> Option<RequestId> {
        each_view!(self, v => v.waiting_for())
    }

    pub fn follow_wait(&mut self, now_ms: i64) {
        each_view!(self, v => v.follow_wait(now_ms));
    }

    pub fn on_retry(&mut self, id: RequestId, notice: &str) {
        each_view!(self, v => v.on_retry(id, notice));
    }

    pub fn refreshes_from(&self) -> Option<i64> {
        each_view!(self, v => v.refreshes_from())
    }

    pub fn next_tick_ms(&self, now_ms: i64) -> Option<i64> {
        each_view!(self, v => v.next_tick_ms(now_ms))
    }

    pub fn on_close(&mut self) -> Vec<Command> {
        each_view!(self, v => v.on_close())
    }

    pub fn fit(&mut self, drawn: &Drawn) {
        each_view!(self, v => v.fit(drawn));
    }

    pub fn click(&mut self, index: usize, drawn: &Drawn) {
        each_view!(self, v => v.click(index, drawn));
    }

    pub fn full_screen(&self) -> bool {
        each_view!(self, v => v.full_screen())
    }
}

/// The current view's handling of `action`; `None` leaves it to the app.
pub fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    each_type!(state.view(), T => <T as ViewBehaviour>::on_action(state, action))
}

/// The current view's look at a key before its action runs.
pub fn on_key(state: &mut State, key: &KeyEvent, action: Option<Action>) -> Option<Vec<Command>> {
    each_type!(state.view(), T => <T as ViewBehaviour>::on_key(state, key, action))
}

/// Opens a view from the `:` command line with what followed its word.
pub type Opener = fn(&mut State, &str) -> Vec<Command>;

/// The views a `:` command opens, each under its words (the first is completed to) with what
/// it does (for `?`). A view registers here; the command line knows no view by name.
pub const COMMANDS: &[(&[&str], &str, Opener)] = &[
    (
        &["history", "hist"],
        "the requests sent",
        history::open_command,
    ),
    (
        &[chart::update::RANGE_WORD],
        "a chart's window: 3h, FROM..TO",
        chart::update::range_command,
    ),
    (
        &[chart::update::EXPRESSION_WORD, "expression"],
        "a chart's query, edited and run again",
        chart::update::expression_command,
    ),
    (
        &["firing"],
        "firing alerts, live (!; @all)",
        firing::open_command,
    ),
    (
        &[trash::TRASH_WORD],
        "deleted items of a kind: :trash dashboard",
        trash::open_command,
    ),
    (
        &[metrics::METRICS_WORD],
        "metric names as a tree: :metrics cpu.",
        metrics::update::open_command,
    ),
    (
        &[dashboard::update::VARIABLE_WORD],
        "a dashboard's variable: :var env prod",
        dashboard::update::variable_command,
    ),
    (
        &[dashboard::update::PLAY_WORD],
        "play a dashboard: :play ID --tv",
        dashboard::update::play_command,
    ),
];

/// The view `word` names on the command line, by its first word, if any.
pub fn command_word(word: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .find(|(words, _, _)| words.contains(&word))
        .and_then(|(words, _, _)| words.first().copied())
}

/// Opens the view `word` names, with what followed it on the command line.
pub fn open_command(state: &mut State, word: &str, rest: &str) -> Vec<Command> {
    match COMMANDS.iter().find(|(words, _, _)| words.contains(&word)) {
        Some((_, _, open)) => open(state, rest),
        None => Vec::new(),
    }
}

/// Moves a cursor within `len` rows by a navigation action, a page being `page` rows; `None`
/// for other actions.
pub fn nav_delta(action: Action, page: usize) -> Option<isize> {
    match action {
        Action::Up => Some(-1),
        Action::Down => Some(1),
        Action::PageUp => Some(-(page as isize)),
        Action::PageDown => Some(page as isize),
        Action::Top => Some(isize::MIN / 2),
        Action::Bottom => Some(isize::MAX / 2),
        _ => None,
    }
}
