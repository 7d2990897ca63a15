// The customer's profile (cx-core `customer_profile`, sent as JSON in `CustomerRecord.profile`)
// and a message's sentiment (`MessageView.sentiment`): typed here from the loose JSON, and put
// into words for the panels. Anything malformed reads as "unknown", never as a crash.

import { signed, toneOf } from './sparkline'
import type { JsonValue } from './types'

export interface RiskFlag {
  flag: string
  reason: string
}

export interface Profile {
  sessions: number
  escalations: number
  escalation_rate: number
  resolution_rate: number
  sentiment: number | null
  top_topics: string[]
  total_spent_cents: number
  loyalty_tier: string
  risk_flags: RiskFlag[]
  preferred_tone: string | null
}

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null
}

/** The profile in a `CustomerRecord`, or null when the customer has none yet. */
export function parseProfile(v: JsonValue | null | undefined): Profile | null {
  if (!isObj(v)) return null
  const flags: Obj[] = (Array.isArray(v.risk_flags) ? (v.risk_flags as unknown[]) : []).filter(isObj)
  return {
    sessions: numberOr(v.sessions, 0),
    escalations: numberOr(v.escalations, 0),
    escalation_rate: numberOr(v.escalation_rate, 0),
    resolution_rate: numberOr(v.resolution_rate, 0),
    sentiment: typeof v.sentiment === 'number' && Number.isFinite(v.sentiment) ? v.sentiment : null,
    top_topics: Array.isArray(v.top_topics) ? v.top_topics.filter((t): t is string => typeof t === 'string') : [],
    total_spent_cents: numberOr(v.total_spent_cents, 0),
    loyalty_tier: stringOrNull(v.loyalty_tier) ?? 'unknown',
    risk_flags: flags.map((f) => ({
      flag: stringOrNull(f.flag) ?? 'risk',
      reason: typeof f.reason === 'string' ? f.reason : '',
    })),
    preferred_tone: stringOrNull(v.preferred_tone),
  }
}

/** A 0..1 rate as a whole percentage: 0.333 → "33%". */
export function percent(rate: number): string {
  if (!Number.isFinite(rate)) return '—'
  return `${Math.round(Math.max(0, Math.min(1, rate)) * 100)}%`
}

/** "gold" → "Gold". */
export function tierLabel(tier: string): string {
  return tier ? tier[0].toUpperCase() + tier.slice(1) : 'Unknown'
}

/** "repeated_escalations" → "Repeated escalations"; "order_status" → "order status". */
export function flagLabel(flag: string): string {
  const w = flag.replace(/_/g, ' ').trim()
  return w ? w[0].toUpperCase() + w.slice(1) : 'Risk'
}

export function topicLabel(topic: string): string {
  return topic.replace(/_/g, ' ')
}

/** The recency-weighted sentiment in words: "unhappy (-0.45)", or "no data yet". */
export function sentimentWords(score: number | null): string {
  if (score == null) return 'no data yet'
  const mood = score < -0.2 ? 'unhappy' : score > 0.2 ? 'happy' : 'neutral'
  return `${mood} (${signed(score)})`
}

/** The rows of the profile panel, in the order they are shown. */
export function profileRows(p: Profile): { label: string; value: string }[] {
  return [
    { label: 'Loyalty tier', value: tierLabel(p.loyalty_tier) },
    { label: 'Sessions', value: String(p.sessions) },
    { label: 'Escalation rate', value: `${percent(p.escalation_rate)} (${p.escalations} of ${p.sessions})` },
    { label: 'Resolution rate', value: percent(p.resolution_rate) },
    { label: 'Recent sentiment', value: sentimentWords(p.sentiment) },
    { label: 'Top topics', value: p.top_topics.length ? p.top_topics.map(topicLabel).join(', ') : '—' },
    { label: 'Preferred tone', value: p.preferred_tone ?? '—' },
  ]
}

// ---- one message's sentiment ----

export interface MessageSentiment {
  label: 'negative' | 'neutral' | 'positive'
  score: number
  confidence: number
  source: string
}

/** `MessageView.sentiment`, or null when absent or malformed. A missing label follows the score. */
export function parseSentiment(v: JsonValue | null | undefined): MessageSentiment | null {
  if (!isObj(v) || typeof v.score !== 'number' || !Number.isFinite(v.score)) return null
  const label = v.label === 'negative' || v.label === 'neutral' || v.label === 'positive' ? v.label : toneOf(v.score)
  return {
    label,
    score: v.score,
    confidence: numberOr(v.confidence, 0),
    source: typeof v.source === 'string' ? v.source : 'lexicon',
  }
}

/** The marker's symbol. */
export function sentimentSymbol(label: MessageSentiment['label']): string {
  return label === 'negative' ? '▼' : label === 'positive' ? '▲' : '●'
}

/** The marker's tooltip: "negative · score -0.62 · confidence 80% · lexicon". */
export function sentimentTooltip(s: MessageSentiment): string {
  return `${s.label} · score ${signed(s.score)} · confidence ${percent(s.confidence)} · ${s.source}`
}
