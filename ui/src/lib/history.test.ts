import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage, t } from '../i18n/index.svelte'
import { activeFilterCount, buildQuery, dayBoundary, EMPTY_FORM, withCode } from './history'

describe('buildQuery', () => {
  it('sends nulls for empty fields and trims the text', () => {
    const r = buildQuery({ ...EMPTY_FORM, text: '  refund  ' })
    expect(r).toEqual({
      ok: true,
      query: {
        text: 'refund',
        customer_id: null,
        customer_email: null,
        from: null,
        to: null,
        status: null,
        escalation_reason: null,
        channel: null,
        limit: 100,
      },
    })
  })
  it('reads the customer field as an id or an email', () => {
    const byId = buildQuery({ ...EMPTY_FORM, customer: '#3' })
    expect(byId.ok && byId.query.customer_id).toBe(3)
    const byEmail = buildQuery({ ...EMPTY_FORM, customer: 'alice@example.com' })
    expect(byEmail.ok && byEmail.query.customer_email).toBe('alice@example.com')
    expect(buildQuery({ ...EMPTY_FORM, customer: 'alice' }).ok).toBe(false)
  })
  it('passes the filters through', () => {
    const r = buildQuery({ ...EMPTY_FORM, status: 'closed', reason: 'data_gap', channel: 'kiosk' })
    expect(r.ok && [r.query.status, r.query.escalation_reason, r.query.channel]).toEqual(['closed', 'data_gap', 'kiosk'])
  })
  it('rejects a reversed date range', () => {
    const r = buildQuery({ ...EMPTY_FORM, from: '2026-10-05', to: '2026-10-01' })
    expect(r).toEqual({ ok: false, error: 'The "from" date is after the "to" date.' })
  })
  it('accepts a one-day range (from = to covers the whole day)', () => {
    const r = buildQuery({ ...EMPTY_FORM, from: '2026-10-02', to: '2026-10-02' })
    expect(r.ok).toBe(true)
    if (r.ok) expect(new Date(r.query.to!).getTime() - new Date(r.query.from!).getTime()).toBe(86_399_000)
  })
})

describe('dayBoundary', () => {
  it('gives the local start and end of day in RFC 3339 UTC', () => {
    const start = dayBoundary('2026-10-02', false)!
    expect(start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    const d = new Date(start)
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2026, 9, 2, 0])
  })
  it('rejects impossible dates', () => {
    expect(dayBoundary('2026-02-31', false)).toBeNull()
    expect(dayBoundary('yesterday', false)).toBeNull()
  })
})

describe('activeFilterCount', () => {
  it('counts filters but not the text', () => {
    expect(activeFilterCount({ ...EMPTY_FORM, text: 'x', status: 'closed', from: '2026-10-01' })).toBe(2)
  })
})

describe('in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it('refuses a bad form in the chosen language', () => {
    setLanguage('de')
    expect(buildQuery({ ...EMPTY_FORM, customer: 'nobody' })).toEqual({
      ok: false,
      error: 'Kunde: Geben Sie eine E-Mail-Adresse oder eine Kundennummer ein.',
    })
    setLanguage('es')
    expect(buildQuery({ ...EMPTY_FORM, from: '2026-10-05', to: '2026-10-01' })).toEqual({
      ok: false,
      error: 'La fecha «desde» es posterior a la fecha «hasta».',
    })
  })

  it('sets the values of a sentence as code wherever its language puts them', () => {
    const values = { path: '/tmp/s-1.yaml', command: 'cx-agent eval /tmp/s-1.yaml' }
    expect(withCode((m) => t('history:replay.caseSaved', m), values)).toEqual([
      { text: 'Saved the test case to ', code: false },
      { text: '/tmp/s-1.yaml', code: true },
      { text: ' — run it with ', code: false },
      { text: 'cx-agent eval /tmp/s-1.yaml', code: true },
    ])
    setLanguage('de')
    const de = withCode((m) => t('history:case.intro', m), { command: 'cx-agent eval', key: 'replies_state' })
    expect(de.filter((p) => p.code).map((p) => p.text)).toEqual(['cx-agent eval', 'replies_state'])
    expect(de[0]).toEqual({ text: 'Spielt die Zeilen des Kunden mit ', code: false })
    expect(de.map((p) => p.text).join('')).toContain('unter replies_state ein.')
  })
})
