import { describe, expect, it } from 'vitest'
import { windowKind } from './window'

describe('windowKind', () => {
  it('reads ?window= and falls back to the workspace', () => {
    expect(windowKind('?window=kiosk')).toBe('kiosk')
    expect(windowKind('?window=history&x=1')).toBe('history')
    expect(windowKind('?window=workspace')).toBe('workspace')
    expect(windowKind('')).toBe('workspace')
    expect(windowKind('?window=admin')).toBe('workspace')
  })
})
