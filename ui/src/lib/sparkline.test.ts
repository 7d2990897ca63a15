import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { signed, sparkline, toneOf, trendSummary } from './sparkline'

describe('sparkline', () => {
  it('draws nothing for no scores', () => {
    const s = sparkline([], 60, 20, 0)
    expect(s.path).toBe('')
    expect(s.last).toBeNull()
    expect(s.zeroY).toBe(10)
  })

  it('maps +1 to the top, -1 to the bottom, spread evenly across the width', () => {
    const s = sparkline([1, 0, -1], 60, 20, 0)
    expect(s.path).toBe('M0 0 L30 10 L60 20')
    expect(s.last).toEqual({ x: 60, y: 20 })
    expect(s.tone).toBe('negative')
  })

  it('keeps the padding free and clamps out-of-range scores', () => {
    const s = sparkline([5, -5], 10, 20, 2)
    expect(s.path).toBe('M0 2 L10 18')
    expect(s.zeroY).toBe(10)
  })

  it('draws one score as a flat line at its height', () => {
    const s = sparkline([0.5], 40, 20, 0)
    expect(s.path).toBe('M0 5 L40 5')
    expect(s.tone).toBe('positive')
  })

  it('skips values that are not numbers and rounds coordinates', () => {
    const s = sparkline([1 / 3, Number.NaN, -0.2], 10, 10, 0)
    expect(s.path).toBe('M0 3.33 L10 6')
  })
})

describe('sentiment words', () => {
  it('labels with the core threshold', () => {
    expect(toneOf(-0.15)).toBe('negative')
    expect(toneOf(0.1)).toBe('neutral')
    expect(toneOf(0.2)).toBe('positive')
  })
  it('signs scores', () => {
    expect(signed(0.4)).toBe('+0.40')
    expect(signed(-0.625)).toBe('-0.63')
    expect(signed(0.001)).toBe('0.00')
  })
  it('summarizes a trend', () => {
    expect(trendSummary([])).toBe('No customer sentiment yet')
    expect(trendSummary([0.2, -0.6])).toBe('Sentiment of the last 2 customer messages: latest -0.60 (negative)')
  })
})

describe('sparkline words in another language', () => {
  afterEach(() => setLanguage('en'))

  it('signs with the locale’s decimal comma and says the trend in German', () => {
    setLanguage('de')
    expect(signed(0.4)).toBe('+0,40')
    expect(signed(0.001)).toBe('0,00')
    expect(trendSummary([-0.6])).toBe('Stimmung der letzten Kundennachricht: -0,60 (negativ)')
    expect(trendSummary([0.2, 0.6])).toBe('Stimmung der letzten 2 Kundennachrichten: zuletzt +0,60 (positiv)')
  })

  it('uses the singular in English for one message', () => {
    expect(trendSummary([0.3])).toBe('Sentiment of the last 1 customer message: latest +0.30 (positive)')
  })
})
