//! The agents' queue: sessions grouped as the workspace shows them.

use crate::db::entity::{SessionStatus, TicketPriority, customer, session};
use crate::error::Result;
use crate::policy::{Access, Actor};
use crate::present::time;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QueueItem {
    pub session_id: i64,
    pub channel: String,
    pub status: String,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_verified: bool,
    pub tone: String,
    pub assigned_agent: Option<String>,
    pub escalation_reason: Option<String>,
    pub escalation_priority: Option<String>,
    /// Seconds since the escalation (waiting) or since the last activity.
    pub waiting_seconds: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Queue {
    /// Oldest first within the highest priority first.
    pub waiting: Vec<QueueItem>,
    pub with_assistant: Vec<QueueItem>,
    pub mine: Vec<QueueItem>,
    /// With another agent.
    pub with_others: Vec<QueueItem>,
    pub closed_today: Vec<QueueItem>,
}

fn priority_rank(p: Option<TicketPriority>) -> u8 {
    match p {
        Some(TicketPriority::Critical) => 0,
        Some(TicketPriority::High) => 1,
        Some(TicketPriority::Medium) | None => 2,
        Some(TicketPriority::Low) => 3,
    }
}

pub async fn list(
    db: &DatabaseConnection,
    policy: &crate::policy::Policy,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Queue> {
    policy.check(actor, Access::Command("list_queue"))?;
    let today = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or(now);
    let open = session::Entity::find()
        .filter(session::Column::Status.ne(SessionStatus::Closed))
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let closed = session::Entity::find()
        .filter(session::Column::Status.eq(SessionStatus::Closed))
        .filter(session::Column::ClosedAt.gte(today))
        .order_by_desc(session::Column::ClosedAt)
        .all(db)
        .await?;
    let ids: Vec<i64> = open
        .iter()
        .chain(closed.iter())
        .filter_map(|s| s.customer_id)
        .collect();
    let names: HashMap<i64, String> = customer::Entity::find()
        .filter(customer::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let me = actor.id.clone();
    let mut q = Queue::default();
    let mut waiting: Vec<(u8, DateTime<Utc>, QueueItem)> = vec![];
    for s in open.iter().chain(closed.iter()) {
        let since = if s.status == SessionStatus::WaitingForAgent {
            s.escalated_at.unwrap_or(s.updated_at)
        } else {
            s.updated_at
        };
        let item = QueueItem {
            session_id: s.id,
            channel: s.channel.to_string(),
            status: s.status.to_string(),
            customer_id: s.customer_id,
            customer_name: s.customer_id.and_then(|c| names.get(&c).cloned()),
            customer_verified: s.customer_verified,
            tone: s.tone.clone(),
            assigned_agent: s.assigned_agent.clone(),
            escalation_reason: s.escalation_reason.map(|r| r.to_string()),
            escalation_priority: s.escalation_priority.map(|p| p.to_string()),
            waiting_seconds: (now - since).num_seconds().max(0),
            created_at: time(&s.created_at),
            updated_at: time(&s.updated_at),
        };
        match s.status {
            SessionStatus::WaitingForAgent => {
                waiting.push((priority_rank(s.escalation_priority), since, item))
            }
            SessionStatus::Active => q.with_assistant.push(item),
            SessionStatus::WithAgent if s.assigned_agent.is_some() && s.assigned_agent == me => {
                q.mine.push(item)
            }
            SessionStatus::WithAgent => q.with_others.push(item),
            SessionStatus::Closed => q.closed_today.push(item),
        }
    }
    waiting.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    q.waiting = waiting.into_iter().map(|(_, _, i)| i).collect();
    Ok(q)
}
