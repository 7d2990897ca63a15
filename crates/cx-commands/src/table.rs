//! The table. Adding a command: one row here (its windows and its grant), one handler in
//! src-tauri's `commands!` table, then `CX_UPDATE_BINDINGS=1 cargo test -p cx-desktop` (see
//! docs/ARCHITECTURE.md, "A command").
//!
//! Row order is the order Tauri's ACL, the handlers and `whoami` list them: the kiosk's commands,
//! the workspace's own, then those both staff windows run.

use crate::{Command, Grant, Window};

const KIOSK: &[Window] = &[Window::Kiosk];
const WORKSPACE: &[Window] = &[Window::Workspace];
/// The history window's commands are the workspace's too.
const STAFF: &[Window] = &[Window::Workspace, Window::History];
/// Run by the CLI only (`cx-agent`), never by a window.
const CLI: &[Window] = &[];

const fn by(name: &'static str, windows: &'static [Window], permission: &'static str) -> Command {
    Command {
        name,
        windows,
        grant: Grant::Permission(permission),
    }
}

const fn window_level(name: &'static str, windows: &'static [Window]) -> Command {
    Command {
        name,
        windows,
        grant: Grant::WindowLevel,
    }
}

/// Every command a window or the CLI runs.
#[rustfmt::skip] // one row per line
pub const COMMANDS: &[Command] = &[
    // The kiosk: each under its own permission, which only kiosk_assistant holds.
    by("kiosk_start_session", KIOSK, "kiosk_start_session"),
    by("kiosk_send_message", KIOSK, "kiosk_send_message"),
    by("kiosk_decide_action", KIOSK, "kiosk_decide_action"),
    by("kiosk_request_human", KIOSK, "kiosk_request_human"),
    by("kiosk_end_session", KIOSK, "kiosk_end_session"),
    by("kiosk_messages", KIOSK, "kiosk_messages"),
    by("kiosk_settings", KIOSK, "kiosk_settings"),
    by("kiosk_rate_session", KIOSK, "kiosk_rate_session"),
    // The agent workspace.
    by("list_queue", WORKSPACE, "list_queue"),
    by("get_session", WORKSPACE, "get_session"),
    by("accept_session", WORKSPACE, "accept_session"),
    by("release_session", WORKSPACE, "release_session"),
    by("close_session", WORKSPACE, "close_session"),
    by("send_agent_message", WORKSPACE, "send_agent_message"),
    by("suggest_replies", WORKSPACE, "suggest_replies"),
    by("decide_action", WORKSPACE, "decide_action"),
    by("get_customer", WORKSPACE, "get_customer"),
    by("update_ticket", WORKSPACE, "update_ticket"),
    by("flag_refund", WORKSPACE, "flag_refund"),
    by("update_customer_email", WORKSPACE, "update_customer_email"),
    by("list_canned_responses", WORKSPACE, "list_canned_responses"),
    by("set_session_tone", WORKSPACE, "set_session_tone"),
    window_level("list_tones", WORKSPACE),
    by("get_settings", WORKSPACE, "get_settings"),
    by("update_settings", WORKSPACE, "update_settings"),
    by("read_audit_log", CLI, "read_audit_log"),
    window_level("sign_in", WORKSPACE),
    window_level("sign_out", WORKSPACE),
    by("list_agents", WORKSPACE, "team_presence"),
    by("add_agent", WORKSPACE, "manage_agents"),
    by("update_agent", WORKSPACE, "manage_agents"),
    window_level("open_history_window", WORKSPACE),
    by("get_session_messages", WORKSPACE, "get_session"),
    by("kb_search", WORKSPACE, "knowledge_view"),
    by("kb_list", WORKSPACE, "knowledge_view"),
    by("kb_get", WORKSPACE, "knowledge_view"),
    by("kb_save", WORKSPACE, "manage_knowledge"),
    by("kb_delete", WORKSPACE, "manage_knowledge"),
    by("kb_reindex", WORKSPACE, "manage_knowledge"),
    by("search_canned_responses", WORKSPACE, "list_canned_responses"),
    by("create_canned_response", WORKSPACE, "manage_canned_responses"),
    by("update_canned_response", WORKSPACE, "manage_canned_responses"),
    by("delete_canned_response", WORKSPACE, "manage_canned_responses"),
    by("open_report_in_history", WORKSPACE, "view_reports"),
    // History and reports: the history window and the workspace.
    window_level("whoami", STAFF),
    by("history_list", CLI, "history_search"),
    by("history_search", STAFF, "history_search"),
    by("history_show", STAFF, "history_show"),
    by("history_export", STAFF, "history_export"),
    by("history_case", STAFF, "history_export"),
    by("report", STAFF, "view_reports"),
    by("report_sessions", STAFF, "view_reports"),
    window_level("report_drill", STAFF),
    by("report_export", STAFF, "view_reports"),
];
