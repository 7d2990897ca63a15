// The period and channel a report covers. Dates are UTC calendar days `YYYY-MM-DD`, both ends
// included (cx-core's `ReportQuery`); presets count back from a given "today" so they test
// without a clock.

import type { Channel, ReportQuery } from '../lib/types'

export type PresetKey = 'last7' | 'last30' | 'month'

export const PRESETS: { key: PresetKey; label: string }[] = [
  { key: 'last7', label: 'Last 7 days' },
  { key: 'last30', label: 'Last 30 days' },
  { key: 'month', label: 'This month' },
]

export const CHANNEL_CHOICES: { value: Channel | ''; label: string }[] = [
  { value: '', label: 'All channels' },
  { value: 'kiosk', label: 'Kiosk' },
  { value: 'workspace', label: 'Workspace' },
  { value: 'cli', label: 'CLI' },
]

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Today's UTC date. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** A real calendar day in `YYYY-MM-DD` (2026-02-30 is not). */
export function isDay(s: string): boolean {
  const m = DAY.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === s
}

/** `day` moved by `delta` days. */
export function addDays(day: string, delta: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + delta)
  return d.toISOString().slice(0, 10)
}

export function presetRange(key: PresetKey, today: string): { from: string; to: string } {
  switch (key) {
    case 'last7':
      return { from: addDays(today, -6), to: today }
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today }
  }
}

/** The query for a preset, keeping the channel. */
export function presetQuery(key: PresetKey, today: string, channel?: Channel): ReportQuery {
  return withChannel(presetRange(key, today), channel)
}

/** Which preset a query's dates are (null: a custom period). */
export function presetOf(query: Pick<ReportQuery, 'from' | 'to'>, today: string): PresetKey | null {
  for (const { key } of PRESETS) {
    const r = presetRange(key, today)
    if (r.from === query.from && r.to === query.to) return key
  }
  return null
}

function withChannel(range: { from: string; to: string }, channel?: Channel | ''): ReportQuery {
  return channel ? { ...range, channel } : { ...range }
}

/**
 * A custom period from the date inputs: both real days, `from` not after `to`. The error says
 * what to change. How long a period may be is the backend's rule (`api::reports`): its message
 * shows when a period is too long.
 */
export function customQuery(
  from: string,
  to: string,
  channel?: Channel | '',
): { ok: true; query: ReportQuery } | { ok: false; error: string } {
  if (!isDay(from)) return { ok: false, error: 'Choose the first day of the period.' }
  if (!isDay(to)) return { ok: false, error: 'Choose the last day of the period.' }
  if (from > to) return { ok: false, error: 'The first day comes after the last day.' }
  return { ok: true, query: withChannel({ from, to }, channel) }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "2026-10-02" → "2 Oct" (with the year: "2 Oct 2026"). */
export function shortDay(day: string, withYear = false): string {
  const m = DAY.exec(day)
  if (!m) return day
  const base = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}`
  return withYear ? `${base} ${m[1]}` : base
}

/** "1–7 Oct 2026", "28 Sep – 4 Oct 2026", "2 Oct 2026" (one day), "30 Dec 2025 – 5 Jan 2026". */
export function periodLabel(query: Pick<ReportQuery, 'from' | 'to'>): string {
  const { from, to } = query
  if (from === to) return shortDay(from, true)
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${shortDay(from, true)} – ${shortDay(to, true)}`
  if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8))}–${shortDay(to, true)}`
  return `${shortDay(from)} – ${shortDay(to, true)}`
}

/** "1–7 Oct 2026 (UTC), all channels" / "…, kiosk only". */
export function queryLabel(query: ReportQuery): string {
  const channel = query.channel ? `${query.channel} only` : 'all channels'
  return `${periodLabel(query)} (UTC), ${channel}`
}

/** A stable key for a query (reload when it changes, compare two queries). */
export function queryKey(query: ReportQuery): string {
  return `${query.from}..${query.to}/${query.channel ?? 'all'}`
}
