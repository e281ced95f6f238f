//! Saved accounts end to end: a secrets file others can read, switching to an account whose
//! login fails, importing `~/.wavefront` where no keyring works, removing an account's files.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use wf_tui::demo::{DemoOptions, DemoServer};

/// The config folder of the isolated `home` (see `common::wf_tui_command`).
fn config_dir(home: &std::path::Path) -> std::path::PathBuf {
    home.join("xdg_config_home").join("wf-tui")
}

/// A `secrets.toml` others could read was used without a word: now the binary refuses it,
/// naming the file, its mode and the fix, and works again once the file is private.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secrets_file_others_can_read_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let dir = config_dir(home.path());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("accounts.toml"),
        format!(
            "secrets = \"file\"\n[[account]]\nname = \"prod\"\naddress = \"{}\"\nmethod = \"api-token\"\n",
            server.url()
        ),
    )
    .unwrap();
    let secrets = dir.join("secrets.toml");
    let token = server.credentials().api_token.expose().to_string();
    std::fs::write(&secrets, format!("prod = \"{token}\"\n")).unwrap();
    std::fs::set_permissions(&secrets, PermissionsExt::from_mode(0o644)).unwrap();
    let get = || {
        common::wf_tui_command(home.path())
            .args(["--profile", "prod", "get", "alert", "--limit", "1"])
            .output()
            .unwrap()
    };
    let out = get();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "refused: {err}");
    assert!(err.contains(&secrets.display().to_string()), "{err}");
    assert!(err.contains("mode 0644"), "{err}");
    assert!(
        err.contains(&format!("chmod 600 {}", secrets.display())),
        "{err}"
    );
    assert!(!err.contains(&token), "no secret in the message");
    std::fs::set_permissions(&secrets, PermissionsExt::from_mode(0o600)).unwrap();
    let out = get();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
