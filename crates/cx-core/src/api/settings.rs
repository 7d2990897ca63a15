//! Who a window is and what it may do: the settings checks (the settings themselves live with the
//! desktop shell's store), `whoami`, and the role the history window acts in.

use super::{allowed, authorize, permission};
use crate::Engine;
use crate::error::Result;
use crate::policy::{Access, Actor, Role};
use serde::Serialize;

/// May `actor` read the settings?
pub fn read(engine: &Engine, actor: &Actor) -> Result<()> {
    authorize(engine, actor, "get_settings")
}

/// May `actor` change the settings? The command, and the right to write `settings.value`.
pub fn change(engine: &Engine, actor: &Actor) -> Result<()> {
    authorize(engine, actor, "update_settings")?;
    engine.core.policy.check(
        actor,
        Access::Write {
            table: "settings",
            column: "value",
        },
    )
}

/// Who a window acts as and what it may run there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub name: String,
    pub role: Role,
    /// Of `offered`, the operations this actor may run (and every operation not of this API,
    /// which a window offers about itself).
    pub operations: Vec<String>,
    /// The `table.column` pairs the role may change.
    pub writes: Vec<String>,
}

/// `offered`: what the window offers (its own commands).
pub fn whoami(engine: &Engine, actor: &Actor, offered: &[&str]) -> Identity {
    let operations = offered
        .iter()
        .filter(|op| permission(op).is_none() || allowed(engine, actor, op))
        .map(|op| (*op).to_owned())
        .collect();
    let writes = engine
        .core
        .config
        .permissions
        .roles
        .get(actor.role.as_str())
        .map(|r| r.write.clone())
        .unwrap_or_default();
    Identity {
        name: actor.id.clone().unwrap_or_default(),
        role: actor.role,
        operations,
        writes,
    }
}

/// The role a history window opened by `opener` acts in: a supervisor's as a supervisor, anyone
/// else's as a reviewer (personal data masked).
pub fn history_role(opener: &Actor) -> Role {
    if opener.role == Role::Supervisor {
        Role::Supervisor
    } else {
        Role::Reviewer
    }
}
