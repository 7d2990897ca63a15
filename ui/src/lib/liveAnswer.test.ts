import { describe, expect, it } from 'vitest'
import {
  addSentence,
  answerText,
  beginAnswer,
  placeAnswers,
  settleAnswer,
  unheard,
  visibleMessages,
  type LiveAnswer,
  type Stored,
} from './liveAnswer'

const S = 40
const sentence = (index: number, text: string, session_id = S) => ({ session_id, index, text })
const msg = (seq: number, role: string, content: string): Stored & { id: number } => ({ id: seq, seq, role, content })

const ONE = 'Your order 1001 has shipped.'
const TWO = 'Order 1001 cost $79.99.'
const HANDOFF = "I'm bringing in a member of our team to help you. A person will join you shortly."

/** A turn begun after seq 2, with `sentences` arrived in that order of indexes. */
function streamed(...sentences: [number, string][]): LiveAnswer[] {
  let answers = beginAnswer([], S, 2)
  for (const [i, t] of sentences) answers = addSentence(answers, sentence(i, t))
  return answers
}

describe('addSentence', () => {
  it('shows sentences in order of their index, whatever order they come in', () => {
    let answers = streamed([0, ONE])
    expect(answers[0].sentences).toEqual([ONE])
    answers = addSentence(answers, sentence(2, 'Anything else?'))
    expect(answers[0].sentences).toEqual([ONE]) // index 1 is missing: 2 waits
    answers = addSentence(answers, sentence(1, TWO))
    expect(answers[0].sentences).toEqual([ONE, TWO, 'Anything else?'])
    expect(answers[0].early).toEqual({})
    expect(answerText(answers[0])).toBe(`${ONE} ${TWO} Anything else?`)
  })

  it('ignores a sentence already shown or already waiting', () => {
    const answers = streamed([0, ONE], [2, 'Anything else?'])
    expect(addSentence(answers, sentence(0, 'A different first sentence.'))).toBe(answers)
    expect(addSentence(answers, sentence(2, 'Something else.'))).toBe(answers)
    expect(addSentence(answers, sentence(-1, 'Nonsense.'))).toBe(answers)
  })

  it("ignores another session's sentences, and sentences with no turn in flight", () => {
    const answers = streamed([0, ONE])
    expect(addSentence(answers, sentence(1, TWO, S + 1))).toBe(answers)
    expect(addSentence([], sentence(0, ONE))).toEqual([])
    const settled = settleAnswer(answers, { escalated: true }, [])
    expect(addSentence(settled, sentence(1, TWO))).toBe(settled) // late: the turn is over
  })
})

describe('settleAnswer', () => {
  const stored = [msg(1, 'assistant', 'Hello!'), msg(2, 'customer', 'hi'), msg(3, 'customer', 'Where is 1001?')]

  it('replaces the live bubble with the stored reply when the answer went through', () => {
    const answers = streamed([0, ONE], [1, TWO])
    const messages = [...stored, msg(4, 'assistant', `${ONE} ${TWO}`)]
    expect(settleAnswer(answers, { escalated: false }, messages)).toEqual([])
    // Even when the reply is not fetched yet: the outcome's reply is what is shown.
    expect(settleAnswer(answers, { escalated: false }, stored)).toEqual([])
  })

  it('keeps the sentences shown when the turn escalated, and the handoff follows them', () => {
    const answers = streamed([0, ONE])
    const messages = [...stored, msg(4, 'assistant', HANDOFF)]
    const settled = settleAnswer(answers, { escalated: true }, messages)
    expect(settled).toHaveLength(1)
    expect(settled[0].state).toBe('kept')
    expect(settled[0].sentences).toEqual([ONE])
    const { rows, tail } = placeAnswers(messages, settled)
    expect(tail).toEqual([])
    expect(rows.map((r) => (r.kind === 'message' ? r.message.content : answerText(r.answer)))).toEqual([
      'Hello!',
      'hi',
      'Where is 1001?',
      ONE,
      HANDOFF,
    ])
  })

  it('keeps what was shown when the call failed', () => {
    expect(settleAnswer(streamed([0, ONE]), null, stored)[0].state).toBe('kept')
  })

  it('drops a kept bubble the stored messages already say (no duplicate)', () => {
    const answers = streamed([0, ONE])
    const messages = [...stored, msg(4, 'assistant', `${ONE}\n${HANDOFF}`)]
    expect(settleAnswer(answers, { escalated: true }, messages)).toEqual([])
    // An older message with the same words does not count: only the turn's own.
    const older = [msg(1, 'assistant', ONE), msg(3, 'customer', 'again'), msg(4, 'assistant', HANDOFF)]
    expect(settleAnswer(answers, { escalated: true }, older)).toHaveLength(1)
  })

  it('forgets an answer that showed nothing', () => {
    expect(settleAnswer(beginAnswer([], S, 2), { escalated: true }, stored)).toEqual([])
  })

  it('leaves answers kept from earlier turns alone', () => {
    const kept = settleAnswer(streamed([0, ONE]), { escalated: true }, [])
    const next = addSentence(beginAnswer(kept, S, 5), sentence(0, 'Happy to help.'))
    expect(next.map((a) => a.state)).toEqual(['kept', 'streaming'])
    expect(settleAnswer(next, { escalated: false }, [])).toEqual(kept)
  })
})

describe('beginAnswer', () => {
  it("clears another session's answers (a new customer sees nothing of the last)", () => {
    const kept = settleAnswer(streamed([0, ONE]), { escalated: true }, [])
    const next = beginAnswer(kept, S + 1, 0)
    expect(next).toHaveLength(1)
    expect(next[0]).toMatchObject({ sessionId: S + 1, sentences: [], state: 'streaming' })
  })
})

describe('visibleMessages and placeAnswers', () => {
  const before = [msg(1, 'assistant', 'Hello!'), msg(2, 'customer', 'hi')]

  it("holds the turn's stored reply back while its answer is streaming", () => {
    const answers = streamed([0, ONE])
    const messages = [...before, msg(3, 'customer', 'Where is 1001?'), msg(4, 'assistant', `${ONE} ${TWO}`)]
    expect(visibleMessages(messages, answers).map((m) => m.seq)).toEqual([1, 2, 3])
    // The live bubble goes after the customer's message, where the reply will be.
    const { rows, tail } = placeAnswers(messages, answers)
    expect(rows.map((r) => (r.kind === 'message' ? r.message.seq : 'answer'))).toEqual([1, 2, 3, 'answer'])
    expect(tail).toEqual([])
    // Before anything of the turn is stored, it follows the customer's words being sent.
    expect(placeAnswers(before, answers).tail).toEqual(answers)
    // Settled: the stored reply alone says it, once.
    const settled = settleAnswer(answers, { escalated: false }, messages)
    expect(visibleMessages(messages, settled)).toEqual(messages)
    expect(placeAnswers(messages, settled).tail).toEqual([])
  })

  it('shows everything while no sentence has come (a model that does not stream)', () => {
    const messages = [...before, msg(3, 'customer', 'Where is 1001?'), msg(4, 'assistant', ONE)]
    const answers = beginAnswer([], S, 2)
    expect(visibleMessages(messages, answers)).toEqual(messages)
    expect(placeAnswers(messages, answers)).toEqual({
      rows: messages.map((message) => ({ kind: 'message', message })),
      tail: [],
    })
  })

  it('puts a live answer before a message a person wrote meanwhile', () => {
    const answers = streamed([0, ONE])
    const messages = [...before, msg(3, 'customer', 'Where is 1001?'), msg(4, 'agent', 'Hi, this is Dana.')]
    const { rows, tail } = placeAnswers(messages, answers)
    expect(rows.map((r) => (r.kind === 'message' ? r.message.seq : 'answer'))).toEqual([1, 2, 3, 'answer', 4])
    expect(tail).toEqual([])
  })
})

describe('unheard', () => {
  it('leaves out of a stored reply the sentences already read aloud live', () => {
    const heard = ['Your order 1001 has shipped.', 'It arrives on Friday.']
    expect(unheard('Your order 1001 has shipped.  It arrives on Friday. Anything else?', heard)).toBe('Anything else?')
    expect(unheard('Your order 1001 has shipped. It arrives on Friday.', heard)).toBe('')
  })
  it('reads all of a reply that is not the one heard (a handoff after a cut-short answer)', () => {
    expect(unheard('A person will take over from here.', ['Your order 1001 has shipped.'])).toBe(
      'A person will take over from here.',
    )
    expect(unheard('It arrives on Friday. Your order 1001 has shipped.', ['Your order 1001 has shipped.', 'It arrives on Friday.'])).toBe(
      'It arrives on Friday. Your order 1001 has shipped.',
    )
    expect(unheard('Hello  there', [])).toBe('Hello there')
  })
})
