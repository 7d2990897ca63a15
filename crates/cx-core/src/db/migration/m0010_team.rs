//! Team mode (issue #10): agents who sign in, their passwords apart from what every station may
//! read (a kiosk sees who is online, never a hash), and the offer of a waiting session to one
//! agent.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m0001_init::{id, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("agents")
                .col(id())
                .col(string_uniq("name"))
                .col(string("role"))
                .col(boolean("active").default(true))
                // None: the configured maximum (escalation.yaml, team.max_sessions_per_agent).
                .col(integer_null("max_sessions"))
                // Presence: the desk's last heartbeat; None once it signed out.
                .col(timestamp_with_time_zone_null("last_seen_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("disabled_at"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("agent_passwords")
                .col(big_integer("agent_id").primary_key())
                .col(string("password_hash"))
                .col(integer("failed_signins").default(0))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone("changed_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_agent_passwords_agent_id")
                        .from("agent_passwords", "agent_id")
                        .to("agents", "id"),
                )
                .take(),
        )
        .await?;
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table("sessions")
                .add_column(string_null("offered_to"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("sessions")
                .add_column(timestamp_with_time_zone_null("offered_at"))
                .take(),
        )
        .await?;
        m.create_index(index("sessions", &["status", "offered_to"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_sessions_status_offered_to")
                .table("sessions")
                .to_owned(),
        )
        .await?;
        for c in ["offered_at", "offered_to"] {
            m.alter_table(Table::alter().table("sessions").drop_column(c).take())
                .await?;
        }
        for t in ["agent_passwords", "agents"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
