//! History search at scale (issue #11): a million messages searched in tens of milliseconds.
//!
//! - Indexes on `sessions` for the history filters: one led by `created_at` (the newest sessions,
//!   the history window's first page) and one led by each filter column (channel, status,
//!   escalation reason, customer), each continuing with `created_at, id` so the newest sessions
//!   passing a filter come straight off the index without sorting, and covering the other filter
//!   columns so a second filter is checked on the index entry, not on the (wide) session row.
//! - On SQLite, the message index rebuilt with prefix indexes (the last word of a search is a
//!   prefix; the search is `history::fts_sqlite`). The rebuild reads every message once: a few seconds per
//!   hundred thousand messages, at the first start after the upgrade.
//!
//! Plain sea-query indexes: they run on PostgreSQL too.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use super::m0002_history_search::{CREATE, DROP, run};

/// The index as migration m0007 (`search_speed`) rebuilds it: the same table, triggers and
/// tokenizer, plus *prefix indexes* for prefixes of 2 to 8 characters. The last word of a search
/// is a prefix; without them FTS5 answers `"order"*` by merging the whole doclist of every word
/// starting with it (all 225 000 rows of "order" in a million messages) each time the term is
/// opened, which a search does once per range it scans. With them a prefix is one lookup. Longer
/// prefixes (rare, and short doclists) still merge. Do not edit in place either.
const CREATE_V2: &[&str] = &[
    "CREATE VIRTUAL TABLE messages_fts USING fts5(
        content,
        content = 'messages',
        content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '2 3 4 5 6 7 8'
    )",
    "CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    END",
    "CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END",
    "CREATE TRIGGER messages_fts_after_update AFTER UPDATE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    END",
    "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')",
];

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The filter columns of a history search (besides the text).
const FILTERS: &[&str] = &["channel", "status", "escalation_reason", "customer_id"];

/// `(name, leading column)` of each new index on `sessions`; None leads with `created_at`.
const SESSION_INDEXES: &[(&str, Option<&str>)] = &[
    ("idx_sessions_search_recent", None),
    ("idx_sessions_search_channel", Some("channel")),
    ("idx_sessions_search_status", Some("status")),
    ("idx_sessions_search_reason", Some("escalation_reason")),
    ("idx_sessions_search_customer", Some("customer_id")),
];

fn session_index(name: &str, lead: Option<&'static str>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table("sessions").if_not_exists();
    let rest = FILTERS.iter().copied().filter(|c| Some(*c) != lead);
    for col in lead.into_iter().chain(["created_at", "id"]).chain(rest) {
        i.col(col);
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, also on SQLite: the index is dropped and created again on one connection
    /// (another pooled connection could still see the old one), and a failed rebuild leaves the
    /// old index in place.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, lead) in SESSION_INDEXES {
            m.create_index(session_index(name, *lead)).await?;
        }
        if m.get_database_backend() == DbBackend::Sqlite {
            run(m.get_connection(), &[DROP, CREATE_V2].concat()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            run(m.get_connection(), &[DROP, CREATE].concat()).await?;
        }
        for (name, _) in SESSION_INDEXES {
            m.drop_index(
                Index::drop()
                    .name(*name)
                    .table("sessions")
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, Statement};

    async fn sql_of(db: &sea_orm::DatabaseConnection, name: &str) -> Option<String> {
        db.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE name = ?",
            [name.into()],
        ))
        .await
        .unwrap()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
    }

    #[test]
    fn each_index_leads_with_its_filter_then_the_newest_and_covers_the_rest() {
        let sql = session_index("idx_x", Some("status"))
            .to_string(sea_orm_migration::sea_query::SqliteQueryBuilder);
        assert!(
            sql.contains(
                r#"("status", "created_at", "id", "channel", "escalation_reason", "customer_id")"#
            ),
            "{sql}"
        );
    }

    #[tokio::test]
    async fn down_restores_the_first_index_and_up_the_prefix_indexes() {
        // SQLite's FTS5 schema: on SQLite whatever the test run's database.
        let t = crate::core::testing::seeded_sqlite().await;
        let m = SchemaManager::new(&t.db);
        let fts = sql_of(&t.db, "messages_fts").await.unwrap();
        assert!(fts.contains("prefix"), "{fts}");
        assert!(sql_of(&t.db, "idx_sessions_search_reason").await.is_some());
        Migration.down(&m).await.unwrap();
        let fts = sql_of(&t.db, "messages_fts").await.unwrap();
        assert!(!fts.contains("prefix"), "{fts}");
        assert!(sql_of(&t.db, "idx_sessions_search_reason").await.is_none());
        crate::history::fts_sqlite::integrity_check(&t.db)
            .await
            .unwrap();
        Migration.up(&m).await.unwrap();
        crate::history::fts_sqlite::integrity_check(&t.db)
            .await
            .unwrap();
        let hits = crate::history::search(&t.db, &crate::history::SearchQuery::text("keyb"))
            .await
            .unwrap();
        assert_eq!(
            hits.len(),
            1,
            "the rebuilt index finds the seeded keyboard session"
        );
    }
}
