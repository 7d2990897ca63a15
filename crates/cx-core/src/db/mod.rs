//! The data layer: connection, migrations, entities and demo data.

pub mod entity;
pub mod migration;
pub mod seed;
mod sqlite;

use crate::error::Result;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;
use std::path::{Path, PathBuf};

pub use sea_orm::DatabaseConnection as Db;

/// The environment variable that overrides the database URL.
pub const DATABASE_URL_ENV: &str = "CX_DATABASE_URL";

/// `sqlite://<path>?mode=rwc` for a file path.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Default database file: `<platform data dir>/cx-agent/cx-agent.db`.
pub fn default_db_path() -> PathBuf {
    crate::paths::data_dir().join("cx-agent.db")
}

/// The URL to use: `CX_DATABASE_URL`, else the configured one, else the default file.
pub fn resolve_url(configured: Option<&str>) -> String {
    std::env::var(DATABASE_URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| configured.map(str::to_owned))
        .unwrap_or_else(|| sqlite_url(&default_db_path()))
}

/// Open (creating the file and its folder when missing) and migrate to the latest schema.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .map(|p| p.split('?').next().unwrap_or(p))
        && let Some(parent) = Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            crate::error::CoreError::Internal(format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(8).sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // No ping before each checkout: a local file does not drop connections, and the ping
        // was one more round trip to the connection's thread for every statement.
        opts.test_before_acquire(false);
        sqlite::apply_pragmas(&mut opts);
        sqlite::apply_busy_handler(&mut opts);
    }
    let db = Database::connect(opts).await?;
    migration::Migrator::up(&db, None).await?;
    Ok(db)
}

/// Begin a transaction that will write (on SQLite: `BEGIN IMMEDIATE`; elsewhere the default).
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction> {
    use sea_orm::TransactionTrait;
    Ok(db.begin_with_options(sqlite::write_options()).await?)
}

/// The row with this key, if any. `.one()` would add `LIMIT ?`, and SQLite prepares a statement
/// whose LIMIT is a bound parameter again at every execution (the planner read its value); a
/// key matches one row at most, so no LIMIT is needed.
pub async fn by_key<E: sea_orm::EntityTrait, C: sea_orm::ConnectionTrait>(
    select: sea_orm::Select<E>,
    db: &C,
) -> std::result::Result<Option<E::Model>, sea_orm::DbErr> {
    Ok(select.all(db).await?.into_iter().next())
}

/// Run statements in order and return the rows they return. On SQLite they go to the connection
/// in one call — one round trip to its thread instead of one each; elsewhere one by one. Run
/// inside a transaction for all or none.
pub async fn batch<C: sea_orm::ConnectionTrait>(
    db: &C,
    statements: Vec<sea_orm::Statement>,
) -> std::result::Result<Vec<sea_orm::QueryResult>, sea_orm::DbErr> {
    use sea_orm::{DbBackend, Statement};
    if db.get_database_backend() != DbBackend::Sqlite {
        let mut rows = vec![];
        for s in statements {
            rows.extend(db.query_all_raw(s).await?);
        }
        return Ok(rows);
    }
    let mut sql = String::new();
    let mut values = vec![];
    for s in statements {
        sql.push_str(&s.sql);
        sql.push_str(";\n");
        values.extend(s.values.map(|v| v.0).unwrap_or_default());
    }
    db.query_all_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        sql,
        values,
    ))
    .await
}

/// Open a database file by path (tests, `--db PATH`).
pub async fn open_file(path: &Path) -> Result<DatabaseConnection> {
    connect(&sqlite_url(path)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::entity::*;
    use sea_orm::{
        ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
        Statement,
    };

    async fn pragma(db: &DatabaseConnection, name: &str) -> String {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("PRAGMA {name}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<String>(0)
            .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
            .unwrap()
    }

    #[tokio::test]
    async fn migrations_build_everything_from_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/cx.db");
        let db = open_file(&path).await.unwrap();
        assert!(path.is_file(), "the file and its folders are created");
        for table in [
            "customers",
            "orders",
            "tickets",
            "canned_responses",
            "sessions",
            "messages",
            "pending_actions",
            "audit_log",
        ] {
            let n = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!(
                        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='{table}'"
                    ),
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap();
            assert_eq!(n, 1, "{table}");
        }
        assert_eq!(pragma(&db, "journal_mode").await, "wal");
        assert_eq!(pragma(&db, "foreign_keys").await, "1");
        // Opening again is a no-op migration.
        drop(db);
        let db = open_file(&path).await.unwrap();
        assert_eq!(customer::Entity::find().count(&db).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn foreign_keys_are_enforced() {
        let dir = tempfile::tempdir().unwrap();
        let db = open_file(&dir.path().join("cx.db")).await.unwrap();
        let err = db
            .execute_unprepared(
                "INSERT INTO orders (customer_id, product, amount_cents, status, created_at, updated_at) \
                 VALUES (999, 'x', 1, 'pending', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }

    async fn snapshot(db: &DatabaseConnection) -> String {
        let c = customer::Entity::find()
            .order_by_asc(customer::Column::Id)
            .all(db)
            .await
            .unwrap();
        let o = order::Entity::find()
            .order_by_asc(order::Column::Id)
            .all(db)
            .await
            .unwrap();
        let t = ticket::Entity::find()
            .order_by_asc(ticket::Column::Id)
            .all(db)
            .await
            .unwrap();
        let m = message::Entity::find()
            .order_by_asc(message::Column::Id)
            .all(db)
            .await
            .unwrap();
        serde_json::to_string(&(c, o, t, m)).unwrap()
    }

    #[tokio::test]
    async fn seeding_is_idempotent_and_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let a = open_file(&dir.path().join("a.db")).await.unwrap();
        let b = open_file(&dir.path().join("b.db")).await.unwrap();
        let first = seed::seed(&a).await.unwrap();
        assert!(first.seeded);
        assert!(
            first.customers >= 25 && first.orders == 80 && first.tickets == 30,
            "{first:?}"
        );
        assert_eq!(first.canned_responses, 8);
        assert!(first.sessions >= 3);
        let again = seed::seed(&a).await.unwrap();
        assert!(!again.seeded);
        assert_eq!(
            (again.customers, again.orders, again.tickets),
            (first.customers, first.orders, first.tickets)
        );
        seed::seed(&b).await.unwrap();
        assert_eq!(
            snapshot(&a).await,
            snapshot(&b).await,
            "two databases seed identically"
        );

        for email in ["alice@example.com", "bob@example.com", "carol@example.com"] {
            let c = customer::Entity::find()
                .filter(customer::Column::Email.eq(email))
                .one(&a)
                .await
                .unwrap()
                .unwrap();
            assert!(c.phone.is_some(), "{email}");
        }
        let orders = order::Entity::find().all(&a).await.unwrap();
        for s in OrderStatus::ALL {
            assert!(
                orders.iter().any(|o| o.status == *s),
                "an order in status {s}"
            );
        }
        assert!(orders.iter().all(|o| o.amount_cents > 0));
        for shortcut in [
            "/greet",
            "/thanks",
            "/refund",
            "/shipping",
            "/escalate",
            "/close",
        ] {
            let found = canned_response::Entity::find()
                .filter(canned_response::Column::Shortcut.eq(shortcut))
                .one(&a)
                .await
                .unwrap();
            assert!(found.is_some(), "{shortcut}");
        }
        let closed = session::Entity::find()
            .filter(session::Column::Status.eq(SessionStatus::Closed))
            .count(&a)
            .await
            .unwrap();
        assert!(closed >= 3);
        assert!(message::Entity::find().count(&a).await.unwrap() >= 10);
    }

    #[tokio::test]
    async fn a_locked_database_is_a_clear_error_and_loses_nothing() {
        use crate::db::entity::{Channel, MessageRole};
        use crate::sessions::{NewMessage, append, create, messages};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cx.db");
        let db = open_file(&path).await.unwrap();
        let s = create(&db, Channel::Cli, "professional", None)
            .await
            .unwrap();
        // Another process holds the write lock for longer than our busy timeout.
        let mut other = rusqlite_lock(&path);
        let err = append(&db, s.id, NewMessage::text(MessageRole::Customer, "hello"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "database_busy", "{err}");
        assert!(err.to_string().contains("busy"));
        other.kill().unwrap();
        other.wait().unwrap();
        append(&db, s.id, NewMessage::text(MessageRole::Customer, "hello"))
            .await
            .unwrap();
        assert_eq!(messages(&db, s.id).await.unwrap().len(), 1);
    }

    /// Hold an exclusive write lock from a separate connection (a second "process").
    fn rusqlite_lock(path: &std::path::Path) -> std::process::Child {
        std::process::Command::new("python3")
            .arg("-c")
            .arg(format!(
                "import sqlite3,time\nc=sqlite3.connect(r'{}',isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\nprint('locked',flush=True)\ntime.sleep(30)",
                path.display()
            ))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map(|mut child| {
                use std::io::BufRead;
                let out = child.stdout.take().unwrap();
                let mut line = String::new();
                std::io::BufReader::new(out).read_line(&mut line).unwrap();
                assert_eq!(line.trim(), "locked");
                child
            })
            .expect("python3 holds the lock")
    }
}
