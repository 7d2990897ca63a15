//! The one surface the front ends call. Every operation a window or the CLI can run is a function
//! here that takes the acting [`Actor`] and asks [`Policy`](crate::policy::Policy) inside: the
//! Tauri shell and the CLI only parse, call and map errors, and hold no access rule of their own.
//!
//! Operations are named as the front ends name them; [`OPERATIONS`] pairs each with the permission
//! (`commands:` in permissions.yaml) that grants it.

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
/// that grants it. Several operations may share one permission (`knowledge_view`, …).
pub const OPERATIONS: &[(&str, &str)] = &[
    ("kiosk_start_session", "kiosk_start_session"),
    ("kiosk_send_message", "kiosk_send_message"),
    ("kiosk_decide_action", "kiosk_decide_action"),
    ("kiosk_request_human", "kiosk_request_human"),
    ("kiosk_end_session", "kiosk_end_session"),
    ("kiosk_messages", "kiosk_messages"),
    ("kiosk_settings", "kiosk_settings"),
    ("kiosk_rate_session", "kiosk_rate_session"),
    ("list_queue", "list_queue"),
    ("get_session", "get_session"),
    ("get_session_messages", "get_session"),
    ("accept_session", "accept_session"),
    ("release_session", "release_session"),
    ("close_session", "close_session"),
    ("send_agent_message", "send_agent_message"),
    ("suggest_replies", "suggest_replies"),
    ("decide_action", "decide_action"),
    ("get_customer", "get_customer"),
    ("update_ticket", "update_ticket"),
    ("flag_refund", "flag_refund"),
    ("update_customer_email", "update_customer_email"),
    ("list_canned_responses", "list_canned_responses"),
    ("search_canned_responses", "list_canned_responses"),
    ("create_canned_response", "manage_canned_responses"),
    ("update_canned_response", "manage_canned_responses"),
    ("delete_canned_response", "manage_canned_responses"),
    ("set_session_tone", "set_session_tone"),
    ("get_settings", "get_settings"),
    ("update_settings", "update_settings"),
    ("read_audit_log", "read_audit_log"),
    ("kb_search", "knowledge_view"),
    ("kb_list", "knowledge_view"),
    ("kb_get", "knowledge_view"),
    ("kb_save", "manage_knowledge"),
    ("kb_delete", "manage_knowledge"),
    ("kb_reindex", "manage_knowledge"),
    ("history_list", "history_search"),
    ("history_search", "history_search"),
    ("history_show", "history_show"),
    ("history_export", "history_export"),
    ("history_case", "history_export"),
    ("list_agents", "team_presence"),
    ("add_agent", "manage_agents"),
    ("update_agent", "manage_agents"),
    ("report", "view_reports"),
    ("report_sessions", "view_reports"),
    ("open_report_in_history", "view_reports"),
    ("report_export", "view_reports"),
];

/// The permission that grants `operation` (None: not an operation of this API).
pub fn permission(operation: &str) -> Option<&'static str> {
    OPERATIONS
        .iter()
        .find(|(op, _)| *op == operation)
        .map(|(_, p)| *p)
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
