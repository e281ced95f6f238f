//! The module layering holds: no import cycles between modules, and no module imports one in a
//! layer above it. Reads `src/**/*.rs` of this repository (comments, strings and
//! `#[cfg(test)]` code left out) and follows `crate::…` and `super::…` paths.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may import modules of its own layer or below; the cycle
/// check keeps a layer's modules from importing each other both ways.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "plain helpers",
        &["text", "format", "secret", "json", "private_file", "wql"],
    ),
    (
        "the REST API: requests, catalog, answers; matching items across accounts",
        &["api", "sync"],
    ),
    ("tokens and sessions", &["auth"]),
    (
        "files, the read-only rule, the stand-in",
        &["config", "readonly", "demo"],
    ),
    (
        "HTTP worker, output formats, the process's services",
        &[
            "worker",
            "output",
            "clipboard",
            "signals",
            "logging",
            "terminal",
            "theme",
            "editor",
        ],
    ),
    ("the TUI: state, update, each view's draw", &["app"]),
    (
        "the TUI's frame: header, footer, help around the view",
        &["ui"],
    ),
    ("running the TUI", &["runtime", "fuzzing"]),
    ("the command line", &["cli"]),
];

/// Imports that break the rules today and that another change of issue #16 removes. Each
/// entry must still exist (the test says when one is gone): empty this list as they land.
const PENDING: &[(&str, &str, &str)] = &[];

/// Top-level modules whose own parts are not checked for cycles yet, and why.
const UNCHECKED_INSIDE: &[(&str, &str)] = &[(
    "demo",
    "the stand-in: its router, state and faults know each other; not named by issue #16",
)];

/// The root of a module's tree of parts, which its parts may read back: the only cycles
/// allowed inside a module go through it.
const ROOTS: &[(&str, &str)] = &[(
    "app::state",
    "State holds every view and overlay; a view's update and draw get the whole State (its \
     theme, keymap, clock, marks), as in the Elm architecture",
)];

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_import_cycles_between_top_level_modules() {
    let graph = without_pending(&import_graph(1));
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles between top-level modules:\n{}",
        show(&cycles)
    );
}

#[test]
fn no_import_cycles_inside_a_top_level_module() {
    let graph = without_pending(&import_graph(2));
    // Between top-level modules the test above holds; here each module's own parts.
    let inside: Graph = graph
        .iter()
        .map(|(from, to)| {
            let top = top_of(from);
            let checked = !UNCHECKED_INSIDE.iter().any(|(m, _)| *m == top);
            let to = to
                .iter()
                .filter(|t| checked && top_of(t) == top && !ROOTS.iter().any(|(r, _)| r == t))
                .cloned()
                .collect();
            (from.clone(), to)
        })
        .collect();
    let cycles = cycles(&inside);
    assert!(
        cycles.is_empty(),
        "import cycles inside a module:\n{}",
        show(&cycles)
    );
}

#[test]
fn no_module_imports_one_above_it() {
    let graph = without_pending(&import_graph(1));
    let layer_of = |m: &str| LAYERS.iter().position(|(_, mods)| mods.contains(&m));
    let mut unplaced = Vec::new();
    let mut upward = Vec::new();
    for (from, targets) in &graph {
        let Some(from_layer) = layer_of(from) else {
            unplaced.push(from.clone());
            continue;
        };
        for to in targets {
            match layer_of(to) {
                None => unplaced.push(to.clone()),
                Some(to_layer) if to_layer > from_layer => upward.push(format!(
                    "{from} ({}) imports {to} ({})",
                    LAYERS[from_layer].0, LAYERS[to_layer].0
                )),
                Some(_) => {}
            }
        }
    }
    unplaced.sort();
    unplaced.dedup();
    assert!(
        unplaced.is_empty(),
        "modules in no layer (add them to LAYERS): {unplaced:?}"
    );
    assert!(
        upward.is_empty(),
        "imports against the layering:\n{}",
        upward.join("\n")
    );
}

#[test]
fn pending_exceptions_still_exist() {
    let top = import_graph(1);
    let second = import_graph(2);
    let gone: Vec<String> = PENDING
        .iter()
        .filter(|(from, to, _)| {
            let graph = if from.contains("::") { &second } else { &top };
            !graph.get(*from).is_some_and(|t| t.contains(*to))
        })
        .map(|(from, to, why)| format!("{from} -> {to} ({why})"))
        .collect();
    assert!(
        gone.is_empty(),
        "these imports are gone: remove them from PENDING in tests/architecture.rs:\n{}",
        gone.join("\n")
    );
}

/// The reader itself: what it must and must not count as an import.
#[test]
fn the_reader_sees_paths_not_comments_strings_or_tests() {
    let text = r##"
        use crate::api::{self, catalog::Kind};
        use crate::{format, text::sanitize};
        // crate::ui in a comment
        /* crate::app in a block comment */
        /// crate::worker in a doc comment
        let s = "crate::cli in a string";
        let r = r#"crate::runtime in a raw string"#;
        let c = '"'; let l: &'static str = "x";
        fn f() -> super::json::Value { todo!() }
        #[cfg(test)]
        mod tests {
            use crate::demo::DemoServer;
        }
        #[cfg(test)]
        use crate::auth;
    "##;
    let paths = imported_paths(&strip(text));
    let named: BTreeSet<&str> = paths.iter().map(|p| p[1].as_str()).collect();
    assert_eq!(
        named,
        ["api", "format", "json", "text"].into_iter().collect(),
        "{paths:?}"
    );
    assert!(paths.contains(&vec!["super".to_string(), "json".into(), "Value".into()]));
}

fn top_of(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn without_pending(graph: &Graph) -> Graph {
    let mut graph = graph.clone();
    for (from, to, _) in PENDING {
        if let Some(targets) = graph.get_mut(*from) {
            targets.remove(*to);
        }
    }
    graph
}

fn show(cycles: &[(Vec<String>, Vec<String>)]) -> String {
    cycles
        .iter()
        .map(|(cycle, group)| {
            format!(
                "  {} -> {} (all of {{{}}} reach each other)",
                cycle.join(" -> "),
                cycle[0],
                group.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Module → the modules it imports, each cut to `depth` path segments (1: `api`, 2:
/// `api::chart`). Imports within the same module at that depth are left out.
fn import_graph(depth: usize) -> Graph {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let test_only = test_only_files(&src, &files);
    let modules: BTreeSet<Vec<String>> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let mut graph = Graph::new();
    for file in files.iter().filter(|f| !test_only.contains(*f)) {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let from = cut(&module, depth);
        for path in imported_paths(&strip(&text)) {
            let Some(target) = resolve(&module, &path, &modules) else {
                continue;
            };
            let to = cut(&target, depth);
            if to != from && !from.starts_with(&format!("{to}::")) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
        graph.entry(from).or_default();
    }
    graph
}

fn cut(module: &[String], depth: usize) -> String {
    module[..depth.min(module.len())].join("::")
}

/// The module a path names: `crate::a::b::Item` → the longest prefix that is a module
/// (`a::b`, or `a` when `b` is an item). `super::` is resolved from the file's module.
fn resolve(
    module: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut base: Vec<String> = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "super" => module.to_vec(),
        _ => return None,
    };
    let mut rest = &path[1..];
    if path[0] == "super" {
        base.pop();
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    (1..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `src/a/b.rs` and `src/a/b/mod.rs` → `["a", "b"]`; the crate roots → none.
fn module_of(src: &Path, file: &Path) -> Option<Vec<String>> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    let root = parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main");
    (!parts.is_empty() && !root).then_some(parts)
}

/// Files of modules declared `#[cfg(test)] mod name;`, and everything below them.
fn test_only_files(src: &Path, files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut test_modules = Vec::new();
    for file in files {
        let text = strip_comments_and_strings(&std::fs::read_to_string(file).unwrap());
        let module = module_of(src, file).unwrap_or_default();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + "#[cfg(test)]".len()..];
            let decl = rest.trim_start();
            let decl = decl.strip_prefix("pub(crate) ").unwrap_or(decl);
            if let Some(name) = decl.strip_prefix("mod ") {
                let name: String = name.chars().take_while(|c| is_ident(*c)).collect();
                if name.chars().count() + 4 <= decl.len() && decl[4 + name.len()..].starts_with(';')
                {
                    let mut m = module.clone();
                    m.push(name);
                    test_modules.push(m);
                }
            }
        }
    }
    files
        .iter()
        .filter(|f| {
            module_of(src, f)
                .is_some_and(|m| test_modules.iter().any(|t| m.starts_with(t.as_slice())))
        })
        .cloned()
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Source without comments, string contents and `#[cfg(test)]` items.
fn strip(text: &str) -> String {
    without_test_items(&strip_comments_and_strings(text))
}

/// Comments become spaces; string and char literals keep their quotes only.
fn strip_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (!prev_is_ident(&chars, i) || (chars[i - 1] == 'b' && !prev_is_ident(&chars, i - 1)))
        {
            // A raw string: r"…", r#"…"#, …
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            let literal_end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|c| *c == '\'')
                    .map(|p| i + 2 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match literal_end {
                Some(end) => {
                    out.push_str("' '");
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && is_ident(chars[i - 1])
}

/// Leaves out each item after `#[cfg(test)]`: up to its `;`, or its `{…}` block.
fn without_test_items(text: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let item = &rest[at + MARK.len()..];
        let mut depth = 0usize;
        let mut end = item.len();
        for (k, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every `crate::…` and `super::…` path, `use` groups expanded (`crate::{a, b::c}` gives
/// `crate::a` and `crate::b::c`).
fn imported_paths(text: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !prev_is_ident(&chars, i) && (i == 0 || chars[i - 1] != '$') {
            for root in ["crate", "super"] {
                let word: Vec<char> = root.chars().collect();
                if chars[i..].starts_with(&word) && chars[i + word.len()..].starts_with(&[':', ':'])
                {
                    paths_from(&chars, i + word.len() + 2, vec![root.to_string()], &mut out);
                }
            }
        }
        i += 1;
    }
    out
}

/// The path(s) continuing at `i` after `prefix::`.
fn paths_from(chars: &[char], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let skip_space = |i: &mut usize| {
        while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    };
    let mut path = prefix;
    loop {
        skip_space(&mut i);
        if chars.get(i) == Some(&'{') {
            // A group: each comma-separated member at this depth continues the path.
            i += 1;
            loop {
                skip_space(&mut i);
                let start = i;
                let mut depth = 0;
                while i < chars.len() {
                    match chars[i] {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
                let member: String = chars[start..i].iter().collect();
                let member: Vec<char> = format!("{}::", member.trim()).chars().collect();
                if member.len() > 2 {
                    paths_from(&member, 0, path.clone(), out);
                }
                if chars.get(i) != Some(&',') {
                    return;
                }
                i += 1;
            }
        }
        let word: String = chars[i.min(chars.len())..]
            .iter()
            .take_while(|c| is_ident(**c))
            .collect();
        if word.is_empty() {
            break;
        }
        i += word.chars().count();
        path.push(word);
        skip_space(&mut i);
        if chars[i.min(chars.len())..].starts_with(&[':', ':']) {
            i += 2;
        } else {
            break;
        }
    }
    if path.len() > 1 && path.last().is_some_and(|s| s != "self") {
        out.push(path);
    } else if path.len() > 2 {
        path.pop();
        out.push(path);
    }
}

/// Strongly connected groups of more than one module (Tarjan): one cycle through each, and
/// the whole group.
fn cycles(graph: &Graph) -> Vec<(Vec<String>, Vec<String>)> {
    struct Tarjan<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        groups: Vec<Vec<&'g str>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().position(|s| *s == v).unwrap_or(0);
                let group = self.stack.split_off(at);
                if group.len() > 1 {
                    self.groups.push(group);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        groups: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.groups
        .iter()
        .map(|group| {
            let mut all: Vec<String> = group.iter().map(ToString::to_string).collect();
            all.sort();
            (one_cycle(graph, group), all)
        })
        .collect()
}

/// A shortest cycle through the group's first module, by breadth-first search inside it.
fn one_cycle(graph: &Graph, group: &[&str]) -> Vec<String> {
    let start = group.iter().min().copied().unwrap_or_default();
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !group.contains(&w) {
                continue;
            }
            if w == start {
                let mut cycle = vec![v.to_string()];
                let mut at = v;
                while at != start {
                    at = came_from[at];
                    cycle.push(at.to_string());
                }
                cycle.reverse();
                return cycle;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    group.iter().map(ToString::to_string).collect()
}
