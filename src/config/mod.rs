//! Where wf-tui keeps its files, and accounts from the environment. Never holds secrets on disk.

pub mod accounts;
pub mod env;
pub mod state_file;
pub mod wavefront_cli;

use std::path::PathBuf;

use directories::ProjectDirs;

/// The config, data and state folders (honouring `XDG_*` on Linux).
#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub state_dir: PathBuf,
}

impl Paths {
    pub fn discover() -> Option<Paths> {
        let dirs = ProjectDirs::from("", "", "wf-tui")?;
        let state_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf();
        Some(Paths {
            config_dir: dirs.config_dir().to_path_buf(),
            state_dir,
        })
    }

    pub fn accounts_file(&self) -> PathBuf {
        self.config_dir.join(accounts::AccountsFile::FILE_NAME)
    }

    /// The opt-in secrets file, for machines without a keyring.
    pub fn secrets_file(&self) -> PathBuf {
        self.config_dir.join("secrets.toml")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("wf-tui.log")
    }
}
