// The customer's profile (`CustomerRecord.profile`, cx-core's `ProfileView`) and a message's
// sentiment (`MessageView.sentiment`, `MessageSentiment`), put into words for the panels. Both
// arrive typed: cx-core reads the stored JSON leniently (present.rs), so nothing here parses.

import { t } from '../i18n/index.svelte'
import { formatNumber } from '../i18n/format'
import { signed } from './sparkline'
import type { MessageSentiment, ProfileView, RiskFlag } from './types'

export type { MessageSentiment, RiskFlag }
export type Profile = ProfileView

/** A 0..1 rate as a whole percentage in the current locale: 0.333 → "33%" ("33 %" in German). */
export function percent(rate: number): string {
  if (!Number.isFinite(rate)) return '—'
  return formatNumber(Math.round(Math.max(0, Math.min(1, rate)) * 100) / 100, { style: 'percent' })
}

// cx-core's codes (insights.rs: tiers, risk flags; cx-offline's intents for topics). A code this
// list does not know yet still shows, in its own words.
const TIERS = ['bronze', 'silver', 'gold', 'platinum', 'unknown'] as const
const FLAGS = ['repeated_escalations', 'falling_sentiment', 'unresolved_streak', 'valuable_customer_unhappy', 'risk'] as const
const TOPICS = ['order_status', 'ticket_status', 'refund_request', 'email_change', 'greeting', 'thanks', 'human_request', 'unknown'] as const

function known<T extends string>(list: readonly T[], code: string): code is T {
  return (list as readonly string[]).includes(code)
}

function capitalised(code: string): string {
  const w = code.replace(/_/g, ' ').trim()
  return w ? w[0].toUpperCase() + w.slice(1) : w
}

/** "gold" → "Gold". */
export function tierLabel(tier: string): string {
  if (!tier) return t('workspace:profile.tier.unknown')
  return known(TIERS, tier) ? t(`workspace:profile.tier.${tier}`) : capitalised(tier)
}

/** "repeated_escalations" → "Repeated escalations". */
export function flagLabel(flag: string): string {
  if (known(FLAGS, flag)) return t(`workspace:profile.flag.${flag}`)
  return capitalised(flag) || t('workspace:profile.flag.risk')
}

/**
 * Why a flag is raised, in the current language: cx-core writes its reasons in English with the
 * figures in them ("2 of the last 5 sessions were escalated"); known ones are said again from the
 * catalogue with the same figures, anything else as sent.
 */
export function flagReason(f: RiskFlag): string {
  let m: RegExpExecArray | null
  switch (f.flag) {
    case 'repeated_escalations':
      m = /^(\d+) of the last (\d+) sessions were escalated$/.exec(f.reason)
      return m ? t('workspace:profile.flagReason.repeated_escalations', { escalated: m[1], sessions: m[2] }) : f.reason
    case 'falling_sentiment':
      m = /^sentiment fell over the last three sessions to (-?[\d.]+)$/.exec(f.reason)
      return m ? t('workspace:profile.flagReason.falling_sentiment', { score: signed(Number(m[1])) }) : f.reason
    case 'unresolved_streak':
      m = /^the last (\d+) sessions ended without a resolution$/.exec(f.reason)
      return m ? t('workspace:profile.flagReason.unresolved_streak', { streak: m[1] }) : f.reason
    case 'valuable_customer_unhappy':
      m = /^(\w+) customer with negative recent sentiment$/.exec(f.reason)
      return m ? t('workspace:profile.flagReason.valuable_customer_unhappy', { tier: tierLabel(m[1]) }) : f.reason
  }
  return f.reason
}

/** "order_status" → "order status". */
export function topicLabel(topic: string): string {
  return known(TOPICS, topic) ? t(`workspace:profile.topic.${topic}`) : topic.replace(/_/g, ' ')
}

/** The recency-weighted sentiment in words: "unhappy (-0.45)", or "no data yet". */
export function sentimentWords(score: number | null): string {
  if (score == null) return t('workspace:profile.noData')
  const mood = score < -0.2 ? 'unhappy' : score > 0.2 ? 'happy' : 'neutral'
  return t('workspace:profile.moodScore', { mood: t(`workspace:profile.mood.${mood}`), score: signed(score) })
}

/** The rows of the profile panel, in the order they are shown. */
export function profileRows(p: Profile): { label: string; value: string }[] {
  const row = (key: 'tier' | 'sessions' | 'escalationRate' | 'resolutionRate' | 'sentiment' | 'topics' | 'tone', value: string) => ({
    label: t(`workspace:profile.rows.${key}`),
    value,
  })
  return [
    row('tier', tierLabel(p.loyalty_tier)),
    row('sessions', formatNumber(p.sessions)),
    row(
      'escalationRate',
      t('workspace:profile.escalationValue', {
        rate: percent(p.escalation_rate),
        escalations: formatNumber(p.escalations),
        sessions: formatNumber(p.sessions),
      }),
    ),
    row('resolutionRate', percent(p.resolution_rate)),
    row('sentiment', sentimentWords(p.sentiment)),
    row('topics', p.top_topics.length ? p.top_topics.map(topicLabel).join(', ') : '—'),
    row('tone', p.preferred_tone ?? '—'),
  ]
}

// ---- one message's sentiment ----

/** The marker's symbol. */
export function sentimentSymbol(label: MessageSentiment['label']): string {
  return label === 'negative' ? '▼' : label === 'positive' ? '▲' : '●'
}

/** The label in words: "negative", "neutral", "positive". */
export function sentimentLabel(label: MessageSentiment['label']): string {
  return t(`workspace:sentiment.label.${label}`)
}

/** The marker's tooltip: "negative · score -0.62 · confidence 80% · lexicon". */
export function sentimentTooltip(s: MessageSentiment): string {
  const source = s.source === 'lexicon' || s.source === 'model' ? t(`workspace:sentiment.source.${s.source}`) : s.source
  return t('workspace:sentiment.tooltip', {
    label: sentimentLabel(s.label),
    score: signed(s.score),
    confidence: percent(s.confidence),
    source,
  })
}
