// The queue column: which sections, in what order, filtered how, and how long people have waited.
// Order WITHIN a section is the backend's (highest priority, then oldest first) — never re-sorted.

import { formatNumber } from '../i18n/format'
import { t } from '../i18n/index.svelte'
import type { EscalationReason, Queue, QueueItem } from './types'

export type SectionKey = keyof Queue

export interface SectionDef {
  key: SectionKey
  /** In the current language (a getter, so it follows a change of language). */
  readonly title: string
  testid: string
  /** Collapsed by default (history-like sections that would push live work off screen). */
  collapsed?: boolean
}

function section(key: SectionKey, testid: string, collapsed?: boolean): SectionDef {
  return {
    key,
    testid,
    ...(collapsed ? { collapsed } : {}),
    get title() {
      return t(`workspace:queue.sections.${key}`)
    },
  }
}

export const SECTIONS: SectionDef[] = [
  section('waiting', 'queue-waiting'),
  section('with_assistant', 'queue-assistant'),
  section('mine', 'queue-mine'),
  section('with_others', 'queue-others'),
  section('closed_today', 'queue-closed', true),
]

export const EMPTY_QUEUE: Queue = { waiting: [], with_assistant: [], mine: [], with_others: [], closed_today: [] }

const REASONS: readonly EscalationReason[] = [
  'repeated_intent',
  'data_gap',
  'hallucination_risk',
  'human_requested',
  'model_failure',
  'round_limit',
  'negative_sentiment',
  'verification_failed',
]

function isReason(code: string): code is EscalationReason {
  return (REASONS as readonly string[]).includes(code)
}

/**
 * Human words for the escalation reason codes (the badge's tooltip), in the current language:
 * each value is a getter over the catalogue, so `REASON_LABELS[code]` follows a change of language.
 */
export const REASON_LABELS: Record<string, string> = Object.defineProperties(
  {},
  Object.fromEntries(REASONS.map((r) => [r, { enumerable: true, get: () => t(`workspace:reason.${r}`) }])),
)

export function reasonLabel(code: string | null | undefined): string {
  if (!code) return ''
  return isReason(code) ? t(`workspace:reason.${code}`) : code.replace(/_/g, ' ')
}

/** The reason's badge: English keeps the code agents know ("human_requested"), others a short word. */
export function reasonBadge(code: string): string {
  return isReason(code) ? t(`workspace:reasonCode.${code}`) : code
}

// Codes the backend sends as text, in words of the current language; an unknown code (a newer
// backend) shows with its underscores as spaces rather than not at all.
const STATUSES = ['active', 'waiting_for_agent', 'with_agent', 'closed'] as const
const CHANNELS = ['kiosk', 'workspace', 'cli'] as const
const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const
const ROLES = ['agent', 'supervisor', 'reviewer', 'unknown'] as const

function known<T extends string>(list: readonly T[], code: string): code is T {
  return (list as readonly string[]).includes(code)
}

function raw(code: string | null | undefined): string {
  return (code ?? '').replace(/_/g, ' ')
}

/** "waiting_for_agent" → "waiting for agent". */
export function statusLabel(code: string | null | undefined): string {
  return code && known(STATUSES, code) ? t(`workspace:status.${code}`) : raw(code)
}

export function channelLabel(code: string | null | undefined): string {
  return code && known(CHANNELS, code) ? t(`workspace:channel.${code}`) : raw(code)
}

export function priorityLabel(code: string | null | undefined): string {
  return code && known(PRIORITIES, code) ? t(`workspace:priority.${code}`) : raw(code)
}

/** A staff role ("agent", "supervisor", "reviewer") in words. */
export function roleLabel(code: string | null | undefined): string {
  return code && known(ROLES, code) ? t(`workspace:role.${code}`) : raw(code)
}

/**
 * One of cx-core's `urgency` reasons ("high priority", "reason: human_requested", "risk: …",
 * "negative sentiment (-0.62)", "waiting 12 min") in the current language; anything else as sent.
 */
export function priorityReasonLabel(text: string): string {
  let m = /^(\w+) priority$/.exec(text)
  if (m) return t('workspace:queue.why.priority', { priority: priorityLabel(m[1]) })
  m = /^reason: (\w+)$/.exec(text)
  if (m) return t('workspace:queue.why.reason', { reason: reasonBadge(m[1]) })
  m = /^risk: (\w+)$/.exec(text)
  if (m) return t('workspace:queue.why.risk', { flag: m[1] })
  m = /^negative sentiment \((-?[\d.]+)\)$/.exec(text)
  if (m) return t('workspace:queue.why.sentiment', { score: formatNumber(Number(m[1]), { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })
  m = /^waiting (\d+) min$/.exec(text)
  if (m) return t('workspace:queue.why.waiting', { minutes: m[1] })
  return text
}

/** Whether an item matches the filter box: customer name, id, session number, reason, channel. */
export function matchesFilter(item: QueueItem, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  // The codes and the words on screen (in whichever language) both match.
  const hay = [
    item.customer_name ?? `unverified customer ${t('workspace:customerUnverified')}`,
    item.customer_id != null ? `customer ${item.customer_id}` : '',
    `#${item.session_id}`,
    String(item.session_id),
    item.escalation_reason ?? '',
    reasonLabel(item.escalation_reason),
    item.escalation_reason ? reasonBadge(item.escalation_reason) : '',
    item.escalation_priority ?? '',
    priorityLabel(item.escalation_priority),
    item.channel,
    channelLabel(item.channel),
    item.status,
    statusLabel(item.status),
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

/** "just now", "45 s", "3 min", "1 h 05 min", "2 d 3 h" (in the current language). */
export function formatWaiting(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 10) return t('workspace:queue.wait.justNow')
  if (s < 60) return t('workspace:queue.wait.seconds', { s })
  const m = Math.floor(s / 60)
  if (m < 60) return t('workspace:queue.wait.minutes', { m })
  const h = Math.floor(m / 60)
  if (h < 24) return t('workspace:queue.wait.hours', { h, m: String(m % 60).padStart(2, '0') })
  const d = Math.floor(h / 24)
  return t('workspace:queue.wait.days', { d, h: h % 24 })
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
