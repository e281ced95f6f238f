//! Where wf-tui keeps its files, and accounts from the environment. Never holds secrets on disk.

pub mod accounts;
pub mod env;
pub mod private_file;
pub mod settings;
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
        Self::discover_with(|k| std::env::var_os(k))
    }

    /// `WF_TUI_CONFIG_DIR` and `WF_TUI_STATE_DIR` name the folders outright (portable setups,
    /// and tests on Windows, whose known folders ignore `XDG_*` and `HOME`).
    pub fn discover_with(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<Paths> {
        let set = |k: &str| var(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let (config, state) = (set("WF_TUI_CONFIG_DIR"), set("WF_TUI_STATE_DIR"));
        if let (Some(config_dir), Some(state_dir)) = (config.clone(), state.clone()) {
            return Some(Paths {
                config_dir,
                state_dir,
            });
        }
        let dirs = ProjectDirs::from("", "", "wf-tui")?;
        let state_dir = state.unwrap_or_else(|| {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .to_path_buf()
        });
        Some(Paths {
            config_dir: config.unwrap_or_else(|| dirs.config_dir().to_path_buf()),
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

impl Paths {
    /// The settings file, beside the accounts.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join(settings::FILE_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_folders_win() {
        let paths = Paths::discover_with(|k| match k {
            "WF_TUI_CONFIG_DIR" => Some("/tmp/c".into()),
            "WF_TUI_STATE_DIR" => Some("/tmp/s".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(paths.config_dir, PathBuf::from("/tmp/c"));
        assert_eq!(
            paths.accounts_file(),
            PathBuf::from("/tmp/c").join("accounts.toml")
        );
        assert_eq!(paths.log_file(), PathBuf::from("/tmp/s").join("wf-tui.log"));
    }
}
