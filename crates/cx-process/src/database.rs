//! Which database the front ends open: `CX_DATABASE_URL`, else the configured URL, else a SQLite
//! file in the platform data directory (the app and the CLI share it).

use std::path::PathBuf;

/// The environment variable that overrides the database URL.
pub const DATABASE_URL_ENV: &str = "CX_DATABASE_URL";

/// Default database file: `<platform data dir>/cx-agent.db`.
pub fn default_file() -> PathBuf {
    crate::paths::data_dir().join("cx-agent.db")
}

/// The URL to use: `CX_DATABASE_URL` (when not blank), else `configured`, else the default file.
pub fn url(configured: Option<&str>) -> String {
    chosen(std::env::var(DATABASE_URL_ENV).ok(), configured)
}

fn chosen(from_env: Option<String>, configured: Option<&str>) -> String {
    from_env
        .filter(|u| !u.trim().is_empty())
        .or_else(|| configured.map(str::to_owned))
        .unwrap_or_else(|| cx_core::db::sqlite_url(&default_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_then_the_configuration_then_the_default_file() {
        let configured = Some("postgres://team@db/cx");
        assert_eq!(
            chosen(Some("sqlite://x.db".into()), configured),
            "sqlite://x.db"
        );
        assert_eq!(
            chosen(Some("  ".into()), configured),
            "postgres://team@db/cx"
        );
        assert_eq!(chosen(None, configured), "postgres://team@db/cx");
        let default = chosen(None, None);
        assert!(
            default.starts_with("sqlite://") && default.contains("cx-agent.db"),
            "{default}"
        );
    }
}
