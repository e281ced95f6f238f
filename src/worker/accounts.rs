//! The worker's account work: reading secrets for a saved account, testing and saving a new
//! one, removing, importing. File and keyring I/O happen here, never in the UI.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::api::Executor;
use crate::api::retry::RetryPolicy;
use crate::auth::store::{StoreError, Vault};
use crate::auth::{Account, AuthError, Session};
use crate::config::accounts::{AccountsError as AccountsFileError, AccountsFile, SavedAccount};
use crate::config::wavefront_cli;
use crate::secret::Secret;

/// A login that worked, with the accounts file when the login also saved an account.
pub struct LoginDone {
    pub session: Arc<Session>,
    /// Sends the session's requests.
    pub api: Executor,
    pub accounts: Option<AccountsFile>,
    /// The account refuses changes (`readonly = true`): applied when the session takes over.
    pub readonly: bool,
    /// The old name of an account renamed by this login (its remembered files move along).
    pub renamed_from: Option<String>,
}

/// A login that did not; `form` when it was the test of a form.
pub struct LoginFail {
    pub account: String,
    pub error: LoginError,
    pub form: bool,
}

fn fail(account: &str, form: bool, error: impl Into<LoginError>) -> LoginFail {
    LoginFail {
        account: account.to_string(),
        error: error.into(),
        form,
    }
}

/// Why a login (or the test of a form's credentials) failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("cannot read its secret: {0}")]
    ReadSecret(StoreError),
    #[error("no secret is stored for {name} ({store}): edit the account to enter it again")]
    NoSecret { name: String, store: String },
    #[error("cannot read the stored secret: {0}")]
    ReadStoredSecret(StoreError),
    #[error("no secret is stored for this account: enter it")]
    NoStoredSecret,
    #[error(transparent)]
    Account(#[from] AccountsFileError),
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error("logged in, but the secret could not be stored, so the account was not saved: {0}")]
    SecretNotStored(StoreError),
    /// The login task itself ended abnormally (a panic).
    #[error("login task failed: {0}")]
    Task(String),
}

/// Why a change to the saved accounts failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("accounts lock poisoned")]
    Poisoned,
    #[error(transparent)]
    File(#[from] AccountsFileError),
    /// The blocking task that reads or writes the file ended abnormally.
    #[error("{0}")]
    Task(String),
    #[error("cannot remove the secret of {name}: {source}")]
    RemoveSecret { name: String, source: StoreError },
    #[error("cannot read ~/.wavefront: {0}")]
    ReadWf(std::io::Error),
    #[error("cannot store the token of {name}: {source}")]
    StoreToken { name: String, source: StoreError },
}

pub async fn login(
    http: reqwest::Client,
    retry: RetryPolicy,
    account: Account,
) -> Result<LoginDone, LoginFail> {
    let name = account.name.clone();
    let (session, api) = Session::login_with(http, account, retry)
        .await
        .map_err(|e| fail(&name, false, e))?;
    Ok(LoginDone {
        session,
        api,
        accounts: None,
        readonly: false,
        renamed_from: None,
    })
}

pub async fn login_saved(
    http: reqwest::Client,
    retry: RetryPolicy,
    vault: Vault,
    saved: SavedAccount,
) -> Result<LoginDone, LoginFail> {
    let secret = vault
        .get(&saved.name)
        .await
        .map_err(|e| fail(&saved.name, false, LoginError::ReadSecret(e)))?
        .ok_or_else(|| {
            let store = vault.describe().unwrap_or_else(|e| e.to_string());
            let name = saved.name.clone();
            fail(&saved.name, false, LoginError::NoSecret { name, store })
        })?;
    let account = saved
        .with_secret(secret)
        .map_err(|e| fail(&saved.name, false, e))?;
    let done = login(http, retry, account).await?;
    Ok(LoginDone {
        readonly: saved.readonly,
        ..done
    })
}

/// Tests the credentials (exchange + one real call), then stores the secret and the account.
pub async fn save_and_login(
    http: reqwest::Client,
    retry: RetryPolicy,
    vault: Vault,
    accounts: AccountsLocation,
    saved: SavedAccount,
    secret: Option<Secret>,
    replacing: Option<String>,
) -> Result<LoginDone, LoginFail> {
    let name = saved.name.clone();
    let form_fail = |e: LoginError| fail(&name, true, e);
    let secret = match secret {
        Some(s) => s,
        None => {
            let old = replacing.as_deref().unwrap_or(&name);
            vault
                .get(old)
                .await
                .map_err(|e| form_fail(LoginError::ReadStoredSecret(e)))?
                .ok_or_else(|| form_fail(LoginError::NoStoredSecret))?
        }
    };
    let account = saved
        .with_secret(secret.clone())
        .map_err(|e| form_fail(e.into()))?;
    let (session, api) = Session::login_with(http, account, retry)
        .await
        .map_err(|e| form_fail(e.into()))?;
    // The account first, the secret after: a save that fails leaves no secret behind for an
    // account that does not exist. A secret that cannot be stored takes the account back out.
    let before = accounts.load().await.map_err(|e| form_fail(e.into()))?;
    let replaced = replacing.clone();
    let saved_file = accounts
        .update(move |file| file.upsert(saved, replaced.as_deref()))
        .await
        .map_err(|e| form_fail(e.into()))?;
    if let Err(e) = vault.set(&name, secret).await {
        let _ = accounts.update(move |file| *file = before).await;
        return Err(form_fail(LoginError::SecretNotStored(e)));
    }
    let renamed_from = replacing.filter(|old| *old != name);
    if let Some(old) = renamed_from.as_deref() {
        let _ = vault.delete(old).await;
    }
    // What the file says: an edit keeps `readonly` (the form has no switch for it).
    let readonly = saved_file.get(&name).is_some_and(|a| a.readonly);
    Ok(LoginDone {
        session,
        api,
        accounts: Some(saved_file),
        readonly,
        renamed_from,
    })
}

/// Where saved accounts live: `accounts.toml`, or memory for sessions that save nothing to disk
/// (the demo, tests).
#[derive(Clone)]
pub enum AccountsLocation {
    File(PathBuf),
    Memory(Arc<Mutex<AccountsFile>>),
}

impl AccountsLocation {
    pub async fn load(&self) -> Result<AccountsFile, AccountsError> {
        self.update(|_| {}).await
    }

    /// Loads, changes and saves (files on a blocking thread). A file that does not parse is
    /// never overwritten: the change fails with the reason.
    pub async fn update(
        &self,
        change: impl FnOnce(&mut AccountsFile) + Send + 'static,
    ) -> Result<AccountsFile, AccountsError> {
        match self {
            AccountsLocation::Memory(file) => {
                let mut file = file.lock().map_err(|_| AccountsError::Poisoned)?;
                change(&mut file);
                Ok(file.clone())
            }
            AccountsLocation::File(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || {
                    let mut file = AccountsFile::load(&path)?;
                    let before = file.clone();
                    change(&mut file);
                    if file != before {
                        file.save(&path)?;
                    }
                    Ok(file)
                })
                .await
                .map_err(|e| AccountsError::Task(e.to_string()))?
            }
        }
    }
}

pub async fn remove(
    vault: &Vault,
    accounts: &AccountsLocation,
    name: String,
) -> Result<AccountsFile, AccountsError> {
    if let Err(source) = vault.delete(&name).await {
        return Err(AccountsError::RemoveSecret { name, source });
    }
    accounts.update(move |f| f.remove(&name)).await
}

/// What an import of `~/.wavefront` did.
#[derive(Debug)]
pub struct Imported {
    pub accounts: AccountsFile,
    /// "imported 2 account(s) from ~/.wavefront: …; skipped …".
    pub summary: String,
    pub names: Vec<String>,
}

/// Imports the Ruby `wf` CLI's profiles as API-token accounts; names already taken are skipped.
/// `secrets_file`: the tokens go to the 0600 secrets file, and the accounts file says so (in
/// the same write as the accounts: two writes at once could lose one).
pub async fn import_wf(
    vault: &Vault,
    accounts: &AccountsLocation,
    wf_file: PathBuf,
    secrets_file: bool,
) -> Result<Imported, AccountsError> {
    let profiles = tokio::task::spawn_blocking(move || wavefront_cli::read(&wf_file))
        .await
        .map_err(|e| AccountsError::Task(e.to_string()))?
        .map_err(AccountsError::ReadWf)?;
    let existing = accounts.load().await?;
    let mut imported = Vec::new();
    let mut tokens = Vec::new();
    let mut skipped = Vec::new();
    for profile in profiles {
        let Some(token) = profile.token else {
            skipped.push(format!("{} (no token)", profile.name));
            continue;
        };
        if existing.get(&profile.name).is_some() {
            skipped.push(format!("{} (name taken)", profile.name));
            continue;
        }
        tokens.push((profile.name.clone(), token));
        imported.push(SavedAccount {
            name: profile.name,
            address: profile.endpoint,
            method: crate::auth::LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        });
    }
    let names: Vec<String> = imported.iter().map(|a| a.name.clone()).collect();
    // The accounts first, their secrets after (as `save_and_login`): a secret that cannot be
    // stored takes its account and the ones not stored yet back out.
    let file = accounts
        .update(move |f| {
            if secrets_file {
                f.secrets = crate::config::accounts::SecretsMode::File;
            }
            for account in imported {
                f.upsert(account, None);
            }
        })
        .await?;
    for (i, (name, token)) in tokens.into_iter().enumerate() {
        if let Err(source) = vault.set(&name, token).await {
            let unstored: Vec<String> = names[i..].to_vec();
            let _ = accounts
                .update(move |f| unstored.iter().for_each(|n| f.remove(n)))
                .await;
            return Err(AccountsError::StoreToken { name, source });
        }
    }
    let mut summary = format!("imported {} account(s) from ~/.wavefront", names.len());
    if !names.is_empty() {
        summary.push_str(&format!(": {}", names.join(", ")));
    }
    if !skipped.is_empty() {
        summary.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    Ok(Imported {
        accounts: file,
        summary,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::store::FileStore;
    use crate::demo::{DemoOptions, DemoServer};

    /// The secret used to be stored before the account: when saving the account then failed,
    /// `secrets.toml` kept a secret for an account that did not exist.
    #[tokio::test]
    async fn a_failed_account_save_leaves_no_secret_behind() {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let secrets = dir.path().join("secrets.toml");
        let vault = Vault::new(Arc::new(FileStore::new(secrets.clone())));
        // The accounts file's folder is a plain file: the account cannot be saved.
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, "").unwrap();
        let accounts = AccountsLocation::File(blocker.join("accounts.toml"));
        let saved = SavedAccount {
            name: "prod".into(),
            address: server.url(),
            method: crate::auth::LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        };
        let token = server.credentials().api_token.clone();
        let result = save_and_login(
            crate::api::client::http_client(Default::default()),
            RetryPolicy::default(),
            vault,
            accounts,
            saved,
            Some(token.clone()),
            None,
        )
        .await;
        assert!(result.is_err(), "the save failed");
        let left = std::fs::read_to_string(&secrets).unwrap_or_default();
        assert!(
            !left.contains(token.expose()),
            "no secret for an account never saved"
        );
    }
}
