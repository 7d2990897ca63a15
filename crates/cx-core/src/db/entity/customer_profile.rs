use sea_orm::entity::prelude::*;

/// The aggregate picture of a customer, kept up to date as their sessions close.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "customer_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: i64,
    pub sessions: i32,
    pub escalations: i32,
    pub escalation_rate: f64,
    pub resolution_rate: f64,
    /// Recency-weighted sentiment of their sessions (-1..1).
    pub sentiment: Option<f64>,
    pub top_topics: Json,
    pub total_spent_cents: i64,
    pub loyalty_tier: String,
    /// `[{"flag", "reason"}]`
    pub risk_flags: Json,
    pub preferred_tone: Option<String>,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
