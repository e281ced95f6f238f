//! Application state and the `update` step: messages in, plain state changed, commands out.
//! Nothing here blocks, spawns or does I/O.

pub mod chart;
pub mod history;
pub mod input;
pub mod inspector;
pub mod keymap;
pub mod layout;
pub mod login;
pub mod memory;
pub mod overlays;
pub mod present;
pub mod prompt;
pub mod rowview;
pub mod settings;
pub mod state;
pub mod table;
pub mod update;
pub mod wait;

pub use keymap::{Action, Keymap, Scope};
pub use state::{AccountsView, Flash, LoginState, State, View, WfImport};
pub use update::{Msg, update};
