use sea_orm::entity::prelude::*;

/// One failed verification attempt, counted across sessions.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "verification_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// A hash of the email asked about (None when the text was not an email).
    pub identity: Option<String>,
    pub station: String,
    pub session_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
