// The kiosk conversation's pure parts: which messages it shows, in what order, how a pending
// action reads in plain words (in the customer's language), what happened in a turn, and an error
// as a customer reads it; and the "How did we do?" question asked after a session ends (its
// words, and its life on screen with an injectable clock).

import i18next from 'i18next'
import { t } from '../i18n/index.svelte'
import { formatDate, formatMoney } from '../i18n/format'
import type { Language } from '../i18n/languages'
import { toApiError } from './errors'
import { maskPersonalData } from './mask'
import { IdleTimer, realClock, type Clock } from './timers'
import type { MessageRole, MessageView, PendingView, TurnOutcome } from './types'

/** The only roles a customer ever sees. The backend filters too; the screen never relies on it. */
export const KIOSK_ROLES = ['customer', 'assistant', 'agent'] as const
export type KioskRole = (typeof KIOSK_ROLES)[number]

export function isKioskRole(role: MessageRole): role is KioskRole {
  return (KIOSK_ROLES as readonly string[]).includes(role)
}

/**
 * Add fetched messages to what is on screen: one copy of each (by id), in `seq` order, customer-
 * visible roles only. Fetches can overlap (a `message_added` event and the send's own refresh), so
 * the same message may arrive twice.
 */
export function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map<number, MessageView>()
  for (const m of current) byId.set(m.id, m)
  for (const m of incoming) if (isKioskRole(m.role)) byId.set(m.id, m)
  return [...byId.values()].sort((a, b) => a.seq - b.seq || a.id - b.id)
}

export function lastSeq(messages: MessageView[]): number {
  return messages.reduce((max, m) => Math.max(max, m.seq), 0)
}

/** What the kiosk displays of a message: personal data masked. */
export function displayText(m: Pick<MessageView, 'content'>): string {
  return maskPersonalData(m.content)
}

export interface ActionDescription {
  title: string
  details: string[]
}

function arg(args: unknown, key: string): unknown {
  return args && typeof args === 'object' ? (args as Record<string, unknown>)[key] : undefined
}

const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'escalated'] as const
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * One argument of a tool the kiosk has no words of its own for: amounts in cents as money, ISO
 * dates as dates (both in the customer's locale; dates are UTC), anything else as text, masked.
 * Ids stay as they are ("1001", never "1.001").
 */
function argumentLine(key: string, value: unknown): string {
  if (key.endsWith('_cents') && typeof value === 'number' && Number.isFinite(value)) {
    return t('kiosk:action.other.detail', { name: key.slice(0, -'_cents'.length).replace(/_/g, ' '), value: formatMoney(value) })
  }
  const name = key.replace(/_/g, ' ')
  if (typeof value === 'string' && (ISO_DATE.test(value) || ISO_DATE_TIME.test(value))) {
    const d = new Date(ISO_DATE.test(value) ? `${value}T00:00:00Z` : value)
    if (!Number.isNaN(d.getTime())) {
      return t('kiosk:action.other.detail', { name, value: formatDate(d, { dateStyle: 'long', timeZone: 'UTC' }) })
    }
  }
  return t('kiosk:action.other.detail', { name, value: maskPersonalData(String(value)) })
}

/** A pending action in words a customer understands, in their language, personal data masked. */
export function describeAction(p: Pick<PendingView, 'tool' | 'arguments'>): ActionDescription {
  const a = p.arguments
  switch (p.tool) {
    case 'update_user_email': {
      const email = arg(a, 'new_email')
      return {
        title: t('kiosk:action.email.title'),
        details: [
          typeof email === 'string'
            ? t('kiosk:action.email.newEmail', { email: maskPersonalData(email) })
            : t('kiosk:action.email.given'),
        ],
      }
    }
    case 'flag_refund': {
      const order = arg(a, 'order_id')
      const reason = arg(a, 'reason')
      const known = order != null && String(order).trim() !== ''
      const details = known ? [t('kiosk:action.refund.order', { order: String(order) })] : []
      if (typeof reason === 'string' && reason.trim()) {
        details.push(t('kiosk:action.refund.reason', { reason: maskPersonalData(reason) }))
      }
      details.push(t('kiosk:action.refund.note'))
      const title = known ? t('kiosk:action.refund.title', { order: String(order) }) : t('kiosk:action.refund.titleNoOrder')
      return { title, details }
    }
    case 'update_ticket': {
      const ticket = String(arg(a, 'ticket_id'))
      const status = arg(a, 'status')
      const words =
        typeof status !== 'string'
          ? null
          : (TICKET_STATUSES as readonly string[]).includes(status)
            ? t(`kiosk:action.ticket.status.${status as (typeof TICKET_STATUSES)[number]}`)
            : status.replace(/_/g, ' ')
      return {
        title: words ? t('kiosk:action.ticket.mark', { ticket, status: words }) : t('kiosk:action.ticket.update', { ticket }),
        details: [t('kiosk:action.ticket.ticket', { ticket })],
      }
    }
    default: {
      const details =
        a && typeof a === 'object' ? Object.entries(a as Record<string, unknown>).map(([k, v]) => argumentLine(k, v)) : []
      return { title: t('kiosk:action.other.title', { tool: p.tool.replace(/_/g, ' ') }), details }
    }
  }
}

/** Where an error happened: the conversation, or the answer to "How did we do?". */
export type ErrorContext = 'chat' | 'rating'

/**
 * An error as a customer reads it, in their language: the backend's codes in plain words (its
 * own messages are for staff: English, with session numbers); anything else in the backend's
 * words, which is better than nothing.
 */
export function kioskErrorText(e: unknown, context: ErrorContext = 'chat', tr: Translate = t): string {
  const err = toApiError(e)
  switch (err.code) {
    case 'database_busy':
      return tr('kiosk:error.busy')
    case 'model':
      return tr('kiosk:error.model')
    case 'database':
    case 'internal':
    case 'config':
    case 'acl':
      return tr('kiosk:error.ourSide')
    case 'conflict':
      return context === 'rating' ? tr('kiosk:error.rated') : tr('kiosk:error.ourSide')
    case 'refused':
    case 'denied':
    case 'not_found':
      return context === 'rating' ? tr('kiosk:error.tooLate') : tr('kiosk:error.ended')
    case 'invalid_input':
      return context === 'rating' ? tr('kiosk:error.comment') : tr('kiosk:error.invalid')
    default:
      return err.message
  }
}

/** Pending actions still waiting for the customer's Yes / No. */
export function openActions(list: PendingView[]): PendingView[] {
  return list.filter((p) => p.state === 'proposed')
}

/**
 * Fold a turn's pending actions into those on screen: decided ones leave, new proposals join,
 * same id replaces.
 */
export function updateActions(current: PendingView[], outcome: Pick<TurnOutcome, 'pending_actions'>): PendingView[] {
  const byId = new Map(current.map((p) => [p.id, p]))
  for (const p of outcome.pending_actions) byId.set(p.id, p)
  return openActions([...byId.values()])
}

/** Whether an agent (a person) has written in this conversation. */
export function agentHasJoined(messages: MessageView[]): boolean {
  return messages.some((m) => m.role === 'agent')
}

/** What a `session_changed` event means for the kiosk showing session `current`. */
export type SessionChange = 'ignore' | 'closed' | 'active' | 'escalated'

/**
 * `closed` — the conversation is over (an agent closed it, or the idle timeout did): the screen
 * must be wiped at once, nothing of it may stay for the next customer. `active` — released back
 * to the assistant. `escalated` — with or waiting for a person. Another session's event, or one
 * while no conversation is on screen: `ignore`.
 */
export function sessionChange(current: number | null, e: { session_id: number; status: string }): SessionChange {
  if (current == null || e.session_id !== current) return 'ignore'
  if (e.status === 'closed') return 'closed'
  if (e.status === 'active') return 'active'
  return 'escalated'
}

// ---- "How did we do?" after a session ends --------------------------------------------------

type Translate = typeof t

/** The five answers, each with words (never colour alone), in the current language. */
export const CSAT_SCORES = ([1, 2, 3, 4, 5] as const).map((score) => ({
  score,
  get words(): string {
    return t(`kiosk:csat.score.${score}`)
  },
}))

/**
 * How long the question waits on the start screen without anyone touching it. Well inside the
 * server's 15-minute window (`cx_core::csat::RATE_WINDOW_MINUTES`), and short: the next customer
 * should find a clean screen.
 */
export const CSAT_PROMPT_SECS = 60
/** How long the thank-you stays after a rating was sent. */
export const CSAT_THANKS_MS = 4_000
/** The longest comment (the server's `MAX_COMMENT_CHARS`). */
export const CSAT_COMMENT_MAX = 1000

/** "Good" for 4; a score outside 1..5 says so. `tr`: another language's words than the current. */
export function scoreWords(score: number, tr: Translate = t): string {
  const s = CSAT_SCORES.find((x) => x.score === score)?.score
  return s == null ? tr('kiosk:csat.outOfRange') : tr(`kiosk:csat.score.${s}`)
}

/** "4/5 · Good": a rating as staff read it. */
export function ratingLabel(r: { score: number }): string {
  return t('kiosk:csat.label', { score: r.score, words: scoreWords(r.score) })
}

/**
 * The kiosk's words in `lang`, whatever the window shows now: "How did we do?" asks the customer
 * who just left in their language, while the start screen is already back in the station's.
 */
export function translatorFor(lang: Language): Translate {
  const fixed = i18next.getFixedT(lang)
  return ((...args: unknown[]) => (fixed as unknown as (...a: unknown[]) => string)(...args)) as unknown as Translate
}

/** The question on screen for the session that just ended. */
export interface CsatPrompt {
  sessionId: number
  score: number | null
  comment: string
  /** `asking` (choose, write, send or skip), `sending`, `thanks` (sent; goes away by itself). */
  phase: 'asking' | 'sending' | 'thanks'
  /** Why the last Send failed, in the server's words. */
  error: string | null
}

/**
 * A comment cut to {@link CSAT_COMMENT_MAX} UTF-16 units — what the textarea's `maxlength`
 * counts, and never more characters than the server allows — without splitting a surrogate pair.
 */
export function limitComment(text: string): string {
  if (text.length <= CSAT_COMMENT_MAX) return text
  let cut = text.slice(0, CSAT_COMMENT_MAX)
  const last = cut.charCodeAt(cut.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1)
  return cut
}

/** What Send would send: the score, and the comment trimmed (an empty one is none). */
export function ratingRequest(p: CsatPrompt): { sessionId: number; score: number; comment: string | null } | null {
  if (p.score == null || p.phase !== 'asking') return null
  const comment = p.comment.trim()
  return { sessionId: p.sessionId, score: p.score, comment: comment === '' ? null : comment }
}

export interface CsatOptions {
  /** `kiosk.rateSession`. */
  rate: (sessionId: number, score: number, comment: string | null) => Promise<unknown>
  /** The prompt to show, or null: nothing on screen. */
  onChange: (p: CsatPrompt | null) => void
  /** An error as the customer reads it. */
  errorText: (e: unknown) => string
  promptSecs?: number
  thanksMs?: number
  clock?: Clock
}

/**
 * The question's life on the kiosk: asked for one session once it ended, gone when the next
 * customer starts, when Skip is pressed, after {@link CSAT_PROMPT_SECS} untouched, or shortly
 * after the thank-you. Answers that come back for a question no longer on screen are dropped, so
 * nothing of one customer's answer can show to the next.
 */
export class CsatQuestion {
  private prompt: CsatPrompt | null = null
  private ended: Promise<unknown> = Promise.resolve()
  /** Bumped whenever the question on screen changes to another (or to none). */
  private token = 0
  private thanksHandle: unknown = null
  private readonly timer: IdleTimer
  private readonly clock: Clock

  constructor(private readonly opts: CsatOptions) {
    this.clock = opts.clock ?? realClock
    this.timer = new IdleTimer({
      timeoutSecs: opts.promptSecs ?? CSAT_PROMPT_SECS,
      onIdle: () => this.dismiss(),
      clock: this.clock,
    })
  }

  get current(): CsatPrompt | null {
    return this.prompt
  }

  /**
   * Ask about `sessionId`. `ended` settles when the backend has closed it (the kiosk's own
   * `kiosk_end_session`): Send waits for it, and if it fails the question goes (there is nothing
   * to rate; the kiosk shows that error itself).
   */
  ask(sessionId: number, ended: Promise<unknown> = Promise.resolve()) {
    this.dismiss()
    const token = this.token
    this.ended = ended
    ended.catch(() => {
      if (token === this.token) this.dismiss()
    })
    this.set({ sessionId, score: null, comment: '', phase: 'asking', error: null })
    this.timer.start()
  }

  /** Gone: skipped, the next customer started, or time is up. */
  dismiss() {
    this.token += 1
    this.timer.stop()
    if (this.thanksHandle !== null) this.clock.clearTimeout(this.thanksHandle)
    this.thanksHandle = null
    if (this.prompt !== null) this.set(null)
  }

  /** Someone is answering: the question stays a while longer. */
  poke() {
    if (this.prompt?.phase === 'asking') this.timer.poke()
  }

  choose(score: number) {
    const p = this.prompt
    if (!p || p.phase !== 'asking' || !CSAT_SCORES.some((s) => s.score === score)) return
    this.set({ ...p, score, error: null })
    this.poke()
  }

  setComment(text: string) {
    const p = this.prompt
    if (!p || p.phase !== 'asking') return
    this.set({ ...p, comment: limitComment(text) })
    this.poke()
  }

  /** Send the answer; on success a thank-you that goes by itself, on failure the error. */
  async send() {
    const p = this.prompt
    const req = p && ratingRequest(p)
    if (!p || !req) return
    const token = this.token
    this.timer.stop()
    this.set({ ...p, phase: 'sending', error: null })
    try {
      await this.ended
      await this.opts.rate(req.sessionId, req.score, req.comment)
    } catch (e) {
      if (token !== this.token || !this.prompt) return
      this.set({ ...this.prompt, phase: 'asking', error: this.opts.errorText(e) })
      this.timer.start()
      return
    }
    if (token !== this.token || !this.prompt) return
    this.set({ ...this.prompt, phase: 'thanks', error: null })
    this.thanksHandle = this.clock.setTimeout(() => {
      this.thanksHandle = null
      if (token === this.token) this.dismiss()
    }, this.opts.thanksMs ?? CSAT_THANKS_MS)
  }

  private set(p: CsatPrompt | null) {
    this.prompt = p
    this.opts.onChange(p)
  }
}
