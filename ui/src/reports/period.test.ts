import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { addDays, channelLabel, customQuery, isDay, periodLabel, presetLabel, presetOf, presetQuery, presetRange, queryKey, queryLabel, shortDay, todayUtc } from './period'

describe('presets', () => {
  const today = '2026-10-07'
  it('counts back from today, today included', () => {
    expect(presetRange('last7', today)).toEqual({ from: '2026-10-01', to: '2026-10-07' })
    expect(presetRange('last30', today)).toEqual({ from: '2026-09-08', to: '2026-10-07' })
    expect(presetRange('month', today)).toEqual({ from: '2026-10-01', to: '2026-10-07' })
  })
  it('crosses month and year ends', () => {
    expect(presetRange('last7', '2026-01-03')).toEqual({ from: '2025-12-28', to: '2026-01-03' })
    expect(presetRange('last30', '2024-03-01').from).toBe('2024-02-01') // 2024 is a leap year
  })
  it('keeps the channel only when one is chosen', () => {
    expect(presetQuery('last7', today, 'kiosk')).toEqual({ from: '2026-10-01', to: '2026-10-07', channel: 'kiosk' })
    expect(presetQuery('last7', today)).toEqual({ from: '2026-10-01', to: '2026-10-07' })
  })
  it('recognises a preset from its dates (first match wins), else custom', () => {
    expect(presetOf({ from: '2026-09-08', to: '2026-10-07' }, today)).toBe('last30')
    expect(presetOf({ from: '2026-10-01', to: '2026-10-07' }, today)).toBe('last7')
    expect(presetOf({ from: '2026-10-01', to: '2026-10-06' }, today)).toBeNull()
  })
  it('takes today in UTC', () => {
    expect(todayUtc(new Date('2026-10-07T23:30:00-05:00'))).toBe('2026-10-08')
  })
})

describe('days', () => {
  it('knows real days', () => {
    expect(isDay('2026-02-28')).toBe(true)
    expect(isDay('2026-02-30')).toBe(false)
    expect(isDay('2026-2-3')).toBe(false)
    expect(isDay('')).toBe(false)
  })
  it('adds days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })
})

describe('customQuery', () => {
  it('builds the query from the inputs', () => {
    expect(customQuery('2026-09-01', '2026-09-30', 'cli')).toEqual({ ok: true, query: { from: '2026-09-01', to: '2026-09-30', channel: 'cli' } })
    expect(customQuery('2026-09-01', '2026-09-01', '')).toEqual({ ok: true, query: { from: '2026-09-01', to: '2026-09-01' } })
  })
  it('says what to change', () => {
    expect(customQuery('', '2026-09-30')).toEqual({ ok: false, error: 'Choose the first day of the period.' })
    expect(customQuery('2026-09-01', 'x')).toEqual({ ok: false, error: 'Choose the last day of the period.' })
    expect(customQuery('2026-10-01', '2026-09-30')).toEqual({ ok: false, error: 'The first day comes after the last day.' })
    // How long a period may be is the backend's to say (its message shows in the view).
    expect(customQuery('2020-01-01', '2026-01-01').ok).toBe(true)
  })
})

describe('labels', () => {
  it('writes periods short', () => {
    expect(periodLabel({ from: '2026-10-01', to: '2026-10-07' })).toBe('1–7 Oct 2026')
    expect(periodLabel({ from: '2026-09-28', to: '2026-10-04' })).toBe('28 Sep – 4 Oct 2026')
    expect(periodLabel({ from: '2025-12-30', to: '2026-01-05' })).toBe('30 Dec 2025 – 5 Jan 2026')
    expect(periodLabel({ from: '2026-10-02', to: '2026-10-02' })).toBe('2 Oct 2026')
  })
  it('names the channel and keys the query', () => {
    expect(queryLabel({ from: '2026-10-01', to: '2026-10-07' })).toBe('1–7 Oct 2026 (UTC), all channels')
    expect(queryLabel({ from: '2026-10-01', to: '2026-10-07', channel: 'kiosk' })).toBe('1–7 Oct 2026 (UTC), kiosk only')
    expect(queryKey({ from: '2026-10-01', to: '2026-10-07' })).not.toBe(queryKey({ from: '2026-10-01', to: '2026-10-07', channel: 'kiosk' }))
  })
})

describe('in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it("writes days and periods with the locale's month names", () => {
    setLanguage('de')
    expect(shortDay('2026-10-02', true)).toBe('2. Okt 2026')
    expect(periodLabel({ from: '2026-10-01', to: '2026-10-07' })).toBe('1.–7. Okt 2026')
    expect(periodLabel({ from: '2025-12-30', to: '2026-01-05' })).toBe('30. Dez 2025 – 5. Jan 2026')
    expect(queryLabel({ from: '2026-10-01', to: '2026-10-07', channel: 'kiosk' })).toBe('1.–7. Okt 2026 (UTC), nur Kiosk')
    setLanguage('es')
    expect(queryLabel({ from: '2026-09-28', to: '2026-10-04' })).toBe('28 sept – 4 oct 2026 (UTC), todos los canales')
  })
  it('names the presets and channels and says what to change', () => {
    setLanguage('de')
    expect(presetLabel('last7')).toBe('Letzte 7 Tage')
    expect(channelLabel('')).toBe('Alle Kanäle')
    expect(channelLabel('workspace')).toBe('Arbeitsplatz')
    expect(customQuery('2026-10-01', '2026-09-30')).toEqual({ ok: false, error: 'Der erste Tag liegt nach dem letzten Tag.' })
    setLanguage('es')
    expect(presetLabel('month')).toBe('Este mes')
    expect(customQuery('', '2026-09-30')).toEqual({ ok: false, error: 'Elija el primer día del periodo.' })
  })
})
