//! Memory of a process tree: PSS (proportional set size — shared pages split between the
//! processes sharing them, so summing PSS over processes does not count shared libraries twice)
//! from `/proc/<pid>/smaps_rollup`; children found through the `PPid` of every `/proc/<pid>/status`.

use std::collections::BTreeMap;
use std::path::Path;

/// One process of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcMem {
    pub pid: u32,
    pub name: String,
    pub pss_kib: u64,
    pub rss_kib: u64,
    /// Private pages only (USS): what this process alone costs, whatever else runs.
    pub uss_kib: u64,
}

/// `pid -> (parent pid, name)` for every process now.
pub fn process_table() -> BTreeMap<u32, (u32, String)> {
    let mut out = BTreeMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            continue;
        };
        let field = |k: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(k))
                .map(|v| v.trim().to_owned())
        };
        let ppid = field("PPid:").and_then(|v| v.parse().ok()).unwrap_or(0);
        out.insert(pid, (ppid, field("Name:").unwrap_or_default()));
    }
    out
}

/// `root` and all its descendants, root first.
pub fn tree(root: u32) -> Vec<u32> {
    let table = process_table();
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            table
                .iter()
                .filter(|(_, (pp, _))| *pp == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    out
}

/// Descendants of `root` (not `root` itself) whose executable is `exe`.
pub fn find_descendant_by_exe(root: u32, exe: &Path) -> Option<u32> {
    let want = exe.canonicalize().ok()?;
    tree(root).into_iter().skip(1).find(|pid| {
        std::fs::read_link(format!("/proc/{pid}/exe"))
            .map(|p| p == want)
            .unwrap_or(false)
    })
}

/// PSS and RSS of one process, from `smaps_rollup` (None when it is gone or unreadable).
pub fn proc_mem(pid: u32) -> Option<ProcMem> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let kib = |k: &str| {
        rollup
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
    };
    let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    Some(ProcMem {
        pid,
        name,
        pss_kib: kib("Pss:")?,
        rss_kib: kib("Rss:").unwrap_or(0),
        uss_kib: kib("Private_Clean:").unwrap_or(0) + kib("Private_Dirty:").unwrap_or(0),
    })
}

/// Processes named `name` (as in `/proc/<pid>/status`) outside the given set: other programs'
/// WebKit processes share library pages with ours and so lower our PSS.
pub fn others_named(name: &str, ours: &[u32]) -> usize {
    process_table()
        .iter()
        .filter(|(pid, (_, n))| n == name && !ours.contains(pid))
        .count()
}

/// Every process of the tree under (and including) `root` with its memory.
pub fn tree_mem(root: u32) -> Vec<ProcMem> {
    tree(root).into_iter().filter_map(proc_mem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_pss() {
        let me = proc_mem(std::process::id()).expect("smaps_rollup of this test");
        assert!(me.pss_kib > 0 && me.rss_kib >= me.pss_kib, "{me:?}");
        assert!(me.uss_kib > 0 && me.uss_kib <= me.pss_kib, "{me:?}");
        assert!(tree(std::process::id()).contains(&std::process::id()));
    }
}
