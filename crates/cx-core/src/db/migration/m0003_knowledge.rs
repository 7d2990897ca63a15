//! The knowledge base: documents (one per Markdown file) and their passages, written with
//! sea-query builders so they run on PostgreSQL too. On SQLite also the FTS5 index over passages
//! and the triggers that keep it in step (its schema is here, frozen
//! with the migration; the queries are `knowledge::fts_sqlite`); PostgreSQL search will come with its own migration.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const DOCUMENTS: &str = "knowledge_documents";
const PASSAGES: &str = "knowledge_passages";

/// The FTS5 index over passages. Do not edit in place: a change needs a new migration.
const FTS_CREATE: &[&str] = &[
    "CREATE VIRTUAL TABLE knowledge_fts USING fts5(
        heading,
        body,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )",
    "CREATE TRIGGER knowledge_fts_after_insert AFTER INSERT ON knowledge_passages BEGIN
        INSERT INTO knowledge_fts (rowid, heading, body) VALUES (
            new.id,
            coalesce((SELECT title FROM knowledge_documents WHERE id = new.document_id), '')
                || ' ' || new.heading,
            new.text);
    END",
    "CREATE TRIGGER knowledge_fts_after_delete AFTER DELETE ON knowledge_passages BEGIN
        DELETE FROM knowledge_fts WHERE rowid = old.id;
    END",
    "CREATE TRIGGER knowledge_fts_after_update AFTER UPDATE ON knowledge_passages BEGIN
        DELETE FROM knowledge_fts WHERE rowid = old.id;
        INSERT INTO knowledge_fts (rowid, heading, body) VALUES (
            new.id,
            coalesce((SELECT title FROM knowledge_documents WHERE id = new.document_id), '')
                || ' ' || new.heading,
            new.text);
    END",
];

const FTS_DROP: &[&str] = &[
    "DROP TRIGGER IF EXISTS knowledge_fts_after_update",
    "DROP TRIGGER IF EXISTS knowledge_fts_after_delete",
    "DROP TRIGGER IF EXISTS knowledge_fts_after_insert",
    "DROP TABLE IF EXISTS knowledge_fts",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DOCUMENTS)
                .col(big_integer("id").auto_increment().primary_key())
                // Relative to the knowledge folder, `/`-separated.
                .col(string_uniq("path"))
                .col(string("title"))
                .col(string("content_hash"))
                .col(timestamp_with_time_zone("updated_at"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PASSAGES)
                .col(big_integer("id").auto_increment().primary_key())
                .col(big_integer("document_id"))
                .col(text("heading"))
                .col(integer("ordinal"))
                .col(text("text"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_knowledge_passages_document_id")
                        .from(PASSAGES, "document_id")
                        .to(DOCUMENTS, "id")
                        // The code deletes passages itself; the cascade is a safety net.
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_knowledge_passages_document_ordinal")
                .table(PASSAGES)
                .col("document_id")
                .col("ordinal")
                .unique()
                .if_not_exists()
                .take(),
        )
        .await?;

        if m.get_database_backend() == DbBackend::Sqlite {
            super::run_each(m.get_connection(), FTS_CREATE).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            super::run_each(m.get_connection(), FTS_DROP).await?;
        }
        for t in [PASSAGES, DOCUMENTS] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, Statement};

    async fn knowledge_objects(db: &sea_orm::DatabaseConnection) -> i64 {
        db.query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'knowledge%'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
    }

    #[tokio::test]
    async fn down_removes_everything_and_up_restores_it() {
        // SQLite's FTS5 schema: on SQLite whatever the test run's database.
        let t = crate::core::testing::seeded_sqlite().await;
        let empty = tempfile::tempdir().unwrap();
        crate::knowledge::reindex(&t.db, empty.path())
            .await
            .unwrap();
        let created = knowledge_objects(&t.db).await;
        // 2 tables, their unique path index and the passage index, the FTS table with its shadow
        // tables, 3 triggers.
        assert!(created >= 8, "{created}");
        let m = SchemaManager::new(&t.db);
        Migration.down(&m).await.unwrap();
        assert_eq!(knowledge_objects(&t.db).await, 0);
        Migration.up(&m).await.unwrap();
        assert_eq!(knowledge_objects(&t.db).await, created);
    }
}
