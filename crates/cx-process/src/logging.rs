//! tracing setup: RUST_LOG is respected (default `info`); the app also writes a daily log file in
//! the platform log directory.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Log to stderr only (the CLI, tests).
pub fn init_stderr() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .try_init();
}

/// Log to stderr and to `<log dir>/cx-agent.log.<date>`. Keep the guard alive for the whole run.
pub fn init_with_file() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = crate::paths::log_dir();
    if std::fs::create_dir_all(&dir).is_err() {
        init_stderr();
        return None;
    }
    let appender = tracing_appender::rolling::daily(&dir, "cx-agent.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(writer))
        .try_init();
    Some(guard)
}
