//! The customer's language (issue #15): the kiosk offers a choice on its start screen and the
//! session keeps it, so the prompt, the core's own notices and the staff windows know it. Null on
//! every session from before (they were all English).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("sessions")
                .add_column(text_null("language"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("sessions")
                .drop_column("language")
                .take(),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use crate::Language;
    use crate::db::entity::{Channel, session};
    use crate::db::migration::Migrator;
    use sea_orm::{ConnectionTrait, EntityTrait};
    use sea_orm_migration::MigratorTrait;

    /// A session stored before this migration reads as English (in the entity and in the
    /// transcript staff see); one stored after keeps its language. On SQLite, or PostgreSQL when
    /// the test run names a server.
    #[tokio::test]
    async fn sessions_from_before_are_english_and_new_ones_keep_their_language() {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::core::testing::empty_url(dir.path()).await;
        // Connected without `db::connect`, which would migrate all the way.
        let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
        let before = Migrator::get_pending_migrations(&db).await.unwrap().len() as u32 - 1;
        Migrator::up(&db, Some(before)).await.unwrap();
        // A row as the schema before this migration stored it (raw SQL: today's entity has the
        // new column).
        db.execute_unprepared(
            "INSERT INTO sessions (channel, customer_verified, status, tone, created_at, \
             updated_at) VALUES ('kiosk', FALSE, 'closed', 'professional', \
             '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let old = session::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!(old.language, None);
        assert_eq!(old.language(), Language::En);
        let shown = crate::history::show(&db, old.id).await.unwrap();
        assert_eq!(shown.session.language, Language::En);

        let new = crate::sessions::create_at(
            &db,
            Channel::Kiosk,
            "professional",
            None,
            Some("kiosk:test"),
            Language::De,
        )
        .await
        .unwrap();
        let back = session::Entity::find_by_id(new.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.language.as_deref(), Some("de"));
        assert_eq!(back.language(), Language::De);
        assert_eq!(
            crate::history::show(&db, new.id)
                .await
                .unwrap()
                .session
                .language,
            Language::De
        );
    }
}
