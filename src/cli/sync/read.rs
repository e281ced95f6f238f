//! Reading one side of a diff or an apply: an account's items (the worker's reads, through a
//! session logged in as `--profile` or `@name` say) or a dump's files.

use std::path::{Path, PathBuf};

use crate::sync::files::{Index, read_index, read_items};
use crate::sync::set::ItemSet;
use crate::sync::{SyncKind, sync_kind};

pub use crate::sync::keys::with_referred;
pub use crate::worker::sync::{each_page, read_account};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_names_an_account_and_the_rest_is_a_folder() {
        assert_eq!(Side::parse("@prod"), Side::Account(Some("prod".into())));
        assert_eq!(Side::parse("./wf"), Side::Dump("./wf".into()));
    }
}
