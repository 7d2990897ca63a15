//! Kiosk trust: the station that started a session, and failed verifications counted across
//! sessions (per identity and per station) with the locks they lead to.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m0001_init::{id, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("sessions")
                .add_column(string_null("station"))
                .take(),
        )
        .await?;
        m.create_index(index("sessions", &["station", "id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("verification_failures")
                .col(id())
                // A hash of the email asked about: the guesses themselves are never stored.
                .col(string_null("identity"))
                .col(string("station"))
                .col(big_integer_null("session_id"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("verification_failures", &["identity", "created_at"]))
            .await?;
        m.create_index(index("verification_failures", &["station", "created_at"]))
            .await?;
        m.create_table(
            Table::create()
                .table("verification_locks")
                .col(id())
                .col(string("subject_kind"))
                .col(string("subject"))
                .col(timestamp_with_time_zone("locked_until"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "verification_locks",
            &["subject_kind", "subject", "locked_until"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["verification_locks", "verification_failures"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_sessions_station_id")
                .table("sessions")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("sessions")
                .drop_column("station")
                .take(),
        )
        .await
    }
}
