//! `:diff @account` on a list: a column saying, for each item, whether the other saved
//! account's copy (matched by natural key, references mapped) is the same, differs, or is
//! missing; `:diff off` takes it away. The worker reads both accounts whole
//! (`Command::SyncCompare`), so the answer covers the items not loaded yet too.

use ratatui::style::Style;

use crate::app::{State, View};
use crate::theme::Theme;
use crate::worker::sync::{Compared, Differs};
use crate::worker::{Command, RequestId};

/// The column's width, its spacing left out.
pub const WIDTH: u16 = 12;

/// The other account a list is compared with, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Compare {
    pub account: String,
    /// The read in flight.
    pub request: Option<RequestId>,
    /// Its answer, or why there is none.
    pub result: Option<Result<Compared, String>>,
}

/// `:diff @name` (or `:diff off`) on the table on top.
pub fn start(state: &mut State, rest: &str) -> Vec<Command> {
    let name = rest.trim().trim_start_matches('@').to_string();
    let Some(View::Table(table)) = state.stack.last() else {
        state.flash_error(":diff compares a list with another account: open a list first");
        return Vec::new();
    };
    let kind = table.kind;
    if name.is_empty() || name == "off" {
        if let Some(View::Table(t)) = state.stack.last_mut() {
            t.compare = None;
        }
        return Vec::new();
    }
    if crate::sync::sync_kind(kind).is_none() || table.fleet.is_some() {
        // The kind's API name: some titles carry a window ("Events (last 24h, …)").
        state.flash_error(format!("{}s are not compared across accounts", kind.name));
        return Vec::new();
    }
    if state.current_account() == Some(name.as_str()) {
        state.flash_error(format!("{name} is the account in use: :diff @another"));
        return Vec::new();
    }
    let Some(saved) = state.accounts.get(&name).cloned() else {
        state.flash_error(format!("no saved account named {name}"));
        return Vec::new();
    };
    let id = state.next_request_id();
    if let Some(View::Table(t)) = state.stack.last_mut() {
        t.compare = Some(Box::new(Compare {
            account: name,
            request: Some(id),
            result: None,
        }));
    }
    vec![Command::SyncCompare {
        id,
        kind,
        saved: Box::new(saved),
    }]
}

/// `Event::SyncCompared`: the answer goes to the list that asked (if it still does).
pub fn on_compared(state: &mut State, id: RequestId, result: Result<Compared, String>) {
    for view in &mut state.stack {
        if let View::Table(t) = view {
            if let Some(c) = t.compare.as_deref_mut().filter(|c| c.request == Some(id)) {
                c.request = None;
                if let Err(why) = &result {
                    let message = format!("diff @{}: {why}", c.account);
                    c.result = Some(result);
                    state.flash_error(crate::text::sanitize(&message).into_owned());
                } else {
                    c.result = Some(result);
                }
                return;
            }
        }
    }
}

/// The column's title: the account's name.
pub fn title(c: &Compare) -> String {
    format!("@{}", crate::text::sanitize(&c.account))
}

/// What the column shows for the row with `id`, and how.
pub fn cell(c: &Compare, id: Option<&str>, theme: &Theme) -> (String, Style) {
    match (&c.result, id) {
        (None, _) => ("…".into(), theme.muted),
        (Some(Err(_)), _) => ("?".into(), theme.error),
        (Some(Ok(_)), None) => (String::new(), Style::new()),
        (Some(Ok(compared)), Some(id)) => match compared.by_id.get(id) {
            Some(Differs::Same) => ("same".into(), theme.ok),
            Some(Differs::Changed(n)) => (format!("differs ({n})"), theme.warn),
            Some(Differs::OnlyHere) => ("missing".into(), theme.error),
            // Loaded after the comparison was made.
            None => ("?".into(), theme.muted),
        },
    }
}

/// What the title line says of the comparison.
pub fn summary(c: &Compare) -> String {
    let name = crate::text::sanitize(&c.account);
    match &c.result {
        None => format!("  diff @{name}…"),
        Some(Err(_)) => format!("  diff @{name} failed"),
        Some(Ok(compared)) => {
            let count = |f: fn(&Differs) -> bool| compared.by_id.values().filter(|d| f(d)).count();
            format!(
                "  diff @{name}: {} differ, {} missing there, {} only there",
                count(|d| matches!(d, Differs::Changed(_))),
                count(|d| *d == Differs::OnlyHere),
                compared.only_there
            )
        }
    }
}
