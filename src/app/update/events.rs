//! What the worker reports, applied to the state.

use crate::app::present::{self, Present};
use crate::worker::{Command, Event};

use super::super::layout::table_rows;
use super::super::state::{LoginState, State, View};
use super::*;

pub(super) fn on_worker(state: &mut State, event: Event) -> Vec<Command> {
    match event {
        event @ (Event::Mutated(_)
        | Event::BulkItem(_)
        | Event::BulkDone { .. }
        | Event::ItemRead { .. }) => super::actions::on_action_event(state, event),
        Event::LoggedIn(status) => {
            // The account's own read-only setting joins the flag and the config's.
            state.read_only.account = state
                .accounts
                .get(&status.account)
                .is_some_and(|a| a.readonly);
            state.login = LoginState::LoggedIn(status);
            // Land on the same resource views, reloaded for this session.
            state.stack.retain(|v| !v.closes_on_login());
            // A question asked for the last login is not answered for this one.
            state.confirm = None;
            let mut commands = Vec::new();
            for i in 0..state.stack.len() {
                let id = state.next_request_id();
                if let View::Table(t) = &mut state.stack[i] {
                    commands.extend(t.reload(id));
                }
            }
            commands
        }
        Event::Memory {
            account,
            state: remembered,
        } => {
            crate::app::memory::restore(state, account, *remembered);
            Vec::new()
        }
        Event::HistoryLoaded {
            base,
            entries,
            enabled,
        } => {
            state.history.entries = entries.into();
            state.history.base = Some(*base);
            state.history.enabled = enabled;
            Vec::new()
        }
        Event::History(entry) => {
            state.history.push(*entry);
            Vec::new()
        }
        Event::LoginFailed { account, error } => {
            present::flash_in(state, &format!("login to {account} failed"), &error);
            let message = error.message();
            state.login = LoginState::Failed { account, message };
            Vec::new()
        }
        Event::FormFailed(error) => {
            let form = state.stack.iter_mut().rev().find_map(|v| match v {
                View::Form(f) if f.testing => Some(f),
                _ => None,
            });
            if let Some(form) = form {
                form.testing = false;
                form.error = Some(present::in_view(&error).message);
            }
            Vec::new()
        }
        Event::Vault(vault) => {
            state.vault = Some(vault);
            Vec::new()
        }
        Event::AccountsChanged(file) => {
            state.accounts = *file;
            let count = state.accounts.accounts.len();
            for view in &mut state.stack {
                if let View::Accounts(v) = view {
                    v.selected = v.selected.min(count.saturating_sub(1));
                }
            }
            Vec::new()
        }
        Event::Notice(text) => {
            state.flash_info(text);
            Vec::new()
        }
        Event::Failed(failure) => {
            present::flash(state, &failure);
            Vec::new()
        }
        Event::Token(status) => {
            // A status of an account that is no longer current is stale.
            let current =
                matches!(&state.login, LoginState::LoggedIn(t) if t.account == status.account);
            if !current {
                return Vec::new();
            }
            if let Some(err) = &status.last_refresh_error {
                present::flash_in(state, "token refresh failed", err);
            }
            state.login = LoginState::LoggedIn(status);
            Vec::new()
        }
        Event::Page {
            id,
            request,
            result,
        } => {
            let (now, height) = (state.now_ms, table_rows(state.size.1));
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Table(t) if t.loading.as_ref().is_some_and(|p| p.id == id) => Some(t),
                _ => None,
            });
            let Some(table) = awaiting else {
                tracing::debug!(id, "dropped a stale page");
                return Vec::new();
            };
            let stopped_before = table.stopped.is_some();
            if table.receive(id, &request, result, now, height) {
                return table.continue_reload().into_iter().collect();
            }
            if let Some(why) = table.stopped.clone().filter(|_| !stopped_before) {
                let what = format!("stopped paging {}", table.kind.name);
                present::flash_in(state, &what, &why);
            }
            load_more_if_near_end(state)
        }
        Event::Chart { id, result } => on_chart_result(state, id, result),
        Event::Retrying { id, notice } => {
            // Whichever view waits for `id` says so (a list, a chart, a document).
            let text = notice.describe();
            for view in &mut state.stack {
                let retrying = match view {
                    View::Table(t) if t.loading.as_ref().is_some_and(|p| p.id == id) => {
                        &mut t.retrying
                    }
                    View::Chart(c) if c.loading == Some(id) => &mut c.retrying,
                    View::Detail(d) if d.loading == Some(id) => &mut d.retrying,
                    _ => continue,
                };
                *retrying = Some(text.clone());
            }
            Vec::new()
        }
        Event::Document { id, result } => {
            let threshold = state.large_document_values;
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Detail(d) if d.loading == Some(id) => Some(d),
                _ => None,
            });
            if let Some(d) = awaiting {
                d.loading = None;
                d.large_document_values = threshold;
                match result {
                    Ok(doc) => d.set_doc(doc),
                    Err(e) => {
                        let shown = present::in_view(&e);
                        d.error = Some(shown.message);
                        d.plain = shown.plain;
                    }
                }
            }
            Vec::new()
        }
        Event::Detail { id, result } => {
            let threshold = state.large_document_values;
            let awaiting = state.stack.iter_mut().find_map(|v| match v {
                View::Detail(d) if d.loading == Some(id) => Some(d),
                _ => None,
            });
            match awaiting {
                Some(d) => {
                    d.loading = None;
                    d.large_document_values = threshold;
                    match result {
                        Ok(doc) => d.set_doc(doc),
                        Err(e) => {
                            let shown = present::in_view(&e);
                            d.error = Some(shown.message);
                            if shown.plain.is_some() {
                                d.plain = shown.plain;
                            }
                        }
                    }
                }
                None => tracing::debug!(id, "dropped a stale detail"),
            }
            Vec::new()
        }
    }
}
