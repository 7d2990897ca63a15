//! Full-text search over message text for history review. On SQLite: an FTS5 index kept in step by
//! triggers and backfilled from the messages already stored (the queries live
//! in `history::fts_sqlite`; the schema lives here, frozen with its migration). On any other backend this migration does
//! nothing; PostgreSQL search will come with its own migration.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

/// The first index. Do not edit in place: a change needs a new migration.
pub(super) const CREATE: &[&str] = &[
    "CREATE VIRTUAL TABLE messages_fts USING fts5(
        content,
        content = 'messages',
        content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    )",
    // External content: FTS5 must be told the old text to remove its tokens, hence 'delete'.
    "CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    END",
    "CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END",
    // Any update (not just OF content): messages are append-only, so this costs nothing, and an id
    // change could otherwise leave the index pointing at the wrong row.
    "CREATE TRIGGER messages_fts_after_update AFTER UPDATE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    END",
    // Backfill: index every message already stored.
    "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')",
];

pub(super) const DROP: &[&str] = &[
    "DROP TRIGGER IF EXISTS messages_fts_after_update",
    "DROP TRIGGER IF EXISTS messages_fts_after_delete",
    "DROP TRIGGER IF EXISTS messages_fts_after_insert",
    "DROP TABLE IF EXISTS messages_fts",
];

/// The statements in one call, so one connection runs them all: on a pool, a statement run on
/// another connection could still see the schema as it was (a table just dropped "already
/// exists").
pub(super) async fn run<C: ConnectionTrait>(db: &C, statements: &[&str]) -> Result<(), DbErr> {
    db.execute_unprepared(&statements.join(";\n")).await?;
    Ok(())
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        run(m.get_connection(), CREATE).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        run(m.get_connection(), DROP).await
    }
}
