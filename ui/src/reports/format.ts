// How the Reports view writes its numbers: rates as %, durations as "4 min 10 s", averages with
// one decimal, "—" wherever there is no data (never a misleading 0).

export const NO_DATA = '—'

/** 0.3 → "30%"; a rate above 0 that would round to 0 → "<1%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate == null || !Number.isFinite(rate)) return NO_DATA
  const pct = rate * 100
  if (pct > 0 && pct < 0.5) return '<1%'
  if (pct < 100 && pct > 99.5) return '>99%'
  return `${Math.round(pct)}%`
}

/** `part` of `whole` as a rate (null when whole is 0). */
export function rateOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

/**
 * Whole seconds in words, the two largest units: 45 → "45 s", 250 → "4 min 10 s",
 * 7500 → "2 h 5 min", 97200 → "1 d 3 h"; null → "—".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return NO_DATA
  let rest = Math.max(0, Math.round(seconds))
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ]
  const amounts = units.map(([size]) => {
    const n = Math.floor(rest / size)
    rest -= n * size
    return n
  })
  const first = amounts.findIndex((n) => n > 0)
  if (first === -1) return '0 s'
  const parts = [`${amounts[first]} ${units[first][1]}`]
  // The next unit only when it says something ("2 h", not "2 h 0 min").
  if (first + 1 < units.length && amounts[first + 1] > 0) parts.push(`${amounts[first + 1]} ${units[first + 1][1]}`)
  return parts.join(' ')
}

/** 1234 → "1,234" (always the same separators, whatever the machine's locale). */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return NO_DATA
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "1 session", "12 sessions". */
export function sessions(n: number): string {
  return `${formatCount(n)} session${n === 1 ? '' : 's'}`
}

/** A CSAT average: 4.25 → "4.3"; null → "—". */
export function formatAverage(avg: number | null | undefined): string {
  if (avg == null || !Number.isFinite(avg)) return NO_DATA
  return avg.toFixed(1)
}

/** A sentiment score (-1..1) with its sign: 0.32 → "+0.32", -0.1 → "−0.10", null → "—". */
export function formatScore(score: number | null | undefined): string {
  if (score == null || !Number.isFinite(score)) return NO_DATA
  const r = Math.round(score * 100) / 100
  if (r === 0) return '0.00'
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(2)}`
}
