//! Reports and customer satisfaction (issue #14): the kiosk's "How did we do?" answer on the
//! session, and the two moments a report measures waiting by (an agent took the session, an
//! agent first wrote to the customer), kept on the session so a report over a period is one scan
//! of `sessions` rather than of every message.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Added to `sessions`, in order (SQLite adds one column per ALTER TABLE).
fn columns() -> Vec<ColumnDef> {
    vec![
        // 1..=5; None: not asked, skipped or not answered.
        integer_null("csat_score"),
        text_null("csat_comment"),
        timestamp_with_time_zone_null("csat_at"),
        // The first time an agent took the session (from the queue or by answering).
        timestamp_with_time_zone_null("accepted_at"),
        // The first agent message to the customer, and whose it was.
        timestamp_with_time_zone_null("first_agent_reply_at"),
        string_null("first_agent_reply_by"),
    ]
}

const NAMES: [&str; 6] = [
    "csat_score",
    "csat_comment",
    "csat_at",
    "accepted_at",
    "first_agent_reply_at",
    "first_agent_reply_by",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut c in columns() {
            m.alter_table(Table::alter().table("sessions").add_column(&mut c).take())
                .await?;
        }
        backfill(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in NAMES.iter().rev() {
            m.alter_table(Table::alter().table("sessions").drop_column(*c).take())
                .await?;
        }
        Ok(())
    }
}

/// Sessions from before this migration: the first agent message is in `messages` (by the agent
/// the session was assigned to), the first acceptance in the audit log. The same SQL on SQLite and
/// PostgreSQL.
async fn backfill(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared(
        "UPDATE sessions SET \
           first_agent_reply_at = (SELECT MIN(m.created_at) FROM messages m \
                                   WHERE m.session_id = sessions.id AND m.role = 'agent'), \
           first_agent_reply_by = assigned_agent \
         WHERE EXISTS (SELECT 1 FROM messages m \
                       WHERE m.session_id = sessions.id AND m.role = 'agent')",
    )
    .await?;
    db.execute_unprepared(
        "UPDATE sessions SET accepted_at = (SELECT MIN(a.created_at) FROM audit_log a \
                                            WHERE a.entity = 'sessions' \
                                              AND a.entity_id = sessions.id \
                                              AND a.action = 'accept_session') \
         WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'sessions' \
                       AND a.entity_id = sessions.id AND a.action = 'accept_session')",
    )
    .await?;
    Ok(())
}
