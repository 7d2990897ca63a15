import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { categories, filterManaged, normaliseShortcut, shortcutTakenBy, validateCanned } from './cannedForm'
import type { CannedResponse } from './types'

const LIST: CannedResponse[] = [
  { id: 1, shortcut: '/greet', title: 'Greeting', content: 'Hello there', category: 'general' },
  { id: 2, shortcut: '/refund', title: 'Refund timing', content: 'Refunds take 5-7 days', category: 'billing' },
  { id: 3, shortcut: '/bye', title: 'Goodbye', content: 'Have a nice day', category: 'general' },
]

describe('normaliseShortcut (mirrors cx-core)', () => {
  it('trims, lower-cases and adds the slash', () => {
    expect(normaliseShortcut(' /Greet ')).toBe('/greet')
    expect(normaliseShortcut('thanks_2')).toBe('/thanks_2')
    expect(normaliseShortcut('/a-b')).toBe('/a-b')
  })
  it('refuses empty, long or odd shortcuts', () => {
    expect(normaliseShortcut('/')).toBeNull()
    expect(normaliseShortcut('')).toBeNull()
    expect(normaliseShortcut('/' + 'a'.repeat(33))).toBeNull()
    expect(normaliseShortcut('/' + 'a'.repeat(32))).toBe('/' + 'a'.repeat(32))
    expect(normaliseShortcut('/two words')).toBeNull()
    expect(normaliseShortcut('//x')).toBeNull()
    expect(normaliseShortcut('/café')).toBeNull()
  })
})

describe('validateCanned', () => {
  it('builds the input the server stores', () => {
    const r = validateCanned({ shortcut: 'Hi', title: ' Hi ', content: ' Hello! ', category: ' General ' })
    expect(r).toEqual({ ok: true, input: { shortcut: '/hi', title: 'Hi', content: 'Hello!', category: 'general' } })
  })
  it("names each bad field in the server's words", () => {
    const r = validateCanned({ shortcut: '/No Way', title: '  ', content: 'x'.repeat(4001), category: '' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.shortcut).toBe("'/no way' is not a valid shortcut: use / followed by 1 to 32 letters, digits, - or _")
    expect(r.errors.title).toBe('a title is 1 to 120 characters')
    expect(r.errors.content).toBe('a canned reply is 1 to 4000 characters')
    expect(r.errors.category).toBe('a category is 1 to 40 characters')
  })
  it('counts characters, not UTF-16 units', () => {
    expect(validateCanned({ shortcut: '/x', title: '😀'.repeat(120), content: 'c', category: 'g' }).ok).toBe(true)
  })
})

describe('the manager list', () => {
  it('finds a clash, except with the reply being edited', () => {
    expect(shortcutTakenBy(LIST, 'GREET', null)?.id).toBe(1)
    expect(shortcutTakenBy(LIST, '/greet', 1)).toBeNull()
    expect(shortcutTakenBy(LIST, '/new', null)).toBeNull()
  })
  it('lists categories and filters by category and text', () => {
    expect(categories(LIST)).toEqual(['billing', 'general'])
    expect(filterManaged(LIST, '', 'general').map((c) => c.id)).toEqual([3, 1])
    expect(filterManaged(LIST, 'DAYS', '').map((c) => c.id)).toEqual([2])
    expect(filterManaged(LIST, 'nice', 'billing')).toEqual([])
  })
})

describe('the form in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it('says what is wrong with each field in the chosen language', () => {
    setLanguage('de')
    const de = validateCanned({ shortcut: '/no way', title: '', content: 'x', category: 'g' })
    expect(!de.ok && de.errors).toEqual({
      shortcut: '„/no way“ ist kein gültiges Kürzel: / gefolgt von 1 bis 32 Buchstaben, Ziffern, - oder _',
      title: 'ein Titel hat 1 bis 120 Zeichen',
    })
    setLanguage('es')
    const es = validateCanned({ shortcut: '/ok', title: 't', content: '', category: 'g' })
    expect(!es.ok && es.errors).toEqual({ content: 'una respuesta predefinida tiene de 1 a 4000 caracteres' })
  })
})
