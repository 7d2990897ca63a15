//! Reports over many sessions (issue #14): whether a closed session's customer came back within
//! the reopen window is a look-up per session among the customer's later sessions. A narrow
//! index on `(customer_id, created_at)` answers it from fewer pages than the wide history-search
//! index led by the customer (m0007), which also serves it.

use super::m0001_init::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("sessions", &["customer_id", "created_at"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_sessions_customer_id_created_at")
                .table("sessions")
                .to_owned(),
        )
        .await
    }
}
