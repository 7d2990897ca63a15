//! Handing a session to a person: reason, evidence and priority on the session, which moves to
//! waiting_for_agent; a system note in the transcript; an audit row; an event for every window.

use super::Engine;
use crate::audit::{self, AuditActor};
use crate::db::entity::{EscalationReason, MessageRole, SessionStatus, session};
use crate::error::Result;
use crate::events::CoreEvent;
use crate::sessions::NewMessage;
use crate::team::{self, Staffing, dispatch::Move};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use tracing::Instrument;

pub use crate::escalation::Escalation;

/// A human-readable line for the transcript.
pub fn describe(reason: EscalationReason) -> &'static str {
    match reason {
        EscalationReason::RepeatedIntent => "the customer repeated a question",
        EscalationReason::DataGap => "a lookup the answer rests on found nothing",
        EscalationReason::HallucinationRisk => {
            "the answer had claims no tool result supports; it was held back"
        }
        EscalationReason::HumanRequested => "the customer asked for a person",
        EscalationReason::ModelFailure => "the language model kept failing",
        EscalationReason::RoundLimit => "the assistant reached its tool-round limit",
        EscalationReason::NegativeSentiment => "the customer's messages stayed negative",
        EscalationReason::VerificationFailed => {
            "verification failed too often; the identity or the station is locked"
        }
    }
}

/// Escalate unless a person already has (or is about to have) the session; in team mode the
/// session is offered to an agent at once. Returns the escalation and who is there to take it.
pub(super) async fn escalate(
    engine: &Engine,
    s: &session::Model,
    reason: EscalationReason,
    evidence: Value,
) -> Result<(Option<Escalation>, Staffing)> {
    if matches!(
        s.status,
        SessionStatus::WaitingForAgent | SessionStatus::WithAgent | SessionStatus::Closed
    ) {
        return Ok((Escalation::of(s), engine.staffing(s.id).await?));
    }
    let escalation = hand_over(engine, s, reason, evidence).await?;
    Ok((escalation, engine.dispatch_for(s.id).await?))
}

async fn hand_over(
    engine: &Engine,
    s: &session::Model,
    reason: EscalationReason,
    evidence: Value,
) -> Result<Option<Escalation>> {
    let span = tracing::info_span!("escalation", session = s.id, reason = %reason);
    record_hand_over(engine, s, reason, evidence)
        .instrument(span)
        .await
}

/// The hand-over's writes: status, audit row, the system note, then the events.
async fn record_hand_over(
    engine: &Engine,
    s: &session::Model,
    reason: EscalationReason,
    evidence: Value,
) -> Result<Option<Escalation>> {
    let db = &engine.core.db;
    let priority = engine.core.config.escalation.priority_for(reason);
    let before = json!({ "status": s.status, "escalation_reason": s.escalation_reason });
    let mut am: session::ActiveModel = s.clone().into();
    am.status = Set(SessionStatus::WaitingForAgent);
    am.escalation_reason = Set(Some(reason));
    am.escalation_evidence = Set(Some(evidence.clone()));
    am.escalation_priority = Set(Some(priority));
    am.escalated_at = Set(Some(chrono::Utc::now()));
    am.updated_at = Set(chrono::Utc::now());
    let updated = am.update(db).await?;
    let who = AuditActor {
        role: "assistant".into(),
        id: Some(format!("session:{}", s.id)),
        session_id: Some(s.id),
    };
    let after =
        json!({ "status": updated.status, "escalation_reason": reason, "priority": priority });
    audit::record(
        db,
        &who,
        "escalate",
        "sessions",
        s.id,
        Some(before),
        Some(after),
    )
    .await?;
    engine
        .store(
            s.id,
            NewMessage::text(
                MessageRole::System,
                format!("Escalated ({reason}, {priority}): {}.", describe(reason)),
            ),
        )
        .await?;
    tracing::info!(%priority, "escalated");
    engine.events.emit(CoreEvent::Escalated {
        session_id: s.id,
        reason,
        priority,
    });
    engine.events.emit(CoreEvent::SessionChanged {
        session_id: s.id,
        status: updated.status,
    });
    Ok(Escalation::of(&updated))
}

impl Engine {
    /// Team mode: offer waiting sessions to agents (see `team::dispatch`) and tell every window.
    /// Outside team mode: nothing. Run after anything that changes who can take what.
    pub async fn dispatch(&self) -> Result<Staffing> {
        let db = &self.core.db;
        if !team::active(db).await? {
            return Ok(Staffing::default());
        }
        let (moves, online) =
            team::dispatch::run(db, &self.core.config.escalation.team, chrono::Utc::now()).await?;
        for m in &moves {
            let (session_id, agent) = match m {
                Move::Offer { session_id, agent } => (*session_id, Some(agent.clone())),
                Move::Withdraw { session_id } => (*session_id, None),
            };
            tracing::info!(session = session_id, ?agent, "offer");
            self.events
                .emit(CoreEvent::SessionOffered { session_id, agent });
        }
        Ok(Staffing {
            team: true,
            online,
            offered_to: None,
        })
    }

    /// [`Engine::dispatch`], and to whom `session_id` is offered now.
    async fn dispatch_for(&self, session_id: i64) -> Result<Staffing> {
        let mut staffing = self.dispatch().await?;
        if staffing.team {
            staffing.offered_to = crate::sessions::get(&self.core.db, session_id)
                .await?
                .offered_to;
        }
        Ok(staffing)
    }

    /// Who is there for a session that already waits (no new offer is made).
    async fn staffing(&self, session_id: i64) -> Result<Staffing> {
        let db = &self.core.db;
        if !team::active(db).await? {
            return Ok(Staffing::default());
        }
        let online =
            team::presence::online(db, &self.core.config.escalation.team, chrono::Utc::now())
                .await?
                .len();
        Ok(Staffing {
            team: true,
            online,
            offered_to: crate::sessions::get(db, session_id).await?.offered_to,
        })
    }
}
