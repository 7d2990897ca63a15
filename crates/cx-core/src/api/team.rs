//! Team mode's operations: signing in and out at a desk, its heartbeat, who is online, and the
//! supervisor's management of agents. Signing in is the one operation without an actor: it is
//! what makes one (with the role the database holds for the agent).

use super::authorize;
use crate::Engine;
use crate::audit::{self, AuditActor};
use crate::error::{CoreError, Result};
use crate::events::CoreEvent;
use crate::policy::{Access, Actor};
use crate::team::{self, AgentChange, AgentView, NewAgent, SignedIn, presence};
use chrono::Utc;
use serde_json::json;

/// Whether this database is in team mode (a workspace must sign in).
pub async fn team_mode(engine: &Engine) -> Result<bool> {
    team::active(&engine.core.db).await
}

/// Sign in at the desk `station`. The answer to a wrong name or password is the same; failures
/// lock the agent's sign-in after `team.signin_attempts` (escalation.yaml).
pub async fn sign_in(
    engine: &Engine,
    name: &str,
    password: &str,
    station: &str,
) -> Result<SignedIn> {
    let core = &engine.core;
    let signed = team::signin::sign_in(
        &core.db,
        &core.config.escalation.team,
        name,
        password,
        station,
        Utc::now(),
    )
    .await?;
    engine.events.emit(CoreEvent::TeamChanged {
        agent: signed.name.clone(),
    });
    engine.dispatch().await?;
    Ok(signed)
}

/// The agent leaves their desk: offline at once, and their open offers go to others.
pub async fn sign_out(engine: &Engine, signed: &SignedIn) -> Result<()> {
    presence::leave(&engine.core.db, signed.agent_id).await?;
    audit::record(
        &engine.core.db,
        &AuditActor::from_actor(&signed.actor()),
        "sign_out",
        "agents",
        signed.agent_id,
        None,
        None,
    )
    .await?;
    engine.events.emit(CoreEvent::TeamChanged {
        agent: signed.name.clone(),
    });
    engine.dispatch().await?;
    Ok(())
}

/// The desk's heartbeat (every `presence::BEAT_SECS`): the agent stays online, and lapsed offers
/// move on. Returns the agent as the database holds them now (a supervisor may have changed
/// their role since they signed in). Refused once the agent was disabled: the desk must sign out.
pub async fn beat(engine: &Engine, signed: &SignedIn) -> Result<SignedIn> {
    let db = &engine.core.db;
    presence::beat(db, signed.agent_id, Utc::now()).await?;
    let now = team::agents::get(db, &signed.name).await?;
    engine.dispatch().await?;
    Ok(SignedIn {
        agent_id: now.id,
        name: now.name,
        role: now.role,
    })
}

/// Every agent with presence and load (disabled ones only for supervisors).
pub async fn list_agents(engine: &Engine, actor: &Actor) -> Result<Vec<AgentView>> {
    authorize(engine, actor, "list_agents")?;
    let core = &engine.core;
    let all = team::agents::roster(&core.db, &core.config.escalation.team, Utc::now()).await?;
    let supervisor = core.policy.allows(actor, Access::Command("manage_agents"));
    Ok(all.into_iter().filter(|a| a.active || supervisor).collect())
}

pub async fn add_agent(engine: &Engine, actor: &Actor, new: &NewAgent) -> Result<AgentView> {
    authorize(engine, actor, "add_agent")?;
    write_check(engine, actor)?;
    let row = team::agents::add(&engine.core.db, new).await?;
    let after = json!({ "name": row.name, "role": row.role, "max_sessions": row.max_sessions });
    record(engine, actor, "add_agent", row.id, None, Some(after)).await?;
    engine.events.emit(CoreEvent::TeamChanged {
        agent: row.name.clone(),
    });
    view(engine, &row.name).await
}

/// Change an agent's role, maximum, password or whether they may sign in. A supervisor cannot
/// disable or demote themselves (the team would be left without one by mistake).
pub async fn update_agent(
    engine: &Engine,
    actor: &Actor,
    change: &AgentChange,
) -> Result<AgentView> {
    authorize(engine, actor, "update_agent")?;
    write_check(engine, actor)?;
    let before = team::agents::get(&engine.core.db, &change.name).await?;
    let demoted = change.role.is_some_and(|r| r != before.role);
    if actor.id.as_deref() == Some(before.name.as_str())
        && (change.active == Some(false) || demoted)
    {
        return Err(CoreError::Refused(
            "you cannot disable or change your own role; ask another supervisor".into(),
        ));
    }
    let row = team::agents::change(&engine.core.db, change).await?;
    let shown = |a: &crate::db::entity::agent::Model| json!({ "role": a.role, "active": a.active, "max_sessions": a.max_sessions });
    let mut after = shown(&row);
    if change.password.is_some() {
        after["password"] = json!("changed");
    }
    record(
        engine,
        actor,
        "update_agent",
        row.id,
        Some(shown(&before)),
        Some(after),
    )
    .await?;
    engine.events.emit(CoreEvent::TeamChanged {
        agent: row.name.clone(),
    });
    if change.active == Some(false) {
        engine.dispatch().await?;
    }
    view(engine, &row.name).await
}

fn write_check(engine: &Engine, actor: &Actor) -> Result<()> {
    engine.core.policy.check(
        actor,
        Access::Write {
            table: "agents",
            column: "role",
        },
    )
}

async fn record(
    engine: &Engine,
    actor: &Actor,
    action: &str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    audit::record(
        &engine.core.db,
        &AuditActor::from_actor(actor),
        action,
        "agents",
        id,
        before,
        after,
    )
    .await?;
    Ok(())
}

async fn view(engine: &Engine, name: &str) -> Result<AgentView> {
    let core = &engine.core;
    team::agents::roster(&core.db, &core.config.escalation.team, Utc::now())
        .await?
        .into_iter()
        .find(|a| a.name == name)
        .ok_or_else(|| CoreError::not_found(format!("no agent named {name:?}")))
}
