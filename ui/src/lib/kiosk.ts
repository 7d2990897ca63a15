// The kiosk conversation's pure parts: which messages it shows, in what order, how a pending
// action reads in plain words, and what happened in a turn.

import { maskPersonalData } from './mask'
import type { MessageView, PendingView, TurnOutcome } from './types'

/** The only roles a customer ever sees. The backend filters too; the screen never relies on it. */
export const KIOSK_ROLES = ['customer', 'assistant', 'agent'] as const
export type KioskRole = (typeof KIOSK_ROLES)[number]

export function isKioskRole(role: string): role is KioskRole {
  return (KIOSK_ROLES as readonly string[]).includes(role)
}

/**
 * Add fetched messages to what is on screen: one copy of each (by id), in `seq` order, customer-
 * visible roles only. Fetches can overlap (a `message_added` event and the send's own refresh), so
 * the same message may arrive twice.
 */
export function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map<number, MessageView>()
  for (const m of current) byId.set(m.id, m)
  for (const m of incoming) if (isKioskRole(m.role)) byId.set(m.id, m)
  return [...byId.values()].sort((a, b) => a.seq - b.seq || a.id - b.id)
}

export function lastSeq(messages: MessageView[]): number {
  return messages.reduce((max, m) => Math.max(max, m.seq), 0)
}

/** What the kiosk displays of a message: personal data masked. */
export function displayText(m: Pick<MessageView, 'content'>): string {
  return maskPersonalData(m.content)
}

const TICKET_STATUS_WORDS: Record<string, string> = {
  open: 'open',
  in_progress: 'in progress',
  resolved: 'resolved',
  escalated: 'passed to a specialist',
}

export interface ActionDescription {
  title: string
  details: string[]
}

function arg(args: unknown, key: string): unknown {
  return args && typeof args === 'object' ? (args as Record<string, unknown>)[key] : undefined
}

/** A pending action in words a customer understands, personal data masked. */
export function describeAction(p: Pick<PendingView, 'tool' | 'arguments'>): ActionDescription {
  const a = p.arguments
  switch (p.tool) {
    case 'update_user_email': {
      const email = arg(a, 'new_email')
      return {
        title: 'Change the email address on your account',
        details: [typeof email === 'string' ? `New email: ${maskPersonalData(email)}` : 'To the new address you gave'],
      }
    }
    case 'flag_refund': {
      const order = arg(a, 'order_id')
      const reason = arg(a, 'reason')
      const details = [`Order ${order ?? ''}`.trim()]
      if (typeof reason === 'string' && reason.trim()) details.push(`Reason: ${maskPersonalData(reason)}`)
      details.push('Refunds reach your original payment method once approved.')
      return { title: `Request a refund for order ${order ?? ''}`.trim(), details }
    }
    case 'update_ticket': {
      const ticket = arg(a, 'ticket_id')
      const status = arg(a, 'status')
      const words = typeof status === 'string' ? (TICKET_STATUS_WORDS[status] ?? status.replace(/_/g, ' ')) : null
      return {
        title: words ? `Mark ticket ${ticket} as ${words}` : `Update ticket ${ticket}`,
        details: [`Ticket ${ticket}`],
      }
    }
    default: {
      const details =
        a && typeof a === 'object'
          ? Object.entries(a as Record<string, unknown>).map(
              ([k, v]) => `${k.replace(/_/g, ' ')}: ${maskPersonalData(String(v))}`,
            )
          : []
      return { title: `Make a change: ${p.tool.replace(/_/g, ' ')}`, details }
    }
  }
}

/** Pending actions still waiting for the customer's Yes / No. */
export function openActions(list: PendingView[]): PendingView[] {
  return list.filter((p) => p.state === 'proposed')
}

/**
 * Fold a turn's pending actions into those on screen: decided ones leave, new proposals join,
 * same id replaces.
 */
export function updateActions(current: PendingView[], outcome: Pick<TurnOutcome, 'pending_actions'>): PendingView[] {
  const byId = new Map(current.map((p) => [p.id, p]))
  for (const p of outcome.pending_actions) byId.set(p.id, p)
  return openActions([...byId.values()])
}

/** Whether an agent (a person) has written in this conversation. */
export function agentHasJoined(messages: MessageView[]): boolean {
  return messages.some((m) => m.role === 'agent')
}

/** What a `session_changed` event means for the kiosk showing session `current`. */
export type SessionChange = 'ignore' | 'closed' | 'active' | 'escalated'

/**
 * `closed` — the conversation is over (an agent closed it, or the idle timeout did): the screen
 * must be wiped at once, nothing of it may stay for the next customer. `active` — released back
 * to the assistant. `escalated` — with or waiting for a person. Another session's event, or one
 * while no conversation is on screen: `ignore`.
 */
export function sessionChange(current: number | null, e: { session_id: number; status: string }): SessionChange {
  if (current == null || e.session_id !== current) return 'ignore'
  if (e.status === 'closed') return 'closed'
  if (e.status === 'active') return 'active'
  return 'escalated'
}
