//! The core's event stream. Windows learn of changes from here (never by reaching into another
//! window, never by polling); with a shared PostgreSQL later, LISTEN/NOTIFY feeds the same stream.

use serde::Serialize;
use tokio::sync::broadcast;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CoreEvent {
    /// A message was stored (customer, assistant, agent, tool or system).
    MessageAdded {
        session_id: i64,
        message_id: i64,
        role: String,
    },
    /// A session's status, agent, tone or customer changed.
    SessionChanged { session_id: i64, status: String },
    /// A session was handed to a person.
    Escalated {
        session_id: i64,
        reason: String,
        priority: String,
    },
    /// A pending action was proposed or decided.
    PendingActionChanged {
        session_id: i64,
        action_id: i64,
        state: String,
    },
    /// The assistant is working on an answer (for a typing indicator).
    AssistantTyping { session_id: i64, typing: bool },
    /// One sentence of the answer being written, released as soon as the claim ledger grounded
    /// it (index from 0 within the answer). The turn's outcome carries the whole reply after.
    AnswerSentence {
        session_id: i64,
        index: u32,
        text: String,
    },
}

impl CoreEvent {
    pub fn session_id(&self) -> i64 {
        match self {
            CoreEvent::MessageAdded { session_id, .. }
            | CoreEvent::SessionChanged { session_id, .. }
            | CoreEvent::Escalated { session_id, .. }
            | CoreEvent::PendingActionChanged { session_id, .. }
            | CoreEvent::AssistantTyping { session_id, .. }
            | CoreEvent::AnswerSentence { session_id, .. } => *session_id,
        }
    }
}

/// A cheap, cloneable publisher. Sending with nobody listening is fine.
#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<CoreEvent>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            tx: broadcast::channel(1024).0,
        }
    }
}

impl Events {
    pub fn emit(&self, e: CoreEvent) {
        tracing::debug!(?e, "event");
        let _ = self.tx.send(e);
    }
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.tx.subscribe()
    }
}
