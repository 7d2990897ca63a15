//! Re-reading what changed, as the events that would have told of it: after the listener lost
//! its connection (PostgreSQL), and each time a SQLite file changed under a watcher. Only the
//! columns an event carries are read, so this stays a few narrow queries.

use super::{CoreEvent, Key};
use crate::db::entity::{
    EscalationReason, MessageRole, PendingState, SessionStatus, TicketPriority, message,
    pending_action, session,
};
use crate::error::Result;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// One re-read fact: its event, what identifies it among delivered ones, and when it happened.
#[derive(Debug)]
pub(super) struct Found {
    pub event: CoreEvent,
    pub key: Key,
    pub at: DateTime<Utc>,
}

/// At most this many rows of each kind per re-read: a window showing a stale list refetches
/// anyway, and a flood would overrun the subscribers' buffers (1024 events).
const MOST: u64 = 1000;

/// The highest message id there is (0 for none).
pub(super) async fn max_message_id(db: &DatabaseConnection) -> Result<i64> {
    let max: Option<Option<i64>> = message::Entity::find()
        .select_only()
        .column_as(message::Column::Id.max(), "max_id")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

type SessionRow = (
    i64,
    SessionStatus,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<EscalationReason>,
    Option<TicketPriority>,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// Sessions changed (and escalated, or offered to an agent) at or after `since`, then messages with an id above
/// `after_message` (None: no messages), then pending actions proposed or decided at or after
/// `since`. A new session comes before its messages, an escalation before its session's change,
/// as when they were announced live.
pub(super) async fn changes_since(
    db: &DatabaseConnection,
    since: DateTime<Utc>,
    after_message: Option<i64>,
) -> Result<Vec<Found>> {
    let mut found = vec![];
    let sessions: Vec<SessionRow> = session::Entity::find()
        .select_only()
        .columns([
            session::Column::Id,
            session::Column::Status,
            session::Column::UpdatedAt,
            session::Column::EscalatedAt,
            session::Column::EscalationReason,
            session::Column::EscalationPriority,
            session::Column::OfferedTo,
            session::Column::OfferedAt,
        ])
        .filter(session::Column::UpdatedAt.gte(since))
        .order_by_asc(session::Column::UpdatedAt)
        .limit(MOST)
        .into_tuple()
        .all(db)
        .await?;
    truncated("sessions", sessions.len());
    for (id, status, updated_at, escalated_at, reason, priority, offered_to, offered_at) in sessions
    {
        if let (Some(at), Some(reason), Some(priority)) = (escalated_at, reason, priority)
            && at >= since
        {
            found.push(Found {
                event: CoreEvent::Escalated {
                    session_id: id,
                    reason,
                    priority,
                },
                key: Key::EscalatedAt(id, at.timestamp_micros()),
                at,
            });
        }
        if let (Some(agent), Some(at)) = (offered_to, offered_at)
            && at >= since
        {
            found.push(Found {
                event: CoreEvent::SessionOffered {
                    session_id: id,
                    agent: Some(agent),
                },
                key: Key::OfferedAt(id, at.timestamp_micros()),
                at,
            });
        }
        found.push(Found {
            event: CoreEvent::SessionChanged {
                session_id: id,
                status,
            },
            key: Key::Session(id, updated_at.timestamp_micros()),
            at: updated_at,
        });
    }
    if let Some(after) = after_message {
        let messages: Vec<(i64, i64, MessageRole, DateTime<Utc>)> = message::Entity::find()
            .select_only()
            .columns([
                message::Column::Id,
                message::Column::SessionId,
                message::Column::Role,
                message::Column::CreatedAt,
            ])
            .filter(message::Column::Id.gt(after))
            .order_by_asc(message::Column::Id)
            .limit(MOST)
            .into_tuple()
            .all(db)
            .await?;
        truncated("messages", messages.len());
        found.extend(
            messages
                .into_iter()
                .map(|(id, session_id, role, at)| Found {
                    event: CoreEvent::MessageAdded {
                        session_id,
                        message_id: id,
                        role,
                    },
                    key: Key::Message(id),
                    at,
                }),
        );
    }
    let pending: Vec<PendingRow> = pending_action::Entity::find()
        .select_only()
        .columns([
            pending_action::Column::Id,
            pending_action::Column::SessionId,
            pending_action::Column::State,
            pending_action::Column::CreatedAt,
            pending_action::Column::DecidedAt,
        ])
        .filter(
            Condition::any()
                .add(pending_action::Column::CreatedAt.gte(since))
                .add(pending_action::Column::DecidedAt.gte(since)),
        )
        .order_by_asc(pending_action::Column::Id)
        .limit(MOST)
        .into_tuple()
        .all(db)
        .await?;
    truncated("pending actions", pending.len());
    found.extend(
        pending
            .into_iter()
            .map(|(id, session_id, state, created_at, decided_at)| Found {
                key: Key::Pending(id, state),
                event: CoreEvent::PendingActionChanged {
                    session_id,
                    action_id: id,
                    state,
                },
                at: decided_at.unwrap_or(created_at),
            }),
    );
    Ok(found)
}

fn truncated(what: &str, n: usize) {
    if n as u64 >= MOST {
        tracing::warn!(
            what,
            most = MOST,
            "re-read only the first changes; windows refetch"
        );
    }
}

/// A pending action re-read: id, session, state, created, decided.
type PendingRow = (i64, i64, PendingState, DateTime<Utc>, Option<DateTime<Utc>>);
