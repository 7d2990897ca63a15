// Generated from crates/cx-commands (one row per app command); do not edit. Refresh with
// `CX_UPDATE_BINDINGS=1 cargo test -p cx-desktop --test contract`.

/** What the kiosk window may run (capabilities/kiosk.json). */
export const KIOSK_COMMANDS = [
  'kiosk_start_session',
  'kiosk_send_message',
  'kiosk_decide_action',
  'kiosk_request_human',
  'kiosk_end_session',
  'kiosk_messages',
  'kiosk_settings',
  'kiosk_rate_session',
] as const

/** What the history window may run (capabilities/history.json); the workspace runs them too. */
export const HISTORY_COMMANDS = [
  'whoami',
  'history_search',
  'history_show',
  'history_export',
  'history_case',
  'report',
  'report_sessions',
  'report_drill',
  'report_export',
] as const

/** What the workspace window may run (capabilities/workspace.json): its own, then the history window's. */
export const WORKSPACE_COMMANDS = [
  'list_queue',
  'get_session',
  'accept_session',
  'release_session',
  'close_session',
  'send_agent_message',
  'suggest_replies',
  'decide_action',
  'get_customer',
  'update_ticket',
  'flag_refund',
  'update_customer_email',
  'list_canned_responses',
  'set_session_tone',
  'list_tones',
  'get_settings',
  'update_settings',
  'sign_in',
  'sign_out',
  'list_agents',
  'add_agent',
  'update_agent',
  'open_history_window',
  'get_session_messages',
  'kb_search',
  'kb_list',
  'kb_get',
  'kb_save',
  'kb_delete',
  'kb_reindex',
  'search_canned_responses',
  'create_canned_response',
  'update_canned_response',
  'delete_canned_response',
  'open_report_in_history',
  ...HISTORY_COMMANDS,
] as const

/** Every app command. */
export const COMMAND_NAMES = [...KIOSK_COMMANDS, ...WORKSPACE_COMMANDS] as const

export type CommandName = (typeof COMMAND_NAMES)[number]
