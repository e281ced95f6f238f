//! Where secrets live: the OS keyring, or a file the person opted into, or memory (tests and
//! unsaved accounts). Calls may block (a keyring daemon), so [`Vault`] runs them on a blocking
//! thread with a timeout; nothing here is ever called from the UI thread.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::private_file::write_private;
use crate::secret::Secret;

/// The keyring "service" under which every secret is filed; the "user" is the account name.
pub const SERVICE: &str = "wf-tui";

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum StoreError {
    #[error("{0}")]
    Unavailable(String),
    #[error("{store}: {message}")]
    Failed { store: String, message: String },
    #[error("{store} did not answer within {secs} s")]
    Timeout { store: String, secs: u64 },
    /// The secrets file can be read (or written) by others: refused, as ssh refuses such a key.
    #[error(
        "{path} is open to others (mode {mode:04o}), so its secrets are not used: run \
         `chmod 600 {path}` (and replace the secrets if someone else could read them)"
    )]
    TooOpen { path: String, mode: u32 },
}

/// A place that keeps one secret per account name.
pub trait SecretStore: Send + Sync {
    /// "Secret Service", "keyutils", "file ~/.config/wf-tui/secrets.toml" …
    fn name(&self) -> String;
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError>;
    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError>;
    fn delete(&self, account: &str) -> Result<(), StoreError>;
}

/// A `keyring-core` credential store.
pub struct KeyringStore {
    name: &'static str,
    /// Always `Some` until dropped (see `Drop`).
    store: Option<Arc<keyring_core::CredentialStore>>,
}

impl KeyringStore {
    fn entry(&self, account: &str) -> Result<keyring_core::Entry, StoreError> {
        let store = self.store.as_ref().expect("taken only on drop");
        keyring_core::Entry::new_in_store(store, SERVICE, account).map_err(|e| self.fail(e))
    }

    fn fail(&self, e: keyring_core::Error) -> StoreError {
        StoreError::Failed {
            store: self.name.to_string(),
            message: e.to_string(),
        }
    }
}

impl Drop for KeyringStore {
    /// The Secret Service store blocks on a runtime of its own when dropped, which panics on
    /// an async thread (the worker, at exit or when switching to the secrets file): the last
    /// reference goes to a plain thread.
    fn drop(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::Builder::new()
                .name("keyring-drop".into())
                .spawn(move || drop(store));
        }
    }
}

impl SecretStore for KeyringStore {
    fn name(&self) -> String {
        self.name.to_string()
    }

    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        match self.entry(account)?.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError> {
        let entry = self.entry(account)?;
        entry
            .set_password(secret.expose())
            .map_err(|e| self.fail(e))?;
        // Read back: some stores accept a write they cannot keep.
        match entry.get_password() {
            Ok(p) if p == secret.expose() => Ok(()),
            Ok(_) => Err(StoreError::Failed {
                store: self.name.into(),
                message: "the secret read back differs from the one written".into(),
            }),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn delete(&self, account: &str) -> Result<(), StoreError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.fail(e)),
        }
    }
}

/// The opt-in secrets file: TOML `account = "secret"`, mode 0600 in a 0700 folder.
pub struct FileStore {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileStore {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }

    fn read(&self) -> Result<BTreeMap<String, String>, StoreError> {
        self.refuse_if_open()?;
        match std::fs::read_to_string(&self.path) {
            Ok(text) => toml::from_str(&text).map_err(|e| self.fail(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(self.fail(e.to_string())),
        }
    }

    /// A file others may read is refused, not fixed: a secret that was readable may have been
    /// read, and only its owner can say whether to trust it (ssh does the same with keys).
    #[cfg(unix)]
    fn refuse_if_open(&self) -> Result<(), StoreError> {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(&self.path) {
            Ok(m) => m.permissions().mode() & 0o7777,
            Err(_) => return Ok(()), // missing: empty; unreadable: said by the read
        };
        if mode & 0o077 == 0 {
            return Ok(());
        }
        Err(StoreError::TooOpen {
            path: self.path.display().to_string(),
            mode,
        })
    }

    #[cfg(not(unix))]
    fn refuse_if_open(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn write(&self, map: &BTreeMap<String, String>) -> Result<(), StoreError> {
        let text = toml::to_string(map).map_err(|e| self.fail(e.to_string()))?;
        let header = "# wf-tui secrets (opted in: no OS keyring). Keep this file private.\n";
        write_private(&self.path, format!("{header}{text}").as_bytes())
            .map_err(|e| self.fail(e.to_string()))
    }

    fn fail(&self, message: String) -> StoreError {
        StoreError::Failed {
            store: self.name(),
            message,
        }
    }
}

impl SecretStore for FileStore {
    fn name(&self) -> String {
        format!("file {}", self.path.display())
    }

    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| self.fail("lock poisoned".into()))?;
        Ok(self.read()?.remove(account).map(Secret::new))
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| self.fail("lock poisoned".into()))?;
        let mut map = self.read()?;
        map.insert(account.to_string(), secret.expose().to_string());
        self.write(&map)
    }

    fn delete(&self, account: &str) -> Result<(), StoreError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| self.fail("lock poisoned".into()))?;
        let mut map = self.read()?;
        if map.remove(account).is_some() {
            self.write(&map)?;
        }
        Ok(())
    }
}

/// Secrets in memory only: for tests, and for the demo.
#[derive(Default)]
pub struct MemoryStore {
    map: Mutex<BTreeMap<String, Secret>>,
}

impl SecretStore for MemoryStore {
    fn name(&self) -> String {
        "memory (not saved)".into()
    }

    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        Ok(self.map.lock().ok().and_then(|m| m.get(account).cloned()))
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError> {
        if let Ok(mut m) = self.map.lock() {
            m.insert(account.to_string(), secret.clone());
        }
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), StoreError> {
        if let Ok(mut m) = self.map.lock() {
            m.remove(account);
        }
        Ok(())
    }
}

/// What to do without a keyring, said after why there is none.
const ALTERNATIVES: &str = "Use environment variables (WAVEFRONT_TOKEN, CSP_API_TOKEN, …), or \
     opt in to a secrets file (ctrl-o in the login pane or form, or `secrets = \"file\"` in \
     accounts.toml)";

/// `WF_TUI_KEYRING=off` (also `0`, `false`, `no`, `none`): no OS keyring is tried, as on a box
/// without one (a keyring that hangs or prompts; tests of the secrets-file path).
pub const KEYRING_ENV: &str = "WF_TUI_KEYRING";

fn keyring_switched_off(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "off" | "0" | "false" | "no" | "none"
        )
    })
}

/// Opens the first OS keyring that works here, saying why each one did not.
/// Blocking: call it through [`Vault`].
pub fn open_os_keyring() -> Result<Arc<dyn SecretStore>, StoreError> {
    if keyring_switched_off(std::env::var(KEYRING_ENV).ok().as_deref()) {
        return Err(StoreError::Unavailable(format!(
            "the OS keyring is switched off ({KEYRING_ENV}=off). {ALTERNATIVES}"
        )));
    }
    let mut reasons: Vec<String> = Vec::new();
    for (name, open) in candidates() {
        match open().and_then(|store| probe(name, store)) {
            Ok(store) => return Ok(store),
            Err(e) => reasons.push(format!("{name}: {e}")),
        }
    }
    Err(StoreError::Unavailable(format!(
        "no OS keyring works here ({}). {ALTERNATIVES}",
        reasons.join("; ")
    )))
}

/// Opens one OS keyring by its name (as `describe` says it), for tests of each store.
/// Blocking: call it through a blocking thread.
pub fn open_os_store(name: &str) -> Result<Arc<dyn SecretStore>, StoreError> {
    let (name, open) = candidates()
        .into_iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| {
            StoreError::Unavailable(format!("{name} is not a store of this platform"))
        })?;
    open()
        .and_then(|store| probe(name, store))
        .map_err(|e| StoreError::Unavailable(format!("{name}: {e}")))
}

type Opener = fn() -> Result<Arc<keyring_core::CredentialStore>, String>;

fn candidates() -> Vec<(&'static str, Opener)> {
    #[allow(unused_mut)]
    let mut list: Vec<(&'static str, Opener)> = Vec::new();
    #[cfg(target_os = "linux")]
    {
        list.push(("Secret Service", || {
            zbus_secret_service_keyring_store::Store::new()
                .map(|s| s as Arc<keyring_core::CredentialStore>)
                .map_err(|e| e.to_string())
        }));
        list.push(("keyutils", || {
            linux_keyutils_keyring_store::Store::new()
                .map(|s| s as Arc<keyring_core::CredentialStore>)
                .map_err(|e| e.to_string())
        }));
    }
    #[cfg(target_os = "macos")]
    list.push(("macOS Keychain", || {
        apple_native_keyring_store::keychain::Store::new()
            .map(|s| s as Arc<keyring_core::CredentialStore>)
            .map_err(|e| e.to_string())
    }));
    #[cfg(windows)]
    list.push(("Windows Credential Manager", || {
        windows_native_keyring_store::Store::new()
            .map(|s| s as Arc<keyring_core::CredentialStore>)
            .map_err(|e| e.to_string())
    }));
    list
}

/// A store works when a write of a probe entry reads back and deletes.
fn probe(
    name: &'static str,
    store: Arc<keyring_core::CredentialStore>,
) -> Result<Arc<dyn SecretStore>, String> {
    let candidate = KeyringStore {
        name,
        store: Some(store),
    };
    let probe = Secret::new("probe");
    let account = "wf-tui-probe";
    candidate.set(account, &probe).map_err(|e| e.to_string())?;
    candidate.delete(account).map_err(|e| e.to_string())?;
    Ok(Arc::new(candidate))
}

/// Runs store calls on a blocking thread with a timeout: a keyring daemon that hangs (it does,
/// on some desktops) costs a message, never a frozen app.
#[derive(Clone)]
pub struct Vault {
    store: Result<Arc<dyn SecretStore>, StoreError>,
    timeout: Duration,
}

impl Vault {
    pub const TIMEOUT: Duration = Duration::from_secs(5);

    pub fn new(store: Arc<dyn SecretStore>) -> Self {
        Self {
            store: Ok(store),
            timeout: Self::TIMEOUT,
        }
    }

    pub fn unavailable(error: StoreError) -> Self {
        Self {
            store: Err(error),
            timeout: Self::TIMEOUT,
        }
    }

    /// Opens the OS keyring (with the timeout).
    pub async fn open_os() -> Self {
        let opened =
            tokio::time::timeout(Self::TIMEOUT, tokio::task::spawn_blocking(open_os_keyring)).await;
        match opened {
            Ok(Ok(Ok(store))) => Self::new(store),
            Ok(Ok(Err(e))) => Self::unavailable(e),
            Ok(Err(e)) => Self::unavailable(StoreError::Unavailable(e.to_string())),
            Err(_) => Self::unavailable(StoreError::Timeout {
                store: "the OS keyring".into(),
                secs: Self::TIMEOUT.as_secs(),
            }),
        }
    }

    /// The store's name, or why there is none.
    pub fn describe(&self) -> Result<String, StoreError> {
        match &self.store {
            Ok(s) => Ok(s.name()),
            Err(e) => Err(e.clone()),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn SecretStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.store.clone()?;
        let name = store.name();
        let job = tokio::task::spawn_blocking(move || f(store.as_ref()));
        match tokio::time::timeout(self.timeout, job).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => Err(StoreError::Failed {
                store: name,
                message: e.to_string(),
            }),
            Err(_) => Err(StoreError::Timeout {
                store: name,
                secs: self.timeout.as_secs(),
            }),
        }
    }

    pub async fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        let account = account.to_string();
        self.run(move |s| s.get(&account)).await
    }

    pub async fn set(&self, account: &str, secret: Secret) -> Result<(), StoreError> {
        let account = account.to_string();
        self.run(move |s| s.set(&account, &secret)).await
    }

    pub async fn delete(&self, account: &str) -> Result<(), StoreError> {
        let account = account.to_string();
        self.run(move |s| s.delete(&account)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_keeps_secrets_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wf").join("secrets.toml");
        let store = FileStore::new(path.clone());
        assert_eq!(store.get("prod").unwrap(), None);
        store.set("prod", &Secret::new("tok-1")).unwrap();
        store.set("dev", &Secret::new("tok-2")).unwrap();
        assert_eq!(store.get("prod").unwrap().unwrap().expose(), "tok-1");
        store.delete("prod").unwrap();
        assert_eq!(store.get("prod").unwrap(), None);
        assert_eq!(store.get("dev").unwrap().unwrap().expose(), "tok-2");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// A `secrets.toml` others could read used to be used without a word.
    #[cfg(unix)]
    #[test]
    fn a_secrets_file_open_to_others_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wf-tui").join("secrets.toml");
        let store = FileStore::new(path.clone());
        store.set("prod", &Secret::new("tok-1")).unwrap();
        let chmod = |mode| std::fs::set_permissions(&path, PermissionsExt::from_mode(mode));
        for mode in [0o644, 0o640, 0o604, 0o660] {
            chmod(mode).unwrap();
            let err = store.get("prod").unwrap_err();
            assert_eq!(
                err,
                StoreError::TooOpen {
                    path: path.display().to_string(),
                    mode
                }
            );
            let text = err.to_string();
            assert!(text.contains(&format!("mode {mode:04o}")), "{text}");
            assert!(
                text.contains(&format!("chmod 600 {}", path.display())),
                "{text}"
            );
            assert!(!text.contains("tok-1"), "no secret in the message");
            assert!(store.set("dev", &Secret::new("x")).is_err(), "nor written");
        }
        chmod(0o600).unwrap();
        assert_eq!(store.get("prod").unwrap().unwrap().expose(), "tok-1");
        chmod(0o400).unwrap();
        assert_eq!(store.get("prod").unwrap().unwrap().expose(), "tok-1");
    }

    struct Hanging;
    impl SecretStore for Hanging {
        fn name(&self) -> String {
            "hanging".into()
        }
        fn get(&self, _: &str) -> Result<Option<Secret>, StoreError> {
            std::thread::sleep(Duration::from_millis(600));
            Ok(None)
        }
        fn set(&self, _: &str, _: &Secret) -> Result<(), StoreError> {
            Ok(())
        }
        fn delete(&self, _: &str) -> Result<(), StoreError> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_hanging_store_times_out() {
        let mut vault = Vault::new(Arc::new(Hanging));
        vault.timeout = Duration::from_millis(100);
        let err = vault.get("x").await.unwrap_err();
        assert_eq!(
            err,
            StoreError::Timeout {
                store: "hanging".into(),
                secs: 0
            }
        );
    }

    #[test]
    fn the_keyring_switch_reads_like_the_history_switch() {
        for off in ["off", "OFF", "0", "false", "no", "none"] {
            assert!(keyring_switched_off(Some(off)), "{off}");
        }
        for on in [None, Some(""), Some("on"), Some("1")] {
            assert!(!keyring_switched_off(on), "{on:?}");
        }
    }

    #[tokio::test]
    async fn an_unavailable_vault_says_why() {
        let vault = Vault::unavailable(StoreError::Unavailable("no keyring".into()));
        assert_eq!(vault.describe().unwrap_err().to_string(), "no keyring");
        assert!(vault.get("x").await.is_err());
    }
}
