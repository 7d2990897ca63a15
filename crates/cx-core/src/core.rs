//! `Core`: the database, the configuration and the policy, opened together. Every front end (the
//! desktop app, the CLI, tests) holds one.

use crate::config::Config;
use crate::db;
use crate::error::{CoreError, Result};
use crate::policy::Policy;
use crate::tools::ToolEnv;
use sea_orm::DatabaseConnection;
use std::path::Path;

#[derive(Clone)]
pub struct Core {
    pub db: DatabaseConnection,
    pub config: Config,
    pub policy: Policy,
}

impl Core {
    /// Open the database at `url` (migrating it) with the configuration in `config_dir`.
    pub async fn open(url: &str, config_dir: &Path) -> Result<Core> {
        let config = Config::load(config_dir)?;
        let db = db::connect(url).await?;
        let policy = Policy::new(config.permissions.clone());
        // The knowledge base follows its folder: cheap when nothing changed (hashes only).
        let kb = config_dir.join("knowledge");
        if kb.is_dir() {
            match crate::knowledge::reindex(&db, &kb).await {
                Ok(report) => tracing::info!(?report, "knowledge base in step"),
                // A kiosk station's login only reads the knowledge base (db::grants): the desks
                // keep it, and a lobby machine's folder must not rewrite what every station
                // answers from. It answers from what is indexed; nothing was written.
                Err(CoreError::Database(e)) if db::grants::insufficient_privilege(&e) => {
                    tracing::warn!("knowledge base not reindexed: this login may not write it")
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Core { db, config, policy })
    }

    pub fn tool_env(&self) -> ToolEnv<'_> {
        ToolEnv {
            db: &self.db,
            policy: &self.policy,
            limits: &self.config.escalation,
        }
    }
}

/// Test support: a fresh, seeded database — a SQLite file in a temporary folder, or, when
/// `CX_TEST_POSTGRES_URL` names a PostgreSQL server (scripts/postgres.sh starts one), a database
/// of its own on that server, copied from a migrated and seeded template.
#[cfg(any(test, feature = "testing"))]
pub mod testing {
    use super::*;

    /// The server the core's tests also run on (its `postgres` database).
    pub const POSTGRES_ENV: &str = "CX_TEST_POSTGRES_URL";

    pub struct TestCore {
        pub core: Core,
        pub dir: tempfile::TempDir,
        /// The URL the core was opened with: another connection to the same database.
        pub url: String,
    }

    impl std::ops::Deref for TestCore {
        type Target = Core;
        fn deref(&self) -> &Core {
            &self.core
        }
    }

    /// A migrated and seeded database with the repository's configuration.
    pub async fn seeded() -> TestCore {
        match std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) {
            Some(server) => seeded_at(Some(postgres::fresh_database(&server).await)).await,
            None => seeded_at(None).await,
        }
    }

    /// The core on `url` (None: a SQLite file in the test's folder), seeded.
    async fn seeded_at(url: Option<String>) -> TestCore {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = url.unwrap_or_else(|| db::sqlite_url(&dir.path().join("cx.db")));
        let core = Core::open(&url, &Config::default_dir())
            .await
            .expect("open core");
        crate::seed::seed(&core.db).await.expect("seed");
        TestCore { core, dir, url }
    }

    /// [`seeded`] on a SQLite file whatever the test run's database: for what only SQLite has
    /// (FTS5 tables, pragmas).
    pub async fn seeded_sqlite() -> TestCore {
        seeded_at(None).await
    }

    /// A fresh, empty (not migrated) database on the test server, or a SQLite file in `dir`.
    pub async fn empty_url(dir: &std::path::Path) -> String {
        match std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) {
            Some(server) => postgres::create(&server, None).await,
            None => db::sqlite_url(&dir.join("cx.db")),
        }
    }

    mod postgres {
        use super::*;
        use sea_orm::{ConnectionTrait, Database};
        use std::sync::atomic::{AtomicU32, Ordering};

        static NEXT: AtomicU32 = AtomicU32::new(0);

        /// `server` with its database name replaced.
        fn with_database(server: &str, name: &str) -> String {
            let (base, query) = server.split_once('?').unwrap_or((server, ""));
            let (host, _) = base
                .rsplit_once('/')
                .expect("a postgres URL names a database");
            let query = if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            };
            format!("{host}/{name}{query}")
        }

        /// Create a database (as a copy of `template`, if given) and return its URL.
        pub async fn create(server: &str, template: Option<&str>) -> String {
            let name = format!(
                "cx_t_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let admin = Database::connect(server).await.expect("test server");
            let sql = match template {
                Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
                None => format!("CREATE DATABASE {name}"),
            };
            admin
                .execute_unprepared(&sql)
                .await
                .expect("create database");
            admin.close().await.ok();
            with_database(server, &name)
        }

        /// One template per test process, migrated and seeded once; each test gets a copy.
        pub async fn fresh_database(server: &str) -> String {
            static TEMPLATE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
            let known = TEMPLATE.lock().unwrap().clone();
            let template = match known {
                Some(t) => t,
                None => {
                    // Built on a thread of its own: each test has its own runtime, and the
                    // template must not keep a connection from one of them.
                    let server = server.to_owned();
                    let made = std::thread::spawn(move || {
                        let rt = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .unwrap();
                        rt.block_on(async {
                            let url = create(&server, None).await;
                            let core = Core::open(&url, &Config::default_dir())
                                .await
                                .expect("migrate the template");
                            crate::seed::seed(&core.db)
                                .await
                                .expect("seed the template");
                            core.db.close().await.ok();
                            url.rsplit_once('/')
                                .unwrap()
                                .1
                                .split('?')
                                .next()
                                .unwrap()
                                .to_owned()
                        })
                    })
                    .join()
                    .expect("template");
                    let mut slot = TEMPLATE.lock().unwrap();
                    slot.get_or_insert(made).clone()
                }
            };
            create(server, Some(&template)).await
        }
    }
}
