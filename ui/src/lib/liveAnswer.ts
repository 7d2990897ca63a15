// The kiosk's answer sentence by sentence: while a turn is in flight, each `answer_sentence`
// event (a sentence the claim ledger already grounded) joins a live assistant bubble; when the
// turn's outcome arrives, the stored reply replaces the bubble. The kiosk never shows anything
// else of an answer: no text of its own, nothing the ledger held back.

import type { CoreEvent, TurnOutcome } from './types'

/** The part of a stored message this module looks at. */
export type Stored = { seq: number; role: string; content: string }

export type SentenceEvent = Pick<Extract<CoreEvent, { type: 'answer_sentence' }>, 'session_id' | 'index' | 'text'>

export interface LiveAnswer {
  sessionId: number
  /** The last seq on screen when the turn began: the turn's stored messages come after it. */
  afterSeq: number
  /** What is shown: the sentences from index 0 with no gap, in order. */
  sentences: string[]
  /** Sentences that came ahead of a missing one, by index: shown once the gap is filled. */
  early: Record<number, string>
  /**
   * `streaming`: the turn is in flight. `kept`: the turn ended with a handoff before the whole
   * answer was shown; what was shown is true and stays, the handoff reply follows it.
   */
  state: 'streaming' | 'kept'
}

/** A turn begins in `sessionId`: a new (empty) live answer; answers of other sessions go. */
export function beginAnswer(answers: LiveAnswer[], sessionId: number, afterSeq: number): LiveAnswer[] {
  const kept = answers.filter((a) => a.sessionId === sessionId && a.state === 'kept')
  return [...kept, { sessionId, afterSeq, sentences: [], early: {}, state: 'streaming' }]
}

/**
 * A sentence arrived. It joins the answer streaming in its session; anything else is ignored
 * (another session, no turn in flight, an index already shown or already waiting). Returns
 * `answers` itself when nothing changed.
 */
export function addSentence(answers: LiveAnswer[], e: SentenceEvent): LiveAnswer[] {
  const i = answers.findIndex((a) => a.state === 'streaming' && a.sessionId === e.session_id)
  if (i < 0) return answers
  const a = answers[i]
  if (!Number.isInteger(e.index) || e.index < a.sentences.length || e.index in a.early) return answers
  const early = { ...a.early, [e.index]: e.text }
  const sentences = [...a.sentences]
  while (sentences.length in early) {
    sentences.push(early[sentences.length])
    delete early[sentences.length - 1]
  }
  const next = [...answers]
  next[i] = { ...a, sentences, early }
  return next
}

/**
 * The turn's outcome arrived and `messages` holds what was stored for it. An answer that went
 * through: the stored reply replaces the live bubble. A handoff (`escalated`, or the call
 * failed): the sentences shown stay, unless the stored messages already say them.
 */
export function settleAnswer(
  answers: LiveAnswer[],
  outcome: Pick<TurnOutcome, 'escalated'> | null,
  messages: Stored[],
): LiveAnswer[] {
  return answers.flatMap((a) => {
    if (a.state !== 'streaming') return [a]
    const keep = (outcome == null || outcome.escalated) && a.sentences.length > 0
    if (!keep || storedSays(a, messages)) return []
    return [{ ...a, early: {}, state: 'kept' as const }]
  })
}

/**
 * The stored messages to show now: while an answer is streaming on screen, the turn's stored
 * assistant message waits for the outcome (the live bubble says it until then; showing both
 * would say it twice).
 */
export function visibleMessages<M extends Stored>(messages: M[], answers: LiveAnswer[]): M[] {
  const live = answers.filter((a) => a.state === 'streaming' && a.sentences.length > 0)
  if (live.length === 0) return messages
  return messages.filter((m) => m.role !== 'assistant' || live.every((a) => m.seq <= a.afterSeq))
}

/** One row of the conversation: a stored message, or a live answer in its place. */
export type Row<M> = { kind: 'message'; message: M } | { kind: 'answer'; answer: LiveAnswer }

/**
 * The conversation as shown: the visible stored messages ([`visibleMessages`]) with each live
 * answer right after its turn's customer message, before the turn's reply (held back or not, so
 * the bubble stays where it is when the reply appears). `tail`: answers with nothing stored
 * after them yet; they follow the customer's words still being sent. Empty answers are not shown.
 */
export function placeAnswers<M extends Stored>(
  messages: M[],
  answers: LiveAnswer[],
): { rows: Row<M>[]; tail: LiveAnswer[] } {
  const shown = answers.filter((a) => a.sentences.length > 0)
  const visible = new Set(visibleMessages(messages, answers))
  const rows: Row<M>[] = []
  const placed = new Set<LiveAnswer>()
  for (const m of messages) {
    for (const a of shown) {
      if (!placed.has(a) && m.seq > a.afterSeq && m.role !== 'customer') {
        rows.push({ kind: 'answer', answer: a })
        placed.add(a)
      }
    }
    if (visible.has(m)) rows.push({ kind: 'message', message: m })
  }
  return { rows, tail: shown.filter((a) => !placed.has(a)) }
}

/** The live answer's text. */
export function answerText(a: Pick<LiveAnswer, 'sentences'>): string {
  return a.sentences.join(' ')
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

/** A stored assistant message of the turn already says every sentence shown, in order. */
function storedSays(a: LiveAnswer, messages: Stored[]): boolean {
  return messages.some((m) => {
    if (m.role !== 'assistant' || m.seq <= a.afterSeq) return false
    const text = squash(m.content)
    let from = 0
    for (const s of a.sentences) {
      const at = text.indexOf(squash(s), from)
      if (at < 0) return false
      from = at + squash(s).length
    }
    return true
  })
}

/**
 * What of a stored reply a screen reader has not heard yet, when it already read `heard` (the
 * live sentences, in order) aloud: the text after the last of them if the reply says them all in
 * that order, or the whole reply if it does not (it is another message). Whitespace is squeezed.
 */
export function unheard(content: string, heard: string[]): string {
  const text = squash(content)
  let from = 0
  for (const s of heard) {
    const at = text.indexOf(squash(s), from)
    if (at < 0) return text
    from = at + squash(s).length
  }
  return text.slice(from).trim()
}
