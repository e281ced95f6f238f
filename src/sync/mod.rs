//! Dump, diff and apply between accounts (issue #21): items matched across accounts by a
//! natural key ([`keys`]), written and compared in a canonical form ([`canonical`]), their
//! references to other items mapped to the other account's ids ([`refs`], [`set`]), kept on
//! disk as a dump ([`files`]), and changed by a plan ([`plan`]). Pure but for the dump's
//! files: the worker (`crate::worker::sync`) reads the accounts, the command line
//! (`crate::cli::sync`) and the TUI's `:diff @account` use them.

pub mod canonical;
pub mod files;
pub mod keys;
pub mod plan;
pub mod refs;
pub mod set;

pub use canonical::{MASK, canonical, sorted};
pub use keys::{SYNC_KINDS, SyncKind, sync_kind};
