//! The typed shapes history hands out (and the JSON export is made of). Times are UTC and serialize
//! as RFC 3339; enums as their snake_case names; JSON columns stay JSON.

use crate::db::entity::{
    Channel, EscalationReason, MessageRole, SessionStatus, TicketPriority, customer, message,
    pending_action, session,
};
use crate::escalation::Escalation;
use crate::escalation::grounding::Ledger;
use crate::pending::PendingView;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Default number of sessions returned.
pub const DEFAULT_LIMIT: u64 = 50;
/// Most sessions one search may return.
pub const MAX_LIMIT: u64 = 500;
/// Snippets shown per session hit.
pub const SNIPPETS_PER_SESSION: u64 = 3;

/// What to look for. Every field narrows the result; `text: None` lists sessions newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchQuery {
    /// Words that must all occur in the session's messages (any message, any order), literally;
    /// the last word may be the start of a word. Case and diacritics are ignored.
    pub text: Option<String>,
    pub customer_id: Option<i64>,
    /// Exact email, case-insensitive.
    pub customer_email: Option<String>,
    /// Sessions started at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Sessions started at or before this time.
    pub to: Option<DateTime<Utc>>,
    pub status: Option<SessionStatus>,
    pub escalation_reason: Option<EscalationReason>,
    pub channel: Option<Channel>,
    /// 1..=MAX_LIMIT sessions.
    pub limit: u64,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: None,
            customer_id: None,
            customer_email: None,
            from: None,
            to: None,
            status: None,
            escalation_reason: None,
            channel: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl SearchQuery {
    pub fn text(text: impl Into<String>) -> Self {
        SearchQuery {
            text: Some(text.into()),
            ..Default::default()
        }
    }
}

/// One session at a glance: a search hit's header and a transcript's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionSummary {
    pub id: i64,
    pub channel: Channel,
    pub status: SessionStatus,
    pub tone: String,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_verified: bool,
    pub assigned_agent: Option<String>,
    pub escalation_reason: Option<EscalationReason>,
    pub escalation_priority: Option<TicketPriority>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub message_count: u64,
    /// The customer's answer to the kiosk's "How did we do?", if they gave one.
    pub csat: Option<crate::csat::Rating>,
    /// The language the customer chose (English for sessions from before the choice existed,
    /// and in exports made before it).
    #[serde(default)]
    pub language: crate::Language,
}

impl SessionSummary {
    pub(crate) fn new(s: &session::Model, c: Option<&customer::Model>, message_count: u64) -> Self {
        SessionSummary {
            id: s.id,
            channel: s.channel,
            status: s.status,
            tone: s.tone.clone(),
            customer_id: s.customer_id,
            customer_name: c.map(|c| c.name.clone()),
            customer_email: c.map(|c| c.email.clone()),
            customer_verified: s.customer_verified,
            assigned_agent: s.assigned_agent.clone(),
            escalation_reason: s.escalation_reason,
            escalation_priority: s.escalation_priority,
            escalated_at: s.escalated_at,
            created_at: s.created_at,
            closed_at: s.closed_at,
            message_count,
            csat: crate::csat::Rating::of(s),
            language: s.language(),
        }
    }
}

/// A piece of a snippet; `hit` pieces are the matched words (for highlighting without parsing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// A matching message, cut around the matched words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Snippet {
    pub message_id: i64,
    pub seq: i32,
    pub role: MessageRole,
    /// Plain text with each matched word in `[` `]` and `…` where text was cut, for a terminal.
    pub text: String,
    /// The same text split into matched and unmatched pieces, for a UI.
    pub parts: Vec<SnippetPart>,
}

/// A session found by `search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionHit {
    pub session: SessionSummary,
    /// Relevance when text was searched (higher is better; only comparable within one search).
    pub score: Option<f64>,
    /// Up to three best-matching messages; empty without text.
    pub snippets: Vec<Snippet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerInfo {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&customer::Model> for CustomerInfo {
    fn from(c: &customer::Model) -> Self {
        CustomerInfo {
            id: c.id,
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            created_at: c.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TranscriptMessage {
    pub id: i64,
    pub seq: i32,
    pub role: MessageRole,
    pub content: String,
    pub tool_name: Option<String>,
    pub tool_call_id: Option<String>,
    pub tool_arguments: Option<Value>,
    pub tool_result: Option<Value>,
    pub created_at: DateTime<Utc>,
    /// An assistant answer's claim ledger: each claim and its source (None for other messages
    /// and for answers stored before the ledger existed).
    pub ledger: Option<Ledger>,
}

impl From<&message::Model> for TranscriptMessage {
    fn from(m: &message::Model) -> Self {
        TranscriptMessage {
            id: m.id,
            seq: m.seq,
            role: m.role,
            content: m.content.clone(),
            tool_name: m.tool_name.clone(),
            tool_call_id: m.tool_call_id.clone(),
            tool_arguments: m.tool_arguments.clone(),
            tool_result: m.tool_result.clone(),
            created_at: m.created_at,
            ledger: crate::sessions::stored_ledger(m),
        }
    }
}

/// A pending action's whole row: the [`PendingView`] a turn reports (its fields inline, as the
/// export has always had them), with who proposed and decided it and what applying it returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingActionInfo {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub action: PendingView,
    pub proposed_by: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub result: Option<Value>,
    pub created_at: DateTime<Utc>,
}

impl From<&pending_action::Model> for PendingActionInfo {
    fn from(p: &pending_action::Model) -> Self {
        PendingActionInfo {
            action: PendingView::from(p),
            proposed_by: p.proposed_by.clone(),
            decided_by: p.decided_by.clone(),
            decided_at: p.decided_at,
            result: p.result.clone(),
            created_at: p.created_at,
        }
    }
}

/// The row reads as its view too (`p.tool`, `p.state`): the view's fields are the row's.
impl std::ops::Deref for PendingActionInfo {
    type Target = PendingView;
    fn deref(&self) -> &PendingView {
        &self.action
    }
}

impl std::ops::DerefMut for PendingActionInfo {
    fn deref_mut(&mut self) -> &mut PendingView {
        &mut self.action
    }
}

/// Why and when the session went to a person: the [`Escalation`] a turn reports (its fields
/// inline, as the export has always had them), with when and who took it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EscalationRecord {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub escalation: Escalation,
    pub escalated_at: Option<DateTime<Utc>>,
    pub assigned_agent: Option<String>,
}

impl EscalationRecord {
    pub(crate) fn of(s: &session::Model) -> Option<Self> {
        Some(EscalationRecord {
            escalation: Escalation::of(s)?,
            escalated_at: s.escalated_at,
            assigned_agent: s.assigned_agent.clone(),
        })
    }
}

/// A whole session for replay and export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Transcript {
    pub session: SessionSummary,
    pub customer: Option<CustomerInfo>,
    /// In conversation order (`seq`).
    pub messages: Vec<TranscriptMessage>,
    /// Oldest first.
    pub pending_actions: Vec<PendingActionInfo>,
    pub escalation: Option<EscalationRecord>,
}
