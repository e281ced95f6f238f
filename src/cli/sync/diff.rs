//! `wf-tui diff DIR`, `diff @a @b`, `diff DIR1 DIR2`: what turns one side into the other, kind
//! by kind: the items added, changed (the JSON diff, references mapped by key first) and
//! removed. Exit 0 when they are equal, 1 when they differ, 2 when they could not be read.

use std::io::Write;

use serde_json::{Value, json};

use super::read::{Side, dump_index, dump_kinds, read_account, read_dump, with_referred};
use super::{DiffArgs, DiffFailed, DiffOutput, Different, Opened, default_kinds, kinds, open};
use crate::cli::account::Who;
use crate::sync::SyncKind;
use crate::sync::set::{ItemSet, KindDiff, Sides, diff_kind};
use crate::text::sanitize;

pub async fn command(
    who: Who<'_>,
    args: DiffArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let (from, to) = match &args.to {
        Some(to) => (Side::parse(&args.from), Side::parse(to)),
        None => (Side::Account(None), Side::parse(&args.from)),
    };
    let read = read_both(who, &from, &to, &args.kind, timeouts)
        .await
        .map_err(DiffFailed)?;
    let diffs: Vec<KindDiff> = read
        .kinds
        .iter()
        .map(|sk| diff_kind(&read.sides, sk.kind))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let problems = problems(&read.sides);
    match args.output {
        DiffOutput::Text => write_text(&read.sides, &diffs, &problems, &mut out)?,
        DiffOutput::Json => write_json(&read.sides, &diffs, &problems, &mut out)?,
    }
    out.flush()?;
    if diffs.iter().all(KindDiff::is_empty) {
        Ok(())
    } else {
        Err(Different.into())
    }
}

/// Both sides read: the kinds compared, and every set (the referred kinds' too).
pub(super) struct Read {
    pub kinds: Vec<&'static SyncKind>,
    pub sides: Sides,
    /// The `from` side when it is an account (apply writes to it).
    pub from_account: Option<Opened>,
}

pub(super) async fn read_both(
    who: Who<'_>,
    from: &Side,
    to: &Side,
    named: &[String],
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<Read> {
    // Indexes first: a folder that is no dump fails before any login.
    let index = |side: &Side| match side {
        Side::Dump(dir) => dump_index(dir).map(Some),
        Side::Account(_) => Ok(None),
    };
    let (from_index, to_index) = (index(from)?, index(to)?);
    let kinds = kinds(named, || {
        let dumped: Vec<Vec<&'static SyncKind>> = [&from_index, &to_index]
            .into_iter()
            .flatten()
            .map(dump_kinds)
            .collect();
        match dumped.as_slice() {
            [] => default_kinds(),
            [one] => one.clone(),
            [a, b, ..] => a
                .iter()
                .filter(|k| b.iter().any(|o| o.kind == k.kind))
                .copied()
                .collect(),
        }
    })?;
    let all = with_referred(&kinds);
    let mut from_account = None;
    let mut sets = Vec::new();
    for (n, (side, index)) in [(from, &from_index), (to, &to_index)]
        .into_iter()
        .enumerate()
    {
        let read = match (side, index) {
            (Side::Dump(dir), Some(index)) => {
                for sk in &kinds {
                    if !dump_kinds(index).iter().any(|d| d.kind == sk.kind) {
                        anyhow::bail!("{} has no complete {} dump", dir.display(), sk.kind.name);
                    }
                }
                read_dump(dir, index, &all)?
            }
            (Side::Account(name), _) => {
                let opened = open(who, name.as_deref(), timeouts).await?;
                let announce = crate::api::retry::announce_on_stderr("the listings");
                let sets = read_account(&opened.session, &all, &announce).await?;
                if n == 0 {
                    from_account = Some(opened);
                }
                sets
            }
            (Side::Dump(_), None) => unreachable_side()?,
        };
        sets.push(read);
    }
    let to_sets = sets.pop().unwrap_or_default();
    let from_sets = sets.pop().unwrap_or_default();
    Ok(Read {
        kinds,
        sides: Sides {
            from: from_sets,
            to: to_sets,
        },
        from_account,
    })
}

fn unreachable_side() -> anyhow::Result<Vec<ItemSet>> {
    anyhow::bail!("a dump without its index")
}

/// What reading found wrong (items without keys, keys that repeat), on both sides.
fn problems(sides: &Sides) -> Vec<String> {
    sides
        .from
        .iter()
        .chain(&sides.to)
        .flat_map(|s| s.problems.iter().cloned())
        .collect()
}

/// The two bodies of a changed item: `from`'s, and `to`'s with its references mapped.
fn bodies(sides: &Sides, kind: &'static crate::api::Kind, key: &str) -> (Value, Value) {
    let old = sides
        .from_set(kind)
        .and_then(|s| s.items.get(key))
        .map(|i| i.body.clone())
        .unwrap_or(Value::Null);
    let new = sides
        .to_set(kind)
        .and_then(|s| s.items.get(key))
        .map(|i| sides.remapped(kind, &i.body).0)
        .unwrap_or(Value::Null);
    (old, new)
}

fn write_text(
    sides: &Sides,
    diffs: &[KindDiff],
    problems: &[String],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    for p in problems {
        writeln!(out, "! {}", sanitize(p))?;
    }
    for d in diffs {
        let kind = crate::api::catalog::kind_by_name(d.kind)
            .ok_or_else(|| anyhow::anyhow!("{}", d.kind))?;
        if d.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{}: {} added, {} changed, {} removed",
            d.kind,
            d.added.len(),
            d.changed.len(),
            d.removed.len()
        )?;
        for key in &d.added {
            writeln!(out, "+ {} “{}”", d.kind, sanitize(key))?;
        }
        for (key, _) in &d.changed {
            writeln!(out, "~ {} “{}”", d.kind, sanitize(key))?;
            let (old, new) = bodies(sides, kind, key);
            let text = crate::cli::edit::show::diff_text(&old, &new, false);
            for line in text.lines() {
                writeln!(out, "    {line}")?;
            }
        }
        for key in &d.removed {
            writeln!(out, "- {} “{}”", d.kind, sanitize(key))?;
        }
    }
    if diffs.iter().all(KindDiff::is_empty) {
        let kinds: Vec<&str> = diffs.iter().map(|d| d.kind).collect();
        writeln!(out, "no differences ({})", kinds.join(", "))?;
    }
    Ok(())
}

fn write_json(
    sides: &Sides,
    diffs: &[KindDiff],
    problems: &[String],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let kinds: Vec<Value> = diffs
        .iter()
        .map(|d| {
            let changed: Vec<Value> = d
                .changed
                .iter()
                .map(|(key, _)| {
                    let kind = crate::api::catalog::kind_by_name(d.kind);
                    let (old, new) = kind.map(|k| bodies(sides, k, key)).unwrap_or_default();
                    json!({"key": key, "changes": crate::cli::history::changes_json(&old, &new)})
                })
                .collect();
            json!({"kind": d.kind, "added": d.added, "changed": changed, "removed": d.removed})
        })
        .collect();
    let all = json!({
        "equal": diffs.iter().all(KindDiff::is_empty),
        "kinds": kinds,
        "problems": problems,
    });
    writeln!(out, "{}", crate::json::value::to_pretty_text(&all))?;
    Ok(())
}
