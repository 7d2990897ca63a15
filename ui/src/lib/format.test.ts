import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { cents, formatDateTime, formatJson, formatTime, resultStatus, summarizeArgs, toolFailure, words } from './format'

afterEach(() => setLanguage('en'))

describe('formatJson', () => {
  it('pretty-prints objects and JSON held in strings', () => {
    expect(formatJson({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(formatJson('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(formatJson('plain')).toBe('plain')
    expect(formatJson('{broken')).toBe('{broken')
  })
})

describe('summarizeArgs', () => {
  it('summarises and truncates', () => {
    expect(summarizeArgs({ email: 'a@b.c', order_id: 1042 })).toBe('email: "a@b.c", order_id: 1042')
    expect(summarizeArgs({ text: 'x'.repeat(200) }, 20)).toHaveLength(20)
    expect(summarizeArgs(null)).toBe('')
  })
})

describe('resultStatus', () => {
  it('reads the tools.md result shapes', () => {
    expect(resultStatus({ found: true, count: 2, orders: [] })).toEqual({ label: 'found 2', tone: 'ok' })
    expect(resultStatus({ found: false, count: 0, orders: [] }).tone).toBe('empty')
    expect(resultStatus({ applied: false, pending_action: { id: 7 } }).tone).toBe('pending')
    expect(resultStatus({ error: { code: 'denied', message: 'no' } })).toEqual({ label: 'error: denied', tone: 'error' })
    expect(resultStatus({ verified: false }).tone).toBe('error')
    expect(resultStatus({ applied: true }).label).toBe('applied')
  })
})

describe('formatTime', () => {
  it('shows only the time for today and adds the date otherwise', () => {
    const now = new Date(2026, 9, 2, 18, 0)
    const today = new Date(2026, 9, 2, 14, 11).toISOString()
    const earlier = new Date(2026, 8, 30, 9, 5).toISOString()
    expect(formatTime(today, now)).not.toMatch(/Oct|Sep/)
    expect(formatTime(earlier, now)).toMatch(/Sep/)
    expect(formatTime('nonsense')).toBe('nonsense')
  })
})

describe('toolFailure', () => {
  it('finds the error inside a successful command result', () => {
    expect(toolFailure({ error: { code: 'refused', message: 'Order 1001 is pending.' } })).toBe('Order 1001 is pending.')
    expect(toolFailure({ applied: false, message: 'Nothing changed.' })).toBe('Nothing changed.')
    expect(toolFailure({ applied: true, ticket: {} })).toBeNull()
    expect(toolFailure({ applied: false, pending_action: { id: 1 } })).toBeNull()
    expect(toolFailure(null)).toBeNull()
  })
})

describe('in the chosen language', () => {
  const nbsp = (s: string) => s.replace(/\s/g, ' ')

  it('keeps en-US as it was: 12-hour clock, month names, dollars', () => {
    const now = new Date(2026, 9, 2, 18, 0)
    expect(formatTime(new Date(2026, 9, 2, 14, 11).toISOString(), now)).toBe('02:11 PM')
    expect(formatTime(new Date(2026, 8, 30, 9, 5).toISOString(), now)).toBe('Sep 30 09:05 AM')
    expect(formatDateTime(new Date(2026, 8, 30, 9, 5).toISOString())).toBe('Sep 30, 2026, 9:05 AM')
    expect(cents(7999)).toBe('$79.99')
    expect(words('waiting_for_agent')).toBe('waiting for agent')
  })

  it('formats dates, times and money for German and Spanish', () => {
    const now = new Date(2026, 9, 2, 18, 0)
    setLanguage('de')
    expect(formatTime(new Date(2026, 9, 2, 14, 11).toISOString(), now)).toBe('14:11')
    expect(formatTime(new Date(2026, 8, 30, 9, 5).toISOString(), now)).toBe('30. Sept. 09:05')
    expect(formatDateTime(new Date(2026, 8, 30, 9, 5).toISOString())).toBe('30.09.2026, 09:05')
    expect(nbsp(cents(123456))).toBe('1.234,56 $')
    setLanguage('es')
    expect(formatTime(new Date(2026, 8, 30, 9, 5).toISOString(), now)).toBe('30 sept 09:05')
    expect(nbsp(cents(7999))).toBe('79,99 US$')
  })

  it('names codes and tool results in the language, and keeps unknown codes', () => {
    setLanguage('de')
    expect(words('waiting_for_agent')).toBe('wartet auf Agent')
    expect(words('in_progress')).toBe('in Bearbeitung')
    expect(words('something_new')).toBe('something new')
    expect(resultStatus({ found: true, count: 2 }).label).toBe('2 gefunden')
    expect(resultStatus({ pending_action: { id: 1 } }).label).toBe('wartet auf Bestätigung')
    expect(resultStatus({ error: { code: 'denied' } }).label).toBe('Fehler: denied')
    expect(toolFailure({ applied: false })).toBe('Die Änderung wurde nicht ausgeführt.')
    setLanguage('es')
    expect(words('refund_requested')).toBe('reembolso solicitado')
    expect(resultStatus({ found: false }).label).toBe('no se encontró nada')
    expect(resultStatus(null).label).toBe('sin resultado')
  })
})
