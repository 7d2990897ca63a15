// The claim ledger of an assistant answer (or a held-back answer, or a co-pilot draft), in words
// for staff: each claim, its kind, and where it came from — or why nothing supports it. The same
// words as the Markdown export (cx-core `history::export`).

import { t } from '../i18n/index.svelte'
import type { ClaimKind, Ledger, LedgerEntry, RecordRef, Source } from './types'

// Every kind a ledger may hold (a Record, so a kind added in Rust fails the type check here); their
// words are in the catalogue.
const KNOWN_KINDS: Record<ClaimKind, true> = {
  order_id: true,
  ticket_id: true,
  money: true,
  status: true,
  date: true,
  email: true,
  phone: true,
  tracking: true,
  duration: true,
  percent: true,
  action: true,
  count: true,
}
const KINDS = new Set<string>(Object.keys(KNOWN_KINDS))

export function claimKindLabel(kind: ClaimKind): string {
  return KINDS.has(kind) ? t(`shared:ledger.kinds.${kind}`) : String(kind).replace(/_/g, ' ')
}

/** "order 1042", "ticket 5007". */
export function recordLabel(r: RecordRef): string {
  return t(`shared:ledger.records.${r.kind}`, { id: r.id })
}

/** Where a sourced claim comes from, in words. */
export function sourceInWords(source: Source, record: RecordRef | null = null): string {
  switch (source.from) {
    case 'tool': {
      const field = t('shared:ledger.toolField', { tool: source.tool, path: source.path })
      return record ? t('shared:ledger.recordField', { record: recordLabel(record), field }) : field
    }
    case 'passage':
      return source.section.trim()
        ? t('shared:ledger.passageSection', { document: source.document, section: source.section })
        : t('shared:ledger.passage', { document: source.document })
    case 'customer':
      return t('shared:ledger.customer')
    case 'write':
      return source.outcome === 'applied'
        ? t('shared:ledger.writeDone', { tool: source.tool })
        : t('shared:ledger.writeWaiting', { tool: source.tool })
  }
}

export interface ClaimLine {
  kind: ClaimKind
  /** "order id", "amount", … */
  kindLabel: string
  /** The claim as written in the answer. */
  text: string
  sourced: boolean
  /** The source in words, or why there is none. */
  detail: string
}

export function claimLine(c: LedgerEntry): ClaimLine {
  return {
    kind: c.kind,
    kindLabel: claimKindLabel(c.kind),
    text: c.text,
    sourced: c.source != null,
    detail: c.source ? sourceInWords(c.source, c.record) : (c.problem ?? t('shared:ledger.noSource')),
  }
}

export function unsupportedCount(l: Ledger): number {
  return l.claims.filter((c) => c.source == null).length
}

/** "4 claims, all sourced", "1 claim, sourced", "3 claims, 1 unsupported", "no claims". */
export function ledgerSummary(l: Ledger): string {
  const n = l.claims.length
  if (n === 0) return t('shared:ledger.summary.none')
  const claims = t('shared:ledger.summary.claims', { count: n })
  const u = unsupportedCount(l)
  if (u > 0) return t('shared:ledger.summary.unsupported', { claims, unsupported: u })
  return t('shared:ledger.summary.sourced', { claims, count: n })
}

// --- reading a ledger out of escalation evidence (JSON) -----------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string'
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function recordOf(v: unknown): RecordRef | null | undefined {
  if (v == null) return null
  if (!isObj(v) || (v.kind !== 'order' && v.kind !== 'ticket') || !isNum(v.id)) return undefined
  return { kind: v.kind, id: v.id }
}

function sourceOf(v: unknown): Source | null | undefined {
  if (v == null) return null
  if (!isObj(v)) return undefined
  switch (v.from) {
    case 'tool':
      return isStr(v.call_id) && isStr(v.tool) && isStr(v.path)
        ? { from: 'tool', call_id: v.call_id, tool: v.tool, path: v.path }
        : undefined
    case 'passage':
      return isStr(v.call_id) && isStr(v.document) && isStr(v.section)
        ? { from: 'passage', call_id: v.call_id, document: v.document, section: v.section }
        : undefined
    case 'customer':
      return isNum(v.message_id) ? { from: 'customer', message_id: v.message_id } : undefined
    case 'write':
      return isStr(v.call_id) && isStr(v.tool) && (v.outcome === 'applied' || v.outcome === 'pending')
        ? { from: 'write', call_id: v.call_id, tool: v.tool, outcome: v.outcome }
        : undefined
  }
  return undefined
}

function entryOf(v: unknown): LedgerEntry | undefined {
  if (!isObj(v) || !isStr(v.kind) || !KINDS.has(v.kind) || !isStr(v.text) || !isStr(v.value)) return undefined
  const record = recordOf(v.record)
  const source = sourceOf(v.source)
  if (record === undefined || source === undefined) return undefined
  if (v.problem != null && !isStr(v.problem)) return undefined
  return {
    kind: v.kind as ClaimKind,
    text: v.text,
    start: isNum(v.start) ? v.start : 0,
    end: isNum(v.end) ? v.end : 0,
    value: v.value,
    record,
    source,
    problem: isStr(v.problem) ? v.problem : null,
  }
}

/**
 * A ledger from JSON (the escalation evidence's `ledger`), or null when it is missing or not
 * shaped like one — then the evidence view shows the raw JSON instead, so nothing is hidden.
 */
export function ledgerOf(v: unknown): Ledger | null {
  if (!isObj(v) || !Array.isArray(v.claims)) return null
  const claims: LedgerEntry[] = []
  for (const c of v.claims) {
    const e = entryOf(c)
    if (!e) return null
    claims.push(e)
  }
  return { claims }
}
