//! Platform directories (XDG on Linux), so tests can redirect everything with XDG_* variables.

use std::path::PathBuf;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("dev", "cx-agent", "cx-agent")
}

pub fn data_dir() -> PathBuf {
    dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".cx-agent"))
}

/// Where the app writes its log file.
pub fn log_dir() -> PathBuf {
    dirs()
        .and_then(|d| d.state_dir().map(|s| s.join("logs")))
        .unwrap_or_else(|| data_dir().join("logs"))
}
