//! SQLite specifics, kept in one place so PostgreSQL can take over later: connection pragmas.

use sea_orm::ConnectOptions;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::time::Duration;

/// How long a writer waits for a lock held by another process before reporting the database busy.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Most of the database file SQLite may read through memory mapping instead of a `read()` per
/// page: a search over a million messages touches thousands of index and message pages, and
/// mapped pages are shared by every connection of the pool (the page cache is per connection).
pub const MMAP_SIZE: u64 = 1 << 30;

pub fn apply_pragmas(opts: &mut ConnectOptions) {
    opts.map_sqlx_sqlite_opts(|o: SqliteConnectOptions| {
        o.create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("mmap_size", MMAP_SIZE.to_string())
    });
}

/// Write transactions take the write lock at BEGIN (IMMEDIATE): a deferred transaction that reads
/// first and writes later can fail at once with SQLITE_BUSY when another writer got in between,
/// whereas an immediate one waits its turn for up to the busy timeout.
pub fn write_options() -> sea_orm::TransactionOptions {
    sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    }
}
