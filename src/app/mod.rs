//! Application state and the `update` step: messages in, plain state changed, commands out.
//! Nothing here blocks, spawns or does I/O.

pub mod drawn;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod memory;
pub mod overlays;
pub mod present;
pub mod prompt;
pub mod query_editor;
pub mod remote;
pub mod settings;
pub mod state;
pub mod update;
pub mod views;
pub mod widgets;

// The views' folders under their former names, for the code that reaches in from outside.
pub use views::table::rowview;
pub use views::{alert, chart, dashboard, inspector, login, metrics, table, trash, versions};

pub use keymap::{Action, Keymap, Scope};
pub use state::{AccountsView, Flash, LoginState, State, View, WfImport};
pub use update::{Msg, update};
