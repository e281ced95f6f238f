//! The account a one-shot command (`get`, `query`, `source tag …`) uses: resolved as the TUI
//! resolves it (`--profile`, the environment, `default_account`, the saved default), with a
//! saved account's secret read from its store only when a login is needed (`--curl` needs none).

use crate::api::InstanceAddress;
use crate::auth::store::{FileStore, Vault};
use crate::auth::{Account, LoginMethod};
use crate::config::Paths;
use crate::config::accounts::{SavedAccount, SecretsMode};
use crate::demo::{DemoOptions, DemoServer};
use crate::runtime::Start;

/// What names the account on the command line: the paths, `--profile`, the settings file's
/// `default_account`, `--demo`.
#[derive(Clone, Copy)]
pub(super) struct Who<'a> {
    pub paths: Option<&'a Paths>,
    pub profile: Option<&'a str>,
    pub default_account: Option<&'a str>,
    pub demo: bool,
}

pub(super) enum CliAccount {
    /// The demo's account; the stand-in serves as long as this value lives.
    Demo {
        account: Account,
        _server: DemoServer,
    },
    /// From the environment: complete, secret included.
    Unsaved(Account),
    /// A saved account and where its secret is kept.
    Saved(SavedAccount, SecretsMode),
}

impl CliAccount {
    /// The account to use, or why there is none.
    pub async fn resolve(who: Who<'_>) -> anyhow::Result<CliAccount> {
        if who.demo {
            let server = DemoServer::start(DemoOptions::default()).await?;
            let account = server.account(LoginMethod::CspApiToken);
            return Ok(CliAccount::Demo {
                account,
                _server: server,
            });
        }
        match super::resolve(who.paths, who.profile, who.default_account)? {
            (Start::Unsaved(account), _, _) => Ok(CliAccount::Unsaved(*account)),
            (Start::Saved(saved), accounts, _) => Ok(CliAccount::Saved(*saved, accounts.secrets)),
            (Start::FirstRun, _, warning) => anyhow::bail!(
                "no account{}: set WAVEFRONT_ADDRESS and WAVEFRONT_TOKEN (or CSP_API_TOKEN, or \
                 CSP_APP_ID and CSP_APP_SECRET), save one in the TUI, or add --demo",
                warning.map(|w| format!(" ({w})")).unwrap_or_default()
            ),
        }
    }

    /// The instance's address, without touching any secret.
    pub fn address(&self) -> anyhow::Result<InstanceAddress> {
        Ok(match self {
            CliAccount::Demo { account: a, .. } | CliAccount::Unsaved(a) => a.instance.clone(),
            CliAccount::Saved(saved, _) => crate::api::parse_address(&saved.address)?,
        })
    }

    /// Whether the saved account is marked read-only.
    pub fn readonly(&self) -> bool {
        matches!(self, CliAccount::Saved(saved, _) if saved.readonly)
    }

    /// The account with its secret, read from the store for a saved one.
    pub async fn with_secret(&self, paths: Option<&Paths>) -> anyhow::Result<Account> {
        match self {
            CliAccount::Demo { account: a, .. } | CliAccount::Unsaved(a) => Ok(a.clone()),
            CliAccount::Saved(saved, mode) => {
                let vault = match (mode, paths) {
                    (SecretsMode::File, Some(p)) => {
                        Vault::new(std::sync::Arc::new(FileStore::new(p.secrets_file())))
                    }
                    _ => Vault::open_os().await,
                };
                let secret = vault.get(&saved.name).await?.ok_or_else(|| {
                    anyhow::anyhow!("no secret is stored for account {}", saved.name)
                })?;
                Ok(saved.with_secret(secret)?)
            }
        }
    }
}
