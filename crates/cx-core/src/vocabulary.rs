//! The names everything else is checked against: roles, command permissions and tool names. A
//! leaf module (it imports nothing from the crate), so config, policy and tools can all validate
//! against it without depending on each other. `policy` and `tools` re-export these by their
//! old paths.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    KioskAssistant,
    Copilot,
    Agent,
    Supervisor,
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::KioskAssistant,
        Role::Copilot,
        Role::Agent,
        Role::Supervisor,
        Role::Reviewer,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::KioskAssistant => "kiosk_assistant",
            Role::Copilot => "copilot",
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn names() -> Vec<&'static str> {
        Role::ALL.iter().map(Role::as_str).collect()
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The permissions permissions.yaml grants per role (`commands:`), from the command table in
/// cx-commands, where each command names the one that grants it.
pub use cx_commands::PERMISSIONS as COMMANDS;

/// The model-facing tool names: a stable contract (docs/tools.md).
pub const TOOL_NAMES: &[&str] = &[
    "lookup_user",
    "verify_customer",
    "get_orders",
    "get_tickets",
    "update_ticket",
    "update_user_email",
    "flag_refund",
    "knowledge_search",
];
