// Canned replies in the composer: typing `/` at the start of a word opens the list, filtered by
// what follows; Tab (or Enter, or a click) replaces the `/word` with the reply's content.

import type { CannedResponse } from './types'

export interface SlashToken {
  /** Index of the `/` in the text. */
  start: number
  /** End of the token (the caret). */
  end: number
  /** What was typed after the `/`, lower-cased. */
  query: string
}

/**
 * The `/word` the caret is in, if any. A slash only counts at the start of the text or after
 * whitespace, so "and/or" or a URL never opens the list.
 */
export function slashTokenAt(text: string, caret: number): SlashToken | null {
  let i = caret
  while (i > 0 && !/\s/.test(text[i - 1])) i -= 1
  if (text[i] !== '/') return null
  const word = text.slice(i + 1, caret)
  if (word.includes('/')) return null
  return { start: i, end: caret, query: word.toLowerCase() }
}

/**
 * Replies matching the query: shortcut prefix matches first (in shortcut order), then replies whose
 * shortcut, title or category contains the query. An empty query lists them all.
 */
export function filterCanned(list: CannedResponse[], query: string): CannedResponse[] {
  const q = query.trim().toLowerCase().replace(/^\//, '')
  const sorted = [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut))
  if (!q) return sorted
  const name = (c: CannedResponse) => c.shortcut.toLowerCase().replace(/^\//, '')
  const prefix = sorted.filter((c) => name(c).startsWith(q))
  const rest = sorted.filter(
    (c) =>
      !name(c).startsWith(q) &&
      (name(c).includes(q) || c.title.toLowerCase().includes(q) || c.category.toLowerCase().includes(q)),
  )
  return [...prefix, ...rest]
}

export interface Expansion {
  text: string
  caret: number
}

/** Replace the token with the reply's content; the caret lands right after it. */
export function expandToken(text: string, token: SlashToken, content: string): Expansion {
  const before = text.slice(0, token.start)
  const after = text.slice(token.end)
  return { text: before + content + after, caret: before.length + content.length }
}

/**
 * Tab in the composer: expand the `/word` at the caret when it names exactly one reply, or when
 * it is the unique prefix of one. Returns null when Tab should keep its usual meaning.
 */
export function expandAtCaret(text: string, caret: number, list: CannedResponse[]): Expansion | null {
  const token = slashTokenAt(text, caret)
  if (!token) return null
  const exact = list.find((c) => c.shortcut.toLowerCase() === `/${token.query}`)
  if (exact) return expandToken(text, token, exact.content)
  if (!token.query) return null
  const matches = list.filter((c) => c.shortcut.toLowerCase().startsWith(`/${token.query}`))
  return matches.length === 1 ? expandToken(text, token, matches[0].content) : null
}
