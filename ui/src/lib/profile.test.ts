import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import {
  flagLabel,
  flagReason,
  parseProfile,
  parseSentiment,
  percent,
  profileRows,
  sentimentSymbol,
  sentimentTooltip,
  sentimentWords,
  tierLabel,
} from './profile'

const RAW = {
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

describe('parseProfile', () => {
  it('reads the core JSON', () => {
    const p = parseProfile(RAW)!
    expect(p.loyalty_tier).toBe('gold')
    expect(p.risk_flags).toEqual([{ flag: 'repeated_escalations', reason: '2 of the last 3 sessions were escalated' }])
    expect(p.top_topics).toEqual(['order_status', 'refund'])
    expect(p.sentiment).toBe(-0.452)
  })

  it('is null without a profile and tolerant of odd fields', () => {
    expect(parseProfile(null)).toBeNull()
    expect(parseProfile([1, 2])).toBeNull()
    const p = parseProfile({ sessions: 'x', risk_flags: [{ reason: 'r' }, 3], top_topics: [1, 'a'], sentiment: null })!
    expect(p.sessions).toBe(0)
    expect(p.loyalty_tier).toBe('unknown')
    expect(p.risk_flags).toEqual([{ flag: 'risk', reason: 'r' }])
    expect(p.top_topics).toEqual(['a'])
    expect(p.sentiment).toBeNull()
    expect(p.preferred_tone).toBeNull()
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
    const rows = profileRows(parseProfile(RAW)!)
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
  it('parses the marker data', () => {
    const s = parseSentiment({ label: 'negative', score: -0.62, confidence: 0.8, source: 'lexicon' })!
    expect(sentimentSymbol(s.label)).toBe('▼')
    expect(sentimentTooltip(s)).toBe('negative · score -0.62 · confidence 80% · lexicon')
  })
  it('falls back on the score for the label and rejects junk', () => {
    expect(parseSentiment({ score: 0.5 })!.label).toBe('positive')
    expect(parseSentiment({ label: 'negative' })).toBeNull()
    expect(parseSentiment('bad')).toBeNull()
    expect(parseSentiment(null)).toBeNull()
  })
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
    const rows = profileRows(parseProfile(RAW)!)
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
