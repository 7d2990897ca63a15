// How the Reports view writes its numbers: rates as %, durations as "4 min 10 s", averages with
// one decimal, "—" wherever there is no data (never a misleading 0). Digits, separators and unit
// words follow the current language (en-US: "1,234", "30%"; de-DE: "1.234", "30 %").

import { formatNumber } from '../i18n/format'
import { t } from '../i18n/index.svelte'

export const NO_DATA = '—'

/** 0.3 → "30%"; a rate above 0 that would round to 0 → "<1%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate == null || !Number.isFinite(rate)) return NO_DATA
  const pct = rate * 100
  const percent = (p: number) => formatNumber(p / 100, { style: 'percent', maximumFractionDigits: 0 })
  if (pct > 0 && pct < 0.5) return t('reports:numbers.below', { rate: percent(1) })
  if (pct < 100 && pct > 99.5) return t('reports:numbers.above', { rate: percent(99) })
  // Rounded here (half up, as ever) so Intl only lays the whole number out.
  return percent(Math.round(pct))
}

/** `part` of `whole` as a rate (null when whole is 0). */
export function rateOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

const UNITS = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
  [1, 's'],
] as const

/**
 * Whole seconds in words, the two largest units: 45 → "45 s", 250 → "4 min 10 s",
 * 7500 → "2 h 5 min", 97200 → "1 d 3 h"; null → "—".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return NO_DATA
  let rest = Math.max(0, Math.round(seconds))
  const amounts = UNITS.map(([size]) => {
    const n = Math.floor(rest / size)
    rest -= n * size
    return n
  })
  const unit = (i: number, n: number) => t(`reports:duration.${UNITS[i][1]}`, { n: formatNumber(n) })
  const first = amounts.findIndex((n) => n > 0)
  if (first === -1) return unit(UNITS.length - 1, 0)
  const parts = [unit(first, amounts[first])]
  // The next unit only when it says something ("2 h", not "2 h 0 min").
  if (first + 1 < UNITS.length && amounts[first + 1] > 0) parts.push(unit(first + 1, amounts[first + 1]))
  return parts.join(' ')
}

/** 1234 → "1,234" in English, "1.234" in German. */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return NO_DATA
  return formatNumber(Math.round(n))
}

/** "1 session", "12 sessions". */
export function sessions(n: number): string {
  return t('reports:numbers.sessions', { count: n, n: formatCount(n) })
}

/** A CSAT average: 4.25 → "4.3" ("4,3" in German); null → "—". */
export function formatAverage(avg: number | null | undefined): string {
  if (avg == null || !Number.isFinite(avg)) return NO_DATA
  // toFixed decides the rounding (as it always has); Intl only writes the decimal separator.
  return formatNumber(Number(avg.toFixed(1)), { minimumFractionDigits: 1, maximumFractionDigits: 1 })
}

/** A sentiment score (-1..1) with its sign: 0.32 → "+0.32", -0.1 → "−0.10", null → "—". */
export function formatScore(score: number | null | undefined): string {
  if (score == null || !Number.isFinite(score)) return NO_DATA
  const r = Math.round(score * 100) / 100
  const digits = (n: number) => formatNumber(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  if (r === 0) return digits(0)
  // A true minus sign (U+2212), which Intl does not write in these locales.
  return `${r > 0 ? '+' : '−'}${digits(Math.abs(r))}`
}
