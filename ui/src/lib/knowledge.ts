// The knowledge view's logic: where a passage comes from ("Refunds and returns › Refund timing"),
// a short snippet around the words searched for, and what "Save" means for the editor (overwrite
// an open document by its path, or create a new one from a title).

import { t } from '../i18n/index.svelte'
import type { Passage } from './types'

/** cx-core's heading separator. */
export const SEPARATOR = ' › '

/** "Title › Heading", or the title alone for a document's opening text. */
export function passageSource(p: Pick<Passage, 'title' | 'heading'>): string {
  return p.heading ? `${p.title}${SEPARATOR}${p.heading}` : p.title
}

/** The words of a query worth highlighting (lower-case, 2+ letters, each once). */
export function queryWords(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
  return [...new Set(words)]
}

export interface SnippetPiece {
  text: string
  hit: boolean
}

/**
 * Up to `max` characters of `text` around the first word of the query it contains (whitespace
 * collapsed, "…" where cut), split into pieces with the query's words marked. Words match at their
 * start, so "refund" marks "refunds" and "refunded".
 */
export function snippet(text: string, query: string, max = 220): SnippetPiece[] {
  const flat = text.replace(/\s+/g, ' ').trim()
  const words = queryWords(query)
  const lower = flat.toLowerCase()
  let first = -1
  for (const w of words) {
    const i = lower.indexOf(w)
    if (i >= 0 && (first < 0 || i < first)) first = i
  }
  let start = 0
  if (flat.length > max && first > max / 3) start = Math.min(first - Math.floor(max / 3), flat.length - max)
  if (start > 0) {
    const space = flat.indexOf(' ', start)
    if (space >= 0 && space < start + 20) start = space + 1
  }
  let end = Math.min(flat.length, start + max)
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end)
    if (space > start + max / 2) end = space
  }
  const body = flat.slice(start, end)
  const pieces = mark(body, words)
  if (start > 0) pieces.unshift({ text: '…', hit: false })
  if (end < flat.length) pieces.push({ text: '…', hit: false })
  return pieces
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function mark(text: string, words: string[]): SnippetPiece[] {
  if (words.length === 0 || text === '') return text ? [{ text, hit: false }] : []
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escapeRe).join('|')})[\\p{L}\\p{N}]*`, 'giu')
  const out: SnippetPiece[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0
    if (i > last) out.push({ text: text.slice(last, i), hit: false })
    out.push({ text: m[0], hit: true })
    last = i + m[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false })
  return out
}

/** The editor: an open document (by id and path) or a new one (by title). */
export type Draft = { kind: 'existing'; id: number; path: string; content: string } | { kind: 'new'; title: string; content: string }

/**
 * What `kb_save` gets for a draft: the path of an open document, or the new document's title. A
 * new title must name something (letters or digits); a path-like title ("faq/x.md") is refused so
 * that a new document never overwrites a file by accident.
 */
export function saveTarget(d: Draft): { ok: true; pathOrTitle: string } | { ok: false; error: string } {
  if (d.content.trim() === '') return { ok: false, error: t('library:knowledge.invalid.empty') }
  if (d.kind === 'existing') return { ok: true, pathOrTitle: d.path }
  const title = d.title.trim()
  if (!/[\p{L}\p{N}]/u.test(title)) return { ok: false, error: t('library:knowledge.invalid.noTitle') }
  if (/[/\\]/.test(title) || /\.md$/i.test(title) || /^\S+\.[A-Za-z0-9]{1,5}$/.test(title))
    return { ok: false, error: t('library:knowledge.invalid.fileName') }
  return { ok: true, pathOrTitle: title }
}

/** The reindex report in one line: "2 added, 1 updated, 0 removed, 7 unchanged · 84 passages". */
export function reportLine(r: { added: number; updated: number; removed: number; unchanged: number; passages: number }): string {
  const { added, updated, removed, unchanged } = r
  return t('library:knowledge.report', { added, updated, removed, unchanged, count: r.passages })
}
