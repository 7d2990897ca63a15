//! Handing a session to a person: reason, evidence and priority on the session, which moves to
//! waiting_for_agent; a system note in the transcript; an audit row; an event for every window.

use super::Engine;
use crate::audit::{self, AuditActor};
use crate::db::entity::{EscalationReason, MessageRole, SessionStatus, session};
use crate::error::Result;
use crate::events::CoreEvent;
use crate::sessions::NewMessage;
use sea_orm::{ActiveModelTrait, Set};
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Escalation {
    pub reason: String,
    pub evidence: Value,
    pub priority: String,
}

impl Escalation {
    /// The session's escalation, if it has one.
    pub fn of(s: &session::Model) -> Option<Escalation> {
        s.escalation_reason.map(|r| Escalation {
            reason: r.to_string(),
            evidence: s.escalation_evidence.clone().unwrap_or(Value::Null),
            priority: s
                .escalation_priority
                .map(|p| p.to_string())
                .unwrap_or_default(),
        })
    }
}

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

/// Escalate unless a person already has (or is about to have) the session.
pub(super) async fn escalate(
    engine: &Engine,
    s: &session::Model,
    reason: EscalationReason,
    evidence: Value,
) -> Result<Option<Escalation>> {
    if matches!(
        s.status,
        SessionStatus::WaitingForAgent | SessionStatus::WithAgent | SessionStatus::Closed
    ) {
        return Ok(Escalation::of(s));
    }
    let db = &engine.core.db;
    let priority = engine.core.config.escalation.priority_for(reason);
    let span = tracing::info_span!("escalation", session = s.id, reason = %reason);
    let _g = span.enter();
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
        reason: reason.to_string(),
        priority: priority.to_string(),
    });
    engine.events.emit(CoreEvent::SessionChanged {
        session_id: s.id,
        status: updated.status.to_string(),
    });
    Ok(Escalation::of(&updated))
}
