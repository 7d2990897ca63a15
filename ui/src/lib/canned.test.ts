import { describe, expect, it } from 'vitest'
import { expandAtCaret, filterCanned, slashTokenAt } from './canned'
import type { CannedResponse } from './types'

const c = (shortcut: string, title: string, content: string, category = 'general'): CannedResponse => ({
  id: shortcut.length,
  shortcut,
  title,
  content,
  category,
})

const LIST = [
  c('/thanks', 'Thanks', 'Thank you for your patience.'),
  c('/greet', 'Greeting', 'Hello! How can I help you today?'),
  c('/refund', 'Refund timeline', 'Refunds take 5–7 business days.', 'billing'),
  c('/returns', 'Returns', 'You can return within 30 days.', 'returns'),
  c('/shipping', 'Shipping times', 'Standard shipping takes 3–5 days.', 'shipping'),
]

describe('slashTokenAt', () => {
  it('finds the /word under the caret at the start and after a space', () => {
    expect(slashTokenAt('/gr', 3)).toEqual({ start: 0, end: 3, query: 'gr' })
    expect(slashTokenAt('Hi /Ref', 7)).toEqual({ start: 3, end: 7, query: 'ref' })
  })
  it('ignores slashes inside words and paths', () => {
    expect(slashTokenAt('and/or', 6)).toBeNull()
    expect(slashTokenAt('see /a/b', 8)).toBeNull()
    expect(slashTokenAt('hello', 5)).toBeNull()
  })
  it('looks at the word where the caret is, not the end of the text', () => {
    expect(slashTokenAt('/gr and more', 3)?.query).toBe('gr')
    expect(slashTokenAt('/gr and more', 12)).toBeNull()
  })
})

describe('filterCanned', () => {
  it('lists all, sorted by shortcut, for an empty query', () => {
    expect(filterCanned(LIST, '').map((x) => x.shortcut)).toEqual([
      '/greet',
      '/refund',
      '/returns',
      '/shipping',
      '/thanks',
    ])
  })
  it('puts prefix matches before other matches', () => {
    expect(filterCanned(LIST, 're').map((x) => x.shortcut)).toEqual(['/refund', '/returns', '/greet'])
  })
  it('matches titles and categories', () => {
    expect(filterCanned(LIST, 'billing').map((x) => x.shortcut)).toEqual(['/refund'])
    expect(filterCanned(LIST, 'TIMES').map((x) => x.shortcut)).toEqual(['/shipping'])
  })
  it('returns nothing for a query nothing matches', () => {
    expect(filterCanned(LIST, 'zzz')).toEqual([])
  })
})

describe('expandAtCaret', () => {
  it('expands an exact shortcut and puts the caret after the content', () => {
    const out = expandAtCaret('/greet', 6, LIST)
    expect(out).toEqual({ text: 'Hello! How can I help you today?', caret: 32 })
  })
  it('expands in the middle of a text and keeps what follows', () => {
    const text = 'Hi! /thanks Bye'
    const out = expandAtCaret(text, 11, LIST)!
    expect(out.text).toBe('Hi! Thank you for your patience. Bye')
    expect(out.text.slice(0, out.caret)).toBe('Hi! Thank you for your patience.')
  })
  it('expands a unique prefix but not an ambiguous one', () => {
    expect(expandAtCaret('/sh', 3, LIST)?.text).toBe('Standard shipping takes 3–5 days.')
    expect(expandAtCaret('/re', 3, LIST)).toBeNull()
  })
  it('leaves Tab alone without a token or for an unknown one', () => {
    expect(expandAtCaret('hello', 5, LIST)).toBeNull()
    expect(expandAtCaret('/nope', 5, LIST)).toBeNull()
    expect(expandAtCaret('/', 1, LIST)).toBeNull()
  })
})
