//! wf-tui: a terminal UI for the REST API of VMware Aria Operations for Applications (Wavefront).
//!
//! The flow runs one way (see README "Architecture"): terminal events and worker results become
//! [`app::Msg`]s, [`app::update`] changes plain [`app::State`] and returns [`worker::Command`]s,
//! [`ui::draw`] only reads state, and the [`worker`] owns HTTP and tokens.

#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod demo;
pub mod editor;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod json;
pub mod logging;
pub mod output;
pub mod private_file;
pub mod readonly;
pub mod runtime;
pub mod secret;
pub mod signals;
pub mod sync;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
pub mod worker;
pub mod wql;
