// Small display helpers shared by the windows. Words come from the `shared` catalogue; dates,
// times and money are formatted for the current language (i18n/format).

import { formatClock, formatDate, formatDateTimeOf, formatMoney } from '../i18n/format'
import { t } from '../i18n/index.svelte'
import { en } from '../i18n/resources'

/** Pretty JSON for tool arguments/results; strings that hold JSON are parsed first. */
export function formatJson(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2)
      } catch {
        return value
      }
    }
    return value
  }
  if (value === undefined) return ''
  return JSON.stringify(value, null, 2)
}

/** One line summarising a tool call's arguments: `email: "a@b.c", order_id: 1042`. */
export function summarizeArgs(args: unknown, max = 80): string {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return args == null ? '' : String(args)
  const text = Object.entries(args as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? `"${v}"` : JSON.stringify(v)}`)
    .join(', ')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** How a tool result went, for the collapsed line: found / nothing found / applied / waiting / error. */
export function resultStatus(result: unknown): { label: string; tone: 'ok' | 'empty' | 'pending' | 'error' } {
  if (!result || typeof result !== 'object') return { label: t('shared:result.none'), tone: 'empty' }
  const r = result as Record<string, unknown>
  if (r.error) {
    const e = r.error as { code?: unknown }
    return { label: t('shared:result.error', { code: String(e.code ?? 'error') }), tone: 'error' }
  }
  if (r.pending_action) return { label: t('shared:result.waiting'), tone: 'pending' }
  if (r.applied === true) return { label: t('shared:result.applied'), tone: 'ok' }
  if (r.verified === true) return { label: t('shared:result.verified'), tone: 'ok' }
  if (r.verified === false) return { label: t('shared:result.notVerified'), tone: 'error' }
  if (r.found === false) return { label: t('shared:result.nothingFound'), tone: 'empty' }
  if (r.found === true)
    return { label: typeof r.count === 'number' ? t('shared:result.foundCount', { count: r.count }) : t('shared:result.found'), tone: 'ok' }
  return { label: t('shared:result.done'), tone: 'ok' }
}

/** "02:11 PM" today, "Oct 2 02:11 PM" otherwise (local time, the current language's locale). */
export function formatTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const time = formatClock(d)
  const sameDay = d.toDateString() === now.toDateString()
  return sameDay ? time : `${formatDate(d, { day: 'numeric', month: 'short' })} ${time}`
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return formatDateTimeOf(d)
}

type Code = keyof typeof en.shared.codes

/**
 * A status, channel, role or reason code in words: "waiting_for_agent" → "waiting for agent"
 * (in the current language). A code the catalogue does not know keeps its own letters.
 */
export function words(code: string | null | undefined): string {
  const c = code ?? ''
  if (Object.hasOwn(en.shared.codes, c)) return t(`shared:codes.${c as Code}`)
  return c.replace(/_/g, ' ')
}

/** Integer cents as US dollars in the current locale: "$79.99", "79,99 $". */
export function cents(amount: number): string {
  return formatMoney(amount)
}

/**
 * A tool run through a command can "succeed" at the IPC level and still carry
 * `{"error": {...}}` (refused, not_found…) or `{"applied": false}`: that is a failure to show.
 */
export function toolFailure(result: unknown): string | null {
  if (!result || typeof result !== 'object') return null
  const r = result as Record<string, unknown>
  if (r.error && typeof r.error === 'object') {
    const e = r.error as { code?: unknown; message?: unknown }
    return String(e.message ?? e.code ?? t('shared:failure.refused'))
  }
  if (r.applied === false && !r.pending_action) return String(r.message ?? t('shared:failure.notApplied'))
  return null
}
