//! The initial schema. Written with sea-query builders, not raw SQL, so the same migration runs
//! on PostgreSQL when teams share a database.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Shared with later migrations: the same key and index shapes everywhere.
pub(super) fn id() -> ColumnDef {
    big_integer("id").auto_increment().primary_key().take()
}

fn stamps(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
}

fn fk(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

pub(super) fn index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("idx_{table}_{}", cols.join("_")))
        .table(table)
        .if_not_exists();
    for c in cols {
        i.col(*c);
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            stamps(
                Table::create()
                    .table("customers")
                    .col(id())
                    .col(string("name"))
                    .col(string_uniq("email"))
                    .col(string_null("phone")),
            )
            .take(),
        )
        .await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("orders")
                    .col(id())
                    .col(big_integer("customer_id"))
                    .col(string("product"))
                    .col(big_integer("amount_cents"))
                    .col(string("status"))
                    .col(string_null("tracking_number"))
                    .foreign_key(&mut fk("orders", "customer_id", "customers")),
            )
            .take(),
        )
        .await?;
        m.create_index(index("orders", &["customer_id"])).await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("tickets")
                    .col(id())
                    .col(big_integer("customer_id"))
                    .col(string("subject"))
                    .col(text("description"))
                    .col(string("status"))
                    .col(string("priority"))
                    .col(string_null("assignee"))
                    .foreign_key(&mut fk("tickets", "customer_id", "customers")),
            )
            .take(),
        )
        .await?;
        m.create_index(index("tickets", &["customer_id"])).await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("canned_responses")
                    .col(id())
                    .col(string_uniq("shortcut"))
                    .col(string("title"))
                    .col(text("content"))
                    .col(string("category")),
            )
            .take(),
        )
        .await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("sessions")
                    .col(id())
                    .col(string("channel"))
                    .col(big_integer_null("customer_id"))
                    .col(boolean("customer_verified").default(false))
                    .col(string("status"))
                    .col(string("tone"))
                    .col(string_null("assigned_agent"))
                    .col(string_null("escalation_reason"))
                    .col(json_null("escalation_evidence"))
                    .col(string_null("escalation_priority"))
                    .col(timestamp_with_time_zone_null("escalated_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .foreign_key(&mut fk("sessions", "customer_id", "customers")),
            )
            .take(),
        )
        .await?;
        m.create_index(index("sessions", &["status"])).await?;
        m.create_index(index("sessions", &["customer_id"])).await?;

        m.create_table(
            Table::create()
                .table("messages")
                .col(id())
                .col(big_integer("session_id"))
                .col(integer("seq"))
                .col(string("role"))
                .col(text("content"))
                .col(string_null("tool_name"))
                .col(string_null("tool_call_id"))
                .col(json_null("tool_arguments"))
                .col(json_null("tool_result"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("messages", "session_id", "sessions"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_messages_session_seq")
                .table("messages")
                .col("session_id")
                .col("seq")
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("pending_actions")
                .col(id())
                .col(big_integer("session_id"))
                .col(string("tool"))
                .col(json("arguments"))
                .col(string("proposed_by"))
                .col(string("state"))
                .col(string_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(json_null("result"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("pending_actions", "session_id", "sessions"))
                .take(),
        )
        .await?;
        m.create_index(index("pending_actions", &["session_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("audit_log")
                .col(id())
                .col(string("actor_role"))
                .col(string_null("actor_id"))
                .col(big_integer_null("session_id"))
                .col(string("action"))
                .col(string("entity"))
                .col(big_integer("entity_id"))
                .col(json_null("before"))
                .col(json_null("after"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("audit_log", &["entity", "entity_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "audit_log",
            "pending_actions",
            "messages",
            "sessions",
            "canned_responses",
            "tickets",
            "orders",
            "customers",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
