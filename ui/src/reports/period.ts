// The period and channel a report covers. Dates are UTC calendar days `YYYY-MM-DD`, both ends
// included (cx-core's `ReportQuery`); presets count back from a given "today" so they test
// without a clock. Their words come from the reports catalogue in the current language.

import { formatDate } from '../i18n/format'
import { t } from '../i18n/index.svelte'
import type { Channel, ReportQuery } from '../lib/types'

export type PresetKey = 'last7' | 'last30' | 'month'

export const PRESET_KEYS: readonly PresetKey[] = ['last7', 'last30', 'month']

/** "Last 7 days", "Last 30 days", "This month". */
export function presetLabel(key: PresetKey): string {
  return t(`reports:toolbar.presets.${key}`)
}

export const CHANNEL_VALUES: readonly (Channel | '')[] = ['', 'kiosk', 'workspace', 'cli']

/** The channel picker's words: "All channels", "Kiosk"… */
export function channelLabel(value: Channel | ''): string {
  return value === '' ? t('reports:channels.all') : t(`reports:channels.${value}`, { defaultValue: value })
}

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
  for (const key of PRESET_KEYS) {
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
  if (!isDay(from)) return { ok: false, error: t('reports:period.chooseFirst') }
  if (!isDay(to)) return { ok: false, error: t('reports:period.chooseLast') }
  if (from > to) return { ok: false, error: t('reports:period.firstAfterLast') }
  return { ok: true, query: withChannel({ from, to }, channel) }
}

/**
 * "2026-10-02" → "2 Oct" (with the year: "2 Oct 2026"); German "2. Okt", Spanish "2 oct". The
 * order is the catalogue's, the month's name the locale's (Intl).
 */
export function shortDay(day: string, withYear = false): string {
  const m = DAY.exec(day)
  if (!m) return day
  const month = formatDate(new Date(`${day}T00:00:00Z`), { month: 'short', timeZone: 'UTC' })
  const parts = { day: String(Number(m[3])), month, year: m[1] }
  return withYear ? t('reports:period.dayWithYear', parts) : t('reports:period.day', parts)
}

/** "1–7 Oct 2026", "28 Sep – 4 Oct 2026", "2 Oct 2026" (one day), "30 Dec 2025 – 5 Jan 2026". */
export function periodLabel(query: Pick<ReportQuery, 'from' | 'to'>): string {
  const { from, to } = query
  if (from === to) return shortDay(from, true)
  if (from.slice(0, 4) !== to.slice(0, 4)) return t('reports:period.range', { from: shortDay(from, true), to: shortDay(to, true) })
  if (from.slice(0, 7) === to.slice(0, 7)) return t('reports:period.sameMonth', { fromDay: String(Number(from.slice(8))), to: shortDay(to, true) })
  return t('reports:period.range', { from: shortDay(from), to: shortDay(to, true) })
}

/** "1–7 Oct 2026 (UTC), all channels" / "…, kiosk only". */
export function queryLabel(query: ReportQuery): string {
  const channel = query.channel
    ? t('reports:period.channelOnly', { channel: t(`reports:period.channelInText.${query.channel}`, { defaultValue: query.channel }) })
    : t('reports:period.allChannels')
  return t('reports:period.query', { period: periodLabel(query), channel })
}

/** A stable key for a query (reload when it changes, compare two queries). */
export function queryKey(query: ReportQuery): string {
  return `${query.from}..${query.to}/${query.channel ?? 'all'}`
}
