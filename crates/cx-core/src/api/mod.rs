//! The one surface the front ends call. Every operation a window or the CLI can run is a function
//! here that takes the acting [`Actor`] and asks [`Policy`](crate::policy::Policy) inside: the
//! Tauri shell and the CLI only parse, call and map errors, and hold no access rule of their own.
//!
//! Operations are named as the front ends name them; [`OPERATIONS`] pairs each with the permission
//! (`commands:` in permissions.yaml) that grants it, from the one command table (cx-commands).

pub mod history;
pub mod kiosk;
pub mod library;
pub mod reports;
pub mod settings;
pub mod staff;
pub mod team;

use crate::Engine;
use crate::error::Result;
use crate::policy::{Access, Actor};

/// `(operation, permission)`: every operation of this API and the command in permissions.yaml
/// that grants it. Several operations may share one permission (`knowledge_view`, …). The rows
/// of cx-commands' table checked by role (the window-level commands are not operations).
pub use cx_commands::OPERATIONS;

/// The permission that grants `operation` (None: not an operation of this API).
pub fn permission(operation: &str) -> Option<&'static str> {
    cx_commands::command(operation).and_then(cx_commands::Command::permission)
}

/// May `actor` run `operation`? The answer every operation below gives before doing anything.
pub fn allowed(engine: &Engine, actor: &Actor, operation: &str) -> bool {
    authorize(engine, actor, operation).is_ok()
}

/// The first step of every operation: the role check for its permission.
pub(crate) fn authorize(engine: &Engine, actor: &Actor, operation: &str) -> Result<()> {
    let permission = permission(operation).ok_or_else(|| {
        crate::error::CoreError::denied(format!("{operation} is not an operation"))
    })?;
    engine.core.policy.check(actor, Access::Command(permission))
}

/// Whether `actor` may see customers' personal data (contact details, personal fields of tool
/// results): only roles that may read the customers table. Reviewers get masked history.
pub fn sees_personal_data(engine: &Engine, actor: &Actor) -> bool {
    engine.core.policy.allows(actor, Access::Read("customers"))
}

#[cfg(test)]
mod tests;
