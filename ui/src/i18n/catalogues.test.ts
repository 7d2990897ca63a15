// Every language ships complete: the same keys as English in every namespace, the same
// placeholders in each message, the plural forms its own grammar needs, and no empty text.
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from './languages'
import { catalogues, NAMESPACES } from './resources'

const PLURAL = /_(zero|one|two|few|many|other)$/

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv)
    else out.set(key, String(v))
  }
  return out
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort()
}

/** Keys with their plural suffix taken off, and the placeholders each base uses. */
function bases(messages: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [key, text] of messages) {
    const base = key.replace(PLURAL, '')
    const found = placeholders(text).filter((p) => p !== 'count')
    out.set(base, [...new Set([...(out.get(base) ?? []), ...found])].sort())
  }
  return out
}

const all = catalogues()

describe('message catalogues', () => {
  it('has every language and namespace', () => {
    for (const { code } of LANGUAGES) {
      expect(Object.keys(all[code] ?? {}).sort(), code).toEqual([...NAMESPACES].sort())
    }
  })

  for (const { code } of LANGUAGES.filter((l) => l.code !== 'en')) {
    for (const ns of NAMESPACES) {
      it(`${code}/${ns} has exactly English's messages and placeholders`, () => {
        const en = bases(flatten(all.en[ns]))
        const other = bases(flatten(all[code][ns]))
        expect([...other.keys()].sort()).toEqual([...en.keys()].sort())
        for (const [base, names] of en) expect(other.get(base), `${code}/${ns}:${base}`).toEqual(names)
      })
    }
  }

  for (const { code } of LANGUAGES) {
    it(`${code} has no empty message and every plural form its grammar needs`, () => {
      const needed = new Intl.PluralRules(code).resolvedOptions().pluralCategories
      for (const ns of NAMESPACES) {
        const messages = flatten(all[code][ns])
        for (const [key, text] of messages) expect(text.trim(), `${code}/${ns}:${key}`).not.toBe('')
        const plurals = new Set([...messages.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')))
        for (const base of plurals) {
          for (const cat of needed) expect(messages.has(`${base}_${cat}`), `${code}/${ns}:${base}_${cat}`).toBe(true)
        }
      }
    })
  }
})
