use super::PendingState;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "pending_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub tool: String,
    pub arguments: Json,
    /// The role that proposed it (kiosk_assistant, copilot).
    pub proposed_by: String,
    pub state: PendingState,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub result: Option<Json>,
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "session_id", to = "id")]
    pub session: BelongsTo<super::session::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
