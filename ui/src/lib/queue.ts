// The queue column: which sections, in what order, filtered how, and how long people have waited.
// Order WITHIN a section is the backend's (highest priority, then oldest first) — never re-sorted.

import type { Queue, QueueItem } from './types'

export type SectionKey = keyof Queue

export interface SectionDef {
  key: SectionKey
  title: string
  testid: string
  /** Collapsed by default (history-like sections that would push live work off screen). */
  collapsed?: boolean
}

export const SECTIONS: SectionDef[] = [
  { key: 'waiting', title: 'Waiting for an agent', testid: 'queue-waiting' },
  { key: 'with_assistant', title: 'With the assistant', testid: 'queue-assistant' },
  { key: 'mine', title: 'Mine', testid: 'queue-mine' },
  { key: 'with_others', title: 'With other agents', testid: 'queue-others' },
  { key: 'closed_today', title: 'Closed today', testid: 'queue-closed', collapsed: true },
]

export const EMPTY_QUEUE: Queue = { waiting: [], with_assistant: [], mine: [], with_others: [], closed_today: [] }

/** Human words for the escalation reason codes (the badge shows the code, this is its tooltip). */
export const REASON_LABELS: Record<string, string> = {
  repeated_intent: 'The customer repeated a question',
  data_gap: 'A lookup the answer rests on found nothing',
  hallucination_risk: 'The answer had unsupported claims and was held back',
  human_requested: 'The customer asked for a person',
  model_failure: 'The language model kept failing',
  round_limit: 'The assistant reached its tool-round limit',
  negative_sentiment: "The customer's messages stayed negative",
  verification_failed: 'Verification failed too often (identity or station locked)',
}

export function reasonLabel(code: string | null | undefined): string {
  if (!code) return ''
  return REASON_LABELS[code] ?? code.replace(/_/g, ' ')
}

/** Whether an item matches the filter box: customer name, id, session number, reason, channel. */
export function matchesFilter(item: QueueItem, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const hay = [
    item.customer_name ?? 'unverified customer',
    item.customer_id != null ? `customer ${item.customer_id}` : '',
    `#${item.session_id}`,
    String(item.session_id),
    item.escalation_reason ?? '',
    reasonLabel(item.escalation_reason),
    item.escalation_priority ?? '',
    item.channel,
    item.status,
    item.assigned_agent ?? '',
  ]
    .join(' ')
    .toLowerCase()
  return words.every((w) => hay.includes(w))
}

export function filterQueue(queue: Queue, filter: string): Queue {
  const f = (items: QueueItem[]) => items.filter((i) => matchesFilter(i, filter))
  return {
    waiting: f(queue.waiting),
    with_assistant: f(queue.with_assistant),
    mine: f(queue.mine),
    with_others: f(queue.with_others),
    closed_today: f(queue.closed_today),
  }
}

/** Session ids in the order they appear on screen (for J / K), skipping collapsed sections. */
export function displayOrder(queue: Queue, collapsed: ReadonlySet<SectionKey> = new Set()): number[] {
  return SECTIONS.filter((s) => !collapsed.has(s.key)).flatMap((s) => queue[s.key].map((i) => i.session_id))
}

/**
 * The next (+1) or previous (-1) session in display order. With nothing selected, or the
 * selection gone from the list, J starts at the top and K at the bottom. Stops at the ends.
 */
export function stepSelection(order: number[], current: number | null, delta: 1 | -1): number | null {
  if (order.length === 0) return null
  const at = current == null ? -1 : order.indexOf(current)
  if (at === -1) return delta === 1 ? order[0] : order[order.length - 1]
  const next = Math.min(order.length - 1, Math.max(0, at + delta))
  return order[next]
}

export function findItem(queue: Queue, sessionId: number | null): QueueItem | null {
  if (sessionId == null) return null
  for (const s of SECTIONS) {
    const hit = queue[s.key].find((i) => i.session_id === sessionId)
    if (hit) return hit
  }
  return null
}

/** "just now", "45 s", "3 min", "1 h 05 min", "2 d 3 h". */
export function formatWaiting(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 10) return 'just now'
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`
  const d = Math.floor(h / 24)
  return `${d} d ${h % 24} h`
}

/**
 * The backend counts waiting seconds when the queue was loaded; between reloads the clock keeps
 * running on screen.
 */
export function waitingNow(item: QueueItem, loadedAtMs: number, nowMs: number): number {
  return item.waiting_seconds + Math.max(0, Math.floor((nowMs - loadedAtMs) / 1000))
}

/** How urgent a wait looks: calm under 2 min, warn under 10 min, then late. */
export function waitLevel(seconds: number): 'ok' | 'warn' | 'late' {
  if (seconds < 120) return 'ok'
  if (seconds < 600) return 'warn'
  return 'late'
}

export function totalCount(queue: Queue): number {
  return SECTIONS.reduce((n, s) => n + queue[s.key].length, 0)
}

/**
 * The sessions offered to `me` (team mode), newest first, after a `session_offered` event:
 * offered to me → to the front; offered to someone else or withdrawn (agent null) → gone.
 */
export function nextOffers(offers: number[], sessionId: number, agent: string | null, me: string | null): number[] {
  const rest = offers.filter((id) => id !== sessionId)
  return agent != null && agent === me ? [sessionId, ...rest] : rest
}
