//! A kiosk turn's reads that grew with the database (issue #11): a verification counts the
//! session's earlier failed attempts in the audit log, which had no index on its session, so
//! every verification read the whole log.

use super::m0001_init::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("audit_log", &["session_id", "action"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_audit_log_session_id_action")
                .table("audit_log")
                .to_owned(),
        )
        .await
    }
}
