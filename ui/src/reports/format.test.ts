import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { formatAverage, formatCount, formatDuration, formatRate, formatScore, rateOf, sessions } from './format'

describe('formatRate', () => {
  it('writes rates as whole percentages', () => {
    expect(formatRate(0.3)).toBe('30%')
    expect(formatRate(0.125)).toBe('13%')
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(1)).toBe('100%')
  })
  it('never rounds a small rate to 0% or a near-whole one to 100%', () => {
    expect(formatRate(0.001)).toBe('<1%')
    expect(formatRate(0.999)).toBe('>99%')
  })
  it('writes a dash when there is no rate', () => {
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
    expect(formatRate(Number.NaN)).toBe('—')
  })
  it('rateOf is null for an empty whole', () => {
    expect(rateOf(3, 12)).toBe(0.25)
    expect(rateOf(0, 0)).toBeNull()
  })
})

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(45)).toBe('45 s')
    expect(formatDuration(250)).toBe('4 min 10 s')
    expect(formatDuration(7500)).toBe('2 h 5 min')
    expect(formatDuration(97_200)).toBe('1 d 3 h')
  })
  it('drops a zero second unit', () => {
    expect(formatDuration(120)).toBe('2 min')
    expect(formatDuration(7205)).toBe('2 h')
    expect(formatDuration(86_400)).toBe('1 d')
  })
  it('says 0 s for no time and a dash for no data', () => {
    expect(formatDuration(0)).toBe('0 s')
    expect(formatDuration(null)).toBe('—')
  })
})

describe('numbers', () => {
  it('groups thousands the same everywhere', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(999)).toBe('999')
  })
  it('counts sessions in words', () => {
    expect(sessions(1)).toBe('1 session')
    expect(sessions(0)).toBe('0 sessions')
    expect(sessions(1200)).toBe('1,200 sessions')
  })
  it('writes averages and signed sentiment scores', () => {
    expect(formatAverage(4.25)).toBe('4.3')
    expect(formatAverage(null)).toBe('—')
    expect(formatScore(0.321)).toBe('+0.32')
    expect(formatScore(-0.1)).toBe('−0.10')
    expect(formatScore(0.001)).toBe('0.00')
    expect(formatScore(null)).toBe('—')
  })
})

describe('in German and Spanish', () => {
  afterEach(() => setLanguage('en'))
  // Intl puts a no-break space before "%" in both locales.
  const spaces = (s: string) => s.replace(/\s/g, ' ')

  it('writes rates, counts and averages the way the locale does', () => {
    setLanguage('de')
    expect(spaces(formatRate(0.3))).toBe('30 %')
    expect(spaces(formatRate(0.001))).toBe('<1 %')
    expect(spaces(formatRate(0.999))).toBe('>99 %')
    expect(formatRate(null)).toBe('—')
    expect(formatCount(1234567)).toBe('1.234.567')
    expect(formatAverage(4.25)).toBe('4,3')
    expect(formatScore(0.321)).toBe('+0,32')
    expect(formatScore(-0.1)).toBe('−0,10')
    setLanguage('es')
    expect(spaces(formatRate(0.125))).toBe('13 %')
    expect(formatAverage(3)).toBe('3,0')
  })
  it('names the units of a duration in the language', () => {
    setLanguage('de')
    expect(formatDuration(7500)).toBe('2 Std. 5 Min.')
    expect(formatDuration(97_200)).toBe('1 Tg. 3 Std.')
    expect(formatDuration(0)).toBe('0 Sek.')
    setLanguage('es')
    expect(formatDuration(250)).toBe('4 min 10 s')
  })
  it("counts sessions with the language's plural", () => {
    setLanguage('de')
    expect(sessions(1)).toBe('1 Sitzung')
    expect(sessions(1200)).toBe('1.200 Sitzungen')
    setLanguage('es')
    expect(sessions(1)).toBe('1 sesión')
    expect(sessions(0)).toBe('0 sesiones')
    expect(sessions(1_000_000)).toBe('1.000.000 sesiones') // Spanish's "many" form
  })
})
