// The history window's search form → the `SearchQuery` the backend expects.

import { t } from '../i18n/index.svelte'
import type { Channel, EscalationReason, SearchQuery, SessionStatus } from './types'

export interface SearchForm {
  text: string
  /** An email, or a customer id (digits, optionally "#12"). */
  customer: string
  /** yyyy-mm-dd from <input type="date">, local days. */
  from: string
  to: string
  status: string
  reason: string
  channel: string
}

export const EMPTY_FORM: SearchForm = { text: '', customer: '', from: '', to: '', status: '', reason: '', channel: '' }

export const STATUSES: SessionStatus[] = ['active', 'waiting_for_agent', 'with_agent', 'closed']
export const CHANNELS: Channel[] = ['kiosk', 'workspace', 'cli']
export const REASONS: EscalationReason[] = [
  'repeated_intent',
  'data_gap',
  'hallucination_risk',
  'human_requested',
  'model_failure',
  'round_limit',
  'negative_sentiment',
  'verification_failed',
]

export const DEFAULT_LIMIT = 100

/** "2026-10-02" as the start (or end) of that LOCAL day, in UTC RFC 3339 — reviewers think in local days. */
export function dayBoundary(day: string, end: boolean): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])]
  const date = end ? new Date(y, mo, d, 23, 59, 59, 999) : new Date(y, mo, d, 0, 0, 0, 0)
  if (Number.isNaN(date.getTime()) || date.getMonth() !== mo) return null
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export type BuildResult = { ok: true; query: SearchQuery } | { ok: false; error: string }

/** Validate the form and build the query; empty fields don't filter. */
export function buildQuery(form: SearchForm, limit = DEFAULT_LIMIT): BuildResult {
  const customer = form.customer.trim()
  let customer_id: number | null = null
  let customer_email: string | null = null
  if (customer) {
    const id = /^#?(\d+)$/.exec(customer)
    if (id) customer_id = Number(id[1])
    else if (/^[^\s@]+@[^\s@]+$/.test(customer)) customer_email = customer
    else return { ok: false, error: t('history:invalid.customer') }
  }
  const from = form.from ? dayBoundary(form.from, false) : null
  const to = form.to ? dayBoundary(form.to, true) : null
  if (form.from && !from) return { ok: false, error: t('history:invalid.from') }
  if (form.to && !to) return { ok: false, error: t('history:invalid.to') }
  if (from && to && from > to) return { ok: false, error: t('history:invalid.order') }
  const text = form.text.trim()
  return {
    ok: true,
    query: {
      text: text || null,
      customer_id,
      customer_email,
      from,
      to,
      // Only values the backend knows; anything else (never offered by the selects) is no filter.
      status: STATUSES.find((v) => v === form.status) ?? null,
      escalation_reason: REASONS.find((v) => v === form.reason) ?? null,
      channel: CHANNELS.find((v) => v === form.channel) ?? null,
      limit,
    },
  }
}

/** Whether any filter (besides the text) is set — shown as a count on the filters toggle. */
export function activeFilterCount(form: SearchForm): number {
  return [form.customer, form.from, form.to, form.status, form.reason, form.channel].filter((v) => v.trim() !== '')
    .length
}

export interface Piece {
  text: string
  /** Shown as code (a command, a path, a key), not as prose. */
  code: boolean
}

const MARK = '\u0001'

/**
 * A translated sentence with some of its values set as code: `render` gets a marker for each
 * value to put in the message, and the text is split around them. The sentence stays whole in
 * the catalogue (translators move the values where their grammar wants them).
 */
export function withCode<K extends string>(render: (marks: Record<K, string>) => string, values: Record<K, string>): Piece[] {
  const names = Object.keys(values) as K[]
  const marks = Object.fromEntries(names.map((k) => [k, `${MARK}${k}${MARK}`])) as Record<K, string>
  const parts = render(marks).split(new RegExp(`${MARK}([^${MARK}]*)${MARK}`))
  // split() with a group alternates: text, name, text, name, …, text.
  return parts
    .map((part, i) => (i % 2 === 0 ? { text: part, code: false } : { text: values[part as K] ?? part, code: true }))
    .filter((p) => p.text !== '')
}
