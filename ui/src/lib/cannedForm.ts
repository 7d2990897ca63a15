// The canned-reply form: the same rules as cx-core's `canned::validate` (so most mistakes are
// caught before a round trip, with the server's wording), and the manager's list filtering. The
// server still decides: a shortcut clash only it can see, and its message is shown as is.

import { t } from '../i18n/index.svelte'
import type { CannedInput, CannedResponse } from './types'

export const MAX_SHORTCUT = 32
export const MAX_TITLE = 120
export const MAX_CONTENT = 4000
export const MAX_CATEGORY = 40

export interface CannedForm {
  shortcut: string
  title: string
  content: string
  category: string
}

export const EMPTY_FORM: CannedForm = { shortcut: '/', title: '', content: '', category: '' }

export function formFrom(c: CannedResponse): CannedForm {
  return { shortcut: c.shortcut, title: c.title, content: c.content, category: c.category }
}

/** Characters, not UTF-16 units (as Rust's `chars().count()`). */
function chars(s: string): number {
  return [...s].length
}

/**
 * A shortcut is `/` and 1–32 of a–z, 0–9, `-`, `_` (lower-cased; the `/` may be left out):
 * " /Greet " → "/greet". Null when it is not valid.
 */
export function normaliseShortcut(raw: string): string | null {
  const s = raw.trim().toLowerCase()
  const body = s.startsWith('/') ? s.slice(1) : s
  if (body.length === 0 || body.length > MAX_SHORTCUT || !/^[a-z0-9_-]+$/.test(body)) return null
  return `/${body}`
}

export type FieldErrors = Partial<Record<keyof CannedForm, string>>

export type Checked = { ok: true; input: CannedInput } | { ok: false; errors: FieldErrors }

/** The input the server would store, or what is wrong with each field (the server's words). */
export function validateCanned(form: CannedForm): Checked {
  const errors: FieldErrors = {}
  const shortcut = normaliseShortcut(form.shortcut)
  if (shortcut == null)
    errors.shortcut = t('library:canned.invalid.shortcut', { shortcut: form.shortcut.trim().toLowerCase(), max: MAX_SHORTCUT })
  const title = form.title.trim()
  if (chars(title) < 1 || chars(title) > MAX_TITLE) errors.title = t('library:canned.invalid.title', { max: MAX_TITLE })
  const content = form.content.trim()
  if (chars(content) < 1 || chars(content) > MAX_CONTENT) errors.content = t('library:canned.invalid.content', { max: MAX_CONTENT })
  const category = form.category.trim().toLowerCase()
  if (chars(category) < 1 || chars(category) > MAX_CATEGORY) errors.category = t('library:canned.invalid.category', { max: MAX_CATEGORY })
  if (Object.keys(errors).length > 0 || shortcut == null) return { ok: false, errors }
  return { ok: true, input: { shortcut, title, content, category } }
}

/** A shortcut already taken by another reply (the server says so too; this says it sooner). */
export function shortcutTakenBy(list: CannedResponse[], shortcut: string, exceptId: number | null): CannedResponse | null {
  const s = normaliseShortcut(shortcut)
  if (s == null) return null
  return list.find((c) => c.shortcut === s && c.id !== exceptId) ?? null
}

/** The categories in the list, sorted, each once. */
export function categories(list: CannedResponse[]): string[] {
  return [...new Set(list.map((c) => c.category))].sort((a, b) => a.localeCompare(b))
}

/**
 * The manager's list: the category filter ('' = all) and a text search over shortcut, title,
 * content and category (as the server's `search`), sorted by shortcut.
 */
export function filterManaged(list: CannedResponse[], text: string, category: string): CannedResponse[] {
  const needle = text.trim().toLowerCase()
  return list
    .filter((c) => !category || c.category === category)
    .filter((c) => !needle || [c.shortcut, c.title, c.content, c.category].some((f) => f.toLowerCase().includes(needle)))
    .sort((a, b) => a.shortcut.localeCompare(b.shortcut))
}
