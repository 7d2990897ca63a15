//! Full-text search on PostgreSQL: accent folding (`unaccent`), a stored tsvector with a GIN index
//! on messages (history search) and on knowledge passages (SQL in `history::fts_pg`,
//! `knowledge::fts_pg` and `db::pg_text`). On SQLite this migration does nothing: FTS5 came with
//! m0002, m0003 and m0007.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        crate::db::pg_text::run(db, crate::db::pg_text::CREATE_UNACCENT).await?;
        crate::history::fts_pg::create_schema(db).await?;
        crate::knowledge::fts_pg::create_schema(db).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        crate::knowledge::fts_pg::drop_schema(db).await?;
        crate::history::fts_pg::drop_schema(db).await?;
        crate::db::pg_text::run(db, crate::db::pg_text::DROP_UNACCENT).await
    }
}
