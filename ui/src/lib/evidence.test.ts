import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { claimsOf, evidenceFacts, heldAnswerOf, markClaims } from './evidence'
import type { Evidence } from './types'

const claim = (text: string, kind = 'order_id', value = text) => ({ kind, text, value })

describe('markClaims', () => {
  it('marks each claim and keeps the text intact', () => {
    const answer = 'Your order #1042 has shipped and costs $79.99.'
    const segs = markClaims(answer, [claim('order #1042'), claim('$79.99', 'amount', '7999')])
    expect(segs.map((s) => s.text).join('')).toBe(answer)
    expect(segs.filter((s) => s.claim).map((s) => s.text)).toEqual(['order #1042', '$79.99'])
    expect(segs[1].claim?.kind).toBe('order_id')
  })
  it('marks every occurrence of a claim', () => {
    const segs = markClaims('1042 then 1042 again', [claim('1042')])
    expect(segs.filter((s) => s.claim)).toHaveLength(2)
  })
  it('falls back to a case-insensitive match', () => {
    const segs = markClaims('Ticket 5007 is resolved.', [claim('ticket 5007', 'ticket_id', '5007')])
    expect(segs.find((s) => s.claim)?.text).toBe('Ticket 5007')
  })
  it('does not double-mark overlapping claims (longer wins at the same start)', () => {
    const answer = 'order #1042 shipped'
    const segs = markClaims(answer, [claim('order #1042'), claim('order'), claim('1042')])
    expect(segs.filter((s) => s.claim).map((s) => s.text)).toEqual(['order #1042'])
    expect(segs.map((s) => s.text).join('')).toBe(answer)
  })
  it('returns the whole answer unmarked when a claim is not in it', () => {
    expect(markClaims('Hello there', [claim('1042')])).toEqual([{ text: 'Hello there' }])
    expect(markClaims('', [])).toEqual([{ text: '' }])
  })
})

describe('evidence parsing', () => {
  // Another shape than the typed ones (cx-core's Evidence::Other): read tolerantly.
  const ev: Evidence = {
    held_answer: 'Order 1042 was delivered on 2 October.',
    unsupported_claims: [{ kind: 'status', text: 'delivered', value: 'delivered' }, { nonsense: true }, null],
  }
  it('reads the held answer and the well-formed claims', () => {
    expect(heldAnswerOf(ev)).toBe('Order 1042 was delivered on 2 October.')
    expect(claimsOf(ev)).toEqual([{ kind: 'status', text: 'delivered', value: 'delivered' }])
    expect(claimsOf(null)).toEqual([])
    expect(heldAnswerOf({})).toBeNull()
  })
  it('turns evidence into labelled facts per reason, keeping unknown keys', () => {
    const facts = evidenceFacts('repeated_intent', {
      message: 'where is my order',
      earlier_message: 'where is my order?',
      similarity: 0.93,
      extra: 'x',
    })
    expect(facts.map((f) => [f.label, f.value])).toEqual([
      ['Latest message', 'where is my order'],
      ['Earlier message', 'where is my order?'],
      ['Similarity', '93%'],
      ['extra', 'x'],
    ])
  })
  it('lists each empty lookup of a data gap with its message', () => {
    const facts = evidenceFacts('data_gap', {
      empty_lookups: [{ tool: 'get_orders', arguments: { customer_id: 3 }, result: { found: false, message: 'No orders found for customer 3.' } }],
    })
    expect(facts).toEqual([{ label: 'Empty lookup: get_orders', value: 'No orders found for customer 3.', json: { customer_id: 3 } }])
  })
  it('shows a verification lockout as counts', () => {
    const facts = evidenceFacts('verification_failed', {
      failed_attempts: { session_failures: 1, identity_failures: 5, station_failures: 7, locked: ['identity'] },
      window_minutes: 15,
      lock_minutes: 30,
    })
    expect(facts.map((f) => [f.label, f.value])).toEqual([
      ['Failed attempts in this session', '1'],
      ['Failed attempts on this identity', '5'],
      ['Failed attempts at this station', '7'],
      ['Locked', 'identity'],
      ['Counted over', '15 min'],
      ['Lock lasts', '30 min'],
    ])
  })
  it('leaves the held answer to its own block for hallucination risk', () => {
    expect(evidenceFacts('hallucination_risk', ev)).toEqual([])
  })
})

describe('evidence in another language', () => {
  afterEach(() => setLanguage('en'))

  it('labels the facts in Spanish, with its percent and minutes', () => {
    setLanguage('es')
    const facts = evidenceFacts('repeated_intent', { message: 'a', earlier_message: 'b', similarity: 0.93 })
    expect(facts.map((f) => [f.label, f.value.replace(/\s/g, ' ')])).toEqual([
      ['Último mensaje', 'a'],
      ['Mensaje anterior', 'b'],
      ['Similitud', '93 %'],
    ])
    const lock = evidenceFacts('verification_failed', { failed_attempts: { locked: ['identity'] }, lock_minutes: 30 })
    expect(lock.map((f) => [f.label, f.value])).toEqual([
      ['Bloqueado', 'identidad'],
      ['El bloqueo dura', '30 min'],
    ])
  })
})
