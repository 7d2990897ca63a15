// Escalation evidence, made readable. For `hallucination_risk` the held-back answer is shown with
// each unsupported claim marked where it occurs, so the agent sees at a glance what the assistant
// would have said without a source.

import { formatNumber } from '../i18n/format'
import { t } from '../i18n/index.svelte'
import { words } from './format'
import { ledgerOf } from './ledger'
import type { EscalationReason, Evidence } from './types'

export interface Claim {
  kind: string
  text: string
  value: string
}

export interface Segment {
  text: string
  /** Set when this piece of the answer is an unsupported claim. */
  claim?: Claim
}

interface Range {
  start: number
  end: number
  claim: Claim
}

function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = []
  if (!needle) return out
  let i = haystack.indexOf(needle)
  while (i !== -1) {
    out.push(i)
    i = haystack.indexOf(needle, i + needle.length)
  }
  return out
}

/**
 * Split `answer` into plain and claimed pieces. Every occurrence of every claim's `text` is
 * marked (case-insensitively when no exact-case occurrence exists); where claims overlap, the one
 * starting first — or the longer, at the same start — wins. Concatenating the segments gives back
 * the answer unchanged.
 */
export function markClaims(answer: string, claims: Claim[]): Segment[] {
  const ranges: Range[] = []
  for (const claim of claims) {
    const text = claim.text?.trim()
    if (!text) continue
    let starts = occurrences(answer, text)
    if (starts.length === 0) starts = occurrences(answer.toLowerCase(), text.toLowerCase())
    for (const start of starts) ranges.push({ start, end: start + text.length, claim })
  }
  ranges.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start))
  const segments: Segment[] = []
  let at = 0
  for (const r of ranges) {
    if (r.start < at) continue // overlaps a claim already marked
    if (r.start > at) segments.push({ text: answer.slice(at, r.start) })
    segments.push({ text: answer.slice(r.start, r.end), claim: r.claim })
    at = r.end
  }
  if (at < answer.length || segments.length === 0) segments.push({ text: answer.slice(at) })
  return segments
}

// Evidence arrives typed (cx-core's `Evidence`: one shape per reason), but a row of another shape
// (demo data, older versions) comes as the object it was, so the readers below stay tolerant.

/** The held answer's unsupported claims, tolerating missing or malformed pieces. */
export function claimsOf(evidence: Evidence | null | undefined): Claim[] {
  const list = (evidence as { unsupported_claims?: unknown } | null)?.unsupported_claims
  if (!Array.isArray(list)) return []
  return list
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map((c) => ({ kind: String(c.kind ?? 'claim'), text: String(c.text ?? ''), value: String(c.value ?? '') }))
    .filter((c) => c.text !== '')
}

export function heldAnswerOf(evidence: Evidence | null | undefined): string | null {
  const a = (evidence as { held_answer?: unknown } | null)?.held_answer
  return typeof a === 'string' ? a : null
}

/** "order_id" → "order id" (a claim kind or an evidence key, in the current language when known). */
export function kindLabel(kind: string): string {
  return words(kind)
}

const minutes = (v: unknown) => t('shared:evidence.facts.minutes', { minutes: typeof v === 'number' ? formatNumber(v) : String(v) })

export interface EvidenceFact {
  label: string
  value: string
  /** JSON that deserves a formatted block rather than a line. */
  json?: unknown
}

/**
 * The facts worth showing for each escalation reason, in plain words. Anything not recognised is
 * still shown (as JSON) — evidence is never hidden from the agent.
 */
export function evidenceFacts(reason: EscalationReason, evidence: Evidence | null | undefined): EvidenceFact[] {
  if (evidence == null) return []
  if (typeof evidence !== 'object' || Array.isArray(evidence)) {
    return [{ label: t('shared:evidence.facts.evidence'), value: '', json: evidence }]
  }
  const e = evidence as Record<string, unknown>
  const facts: EvidenceFact[] = []
  const used = new Set<string>()
  const line = (key: string, label: string, fmt: (v: unknown) => string = (v) => String(v)) => {
    if (e[key] === undefined || e[key] === null) return
    used.add(key)
    facts.push({ label, value: fmt(e[key]) })
  }
  switch (reason) {
    case 'hallucination_risk':
      // The held answer and its claims get their own marked-up block; so does its ledger, when
      // it reads as one (else it is shown as JSON below).
      used.add('held_answer')
      used.add('unsupported_claims')
      if (heldAnswerOf(evidence) != null && ledgerOf(e.ledger) != null) used.add('ledger')
      break
    case 'repeated_intent':
      line('message', t('shared:evidence.facts.latestMessage'))
      line('earlier_message', t('shared:evidence.facts.earlierMessage'))
      line('similarity', t('shared:evidence.facts.similarity'), (v) =>
        typeof v === 'number' ? formatNumber(v, { style: 'percent', maximumFractionDigits: 0 }) : String(v),
      )
      break
    case 'human_requested':
      line('message', t('shared:evidence.facts.customerWrote'))
      line('source', t('shared:evidence.facts.how'))
      break
    case 'data_gap':
      if (Array.isArray(e.empty_lookups)) {
        used.add('empty_lookups')
        for (const l of e.empty_lookups as Record<string, unknown>[]) {
          const msg = (l?.result as { message?: unknown } | undefined)?.message
          facts.push({
            label: t('shared:evidence.facts.emptyLookup', { tool: String(l?.tool ?? t('shared:tool.fallbackName')) }),
            value: typeof msg === 'string' ? msg : t('shared:evidence.facts.nothingFound'),
            json: l?.arguments,
          })
        }
      }
      break
    case 'model_failure':
      line('error', t('shared:evidence.facts.error'))
      line('model', t('shared:evidence.facts.model'))
      break
    case 'round_limit':
      line('rounds', t('shared:evidence.facts.roundLimit'))
      line('tool_calls', t('shared:evidence.facts.toolCalls'))
      break
    case 'verification_failed': {
      // Counts only: the guesses themselves are never kept.
      const f = e.failed_attempts as Record<string, unknown> | undefined
      if (f && typeof f === 'object') {
        used.add('failed_attempts')
        const count = (k: string, label: string) => {
          const n = f[k]
          if (typeof n === 'number') facts.push({ label, value: formatNumber(n) })
        }
        count('session_failures', t('shared:evidence.facts.sessionFailures'))
        count('identity_failures', t('shared:evidence.facts.identityFailures'))
        count('station_failures', t('shared:evidence.facts.stationFailures'))
        if (Array.isArray(f.locked)) facts.push({ label: t('shared:evidence.facts.locked'), value: f.locked.map((l) => words(String(l))).join(', ') })
      }
      line('window_minutes', t('shared:evidence.facts.countedOver'), minutes)
      line('lock_minutes', t('shared:evidence.facts.lockLasts'), minutes)
      break
    }
  }
  for (const [k, v] of Object.entries(e)) {
    if (used.has(k) || v === undefined) continue
    if (v !== null && typeof v === 'object') facts.push({ label: kindLabel(k), value: '', json: v })
    else facts.push({ label: kindLabel(k), value: String(v) })
  }
  return facts
}
