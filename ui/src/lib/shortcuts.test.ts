import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { COMPOSER_KEYS, isTypingTarget, keyLabel, matchesCombo, parseCombo, resolveShortcut, WORKSPACE_SHORTCUTS, type KeyLike } from './shortcuts'

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
})

describe('parseCombo / matchesCombo', () => {
  it('parses modifiers and lower-cases letters', () => {
    expect(parseCombo('Ctrl+Shift+H')).toEqual({ key: 'h', ctrl: true, alt: false, shift: true })
    expect(parseCombo('Ctrl++')).toEqual({ key: '+', ctrl: true, alt: false, shift: false })
  })
  it('treats Cmd like Ctrl and requires the exact modifiers', () => {
    const c = parseCombo('Ctrl+K')
    expect(matchesCombo(key('k', { ctrlKey: true }), c)).toBe(true)
    expect(matchesCombo(key('K', { metaKey: true }), c)).toBe(true)
    expect(matchesCombo(key('k'), c)).toBe(false)
    expect(matchesCombo(key('k', { ctrlKey: true, altKey: true }), c)).toBe(false)
  })
  it('distinguishes R from Shift+R but ignores Shift for "?"', () => {
    expect(matchesCombo(key('R', { shiftKey: true }), parseCombo('R'))).toBe(false)
    expect(matchesCombo(key('R', { shiftKey: true }), parseCombo('Shift+R'))).toBe(true)
    expect(matchesCombo(key('?', { shiftKey: true }), parseCombo('?'))).toBe(true)
  })
})

describe('resolveShortcut', () => {
  it('maps J/K/A/? outside fields', () => {
    expect(resolveShortcut(key('j'), WORKSPACE_SHORTCUTS, false)).toBe('next-session')
    expect(resolveShortcut(key('k'), WORKSPACE_SHORTCUTS, false)).toBe('prev-session')
    expect(resolveShortcut(key('a'), WORKSPACE_SHORTCUTS, false)).toBe('accept')
    expect(resolveShortcut(key('?', { shiftKey: true }), WORKSPACE_SHORTCUTS, false)).toBe('help')
    expect(resolveShortcut(key('R', { shiftKey: true }), WORKSPACE_SHORTCUTS, false)).toBe('release')
    expect(resolveShortcut(key('r'), WORKSPACE_SHORTCUTS, false)).toBe('focus-composer')
  })
  it('lets letters through while typing but keeps Ctrl+K and Escape', () => {
    expect(resolveShortcut(key('j'), WORKSPACE_SHORTCUTS, true)).toBeNull()
    expect(resolveShortcut(key('a'), WORKSPACE_SHORTCUTS, true)).toBeNull()
    expect(resolveShortcut(key('k', { ctrlKey: true }), WORKSPACE_SHORTCUTS, true)).toBe('focus-filter')
    expect(resolveShortcut(key('Escape'), WORKSPACE_SHORTCUTS, true)).toBe('escape')
  })
  it('does not fire Ctrl+J as J', () => {
    expect(resolveShortcut(key('j', { ctrlKey: true }), WORKSPACE_SHORTCUTS, false)).toBeNull()
  })
})

describe('isTypingTarget', () => {
  const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra }) as unknown as EventTarget
  it('knows text fields from buttons', () => {
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true)
    expect(isTypingTarget(el('INPUT', { type: 'search' }))).toBe(true)
    expect(isTypingTarget(el('INPUT', { type: 'checkbox' }))).toBe(false)
    expect(isTypingTarget(el('BUTTON'))).toBe(false)
    expect(isTypingTarget(el('DIV', { isContentEditable: true }))).toBe(true)
    expect(isTypingTarget(null)).toBe(false)
  })
})

describe('the help overlay’s words', () => {
  afterEach(() => setLanguage('en'))

  it('labels keys and describes every shortcut', () => {
    expect(keyLabel('ArrowDown')).toBe('↓')
    expect(keyLabel('Escape')).toBe('Esc')
    expect(keyLabel('Ctrl+Shift+H')).toBe('Ctrl+Shift+H')
    expect(keyLabel('Ctrl++')).toBe('Ctrl++')
    expect(WORKSPACE_SHORTCUTS.find((s) => s.action === 'accept')?.description).toBe('Accept the selected session')
    expect(COMPOSER_KEYS[0].description).toBe('Send the message')
  })

  it('follows the language, with the German key names', () => {
    setLanguage('de')
    expect(keyLabel('Ctrl+Shift+H')).toBe('Strg+Umschalt+H')
    expect(keyLabel('Ctrl+,')).toBe('Strg+,')
    expect(keyLabel('Shift+Enter')).toBe('Umschalt+Eingabe')
    expect(keyLabel('J')).toBe('J')
    expect(WORKSPACE_SHORTCUTS.find((s) => s.action === 'accept')?.description).toBe('Die ausgewählte Sitzung annehmen')
    expect(COMPOSER_KEYS.map((k) => k.description)).toContain('Neue Zeile')
    // Every shortcut has words of its own (none falls back to its key).
    for (const s of WORKSPACE_SHORTCUTS) expect(s.description).not.toMatch(/^workspace:|shortcut\./)
  })
})
