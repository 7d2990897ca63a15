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

/// Installs [`busy_wait`] on each new connection of the pool.
pub fn apply_busy_handler(opts: &mut ConnectOptions) {
    opts.map_sqlx_sqlite_pool_opts(|p| {
        p.after_connect(|conn, _| {
            Box::pin(async move {
                let mut handle = conn.lock_handle().await?;
                // SAFETY: the handle is locked out of the worker thread for this call, and the
                // callback is a plain function with no user data.
                unsafe {
                    libsqlite3_sys::sqlite3_busy_handler(
                        handle.as_raw_handle().as_ptr(),
                        Some(busy_wait),
                        std::ptr::null_mut(),
                    );
                }
                Ok(())
            })
        })
    });
}

/// Waits for another connection's write lock in short steps. SQLite's own handler (what
/// `busy_timeout` installs) sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, while a write
/// here holds the lock for tens of microseconds: with 200 sessions taking turns at once the
/// writers met a held lock dozens of times per turn, and slept on after it was free. This one sleeps
/// 20 µs, doubling up to 1 ms, and gives up after [`BUSY_TIMEOUT`] as SQLite's would.
extern "C" fn busy_wait(_: *mut std::ffi::c_void, tries: std::ffi::c_int) -> std::ffi::c_int {
    let step = busy_step(tries as u32);
    if busy_spent(tries as u32) >= BUSY_TIMEOUT {
        return 0;
    }
    std::thread::sleep(step);
    1
}

fn busy_step(tries: u32) -> Duration {
    Duration::from_micros(20u64 << tries.min(6)).min(Duration::from_millis(1))
}

/// The time slept before try `tries` (the sum of the earlier steps).
fn busy_spent(tries: u32) -> Duration {
    (0..tries.min(8)).map(busy_step).sum::<Duration>()
        + Duration::from_millis(1) * tries.saturating_sub(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first waits are tens of microseconds, no wait is longer than 1 ms, and the handler
    /// gives up once about BUSY_TIMEOUT has been slept, as SQLite's own would.
    #[test]
    fn busy_waits_start_short_and_end_at_the_timeout() {
        assert_eq!(busy_step(0), Duration::from_micros(20));
        assert_eq!(busy_step(1), Duration::from_micros(40));
        assert!((0..10_000).all(|t| busy_step(t) <= Duration::from_millis(1)));
        let gives_up = (0..10_000u32)
            .find(|&t| busy_spent(t) >= BUSY_TIMEOUT)
            .expect("gives up");
        assert!(busy_spent(gives_up) < BUSY_TIMEOUT + Duration::from_millis(2));
        assert!(busy_spent(gives_up - 1) < BUSY_TIMEOUT);
    }
}
