//! Full-text search over message text for history review. On SQLite: an FTS5 index kept in step by
//! triggers and backfilled from the messages already stored (the SQL lives in
//! `history::fts_sqlite`, the one SQLite-specific module). On any other backend this migration does
//! nothing; PostgreSQL search will come with its own migration.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        crate::history::fts_sqlite::create_schema(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        crate::history::fts_sqlite::drop_schema(m.get_connection()).await
    }
}
