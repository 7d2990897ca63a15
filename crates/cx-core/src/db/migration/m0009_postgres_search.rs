//! Full-text search on PostgreSQL: accent folding (`unaccent`), a stored tsvector with a GIN index
//! on messages (history search) and on knowledge passages (the schema is here,
//! frozen with the migration; the queries are in `history::fts_pg`, `knowledge::fts_pg` and
//! `db::pg_text`). On SQLite this migration does nothing: FTS5 came with
//! m0002, m0003 and m0007.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use super::run_each;
use crate::db::pg_text;

/// The history part. Do not edit in place: a change needs a new migration.
fn history_create() -> Vec<String> {
    vec![
        format!(
            "ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS ({}) STORED",
            pg_text::vector_of("content")
        ),
        "CREATE INDEX idx_messages_search ON messages USING gin (search)".into(),
    ]
}

const HISTORY_DROP: &[&str] = &[
    "DROP INDEX IF EXISTS idx_messages_search",
    "ALTER TABLE messages DROP COLUMN IF EXISTS search",
];

/// The knowledge part. Do not edit in place: a change needs a new migration.
fn knowledge_create() -> Vec<String> {
    let heading = "coalesce((SELECT title FROM knowledge_documents WHERE id = NEW.document_id), '') \
                   || ' ' || coalesce(NEW.heading, '')";
    vec![
        "ALTER TABLE knowledge_passages ADD COLUMN search tsvector".into(),
        format!(
            "CREATE FUNCTION knowledge_passages_search() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 NEW.search := setweight({}, 'A') || setweight({}, 'D');
                 RETURN NEW;
             END $$",
            pg_text::vector_of(&format!("({heading})")),
            pg_text::vector_of("NEW.text")
        ),
        "CREATE TRIGGER knowledge_passages_search BEFORE INSERT OR UPDATE ON knowledge_passages
             FOR EACH ROW EXECUTE FUNCTION knowledge_passages_search()"
            .into(),
        // Backfill: passages stored before the migration.
        "UPDATE knowledge_passages SET heading = heading".into(),
        "CREATE INDEX idx_knowledge_passages_search ON knowledge_passages USING gin (search)"
            .into(),
    ]
}

const KNOWLEDGE_DROP: &[&str] = &[
    "DROP INDEX IF EXISTS idx_knowledge_passages_search",
    "DROP TRIGGER IF EXISTS knowledge_passages_search ON knowledge_passages",
    "DROP FUNCTION IF EXISTS knowledge_passages_search()",
    "ALTER TABLE knowledge_passages DROP COLUMN IF EXISTS search",
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        run_each(db, pg_text::CREATE_UNACCENT).await?;
        run_each(db, &history_create()).await?;
        run_each(db, &knowledge_create()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        run_each(db, KNOWLEDGE_DROP).await?;
        run_each(db, HISTORY_DROP).await?;
        run_each(db, pg_text::DROP_UNACCENT).await
    }
}
