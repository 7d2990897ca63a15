//! Presence: a signed-in desk beats every few seconds; an agent whose last beat is older than
//! `team.presence_timeout_secs` is offline (a desk that crashed drops out by itself).

use crate::config::TeamConfig;
use crate::db::entity::agent;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

/// How often a signed-in desk beats: well inside the presence timeout.
pub const BEAT_SECS: u64 = 5;

pub fn is_online(a: &agent::Model, team: &TeamConfig, now: DateTime<Utc>) -> bool {
    a.active
        && a.last_seen_at
            .is_some_and(|seen| seen > now - Duration::seconds(team.presence_timeout_secs.into()))
}

/// The agent is at their desk. Refused for an agent disabled meanwhile: the desk signs out.
pub async fn beat<C: ConnectionTrait>(db: &C, agent_id: i64, now: DateTime<Utc>) -> Result<()> {
    let done = agent::Entity::update_many()
        .col_expr(agent::Column::LastSeenAt, Expr::value(Some(now)))
        .filter(agent::Column::Id.eq(agent_id))
        .filter(agent::Column::Active.eq(true))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(CoreError::denied(
            "this agent was disabled or removed; sign in again",
        ));
    }
    Ok(())
}

/// The agent left their desk.
pub async fn leave<C: ConnectionTrait>(db: &C, agent_id: i64) -> Result<()> {
    agent::Entity::update_many()
        .col_expr(
            agent::Column::LastSeenAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(agent::Column::Id.eq(agent_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Active agents online now, by name.
pub async fn online<C: ConnectionTrait>(
    db: &C,
    team: &TeamConfig,
    now: DateTime<Utc>,
) -> Result<Vec<agent::Model>> {
    let since = now - Duration::seconds(team.presence_timeout_secs.into());
    Ok(agent::Entity::find()
        .filter(agent::Column::Active.eq(true))
        .filter(agent::Column::LastSeenAt.gt(since))
        .order_by_asc(agent::Column::Name)
        .all(db)
        .await?)
}
