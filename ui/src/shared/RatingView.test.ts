import { render } from 'svelte/server'
import { describe, expect, it } from 'vitest'
import type { TranscriptMessage } from '../lib/types'
import TranscriptView from './TranscriptView.svelte'

const msg = (id: number, role: string, content: string): TranscriptMessage => ({
  id,
  seq: id,
  role: role as TranscriptMessage['role'],
  content,
  tool_name: null,
  tool_call_id: null,
  tool_arguments: null,
  tool_result: null,
  created_at: '2026-11-01T12:00:00Z',
  ledger: null,
})

const text = (h: string) =>
  h
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()

const messages = [msg(1, 'customer', 'Where is order 1042?'), msg(2, 'assistant', 'It has shipped.')]

describe('the rating in a transcript', () => {
  it('follows the last message: score out of 5 with words, the comment, when', () => {
    const out = render(TranscriptView, {
      props: { messages, rating: { score: 4, comment: 'Quick & friendly.', at: '2026-11-01T12:05:00Z' } },
    }).body
    const at = out.indexOf('data-testid="transcript-rating"')
    expect(at).toBeGreaterThan(out.indexOf('data-seq="2"'))
    const block = text(out.slice(at))
    expect(block).toContain('Customer rating')
    expect(block).toContain('4/5 · Good')
    expect(block).toContain('Quick & friendly.')
    expect(out).toContain('data-score="4"')
    expect(out).toContain('datetime="2026-11-01T12:05:00Z"')
  })

  it('says there is no comment when there is none, and shows nothing for an unrated session', () => {
    const rated = render(TranscriptView, {
      props: { messages, rating: { score: 1, comment: null, at: '2026-11-01T12:05:00Z' } },
    }).body
    expect(text(rated)).toContain('1/5 · Very poor')
    expect(text(rated)).toContain('No comment.')
    for (const rating of [null, undefined]) {
      const out = render(TranscriptView, { props: { messages, rating } }).body
      expect(out).not.toContain('transcript-rating')
    }
  })
})
