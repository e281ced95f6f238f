//! Reading one side of a diff or an apply: every item of the kinds asked, page by page, from
//! an account (a session logged in as `--profile` or `@name` say) or from a dump's files.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::api::{Executor, Kind, PageGuard, PageRequest};
use crate::sync::files::{Index, read_index, read_items};
use crate::sync::set::ItemSet;
use crate::sync::{SyncKind, sync_kind};
use crate::worker::fetch::raw_page_noting;

/// Items a page asks for: the most the API gives.
const PAGE: u32 = 1000;

/// Calls `each` with every page of `kind`'s listing, in order, each item once. Paging that
/// stops early (a server that never ends, repeats itself) is an error: a dump or a diff of
/// part of a kind would say items are gone that are not.
pub async fn each_page(
    session: &Executor,
    kind: &'static Kind,
    mut each: impl FnMut(Vec<Value>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut page = Some(PageRequest::first(PAGE));
    let mut guard = PageGuard::default();
    let announce = crate::api::retry::announce_on_stderr(kind.list_path);
    while let Some(request) = page.take() {
        let (parsed, next) = raw_page_noting(session, kind, &request, None, &announce).await?;
        let ids: Vec<Option<String>> = parsed.items.iter().map(|i| kind.item_id(i)).collect();
        let verdict = guard.check(&request, ids.iter().map(Option::as_deref), next);
        let items: Vec<Value> = parsed
            .items
            .into_iter()
            .zip(verdict.new.iter().chain(std::iter::repeat(&true)))
            .filter(|(_, new)| **new)
            .map(|(item, _)| item)
            .collect();
        each(items)?;
        page = verdict
            .next
            .map_err(|why| anyhow::anyhow!("{}: paging stopped early: {why}", kind.name))?;
    }
    Ok(())
}

/// One side: a saved account (`@name`), the account the command runs as, or a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    Account(Option<String>),
    Dump(PathBuf),
}

impl Side {
    /// `@name` is a saved account (as the console's fleet names them), anything else a dump's
    /// folder.
    pub fn parse(text: &str) -> Side {
        match text.strip_prefix('@') {
            Some(name) => Side::Account(Some(name.to_string())),
            None => Side::Dump(PathBuf::from(text)),
        }
    }
}

/// A dump's index, or an error saying the folder holds none.
pub fn dump_index(dir: &Path) -> anyhow::Result<Index> {
    read_index(dir)?.ok_or_else(|| {
        anyhow::anyhow!(
            "{} holds no dump (no {}): make one with wf-tui dump",
            dir.display(),
            crate::sync::files::INDEX
        )
    })
}

/// The kinds a dump has complete.
pub fn dump_kinds(index: &Index) -> Vec<&'static SyncKind> {
    index
        .kinds
        .iter()
        .filter(|k| k.complete)
        .filter_map(|k| crate::api::catalog::kind_by_name(&k.kind).and_then(sync_kind))
        .collect()
}

/// The sets of `kinds` in a dump; a kind it lacks is left out.
pub fn read_dump(
    dir: &Path,
    index: &Index,
    kinds: &[&'static SyncKind],
) -> anyhow::Result<Vec<ItemSet>> {
    let mut sets = Vec::new();
    for sk in kinds {
        let Some(items) = read_items(dir, index, sk.kind.name)? else {
            continue;
        };
        let mut set = ItemSet::new(sk);
        for item in items {
            // The file as a person may have edited it: in canonical form again.
            let body = crate::sync::canonical(sk, &item.body);
            set.add(item.id, body, None);
        }
        sets.push(set);
    }
    Ok(sets)
}

/// The sets of `kinds` in an account.
pub async fn read_account(
    session: &Executor,
    kinds: &[&'static SyncKind],
) -> anyhow::Result<Vec<ItemSet>> {
    let mut sets = Vec::new();
    for sk in kinds {
        let mut set = ItemSet::new(sk);
        each_page(session, sk.kind, |items| {
            items.into_iter().for_each(|i| set.add_raw(i));
            Ok(())
        })
        .await?;
        sets.push(set);
    }
    Ok(sets)
}

/// `kinds` and the kinds their references name (read to map them, not compared).
pub fn with_referred(kinds: &[&'static SyncKind]) -> Vec<&'static SyncKind> {
    use crate::api::catalog::{ALERT_TARGETS, DASHBOARDS, ROLES};
    let mut all = kinds.to_vec();
    for sk in kinds {
        let referred: &[&Kind] = match sk.kind.name {
            "alert" => &[&ALERT_TARGETS, &DASHBOARDS],
            "maintenancewindow" => &[&ALERT_TARGETS],
            "usergroup" => &[&ROLES],
            _ => &[],
        };
        for kind in referred {
            if let Some(r) = sync_kind(kind).filter(|r| !all.iter().any(|a| a.kind == r.kind)) {
                all.push(r);
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, ROLES};

    #[test]
    fn at_names_an_account_and_the_rest_is_a_folder() {
        assert_eq!(Side::parse("@prod"), Side::Account(Some("prod".into())));
        assert_eq!(Side::parse("./wf"), Side::Dump("./wf".into()));
    }

    #[test]
    fn referred_kinds_are_read_too() {
        let alerts = sync_kind(&ALERTS).unwrap();
        let names: Vec<&str> = with_referred(&[alerts])
            .iter()
            .map(|s| s.kind.name)
            .collect();
        assert_eq!(names, ["alert", "notificant", "dashboard"]);
        assert_eq!(with_referred(&[sync_kind(&ROLES).unwrap()]).len(), 1);
    }
}
