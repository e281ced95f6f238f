//! Saved accounts: `accounts.toml` in the config folder. Names, addresses, methods, the
//! non-secret parts of credentials (client id, org id) — never a secret.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::address::{AddressError, parse_address};
use crate::auth::{Account, Credentials, DEFAULT_CSP_URL, LoginMethod};
use crate::secret::Secret;

/// Where secrets are kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretsMode {
    /// The OS keyring (Keychain, Credential Manager, Secret Service, keyutils).
    #[default]
    Keyring,
    /// An opt-in file beside this one with mode 0600, for machines without a keyring.
    File,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsFile {
    /// The account used when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub secrets: SecretsMode,
    #[serde(default, rename = "account")]
    pub accounts: Vec<SavedAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedAccount {
    pub name: String,
    /// The instance: a host or a URL.
    pub address: String,
    pub method: LoginMethod,
    /// The CSP console, for the CSP methods; default `https://console.cloud.vmware.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csp_url: Option<String>,
    /// The server-to-server app's client id (not a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// Refuse every change through this account (`readonly = true`): browse production safely.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub readonly: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0} is not valid: {1}")]
    Parse(PathBuf, String),
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
    #[error("account {0}: {1}")]
    Address(String, AddressError),
    #[error("account {0} has no client id")]
    NoClientId(String),
}

impl AccountsFile {
    pub const FILE_NAME: &'static str = "accounts.toml";

    /// Reads the file; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<AccountsFile, AccountsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| AccountsError::Parse(path.to_path_buf(), e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AccountsFile::default()),
            Err(e) => Err(AccountsError::Read(path.to_path_buf(), e)),
        }
    }

    /// Writes the file atomically (a temporary file renamed over it), mode 0600.
    pub fn save(&self, path: &Path) -> Result<(), AccountsError> {
        let text = toml::to_string_pretty(self)
            .map_err(|e| AccountsError::Parse(path.to_path_buf(), e.to_string()))?;
        let header = match self.secrets {
            SecretsMode::Keyring => {
                "# wf-tui accounts. Secrets are not kept here: they live in the OS keyring.\n"
            }
            SecretsMode::File => {
                "# wf-tui accounts. Secrets are not kept here: they live in secrets.toml (0600).\n"
            }
        };
        write_private(path, &format!("{header}{text}"))
            .map_err(|e| AccountsError::Write(path.to_path_buf(), e))
    }

    pub fn get(&self, name: &str) -> Option<&SavedAccount> {
        self.accounts.iter().find(|a| a.name == name)
    }

    /// Adds or replaces (by name, or by `replacing` when renaming) an account.
    pub fn upsert(&mut self, account: SavedAccount, replacing: Option<&str>) {
        let old = replacing.unwrap_or(&account.name).to_string();
        if self.default.as_deref() == Some(old.as_str()) {
            self.default = Some(account.name.clone());
        }
        match self.accounts.iter_mut().find(|a| a.name == old) {
            // The form has no read-only switch: an edit keeps what the file says.
            Some(slot) => {
                let readonly = slot.readonly || account.readonly;
                *slot = SavedAccount {
                    readonly,
                    ..account
                }
            }
            None => self.accounts.push(account),
        }
        if self.default.is_none() {
            self.default = self.accounts.first().map(|a| a.name.clone());
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.accounts.retain(|a| a.name != name);
        if self.default.as_deref() == Some(name) {
            self.default = self.accounts.first().map(|a| a.name.clone());
        }
    }

    pub fn default_account(&self) -> Option<&SavedAccount> {
        self.default
            .as_deref()
            .and_then(|d| self.get(d))
            .or_else(|| self.accounts.first())
    }
}

impl SavedAccount {
    /// The account ready to log in, with its secret from the store.
    pub fn with_secret(&self, secret: Secret) -> Result<Account, AccountsError> {
        let addr =
            |s: &str| parse_address(s).map_err(|e| AccountsError::Address(self.name.clone(), e));
        let credentials = match self.method {
            LoginMethod::CspApiToken => Credentials::CspApiToken { api_token: secret },
            LoginMethod::CspServerToServer => Credentials::CspServerToServer {
                client_id: self
                    .client_id
                    .clone()
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| AccountsError::NoClientId(self.name.clone()))?,
                client_secret: secret,
                org_id: self.org_id.clone().filter(|o| !o.is_empty()),
            },
            LoginMethod::ApiToken => Credentials::ApiToken { token: secret },
            LoginMethod::ServiceAccountToken => Credentials::ServiceAccountToken { token: secret },
        };
        Ok(Account {
            name: self.name.clone(),
            instance: addr(&self.address)?,
            csp: addr(self.csp_url.as_deref().unwrap_or(DEFAULT_CSP_URL))?,
            credentials,
        })
    }
}

/// Writes a file only its owner can read (see [`crate::private_file::write_private`]).
pub fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    crate::private_file::write_private(path, contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(name: &str) -> SavedAccount {
        SavedAccount {
            name: name.into(),
            address: "acme.wavefront.com".into(),
            method: LoginMethod::CspServerToServer,
            csp_url: None,
            client_id: Some("app".into()),
            org_id: Some("org".into()),
            readonly: false,
        }
    }

    #[test]
    fn round_trips_through_toml_without_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wf-tui").join(AccountsFile::FILE_NAME);
        let mut file = AccountsFile::default();
        file.upsert(saved("prod"), None);
        file.upsert(saved("staging"), None);
        file.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("[[account]]"), "{text}");
        assert!(text.contains("method = \"csp-server-to-server\""), "{text}");
        assert_eq!(AccountsFile::load(&path).unwrap(), file);
        assert_eq!(file.default.as_deref(), Some("prod"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn missing_file_is_empty_and_broken_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.toml");
        assert_eq!(AccountsFile::load(&path).unwrap(), AccountsFile::default());
        std::fs::write(&path, "[[account]]\nname = 3\n").unwrap();
        let err = AccountsFile::load(&path).unwrap_err().to_string();
        assert!(err.contains("accounts.toml is not valid"), "{err}");
    }

    #[test]
    fn rename_and_remove_keep_the_default_sensible() {
        let mut file = AccountsFile::default();
        file.upsert(saved("prod"), None);
        file.upsert(saved("dev"), None);
        file.upsert(saved("production"), Some("prod"));
        assert_eq!(file.default.as_deref(), Some("production"));
        assert_eq!(file.accounts.len(), 2);
        file.remove("production");
        assert_eq!(file.default.as_deref(), Some("dev"));
    }

    #[test]
    fn with_secret_builds_the_account() {
        let a = saved("prod").with_secret(Secret::new("s")).unwrap();
        assert_eq!(a.csp.as_str(), DEFAULT_CSP_URL);
        assert_eq!(a.instance.as_str(), "https://acme.wavefront.com");
        assert!(
            matches!(a.credentials, Credentials::CspServerToServer { ref client_id, .. } if client_id == "app")
        );
        let mut bad = saved("x");
        bad.address = "http://example.com".into();
        assert!(bad.with_secret(Secret::new("s")).is_err());
    }

    #[test]
    fn readonly_is_read_written_only_when_on_and_kept_by_edits() {
        let text = "[[account]]\nname = \"prod\"\naddress = \"acme.wavefront.com\"\nmethod = \"api-token\"\nreadonly = true\n";
        let mut file: AccountsFile = toml::from_str(text).unwrap();
        assert!(file.accounts[0].readonly);
        // The form has no switch: an edit keeps it.
        let edited = SavedAccount {
            name: "prod".into(),
            address: "acme.wavefront.com".into(),
            method: LoginMethod::ApiToken,
            csp_url: None,
            client_id: None,
            org_id: None,
            readonly: false,
        };
        file.upsert(edited, None);
        assert!(file.accounts[0].readonly);
        assert!(toml::to_string(&file).unwrap().contains("readonly = true"));
        let plain = toml::to_string(&AccountsFile {
            accounts: vec![saved("dev")],
            ..Default::default()
        })
        .unwrap();
        assert!(!plain.contains("readonly"), "off is not written: {plain}");
    }
}
