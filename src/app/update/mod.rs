//! The one place state changes: `update(state, msg) -> commands`. Here: routing keys, the
//! app's own actions, the command line, the mouse, the session's worker events. Each view's
//! keys, actions and answers are in its folder (`app::views`), reached through one dispatch.

pub(crate) use super::overlays::actions::update as actions;
mod command_line;
mod events;
mod mouse;

use command_line::*;
use events::*;

use crossterm::event::{KeyEvent, KeyEventKind};

pub use mouse::selection_hint as mouse_selection_hint;

use crate::worker::{Command, Event};

use super::drawn::Drawn;
use super::keymap::Action;
use super::state::{State, View};
use super::views;
use super::views::accounts::update::{open_accounts, open_token_pane};

/// Everything that can happen to the UI.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// A timer fired: something on screen counts (the token's lifetime, relative times).
    Tick,
    Worker(Event),
    /// A mouse event (only while mouse capture is on).
    Mouse(crossterm::event::MouseEvent),
    /// What the frame just drawn looks like: clicks and pages read it (it draws nothing).
    Drawn(Drawn),
    /// Text pasted into the terminal (bracketed paste): it goes to the field being typed in.
    Paste(Pasted),
    /// The editor closed (see `Command::Edit`).
    Edited(Box<crate::editor::Edited>),
}

/// Pasted text. Often a token: `Debug` says only its length.
#[derive(Clone, PartialEq, Eq)]
pub struct Pasted(pub String);

impl std::fmt::Debug for Pasted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pasted({} chars)", self.0.chars().count())
    }
}

impl<T: Into<String>> From<T> for Pasted {
    fn from(text: T) -> Self {
        Pasted(text.into())
    }
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Command> {
    let commands = dispatch(state, msg);
    follow_waits(state);
    state.keep_layout();
    commands
}

/// Every waiting view follows the request it waits for, to say how long once it is slow.
fn follow_waits(state: &mut State) {
    let now = state.now_ms;
    for view in &mut state.stack {
        view.follow_wait(now);
    }
}

fn dispatch(state: &mut State, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => {
            let mut commands = on_key(state, key);
            // Keys change what is remembered (sort, widths, filters, the list shown).
            commands.extend(super::memory::after_update(state));
            commands
        }
        Msg::Key(_) => Vec::new(),
        Msg::Tick => {
            // The firing console's own schedule, and the badge's.
            let mut commands = views::firing::update::on_tick(state);
            commands.extend(views::firing::fleet::on_tick(state));
            views::table::update::on_tick(state);
            commands.extend(views::dashboard::update::on_tick(state));
            commands.extend(views::chart::update::on_tick(state));
            let due = state.auto_refresh_at().is_some_and(|at| at <= state.now_ms);
            if due {
                commands.extend(views::on_action(state, Action::Refresh).unwrap_or_default());
                // What this refresh sends is the history's auto-refresh (hidden there).
                views::history::log::auto_refresh_started(state);
            }
            commands
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            // Until the next frame, each view's rows are what the new size gives.
            for depth in 0..state.stack.len() {
                let layout = state.layout_at(depth);
                state.stack[depth].fit(&layout);
            }
            // A player runs the panels the new size brings on screen.
            views::dashboard::update::on_resize(state)
        }
        Msg::Drawn(drawn) => {
            let resized = state.drawn.as_ref().is_none_or(|d| d.body != drawn.body);
            if let (Some(scroll), Some(max)) = (state.help.as_mut(), drawn.help_scroll_max) {
                *scroll = (*scroll).min(max);
            }
            state.drawn = Some(drawn);
            if resized {
                let layout = state.layout();
                state.view_mut().fit(&layout);
            }
            Vec::new()
        }
        Msg::Worker(event) => on_worker(state, event),
        Msg::Paste(text) => {
            let mut commands = on_paste(state, &text.0);
            commands.extend(super::memory::after_update(state));
            commands
        }
        Msg::Edited(edited) => views::edit::update::on_edited(state, *edited),
        Msg::Mouse(event) => {
            // A click can change what is remembered too (the list shown, the selection's column).
            let mut commands = mouse::on_mouse(state, event);
            commands.extend(super::memory::after_update(state));
            commands
        }
    }
}

pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    state.flash = None;
    if state.prompt.is_some() {
        return on_prompt_key(state, key);
    }
    if state.confirm.is_some() && state.help.is_none() {
        return match super::overlays::confirm::on_key(state, key) {
            super::overlays::confirm::Answer::Commands(commands) => commands,
            super::overlays::confirm::Answer::Replay(entry) => {
                super::views::history::log::send(state, &entry)
            }
            super::overlays::confirm::Answer::Revert(revert) => {
                super::views::versions::acts::recheck(state, *revert)
            }
        };
    }
    if state.flow.is_some() && state.help.is_none() {
        return actions::on_flow_key(state, key);
    }
    let scope = state.scope();
    // Sequences (`g g`) wait for their next key; a key that continues none counts alone.
    let action = match state.keymap.resolve(scope, &mut state.pending_keys, &key) {
        super::keymap::KeyStep::Pending | super::keymap::KeyStep::Cancelled => return Vec::new(),
        super::keymap::KeyStep::Action(action) => Some(action),
        super::keymap::KeyStep::Unbound => None,
    };
    if state.help.is_some() {
        return action.map(|a| on_help_action(state, a)).unwrap_or_default();
    }
    if let Some(commands) = views::on_key(state, &key, action) {
        return commands;
    }
    action.map(|a| on_action(state, a)).unwrap_or_default()
}

pub(super) fn on_help_action(state: &mut State, action: Action) -> Vec<Command> {
    let scroll = state.help.get_or_insert(0);
    match action {
        Action::Back | Action::Help => state.help = None,
        Action::Quit => state.quit = true,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = usize::MAX / 2,
        _ => {}
    }
    Vec::new()
}

/// An action: the current view's, or else the app's.
pub(super) fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    if let Some(refused) = views::firing::fleet::refuse(state, action) {
        return refused;
    }
    if let Some(commands) = views::on_action(state, action) {
        return commands;
    }
    match action {
        Action::Quit => state.quit = true,
        Action::Help => state.help = Some(0),
        Action::Command => state.prompt = Some(Default::default()),
        Action::TokenStatus => open_token_pane(state),
        Action::Accounts => open_accounts(state),
        Action::Back => return go_back(state),
        Action::PauseRefresh => {
            state.refresh_paused = !state.refresh_paused;
            let text = if state.refresh_paused {
                "auto-refresh paused (p resumes)"
            } else {
                "auto-refresh resumed"
            };
            state.flash_info(text);
        }
        Action::ToggleMouse => mouse::toggle(state),
        Action::ToggleUtc => {
            state.times.toggle();
            let name = state.times.name(state.now_ms);
            state.flash_info(format!("times in {name}"));
        }
        Action::Chart => return views::chart::update::chart_here(state),
        Action::Firing => return views::firing::open(state),
        Action::History => return views::versions::open(state),
        Action::Promote => return views::promote::open(state),
        Action::Restore => return views::trash::restore(state),
        Action::Add => state.stack.push(View::Methods(Default::default())),
        Action::Import => return super::views::login::update::import_wf(state),
        Action::Actions
        | Action::ToggleMark
        | Action::MarkAll
        | Action::ClearMarks
        | Action::CopyCurl => return actions::on_view_action(state, action),
        Action::EditItem => return views::edit::edit_selected(state),
        Action::NewItem => return views::edit::new_item(state),
        Action::CloneItem => return views::edit::clone_selected(state),
        Action::DeleteItem => return views::edit::delete_selected(state),
        Action::ColumnNext
        | Action::ColumnPrev
        | Action::WidenColumn
        | Action::NarrowColumn
        | Action::ResetColumns => super::memory::on_column_action(state, action),
        _ => {}
    }
    Vec::new()
}

/// Closes the current view (the first one stays), cancelling what it had in flight.
pub(super) fn go_back(state: &mut State) -> Vec<Command> {
    if state.stack.len() <= 1 {
        return Vec::new();
    }
    state
        .stack
        .pop()
        .map(|mut view| view.on_close())
        .unwrap_or_default()
}
