import { afterEach, describe, expect, it } from 'vitest'
import { formatDate, formatMoney } from './format'
import { language, setLanguage, t } from './index.svelte'

afterEach(() => setLanguage('en'))

describe('language', () => {
  it('switches every message and refuses what Rust does not offer', () => {
    expect(t('common:actions.cancel')).toBe('Cancel')
    setLanguage('de')
    expect(language()).toBe('de')
    expect(t('common:actions.cancel')).toBe('Abbrechen')
    setLanguage('es')
    expect(t('common:actions.cancel')).toBe('Cancelar')
    expect(() => setLanguage('fr' as never)).toThrow(/not a supported language/)
    expect(language()).toBe('es')
  })

  it('formats money and dates for the locale', () => {
    const day = new Date(Date.UTC(2026, 11, 2, 12))
    expect(formatMoney(123456)).toBe('$1,234.56')
    expect(formatDate(day, { dateStyle: 'long', timeZone: 'UTC' })).toBe('December 2, 2026')
    setLanguage('de')
    expect(formatMoney(123456).replace(/\s/g, ' ')).toBe('1.234,56 $')
    expect(formatDate(day, { dateStyle: 'long', timeZone: 'UTC' })).toBe('2. Dezember 2026')
    setLanguage('es')
    expect(formatMoney(7999).replace(/\s/g, ' ')).toBe('79,99 US$')
    expect(formatDate(day, { dateStyle: 'long', timeZone: 'UTC' })).toBe('2 de diciembre de 2026')
  })
})
