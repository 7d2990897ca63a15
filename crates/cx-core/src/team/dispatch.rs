//! Offering waiting sessions to agents. The queue's order decides which session is offered first;
//! among the online agents with room (their sessions and open offers below their maximum), the
//! one offered a session longest ago gets the next (round robin). An offer not accepted within
//! `team.offer_timeout_secs`, or to an agent who went offline, goes to someone else. An offer is
//! a suggestion: any agent may still take any waiting session (accepting is first come, first
//! served — `Engine::accept`).
//!
//! `plan` decides (pure, table-tested); `run` reads the state and applies the plan under a lock
//! so two processes dispatching at once cannot both fill the same agent's last free place.

use super::{agents, presence};
use crate::config::TeamConfig;
use crate::db::entity::{SessionStatus, session};
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use std::collections::HashMap;

/// A waiting session, in queue order, with its current offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub session_id: i64,
    pub offered_to: Option<String>,
    pub offered_at: Option<DateTime<Utc>>,
}

/// An online agent and their load.
#[derive(Debug, Clone, PartialEq)]
pub struct Free {
    pub name: String,
    pub capacity: i64,
    /// Sessions held (with_agent).
    pub held: i64,
    /// When they were last offered a session (None: never).
    pub last_offer: Option<DateTime<Utc>>,
}

/// What changes: a session offered to an agent, or an offer withdrawn (nobody has room).
#[derive(Debug, Clone, PartialEq)]
pub enum Move {
    Offer { session_id: i64, agent: String },
    Withdraw { session_id: i64 },
}

/// What an escalation found: whether the team is in play and who is online.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Staffing {
    /// Team mode (the database has active agents).
    pub team: bool,
    pub online: usize,
    /// The agent the session was offered to.
    pub offered_to: Option<String>,
}

impl Staffing {
    /// Team mode with nobody online: the customer must hear that they wait in the queue.
    pub fn nobody_online(&self) -> bool {
        self.team && self.online == 0
    }
}

/// The customer's last words of a hand-over, when nobody from the team is online.
pub const NOBODY_ONLINE: &str = "Nobody from our team is online right now. Your conversation is \
     in our queue, and the first person who is free will answer you here.";

/// A hand-over reply as the staffing allows: "A person will join you shortly" becomes the
/// queue notice when nobody is online.
pub fn handover_reply(reply: &str, staffing: &Staffing) -> String {
    if !staffing.nobody_online() {
        return reply.to_owned();
    }
    let promise = "A person will join you shortly.";
    match reply.strip_suffix(promise) {
        Some(start) => format!("{start}{NOBODY_ONLINE}"),
        None => format!("{reply} {NOBODY_ONLINE}"),
    }
}

/// The offers to make, in queue order.
pub fn plan(
    waiting: &[Waiting],
    agents: &[Free],
    now: DateTime<Utc>,
    offer_timeout: Duration,
) -> Vec<Move> {
    let mut load: HashMap<&str, (i64, Option<DateTime<Utc>>)> = agents
        .iter()
        .map(|a| (a.name.as_str(), (a.held, a.last_offer)))
        .collect();
    let live = |w: &Waiting| {
        w.offered_to
            .as_deref()
            .filter(|a| load.contains_key(a))
            .filter(|_| w.offered_at.is_some_and(|at| at + offer_timeout > now))
            .map(str::to_owned)
    };
    // Live offers hold their agent's place first.
    let kept: Vec<Option<String>> = waiting.iter().map(live).collect();
    for name in kept.iter().flatten() {
        if let Some(l) = load.get_mut(name.as_str()) {
            l.0 += 1;
        }
    }
    let mut moves = vec![];
    for (w, kept) in waiting.iter().zip(kept) {
        if kept.is_some() {
            continue;
        }
        // Someone else than the agent who let the offer lapse, when anyone else has room.
        let lapsed = w.offered_to.as_deref();
        let pick = agents
            .iter()
            .filter(|a| load[a.name.as_str()].0 < a.capacity)
            .min_by_key(|a| {
                let (_, last) = load[a.name.as_str()];
                (Some(a.name.as_str()) == lapsed, last, a.name.clone())
            })
            .map(|a| a.name.clone());
        match pick {
            Some(agent) => {
                let l = load.get_mut(agent.as_str()).expect("a known agent");
                l.0 += 1;
                l.1 = Some(now);
                moves.push(Move::Offer {
                    session_id: w.session_id,
                    agent,
                });
            }
            None if w.offered_to.is_some() => moves.push(Move::Withdraw {
                session_id: w.session_id,
            }),
            None => {}
        }
    }
    moves
}

/// Read the queue and the team, and make the offers `plan` decides. Returns the moves made (each
/// applied only if the session is still as it was read).
pub async fn run(
    db: &DatabaseConnection,
    team: &TeamConfig,
    now: DateTime<Utc>,
) -> Result<(Vec<Move>, usize)> {
    let txn = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let txn = db.begin().await?;
        // One dispatcher at a time across every process on this database.
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7210001)")
            .await?;
        txn
    } else {
        crate::db::begin_write(db).await?
    };
    let online = presence::online(&txn, team, now).await?;
    if online.is_empty() && !has_offers(&txn).await? {
        txn.commit().await?;
        return Ok((vec![], 0));
    }
    let waiting = waiting_in_order(&txn, now).await?;
    let held = agents::count_by(
        &txn,
        SessionStatus::WithAgent,
        session::Column::AssignedAgent,
    )
    .await?;
    let last = last_offers(&txn, now).await?;
    let free: Vec<Free> = online
        .iter()
        .map(|a| Free {
            name: a.name.clone(),
            capacity: agents::capacity(a, team).into(),
            held: held.get(&a.name).copied().unwrap_or(0),
            last_offer: last.get(&a.name).copied(),
        })
        .collect();
    let moves = plan(
        &waiting,
        &free,
        now,
        Duration::seconds(team.offer_timeout_secs.into()),
    );
    let mut made = vec![];
    for m in moves {
        if apply(&txn, &m, now).await? {
            made.push(m);
        }
    }
    txn.commit().await?;
    Ok((made, online.len()))
}

async fn has_offers<C: ConnectionTrait>(db: &C) -> Result<bool> {
    Ok(session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::Status.eq(SessionStatus::WaitingForAgent))
        .filter(session::Column::OfferedTo.is_not_null())
        .into_tuple::<i64>()
        .one(db)
        .await?
        .is_some())
}

/// Waiting sessions in the queue's order (`queue::waiting_order`).
async fn waiting_in_order<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<Vec<Waiting>> {
    let order = crate::queue::waiting_order(db, now).await?;
    Ok(order
        .into_iter()
        .map(|s| Waiting {
            session_id: s.id,
            offered_to: s.offered_to,
            offered_at: s.offered_at,
        })
        .collect())
}

/// When each agent was last offered a session (offers of the last day: older ones no longer
/// decide whose turn it is).
async fn last_offers<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<HashMap<String, DateTime<Utc>>> {
    let rows: Vec<(Option<String>, Option<DateTime<Utc>>)> = session::Entity::find()
        .select_only()
        .column(session::Column::OfferedTo)
        .column_as(session::Column::OfferedAt.max(), "last")
        .filter(session::Column::OfferedAt.gt(now - Duration::days(1)))
        .group_by(session::Column::OfferedTo)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, at)| Some((name?, at?)))
        .collect())
}

/// One move, only if the session still waits.
async fn apply<C: ConnectionTrait>(db: &C, m: &Move, now: DateTime<Utc>) -> Result<bool> {
    let (session_id, agent, at) = match m {
        Move::Offer { session_id, agent } => (*session_id, Some(agent.clone()), Some(now)),
        Move::Withdraw { session_id } => (*session_id, None, None),
    };
    let done = session::Entity::update_many()
        .col_expr(session::Column::OfferedTo, Expr::value(agent))
        .col_expr(session::Column::OfferedAt, Expr::value(at))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::Status.eq(SessionStatus::WaitingForAgent))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

#[cfg(test)]
mod tests;
