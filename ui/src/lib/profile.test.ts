import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import {
  flagLabel,
  flagReason,
  percent,
  profileRows,
  sentimentSymbol,
  sentimentTooltip,
  sentimentWords,
  tierLabel,
} from './profile'
import type { MessageSentiment, ProfileView } from './types'

const RAW: ProfileView = {
  customer_id: 1,
  sessions: 3,
  escalations: 2,
  escalation_rate: 0.667,
  resolution_rate: 0.333,
  sentiment: -0.452,
  top_topics: ['order_status', 'refund'],
  total_spent_cents: 125000,
  loyalty_tier: 'gold',
  risk_flags: [{ flag: 'repeated_escalations', reason: '2 of the last 3 sessions were escalated' }],
  preferred_tone: 'friendly',
  updated_at: '2025-01-01T00:00:00Z',
}

// Reading odd stored profiles leniently is cx-core's now (present.rs: an_odd_profile_is_read_leniently).
describe('the profile', () => {
  it('arrives typed from the core', () => {
    const p = RAW
    expect(p.loyalty_tier).toBe('gold')
    expect(p.risk_flags).toEqual([{ flag: 'repeated_escalations', reason: '2 of the last 3 sessions were escalated' }])
    expect(p.top_topics).toEqual(['order_status', 'refund'])
    expect(p.sentiment).toBe(-0.452)
  })
})

describe('profile words', () => {
  it('formats rates, tiers, flags and sentiment', () => {
    expect(percent(0.667)).toBe('67%')
    expect(percent(1.5)).toBe('100%')
    expect(percent(Number.NaN)).toBe('—')
    expect(tierLabel('platinum')).toBe('Platinum')
    expect(flagLabel('valuable_customer_unhappy')).toBe('Valuable customer unhappy')
    expect(sentimentWords(null)).toBe('no data yet')
    expect(sentimentWords(-0.452)).toBe('unhappy (-0.45)')
    expect(sentimentWords(0.1)).toBe('neutral (+0.10)')
    expect(sentimentWords(0.5)).toBe('happy (+0.50)')
  })

  it('lists the rows in order', () => {
    const rows = profileRows(RAW)
    expect(rows.map((r) => r.label)).toEqual([
      'Loyalty tier',
      'Sessions',
      'Escalation rate',
      'Resolution rate',
      'Recent sentiment',
      'Top topics',
      'Preferred tone',
    ])
    expect(rows[0].value).toBe('Gold')
    expect(rows[2].value).toBe('67% (2 of 3)')
    expect(rows[5].value).toBe('order status, refund')
  })
})

describe('message sentiment', () => {
  it('words the marker data', () => {
    const s: MessageSentiment = { label: 'negative', score: -0.62, confidence: 0.8, source: 'lexicon' }
    expect(sentimentSymbol(s.label)).toBe('▼')
    expect(sentimentTooltip(s)).toBe('negative · score -0.62 · confidence 80% · lexicon')
  })
  // The fallbacks for an odd stored sentiment are cx-core's (present.rs: an_odd_stored_sentiment_is_read_leniently).
})

describe('profile in another language', () => {
  afterEach(() => setLanguage('en'))

  it('keeps cx-core’s English reasons in English', () => {
    expect(flagReason(RAW.risk_flags[0])).toBe('2 of the last 3 sessions were escalated')
    expect(flagReason({ flag: 'valuable_customer_unhappy', reason: 'gold customer with negative recent sentiment' })).toBe(
      'Gold customer with negative recent sentiment',
    )
  })

  it('shows the rows, tier, flags and topics in German', () => {
    setLanguage('de')
    const rows = profileRows(RAW)
    expect(rows.map((r) => r.label)).toEqual([
      'Treuestufe',
      'Sitzungen',
      'Eskalationsrate',
      'Lösungsrate',
      'Aktuelle Stimmung',
      'Häufigste Themen',
      'Bevorzugte Tonalität',
    ])
    expect(rows[0].value).toBe('Gold')
    expect(rows[2].value).toBe('67\u00a0% (2 von 3)') // Intl puts a no-break space before %
    expect(rows[4].value).toBe('unzufrieden (-0,45)')
    // A topic cx-core does not name yet keeps its own words.
    expect(rows[5].value).toBe('Bestellstatus, refund')
    expect(tierLabel('platinum')).toBe('Platin')
    expect(flagLabel('repeated_escalations')).toBe('Wiederholte Eskalationen')
    expect(flagReason(RAW.risk_flags[0])).toBe('2 der letzten 3 Sitzungen wurden eskaliert')
    expect(flagReason({ flag: 'falling_sentiment', reason: 'sentiment fell over the last three sessions to -0.45' })).toBe(
      'die Stimmung ist über die letzten drei Sitzungen auf -0,45 gesunken',
    )
    expect(flagReason({ flag: 'repeated_escalations', reason: 'something new' })).toBe('something new')
    expect(sentimentTooltip({ label: 'negative', score: -0.62, confidence: 0.8, source: 'lexicon' })).toBe(
      'negativ · Wert -0,62 · Konfidenz 80\u00a0% · Lexikon',
    )
  })
})
