//! When the assistant hands a session to a person: the grounding guard (claims without a source),
//! repeated intent, and the reasons, evidence and priorities stored on the session.

pub mod evidence;
pub mod grounding;
pub mod repeat;

pub use evidence::Evidence;

use crate::db::entity::{EscalationReason, TicketPriority, session};
use serde::{Deserialize, Serialize};

/// Why a session went to a person: what a turn's outcome (the CLI's JSON lines, the kiosk)
/// carries, and the part of the history's `EscalationRecord` that says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Escalation {
    pub reason: EscalationReason,
    /// What the reason rests on (null when none was kept).
    pub evidence: Option<Evidence>,
    /// Set with the reason by every hand-over (null only for a row written without one).
    pub priority: Option<TicketPriority>,
}

impl Escalation {
    /// The session's escalation, if it has one.
    pub fn of(s: &session::Model) -> Option<Escalation> {
        Some(Escalation {
            reason: s.escalation_reason?,
            evidence: Evidence::of(s.escalation_evidence.as_ref()),
            priority: s.escalation_priority,
        })
    }

    /// The evidence as the JSON it is stored as (null when none).
    pub fn evidence_json(&self) -> serde_json::Value {
        self.evidence
            .as_ref()
            .map_or(serde_json::Value::Null, Evidence::to_value)
    }
}
