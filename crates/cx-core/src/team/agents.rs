//! Agents: added, changed and disabled by a supervisor (workspace or `cx-agent agents`). A name is
//! the agent's identity everywhere (sessions' `assigned_agent`, the audit log), so it never
//! changes; a disabled agent keeps their history and can no longer sign in.

use crate::db::entity::{AgentRole, SessionStatus, agent, agent_password, session};
use crate::error::{CoreError, Result};
use crate::present::time;
use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const NAME_MAX: usize = 64;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;

/// A new agent, as a supervisor enters them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct NewAgent {
    pub name: String,
    pub role: AgentRole,
    pub password: String,
    /// None: the configured maximum.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub max_sessions: Option<i32>,
}

/// A change to an agent; what is None stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AgentChange {
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub role: Option<AgentRole>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub active: Option<bool>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub password: Option<String>,
    /// Some(0): back to the configured maximum.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub max_sessions: Option<i32>,
}

/// An agent as the workspace and the CLI show them: never a password hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentView {
    pub id: i64,
    pub name: String,
    pub role: AgentRole,
    pub active: bool,
    /// Their own maximum, or the configured one.
    pub max_sessions: i32,
    pub online: bool,
    /// Sessions they hold now (with_agent).
    pub sessions: i64,
    /// Waiting sessions offered to them now.
    pub offers: i64,
    pub last_seen_at: Option<String>,
    pub created_at: String,
}

/// A name: 1–64 characters of letters, digits, space, `.`, `_`, `-`, `@`; trimmed.
pub fn valid_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(CoreError::invalid(format!(
            "an agent's name has 1 to {NAME_MAX} characters"
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-' | '@')))
    {
        return Err(CoreError::invalid(format!(
            "an agent's name may not contain {c:?} (letters, digits, space, . _ - @ only)"
        )));
    }
    Ok(name.to_owned())
}

/// A password a supervisor sets: long enough, not all blank, no control characters.
pub fn valid_password(password: &str) -> Result<&str> {
    let n = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n) {
        return Err(CoreError::invalid(format!(
            "a password has {PASSWORD_MIN} to {PASSWORD_MAX} characters (this one has {n})"
        )));
    }
    if password.trim().is_empty() || password.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            "a password may not be blank or contain control characters",
        ));
    }
    Ok(password)
}

fn valid_max(max: i32) -> Result<i32> {
    if !(1..=50).contains(&max) {
        return Err(CoreError::invalid(format!(
            "an agent's maximum sessions is between 1 and 50 (not {max})"
        )));
    }
    Ok(max)
}

/// argon2id with the crate's defaults (19 MiB, 2 passes): tens of milliseconds, on a blocking
/// thread so the runtime keeps serving other requests.
pub async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| CoreError::Internal(format!("cannot hash the password: {e}")))
    })
    .await
    .map_err(|e| CoreError::Internal(format!("password hashing stopped: {e}")))?
}

pub async fn by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<agent::Model>> {
    Ok(crate::db::by_key(
        agent::Entity::find().filter(agent::Column::Name.eq(name.trim())),
        db,
    )
    .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, name: &str) -> Result<agent::Model> {
    by_name(db, name)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no agent named {:?}", name.trim())))
}

/// Add an agent with their password, in one transaction.
pub async fn add(db: &DatabaseConnection, new: &NewAgent) -> Result<agent::Model> {
    let name = valid_name(&new.name)?;
    let hash = hash_password(valid_password(&new.password)?).await?;
    let max = new.max_sessions.map(valid_max).transpose()?;
    if by_name(db, &name).await?.is_some() {
        return Err(CoreError::Conflict(format!(
            "an agent named {name:?} exists already"
        )));
    }
    let now = Utc::now();
    let txn = db.begin().await?;
    let row = agent::ActiveModel {
        name: Set(name),
        role: Set(new.role),
        active: Set(true),
        max_sessions: Set(max),
        last_seen_at: Set(None),
        created_at: Set(now),
        disabled_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    fresh_password(row.id, hash, now).insert(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// A new password: it also clears failed sign-ins and a lock.
fn fresh_password(agent_id: i64, hash: String, now: DateTime<Utc>) -> agent_password::ActiveModel {
    agent_password::ActiveModel {
        agent_id: Set(agent_id),
        password_hash: Set(hash),
        failed_signins: Set(0),
        locked_until: Set(None),
        changed_at: Set(now),
    }
}

/// Change an agent's role, maximum, password or whether they may sign in. Disabling signs them
/// out; a new password also lifts a sign-in lock.
pub async fn change(db: &DatabaseConnection, change: &AgentChange) -> Result<agent::Model> {
    let current = get(db, &change.name).await?;
    let hash = match change.password.as_deref() {
        Some(p) => Some(hash_password(valid_password(p)?).await?),
        None => None,
    };
    let max = match change.max_sessions {
        Some(0) => Some(None),
        Some(m) => Some(Some(valid_max(m)?)),
        None => None,
    };
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut am: agent::ActiveModel = current.into();
    if let Some(role) = change.role {
        am.role = Set(role);
    }
    if let Some(max) = max {
        am.max_sessions = Set(max);
    }
    if let Some(active) = change.active {
        am.active = Set(active);
        am.disabled_at = Set((!active).then_some(now));
        if !active {
            am.last_seen_at = Set(None);
        }
    }
    let row = am.update(&txn).await?;
    if let Some(hash) = hash {
        fresh_password(row.id, hash, now).update(&txn).await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// Every agent (disabled ones last) with presence and load.
pub async fn roster<C: ConnectionTrait>(
    db: &C,
    team: &crate::config::TeamConfig,
    now: DateTime<Utc>,
) -> Result<Vec<AgentView>> {
    let agents = agent::Entity::find()
        .order_by_desc(agent::Column::Active)
        .order_by_asc(agent::Column::Name)
        .all(db)
        .await?;
    let held = count_by(db, SessionStatus::WithAgent, session::Column::AssignedAgent).await?;
    let offers = count_by(
        db,
        SessionStatus::WaitingForAgent,
        session::Column::OfferedTo,
    )
    .await?;
    Ok(agents
        .into_iter()
        .map(|a| AgentView {
            online: super::presence::is_online(&a, team, now),
            max_sessions: capacity(&a, team),
            sessions: held.get(&a.name).copied().unwrap_or(0),
            offers: offers.get(&a.name).copied().unwrap_or(0),
            last_seen_at: a.last_seen_at.as_ref().map(time),
            created_at: time(&a.created_at),
            id: a.id,
            name: a.name,
            role: a.role,
            active: a.active,
        })
        .collect())
}

/// How many sessions an agent may hold.
pub fn capacity(a: &agent::Model, team: &crate::config::TeamConfig) -> i32 {
    a.max_sessions.unwrap_or(team.max_sessions_per_agent as i32)
}

/// Sessions in `status` per agent named in `column`.
pub(super) async fn count_by<C: ConnectionTrait>(
    db: &C,
    status: SessionStatus,
    column: session::Column,
) -> Result<HashMap<String, i64>> {
    let rows: Vec<(Option<String>, i64)> = session::Entity::find()
        .select_only()
        .column(column)
        .column_as(session::Column::Id.count(), "n")
        .filter(session::Column::Status.eq(status))
        .filter(column.is_not_null())
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, n)| name.map(|name| (name, n)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(valid_name("  dana  ").unwrap(), "dana");
        assert_eq!(valid_name("Dana O. Lee-2").unwrap(), "Dana O. Lee-2");
        for bad in ["", "   ", "dana;drop", "a\nb", "<script>"] {
            assert!(valid_name(bad).is_err(), "{bad:?}");
        }
        assert!(valid_name(&"x".repeat(NAME_MAX + 1)).is_err());
    }

    #[test]
    fn passwords_are_checked() {
        assert!(valid_password("correct horse").is_ok());
        for bad in ["short", "          ", "tab\there-long-enough"] {
            assert!(valid_password(bad).is_err(), "{bad:?}");
        }
        assert!(valid_password(&"p".repeat(PASSWORD_MAX + 1)).is_err());
    }
}
