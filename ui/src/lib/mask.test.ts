import { describe, expect, it } from 'vitest'
import { maskEmail, maskPersonalData, maskPhone } from './mask'

describe('maskEmail', () => {
  it('keeps the first and last letter of the local part and the domain', () => {
    expect(maskEmail('alice@example.com')).toBe('a***e@example.com')
  })
  it('handles a one-letter local part', () => {
    expect(maskEmail('a@example.com')).toBe('a***@example.com')
  })
})

describe('maskPhone', () => {
  it('keeps only the last four digits and the separators', () => {
    expect(maskPhone('+1 555 0100 1234')).toBe('+• ••• •••• 1234')
    expect(maskPhone('555-010-4821')).toBe('•••-•••-4821')
  })
})

describe('maskPersonalData', () => {
  it('masks emails and phones inside a sentence', () => {
    const out = maskPersonalData('I have alice@example.com and +1 555 0100 1234 on file.')
    expect(out).toBe('I have a***e@example.com and +• ••• •••• 1234 on file.')
    expect(out).not.toContain('alice@')
    expect(out).not.toContain('0100')
  })
  it('masks every occurrence, including upper-case and sub-domains', () => {
    expect(maskPersonalData('Bob.Smith@Mail.Example.co.uk, b@x.io')).toBe('B***h@Mail.Example.co.uk, b***@x.io')
  })
  it('masks a phone written without separators', () => {
    expect(maskPersonalData('call 5550100482')).toBe('call ••••••0482')
  })
  it('leaves order ids, amounts, dates and tracking numbers alone', () => {
    const text = 'Order 1042 ($79.99) shipped on 2026-10-02 with 1Z84A0E60312345678; see also 1042 1043.'
    expect(maskPersonalData(text)).toBe(text)
  })
  it('keeps the last four digits of the customer phone (the verification fact is only 4 digits)', () => {
    expect(maskPersonalData('phone ending 4821')).toBe('phone ending 4821')
  })
})
