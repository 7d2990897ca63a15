// Escalation evidence, made readable. For `hallucination_risk` the held-back answer is shown with
// each unsupported claim marked where it occurs, so the agent sees at a glance what the assistant
// would have said without a source.

import { ledgerOf } from './ledger'

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

/** Claims from evidence JSON, tolerating missing or malformed pieces. */
export function claimsOf(evidence: unknown): Claim[] {
  const list = (evidence as { unsupported_claims?: unknown } | null)?.unsupported_claims
  if (!Array.isArray(list)) return []
  return list
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map((c) => ({ kind: String(c.kind ?? 'claim'), text: String(c.text ?? ''), value: String(c.value ?? '') }))
    .filter((c) => c.text !== '')
}

export function heldAnswerOf(evidence: unknown): string | null {
  const a = (evidence as { held_answer?: unknown } | null)?.held_answer
  return typeof a === 'string' ? a : null
}

/** "order_id" → "order id". */
export function kindLabel(kind: string): string {
  return kind.replace(/_/g, ' ')
}

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
export function evidenceFacts(reason: string, evidence: unknown): EvidenceFact[] {
  if (evidence == null) return []
  if (typeof evidence !== 'object' || Array.isArray(evidence)) {
    return [{ label: 'Evidence', value: '', json: evidence }]
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
      if (heldAnswerOf(e) != null && ledgerOf(e.ledger) != null) used.add('ledger')
      break
    case 'repeated_intent':
      line('message', 'Latest message')
      line('earlier_message', 'Earlier message')
      line('similarity', 'Similarity', (v) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : String(v)))
      break
    case 'human_requested':
      line('message', 'Customer wrote')
      line('source', 'How')
      break
    case 'data_gap':
      if (Array.isArray(e.empty_lookups)) {
        used.add('empty_lookups')
        for (const l of e.empty_lookups as Record<string, unknown>[]) {
          const msg = (l?.result as { message?: unknown } | undefined)?.message
          facts.push({
            label: `Empty lookup: ${String(l?.tool ?? 'tool')}`,
            value: typeof msg === 'string' ? msg : 'Nothing found',
            json: l?.arguments,
          })
        }
      }
      break
    case 'model_failure':
      line('error', 'Error')
      line('model', 'Model')
      break
    case 'round_limit':
      line('rounds', 'Round limit')
      line('tool_calls', 'Tool calls made')
      break
    case 'verification_failed': {
      // Counts only: the guesses themselves are never kept.
      const f = e.failed_attempts as Record<string, unknown> | undefined
      if (f && typeof f === 'object') {
        used.add('failed_attempts')
        const count = (k: string, label: string) => {
          if (typeof f[k] === 'number') facts.push({ label, value: String(f[k]) })
        }
        count('session_failures', 'Failed attempts in this session')
        count('identity_failures', 'Failed attempts on this identity')
        count('station_failures', 'Failed attempts at this station')
        if (Array.isArray(f.locked)) facts.push({ label: 'Locked', value: f.locked.join(', ') })
      }
      line('window_minutes', 'Counted over', (v) => `${v} min`)
      line('lock_minutes', 'Lock lasts', (v) => `${v} min`)
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
