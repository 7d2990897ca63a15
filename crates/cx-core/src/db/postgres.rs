//! PostgreSQL specifics, kept in one place as `sqlite.rs` is for SQLite: the pool's size.

use std::time::Duration;

/// Connections per process. A team's server serves every desk and kiosk station at once
/// (PostgreSQL allows 100 by default): a few each is enough, as a statement takes milliseconds.
pub const MAX_CONNECTIONS: u32 = 8;

/// How long a statement waits for a free connection before the operation fails with a clear
/// error instead of hanging.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
