//! cx-core's top-level modules depend on each other in one direction only (#13): a module that
//! names `crate::other` while `other` names it back is a cycle, and a cycle means neither can be
//! understood or changed alone. Test code is left out (tests may use anything).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles not removed yet, each as (a, b) with a < b. Keep it empty.
const KNOWN: &[(&str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reading src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`agent/turn.rs` → `agent`), None for lib.rs.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (name != "lib").then_some(name)
}

fn is_test_file(path: &Path) -> bool {
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    name.is_some_and(|n| n == "tests" || n.ends_with("_tests"))
        || path.components().any(|c| c.as_os_str() == "tests")
}

/// Which top-level modules each one names (`crate::name`) outside its tests.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let uses = regex::Regex::new(r"crate::(\w+)").unwrap();
    let out_of_line_tests = regex::Regex::new(r"#\[cfg\(test\)\]\s*mod \w+;").unwrap();
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let Some(from) = module_of(file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("reading a source file");
        // `#[cfg(test)] mod tests;` may sit mid-file; an inline test module comes last.
        let text = out_of_line_tests.replace_all(&text, "");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for m in uses.captures_iter(code) {
            let to = &m[1];
            if to != from && modules.contains(to) {
                edges.entry(from.clone()).or_default().insert(to.to_owned());
            }
        }
    }
    edges
}

fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (a, tos) in edges {
        for b in tos {
            if a < b && edges.get(b).is_some_and(|back| back.contains(a)) {
                out.insert((a.clone(), b.clone()));
            }
        }
    }
    out
}

#[test]
fn no_two_modules_of_cx_core_import_each_other() {
    let edges = graph();
    assert!(edges.len() > 20, "the module graph looks empty: {edges:?}");
    let found = cycles(&edges);
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    assert!(new.is_empty(), "new module cycles in cx-core: {new:?}");
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "these cycles are gone: take them off KNOWN in {}: {gone:?}",
        file!()
    );
}

#[test]
fn the_vocabulary_is_a_leaf() {
    let edges = graph();
    assert_eq!(edges.get("vocabulary"), None, "vocabulary imports nothing");
    assert!(
        edges
            .get("config")
            .is_some_and(|c| c.contains("vocabulary")),
        "config checks names against the vocabulary: {:?}",
        edges.get("config")
    );
}
