use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub actor_role: String,
    /// A person's name or id (an agent), or `customer:<id>` / `session:<id>`.
    pub actor_id: Option<String>,
    pub session_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<Json>,
    pub after: Option<Json>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
