//! `wf-tui edit KIND ID`, `create KIND [-f FILE|-]`, `clone KIND ID`, `delete KIND ID`: the
//! TUI's edits from the command line. `edit` (and `create` without a file) opens `$VISUAL` /
//! `$EDITOR`; every write shows what it sends (a diff on standard error) and asks first,
//! unless `--yes`; read-only mode refuses before anything is read (exit 3). The written item
//! goes to standard output. A text that is not used stays in its file, and the message says
//! where.

mod flow;
pub(crate) mod show;

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::actions::ActOutput;

/// Options every write takes.
#[derive(Debug, Clone, Args)]
pub struct WriteOpts {
    /// Write without asking (what would be sent is still shown on standard error).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// json: the item written; text: one line.
    #[arg(short = 'o', long, value_enum, default_value_t = ActOutput::Json)]
    pub output: ActOutput,
}

#[derive(Debug, Subcommand)]
pub enum WriteCommand {
    /// Edit an item's JSON in $VISUAL/$EDITOR: a diff, a question, then the update (refused if
    /// the item changed on the server meanwhile: the check is made just before the write).
    Edit {
        /// alert, dashboard, derivedmetric, maintenancewindow, notificant, extlink,
        /// savedsearch, usergroup, role or ingestionpolicy (or an alias).
        kind: String,
        id: String,
        #[command(flatten)]
        opts: WriteOpts,
    },
    /// Create an item from a JSON file (`-`: standard input), or from a template in $EDITOR.
    Create {
        kind: String,
        /// The item's JSON; keys starting with // are notes and are not sent.
        #[arg(short = 'f', long, value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        opts: WriteOpts,
    },
    /// Create a copy of an item (alerts: the API's clone).
    Clone {
        kind: String,
        id: String,
        /// The copy's name (default: the original's, with " (copy)").
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        opts: WriteOpts,
    },
    /// Delete an item (it is named in the question first).
    Delete {
        kind: String,
        id: String,
        #[command(flatten)]
        opts: WriteOpts,
    },
}

pub(super) use flow::run;
