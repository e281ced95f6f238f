//! What the worker reports, applied to the state: the session's events here, each view's
//! answers in its folder. Failures reach the screen through `app::present`.

use crate::app::present;
use crate::worker::{Command, Event};

use super::super::state::{LoginState, State, View};
use super::super::views::{chart, edit, inspector, table};

pub(super) fn on_worker(state: &mut State, event: Event) -> Vec<Command> {
    use crate::app::views::dashboard::update as player;
    match event {
        Event::Detail { id, result } if player::awaits_detail(state, id) => {
            return player::on_detail(state, id, result);
        }
        event @ (Event::Mutated(_)
        | Event::BulkItem(_)
        | Event::BulkDone { .. }
        | Event::ItemRead { .. }) => {
            // An open version history of what changed reads itself again.
            let mut commands = crate::app::views::versions::update::after_change(state, &event);
            commands.extend(super::actions::on_action_event(state, event));
            return commands;
        }
        Event::LoggedIn(status) => return logged_in(state, status),
        Event::Memory {
            account,
            state: remembered,
        } => crate::app::memory::restore(state, account, *remembered),
        Event::HistoryLoaded {
            base,
            entries,
            enabled,
        } => {
            state.history.entries = entries.into();
            state.history.base = Some(*base);
            state.history.enabled = enabled;
        }
        Event::History(entry) => crate::app::views::history::log::record(state, *entry),
        Event::LoginFailed {
            account,
            error,
            still_on,
        } => crate::app::views::accounts::update::login_failed(state, account, &error, still_on),
        Event::FormFailed(error) => form_failed(state, present::in_view(&error).message),
        Event::Vault(vault) => state.vault = Some(vault),
        Event::AccountsChanged(file) => {
            state.accounts = *file;
            let count = state.accounts.accounts.len();
            for view in &mut state.stack {
                if let View::Accounts(v) = view {
                    v.selected = v.selected.min(count.saturating_sub(1));
                }
            }
        }
        Event::Imported(done) => return crate::app::views::login::update::imported(state, *done),
        Event::Notice(text) => state.flash_info(text),
        Event::Failed(failure) => present::flash(state, &failure),
        Event::Token(status) => token(state, status),
        Event::Page {
            id,
            request,
            result,
        } => return table::update::on_page(state, id, &request, result),
        Event::Chart { id, result } => {
            let answer = result.map_err(|e| crate::app::present::in_view(&e).message);
            return chart::update::on_chart_answer(state, id, answer);
        }
        Event::Alerting { id, result } => {
            return crate::app::views::alert::update::on_answer(state, id, result);
        }
        Event::Metrics { id, ask, result } => {
            super::command_line::on_metrics(state, id, &ask, result);
        }
        Event::Versions { id, result } => {
            return crate::app::views::versions::update::on_answer(state, id, result);
        }
        Event::SyncCompared { id, result } => {
            crate::app::views::table::compare::on_compared(state, id, result);
        }
        Event::PromotePlanned { id, result } => {
            crate::app::views::promote::on_planned(state, id, result);
        }
        Event::Promoted { id, lines } => crate::app::views::promote::on_promoted(state, id, lines),
        Event::Retrying { id, notice } => {
            // Whichever view waits for `id` says so (a list, a chart, a document).
            let text = notice.describe();
            for view in &mut state.stack {
                view.on_retry(id, &text);
            }
        }
        Event::Document { id, result } => {
            return inspector::update::on_document(state, id, result);
        }
        Event::Detail { id, result } => inspector::update::on_detail(state, id, result),
        Event::Fleet {
            id,
            account,
            result,
        } => {
            crate::app::views::firing::fleet::on_read(state, id, &account, result);
        }
        Event::AlertSummary { id, result } => {
            crate::app::views::firing::update::on_summary(state, id, result);
        }
        Event::EditRead { id, items } => return edit::update::on_read(state, id, items),
        Event::QueryChecked { id, result } => return edit::update::on_checked(state, id, result),
        Event::EditWritten { id, index, outcome } => {
            return edit::update::on_written(state, id, index, *outcome);
        }
        Event::EditsDone { id } => return edit::update::on_done(state, id),
        // The dashboard player's answers: its view takes them when it is open.
        Event::DashboardAnswer { key, result } => player::on_answer(state, key, result),
        Event::DashboardThrottled(t) => player::on_throttle(state, Some(t)),
        Event::DashboardResumed { .. } => player::on_throttle(state, None),
        Event::DashboardVariable { id, name, result } => {
            player::on_variable(state, id, name, result);
        }
        Event::DashboardFavorited {
            id,
            favorite,
            result,
            ..
        } => player::favorited(state, id, favorite, result),
    }
    Vec::new()
}

fn logged_in(state: &mut State, status: Box<crate::auth::TokenStatus>) -> Vec<Command> {
    // The account's own read-only setting joins the flag and the config's.
    state.read_only.account = state
        .accounts
        .get(&status.account)
        .is_some_and(|a| a.readonly);
    crate::app::views::accounts::update::landing(state, &status.account);
    state.login = LoginState::LoggedIn(status);
    // Land on the same resource views, reloaded for this session.
    let fleet_open = crate::app::views::firing::fleet::depth(state).is_some();
    state.stack.retain(|v| !v.closes_on_login());
    // A question asked for the last login is not answered for this one.
    state.confirm = None;
    // What fired on the last account is not this one's news.
    state.firing.reset();
    let mut commands = Vec::new();
    if fleet_open {
        // It closed with the login: the other accounts' sessions close with it.
        commands.push(Command::FleetClose);
    }
    for i in 0..state.stack.len() {
        let id = state.next_request_id();
        if let View::Table(t) = &mut state.stack[i] {
            commands.extend(t.reload(id));
        }
    }
    // The firing console reloaded for this session comes with its counts.
    if crate::app::views::firing::update::console_depth(state).is_some() {
        commands.extend(crate::app::views::firing::update::request_summary(state));
    }
    // `wf-tui --tv ID`: the dashboard plays once the first login is done.
    if let Some((id, tv)) = state.startup_play.take() {
        commands.extend(crate::app::views::dashboard::update::open(state, &id, tv));
    }
    commands
}

fn form_failed(state: &mut State, message: String) {
    let form = state.stack.iter_mut().rev().find_map(|v| match v {
        View::Form(f) if f.testing => Some(f),
        _ => None,
    });
    if let Some(form) = form {
        form.testing = false;
        form.error = Some(message);
    }
}

fn token(state: &mut State, status: Box<crate::auth::TokenStatus>) {
    // A status of an account that is no longer current is stale.
    let current = matches!(&state.login, LoginState::LoggedIn(t) if t.account == status.account);
    if !current {
        return;
    }
    if let Some(err) = &status.last_refresh_error {
        present::flash_in(state, "token refresh failed", err);
    }
    state.login = LoginState::LoggedIn(status);
}
