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

/// A query alias of the Ruby CLI: a `q_<name> = <query>` key of a profile's section (what
/// `wf query run <name>` reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQuery {
    pub profile: String,
    pub name: String,
    pub query: String,
}

/// The `q_<name>` keys of every section (with or without an endpoint).
pub fn parse_queries(text: &str) -> Vec<SavedQuery> {
    let mut out = Vec::new();
    let mut profile = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            profile = name.trim().to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let Some(name) = key.trim().strip_prefix("q_").filter(|n| !n.is_empty()) else {
            continue;
        };
        let value = value.trim();
        // Quotes around the whole value are the file's, not the query's.
        let query = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .unwrap_or(value);
        if !query.is_empty() && !profile.is_empty() {
            out.push(SavedQuery {
                profile: profile.clone(),
                name: name.to_string(),
                query: query.to_string(),
            });
        }
    }
    out
}

/// The saved queries of `~/.wavefront` (none when it cannot be read).
pub fn read_queries(path: &Path) -> Vec<SavedQuery> {
    std::fs::read_to_string(path)
        .map(|t| parse_queries(&t))
        .unwrap_or_default()
}

/// The queries of the profile named like the account, else of `[default]`.
pub fn queries_for<'a>(all: &'a [SavedQuery], account: Option<&str>) -> Vec<&'a SavedQuery> {
    let of = |p: &str| -> Vec<&SavedQuery> { all.iter().filter(|q| q.profile == p).collect() };
    let own = account.map(of).unwrap_or_default();
    if own.is_empty() { of("default") } else { own }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_aliases_by_profile() {
        use super::*;
        let text = "[default]\nendpoint = x\nq_cpu = ts(cpu.load, env=\"prod\")\n\
                    [prod]\nq_mem = 'ts(mem.used)'\nq_ = nothing\nq_bad =\nformat = json\n";
        let all = parse_queries(text);
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(all[0].query, "ts(cpu.load, env=\"prod\")");
        assert_eq!(all[1].query, "ts(mem.used)");
        assert_eq!(queries_for(&all, Some("prod"))[0].name, "mem");
        assert_eq!(queries_for(&all, Some("staging"))[0].name, "cpu");
        assert_eq!(queries_for(&all, None)[0].name, "cpu");
    }

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
