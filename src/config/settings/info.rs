//! The settings part of `wf-tui info`: which file, whether it loaded, what was wrong, and the
//! values in effect.

use std::fmt::Write;

use super::applied::Applied;
use super::{FileStatus, Loaded};

pub fn describe(config: &Loaded, applied: &Applied) -> String {
    let mut out = String::new();
    let path = config.path.as_ref().map_or_else(
        || "none (no config folder)".to_string(),
        |p| p.display().to_string(),
    );
    let status = match (&config.status, config.problems.len()) {
        (FileStatus::Missing, _) => "not present: defaults".to_string(),
        (FileStatus::Unusable(why), _) => format!("NOT loaded: {why}; using defaults"),
        (FileStatus::Read, 0) => "loaded".to_string(),
        (FileStatus::Read, 1) => "loaded, with 1 problem".to_string(),
        (FileStatus::Read, n) => format!("loaded, with {n} problems"),
    };
    let _ = writeln!(out, "settings:       {path} ({status})");
    for problem in &config.problems {
        let _ = writeln!(out, "  {problem}");
    }
    let _ = writeln!(
        out,
        "  theme {} · mouse {} · clipboard {} · read-only {} · large documents over {} values · answers up to {} MiB",
        applied.theme_name,
        if applied.mouse { "on" } else { "off" },
        applied.clipboard.name(),
        if applied.read_only { "yes" } else { "no" },
        applied.large_document_values,
        applied.max_response_bytes >> 20
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Problem, parse};
    use super::*;

    #[test]
    fn says_where_and_what_was_wrong() {
        let (settings, problems) = parse("read_only = true\nmystery = 1\n");
        let mut loaded = Loaded {
            path: Some("/c/config.toml".into()),
            status: FileStatus::Read,
            settings,
            problems,
        };
        let applied = loaded.apply(false);
        let text = describe(&loaded, &applied);
        assert!(
            text.contains("/c/config.toml (loaded, with 1 problem)"),
            "{text}"
        );
        assert!(text.contains("  line 2: unknown key `mystery`"), "{text}");
        assert!(text.contains("read-only yes"), "{text}");
        let broken = Loaded {
            status: FileStatus::Unusable("not valid TOML at line 1: x".into()),
            problems: vec![Problem::general("y")],
            ..loaded
        };
        assert!(describe(&broken, &applied).contains("NOT loaded: not valid TOML at line 1"));
    }
}
