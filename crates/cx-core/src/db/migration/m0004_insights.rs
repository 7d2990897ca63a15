//! Sentiment per customer message, insights per closed session, and an aggregate profile per
//! customer.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("messages")
                .add_column(json_null("sentiment"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("session_insights")
                .col(big_integer("session_id").primary_key())
                .col(big_integer_null("customer_id"))
                .col(double_null("sentiment_start"))
                .col(double_null("sentiment_end"))
                .col(double_null("sentiment_drift"))
                .col(string("resolution"))
                .col(json("tools_used"))
                .col(json("topics"))
                .col(string_null("escalation_reason"))
                .col(integer("message_count"))
                .col(string("tone"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_session_insights_session")
                        .from("session_insights", "session_id")
                        .to("sessions", "id")
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_insights_customer")
                .table("session_insights")
                .col("customer_id")
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("customer_profiles")
                .col(big_integer("customer_id").primary_key())
                .col(integer("sessions"))
                .col(integer("escalations"))
                .col(double("escalation_rate"))
                .col(double("resolution_rate"))
                .col(double_null("sentiment"))
                .col(json("top_topics"))
                .col(big_integer("total_spent_cents"))
                .col(string("loyalty_tier"))
                .col(json("risk_flags"))
                .col(string_null("preferred_tone"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_customer_profiles_customer")
                        .from("customer_profiles", "customer_id")
                        .to("customers", "id")
                        .take(),
                )
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("customer_profiles").if_exists().take())
            .await?;
        m.drop_table(Table::drop().table("session_insights").if_exists().take())
            .await?;
        m.alter_table(
            Table::alter()
                .table("messages")
                .drop_column("sentiment")
                .take(),
        )
        .await?;
        Ok(())
    }
}
