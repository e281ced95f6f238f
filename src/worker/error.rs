//! Failures the worker reports on the message line, typed by domain; `app::present` puts them
//! in words on the screen.

use super::accounts::AccountsError;
use super::files::FileError;
use crate::config::state_file::StateFileError;

/// A job that failed with nothing waiting for it but the message line.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error(transparent)]
    File(#[from] FileError),
    /// The first write of remembered state or history that failed (said once).
    #[error("what wf-tui remembers cannot be saved: {0}")]
    Memory(#[from] StateFileError),
    #[error(transparent)]
    Copy(#[from] CopyError),
}

/// Why `Command::Copy` did not reach the clipboard (the runtime carries it out).
pub use crate::clipboard::CopyError;
