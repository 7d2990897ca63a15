// A report figure as the filter of the sessions behind it (cx-core's `Figure`): the words that
// name it (buttons, the history banner), a stable key for `data-figure`, and a test id.

import { REASON_LABELS } from '../lib/queue'
import type { ClaimKind, EscalationReason, Figure, SessionOutcome } from '../lib/types'
import { formatRate, sessions } from './format'
import { shortDay } from './period'

/** The Figure's fields in one fixed order: keys and test ids do not depend on how it was built. */
const ORDER = [
  'day',
  'outcome',
  'escalated',
  'reason',
  'ending',
  'wait',
  'csat_score',
  'csat_any',
  'with_agent',
  'sentiment_scored',
  'sentiment',
  'topic',
  'held',
  'claim_kind',
  'agent',
] as const satisfies readonly (keyof Figure)[]

/** The fields set (undefined and null dropped), in `ORDER`. */
export function figureEntries(figure: Figure): [keyof Figure, string | number | boolean][] {
  const out: [keyof Figure, string | number | boolean][] = []
  for (const k of ORDER) {
    const v = figure[k]
    if (v !== undefined && v !== null) out.push([k, v])
  }
  return out
}

/** A copy without unset fields (what goes over IPC). */
export function cleanFigure(figure: Figure): Figure {
  return Object.fromEntries(figureEntries(figure)) as Figure
}

/** `data-figure`: "reason=data_gap;ending=unresolved", "" for every session. */
export function figureKey(figure: Figure): string {
  return figureEntries(figure)
    .map(([k, v]) => `${k}=${v}`)
    .join(';')
}

/** Letters, digits, `_` and `-` only (topics and agent names may hold spaces). */
function slug(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/**
 * The test id of a clickable figure: `figure-outcome-handed_over`, `figure-reason-data_gap`,
 * `figure-reason-data_gap-ending-unresolved`, `figure-csat-5`, `figure-csat-any-with_agent`,
 * `figure-agent-dana`, `figure-held-claim-money`, `figure-day-2026-10-01-outcome-open`;
 * `figure-all` for every session.
 */
export function figureTestId(figure: Figure): string {
  const parts: string[] = []
  for (const [k, v] of figureEntries(figure)) {
    switch (k) {
      case 'escalated':
        parts.push(v ? 'escalated' : 'not_escalated')
        break
      case 'csat_score':
        parts.push(`csat-${v}`)
        break
      case 'csat_any':
        parts.push(v ? 'csat-any' : 'csat-unanswered')
        break
      case 'with_agent':
        parts.push(v ? 'with_agent' : 'without_agent')
        break
      case 'held':
        parts.push(v ? 'held' : 'not_held')
        break
      case 'sentiment_scored':
        parts.push(v ? 'sentiment-scored' : 'sentiment-unscored')
        break
      case 'claim_kind':
        parts.push(`claim-${v}`)
        break
      case 'topic':
      case 'agent':
        parts.push(`${k}-${slug(String(v))}`)
        break
      default:
        parts.push(`${k}-${v}`)
    }
  }
  return parts.length === 0 ? 'figure-all' : `figure-${parts.join('-')}`
}

export const OUTCOME_LABELS: Record<SessionOutcome, string> = {
  assistant_alone: 'Resolved by the assistant alone',
  handed_over: 'Handed to a person',
  reopened: 'Reopened',
  open: 'Open',
}

/** Short words for the escalation reasons (charts; the long ones are the queue's tooltips). */
export const REASON_SHORT: Record<EscalationReason, string> = {
  repeated_intent: 'Repeated question',
  data_gap: 'Data gap',
  hallucination_risk: 'Unsupported claims',
  human_requested: 'Asked for a person',
  model_failure: 'Model failure',
  round_limit: 'Tool-round limit',
  negative_sentiment: 'Negative sentiment',
  verification_failed: 'Verification failed',
}

export function reasonShort(reason: EscalationReason): string {
  return REASON_SHORT[reason] ?? reason.replace(/_/g, ' ')
}

export function reasonLong(reason: EscalationReason): string {
  return REASON_LABELS[reason] ?? reasonShort(reason)
}

export const CLAIM_LABELS: Record<ClaimKind, string> = {
  order_id: 'Order numbers',
  ticket_id: 'Ticket numbers',
  money: 'Amounts',
  status: 'Statuses',
  date: 'Dates',
  email: 'Email addresses',
  phone: 'Phone numbers',
  tracking: 'Tracking numbers',
  duration: 'Durations',
  percent: 'Percentages',
  action: 'Actions',
  count: 'Counts',
}

export function claimLabel(kind: ClaimKind): string {
  return CLAIM_LABELS[kind] ?? kind.replace(/_/g, ' ')
}

const ENDING_WORDS = { resolved: 'resolved', unresolved: 'unresolved', open: 'still open' } as const
const WAIT_WORDS = {
  first_reply: 'with a time to first reply from a person',
  queue: 'with a queue wait',
  unanswered: 'escalated with no reply from a person',
} as const
const SENTIMENT_WORDS = { improved: 'sentiment improved', unchanged: 'sentiment unchanged', worsened: 'sentiment worsened' } as const

/**
 * The figure in words, for the history banner ("Sessions behind: …") and the buttons:
 * `{}` → "All sessions", `{outcome: 'handed_over'}` → "Handed to a person",
 * `{reason: 'data_gap', ending: 'unresolved'}` → "Escalated: Data gap, unresolved",
 * `{csat_score: 5, with_agent: true}` → "Rated 5/5, with an agent".
 */
export function describeFigure(figure: Figure): string {
  const parts: string[] = []
  const f = cleanFigure(figure)
  if (f.outcome) parts.push(OUTCOME_LABELS[f.outcome] ?? f.outcome)
  if (f.reason) parts.push(`Escalated: ${reasonShort(f.reason)}`)
  else if (f.escalated === true || f.ending) parts.push('Escalated')
  else if (f.escalated === false) parts.push('Never escalated')
  if (f.ending) parts.push(ENDING_WORDS[f.ending] ?? f.ending)
  if (f.wait) parts.push(f.agent && f.wait === 'first_reply' ? `first replies by ${f.agent}` : WAIT_WORDS[f.wait])
  if (f.csat_score != null) parts.push(`Rated ${f.csat_score}/5`)
  else if (f.csat_any === true) parts.push('Rated (any score)')
  else if (f.csat_any === false) parts.push('Not rated (the customer skipped the question)')
  if (f.with_agent === true) parts.push('with an agent')
  else if (f.with_agent === false) parts.push('assistant alone')
  if (f.sentiment_scored === true) parts.push('sentiment scored at start and end')
  else if (f.sentiment_scored === false) parts.push('sentiment not scored at both ends')
  if (f.sentiment) parts.push(SENTIMENT_WORDS[f.sentiment] ?? f.sentiment)
  if (f.topic) parts.push(`topic “${f.topic}”`)
  if (f.held === true) parts.push(f.claim_kind ? `Held by the grounding guard: ${claimLabel(f.claim_kind).toLowerCase()}` : 'Held by the grounding guard')
  else if (f.held === false) parts.push('Never held by the grounding guard')
  else if (f.claim_kind) parts.push(`claims: ${claimLabel(f.claim_kind).toLowerCase()}`)
  if (f.agent && !(f.wait === 'first_reply')) parts.push(`agent ${f.agent}`)
  if (f.day) parts.push(`started ${shortDay(f.day, true)}`)
  if (parts.length === 0) return 'All sessions'
  const text = parts.join(', ')
  return text[0].toUpperCase() + text.slice(1)
}

/** A button's accessible name: "Handed to a person: 12 sessions, 30%". */
export function figureAria(label: string, count: number, rate?: number | null, extra?: string): string {
  const bits = [sessions(count)]
  if (rate !== undefined) bits.push(formatRate(rate))
  if (extra) bits.push(extra)
  return `${label}: ${bits.join(', ')}`
}
