import { render } from 'svelte/server'
import { describe, expect, it } from 'vitest'
import type { Ledger, LedgerEntry, TranscriptMessage } from '../lib/types'
import ClaimList from './ClaimList.svelte'
import EvidenceBlock from './EvidenceBlock.svelte'
import TranscriptView from './TranscriptView.svelte'

const entry = (e: Partial<LedgerEntry> & Pick<LedgerEntry, 'kind' | 'text'>): LedgerEntry => ({
  start: 0,
  end: e.text.length,
  value: e.text,
  record: null,
  source: null,
  problem: null,
  ...e,
})

const sourced: LedgerEntry[] = [
  entry({
    kind: 'status',
    text: 'has shipped',
    record: { kind: 'order', id: 1042 },
    source: { from: 'tool', call_id: 'c2', tool: 'get_orders', path: '/orders/0/status' },
  }),
  entry({
    kind: 'duration',
    text: '5-7 business days',
    source: { from: 'passage', call_id: 'c3', document: 'Returns policy', section: 'Refund times' },
  }),
  entry({ kind: 'email', text: 'alice@example.com', source: { from: 'customer', message_id: 7 } }),
  entry({
    kind: 'action',
    text: "I've prepared a refund",
    source: { from: 'write', call_id: 'c4', tool: 'flag_refund', outcome: 'pending' },
  }),
]
const unsupported = entry({
  kind: 'money',
  text: '$85.00',
  value: '8500',
  problem: 'that is order 1043’s, not order 1042’s',
})

/** The rendered HTML's text, tags and comments dropped, whitespace squeezed. */
function text(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

const html = (ledger: Ledger, extra: Record<string, unknown> = {}) =>
  render(ClaimList, { props: { ledger, ...extra } }).body

describe('ClaimList', () => {
  it('renders every sourced claim with its source in words, collapsed under a count', () => {
    const out = html({ claims: sourced })
    expect(out).toContain('data-count="4"')
    expect(out).toContain('data-unsupported="0"')
    expect(out).not.toMatch(/<details[^>]*\sopen/)
    const t = text(out)
    expect(t).toContain('4 claims, all sourced')
    expect(t).toContain('status has shipped — order 1042 · get_orders → /orders/0/status')
    expect(t).toContain('— passage: Returns policy › Refund times')
    expect(t).toContain("— customer's own message")
    expect(t).toContain('— write: flag_refund, waiting for Yes')
    expect(t).not.toContain('Unsupported')
    expect(out.match(/data-testid="claim"/g)).toHaveLength(4)
  })

  it('marks an unsupported claim with the word and says why', () => {
    const out = html({ claims: [...sourced, unsupported] })
    expect(out).toContain('data-count="5"')
    expect(out).toContain('data-unsupported="1"')
    expect(out).toContain('data-sourced="false"')
    const t = text(out)
    expect(t).toContain('5 claims, 1 unsupported')
    expect(t).toContain('Unsupported amount $85.00 — that is order 1043’s, not order 1042’s')
    expect(out).toContain('⚠')
  })

  it('counts one claim in the singular, and opens when asked', () => {
    expect(text(html({ claims: [sourced[0]] }))).toContain('1 claim, sourced')
    expect(text(html({ claims: [unsupported] }))).toContain('1 claim, 1 unsupported')
    expect(html({ claims: [unsupported] }, { open: true })).toMatch(/<details[^>]*\sopen/)
  })

  it('says so when an answer has nothing to source', () => {
    const out = html({ claims: [] })
    expect(text(out)).toContain('No claims to source')
    expect(out).not.toContain('<details')
  })

  it('shows claim text as text, never as markup', () => {
    const out = html({ claims: [entry({ kind: 'status', text: '<img src=x onerror=alert(1)>', problem: '<b>x</b>' })] })
    expect(out).not.toContain('<img')
    expect(out).not.toContain('<b>x')
    expect(out).toContain('&lt;img')
  })
})

describe('where the claims are shown', () => {
  const msg = (id: number, role: TranscriptMessage['role'], content: string, ledger: Ledger | null = null): TranscriptMessage => ({
    id,
    seq: id,
    role,
    content,
    tool_name: null,
    tool_call_id: null,
    tool_arguments: null,
    tool_result: null,
    created_at: '2026-11-01T12:00:00Z',
    ledger,
  })

  it('under each assistant answer of a transcript that has a ledger', () => {
    const out = render(TranscriptView, {
      props: {
        messages: [
          msg(1, 'customer', 'Where is order 1042?'),
          msg(2, 'assistant', 'Order 1042 has shipped.', { claims: sourced.slice(0, 1) }),
          msg(3, 'assistant', 'Anything else?'),
        ],
      },
    }).body
    expect(out.match(/data-testid="claims"/g)).toHaveLength(1)
    const answer = out.slice(out.indexOf('data-seq="2"'), out.indexOf('data-seq="3"'))
    expect(answer).toContain('data-testid="claims"')
    expect(text(answer)).toContain('1 claim, sourced')
  })

  it("in the escalation evidence, for the held-back answer's ledger", () => {
    const ledger: Ledger = { claims: [sourced[0], unsupported] }
    const out = render(EvidenceBlock, {
      props: {
        reason: 'hallucination_risk',
        evidence: { held_answer: 'Order 1042 has shipped; you paid $85.00.', unsupported_claims: [], ledger },
      },
    }).body
    expect(out).toContain('data-testid="claims"')
    expect(text(out)).toContain('2 claims, 1 unsupported')
    expect(text(out)).not.toContain('"claims"') // not dumped as JSON as well
  })
})
