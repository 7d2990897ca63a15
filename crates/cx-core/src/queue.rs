//! The agents' queue: sessions grouped as the workspace shows them.

use crate::db::entity::{
    Channel, EscalationReason, MessageRole, SessionStatus, TicketPriority, customer,
    customer_profile, message, session,
};
use crate::error::Result;
use crate::policy::{Access, Actor};
use crate::present::time;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QueueItem {
    pub session_id: i64,
    pub channel: Channel,
    pub status: SessionStatus,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_verified: bool,
    pub tone: String,
    pub assigned_agent: Option<String>,
    /// Team mode: the agent a waiting session is offered to.
    pub offered_to: Option<String>,
    pub escalation_reason: Option<EscalationReason>,
    pub escalation_priority: Option<TicketPriority>,
    /// Seconds since the escalation (waiting) or since the last activity.
    pub waiting_seconds: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Customer-message sentiment scores, oldest first (the last eight), for a trend line.
    pub sentiment_trend: Vec<f64>,
    /// Higher is more urgent (waiting sessions only).
    pub priority_score: i64,
    /// Why it sits where it does in the queue.
    pub priority_reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Queue {
    /// Oldest first within the highest priority first.
    pub waiting: Vec<QueueItem>,
    pub with_assistant: Vec<QueueItem>,
    pub mine: Vec<QueueItem>,
    /// With another agent.
    pub with_others: Vec<QueueItem>,
    pub closed_today: Vec<QueueItem>,
}

/// The waiting queue's order: the escalation's priority first, then its reason, the customer's
/// risk flags, negative sentiment and the time waiting — each part named in the reasons.
pub fn urgency(
    s: &session::Model,
    risk_flags: &[String],
    trend: &[f64],
    waiting_seconds: i64,
) -> (i64, Vec<String>) {
    let mut score = 0;
    let mut why = vec![];
    let (base, label) = match s.escalation_priority {
        Some(TicketPriority::Critical) => (400, "critical"),
        Some(TicketPriority::High) => (300, "high"),
        Some(TicketPriority::Medium) | None => (200, "medium"),
        Some(TicketPriority::Low) => (100, "low"),
    };
    score += base;
    why.push(format!("{label} priority"));
    if let Some(r) = s.escalation_reason {
        let w = match r {
            EscalationReason::HumanRequested => 30,
            EscalationReason::HallucinationRisk
            | EscalationReason::NegativeSentiment
            | EscalationReason::VerificationFailed => 25,
            EscalationReason::ModelFailure => 20,
            EscalationReason::RepeatedIntent => 15,
            EscalationReason::DataGap | EscalationReason::RoundLimit => 10,
        };
        score += w;
        why.push(format!("reason: {r}"));
    }
    for f in risk_flags.iter().take(2) {
        score += 20;
        why.push(format!("risk: {f}"));
    }
    // The recent mood: the worst of the last three customer messages.
    let recent = trend
        .iter()
        .rev()
        .take(3)
        .copied()
        .fold(f64::INFINITY, f64::min);
    if recent < -0.3 {
        score += (-recent * 50.0).round() as i64;
        why.push(format!("negative sentiment ({recent:.2})"));
    }
    let minutes = waiting_seconds / 60;
    score += minutes.min(120);
    if minutes > 0 {
        why.push(format!("waiting {minutes} min"));
    }
    (score, why)
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
    let ids: Vec<i64> = open.iter().chain(closed.iter()).map(|s| s.id).collect();
    let mut trends = trends_of(db, ids).await?;
    let waiting_customers: Vec<i64> = open
        .iter()
        .filter(|s| s.status == SessionStatus::WaitingForAgent)
        .filter_map(|s| s.customer_id)
        .collect();
    let flags = risk_flags_of(db, waiting_customers).await?;
    let me = actor.id.clone();
    let mut q = Queue::default();
    let mut waiting: Vec<(i64, DateTime<Utc>, QueueItem)> = vec![];
    for s in open.iter().chain(closed.iter()) {
        let since = if s.status == SessionStatus::WaitingForAgent {
            s.escalated_at.unwrap_or(s.updated_at)
        } else {
            s.updated_at
        };
        let item = QueueItem {
            session_id: s.id,
            channel: s.channel,
            status: s.status,
            customer_id: s.customer_id,
            customer_name: s.customer_id.and_then(|c| names.get(&c).cloned()),
            customer_verified: s.customer_verified,
            tone: s.tone.clone(),
            assigned_agent: s.assigned_agent.clone(),
            offered_to: s
                .offered_to
                .clone()
                .filter(|_| s.status == SessionStatus::WaitingForAgent),
            escalation_reason: s.escalation_reason,
            escalation_priority: s.escalation_priority,
            waiting_seconds: (now - since).num_seconds().max(0),
            created_at: time(&s.created_at),
            updated_at: time(&s.updated_at),
            sentiment_trend: trends.remove(&s.id).unwrap_or_default(),
            priority_score: 0,
            priority_reasons: vec![],
        };
        match s.status {
            SessionStatus::WaitingForAgent => {
                let risk = s
                    .customer_id
                    .and_then(|c| flags.get(&c))
                    .cloned()
                    .unwrap_or_default();
                let mut item = item;
                (item.priority_score, item.priority_reasons) =
                    urgency(s, &risk, &item.sentiment_trend, item.waiting_seconds);
                waiting.push((item.priority_score, since, item));
            }
            SessionStatus::Active => q.with_assistant.push(item),
            SessionStatus::WithAgent if s.assigned_agent.is_some() && s.assigned_agent == me => {
                q.mine.push(item)
            }
            SessionStatus::WithAgent => q.with_others.push(item),
            SessionStatus::Closed => q.closed_today.push(item),
        }
    }
    // Most urgent first; equally urgent: waiting longest first.
    waiting.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    q.waiting = waiting.into_iter().map(|(_, _, i)| i).collect();
    Ok(q)
}

/// The sentiment trend of each session: customer-message scores, oldest first, the last eight.
async fn trends_of<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, Vec<f64>>> {
    let mut trends: HashMap<i64, Vec<f64>> = HashMap::new();
    for m in message::Entity::find()
        .filter(message::Column::SessionId.is_in(ids))
        .filter(message::Column::Role.eq(MessageRole::Customer))
        .order_by_asc(message::Column::Seq)
        .all(db)
        .await?
    {
        if let Some(score) = crate::sentiment::score_of(&m) {
            trends.entry(m.session_id).or_default().push(score);
        }
    }
    for t in trends.values_mut() {
        let skip = t.len().saturating_sub(8);
        t.drain(..skip);
    }
    Ok(trends)
}

/// The risk flags on each customer's profile.
async fn risk_flags_of<C: ConnectionTrait>(
    db: &C,
    customers: Vec<i64>,
) -> Result<HashMap<i64, Vec<String>>> {
    Ok(customer_profile::Entity::find()
        .filter(customer_profile::Column::CustomerId.is_in(customers))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let names = p
                .risk_flags
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f["flag"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            (p.customer_id, names)
        })
        .collect())
}

/// The waiting sessions in the queue's order: most urgent first, equally urgent longest waiting
/// first (what the workspace shows, and the order in which sessions are offered to agents).
pub async fn waiting_order<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<Vec<session::Model>> {
    let waiting = session::Entity::find()
        .filter(session::Column::Status.eq(SessionStatus::WaitingForAgent))
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let trends = trends_of(db, waiting.iter().map(|s| s.id).collect()).await?;
    let flags = risk_flags_of(db, waiting.iter().filter_map(|s| s.customer_id).collect()).await?;
    let mut ranked: Vec<(i64, DateTime<Utc>, session::Model)> = waiting
        .into_iter()
        .map(|s| {
            let since = s.escalated_at.unwrap_or(s.updated_at);
            let risk = s
                .customer_id
                .and_then(|c| flags.get(&c))
                .cloned()
                .unwrap_or_default();
            let trend = trends.get(&s.id).cloned().unwrap_or_default();
            let (score, _) = urgency(&s, &risk, &trend, (now - since).num_seconds().max(0));
            (score, since, s)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(ranked.into_iter().map(|(_, _, s)| s).collect())
}
