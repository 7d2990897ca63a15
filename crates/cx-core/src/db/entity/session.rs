use super::{Channel, EscalationReason, SessionStatus, TicketPriority};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub channel: Channel,
    pub customer_id: Option<i64>,
    /// The customer proved who they are (email + a second fact); only then may the kiosk
    /// assistant read their records.
    pub customer_verified: bool,
    pub status: SessionStatus,
    pub tone: String,
    pub assigned_agent: Option<String>,
    pub escalation_reason: Option<EscalationReason>,
    pub escalation_evidence: Option<Json>,
    pub escalation_priority: Option<TicketPriority>,
    pub escalated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    /// The station (a kiosk, a terminal) that started the session; only it may act in it.
    pub station: Option<String>,
    /// The agent a waiting session is offered to (team mode), and since when.
    pub offered_to: Option<String>,
    pub offered_at: Option<DateTimeUtc>,
    /// The customer's answer to the kiosk's "How did we do?" (1..=5, optional comment), once.
    pub csat_score: Option<i32>,
    pub csat_comment: Option<String>,
    pub csat_at: Option<DateTimeUtc>,
    /// The first time an agent took the session; with `escalated_at`, the wait in the queue.
    pub accepted_at: Option<DateTimeUtc>,
    /// The first agent message to the customer, and whose it was.
    pub first_agent_reply_at: Option<DateTimeUtc>,
    pub first_agent_reply_by: Option<String>,
    /// The language the customer chose (a `Language` code); None on sessions from before
    /// languages existed, which were English. Read it with [`Model::language`].
    pub language: Option<String>,
    #[sea_orm(belongs_to, from = "customer_id", to = "id")]
    pub customer: HasOne<super::customer::Entity>,
    #[sea_orm(has_many)]
    pub messages: HasMany<super::message::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The customer's language (English for sessions from before languages existed).
    pub fn language(&self) -> crate::Language {
        crate::Language::from_stored(self.language.as_deref())
    }
}
