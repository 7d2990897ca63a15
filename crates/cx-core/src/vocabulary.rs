//! The names everything else is checked against: roles, app commands and tool names. A leaf
//! module (it imports nothing from the crate), so config, policy and tools can all validate
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

/// Every app command a window or the CLI can run; permissions.yaml grants them per role.
pub const COMMANDS: &[&str] = &[
    // kiosk
    "kiosk_start_session",
    "kiosk_send_message",
    "kiosk_decide_action",
    "kiosk_request_human",
    "kiosk_end_session",
    "kiosk_messages",
    "kiosk_settings",
    "kiosk_rate_session",
    // agent workspace
    "list_queue",
    "get_session",
    "accept_session",
    "release_session",
    "close_session",
    "send_agent_message",
    "suggest_replies",
    "decide_action",
    "get_customer",
    "update_ticket",
    "flag_refund",
    "update_customer_email",
    "list_canned_responses",
    "manage_canned_responses",
    "set_session_tone",
    "get_settings",
    "update_settings",
    "read_audit_log",
    "knowledge_view",
    "manage_knowledge",
    // team mode
    "team_presence",
    "manage_agents",
    // history
    "history_search",
    "history_show",
    "history_export",
    // reports (supervisors in the workspace, reviewers in the history window)
    "view_reports",
];

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
