//! The data layer: connection, migrations, entities and demo data.

pub mod entity;
pub mod grants;
pub mod migration;
pub(crate) mod pg_text;
mod postgres;
mod sqlite;

use crate::error::{CoreError, Result};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;
use std::path::{Path, PathBuf};

pub use sea_orm::DatabaseConnection as Db;

/// `sqlite://<path>?mode=rwc` for a file path.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Which database a URL names. SQLite is the embedded default for one machine; PostgreSQL is
/// shared by a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file (`sqlite://PATH…`, or a plain path).
    Sqlite { url: String, path: Option<PathBuf> },
    /// A PostgreSQL server (`postgres://…` or `postgresql://…`).
    Postgres { url: String },
}

impl Target {
    /// Read a `--db` value or `CX_DATABASE_URL`: a path, `sqlite:…` or `postgres://…`. Any other
    /// scheme is an error, never a file named after it.
    pub fn parse(given: &str) -> Result<Target> {
        let given = given.trim();
        if given.is_empty() {
            return Err(CoreError::invalid("the database URL is empty"));
        }
        let lower = given.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Target::Postgres {
                url: given.to_owned(),
            });
        }
        if let Some(rest) = given.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            let path = path.split('?').next().unwrap_or(path);
            let path = (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path));
            return Ok(Target::Sqlite {
                url: given.to_owned(),
                path,
            });
        }
        if let Some(scheme) = scheme_of(given) {
            return Err(CoreError::invalid(format!(
                "unsupported database URL scheme {scheme:?} in {}: use a file path, \
                 sqlite://PATH or postgres://USER@HOST/DATABASE",
                redact(given)
            )));
        }
        let path = PathBuf::from(given);
        Ok(Target::Sqlite {
            url: sqlite_url(&path),
            path: Some(path),
        })
    }

    pub fn url(&self) -> &str {
        match self {
            Target::Sqlite { url, .. } | Target::Postgres { url } => url,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Target::Postgres { .. })
    }
}

/// `scheme` of `scheme:rest` when `given` reads as a URL rather than a path (a Windows drive
/// letter such as `C:\` is a path).
fn scheme_of(given: &str) -> Option<&str> {
    let (scheme, rest) = given.split_once(':')?;
    let is_scheme = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (is_scheme && (rest.starts_with("//") || !rest.contains(['/', '\\']))).then_some(scheme)
}

/// A URL with its password (if any) hidden, for logs and messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

/// Open (creating a SQLite file and its folder when missing) and migrate to the latest schema.
/// `url` is anything [`Target::parse`] reads.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    let target = Target::parse(url)?;
    if let Target::Sqlite {
        path: Some(path), ..
    } = &target
        && let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| CoreError::Internal(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut opts = ConnectOptions::new(target.url());
    opts.sqlx_logging(false);
    match target {
        Target::Sqlite { .. } => {
            opts.max_connections(8);
            // No ping before each checkout: a local file does not drop connections, and the
            // ping was one more round trip to the connection's thread for every statement.
            opts.test_before_acquire(false);
            sqlite::apply_pragmas(&mut opts);
            sqlite::apply_busy_handler(&mut opts);
        }
        Target::Postgres { .. } => {
            // A server is shared by every desk and station: a few connections each.
            opts.max_connections(postgres::MAX_CONNECTIONS)
                .acquire_timeout(postgres::ACQUIRE_TIMEOUT);
        }
    }
    // A busy file stays `database_busy`; any other failure names the database (password hidden).
    let db = Database::connect(opts)
        .await
        .map_err(|e| match CoreError::from(e) {
            CoreError::Database(e) => CoreError::Database(sea_orm::DbErr::Custom(format!(
                "cannot open {}: {e}",
                redact(url)
            ))),
            other => other,
        })?;
    migrate(&db, url).await?;
    Ok(db)
}

/// Run the pending migrations, if any. Looking only reads `seaql_migrations`, so a station's
/// login (no DDL, see [`grants`]) opens a current database; an outdated one needs the owner.
async fn migrate(db: &DatabaseConnection, url: &str) -> Result<()> {
    let pending = migration::Migrator::get_pending_migrations_read_only(db).await?;
    if pending.is_empty() {
        return Ok(());
    }
    migration::Migrator::up(db, None).await.map_err(|e| {
        if !grants::insufficient_privilege(&e) {
            return e.into();
        }
        let names: Vec<&str> = pending.iter().map(|m| m.name()).collect();
        CoreError::denied(format!(
            "{} needs migrations this login may not run ({}): run `cx-agent db migrate` with \
             the owner's login first",
            redact(url),
            names.join(", ")
        ))
    })
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

    /// A path or a sqlite/postgres URL is read as such; any other scheme is a clear error, never
    /// a SQLite file in a folder named after it (`postgres:` once became one).
    #[test]
    fn database_urls_and_paths_are_told_apart() {
        let sqlite = |given: &str| match Target::parse(given).unwrap() {
            Target::Sqlite { url, path } => (url, path),
            other => panic!("{given}: {other:?}"),
        };
        assert_eq!(
            sqlite("/var/lib/cx/cx.db"),
            (
                "sqlite:///var/lib/cx/cx.db?mode=rwc".into(),
                Some(PathBuf::from("/var/lib/cx/cx.db"))
            )
        );
        assert_eq!(sqlite("data/cx.db").1, Some(PathBuf::from("data/cx.db")));
        assert_eq!(
            sqlite("C:\\cx\\cx.db").1,
            Some(PathBuf::from("C:\\cx\\cx.db"))
        );
        assert_eq!(
            sqlite("sqlite:///tmp/a.db?mode=rwc"),
            (
                "sqlite:///tmp/a.db?mode=rwc".into(),
                Some(PathBuf::from("/tmp/a.db"))
            )
        );
        assert_eq!(sqlite("sqlite::memory:").1, None);
        for pg in [
            "postgres://cx@db.example:5432/cx",
            "postgresql://desk:secret@10.0.0.5/cx?sslmode=require",
            "  POSTGRES://cx@localhost/cx  ",
        ] {
            assert!(Target::parse(pg).unwrap().is_postgres(), "{pg}");
        }
        for bad in [
            "mysql://root@localhost/cx",
            "postgres:cx",
            "http://example.com/cx.db",
            "file:cx.db",
            "",
            "   ",
        ] {
            let err = Target::parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{bad}: {err}");
        }
        let err = Target::parse("mysql://root:hunter2@localhost/cx").unwrap_err();
        assert!(err.to_string().contains("\"mysql\""), "{err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            redact("postgres://desk:s3cret@db/cx"),
            "postgres://desk:***@db/cx"
        );
        assert_eq!(redact("postgres://desk@db/cx"), "postgres://desk@db/cx");
        assert_eq!(
            redact("sqlite:///tmp/cx.db?mode=rwc"),
            "sqlite:///tmp/cx.db?mode=rwc"
        );
        assert_eq!(redact("/home/a@b/cx.db"), "/home/a@b/cx.db");
    }

    /// A URL that names no supported database opens nothing and creates no file or folder.
    #[tokio::test]
    async fn an_unsupported_url_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = std::env::current_dir().unwrap();
        let given = format!("mysql://{}/cx", dir.path().display());
        let err = connect(&given).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(!cwd.join("mysql:").exists());
    }

    /// The demo data goes into an embedded SQLite file by itself, never into a shared server;
    /// asked for, it seeds either, and new rows take ids after the seeded ones.
    #[tokio::test]
    async fn demo_data_only_seeds_a_shared_database_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::core::testing::empty_url(dir.path()).await;
        let db = connect(&url).await.unwrap();
        let started = crate::seed::on_start(&db).await.unwrap();
        let customers = customer::Entity::find().count(&db).await.unwrap();
        match db.get_database_backend() {
            sea_orm::DbBackend::Sqlite => {
                assert!(started.expect("considered").seeded);
                assert!(customers > 0);
            }
            _ => {
                assert!(started.is_none());
                assert_eq!(customers, 0, "a shared database is not seeded unasked");
                assert!(crate::seed::seed(&db).await.unwrap().seeded);
            }
        }
        use sea_orm::{ActiveModelTrait, Set};
        let now = chrono::Utc::now();
        let added = customer::ActiveModel {
            name: Set("New Customer".into()),
            email: Set("new@example.com".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("a new customer after the seeded ones");
        let most = customer::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .max()
            .unwrap();
        assert_eq!(added.id, most);
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
        let first = crate::seed::seed(&a).await.unwrap();
        assert!(first.seeded);
        assert!(
            first.customers >= 25 && first.orders == 80 && first.tickets == 30,
            "{first:?}"
        );
        assert_eq!(first.canned_responses, 8);
        assert!(first.sessions >= 3);
        let again = crate::seed::seed(&a).await.unwrap();
        assert!(!again.seeded);
        assert_eq!(
            (again.customers, again.orders, again.tickets),
            (first.customers, first.orders, first.tickets)
        );
        crate::seed::seed(&b).await.unwrap();
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
