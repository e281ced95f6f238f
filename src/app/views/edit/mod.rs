//! Editing items in `$EDITOR` (`e`, `n`, `N` on a list): the items read afresh, the editor on
//! their JSON, the text read back and checked (an alert's condition by the API), a diff of what
//! a yes writes, the writes (each item read again just before, nothing written over a change
//! made meanwhile), and a result per item. The text stays in its file until it was used, and
//! every message that leaves it there names the file. `D` (delete) is the confirmation
//! overlay's, naming the items.

pub mod draw;
pub mod start;
pub mod update;

use std::path::PathBuf;

use serde_json::Value;

use crate::api::Kind;
use crate::api::catalog::Editing;
use crate::api::edit::Purpose;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::State;
use crate::app::views::ViewBehaviour;
use crate::app::widgets::diff::Folded;
use crate::theme::Theme;
use crate::worker::{Command, RequestId};

pub use start::{clone_selected, delete_selected, edit_selected, new_item};

/// One edit, from reading the items to the result of writing them.
#[derive(Debug)]
pub struct EditView {
    pub kind: &'static Kind,
    pub editing: &'static Editing,
    pub purpose: Purpose,
    /// The items as read when the editor first opened (an update's base; none for a create).
    pub opened: Vec<Value>,
    /// The text as the editor last left it (or as it was first given).
    pub text: String,
    /// The file the editor works on, once written: where the text is kept.
    pub file: Option<PathBuf>,
    /// What a new file is named after.
    pub name: String,
    /// For a copy: read this item first, then open the editor on a copy of it.
    pub copy_of: Option<String>,
    pub step: Step,
    /// Lines scrolled past in the review or the results.
    pub scroll: usize,
}

/// Where the edit is.
#[derive(Debug)]
pub enum Step {
    /// Reading the items afresh.
    Reading(RequestId),
    /// The editor is open.
    Editing(RequestId),
    /// The text cannot be used, and why: `e` or `enter` reopens the editor on it.
    Invalid(String),
    /// The API checks an alert's condition (the `next` planned one).
    Checking {
        id: RequestId,
        planned: Vec<Planned>,
        next: usize,
        said: Vec<String>,
    },
    /// What `y` writes, as diffs; the checks' words.
    Review {
        planned: Vec<Planned>,
        said: Vec<String>,
    },
    /// Writing, one item after another.
    Writing {
        id: RequestId,
        planned: Vec<Planned>,
        results: Vec<Option<Outcome>>,
    },
    /// Done, and not all was written: a result per item.
    Done {
        planned: Vec<Planned>,
        results: Vec<Option<Outcome>>,
    },
}

/// One item a yes writes.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The item updated (`None`: created).
    pub item_id: Option<String>,
    /// How it is named on screen ("“cpu high” (1690000000372)").
    pub label: String,
    /// The item as it was opened (an update's base).
    pub opened: Option<Value>,
    pub body: Value,
    pub diff: Folded,
}

/// What became of one item's write.
#[derive(Debug, Clone)]
pub enum Outcome {
    Written,
    /// Changed on the server since it was opened: nothing written.
    Conflict(Box<ThreeWay>),
    Failed(String),
}

/// What you opened, what the server has now, yours: as the changes on each side.
#[derive(Debug, Clone)]
pub struct ThreeWay {
    /// From what you opened to what the server has now.
    pub theirs: Folded,
    /// From what you opened to your edit.
    pub mine: Folded,
    /// Paths both changed.
    pub both: Vec<String>,
}

impl EditView {
    /// The request the view waits for, if any.
    pub fn waiting(&self) -> Option<RequestId> {
        match &self.step {
            Step::Reading(id) | Step::Checking { id, .. } | Step::Writing { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// "alert" from "Alerts".
    pub fn noun(&self) -> String {
        let title = self.kind.title.to_lowercase();
        title.trim_end_matches('s').to_string()
    }

    /// "your edit is kept in FILE" (or nothing, before a file was written).
    pub fn kept(&self) -> String {
        self.file
            .as_ref()
            .map(|f| format!("your text is kept in {}", f.display()))
            .unwrap_or_default()
    }
}

/// The keys of an edit besides the dialog's (`y`, `esc`, `j`/`k`, `C`), for `?`.
pub const KEYS: &[Action] = &[
    Action::EditItem,
    Action::Top,
    Action::Bottom,
    Action::PageUp,
    Action::PageDown,
];

const REVIEW: &[Action] = &[
    Action::Confirm,
    Action::EditItem,
    Action::Down,
    Action::CopyCurl,
    Action::Back,
];
const INVALID: &[Action] = &[Action::EditItem, Action::Back];
const WAITING: &[Action] = &[Action::Back];

impl ViewBehaviour for EditView {
    /// The dialog keys: `y`/`enter` confirm, `e` back to the editor, `esc` leaves.
    fn scope(&self) -> Scope {
        Scope::Confirm
    }

    fn footer_actions(&self) -> &'static [Action] {
        match self.step {
            Step::Review { .. } => REVIEW,
            Step::Invalid(_) => INVALID,
            Step::Done { .. } => &[Action::EditItem, Action::Down, Action::Back],
            _ => WAITING,
        }
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match (action, &self.step) {
            (Action::Confirm, _) => Some("write it"),
            (Action::EditItem, Step::Done { .. }) => Some("edit again from the server's copy"),
            (Action::EditItem, _) => Some("back to the editor"),
            (Action::Down, _) => Some("scroll"),
            (Action::Back, Step::Review { .. } | Step::Invalid(_)) => Some("cancel (text kept)"),
            (Action::Back, Step::Done { .. }) => Some("close"),
            (Action::Back, _) => Some("stop"),
            _ => None,
        }
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        draw::draw(frame, area, self, state, theme);
        Drawn::top(frame, state, area)
    }

    fn waiting_for(&self) -> Option<RequestId> {
        self.waiting()
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        update::on_action(state, action)
    }
}
