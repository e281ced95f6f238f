//! A dump on disk: `DIR/<kind>/<file>.json`, one item each in canonical form, and
//! `DIR/index.json` saying which account it is, when, and for each kind whether it is
//! complete, how many items it has and which file holds which id and key. While a kind is
//! dumped its lines of the index go to `DIR/<kind>/.index.jsonl`, so neither the items nor
//! the index are ever held whole; when the kind is complete, `index.json` is written again
//! from those lines and says so: a dump run again skips the kinds that are complete.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// What a dump's index says of the dump as a whole.
pub const FORMAT: &str = "wf-tui dump 1";

/// The index's name in the dump's folder.
pub const INDEX: &str = "index.json";

/// A kind's index lines while it is being dumped.
const LINES: &str = ".index.jsonl";

#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a dump wf-tui can read ({why})")]
    NotADump { path: PathBuf, why: String },
    #[error(
        "{dir} holds a dump of {theirs}, not of {ours}: choose another folder, or remove it first"
    )]
    OtherInstance {
        dir: PathBuf,
        theirs: String,
        ours: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DumpError + '_ {
    move |source| DumpError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A file name for a key that any file system takes: letters, digits, `-`, `_` and `.`
/// kept, the rest `_`, at most 60 bytes; a name that had to change (or could be read as a
/// hidden or reserved one) gets a hash of the key, so different keys stay different files.
pub fn file_stem(key: &str) -> String {
    let mut stem: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let reserved = ["con", "prn", "aux", "nul", "com1", "lpt1", "index"];
    if stem.is_empty()
        || stem != key
        || stem.starts_with('.')
        || reserved.contains(&stem.to_lowercase().as_str())
    {
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        stem = format!("{}~{:08x}", stem.trim_start_matches('.'), hash as u32);
    }
    stem
}

/// What a dump's index says of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct KindEntry {
    pub kind: String,
    pub complete: bool,
    pub count: u64,
}

/// The index of a dump as read back (its items are read by [`read_items`]).
#[derive(Debug, Clone)]
pub struct Index {
    pub account: String,
    pub instance: String,
    pub started: String,
    pub kinds: Vec<KindEntry>,
    pub value: Value,
}

/// Reads `DIR/index.json`; `None` when there is none yet.
pub fn read_index(dir: &Path) -> Result<Option<Index>, DumpError> {
    let path = dir.join(INDEX);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    let not = |why: &str| DumpError::NotADump {
        path: path.clone(),
        why: why.to_string(),
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| not(&e.to_string()))?;
    if value["format"] != FORMAT {
        return Err(not("its format is not one this version writes"));
    }
    let text_of = |k: &str| value[k].as_str().unwrap_or_default().to_string();
    let kinds = value["kinds"]
        .as_array()
        .ok_or_else(|| not("no kinds"))?
        .iter()
        .map(|k| KindEntry {
            kind: k["kind"].as_str().unwrap_or_default().to_string(),
            complete: k["complete"] == true,
            count: k["count"].as_u64().unwrap_or(0),
        })
        .collect();
    Ok(Some(Index {
        account: text_of("account"),
        instance: text_of("instance"),
        started: text_of("started"),
        kinds,
        value,
    }))
}

/// Writes a dump, one kind at a time.
pub struct DumpWriter {
    dir: PathBuf,
    account: String,
    instance: String,
    started: String,
    /// The kinds complete so far, in order.
    done: Vec<KindEntry>,
}

impl DumpWriter {
    /// Opens `dir` for a dump of `instance`: a new one, or the one there continued (its
    /// complete kinds kept). A dump of another instance there is refused.
    pub fn open(
        dir: &Path,
        account: &str,
        instance: &str,
        now: &str,
    ) -> Result<DumpWriter, DumpError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let (started, done) = match read_index(dir)? {
            Some(index) if index.instance != instance => {
                return Err(DumpError::OtherInstance {
                    dir: dir.to_path_buf(),
                    theirs: index.instance,
                    ours: instance.to_string(),
                });
            }
            Some(index) => (
                index.started,
                index.kinds.into_iter().filter(|k| k.complete).collect(),
            ),
            None => (now.to_string(), Vec::new()),
        };
        Ok(DumpWriter {
            dir: dir.to_path_buf(),
            account: account.to_string(),
            instance: instance.to_string(),
            started,
            done,
        })
    }

    /// Whether `kind` is complete already (a dump continued).
    pub fn is_done(&self, kind: &str) -> Option<&KindEntry> {
        self.done.iter().find(|k| k.kind == kind)
    }

    /// Starts `kind` afresh: what an interrupted run left of it is removed.
    pub fn begin(&self, kind: &str) -> Result<KindWriter, DumpError> {
        let dir = self.dir.join(kind);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let lines_path = dir.join(LINES);
        let lines = File::create(&lines_path).map_err(io(&lines_path))?;
        Ok(KindWriter {
            kind: kind.to_string(),
            dir,
            lines: BufWriter::new(lines),
            count: 0,
        })
    }

    /// Records `kind` as complete: `index.json` is written again (to a temporary file, then
    /// renamed over the old one, so an interruption leaves the old index whole).
    pub fn finish(&mut self, kind: KindWriter, now: &str) -> Result<(), DumpError> {
        let KindWriter {
            kind,
            dir,
            mut lines,
            count,
        } = kind;
        lines.flush().map_err(io(&dir))?;
        drop(lines);
        self.done.retain(|k| k.kind != kind);
        self.done.push(KindEntry {
            kind,
            complete: true,
            count,
        });
        self.write_index(now)
    }

    fn write_index(&self, now: &str) -> Result<(), DumpError> {
        let tmp = self.dir.join(".index.json.tmp");
        let mut out = BufWriter::new(File::create(&tmp).map_err(io(&tmp))?);
        let head = json!({
            "format": FORMAT,
            "account": self.account,
            "instance": self.instance,
            "started": self.started,
            "updated": now,
        });
        let head = crate::json::value::to_pretty_text(&head);
        let head = head.trim_end().trim_end_matches('}').trim_end();
        let w = |out: &mut BufWriter<File>, s: &str| out.write_all(s.as_bytes()).map_err(io(&tmp));
        w(&mut out, head)?;
        w(&mut out, ",\n  \"kinds\": [")?;
        for (n, k) in self.done.iter().enumerate() {
            let kind_head = format!(
                "{}\n    {{\"kind\": {}, \"complete\": true, \"count\": {}, \"items\": [",
                if n == 0 { "" } else { "," },
                Value::from(k.kind.as_str()),
                k.count
            );
            w(&mut out, &kind_head)?;
            let lines_path = self.dir.join(&k.kind).join(LINES);
            let lines = BufReader::new(File::open(&lines_path).map_err(io(&lines_path))?);
            for (i, line) in lines.lines().enumerate() {
                let line = line.map_err(io(&lines_path))?;
                w(&mut out, if i == 0 { "\n      " } else { ",\n      " })?;
                w(&mut out, &line)?;
            }
            w(&mut out, "\n    ]}")?;
        }
        w(&mut out, "\n  ]\n}\n")?;
        out.flush().map_err(io(&tmp))?;
        drop(out);
        let index = self.dir.join(INDEX);
        std::fs::rename(&tmp, &index).map_err(io(&index))
    }
}

/// Writes one kind's items.
pub struct KindWriter {
    kind: String,
    dir: PathBuf,
    lines: BufWriter<File>,
    count: u64,
}

impl KindWriter {
    /// Writes one item (canonical form) under a file name made from its key; returns the
    /// file's path relative to the dump.
    pub fn write(
        &mut self,
        id: Option<&str>,
        key: &str,
        body: &Value,
    ) -> Result<String, DumpError> {
        let stem = file_stem(key);
        let (file, path) = (1..)
            .map(|n| match n {
                1 => format!("{stem}.json"),
                n => format!("{stem}-{n}.json"),
            })
            .find_map(|name| {
                let path = self.dir.join(&name);
                match OpenOptions::new().write(true).create_new(true).open(&path) {
                    Ok(f) => Some(Ok((f, name))),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
                    Err(e) => Some(Err(io(&path)(e))),
                }
            })
            .unwrap_or_else(|| Err(io(&self.dir)(std::io::ErrorKind::AlreadyExists.into())))?;
        let mut out = BufWriter::new(file);
        let text = crate::json::value::to_pretty_text(body);
        out.write_all(text.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
            .map_err(io(&self.dir.join(&path)))?;
        let relative = format!("{}/{path}", self.kind);
        let line = json!({"file": relative, "id": id, "key": key});
        serde_json::to_writer(&mut self.lines, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| self.lines.write_all(b"\n"))
            .map_err(io(&self.dir))?;
        self.count += 1;
        Ok(relative)
    }

    pub fn count(&self) -> u64 {
        self.count
    }
}

/// One item of a dump as read back.
#[derive(Debug, Clone)]
pub struct DumpedItem {
    pub file: PathBuf,
    pub id: Option<String>,
    pub body: Value,
}

/// The items of `kind` in the dump at `dir` (its files as they are now: edited ones
/// included), or `None` when the dump has no complete `kind`.
pub fn read_items(
    dir: &Path,
    index: &Index,
    kind: &str,
) -> Result<Option<Vec<DumpedItem>>, DumpError> {
    let Some(entry) = index.value["kinds"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|k| k["kind"] == kind && k["complete"] == true)
    else {
        return Ok(None);
    };
    let mut items = Vec::new();
    for line in entry["items"].as_array().into_iter().flatten() {
        let Some(file) = line["file"].as_str() else {
            continue;
        };
        let path = dir.join(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            // A file removed from the dump is an item removed from it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path)(e)),
        };
        let body = crate::json::value::parse_str(&text).map_err(|e| DumpError::NotADump {
            path: path.clone(),
            why: e.to_string(),
        })?;
        items.push(DumpedItem {
            file: path,
            id: line["id"].as_str().map(str::to_string),
            body,
        });
    }
    Ok(Some(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_different_keys_stay_different() {
        assert_eq!(file_stem("cpu-high_1.x"), "cpu-high_1.x");
        let a = file_stem("a/b");
        let b = file_stem("a:b");
        assert!(a.starts_with("a_b~") && b.starts_with("a_b~"), "{a} {b}");
        assert_ne!(a, b);
        assert!(!file_stem("../etc").contains('/'));
        assert!(!file_stem(".hidden").starts_with('.'));
        assert!(file_stem("CON").starts_with("CON~"));
        assert!(file_stem(&"x".repeat(500)).len() < 80);
        assert!(file_stem("").starts_with('~'));
    }

    #[test]
    fn a_dump_is_continued_from_its_complete_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = DumpWriter::open(dir.path(), "prod", "https://a", "t0").unwrap();
        let mut k = w.begin("alert").unwrap();
        k.write(Some("1"), "cpu", &json!({"name": "cpu"})).unwrap();
        k.write(Some("2"), "cpu", &json!({"name": "cpu"})).unwrap();
        w.finish(k, "t1").unwrap();
        let mut half = w.begin("dashboard").unwrap();
        half.write(Some("d"), "d", &json!({"url": "d"})).unwrap();
        drop(half);

        let index = read_index(dir.path()).unwrap().unwrap();
        assert_eq!(
            index.kinds,
            [KindEntry {
                kind: "alert".into(),
                complete: true,
                count: 2
            }]
        );
        let items = read_items(dir.path(), &index, "alert").unwrap().unwrap();
        assert_eq!(items.len(), 2, "one file each, though the keys are one");
        assert_ne!(items[0].file, items[1].file);
        assert!(
            read_items(dir.path(), &index, "dashboard")
                .unwrap()
                .is_none()
        );

        let again = DumpWriter::open(dir.path(), "prod", "https://a", "t2").unwrap();
        assert!(again.is_done("alert").is_some());
        assert!(again.is_done("dashboard").is_none());
        assert!(matches!(
            DumpWriter::open(dir.path(), "prod", "https://b", "t2"),
            Err(DumpError::OtherInstance { .. })
        ));
    }
}
