// The sentiment trend as a tiny inline SVG: scores in -1..1 (oldest first) become a polyline path
// in a `width` × `height` box, with the zero line and the last point for the dot. Pure, so the
// geometry is tested without a DOM.

import { formatNumber } from '../i18n/format'
import { t } from '../i18n/index.svelte'

export interface Sparkline {
  /** `M x y L x y …` through every score; empty when there is nothing to draw. */
  path: string
  /** Where the neutral (0) line sits. */
  zeroY: number
  /** The newest score's point (the dot), or null. */
  last: { x: number; y: number } | null
  /** The newest score's tone, for the colour. */
  tone: 'negative' | 'neutral' | 'positive'
}

/** `|score|` at or above which a score counts as positive or negative (cx-core's `LABEL_THRESHOLD`). */
export const SENTIMENT_THRESHOLD = 0.15

/** Two decimals at most, no trailing zeros: short, stable path strings. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100)
}

function clamp(score: number): number {
  if (!Number.isFinite(score)) return 0
  return Math.max(-1, Math.min(1, score))
}

export function toneOf(score: number): Sparkline['tone'] {
  if (score <= -SENTIMENT_THRESHOLD) return 'negative'
  if (score >= SENTIMENT_THRESHOLD) return 'positive'
  return 'neutral'
}

/**
 * The path for `scores` in a box `width` × `height` with `pad` pixels kept free at the top and
 * bottom (so the stroke and dot are not clipped). +1 is at the top, -1 at the bottom. One score
 * draws a flat line across the box at its height.
 */
export function sparkline(scores: readonly number[], width = 64, height = 18, pad = 2): Sparkline {
  const usable = Math.max(0, height - 2 * pad)
  const yOf = (s: number) => pad + ((1 - clamp(s)) / 2) * usable
  const zeroY = Number(num(yOf(0)))
  const values = scores.filter((s) => Number.isFinite(s))
  if (values.length === 0) return { path: '', zeroY, last: null, tone: 'neutral' }
  const points =
    values.length === 1
      ? [
          { x: 0, y: yOf(values[0]) },
          { x: width, y: yOf(values[0]) },
        ]
      : values.map((s, i) => ({ x: (i / (values.length - 1)) * width, y: yOf(s) }))
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`).join(' ')
  const end = points[points.length - 1]
  const newest = values[values.length - 1]
  return { path, zeroY, last: { x: Number(num(end.x)), y: Number(num(end.y)) }, tone: toneOf(newest) }
}

/** Words for the trend's tooltip: "Sentiment of the last 3 customer messages: latest -0.62 (negative)". */
export function trendSummary(scores: readonly number[]): string {
  const values = scores.filter((s) => Number.isFinite(s))
  if (values.length === 0) return t('workspace:sentiment.trendNone')
  const newest = values[values.length - 1]
  return t('workspace:sentiment.trend', {
    count: values.length,
    score: signed(newest),
    tone: t(`workspace:sentiment.label.${toneOf(newest)}`),
  })
}

/** A score with its sign, two decimals in the current locale: "+0.40", "-0.62", "0.00" ("-0,62"). */
export function signed(score: number): string {
  const s = clamp(score)
  const digits = { minimumFractionDigits: 2, maximumFractionDigits: 2 }
  if (Math.abs(s) < 0.005) return formatNumber(0, digits)
  return formatNumber(s, { ...digits, signDisplay: 'always' })
}
