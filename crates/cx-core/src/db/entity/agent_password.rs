use sea_orm::entity::prelude::*;

/// An agent's password (an argon2id PHC string) and failed sign-ins. Only agent desks may read
/// it; kiosk stations have no right on this table.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agent_passwords")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub agent_id: i64,
    pub password_hash: String,
    pub failed_signins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub changed_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
