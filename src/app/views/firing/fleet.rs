//! The merged console over several saved accounts (`:firing @all`, `:firing @prod,@staging`):
//! one list of their firing alerts with an ACCOUNT column (the catalog's `FLEET_FIRING`), the
//! counts per account above it, each account on its own schedule (a 429/406 from one slows
//! only that one). The worker reads the other accounts through sessions of their own.
//!
//! Rows of other accounts are read here only: `enter`, `c` and `x` act through the current
//! session, so they are refused on any row that is not the current account's (a person must
//! never snooze an alert on the wrong account).

use crate::api::ApiError;
use crate::api::alerting::Summary;
use crate::api::catalog::{CellRef, FLEET_FIRING, Row, RowRef};
use crate::app::keymap::Action;
use crate::app::remote::Remote;
use crate::app::state::{LoginState, State, View};
use crate::app::views::table::TableView;
use crate::config::accounts::AccountsFile;
use crate::worker::{Command, FleetError, FleetRead, RequestId};

/// Throttling doubles an account's period each time, up to this many doublings.
const MAX_DOUBLINGS: u32 = 4;
/// A read unanswered this long is taken as lost (the next goes out all the same).
const LOST_MS: i64 = 3 * 60_000;

/// The merged console's accounts, in the order named.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fleet {
    pub members: Vec<Member>,
    /// The current account's read the timer sent, while it is in flight: its requests are the
    /// request history's auto-refreshes (hidden there until asked).
    pub timer_read: Option<RequestId>,
}

/// One account of the merged console.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Member {
    pub name: String,
    /// Its counts by state at the last read that had them.
    pub summary: Option<Summary>,
    /// Its firing alerts at the last read that had them (the account in the first cell).
    pub rows: Option<Vec<Row>>,
    /// Why the last read failed (a login, the counts, the search); what was read stays.
    pub error: Option<String>,
    pub pending: Option<RequestId>,
    pub pending_since_ms: i64,
    pub polled_at_ms: Option<i64>,
    /// 429/406 answers in a row: each doubles this account's period.
    pub throttled: u32,
}

impl Member {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    /// This account's period: the console's, doubled for each 429/406 in a row.
    pub fn period_ms(&self, every_ms: i64) -> i64 {
        every_ms.saturating_mul(1 << self.throttled.min(MAX_DOUBLINGS))
    }

    fn in_flight(&self, now_ms: i64) -> bool {
        self.pending.is_some() && now_ms.saturating_sub(self.pending_since_ms) < LOST_MS
    }
}

/// Why `:firing @…` names no accounts it can watch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetsError {
    #[error("accounts are named with @ (:firing @all, :firing @prod,@staging), not '{0}'")]
    NotAnAccount(String),
    #[error("no saved account is named {name} (saved: {saved})")]
    Unknown { name: String, saved: String },
    #[error("no saved accounts to watch: save one with A")]
    NoneSaved,
}

/// The accounts `rest` names (`@all`, `@a,@b`, `@a @b`), each once, in the order named;
/// `@all` is the current account, then every saved one.
pub fn parse_targets(
    rest: &str,
    accounts: &AccountsFile,
    current: Option<&str>,
) -> Result<Vec<String>, TargetsError> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    for word in rest.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
        let safe = || crate::text::sanitize(word).into_owned();
        let name = word
            .strip_prefix('@')
            .ok_or_else(|| TargetsError::NotAnAccount(safe()))?;
        if name.eq_ignore_ascii_case("all") {
            if accounts.accounts.is_empty() && current.is_none() {
                return Err(TargetsError::NoneSaved);
            }
            current.into_iter().for_each(&mut add);
            accounts.accounts.iter().for_each(|a| add(&a.name));
        } else if accounts.get(name).is_some() || current == Some(name) {
            add(name);
        } else {
            let saved: Vec<&str> = accounts.accounts.iter().map(|a| a.name.as_str()).collect();
            return Err(TargetsError::Unknown {
                name: safe(),
                saved: if saved.is_empty() {
                    "none".into()
                } else {
                    crate::text::sanitize(&saved.join(", ")).into_owned()
                },
            });
        }
    }
    Ok(names)
}

/// `:firing @…`: opens the merged console over the accounts named (replacing one open).
pub fn open(state: &mut State, rest: &str) -> Vec<Command> {
    if !matches!(state.login, LoginState::LoggedIn(_)) {
        state.flash_error("the firing console watches an instance: log in first (A)");
        return Vec::new();
    }
    let names = match parse_targets(rest, &state.accounts, state.current_account()) {
        Ok(names) => names,
        Err(e) => {
            state.flash_error(format!(":firing: {e}"));
            return Vec::new();
        }
    };
    let mut commands = close_open_one(state);
    let mut table = TableView::new(&FLEET_FIRING);
    table.fleet = Some(Box::new(Fleet {
        members: names.iter().map(|n| Member::new(n)).collect(),
        timer_read: None,
    }));
    state.stack.push(View::Table(Box::new(table)));
    commands.extend(poll(state, true));
    commands
}

/// A merged console already open goes (whatever is above it too): the new one replaces it.
fn close_open_one(state: &mut State) -> Vec<Command> {
    let Some(depth) = depth(state) else {
        return Vec::new();
    };
    let mut commands = Vec::new();
    while state.stack.len() > depth {
        if let Some(mut view) = state.stack.pop() {
            commands.extend(view.on_close());
        }
    }
    commands
}

/// Where the merged console is in the view stack, if it is open.
pub fn depth(state: &State) -> Option<usize> {
    state
        .stack
        .iter()
        .position(|v| matches!(v, View::Table(t) if t.fleet.is_some()))
}

fn on_top(state: &State) -> Option<&Fleet> {
    match state.view() {
        View::Table(t) => t.fleet.as_deref(),
        _ => None,
    }
}

/// When the next account's read is due, while the merged console is on screen and not paused.
pub fn poll_at(state: &State) -> Option<i64> {
    let every = state.firing.every_ms?;
    if state.refresh_paused || !matches!(state.login, LoginState::LoggedIn(_)) {
        return None;
    }
    on_top(state)?
        .members
        .iter()
        .filter(|m| !m.in_flight(state.now_ms))
        .map(|m| {
            m.polled_at_ms
                .map_or(state.now_ms, |at| at.saturating_add(m.period_ms(every)))
        })
        .min()
}

/// The app's timer: reads the accounts that are due.
pub fn on_tick(state: &mut State) -> Vec<Command> {
    if poll_at(state).is_none_or(|at| at > state.now_ms) {
        return Vec::new();
    }
    let commands = poll(state, false);
    let timer_read = commands.iter().find_map(|c| match c {
        Command::FleetRead {
            id, saved: None, ..
        } => Some(*id),
        _ => None,
    });
    if let Some(id) = timer_read {
        if let Some(fleet) = fleet_mut(state) {
            fleet.timer_read = Some(id);
        }
    }
    commands
}

/// Whether the timer's read of the current account is in flight (the history marks its
/// requests as auto-refreshes).
pub fn polling(state: &State) -> bool {
    let Some(depth) = depth(state) else {
        return false;
    };
    let View::Table(t) = &state.stack[depth] else {
        return false;
    };
    t.fleet.as_deref().is_some_and(|f| {
        f.timer_read
            .is_some_and(|id| f.members.iter().any(|m| m.pending == Some(id)))
    })
}

fn fleet_mut(state: &mut State) -> Option<&mut Fleet> {
    let depth = depth(state)?;
    match &mut state.stack[depth] {
        View::Table(t) => t.fleet.as_deref_mut(),
        _ => None,
    }
}

/// `r` on the merged console: every account now (those not already being read).
pub fn refresh(state: &mut State) -> Vec<Command> {
    poll(state, true)
}

/// Sends a read for each account due (`all`: each not in flight).
fn poll(state: &mut State, all: bool) -> Vec<Command> {
    let (now, every) = (state.now_ms, state.firing.every_ms.unwrap_or(i64::MAX));
    let current = state.current_account().map(str::to_string);
    let due: Vec<String> = match on_top(state) {
        Some(fleet) => fleet
            .members
            .iter()
            .filter(|m| !m.in_flight(now))
            .filter(|m| {
                all || m
                    .polled_at_ms
                    .is_none_or(|at| at.saturating_add(m.period_ms(every)) <= now)
            })
            .map(|m| m.name.clone())
            .collect(),
        None => return Vec::new(),
    };
    let mut commands = Vec::new();
    for name in due {
        let id = state.next_request_id();
        let saved = match current.as_deref() == Some(name.as_str()) {
            true => None,
            false => state.accounts.get(&name).cloned().map(Box::new),
        };
        if let Some(m) = member_mut(state, &name) {
            m.pending = Some(id);
            m.pending_since_ms = now;
        }
        commands.push(Command::FleetRead {
            id,
            account: name,
            saved,
        });
    }
    set_loading(state);
    commands
}

fn member_mut<'a>(state: &'a mut State, name: &str) -> Option<&'a mut Member> {
    let depth = depth(state)?;
    let View::Table(t) = &mut state.stack[depth] else {
        return None;
    };
    t.fleet
        .as_mut()?
        .members
        .iter_mut()
        .find(|m| m.name == name)
}

/// The table says it loads while any account is being read (the first time only: later reads
/// keep the rows on screen as the console's reload does).
fn set_loading(state: &mut State) {
    let Some(depth) = depth(state) else { return };
    let View::Table(t) = &mut state.stack[depth] else {
        return;
    };
    let Some(fleet) = t.fleet.as_deref() else {
        return;
    };
    let first = fleet
        .members
        .iter()
        .find(|m| m.pending.is_some() && m.polled_at_ms.is_none());
    t.page = match first.and_then(|m| m.pending) {
        Some(id) => Remote::loading(id),
        None => Remote::Loaded(()),
    };
}

/// Whether the server asked to slow down (FACTS §4: the proxy treats 406 as 429).
fn throttled(error: &ApiError) -> bool {
    matches!(error.status(), Some(406 | 429))
}

/// One account's look came: its counts and rows replace what it had, the others' stay.
pub fn on_read(
    state: &mut State,
    id: RequestId,
    account: &str,
    result: Result<FleetRead, FleetError>,
) {
    let now = state.now_ms;
    let Some(m) = member_mut(state, account).filter(|m| m.pending == Some(id)) else {
        tracing::debug!(id, "dropped a stale fleet read");
        return;
    };
    m.pending = None;
    m.polled_at_ms = Some(now);
    let message = crate::app::present::Present::message;
    match result {
        Err(e) => {
            tracing::warn!(account = %account, error = %e, "merged console read failed");
            m.error = Some(e.to_string());
        }
        Ok(read) => {
            let slow = [read.summary.as_ref().err(), read.firing.as_ref().err()]
                .into_iter()
                .flatten()
                .any(throttled);
            m.throttled = if slow { m.throttled + 1 } else { 0 };
            let mut errors = Vec::new();
            match read.summary {
                Ok(summary) => m.summary = Some(summary),
                Err(e) => errors.push(format!("counts: {}", message(&e))),
            }
            match read.firing {
                Ok(rows) => m.rows = Some(rows),
                Err(e) => errors.push(format!("alerts: {}", message(&e))),
            }
            m.error = (!errors.is_empty()).then(|| errors.join("; "));
        }
    }
    merge(state);
}

/// The table's rows become every account's, the selected row kept (by account and id).
fn merge(state: &mut State) {
    let height = state.layout().page();
    set_loading(state);
    let Some(depth) = depth(state) else { return };
    let View::Table(t) = &mut state.stack[depth] else {
        return;
    };
    let Some(fleet) = t.fleet.as_deref() else {
        return;
    };
    let rows: Vec<Row> = fleet
        .members
        .iter()
        .filter_map(|m| m.rows.as_ref())
        .flatten()
        .cloned()
        .collect();
    t.replace_rows(rows, |a, b| {
        a.id() == b.id.as_deref() && a.cell(0) == b.cells.first().map(CellRef::from)
    });
    t.loaded_at_ms = Some(state.now_ms);
    t.clamp(height);
}

/// The account a row of the merged console comes from.
pub fn row_account(row: RowRef<'_>) -> Option<&str> {
    row.cell(0).and_then(CellRef::text)
}

/// The actions that go through the current session: refused on the merged console when a row
/// they would act on is another account's. `Some` when refused (with the message flashed).
pub fn refuse(state: &mut State, action: Action) -> Option<Vec<Command>> {
    if !matches!(
        action,
        Action::Open | Action::Inspect | Action::Chart | Action::Actions
    ) {
        return None;
    }
    let View::Table(t) = state.view() else {
        return None;
    };
    t.fleet.as_ref()?;
    let current = state.current_account().unwrap_or_default();
    let foreign = |row: RowRef<'_>| row_account(row).is_some_and(|a| a != current);
    let marked = (action == Action::Actions)
        .then(|| state.marks.of(t.kind))
        .flatten();
    let other = match marked {
        // A marked id that is another account's anywhere in the list: ids of two instances
        // may be equal, and a mark does not say whose it is.
        Some(ids) => t
            .rows
            .iter()
            .find(|r| foreign(*r) && r.id().is_some_and(|id| ids.contains(id))),
        None => t.selected_row().filter(|r| foreign(*r)),
    };
    let account = row_account(other?)?.to_string();
    state.flash_error(format!(
        "this row is {account}'s: the viewer, the chart and actions work on the current account's rows ({}) only; switch to {account} (A) to act on it",
        crate::text::sanitize(current)
    ));
    Some(Vec::new())
}

/// The merged console closed: what it had in flight is cancelled, the other sessions close.
pub fn on_close(fleet: &Fleet) -> Vec<Command> {
    let mut commands: Vec<Command> = fleet
        .members
        .iter()
        .filter_map(|m| m.pending.map(Command::Cancel))
        .collect();
    commands.push(Command::FleetClose);
    commands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::accounts::SavedAccount;

    fn file(names: &[&str]) -> AccountsFile {
        let mut file = AccountsFile::default();
        for name in names {
            file.upsert(
                SavedAccount {
                    name: name.to_string(),
                    address: "https://x.example.com".into(),
                    method: crate::auth::LoginMethod::ApiToken,
                    csp_url: None,
                    client_id: None,
                    org_id: None,
                    readonly: false,
                },
                None,
            );
        }
        file
    }

    #[test]
    fn accounts_are_named_with_at_each_once_all_meaning_every_saved_one() {
        let f = file(&["prod", "staging", "eu"]);
        let all = parse_targets("@all", &f, Some("prod")).unwrap();
        assert_eq!(all, ["prod", "staging", "eu"]);
        let two = parse_targets("@staging,@prod @staging", &f, Some("prod")).unwrap();
        assert_eq!(two, ["staging", "prod"]);
        let unsaved_current = parse_targets("@ALL", &f, Some("adhoc")).unwrap();
        assert_eq!(unsaved_current[0], "adhoc", "the current account with @all");
        let unknown = parse_targets("@prod,@nope", &f, Some("prod")).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "no saved account is named @nope (saved: prod, staging, eu)"
        );
        assert!(matches!(
            parse_targets("prod", &f, None),
            Err(TargetsError::NotAnAccount(_))
        ));
        assert_eq!(
            parse_targets("@all", &file(&[]), None),
            Err(TargetsError::NoneSaved)
        );
        let odd = parse_targets("@\u{1b}[2J", &f, None)
            .unwrap_err()
            .to_string();
        assert!(!odd.contains('\u{1b}'), "{odd}");
    }

    #[test]
    fn a_throttled_account_slows_alone_and_a_lost_read_is_let_go() {
        let mut m = Member::new("prod");
        assert_eq!(m.period_ms(15_000), 15_000);
        m.throttled = 2;
        assert_eq!(m.period_ms(15_000), 60_000);
        m.throttled = 50;
        assert_eq!(m.period_ms(15_000), 240_000);
        m.pending = Some(1);
        m.pending_since_ms = 0;
        assert!(m.in_flight(LOST_MS - 1));
        assert!(!m.in_flight(LOST_MS));
    }
}
