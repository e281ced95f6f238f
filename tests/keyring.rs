//! The real OS keyrings. On Linux, keyutils works once the process has a session keyring of its
//! own (a login session has one; a bare container or CI runner does not). Each platform's own
//! store (Secret Service and keyutils, the macOS Keychain, the Windows Credential Manager) is
//! tested by name when `WF_TUI_KEYRING_TESTS=1`, as CI sets it where those stores run; elsewhere
//! those tests say they skip.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

#[cfg(target_os = "linux")]
fn join_session_keyring() -> bool {
    // KEYCTL_JOIN_SESSION_KEYRING with no name: a new anonymous session keyring for this process.
    #[allow(unsafe_code)] // one raw syscall: libc has no wrapper for it
    let joined = unsafe { libc::syscall(libc::SYS_keyctl, 1, std::ptr::null::<libc::c_char>()) };
    if joined < 0 {
        eprintln!(
            "skipping: this kernel refuses keyctl ({})",
            std::io::Error::last_os_error()
        );
    }
    joined >= 0
}

/// One keyring test at a time: they share the store's probe entry.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[cfg(target_os = "linux")]
#[tokio::test]
async fn secrets_round_trip_through_the_os_keyring() {
    let _one = ONE_AT_A_TIME.lock().await;
    if !join_session_keyring() {
        return;
    }
    let vault = wf_tui::auth::store::Vault::open_os().await;
    let name = vault.describe().expect("an OS keyring works");
    assert!(name == "keyutils" || name == "Secret Service", "{name}");
    round_trip(vault).await;
}

async fn round_trip(vault: wf_tui::auth::store::Vault) {
    let store = vault.describe().unwrap().replace(' ', "-");
    let account = format!("wf-tui-test-{store}-{}", std::process::id());
    let secret = wf_tui::secret::Secret::new("keyring-round-trip-value");
    vault.set(&account, secret.clone()).await.unwrap();
    assert_eq!(vault.get(&account).await.unwrap(), Some(secret));
    vault.delete(&account).await.unwrap();
    assert_eq!(vault.get(&account).await.unwrap(), None);
}

/// Whether the platform-store tests run (CI sets the variable where the stores work).
#[allow(dead_code)]
fn platform_stores_on(store: &str) -> bool {
    let on = std::env::var("WF_TUI_KEYRING_TESTS").is_ok_and(|v| v == "1");
    if !on {
        eprintln!("skipping the {store} test: set WF_TUI_KEYRING_TESTS=1 where it runs");
    }
    on
}

/// One store by name: it must open, and a secret must round-trip through it.
#[allow(dead_code)]
async fn named_store_round_trips(name: &'static str) {
    let _one = ONE_AT_A_TIME.lock().await;
    let store = tokio::task::spawn_blocking(move || wf_tui::auth::store::open_os_store(name))
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{name} does not work here: {e}"));
    let vault = wf_tui::auth::store::Vault::new(store);
    assert_eq!(vault.describe().unwrap(), name);
    round_trip(vault).await;
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn secret_service_round_trips() {
    // CI runs this inside `dbus-run-session` with an unlocked gnome-keyring.
    if platform_stores_on("Secret Service") {
        named_store_round_trips("Secret Service").await;
    }
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn keyutils_round_trips() {
    if platform_stores_on("keyutils") && join_session_keyring() {
        named_store_round_trips("keyutils").await;
    }
}

#[cfg(target_os = "macos")]
#[tokio::test]
async fn keychain_round_trips() {
    if platform_stores_on("macOS Keychain") {
        named_store_round_trips("macOS Keychain").await;
    }
}

#[cfg(windows)]
#[tokio::test]
async fn credential_manager_round_trips() {
    if platform_stores_on("Windows Credential Manager") {
        named_store_round_trips("Windows Credential Manager").await;
    }
}

#[test]
fn a_store_of_another_platform_is_refused_by_name() {
    let err = match wf_tui::auth::store::open_os_store("no such store") {
        Ok(_) => panic!("opened a store that does not exist"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("not a store of this platform"), "{err}");
}
