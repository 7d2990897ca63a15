//! Read-only access to the app's SQLite file. Each query opens a fresh read-only connection so it
//! sees what the app has committed; the app keeps writing meanwhile (WAL).

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Db {
    path: PathBuf,
}

impl Db {
    pub fn new(path: impl Into<PathBuf>) -> Db {
        Db { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new read-only connection (it waits up to 2 s on a locked database).
    pub fn open(&self) -> rusqlite::Result<Connection> {
        let c = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.busy_timeout(Duration::from_secs(2))?;
        Ok(c)
    }

    /// Runs `f` on a fresh connection; panics with `what` on an SQL error.
    pub fn read<T>(&self, what: &str, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> T {
        self.open()
            .and_then(|c| f(&c))
            .unwrap_or_else(|e| panic!("database ({}): {what}: {e}", self.path.display()))
    }

    /// Polls `f` (fresh connection each time, every 100 ms) until it returns `Some`, at most
    /// `timeout`; panics naming `what` and the last value/error otherwise. SQL errors count as
    /// "not yet" (the schema may still be being created) until the deadline.
    pub async fn poll<T: std::fmt::Debug>(
        &self,
        what: &str,
        timeout: Duration,
        mut f: impl FnMut(&Connection) -> rusqlite::Result<Option<T>>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            let last = match self.open().and_then(|c| f(&c)) {
                Ok(Some(v)) => return v,
                Ok(None) => "no matching row yet".to_owned(),
                Err(e) => format!("error: {e}"),
            };
            if Instant::now() >= deadline {
                panic!(
                    "database ({}): waited {timeout:?} for {what}; last: {last}",
                    self.path.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The id of the session holding a customer message with exactly `text` (None if none yet).
    pub fn session_with_customer_text(c: &Connection, text: &str) -> rusqlite::Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        c.query_row(
            "SELECT session_id FROM messages WHERE role = 'customer' AND content = ?1 \
             ORDER BY id DESC LIMIT 1",
            [text],
            |r| r.get(0),
        )
        .optional()
    }

    /// The id of the customer with this email (None if none yet).
    pub fn customer_with_email(c: &Connection, email: &str) -> rusqlite::Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        c.query_row("SELECT id FROM customers WHERE email = ?1", [email], |r| {
            r.get(0)
        })
        .optional()
    }
}
