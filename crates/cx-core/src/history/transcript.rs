//! `show`: one session in full, for replay and export.

use super::message_counts;
use super::model::{
    CustomerInfo, EscalationRecord, PendingActionInfo, SessionSummary, Transcript,
    TranscriptMessage,
};
use crate::db::entity::{customer, session};
use crate::error::{CoreError, Result};
use crate::{pending, sessions};
use sea_orm::{DatabaseConnection, EntityTrait};

/// The session's facts, its customer, every message in order (tool calls with their arguments and
/// results), its pending actions and its escalation. Unknown id → `NotFound`.
pub async fn show(db: &DatabaseConnection, session_id: i64) -> Result<Transcript> {
    let (s, c) = session::Entity::find_by_id(session_id)
        .find_also_related(customer::Entity)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no session {session_id}")))?;
    let messages = sessions::messages(db, session_id).await?;
    let pending = pending::for_session(db, session_id).await?;
    // Counted the same way as in search, so a summary never differs between the two.
    let count = message_counts(db, &[s.id])
        .await?
        .get(&s.id)
        .copied()
        .unwrap_or(0);
    Ok(Transcript {
        session: SessionSummary::new(&s, c.as_ref(), count),
        customer: c.as_ref().map(CustomerInfo::from),
        messages: messages.iter().map(TranscriptMessage::from).collect(),
        pending_actions: pending.iter().map(PendingActionInfo::from).collect(),
        escalation: EscalationRecord::of(&s),
    })
}
