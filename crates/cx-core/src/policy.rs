//! Roles, permissions and customer scoping. `Policy::check` is the one place that decides every
//! access — tool calls, reads, writes and app commands. An unknown role, or anything missing from
//! permissions.yaml, is a denial.

use crate::config::{PermissionsConfig, RoleConfig, Scope, WriteConfirmation};
use crate::error::{CoreError, Result};
// The names live in the leaf vocabulary (config validates against them too); kept here by path.
pub use crate::vocabulary::{COMMANDS, Role};
use serde::{Deserialize, Serialize};

/// Who is acting. For the kiosk assistant, `verified_customer` is the session's verified customer
/// (None before verification) and `station` the kiosk station it runs at; `id` names a person (an
/// agent) for the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub role: Role,
    pub id: Option<String>,
    pub session_id: Option<i64>,
    pub verified_customer: Option<i64>,
    #[serde(default)]
    pub station: Option<String>,
}

impl Actor {
    pub fn new(role: Role) -> Self {
        Actor {
            role,
            id: None,
            session_id: None,
            verified_customer: None,
            station: None,
        }
    }
    pub fn person(role: Role, id: impl Into<String>) -> Self {
        Actor {
            role,
            id: Some(id.into()),
            session_id: None,
            verified_customer: None,
            station: None,
        }
    }
    pub fn kiosk(session_id: i64, verified_customer: Option<i64>) -> Self {
        Actor {
            role: Role::KioskAssistant,
            id: None,
            session_id: Some(session_id),
            verified_customer,
            station: None,
        }
    }
    /// The kiosk assistant at a station, before any session (the core fills in the session and
    /// the verified customer from the database, never from the front end).
    pub fn kiosk_station(station: impl Into<String>) -> Self {
        Actor {
            station: Some(station.into()),
            ..Actor::new(Role::KioskAssistant)
        }
    }
    /// How the audit log names this actor.
    pub fn audit_id(&self) -> Option<String> {
        self.id
            .clone()
            .or_else(|| self.session_id.map(|s| format!("session:{s}")))
    }
}

/// What is being accessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access<'a> {
    Tool(&'a str),
    Command(&'a str),
    Read(&'a str),
    Write {
        table: &'a str,
        column: &'a str,
    },
    /// A record that belongs to this customer.
    Customer(i64),
}

#[derive(Debug, Clone)]
pub struct Policy {
    permissions: PermissionsConfig,
}

impl Policy {
    pub fn new(permissions: PermissionsConfig) -> Self {
        Policy { permissions }
    }

    fn role(&self, role: Role) -> Result<&RoleConfig> {
        self.permissions.roles.get(role.as_str()).ok_or_else(|| {
            CoreError::denied(format!("role {role} has no entry in permissions.yaml"))
        })
    }

    /// Allow or deny; a denial says what and why.
    pub fn check(&self, actor: &Actor, access: Access<'_>) -> Result<()> {
        let role = self.role(actor.role)?;
        let who = actor.role;
        let listed = |list: &[String], item: &str| list.iter().any(|x| x == item);
        match access {
            Access::Tool(name) if listed(&role.tools, name) => Ok(()),
            Access::Tool(name) => Err(CoreError::denied(format!(
                "{who} may not call the tool {name}"
            ))),
            Access::Command(name) if listed(&role.commands, name) => Ok(()),
            Access::Command(name) => Err(CoreError::denied(format!("{who} may not run {name}"))),
            Access::Read(table) if listed(&role.read, table) => Ok(()),
            Access::Read(table) => Err(CoreError::denied(format!("{who} may not read {table}"))),
            Access::Write { table, column }
                if listed(&role.write, &format!("{table}.{column}")) =>
            {
                Ok(())
            }
            Access::Write { table, column } => Err(CoreError::denied(format!(
                "{who} may not change {table}.{column}"
            ))),
            Access::Customer(customer_id) => match role.scope {
                Scope::All => Ok(()),
                Scope::VerifiedCustomer => match actor.verified_customer {
                    Some(v) if v == customer_id => Ok(()),
                    Some(_) => Err(CoreError::denied(
                        "that record does not belong to the verified customer",
                    )),
                    None => Err(CoreError::denied("the customer is not verified yet")),
                },
            },
        }
    }

    pub fn allows(&self, actor: &Actor, access: Access<'_>) -> bool {
        self.check(actor, access).is_ok()
    }

    /// Whose records the role may touch; an unknown role gets the strictest scope.
    pub fn scope(&self, role: Role) -> Scope {
        self.role(role)
            .map(|r| r.scope)
            .unwrap_or(Scope::VerifiedCustomer)
    }

    /// Who must confirm this role's writes (None: applied at once).
    pub fn write_confirmation(&self, role: Role) -> WriteConfirmation {
        self.role(role)
            .map(|r| r.write_confirmation)
            .unwrap_or(WriteConfirmation::Agent)
    }

    /// The tools offered to the model for this role, in a stable order.
    pub fn tools_for(&self, role: Role) -> Vec<&'static str> {
        crate::vocabulary::TOOL_NAMES
            .iter()
            .copied()
            .filter(|t| self.allows(&Actor::new(role), Access::Tool(t)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn policy() -> Policy {
        let cfg = Config::load(&Config::default_dir()).expect("repository config loads");
        Policy::new(cfg.permissions)
    }

    #[test]
    fn missing_role_entry_is_denied() {
        let mut perms = Config::load(&Config::default_dir()).unwrap().permissions;
        perms.roles.remove("agent");
        let p = Policy::new(perms);
        let e = p
            .check(&Actor::new(Role::Agent), Access::Tool("get_orders"))
            .unwrap_err();
        assert_eq!(e.code(), "denied");
    }

    #[test]
    fn kiosk_scope_is_the_verified_customer() {
        let p = policy();
        let unverified = Actor::kiosk(1, None);
        let alice = Actor::kiosk(1, Some(3));
        assert!(p.check(&unverified, Access::Customer(3)).is_err());
        assert!(p.check(&alice, Access::Customer(3)).is_ok());
        assert!(p.check(&alice, Access::Customer(4)).is_err());
        // agents see every customer
        assert!(
            p.check(&Actor::new(Role::Agent), Access::Customer(4))
                .is_ok()
        );
    }

    #[test]
    fn writes_are_column_pairs() {
        let p = policy();
        let agent = Actor::new(Role::Agent);
        assert!(
            p.check(
                &agent,
                Access::Write {
                    table: "tickets",
                    column: "status"
                }
            )
            .is_ok()
        );
        assert!(
            p.check(
                &agent,
                Access::Write {
                    table: "customers",
                    column: "name"
                }
            )
            .is_err()
        );
        let reviewer = Actor::new(Role::Reviewer);
        assert!(
            p.check(
                &reviewer,
                Access::Write {
                    table: "tickets",
                    column: "status"
                }
            )
            .is_err()
        );
        assert!(p.check(&reviewer, Access::Read("messages")).is_ok());
        assert!(p.check(&reviewer, Access::Read("customers")).is_err());
    }

    #[test]
    fn kiosk_commands_only() {
        let p = policy();
        let kiosk = Actor::kiosk(1, None);
        assert!(
            p.check(&kiosk, Access::Command("kiosk_send_message"))
                .is_ok()
        );
        assert!(p.check(&kiosk, Access::Command("list_queue")).is_err());
        assert!(p.check(&kiosk, Access::Command("history_export")).is_err());
    }
}
