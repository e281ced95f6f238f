//! Where wf-tui keeps its files, and accounts from the environment. Never holds secrets on disk.

pub mod accounts;
pub mod env;
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

/// `~/x` and `~` as a shell reads them (a path typed on the `:` line): the home folder.
pub fn expand_home(path: &std::path::Path) -> PathBuf {
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    expand_home_with(path, home.as_deref())
}

fn expand_home_with(path: &std::path::Path, home: Option<&std::path::Path>) -> PathBuf {
    let (Some(home), Some(text)) = (home, path.to_str()) else {
        return path.to_path_buf();
    };
    match text.strip_prefix('~') {
        Some("") => home.to_path_buf(),
        Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
            home.join(&rest[1..])
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {

    /// `:export ~/rows.csv` wrote into a folder named `~` in the working directory.
    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = std::path::Path::new("/home/me");
        let expand = |p: &str| expand_home_with(std::path::Path::new(p), Some(home));
        assert_eq!(expand("~/rows.csv"), PathBuf::from("/home/me/rows.csv"));
        assert_eq!(expand("~"), PathBuf::from("/home/me"));
        assert_eq!(expand("~other/x"), PathBuf::from("~other/x"));
        assert_eq!(expand("/tmp/~/x"), PathBuf::from("/tmp/~/x"));
        assert_eq!(expand("rows.csv"), PathBuf::from("rows.csv"));
    }

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
