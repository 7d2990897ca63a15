//! Signing in at an agent desk: the name and password are checked against the argon2 hash; after
//! `team.signin_attempts` failures in a row the agent's sign-in is locked for a while. Every
//! failure leaves an audit row; the answer never says whether the name or the password was wrong.

use super::agents;
use crate::audit::{self, AuditActor};
use crate::config::TeamConfig;
use crate::db::entity::{AgentRole, agent, agent_password};
use crate::error::{CoreError, Result};
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde_json::json;
use std::sync::OnceLock;

/// The one answer for an unknown name, a disabled agent and a wrong password.
pub const WRONG: &str = "the name or the password is wrong";

/// Who signed in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignedIn {
    pub agent_id: i64,
    pub name: String,
    pub role: AgentRole,
}

impl SignedIn {
    /// The actor for this agent's commands: the role is the database's.
    pub fn actor(&self) -> crate::policy::Actor {
        crate::policy::Actor::person(self.role.role(), self.name.clone())
    }
}

/// Check `name` and `password` at `station`; on success the agent is online from `now`.
pub async fn sign_in<C: ConnectionTrait>(
    db: &C,
    team: &TeamConfig,
    name: &str,
    password: &str,
    station: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let found = match agents::valid_name(name) {
        Ok(name) => agents::by_name(db, &name).await?,
        Err(_) => None,
    };
    let Some(agent) = found.filter(|a| a.active) else {
        // As slow as a real check, so timing does not tell which names exist.
        verify(dummy_hash(), password).await;
        return failed(db, name, station, "unknown or disabled agent").await;
    };
    let Some(secret) = crate::db::by_key(agent_password::Entity::find_by_id(agent.id), db).await?
    else {
        verify(dummy_hash(), password).await;
        return failed(db, &agent.name, station, "no password set").await;
    };
    if let Some(until) = secret.locked_until.filter(|u| *u > now) {
        failed(db, &agent.name, station, "sign-in locked")
            .await
            .ok();
        return Err(CoreError::Refused(format!(
            "too many failed sign-ins for this agent; try again after {} UTC",
            until.format("%H:%M")
        )));
    }
    if !verify(secret.password_hash.clone(), password).await {
        count_failure(db, team, secret, now).await?;
        return failed(db, &agent.name, station, "wrong password").await;
    }
    let mut am: agent_password::ActiveModel = secret.into();
    am.failed_signins = Set(0);
    am.locked_until = Set(None);
    am.update(db).await?;
    let mut am: agent::ActiveModel = agent.clone().into();
    am.last_seen_at = Set(Some(now));
    am.update(db).await?;
    let signed = SignedIn {
        agent_id: agent.id,
        name: agent.name,
        role: agent.role,
    };
    audit::record(
        db,
        &AuditActor::from_actor(&signed.actor()),
        "sign_in",
        "agents",
        signed.agent_id,
        None,
        Some(json!({ "station": station })),
    )
    .await?;
    Ok(signed)
}

/// One more failure in a row, counted in the database itself (parallel guesses each count); the
/// last allowed one locks sign-in for the configured time.
async fn count_failure<C: ConnectionTrait>(
    db: &C,
    team: &TeamConfig,
    secret: agent_password::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    let counted = agent_password::Entity::update_many()
        .col_expr(
            agent_password::Column::FailedSignins,
            Expr::col(agent_password::Column::FailedSignins).add(1),
        )
        .filter(agent_password::Column::AgentId.eq(secret.agent_id))
        .exec_with_returning(db)
        .await?;
    let failures = counted.first().map_or(0, |p| p.failed_signins);
    if failures >= team.signin_attempts as i32 {
        agent_password::Entity::update_many()
            .col_expr(agent_password::Column::FailedSignins, Expr::value(0))
            .col_expr(
                agent_password::Column::LockedUntil,
                Expr::value(Some(
                    now + Duration::minutes(team.signin_lock_minutes.into()),
                )),
            )
            .filter(agent_password::Column::AgentId.eq(secret.agent_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The audit row of a failed sign-in, and the one answer the desk shows.
async fn failed<C: ConnectionTrait>(
    db: &C,
    name: &str,
    station: &str,
    why: &str,
) -> Result<SignedIn> {
    let shown: String = name.trim().chars().take(agents::NAME_MAX).collect();
    audit::record(
        db,
        &AuditActor {
            role: "anonymous".into(),
            id: None,
            session_id: None,
        },
        "sign_in_failed",
        "agents",
        0,
        None,
        Some(json!({ "name": shown, "station": station, "why": why })),
    )
    .await?;
    Err(CoreError::denied(WRONG))
}

async fn verify(hash: String, password: &str) -> bool {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash of nothing anyone knows, made once, for checks against unknown names.
fn dummy_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(b"no agent has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
    .clone()
}
