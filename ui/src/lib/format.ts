// Small display helpers shared by the windows.

/** Pretty JSON for tool arguments/results; strings that hold JSON are parsed first. */
export function formatJson(value: unknown): string {
  if (typeof value === 'string') {
    const t = value.trim()
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2)
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
  if (!result || typeof result !== 'object') return { label: 'no result', tone: 'empty' }
  const r = result as Record<string, unknown>
  if (r.error) {
    const e = r.error as { code?: unknown }
    return { label: `error: ${String(e.code ?? 'error')}`, tone: 'error' }
  }
  if (r.pending_action) return { label: 'waiting for confirmation', tone: 'pending' }
  if (r.applied === true) return { label: 'applied', tone: 'ok' }
  if (r.verified === true) return { label: 'verified', tone: 'ok' }
  if (r.verified === false) return { label: 'not verified', tone: 'error' }
  if (r.found === false) return { label: 'nothing found', tone: 'empty' }
  if (r.found === true) return { label: typeof r.count === 'number' ? `found ${r.count}` : 'found', tone: 'ok' }
  return { label: 'done', tone: 'ok' }
}

/** "14:11" today, "2 Oct 14:11" otherwise (local time). */
export function formatTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  const sameDay = d.toDateString() === now.toDateString()
  return sameDay ? time : `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
}

/** "waiting_for_agent" → "waiting for agent". */
export function words(code: string | null | undefined): string {
  return (code ?? '').replace(/_/g, ' ')
}

export function cents(amount: number): string {
  return `$${(amount / 100).toFixed(2)}`
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
    return String(e.message ?? e.code ?? 'The change was refused.')
  }
  if (r.applied === false && !r.pending_action) return String(r.message ?? 'The change was not applied.')
  return null
}
