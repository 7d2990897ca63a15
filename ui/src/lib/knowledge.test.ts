import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { passageSource, queryWords, reportLine, saveTarget, snippet } from './knowledge'

describe('passageSource', () => {
  it('joins title and heading', () => {
    expect(passageSource({ title: 'Refunds and returns', heading: 'Refund timing' })).toBe('Refunds and returns › Refund timing')
    expect(passageSource({ title: 'Shipping', heading: '' })).toBe('Shipping')
  })
})

describe('snippet', () => {
  it('marks the query words at word starts', () => {
    const s = snippet('Refunds take 5 days. A refunded order shows it.', 'refund')
    expect(s.filter((p) => p.hit).map((p) => p.text)).toEqual(['Refunds', 'refunded'])
    expect(s.map((p) => p.text).join('')).toBe('Refunds take 5 days. A refunded order shows it.')
  })

  it('cuts long text around the first hit, on word boundaries', () => {
    const text = `${'lorem ipsum '.repeat(40)}the refund window is 30 days ${'dolor sit '.repeat(40)}`
    const s = snippet(text, 'refund window', 80)
    const joined = s.map((p) => p.text).join('')
    expect(joined.startsWith('…')).toBe(true)
    expect(joined.endsWith('…')).toBe(true)
    expect(joined).toContain('refund window is 30 days')
    expect(joined.length).toBeLessThanOrEqual(82)
  })

  it('shows the start when nothing matches', () => {
    const s = snippet('Short text.', 'xyz')
    expect(s).toEqual([{ text: 'Short text.', hit: false }])
  })

  it('ignores one-letter words and regex characters', () => {
    expect(queryWords('a (refund)? Refund!')).toEqual(['refund'])
  })
})

describe('saveTarget', () => {
  it('saves an open document by its path', () => {
    expect(saveTarget({ kind: 'existing', id: 1, path: 'refunds.md', content: '# R' })).toEqual({ ok: true, pathOrTitle: 'refunds.md' })
  })
  it('creates a new document from a title', () => {
    expect(saveTarget({ kind: 'new', title: ' Gift cards ', content: 'x' })).toEqual({ ok: true, pathOrTitle: 'Gift cards' })
    expect(saveTarget({ kind: 'new', title: 'Version 2.0 notes', content: 'x' }).ok).toBe(true)
  })
  it('refuses empty content, empty titles and file names', () => {
    expect(saveTarget({ kind: 'new', title: 'A', content: '  ' })).toEqual({ ok: false, error: 'The document is empty.' })
    expect(saveTarget({ kind: 'new', title: ' -- ', content: 'x' }).ok).toBe(false)
    expect(saveTarget({ kind: 'new', title: 'faq/x', content: 'x' }).ok).toBe(false)
    expect(saveTarget({ kind: 'new', title: 'notes.md', content: 'x' }).ok).toBe(false)
  })
})

describe('reportLine', () => {
  it('says what the reindex did', () => {
    expect(reportLine({ added: 1, updated: 0, removed: 2, unchanged: 7, passages: 80 })).toBe(
      '1 added, 0 updated, 2 removed, 7 unchanged · 80 passages',
    )
  })
})

describe('in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it('reports a re-index and refuses a draft in the chosen language', () => {
    expect(reportLine({ added: 0, updated: 0, removed: 0, unchanged: 1, passages: 1 })).toBe(
      '0 added, 0 updated, 0 removed, 1 unchanged · 1 passage',
    )
    setLanguage('de')
    expect(reportLine({ added: 1, updated: 0, removed: 2, unchanged: 7, passages: 80 })).toBe(
      '1 hinzugefügt, 0 aktualisiert, 2 entfernt, 7 unverändert · 80 Abschnitte',
    )
    expect(saveTarget({ kind: 'new', title: 'faq/x.md', content: 'x' })).toEqual({
      ok: false,
      error: 'Ein Titel, kein Dateiname: Die Datei wird nach ihm benannt.',
    })
    setLanguage('es')
    expect(saveTarget({ kind: 'new', title: 'A', content: ' ' })).toEqual({ ok: false, error: 'El documento está vacío.' })
  })
})
