import { describe, expect, it } from 'vitest'
import { formatJson, formatTime, resultStatus, summarizeArgs, toolFailure } from './format'

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
