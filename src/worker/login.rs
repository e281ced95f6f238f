//! The worker's side of logging in and of the saved accounts: which session is current, what a
//! finished login reports, the background refresh, and the account file jobs.

use std::path::PathBuf;
use std::sync::Arc;

use super::accounts::{self, AccountsError, LoginDone, LoginError, LoginFail};
use super::{Event, LoginJob, Worker};
use crate::auth::Account;
use crate::auth::store::{FileStore, Vault};
use crate::config::accounts::{AccountsFile, SavedAccount};
use crate::secret::Secret;

impl Worker {
    /// `Command::Login`: an unsaved account, replacing any current session.
    pub(super) fn login(&mut self, account: Account) {
        tracing::info!(account = %account.name, method = ?account.credentials.method(), "logging in");
        let job = accounts::login(self.http(), self.retry, account);
        self.start_login(tokio::spawn(job));
    }

    /// `Command::LoginSaved`: its secret read from the store.
    pub(super) fn login_saved(&mut self, saved: SavedAccount) {
        tracing::info!(account = %saved.name, method = ?saved.method, "logging in");
        let job = accounts::login_saved(self.http(), self.retry, self.vault(), saved);
        self.start_login(tokio::spawn(job));
    }

    /// `Command::SaveAccount`: test the credentials, then save and stay logged in.
    pub(super) fn save_account(
        &mut self,
        saved: SavedAccount,
        secret: Option<Secret>,
        replacing: Option<String>,
        secrets_file: bool,
    ) {
        if secrets_file {
            self.use_secrets_file();
        }
        tracing::info!(account = %saved.name, method = ?saved.method, "testing a new account");
        let (http, vault, location) = (self.http(), self.vault(), self.accounts.clone());
        let job =
            accounts::save_and_login(http, self.retry, vault, location, saved, secret, replacing);
        self.start_login(tokio::spawn(job));
    }

    /// Removes the account, its secret, and what was remembered for it (state, history).
    pub(super) fn remove_account(&self, name: String) {
        let (vault, location) = (self.vault(), self.accounts.clone());
        let forget = self.memory.forget(&name);
        self.spawn_file_job(async move {
            let file = accounts::remove(&vault, &location, name.clone()).await?;
            forget.now();
            Ok((
                file,
                format!("removed account {name}, its secret and its history"),
            ))
        });
    }

    pub(super) fn set_default(&self, name: String) {
        let location = self.accounts.clone();
        self.spawn_file_job(async move {
            let n = name.clone();
            let file = location.update(move |f| f.default = Some(n)).await?;
            Ok((file, format!("{name} is now the default account")))
        });
    }

    /// `Command::ImportWf`: the Ruby `wf` CLI's profiles from this file; their tokens go to the
    /// secrets file when the person chose it.
    pub(super) fn import_wf(&mut self, wf_file: PathBuf, secrets_file: bool) {
        let to_file = secrets_file && self.switch_to_secrets_file();
        let (vault, location) = (self.vault(), self.accounts.clone());
        let events = self.events.clone();
        tokio::spawn(async move {
            match accounts::import_wf(&vault, &location, wf_file, to_file).await {
                Ok(done) => {
                    let _ = events.send(Event::Imported(Box::new(done)));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "import failed");
                    let _ = events.send(Event::Failed(e.into()));
                }
            }
        });
    }

    /// Switches to the opt-in secrets file (when there is a place for it).
    fn switch_to_secrets_file(&mut self) -> bool {
        let Some(path) = self.secrets_file.clone() else {
            return false;
        };
        let vault = Vault::new(Arc::new(FileStore::new(path)));
        let _ = self.events.send(Event::Vault(vault.describe()));
        self.vault = Some(vault);
        true
    }

    /// Switches to the opt-in secrets file and records the choice in the accounts file.
    fn use_secrets_file(&mut self) {
        if !self.switch_to_secrets_file() {
            return;
        }
        let location = self.accounts.clone();
        self.spawn_file_job(async move {
            let file = location
                .update(|f| f.secrets = crate::config::accounts::SecretsMode::File)
                .await?;
            Ok((file, "secrets will be kept in the 0600 secrets file".into()))
        });
    }

    /// Starts a login; the current session (if any) keeps working until it succeeds, so a
    /// switch that fails leaves the person where they were. A login started meanwhile wins.
    fn start_login(&mut self, job: LoginJob) {
        if let Some(old) = self.login.replace(job) {
            old.abort();
        }
    }

    fn spawn_file_job(
        &self,
        job: impl Future<Output = Result<(AccountsFile, String), AccountsError>> + Send + 'static,
    ) {
        let events = self.events.clone();
        tokio::spawn(async move {
            match job.await {
                Ok((file, text)) => {
                    let _ = events.send(Event::AccountsChanged(Box::new(file)));
                    let _ = events.send(Event::Notice(text));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "account change failed");
                    let _ = events.send(Event::Failed(e.into()));
                }
            }
        });
    }

    pub(super) fn finish_login(
        &mut self,
        done: Result<Result<LoginDone, LoginFail>, tokio::task::JoinError>,
    ) {
        let failed = match done {
            Ok(Ok(done)) => return self.logged_in(done),
            Ok(Err(fail)) => fail,
            Err(e) if e.is_cancelled() => return,
            Err(e) => LoginFail {
                account: String::new(),
                error: LoginError::Task(e.to_string()),
                form: false,
            },
        };
        let LoginFail {
            account,
            error,
            form,
        } = failed;
        tracing::warn!(account = %account, %error, "login failed");
        let still_on = self.session.as_ref().map(|s| s.account().name.clone());
        let event = if form {
            Event::FormFailed(error)
        } else {
            Event::LoginFailed {
                account,
                error,
                still_on,
            }
        };
        let _ = self.events.send(event);
    }

    fn logged_in(&mut self, done: LoginDone) {
        let LoginDone {
            session,
            mut api,
            accounts,
            readonly,
            renamed_from,
        } = done;
        // The new session takes over: what was in flight for the old one is cancelled.
        self.abort_all();
        self.read_only.account = readonly;
        if let Some(old) = renamed_from {
            self.memory.rename(&old, &session.account().name);
        }
        // Memory and history first, so the UI restores the view before it reloads.
        self.memory
            .logged_in(session.account(), &mut api, &self.events);
        let mut watch = session.watch_status();
        let status = watch.borrow_and_update().clone();
        tracing::info!(account = %status.account, "logged in");
        self.status = Some(watch);
        self.session = Some(session);
        self.api = Some(Arc::new(api));
        if let Some(file) = accounts {
            let _ = self.events.send(Event::AccountsChanged(Box::new(file)));
        }
        let _ = self.events.send(Event::LoggedIn(Box::new(status)));
    }

    /// Refreshes in the background: `scheduled` when the schedule says so (skipped if a request
    /// refreshed meanwhile), otherwise because the person asked.
    pub(super) fn start_refresh(&mut self, scheduled: bool) {
        let Some(session) = self.session.clone() else {
            return;
        };
        self.refresh = Some(tokio::spawn(async move {
            // The outcome reaches the UI through the status watch; a failure is retried on the
            // schedule it sets.
            let _ = match scheduled {
                true => session.refresh_scheduled().await,
                false => session.refresh(None).await,
            };
        }));
    }
}
