import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  agentHasJoined,
  CSAT_COMMENT_MAX,
  CSAT_PROMPT_SECS,
  CSAT_SCORES,
  CSAT_THANKS_MS,
  CsatQuestion,
  limitComment,
  ratingLabel,
  ratingRequest,
  scoreWords,
  type CsatPrompt,
  describeAction,
  displayText,
  kioskErrorText,
  translatorFor,
  lastSeq,
  mergeMessages,
  sessionChange,
  updateActions,
} from './kiosk'
import { setLanguage } from '../i18n/index.svelte'
import type { MessageRole, MessageView, PendingState, PendingView } from './types'

const msg = (id: number, seq: number, role: MessageRole, content = `m${id}`): MessageView => ({
  id,
  seq,
  role,
  content,
  tool_name: null,
  tool_arguments: null,
  tool_result: null,
  sentiment: null,
  created_at: '2026-10-02T14:11:00Z',
})

describe('mergeMessages', () => {
  it('dedupes by id, orders by seq and drops roles a customer must not see', () => {
    const a = [msg(1, 1, 'customer'), msg(3, 3, 'assistant')]
    const b = [msg(3, 3, 'assistant'), msg(2, 2, 'tool'), msg(4, 4, 'system'), msg(5, 5, 'agent'), msg(0, 0, 'assistant')]
    const out = mergeMessages(a, b)
    expect(out.map((m) => m.id)).toEqual([0, 1, 3, 5])
    expect(lastSeq(out)).toBe(5)
    expect(lastSeq([])).toBe(0)
  })
})

describe('displayText', () => {
  it('masks personal data in every message', () => {
    expect(displayText({ content: 'I found alice@example.com, phone +1 555 0100 1234.' })).toBe(
      'I found a***e@example.com, phone +• ••• •••• 1234.',
    )
  })
})

describe('describeAction', () => {
  it('describes an email change with the address masked', () => {
    const d = describeAction({ tool: 'update_user_email', arguments: { new_email: 'alice.new@example.com' } })
    expect(d.title).toBe('Change the email address on your account')
    expect(d.details).toEqual(['New email: a***w@example.com'])
  })
  it('describes a refund with its reason', () => {
    const d = describeAction({ tool: 'flag_refund', arguments: { order_id: 1042, reason: 'arrived broken' } })
    expect(d.title).toBe('Request a refund for order 1042')
    expect(d.details).toContain('Reason: arrived broken')
  })
  it('describes a ticket status in words', () => {
    expect(describeAction({ tool: 'update_ticket', arguments: { ticket_id: 5007, status: 'in_progress' } }).title).toBe(
      'Mark ticket 5007 as in progress',
    )
  })
  it('still says something useful for an unknown tool, masked', () => {
    const d = describeAction({ tool: 'update_phone', arguments: { phone: '+1 555 0100 1234' } })
    expect(d.title).toBe('Make a change: update phone')
    expect(d.details).toEqual(['phone: +• ••• •••• 1234'])
  })
})

describe('describeAction in the customer\'s language', () => {
  afterEach(() => setLanguage('en'))

  it('says a refund and an email change in German, formally', () => {
    setLanguage('de')
    const refund = describeAction({ tool: 'flag_refund', arguments: { order_id: 1042, reason: 'kaputt angekommen' } })
    expect(refund.title).toBe('Eine Erstattung für Bestellung 1042 beantragen')
    expect(refund.details).toEqual([
      'Bestellung 1042',
      'Grund: kaputt angekommen',
      'Nach der Genehmigung geht die Erstattung an Ihre ursprüngliche Zahlungsart.',
    ])
    const email = describeAction({ tool: 'update_user_email', arguments: { new_email: 'alice.new@example.com' } })
    expect(email).toEqual({ title: 'Die E-Mail-Adresse Ihres Kontos ändern', details: ['Neue E-Mail-Adresse: a***w@example.com'] })
  })

  it('says a ticket status in Spanish', () => {
    setLanguage('es')
    expect(describeAction({ tool: 'update_ticket', arguments: { ticket_id: 5007, status: 'resolved' } }).title).toBe(
      'Marcar la solicitud 5007 como «resuelta»',
    )
  })

  it("formats money and dates of a tool it has no words for in the customer's locale; ids stay as they are", () => {
    const change = { tool: 'credit_account', arguments: { order_id: 1001, amount_cents: 123456, due: '2026-12-02' } }
    expect(describeAction(change).details).toEqual(['order id: 1001', 'amount: $1,234.56', 'due: December 2, 2026'])
    setLanguage('de')
    const de = describeAction(change)
    expect(de.title).toBe('Eine Änderung vornehmen: credit account')
    expect(de.details.map((d) => d.replace(/\u00a0/g, ' '))).toEqual(['order id: 1001', 'amount: 1.234,56 $', 'due: 2. Dezember 2026'])
  })
})

describe('kioskErrorText', () => {
  afterEach(() => setLanguage('en'))

  it("turns the backend's codes into words for a customer, in their language", () => {
    const ended = { code: 'refused', message: 'session 12 has ended; start a new one' }
    expect(kioskErrorText(ended)).toBe('This conversation has ended. Press “I\'m done” to start a new one.')
    expect(kioskErrorText({ code: 'database_busy', message: 'database is busy' })).toBe(
      'We are a little busy right now. Please try again in a moment.',
    )
    setLanguage('de')
    expect(kioskErrorText(ended)).toBe('Diese Unterhaltung ist beendet. Tippen Sie auf „Fertig“, um eine neue zu beginnen.')
    expect(kioskErrorText({ code: 'model', message: 'HTTP 500 from the model' })).toMatch(/^Der Assistent kann gerade nicht antworten/)
  })

  it('reads a rating error as one about the rating', () => {
    expect(kioskErrorText({ code: 'conflict', message: 'session 7 has already been rated' }, 'rating')).toBe(
      'This conversation has already been rated.',
    )
    expect(kioskErrorText({ code: 'refused', message: 'too late' }, 'rating', translatorFor('es'))).toBe(
      'Esta conversación ya no se puede valorar.',
    )
  })

  it("falls back to the backend's own message for anything else", () => {
    expect(kioskErrorText({ code: 'teapot', message: 'I am a teapot' })).toBe('I am a teapot')
    expect(kioskErrorText('no connection')).toBe('no connection')
  })
})

describe('updateActions', () => {
  const p = (id: number, state: PendingState): PendingView => ({ id, tool: 'flag_refund', arguments: {}, state })
  it('adds proposals and removes decided ones', () => {
    let open = updateActions([], { pending_actions: [p(7, 'proposed')] })
    expect(open.map((x) => x.id)).toEqual([7])
    open = updateActions(open, { pending_actions: [p(8, 'proposed')] })
    expect(open.map((x) => x.id)).toEqual([7, 8])
    open = updateActions(open, { pending_actions: [p(7, 'confirmed')] })
    expect(open.map((x) => x.id)).toEqual([8])
  })
})

describe('agentHasJoined', () => {
  it('is true once an agent wrote', () => {
    expect(agentHasJoined([msg(1, 1, 'customer')])).toBe(false)
    expect(agentHasJoined([msg(1, 1, 'customer'), msg(2, 2, 'agent')])).toBe(true)
  })
})

describe('sessionChange', () => {
  it('ends the conversation on screen when its session is closed', () => {
    expect(sessionChange(7, { session_id: 7, status: 'closed' })).toBe('closed')
  })
  it('ignores other sessions and events with no conversation on screen', () => {
    expect(sessionChange(7, { session_id: 8, status: 'closed' })).toBe('ignore')
    expect(sessionChange(null, { session_id: 7, status: 'closed' })).toBe('ignore')
  })
  it('tells a release from an escalation', () => {
    expect(sessionChange(7, { session_id: 7, status: 'active' })).toBe('active')
    expect(sessionChange(7, { session_id: 7, status: 'escalated' })).toBe('escalated')
    expect(sessionChange(7, { session_id: 7, status: 'with_agent' })).toBe('escalated')
  })
})

describe('the rating words', () => {
  it('gives every score words, never a colour alone', () => {
    expect(CSAT_SCORES.map((s) => `${s.score} ${s.words}`)).toEqual([
      '1 Very poor',
      '2 Poor',
      '3 Okay',
      '4 Good',
      '5 Excellent',
    ])
    expect(ratingLabel({ score: 4 })).toBe('4/5 · Good')
    expect(scoreWords(0)).toBe('out of range')
  })
  it("says them in another language than the window's when asked to", () => {
    expect(scoreWords(5, translatorFor('de'))).toBe('Ausgezeichnet')
    expect(scoreWords(1, translatorFor('es'))).toBe('Muy mal')
    expect(scoreWords(5)).toBe('Excellent')
    setLanguage('es')
    try {
      expect(CSAT_SCORES.map((s) => s.words)).toEqual(['Muy mal', 'Mal', 'Regular', 'Bien', 'Excelente'])
    } finally {
      setLanguage('en')
    }
  })
  it('goes away long before the server stops accepting the answer (15 minutes)', () => {
    expect(CSAT_PROMPT_SECS).toBeGreaterThan(0)
    expect(CSAT_PROMPT_SECS * 1000 + CSAT_THANKS_MS).toBeLessThan(15 * 60 * 1000)
  })
})

describe('limitComment and ratingRequest', () => {
  const prompt = (p: Partial<CsatPrompt> = {}): CsatPrompt => ({
    sessionId: 7,
    score: 4,
    comment: '',
    phase: 'asking',
    error: null,
    ...p,
  })
  it('cuts a comment at the limit without splitting a character', () => {
    expect(limitComment('ok')).toBe('ok')
    expect(limitComment('x'.repeat(CSAT_COMMENT_MAX + 5))).toHaveLength(CSAT_COMMENT_MAX)
    const emoji = 'x'.repeat(CSAT_COMMENT_MAX - 1) + '😀'
    expect(limitComment(emoji)).toBe('x'.repeat(CSAT_COMMENT_MAX - 1))
  })
  it('sends the score with the comment trimmed, an empty comment as none', () => {
    expect(ratingRequest(prompt({ comment: '  Quick, thanks!\n' }))).toEqual({
      sessionId: 7,
      score: 4,
      comment: 'Quick, thanks!',
    })
    expect(ratingRequest(prompt({ comment: ' \n ' }))?.comment).toBeNull()
  })
  it('sends nothing without a score, or twice', () => {
    expect(ratingRequest(prompt({ score: null }))).toBeNull()
    expect(ratingRequest(prompt({ phase: 'sending' }))).toBeNull()
    expect(ratingRequest(prompt({ phase: 'thanks' }))).toBeNull()
  })
})

describe('CsatQuestion', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function setup(rate: (id: number, score: number, comment: string | null) => Promise<unknown> = async () => ({})) {
    const shown: (CsatPrompt | null)[] = []
    const rateFn = vi.fn(rate)
    const q = new CsatQuestion({
      rate: rateFn,
      onChange: (p) => shown.push(p),
      errorText: (e) => (e as { message: string }).message,
    })
    return { q, shown, rate: rateFn, last: () => shown[shown.length - 1] }
  }

  it('asks about the session that ended and sends its answer, then thanks and goes', async () => {
    const { q, rate, last } = setup()
    q.ask(12)
    expect(last()).toEqual({ sessionId: 12, score: null, comment: '', phase: 'asking', error: null })
    await q.send() // no score yet: nothing happens
    expect(rate).not.toHaveBeenCalled()
    q.choose(4)
    q.setComment('  Friendly and quick ')
    await q.send()
    expect(rate).toHaveBeenCalledWith(12, 4, 'Friendly and quick')
    expect(last()?.phase).toBe('thanks')
    await q.send()
    expect(rate).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(CSAT_THANKS_MS - 1)
    expect(last()?.phase).toBe('thanks')
    vi.advanceTimersByTime(1)
    expect(last()).toBeNull()
  })

  it('ignores scores outside 1..5', () => {
    const { q, last } = setup()
    q.ask(1)
    for (const bad of [0, 6, 2.5, NaN]) q.choose(bad)
    expect(last()?.score).toBeNull()
  })

  it('goes away by itself when nobody answers, and stays while someone does', () => {
    const { q, last } = setup()
    q.ask(3)
    vi.advanceTimersByTime(CSAT_PROMPT_SECS * 1000 - 1000)
    q.choose(5) // touched: the clock starts again
    vi.advanceTimersByTime(CSAT_PROMPT_SECS * 1000 - 1)
    expect(last()?.score).toBe(5)
    vi.advanceTimersByTime(1)
    expect(last()).toBeNull()
    expect(q.current).toBeNull()
  })

  it('waits for the session to be closed before sending, and drops the question if it was not', async () => {
    let close!: () => void
    const ended = new Promise<void>((r) => (close = r))
    const { q, rate, last } = setup()
    q.ask(5, ended)
    q.choose(3)
    const sending = q.send()
    await Promise.resolve()
    expect(rate).not.toHaveBeenCalled()
    expect(last()?.phase).toBe('sending')
    close()
    await sending
    expect(rate).toHaveBeenCalledWith(5, 3, null)

    const failed = setup()
    failed.q.ask(6, Promise.reject(new Error('could not close')))
    await vi.waitFor(() => expect(failed.last()).toBeNull())
    await failed.q.send()
    expect(failed.rate).not.toHaveBeenCalled()
  })

  it('shows why a send failed and lets the customer try again or skip', async () => {
    let fail = true
    const { q, rate, last } = setup(async () => {
      if (fail) throw { code: 'refused', message: 'session 4 ended more than 15 minutes ago' }
      return {}
    })
    q.ask(4)
    q.choose(2)
    await q.send()
    expect(last()).toMatchObject({ phase: 'asking', score: 2, error: 'session 4 ended more than 15 minutes ago' })
    fail = false
    await q.send()
    expect(rate).toHaveBeenCalledTimes(2)
    expect(last()).toMatchObject({ phase: 'thanks', error: null })

    q.ask(8)
    q.dismiss() // Skip
    expect(last()).toBeNull()
  })

  it('drops an answer that comes back after the next customer started', async () => {
    let answer!: () => void
    const { q, last, shown } = setup(() => new Promise<void>((r) => (answer = r)))
    q.ask(9)
    q.choose(1)
    q.setComment('slow')
    const sending = q.send()
    await vi.waitFor(() => expect(answer).toBeDefined())
    q.dismiss() // the next customer typed
    const before = shown.length
    answer()
    await sending
    expect(shown.length).toBe(before)
    expect(last()).toBeNull()
    // A later question starts blank, with nothing of the one before.
    q.ask(10)
    expect(last()).toEqual({ sessionId: 10, score: null, comment: '', phase: 'asking', error: null })
    vi.advanceTimersByTime(CSAT_THANKS_MS)
    expect(last()?.sessionId).toBe(10)
  })

  it('asking about a new session replaces the old question', () => {
    const { q, last } = setup()
    q.ask(1)
    q.choose(5)
    q.setComment('great')
    q.ask(2)
    expect(last()).toEqual({ sessionId: 2, score: null, comment: '', phase: 'asking', error: null })
  })

  it('keeps a comment within the limit', () => {
    const { q, last } = setup()
    q.ask(1)
    q.setComment('y'.repeat(CSAT_COMMENT_MAX + 10))
    expect(last()?.comment).toHaveLength(CSAT_COMMENT_MAX)
  })
})
