//! `Core`: the database, the configuration and the policy, opened together. Every front end (the
//! desktop app, the CLI, tests) holds one.

use crate::config::Config;
use crate::db;
use crate::error::Result;
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
            let report = crate::knowledge::reindex(&db, &kb).await?;
            tracing::info!(?report, "knowledge base in step");
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

/// Test support: a fresh, seeded database file in a temporary folder.
#[cfg(any(test, feature = "testing"))]
pub mod testing {
    use super::*;

    pub struct TestCore {
        pub core: Core,
        pub dir: tempfile::TempDir,
    }

    impl std::ops::Deref for TestCore {
        type Target = Core;
        fn deref(&self) -> &Core {
            &self.core
        }
    }

    impl TestCore {
        pub fn db_path(&self) -> std::path::PathBuf {
            self.dir.path().join("cx.db")
        }
    }

    /// A migrated and seeded database file with the repository's configuration.
    pub async fn seeded() -> TestCore {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = db::sqlite_url(&dir.path().join("cx.db"));
        let core = Core::open(&url, &Config::default_dir())
            .await
            .expect("open core");
        db::seed::seed(&core.db).await.expect("seed");
        TestCore { core, dir }
    }
}
