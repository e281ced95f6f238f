//! The real OS keyring path on Linux: keyutils works once the process has a session keyring
//! of its own (a login session has one; a bare container or CI runner does not).

#[cfg(target_os = "linux")]
#[tokio::test]
async fn secrets_round_trip_through_the_os_keyring() {
    // KEYCTL_JOIN_SESSION_KEYRING with no name: a new anonymous session keyring for this process.
    let joined = unsafe { libc::syscall(libc::SYS_keyctl, 1, std::ptr::null::<libc::c_char>()) };
    if joined < 0 {
        eprintln!(
            "skipping: this kernel refuses keyctl ({})",
            std::io::Error::last_os_error()
        );
        return;
    }
    let vault = wf_tui::auth::store::Vault::open_os().await;
    let name = vault.describe().expect("an OS keyring works");
    assert!(name == "keyutils" || name == "Secret Service", "{name}");
    let account = format!("wf-tui-test-{}", std::process::id());
    let secret = wf_tui::secret::Secret::new("keyring-round-trip-value");
    vault.set(&account, secret.clone()).await.unwrap();
    assert_eq!(vault.get(&account).await.unwrap(), Some(secret));
    vault.delete(&account).await.unwrap();
    assert_eq!(vault.get(&account).await.unwrap(), None);
}
