//! `wf-tui info`: the version, the settings (which file, whether it loaded, what was wrong,
//! the values in effect), the folders, the saved accounts and the secret store.

use std::fmt::Write as _;
use std::io::Write;

use crate::app::settings::Applied;
use crate::config::Paths;
use crate::config::accounts::{AccountsFile, SecretsMode};
use crate::config::settings::{FileStatus, Loaded};

pub(super) async fn write(
    paths: Option<&Paths>,
    config: &Loaded,
    applied: &Applied,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    writeln!(out, "wf-tui {}", env!("CARGO_PKG_VERSION"))?;
    write!(out, "{}", describe(config, applied))?;
    let Some(paths) = paths else {
        writeln!(out, "no home folder: nothing is saved, logs are off")?;
        return Ok(());
    };
    let accounts_path = paths.accounts_file();
    writeln!(out, "config folder:  {}", paths.config_dir.display())?;
    writeln!(out, "accounts:       {}", accounts_path.display())?;
    writeln!(out, "log file:       {}", paths.log_file().display())?;
    writeln!(out, "state folder:   {}", paths.state_dir.display())?;
    let file = AccountsFile::load(&accounts_path);
    match &file {
        Ok(f) => writeln!(
            out,
            "saved accounts: {} (default: {})",
            f.accounts.len(),
            f.default.as_deref().unwrap_or("none")
        ),
        Err(e) => writeln!(out, "saved accounts: unreadable: {e}"),
    }?;
    let vault = match file.map(|f| f.secrets).unwrap_or_default() {
        SecretsMode::File => crate::auth::store::Vault::new(std::sync::Arc::new(
            crate::auth::store::FileStore::new(paths.secrets_file()),
        )),
        SecretsMode::Keyring => crate::auth::store::Vault::open_os().await,
    };
    match vault.describe() {
        Ok(name) => writeln!(out, "secret store:   {name}"),
        Err(why) => writeln!(out, "secret store:   none: {why}"),
    }?;
    Ok(())
}

/// The settings part.
pub fn describe(config: &Loaded, applied: &Applied) -> String {
    let mut out = String::new();
    let path = config.path.as_ref().map_or_else(
        || "none (no config folder)".to_string(),
        |p| p.display().to_string(),
    );
    let status = match (&config.status, config.problems.len()) {
        (FileStatus::Missing, _) => "not present: defaults".to_string(),
        (FileStatus::Unusable(why), _) => format!("NOT loaded: {why}; using defaults"),
        (FileStatus::Read, 0) => "loaded".to_string(),
        (FileStatus::Read, 1) => "loaded, with 1 problem".to_string(),
        (FileStatus::Read, n) => format!("loaded, with {n} problems"),
    };
    let _ = writeln!(out, "settings:       {path} ({status})");
    for problem in &config.problems {
        let _ = writeln!(out, "  {problem}");
    }
    let _ = writeln!(
        out,
        "  theme {} · mouse {} · clipboard {} · read-only {} · large documents over {} values · answers up to {} MiB",
        applied.theme_name,
        if applied.mouse { "on" } else { "off" },
        applied.clipboard.name(),
        if applied.read_only { "yes" } else { "no" },
        applied.large_document_values,
        applied.max_response_bytes >> 20
    );
    let now = crate::auth::session::wall_ms();
    let _ = writeln!(out, "  times in {}", applied.times.name(now));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::{Problem, parse};

    #[test]
    fn says_where_and_what_was_wrong() {
        let (settings, problems) = parse("read_only = true\nmystery = 1\ntime_zone = \"utc\"\n");
        let mut loaded = Loaded {
            path: Some("/c/config.toml".into()),
            status: FileStatus::Read,
            settings,
            problems,
        };
        let applied = crate::app::settings::apply(&mut loaded, false);
        let text = describe(&loaded, &applied);
        assert!(text.contains("  times in UTC\n"), "{text}");
        assert!(
            text.contains("/c/config.toml (loaded, with 1 problem)"),
            "{text}"
        );
        assert!(text.contains("  line 2: unknown key `mystery`"), "{text}");
        assert!(text.contains("read-only yes"), "{text}");
        let broken = Loaded {
            status: FileStatus::Unusable("not valid TOML at line 1: x".into()),
            problems: vec![Problem::general("y")],
            ..loaded
        };
        assert!(describe(&broken, &applied).contains("NOT loaded: not valid TOML at line 1"));
    }
}
