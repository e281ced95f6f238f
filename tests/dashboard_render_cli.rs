//! `wf-tui dashboard render`: one frame of a stand-in dashboard as text, its panels answered.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

fn run(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::wf_tui_command(home)
        .arg("--demo")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn render_prints_one_frame_of_the_size_asked_with_its_panels_filled() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        &[
            "dashboard",
            "render",
            "k8s-cluster-overview",
            "--width",
            "90",
            "--height",
            "24",
            "--var",
            "env=staging",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 24, "{text}");
    assert!(lines.iter().all(|l| l.chars().count() <= 90), "{text}");
    assert!(lines[0].contains("Kubernetes cluster overview"), "{text}");
    assert!(
        lines[1].contains("env") || lines[1].contains("Environment=staging"),
        "{text}"
    );
    assert!(text.contains("CPU usage"), "{text}");
    // Braille cells: a line chart was drawn from an answer, not a spinner.
    assert!(
        text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
        "{text}"
    );
    assert!(!text.contains("loading…"), "{text}");
}

#[test]
fn render_names_what_is_wrong() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        &[
            "dashboard",
            "render",
            "k8s-cluster-overview",
            "--var",
            "nosuch=1",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no variable nosuch"));
    let out = run(
        home.path(),
        &[
            "dashboard",
            "render",
            "k8s-cluster-overview",
            "--section",
            "9",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--section 1 to"));
    let out = run(home.path(), &["dashboard", "render", "no-such-dashboard"]);
    assert!(!out.status.success());
    let out = run(home.path(), &["--tv-interval", "5"]);
    assert!(!out.status.success(), "--tv-interval needs --tv");
}
