// The app's commands, by window. Included by `build.rs` (which declares them to Tauri's ACL, so a
// window may only run what its capability file grants) and by the crate (tests compare these lists
// with docs/desktop-contract.md, cx-core's `policy::COMMANDS`, the capability files and the
// generated bindings). Keep it plain `const` items: build.rs compiles it on its own.

/// Declares the three per-window lists and `ALL_COMMANDS`, their concatenation in order (what
/// build.rs declares to Tauri), so the full list is never written twice.
macro_rules! command_lists {
    (kiosk: [$($k:literal),* $(,)?], workspace: [$($w:literal),* $(,)?], history: [$($h:literal),* $(,)?] $(,)?) => {
        /// The kiosk window's commands (`capabilities/kiosk.json` grants these and nothing else).
        pub const KIOSK_COMMANDS: &[&str] = &[$($k),*];
        /// The agent workspace's own commands (`capabilities/workspace.json`, with the history
        /// commands).
        pub const WORKSPACE_COMMANDS: &[&str] = &[$($w),*];
        /// History commands: granted to the history window and to the workspace.
        pub const HISTORY_COMMANDS: &[&str] = &[$($h),*];
        /// Every command, as declared to Tauri in build.rs (the three lists above, in order).
        pub const ALL_COMMANDS: &[&str] = &[$($k,)* $($w,)* $($h),*];
    };
}

command_lists! {
    kiosk: [
        "kiosk_start_session",
        "kiosk_send_message",
        "kiosk_decide_action",
        "kiosk_request_human",
        "kiosk_end_session",
        "kiosk_messages",
        "kiosk_settings",
        "kiosk_rate_session",
    ],
    workspace: [
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
        "set_session_tone",
        "list_tones",
        "get_settings",
        "update_settings",
        "sign_in",
        "sign_out",
        "list_agents",
        "add_agent",
        "update_agent",
        "open_history_window",
        "get_session_messages",
        "kb_search",
        "kb_list",
        "kb_get",
        "kb_save",
        "kb_delete",
        "kb_reindex",
        "search_canned_responses",
        "create_canned_response",
        "update_canned_response",
        "delete_canned_response",
        "open_report_in_history",
    ],
    history: [
        "whoami",
        "history_search",
        "history_show",
        "history_export",
        "history_case",
        "report",
        "report_sessions",
        "report_drill",
        "report_export",
    ],
}

/// Commands about the window itself rather than data: not operations of cx-core's API, so they
/// pass the per-window ACL only (no role check). Every other command is a `cx_core::api`
/// operation, whose permission `cx_core::api::OPERATIONS` names.
pub const WINDOW_LEVEL_COMMANDS: &[&str] = &[
    "list_tones",
    "whoami",
    "sign_in",
    "sign_out",
    "open_history_window",
    "report_drill",
];
