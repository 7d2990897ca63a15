//! Team mode: agents are people who sign in at their own desks, several app processes share one
//! PostgreSQL, and an escalation is offered to one agent who is online and has room.
//!
//! - `agents`: who they are (name, role from the database, argon2 password) and their management;
//! - `signin`: checking a password, with a lock after repeated failures and an audit row for each;
//! - `presence`: heartbeats, who is online and how many sessions each holds;
//! - `dispatch`: which waiting session is offered to whom (round robin, capacity, queue order).
//!
//! Team mode is on once the database has an agent: from then on a workspace must sign in, and
//! nothing falls back to a role from the environment or the settings — not even when every agent
//! was disabled (that locks the desks until a supervisor's `cx-agent agents enable`: fail closed).

pub mod agents;
pub mod dispatch;
pub mod presence;
pub mod signin;

pub use agents::{AgentChange, AgentView, NewAgent};
pub use dispatch::Staffing;
pub use signin::SignedIn;

use crate::db::entity::agent;
use crate::error::Result;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

/// Whether the database is in team mode (it has an agent, enabled or not).
pub async fn active<C: ConnectionTrait>(db: &C) -> Result<bool> {
    Ok(agent::Entity::find().count(db).await? > 0)
}
