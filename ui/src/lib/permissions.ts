// What the signed-in agent's role may do, from `whoami`. The backend enforces every rule; the UI
// only disables what would be refused anyway, and says why, so nobody clicks into an error.

import { t } from '../i18n/index.svelte'
import type { CommandName } from './commands.gen'
import { roleLabel } from './queue'
import type { WhoAmI } from './types'

export interface Permission {
  allowed: boolean
  /** Why not, in words for the agent (empty when allowed). */
  reason: string
}

const ALLOWED: Permission = { allowed: true, reason: '' }

/** What an action needs: a command of the table (a typo fails the type check) and maybe a write. */
interface Needs {
  command: CommandName
  write: string | null
}

/**
 * Actions in the customer panel and elsewhere, with the command and the write they need. What each
 * is called in a refusal is the catalogue's `workspace:permission.what.<key>`.
 */
export const ACTIONS = {
  ticketStatus: { command: 'update_ticket', write: 'tickets.status' },
  flagRefund: { command: 'flag_refund', write: 'orders.status' },
  changeEmail: { command: 'update_customer_email', write: 'customers.email' },
  saveSettings: { command: 'update_settings', write: null },
  acceptSession: { command: 'accept_session', write: 'sessions.status' },
  releaseSession: { command: 'release_session', write: 'sessions.status' },
  closeSession: { command: 'close_session', write: 'sessions.status' },
  sendMessage: { command: 'send_agent_message', write: null },
  decideAction: { command: 'decide_action', write: 'pending_actions.state' },
  setTone: { command: 'set_session_tone', write: 'sessions.tone' },
  suggest: { command: 'suggest_replies', write: null },
  viewKnowledge: { command: 'kb_search', write: null },
  editKnowledge: { command: 'kb_save', write: null },
  reindexKnowledge: { command: 'kb_reindex', write: null },
  teamPresence: { command: 'list_agents', write: null },
  manageAgents: { command: 'add_agent', write: 'agents.role' },
  manageCanned: { command: 'create_canned_response', write: 'canned_responses.content' },
  viewReports: { command: 'report', write: null },
} as const satisfies Record<string, Needs>

export type ActionKey = keyof typeof ACTIONS

/**
 * May this person do that? Before `whoami` answers nothing is known, so nothing is allowed (the
 * buttons say "checking your role…" rather than flash enabled).
 */
export function can(who: WhoAmI | null, action: ActionKey): Permission {
  if (!who) return { allowed: false, reason: t('workspace:permission.checking') }
  const a: Needs = ACTIONS[action]
  const okCommand = who.permissions.commands.includes(a.command)
  const okWrite = a.write === null || who.permissions.writes.includes(a.write)
  if (okCommand && okWrite) return ALLOWED
  const args = { role: roleLabel(who.role || 'unknown'), what: t(`workspace:permission.what.${action}`) }
  // An agent can ask a supervisor; a supervisor or reviewer has nobody above to ask.
  const reason = who.role === 'agent' ? t('workspace:permission.deniedAsk', args) : t('workspace:permission.denied', args)
  return { allowed: false, reason }
}
