// The history window's search form → the `SearchQuery` the backend expects.

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
    else return { ok: false, error: 'Customer: type an email address or a customer number.' }
  }
  const from = form.from ? dayBoundary(form.from, false) : null
  const to = form.to ? dayBoundary(form.to, true) : null
  if (form.from && !from) return { ok: false, error: 'The "from" date is not a valid date.' }
  if (form.to && !to) return { ok: false, error: 'The "to" date is not a valid date.' }
  if (from && to && from > to) return { ok: false, error: 'The "from" date is after the "to" date.' }
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
