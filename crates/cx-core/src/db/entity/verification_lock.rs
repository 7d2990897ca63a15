use sea_orm::entity::prelude::*;

/// An identity or a station whose verification is locked until `locked_until`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "verification_locks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `identity` or `station`.
    pub subject_kind: String,
    pub subject: String,
    pub locked_until: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
