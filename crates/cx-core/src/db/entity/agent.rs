use super::AgentRole;
use sea_orm::entity::prelude::*;

/// A person who signs in at an agent desk (team mode). Every station may read this table: it
/// holds no secret (the password hash lives in `agent_passwords`).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "agents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub role: AgentRole,
    pub active: bool,
    /// None: the configured maximum per agent.
    pub max_sessions: Option<i32>,
    /// The desk's last heartbeat (None: signed out).
    pub last_seen_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub disabled_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
