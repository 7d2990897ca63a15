use super::MessageRole;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    /// Position within the session, from 1.
    pub seq: i32,
    pub role: MessageRole,
    pub content: String,
    pub tool_name: Option<String>,
    pub tool_call_id: Option<String>,
    pub tool_arguments: Option<Json>,
    pub tool_result: Option<Json>,
    /// For customer messages: `{label, score, confidence, source}`.
    pub sentiment: Option<Json>,
    /// For assistant answers: the claim ledger (`grounding::Ledger`), for staff only.
    pub ledger: Option<Json>,
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "session_id", to = "id")]
    pub session: BelongsTo<super::session::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
