// Keyboard shortcuts: one table that drives both the key handling and the help overlay, so the
// two can never disagree.

import { t } from '../i18n/index.svelte'

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

export interface Combo {
  key: string
  ctrl: boolean
  alt: boolean
  shift: boolean
}

export interface Shortcut<A extends string = string> {
  action: A
  /** e.g. "Ctrl+K", "J", "?", "Escape". Ctrl also means Cmd (macOS). */
  keys: string[]
  /** For the help overlay, in the current language (the workspace's are getters over the catalogue). */
  readonly description: string
  /** Plain-letter shortcuts would eat what the agent types, so they only fire outside fields. */
  whileTyping?: boolean
}

export function parseCombo(text: string): Combo {
  const parts = text.split('+')
  // "Ctrl++" would split into ['Ctrl', '', ''] — keep the last "+" as the key.
  let key = parts.pop() ?? ''
  if (key === '' && parts.length > 0 && parts[parts.length - 1] === '') {
    parts.pop()
    key = '+'
  }
  const mods = parts.map((p) => p.toLowerCase())
  return {
    key: key.length === 1 ? key.toLowerCase() : key,
    ctrl: mods.includes('ctrl') || mods.includes('cmd'),
    alt: mods.includes('alt'),
    shift: mods.includes('shift'),
  }
}

export function matchesCombo(e: KeyLike, combo: Combo): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (key !== combo.key) return false
  if ((e.ctrlKey || e.metaKey) !== combo.ctrl) return false
  if (e.altKey !== combo.alt) return false
  // Shift is part of typing "?" on most layouts: only check it for letters and named keys.
  const printableSymbol = combo.key.length === 1 && !/[a-z0-9]/.test(combo.key)
  if (!printableSymbol && e.shiftKey !== combo.shift) return false
  return true
}

/** Whether the event's target is a place where keys are text (input, textarea, select, editable). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as (HTMLElement & { isContentEditable?: boolean }) | null
  if (!el || typeof el.tagName !== 'string') return false
  const tag = el.tagName.toLowerCase()
  if (tag === 'textarea' || tag === 'select') return true
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type ?? 'text').toLowerCase()
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type)
  }
  return !!el.isContentEditable
}

/** The action for this key press, or null. */
export function resolveShortcut<A extends string>(
  e: KeyLike,
  table: Shortcut<A>[],
  typing: boolean,
): A | null {
  for (const s of table) {
    if (typing && !s.whileTyping) continue
    if (s.keys.some((k) => matchesCombo(e, parseCombo(k)))) return s.action
  }
  return null
}

/** The workspace's shortcuts. */
export type WorkspaceAction =
  | 'help'
  | 'focus-filter'
  | 'next-session'
  | 'prev-session'
  | 'accept'
  | 'release'
  | 'focus-composer'
  | 'suggest'
  | 'use-suggestion-1'
  | 'use-suggestion-2'
  | 'use-suggestion-3'
  | 'settings'
  | 'history'
  | 'escape'

function shortcut(action: WorkspaceAction, keys: string[], whileTyping = false): Shortcut<WorkspaceAction> {
  return {
    action,
    keys,
    ...(whileTyping ? { whileTyping } : {}),
    get description() {
      return t(`workspace:shortcut.${action}`)
    },
  }
}

export const WORKSPACE_SHORTCUTS: Shortcut<WorkspaceAction>[] = [
  shortcut('escape', ['Escape'], true),
  shortcut('focus-filter', ['Ctrl+K'], true),
  shortcut('settings', ['Ctrl+,'], true),
  shortcut('history', ['Ctrl+Shift+H'], true),
  shortcut('next-session', ['J', 'ArrowDown']),
  shortcut('prev-session', ['K', 'ArrowUp']),
  shortcut('accept', ['A']),
  shortcut('release', ['Shift+R']),
  shortcut('focus-composer', ['R', 'C']),
  shortcut('suggest', ['S']),
  shortcut('use-suggestion-1', ['1']),
  shortcut('use-suggestion-2', ['2']),
  shortcut('use-suggestion-3', ['3']),
  shortcut('help', ['?']),
]

type ComposerKey = 'send' | 'newLine' | 'openCanned' | 'expandCanned' | 'moveCanned'

function composerKey(id: ComposerKey, keys: string[]): { id: ComposerKey; keys: string[]; readonly description: string } {
  return {
    id,
    keys,
    get description() {
      return t(`workspace:shortcut.${id}`)
    },
  }
}

/** Keys handled inside the composer itself (listed in the help overlay only). */
export const COMPOSER_KEYS: { id: ComposerKey; keys: string[]; readonly description: string }[] = [
  composerKey('send', ['Enter', 'Ctrl+Enter']),
  composerKey('newLine', ['Shift+Enter']),
  composerKey('openCanned', ['/']),
  composerKey('expandCanned', ['Tab']),
  composerKey('moveCanned', ['↑', '↓']),
]

const NAMED_KEYS = ['Ctrl', 'Shift', 'Alt', 'Enter', 'Escape', 'Tab'] as const
type NamedKey = (typeof NAMED_KEYS)[number]

/**
 * Shown in the overlay: "Ctrl+K" stays ("Strg+K" on a German keyboard), "ArrowDown" becomes "↓",
 * "Escape" "Esc".
 */
export function keyLabel(k: string): string {
  if (k === '+' || k.length === 1) return k
  const parts = k.endsWith('++') ? [...k.slice(0, -2).split('+'), '+'] : k.split('+')
  return parts
    .map((p) => {
      if (p === 'ArrowDown') return '↓'
      if (p === 'ArrowUp') return '↑'
      return (NAMED_KEYS as readonly string[]).includes(p) ? t(`workspace:key.${p as NamedKey}`) : p
    })
    .join('+')
}
