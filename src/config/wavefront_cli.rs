//! Accounts of the Ruby `wf` CLI, kept in `~/.wavefront`: INI sections with `endpoint` and
//! `token`, offered for import (the tokens then go to the keyring).

use std::path::{Path, PathBuf};

use crate::secret::Secret;

/// One section of `~/.wavefront`.
#[derive(Debug, Clone, PartialEq)]
pub struct WfProfile {
    pub name: String,
    pub endpoint: String,
    pub token: Option<Secret>,
}

pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().join(".wavefront"))
}

pub fn read(path: &Path) -> std::io::Result<Vec<WfProfile>> {
    Ok(parse(&std::fs::read_to_string(path)?))
}

/// Parses the INI text; sections without an endpoint are skipped.
pub fn parse(text: &str) -> Vec<WfProfile> {
    let mut out: Vec<WfProfile> = Vec::new();
    let mut current: Option<WfProfile> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.extend(current.take());
            current = Some(WfProfile {
                name: name.trim().to_string(),
                endpoint: String::new(),
                token: None,
            });
            continue;
        }
        let (Some(profile), Some((key, value))) = (current.as_mut(), line.split_once('=')) else {
            continue;
        };
        let value = value
            .trim()
            .trim_matches('"')
            .trim_matches('\'')
            .to_string();
        match key.trim() {
            "endpoint" => profile.endpoint = value,
            "token" if !value.is_empty() => profile.token = Some(Secret::new(value)),
            _ => {}
        }
    }
    out.extend(current);
    out.retain(|p| !p.endpoint.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wf_profiles() {
        let text = "[default]\nendpoint = metrics.wavefront.com\ntoken = 'abc-123'\nformat = human\n\n\
                    # comment\n[prod]\nendpoint=acme.wavefront.com\ntoken=def\n[empty]\nproxy = x\n";
        let profiles = parse(text);
        assert_eq!(profiles.len(), 2);
        assert_eq!(profiles[0].name, "default");
        assert_eq!(profiles[0].endpoint, "metrics.wavefront.com");
        assert_eq!(profiles[0].token.as_ref().unwrap().expose(), "abc-123");
        assert_eq!(profiles[1].name, "prod");
        assert_eq!(profiles[1].token.as_ref().unwrap().expose(), "def");
    }
}
