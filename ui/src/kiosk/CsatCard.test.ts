import { render } from 'svelte/server'
import { describe, expect, it } from 'vitest'
import type { CsatPrompt } from '../lib/kiosk'
import CsatCard from './CsatCard.svelte'

const noop = () => {}
const html = (p: Partial<CsatPrompt>) =>
  render(CsatCard, {
    props: {
      prompt: { sessionId: 7, score: null, comment: '', phase: 'asking', error: null, ...p },
      onchoose: noop,
      oncomment: noop,
      onsend: noop,
      onskip: noop,
      onpoke: noop,
    },
  }).body

/** The rendered HTML's text, tags and comments dropped, whitespace squeezed. */
const text = (h: string) =>
  h
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()

describe('CsatCard', () => {
  it('asks with five labelled buttons, a comment with a counter, Send and Skip', () => {
    const out = html({})
    expect(text(out)).toContain('How did we do?')
    for (const [n, words] of [
      [1, 'Very poor'],
      [2, 'Poor'],
      [3, 'Okay'],
      [4, 'Good'],
      [5, 'Excellent'],
    ] as const) {
      const at = out.indexOf(`data-testid="kiosk-csat-score-${n}"`)
      expect(at).toBeGreaterThan(-1)
      const button = out.slice(out.lastIndexOf('<button', at), out.indexOf('</button>', at))
      expect(button).toContain('aria-pressed="false"')
      expect(text(button + '>')).toContain(`${n} ${words}`)
    }
    expect(out).toContain('role="group"')
    expect(out).toContain('data-testid="kiosk-csat-comment"')
    expect(out).toContain('maxlength="1000"')
    expect(text(out)).toContain('0/1000 characters')
    expect(out).toMatch(/data-testid="kiosk-csat-send"[^>]*disabled/)
    expect(out).toContain('data-testid="kiosk-csat-skip"')
    expect(out).not.toContain('kiosk-csat-thanks')
    expect(out).toMatch(/role="status"[^>]*aria-live="polite"|aria-live="polite"[^>]*role="status"/)
  })

  it('marks the chosen score pressed and offers to send it', () => {
    const out = html({ score: 4, comment: 'Quick' })
    expect(out).toMatch(/data-testid="kiosk-csat-score-4"[^>]*aria-pressed="true"|aria-pressed="true"[^>]*data-testid="kiosk-csat-score-4"/)
    expect(out.match(/aria-pressed="true"/g)).toHaveLength(1)
    expect(text(out)).toContain('Send: 4 · Good')
    expect(text(out)).toContain('5/1000 characters')
    expect(out).not.toMatch(/data-testid="kiosk-csat-send"[^>]*disabled/)
  })

  it('shows a failed send as text', () => {
    const out = html({ score: 2, error: 'session 7 has already been rated' })
    expect(out).toContain('data-testid="kiosk-csat-error"')
    expect(text(out)).toContain('Your answer could not be sent: session 7 has already been rated')
  })

  it('thanks, in the live region, with nothing left to press', () => {
    const out = html({ score: 5, phase: 'thanks' })
    expect(text(out)).toContain('Thank you for your feedback!')
    expect(out).toContain('data-testid="kiosk-csat-thanks"')
    expect(out).not.toContain('kiosk-csat-send')
    expect(out).not.toContain('kiosk-csat-score-')
  })
})

describe('CsatCard in the language of the customer who just left', () => {
  it('asks in German, marked lang="de", whatever the window shows', () => {
    const out = render(CsatCard, {
      props: {
        prompt: { sessionId: 7, score: 5, comment: 'Danke', phase: 'asking', error: 'Diese Unterhaltung wurde bereits bewertet.' },
        onchoose: noop,
        oncomment: noop,
        onsend: noop,
        onskip: noop,
        onpoke: noop,
        lang: 'de',
      },
    }).body
    expect(out).toMatch(/data-testid="kiosk-csat"[^>]*lang="de"|lang="de"[^>]*data-testid="kiosk-csat"/)
    const words = text(out)
    expect(words).toContain('Wie waren wir?')
    expect(words).toContain('5 Ausgezeichnet (5 von 5)')
    expect(words).toContain('Senden: 5 · Ausgezeichnet')
    expect(words).toContain('5/1000 Zeichen')
    expect(words).toContain('Ihre Antwort konnte nicht gesendet werden: Diese Unterhaltung wurde bereits bewertet.')
    expect(words).not.toContain('How did we do?')
  })
})
