use sea_orm::entity::prelude::*;

/// What a closed session came to (computed when it closes).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "session_insights")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: i64,
    pub customer_id: Option<i64>,
    pub sentiment_start: Option<f64>,
    pub sentiment_end: Option<f64>,
    pub sentiment_drift: Option<f64>,
    /// resolved | unresolved | escalated
    pub resolution: String,
    pub tools_used: Json,
    pub topics: Json,
    pub escalation_reason: Option<String>,
    pub message_count: i32,
    pub tone: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
