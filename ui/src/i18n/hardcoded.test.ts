// Every word a window shows comes from a catalogue: no text node and no user-facing attribute
// (aria-label, title, placeholder, alt…) in a component may hold letters of its own. Anything
// computed ({t('…')}, {name}) is fine; the catalogue test then holds each language complete.
import { parse } from 'svelte/compiler'
import { describe, expect, it } from 'vitest'

// Every component's source, by path (Vite reads them; no Node API needed).
const SOURCES = import.meta.glob<string>('../**/*.svelte', { query: '?raw', import: 'default', eager: true })
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label'])
const WORDS = /\p{L}{2,}/u

type Node = { type: string; start: number; data?: string; name?: string; value?: unknown; [k: string]: unknown }

/** The literal words in a component's markup, with the line each is on. */
function literalWords(source: string): string[] {
  const ast = parse(source, { modern: true }) as unknown as { fragment: Node }
  const found: string[] = []
  const line = (at: number) => source.slice(0, at).split('\n').length
  const walk = (node: unknown, parentName?: string): void => {
    if (!node || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach((n) => walk(n, parentName))
    const n = node as Node
    if (n.type === 'Text' && typeof n.data === 'string' && parentName !== 'style' && WORDS.test(n.data)) {
      found.push(`line ${line(n.start)}: ${n.data.trim().slice(0, 60)}`)
    }
    if (n.type === 'Attribute') {
      // class="…", data-testid="…" and the like are code, not words a person reads.
      if (typeof n.name === 'string' && VISIBLE_ATTRIBUTES.has(n.name) && Array.isArray(n.value)) {
        for (const part of n.value as Node[]) {
          if (part.type === 'Text' && WORDS.test(part.data ?? '')) found.push(`line ${line(part.start)}: ${n.name}="${part.data}"`)
        }
      }
      return
    }
    if (typeof n.type === 'string' && n.type.endsWith('Directive')) return
    const name = n.type === 'RegularElement' || n.type === 'SvelteElement' ? (n.name as string) : parentName
    for (const [k, v] of Object.entries(n)) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'expression' || k === 'metadata') continue
      if (typeof v === 'object') walk(v, name)
    }
  }
  walk(ast.fragment)
  return found
}

describe('no words outside the catalogues', () => {
  it('finds the components', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20)
  })
  for (const [path, source] of Object.entries(SOURCES)) {
    it(path.replace(/^\.\.\//, ''), () => {
      expect(literalWords(source)).toEqual([])
    })
  }
})
