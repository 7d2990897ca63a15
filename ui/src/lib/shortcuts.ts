// Keyboard shortcuts: one table that drives both the key handling and the help overlay, so the
// two can never disagree.

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
  description: string
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

export const WORKSPACE_SHORTCUTS: Shortcut<WorkspaceAction>[] = [
  { action: 'escape', keys: ['Escape'], description: 'Close the overlay or list that is open', whileTyping: true },
  { action: 'focus-filter', keys: ['Ctrl+K'], description: 'Focus the queue filter', whileTyping: true },
  { action: 'settings', keys: ['Ctrl+,'], description: 'Open settings', whileTyping: true },
  { action: 'history', keys: ['Ctrl+Shift+H'], description: 'Open the history window', whileTyping: true },
  { action: 'next-session', keys: ['J', 'ArrowDown'], description: 'Next session in the queue' },
  { action: 'prev-session', keys: ['K', 'ArrowUp'], description: 'Previous session in the queue' },
  { action: 'accept', keys: ['A'], description: 'Accept the selected session' },
  { action: 'release', keys: ['Shift+R'], description: 'Release the session to the assistant' },
  { action: 'focus-composer', keys: ['R', 'C'], description: 'Reply: focus the composer' },
  { action: 'suggest', keys: ['S'], description: 'Ask the co-pilot for suggestions' },
  { action: 'use-suggestion-1', keys: ['1'], description: 'Put co-pilot suggestion 1 in the composer' },
  { action: 'use-suggestion-2', keys: ['2'], description: 'Put co-pilot suggestion 2 in the composer' },
  { action: 'use-suggestion-3', keys: ['3'], description: 'Put co-pilot suggestion 3 in the composer' },
  { action: 'help', keys: ['?'], description: 'Show this list of shortcuts' },
]

/** Keys handled inside the composer itself (listed in the help overlay only). */
export const COMPOSER_KEYS: { keys: string[]; description: string }[] = [
  { keys: ['Enter', 'Ctrl+Enter'], description: 'Send the message' },
  { keys: ['Shift+Enter'], description: 'New line' },
  { keys: ['/'], description: 'Open canned replies (type to filter)' },
  { keys: ['Tab'], description: 'Expand the canned reply, e.g. /greet' },
  { keys: ['↑', '↓'], description: 'Move in the canned replies list' },
]

/** Shown in the overlay: "Ctrl+K" stays, "ArrowDown" becomes "↓". */
export function keyLabel(k: string): string {
  return k.replace('ArrowDown', '↓').replace('ArrowUp', '↑').replace('Escape', 'Esc')
}
