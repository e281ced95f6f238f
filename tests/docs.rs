//! The committed man page matches the command line, and the binary prints completions.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::path::PathBuf;

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("doc/wf-tui.1")
}

/// Fails when `doc/wf-tui.1` is stale; `UPDATE_MAN=1 cargo test --test docs` rewrites it.
#[test]
fn committed_man_page_is_fresh() {
    let fresh = wf_tui::cli::docs::man_page().unwrap();
    if std::env::var_os("UPDATE_MAN").is_some() {
        std::fs::create_dir_all(committed().parent().unwrap()).unwrap();
        std::fs::write(committed(), &fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read(committed()).unwrap_or_default();
    // Git on Windows may check the file out with CRLF line ends.
    let on_disk = String::from_utf8_lossy(&on_disk).replace("\r\n", "\n");
    assert!(
        on_disk == String::from_utf8_lossy(&fresh),
        "doc/wf-tui.1 is stale: run `UPDATE_MAN=1 cargo test --test docs` and commit it"
    );
}

#[test]
fn the_binary_prints_completions_and_the_man_page() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = common::wf_tui_command(home.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        for sub in ["demo-server", "inspect", "completions"] {
            assert!(text.contains(sub), "{shell} completions lack {sub}");
        }
    }
    let out = common::wf_tui_command(home.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = common::wf_tui_command(home.path())
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH wf-tui 1"));
}

/// Every file the README and PERFORMANCE.md point at (`src/…`, `tests/…`, …) exists: the docs
/// move with the code.
#[test]
fn files_named_in_the_docs_exist() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for doc in ["README.md", "PERFORMANCE.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        for quoted in text.split('`').skip(1).step_by(2) {
            let named = ["src/", "tests/", "benches/", "scripts/", "fuzz/", "doc/"]
                .iter()
                .any(|p| quoted.starts_with(p));
            if !named || quoted.contains(' ') || quoted.contains('*') {
                continue;
            }
            if !root.join(quoted).exists() {
                missing.push(format!("{doc}: {quoted}"));
            }
        }
    }
    assert!(missing.is_empty(), "named but missing: {missing:#?}");
}
