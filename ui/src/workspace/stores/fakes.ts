// Fakes for the stores' tests (not part of the app): a backend whose answers each test sets,
// and the shapes it returns.

import { vi } from 'vitest'
import type { canned, knowledge, team, workspace } from '../../lib/api'
import { EMPTY_QUEUE } from '../../lib/queue'
import type { CustomerRecord, Queue, QueueItem, SessionSummary, Transcript, WhoAmI } from '../../lib/types'
import type { DeskApi } from './desk.svelte'

/** Every command an agent may run, as `whoami` lists them for the default roles. */
const AGENT_COMMANDS = [
  'accept_session',
  'release_session',
  'close_session',
  'send_agent_message',
  'decide_action',
  'set_session_tone',
  'suggest_replies',
  'kb_search',
  'update_ticket',
  'flag_refund',
]
const AGENT_WRITES = ['sessions.status', 'sessions.tone', 'pending_actions.state', 'tickets.status', 'orders.status']

export function agent(over: Partial<WhoAmI> = {}): WhoAmI {
  return {
    name: 'dana',
    role: 'agent',
    permissions: { commands: AGENT_COMMANDS, writes: AGENT_WRITES },
    team_mode: false,
    signed_in: false,
    station_role: 'both',
    language: 'en',
    ...over,
  } as WhoAmI
}

export function session(id: number, over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    channel: 'kiosk',
    status: 'waiting_for_agent',
    tone: 'professional',
    customer_id: null,
    customer_name: null,
    customer_email: null,
    customer_verified: false,
    assigned_agent: null,
    escalation_reason: null,
    escalation_priority: null,
    escalated_at: null,
    created_at: '2025-01-01T10:00:00Z',
    closed_at: null,
    message_count: 1,
    csat: null,
    language: 'en',
    ...over,
  } as SessionSummary
}

export function transcriptOf(s: SessionSummary, pending: Transcript['pending_actions'] = []): Transcript {
  return { session: s, customer: null, messages: [], pending_actions: pending, escalation: null }
}

export function queueWith(waiting: number[], mine: number[] = []): Queue {
  const item = (id: number) => ({ session_id: id, customer_name: `Customer ${id}` }) as unknown as QueueItem
  return { ...EMPTY_QUEUE, waiting: waiting.map(item), mine: mine.map(item) }
}

export function record(customerId: number): CustomerRecord {
  return { customer: { id: customerId, name: 'Alice' }, orders: [], tickets: [], total_spent_cents: 0, profile: null } as unknown as CustomerRecord
}

type Fn = ReturnType<typeof vi.fn>
type Faked<T> = { [K in keyof T]: Fn & T[K] }

/** A backend with harmless answers; tests replace the ones they look at. */
export function fakeApi() {
  const ws = {
    listQueue: vi.fn(async () => EMPTY_QUEUE),
    getSession: vi.fn(async (id: number) => transcriptOf(session(id))),
    accept: vi.fn(async () => session(0)),
    release: vi.fn(async () => session(0)),
    close: vi.fn(async () => session(0)),
    sendMessage: vi.fn(async () => ({})),
    suggestReplies: vi.fn(async () => []),
    decideAction: vi.fn(async () => ({ tool_calls: [] })),
    getCustomer: vi.fn(async (id: number) => record(id)),
    updateTicket: vi.fn(async () => ({ name: 'update_ticket', arguments: {}, result: { ok: true } })),
    flagRefund: vi.fn(async () => ({ name: 'flag_refund', arguments: {}, result: { ok: true } })),
    updateCustomerEmail: vi.fn(async () => ({ name: 'update_customer_email', arguments: {}, result: { ok: true } })),
    listCanned: vi.fn(async () => []),
    setTone: vi.fn(async () => session(0)),
    listTones: vi.fn(async () => ['professional', 'friendly']),
    getSettings: vi.fn(),
    updateSettings: vi.fn(),
    whoami: vi.fn(async () => agent()),
    openHistory: vi.fn(),
    sessionMessages: vi.fn(async () => []),
  } as unknown as Faked<typeof workspace>
  const kb = {
    search: vi.fn(async () => []),
    list: vi.fn(async () => []),
    get: vi.fn(),
    save: vi.fn(),
    remove: vi.fn(async () => undefined),
    reindex: vi.fn(),
  } as unknown as Faked<typeof knowledge>
  const cannedApi = {
    search: vi.fn(async () => []),
    create: vi.fn(),
    update: vi.fn(),
    remove: vi.fn(async () => undefined),
  } as unknown as Faked<typeof canned>
  const teamApi = { signOut: vi.fn(async () => undefined) } as unknown as Faked<Pick<typeof team, 'signOut'>>
  const api: DeskApi = { workspace: ws, team: teamApi, knowledge: kb, canned: cannedApi }
  return { api, ws, kb, canned: cannedApi, team: teamApi }
}

/** A promise the test settles when it chooses (an answer that arrives late). */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
