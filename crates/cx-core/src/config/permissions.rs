use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `permissions.yaml`: per role, the tables it may read, the `table.column` pairs it may write,
/// the tools it may call and the app commands it may run. What is not listed is denied.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionsConfig {
    pub roles: BTreeMap<String, RoleConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleConfig {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub read: Vec<String>,
    #[serde(default)]
    pub write: Vec<String>,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub commands: Vec<String>,
    /// Whose records the role may touch. Missing means the strictest: the verified customer.
    #[serde(default)]
    pub scope: Scope,
    /// Who must confirm a write this role asks for before it is applied. Missing means the
    /// strictest: an agent approves.
    #[serde(default)]
    pub write_confirmation: WriteConfirmation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    All,
    /// Only the session's verified customer (the kiosk). The default: configuration fails closed.
    #[default]
    VerifiedCustomer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteConfirmation {
    /// Applied at once (a person is acting).
    None,
    /// Becomes a pending action that the customer confirms at the kiosk.
    Customer,
    /// Becomes a pending action that an agent approves in the workspace. The default:
    /// configuration fails closed.
    #[default]
    Agent,
}

/// Tables known to the data layer; `knowledge` arrives with the knowledge base.
pub const TABLES: &[&str] = &[
    "customers",
    "orders",
    "tickets",
    "canned_responses",
    "sessions",
    "messages",
    "pending_actions",
    "audit_log",
    "knowledge",
    "settings",
    "agents",
    "agent_passwords",
];

impl PermissionsConfig {
    pub(super) fn validate(&self) -> Result<(), (String, String)> {
        for (name, role) in &self.roles {
            if crate::vocabulary::Role::parse(name).is_none() {
                return Err((
                    format!("roles.{name}"),
                    format!(
                        "unknown role; valid roles: {}",
                        crate::vocabulary::Role::names().join(", ")
                    ),
                ));
            }
            for t in &role.read {
                if !TABLES.contains(&t.as_str()) {
                    return Err((format!("roles.{name}.read"), format!("unknown table '{t}'")));
                }
            }
            for w in &role.write {
                let ok = w
                    .split_once('.')
                    .is_some_and(|(t, c)| TABLES.contains(&t) && !c.is_empty());
                if !ok {
                    return Err((
                        format!("roles.{name}.write"),
                        format!("'{w}' is not a known table.column pair"),
                    ));
                }
            }
            for t in &role.tools {
                if !crate::vocabulary::TOOL_NAMES.contains(&t.as_str()) {
                    return Err((
                        format!("roles.{name}.tools"),
                        format!(
                            "unknown tool '{t}'; known tools: {}",
                            crate::vocabulary::TOOL_NAMES.join(", ")
                        ),
                    ));
                }
            }
            if name == "kiosk_assistant" {
                kiosk_rules(role).map_err(|(k, m)| (format!("roles.{name}.{k}"), m))?;
            }
            for c in &role.commands {
                if !crate::vocabulary::COMMANDS.contains(&c.as_str()) {
                    return Err((
                        format!("roles.{name}.commands"),
                        format!("unknown command '{c}'"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A stranger stands at the kiosk: its assistant may never see other customers' records nor write
/// without someone's Yes, whatever the file says.
fn kiosk_rules(role: &RoleConfig) -> Result<(), (String, String)> {
    if role.scope != Scope::VerifiedCustomer {
        return Err((
            "scope".into(),
            "the kiosk assistant must be scoped to the verified customer (scope: verified_customer)"
                .into(),
        ));
    }
    if role.write_confirmation == WriteConfirmation::None {
        return Err((
            "write_confirmation".into(),
            "the kiosk assistant's writes need a confirmation (customer or agent), not none".into(),
        ));
    }
    Ok(())
}
