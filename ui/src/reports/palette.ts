// Colours and patterns of the Reports charts. Colour never carries meaning alone: every series
// also has a pattern, a legend with its words, and each mark says its figure (aria-label, title).

import type { Ending, EscalationReason, SentimentChange, SessionOutcome } from '../lib/types'

export type Pattern = 'none' | 'hatch' | 'dots' | 'cross' | 'back'

export interface SeriesStyle {
  color: string
  pattern: Pattern
}

/** The SVG pattern ids Reports.svelte defines once (white marks over the fill colour). */
export function patternUrl(p: Pattern): string | null {
  return p === 'none' ? null : `url(#rp-${p})`
}

export const OUTCOME_ORDER: SessionOutcome[] = ['assistant_alone', 'handed_over', 'reopened', 'open']

export const OUTCOME_STYLE: Record<SessionOutcome, SeriesStyle> = {
  assistant_alone: { color: '#23613a', pattern: 'none' },
  handed_over: { color: '#3d4f9a', pattern: 'hatch' },
  reopened: { color: '#a35e00', pattern: 'dots' },
  open: { color: '#6f7f8a', pattern: 'cross' },
}

const REASON_COLORS: Record<EscalationReason, SeriesStyle> = {
  human_requested: { color: '#3d4f9a', pattern: 'none' },
  data_gap: { color: '#1d6670', pattern: 'hatch' },
  hallucination_risk: { color: '#9c2424', pattern: 'dots' },
  repeated_intent: { color: '#6a4c93', pattern: 'cross' },
  negative_sentiment: { color: '#a83e6e', pattern: 'back' },
  model_failure: { color: '#5c6770', pattern: 'none' },
  round_limit: { color: '#8a5a00', pattern: 'hatch' },
  verification_failed: { color: '#2f6b2f', pattern: 'dots' },
}

export function reasonStyle(reason: EscalationReason): SeriesStyle {
  return REASON_COLORS[reason] ?? { color: '#5c6770', pattern: 'cross' }
}

export const ENDING_ORDER: Ending[] = ['resolved', 'unresolved', 'open']

export const ENDING_STYLE: Record<Ending, SeriesStyle> = {
  resolved: { color: '#23613a', pattern: 'none' },
  unresolved: { color: '#9c2424', pattern: 'hatch' },
  open: { color: '#6f7f8a', pattern: 'dots' },
}

export const SENTIMENT_ORDER: SentimentChange[] = ['improved', 'unchanged', 'worsened']

export const SENTIMENT_STYLE: Record<SentimentChange, SeriesStyle> = {
  improved: { color: '#23613a', pattern: 'none' },
  unchanged: { color: '#6f7f8a', pattern: 'dots' },
  worsened: { color: '#9c2424', pattern: 'hatch' },
}

export const PLAIN: SeriesStyle = { color: '#1d6670', pattern: 'none' }
