// What the signed-in agent's role may do, from `whoami`. The backend enforces every rule; the UI
// only disables what would be refused anyway, and says why, so nobody clicks into an error.

import type { WhoAmI } from './types'

export interface Permission {
  allowed: boolean
  /** Why not, in words for the agent (empty when allowed). */
  reason: string
}

const ALLOWED: Permission = { allowed: true, reason: '' }

/** Actions in the customer panel and elsewhere, with the command and the write they need. */
export const ACTIONS = {
  ticketStatus: { command: 'update_ticket', write: 'tickets.status', what: 'change a ticket status' },
  flagRefund: { command: 'flag_refund', write: 'orders.status', what: 'flag a refund' },
  changeEmail: { command: 'update_customer_email', write: 'customers.email', what: "change a customer's email" },
  saveSettings: { command: 'update_settings', write: null, what: 'change settings' },
  acceptSession: { command: 'accept_session', write: 'sessions.status', what: 'accept a session' },
  releaseSession: { command: 'release_session', write: 'sessions.status', what: 'release a session' },
  closeSession: { command: 'close_session', write: 'sessions.status', what: 'close a session' },
  sendMessage: { command: 'send_agent_message', write: null, what: 'write to a customer' },
  decideAction: { command: 'decide_action', write: 'pending_actions.state', what: 'approve or reject an action' },
  setTone: { command: 'set_session_tone', write: 'sessions.tone', what: "change a session's tone" },
  suggest: { command: 'suggest_replies', write: null, what: 'ask the co-pilot' },
  viewKnowledge: { command: 'kb_search', write: null, what: 'read the knowledge base' },
  editKnowledge: { command: 'kb_save', write: null, what: 'edit the knowledge base' },
  reindexKnowledge: { command: 'kb_reindex', write: null, what: 're-index the knowledge base' },
  teamPresence: { command: 'list_agents', write: null, what: 'see who is online' },
  manageAgents: { command: 'add_agent', write: 'agents.role', what: 'manage agents' },
  manageCanned: { command: 'create_canned_response', write: 'canned_responses.content', what: 'manage canned replies' },
  viewReports: { command: 'report', write: null, what: 'see reports' },
} as const

export type ActionKey = keyof typeof ACTIONS

/**
 * May this person do that? Before `whoami` answers nothing is known, so nothing is allowed (the
 * buttons say "checking your role…" rather than flash enabled).
 */
export function can(who: WhoAmI | null, action: ActionKey): Permission {
  if (!who) return { allowed: false, reason: 'Checking your role…' }
  const a = ACTIONS[action]
  const role = who.role || 'unknown'
  const okCommand = who.permissions.commands.includes(a.command)
  const okWrite = a.write === null || who.permissions.writes.includes(a.write)
  if (okCommand && okWrite) return ALLOWED
  const hint = role === 'agent' ? ' Ask a supervisor.' : ''
  return { allowed: false, reason: `Your role (${role}) may not ${a.what}.${hint}` }
}
