//! Where things are: the workspace, the app binary, tauri-driver, the screenshot folders.

use std::path::{Path, PathBuf};

/// The workspace root (this crate lives in `tests/e2e`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root (tests/e2e/../..) exists")
}

/// Cargo's target folder: `$CARGO_TARGET_DIR` or `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                workspace_root().join(d)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// The app under test: `$CX_DESKTOP_BIN`, else `<target>/debug/cx-desktop`. Panics with the build
/// instructions when it is missing.
pub fn app_binary() -> PathBuf {
    let bin = match std::env::var_os("CX_DESKTOP_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => target_dir().join("debug/cx-desktop"),
    };
    if !bin.is_file() {
        panic!(
            "the app binary {} does not exist. Build it with its UI first:\n  \
             (cd ui && (npm ci || npm install) && npm run build) && cargo build -p cx-desktop\n\
             or point CX_DESKTOP_BIN at a built cx-desktop",
            bin.display()
        );
    }
    bin.canonicalize().unwrap_or(bin)
}

/// `tauri-driver`: `$TAURI_DRIVER`, else on PATH, else `~/.cargo/bin/tauri-driver`.
pub fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = find_on_path("tauri-driver") {
        return p;
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(p) = home.map(|h| h.join(".cargo/bin/tauri-driver"))
        && p.is_file()
    {
        return p;
    }
    panic!(
        "tauri-driver is not installed: run ./scripts/setup.sh or \
         `cargo install tauri-driver --version ^2 --locked`"
    );
}

/// The first executable `name` on PATH.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `target/e2e-screenshots/<test>/`, emptied of an earlier run's files.
pub fn fresh_artifact_dir(test: &str) -> PathBuf {
    let dir = target_dir().join("e2e-screenshots").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}
