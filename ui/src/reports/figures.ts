// A report figure as the filter of the sessions behind it (cx-core's `Figure`): the words that
// name it (buttons, the history banner) in the current language, a stable key for `data-figure`,
// and a test id (both independent of the language).

import { t } from '../i18n/index.svelte'
import type { ClaimKind, Ending, EscalationReason, Figure, SentimentChange, SessionOutcome } from '../lib/types'
import { formatCount, formatRate, sessions } from './format'
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

/** "Resolved by the assistant alone", "Handed to a person", "Reopened", "Open". */
export function outcomeLabel(outcome: SessionOutcome): string {
  return t(`reports:outcomes.label.${outcome}`, { defaultValue: outcome.replace(/_/g, ' ') })
}

/** The outcome inside a sentence: "handed to a person". */
export function outcomeInText(outcome: SessionOutcome): string {
  return t(`reports:outcomes.inText.${outcome}`, { defaultValue: outcome.replace(/_/g, ' ') })
}

/** Short words for the escalation reasons (charts; the long ones are the buttons' names). */
export function reasonShort(reason: EscalationReason): string {
  return t(`reports:reasons.short.${reason}`, { defaultValue: reason.replace(/_/g, ' ') })
}

/** The reason inside a sentence: "escalated for data gap". */
export function reasonInText(reason: EscalationReason): string {
  return t(`reports:reasons.inText.${reason}`, { defaultValue: reason.replace(/_/g, ' ') })
}

/** What the reason means: "The customer asked for a person". */
export function reasonLong(reason: EscalationReason): string {
  return t(`reports:reasons.long.${reason}`, { defaultValue: reasonShort(reason) })
}

/** "Amounts", "Order numbers"… */
export function claimLabel(kind: ClaimKind): string {
  return t(`reports:claims.label.${kind}`, { defaultValue: kind.replace(/_/g, ' ') })
}

/** The claim kind inside a sentence: "held for unsupported amounts". */
export function claimInText(kind: ClaimKind): string {
  return t(`reports:claims.inText.${kind}`, { defaultValue: kind.replace(/_/g, ' ') })
}

/** How escalations ended: "resolved", "unresolved", "still open". */
export function endingLabel(ending: Ending): string {
  return t(`reports:endings.${ending}`, { defaultValue: ending })
}

/** "improved", "unchanged", "worsened". */
export function sentimentLabel(change: SentimentChange): string {
  return t(`reports:sentiments.${change}`, { defaultValue: change })
}

/**
 * The figure in words, for the history banner ("Sessions behind: …") and the buttons:
 * `{}` → "All sessions", `{outcome: 'handed_over'}` → "Handed to a person",
 * `{reason: 'data_gap', ending: 'unresolved'}` → "Escalated: Data gap, unresolved",
 * `{csat_score: 5, with_agent: true}` → "Rated 5/5, with an agent".
 */
export function describeFigure(figure: Figure): string {
  const parts: string[] = []
  const f = cleanFigure(figure)
  if (f.outcome) parts.push(outcomeLabel(f.outcome))
  if (f.reason) parts.push(t('reports:figure.escalatedReason', { reason: reasonShort(f.reason) }))
  else if (f.escalated === true || f.ending) parts.push(t('reports:figure.escalated'))
  else if (f.escalated === false) parts.push(t('reports:figure.neverEscalated'))
  if (f.ending) parts.push(endingLabel(f.ending))
  if (f.wait) {
    parts.push(
      f.agent && f.wait === 'first_reply'
        ? t('reports:figure.firstRepliesBy', { agent: f.agent })
        : t(`reports:figure.wait.${f.wait}`, { defaultValue: f.wait }),
    )
  }
  if (f.csat_score != null) parts.push(t('reports:figure.ratedScore', { score: formatCount(f.csat_score) }))
  else if (f.csat_any === true) parts.push(t('reports:figure.ratedAny'))
  else if (f.csat_any === false) parts.push(t('reports:figure.notRated'))
  if (f.with_agent === true) parts.push(t('reports:groups.inText.agent'))
  else if (f.with_agent === false) parts.push(t('reports:groups.inText.assistant'))
  if (f.sentiment_scored === true) parts.push(t('reports:figure.sentimentScored'))
  else if (f.sentiment_scored === false) parts.push(t('reports:figure.sentimentUnscored'))
  if (f.sentiment) parts.push(t('reports:figure.sentiment', { change: sentimentLabel(f.sentiment) }))
  if (f.topic) parts.push(t('reports:figure.topic', { topic: f.topic }))
  if (f.held === true) parts.push(f.claim_kind ? t('reports:figure.heldKind', { kind: claimInText(f.claim_kind) }) : t('reports:figure.held'))
  else if (f.held === false) parts.push(t('reports:figure.neverHeld'))
  else if (f.claim_kind) parts.push(t('reports:figure.claims', { kind: claimInText(f.claim_kind) }))
  if (f.agent && !(f.wait === 'first_reply')) parts.push(t('reports:figure.agent', { agent: f.agent }))
  if (f.day) parts.push(t('reports:figure.started', { day: shortDay(f.day, true) }))
  if (parts.length === 0) return t('reports:figure.all')
  const text = parts.join(', ')
  return text[0].toUpperCase() + text.slice(1)
}

/** A button's accessible name: "Handed to a person: 12 sessions, 30%". */
export function figureAria(label: string, count: number, rate?: number | null, extra?: string): string {
  const bits = [sessions(count)]
  if (rate !== undefined) bits.push(formatRate(rate))
  if (extra) bits.push(extra)
  return t('reports:numbers.aria', { label, figures: bits.join(', ') })
}
