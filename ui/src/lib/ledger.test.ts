import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { evidenceFacts } from './evidence'
import { claimLine, ledgerOf, ledgerSummary, sourceInWords } from './ledger'
import type { Ledger } from './types'

const ledger: Ledger = {
  claims: [
    {
      kind: 'status',
      text: 'has shipped',
      start: 17,
      end: 28,
      value: 'shipped',
      record: { kind: 'order', id: 1042 },
      source: { from: 'tool', call_id: 'c2', tool: 'get_orders', path: '/orders/0/status' },
      problem: null,
    },
    {
      kind: 'money',
      text: '$85.00',
      start: 40,
      end: 46,
      value: '8500',
      record: null,
      source: null,
      problem: 'no tool result, passage or customer message in this session states it',
    },
  ],
}

describe('sourceInWords', () => {
  it('names the record, the tool and the field', () => {
    const tool = { from: 'tool', call_id: 'c', tool: 'get_orders', path: '/orders/0/status' } as const
    expect(sourceInWords(tool, { kind: 'order', id: 1042 })).toBe('order 1042 · get_orders → /orders/0/status')
    expect(sourceInWords(tool)).toBe('get_orders → /orders/0/status')
  })
  it('names passages, the customer and writes', () => {
    expect(sourceInWords({ from: 'passage', call_id: 'c', document: 'Returns policy', section: 'Refund times' })).toBe(
      'passage: Returns policy › Refund times',
    )
    expect(sourceInWords({ from: 'passage', call_id: 'c', document: 'Shipping', section: '' })).toBe('passage: Shipping')
    expect(sourceInWords({ from: 'customer', message_id: 3 })).toBe("customer's own message")
    expect(sourceInWords({ from: 'write', call_id: 'c', tool: 'flag_refund', outcome: 'pending' })).toBe(
      'write: flag_refund, waiting for Yes',
    )
    expect(sourceInWords({ from: 'write', call_id: 'c', tool: 'update_ticket', outcome: 'applied' })).toBe(
      'write: update_ticket, done',
    )
  })
})

describe('claimLine and ledgerSummary', () => {
  it('gives the problem for an unsupported claim', () => {
    expect(claimLine(ledger.claims[1])).toEqual({
      kind: 'money',
      kindLabel: 'amount',
      text: '$85.00',
      sourced: false,
      detail: 'no tool result, passage or customer message in this session states it',
    })
    expect(claimLine(ledger.claims[0]).detail).toBe('order 1042 · get_orders → /orders/0/status')
  })
  it('counts', () => {
    expect(ledgerSummary(ledger)).toBe('2 claims, 1 unsupported')
    expect(ledgerSummary({ claims: [ledger.claims[0]] })).toBe('1 claim, sourced')
    expect(ledgerSummary({ claims: [ledger.claims[0], ledger.claims[0]] })).toBe('2 claims, all sourced')
    expect(ledgerSummary({ claims: [] })).toBe('no claims')
  })
})

describe('ledgerOf', () => {
  it('reads a ledger from evidence JSON', () => {
    expect(ledgerOf(JSON.parse(JSON.stringify(ledger)))).toEqual(ledger)
    expect(ledgerOf({ claims: [] })).toEqual({ claims: [] })
  })
  it('refuses anything not shaped like one', () => {
    for (const bad of [
      null,
      'ledger',
      { claims: 'x' },
      { claims: [{ kind: 'nonsense', text: 'x', value: 'x' }] },
      { claims: [{ ...ledger.claims[0], source: { from: 'tool', tool: 'x' } }] },
      { claims: [{ ...ledger.claims[0], source: { from: 'elsewhere' } }] },
      { claims: [{ ...ledger.claims[0], record: { kind: 'customer', id: 1 } }] },
      { claims: [{ ...ledger.claims[1], problem: 42 }] },
    ]) {
      expect(ledgerOf(bad), JSON.stringify(bad)).toBeNull()
    }
  })
  it('keeps a held-back ledger out of the raw facts only when it reads', () => {
    const evidence = { held_answer: 'x', unsupported_claims: [], ledger }
    expect(evidenceFacts('hallucination_risk', evidence).map((f) => f.label)).toEqual([])
    const broken = { held_answer: 'x', unsupported_claims: [], ledger: { claims: 'x' } }
    expect(evidenceFacts('hallucination_risk', broken).map((f) => f.label)).toEqual(['ledger'])
  })
})

describe('the ledger in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it('counts with each language\'s plurals and names sources in its words', () => {
    setLanguage('de')
    expect(ledgerSummary(ledger)).toBe('2 Aussagen, 1 unbelegt')
    expect(ledgerSummary({ claims: [ledger.claims[0]] })).toBe('1 Aussage, belegt')
    expect(ledgerSummary({ claims: [ledger.claims[0], ledger.claims[0]] })).toBe('2 Aussagen, alle belegt')
    expect(claimLine(ledger.claims[0]).detail).toBe('Bestellung 1042 · get_orders → /orders/0/status')
    expect(claimLine(ledger.claims[1]).kindLabel).toBe('Betrag')
    setLanguage('es')
    expect(ledgerSummary({ claims: [] })).toBe('sin afirmaciones')
    expect(ledgerSummary({ claims: [ledger.claims[0], ledger.claims[0]] })).toBe('2 afirmaciones, todas con fuente')
    expect(sourceInWords({ from: 'customer', message_id: 3 })).toBe('mensaje del propio cliente')
  })
})
