// The conversation's store: which session is selected, its transcript (messages, pending
// actions), the assistant's typing, the sentiment markers, the composer's text (a draft kept per
// session) and the session's own actions (accept, release, close, tone, send).

import { t } from '../../i18n/index.svelte'
import type { workspace } from '../../lib/api'
import type { Notices } from '../../lib/notices.svelte'
import type { MessageSentiment } from '../../lib/profile'
import { debounce, realClock, type Clock } from '../../lib/timers'
import type { CoreEvent, Transcript } from '../../lib/types'

export type SessionAction = 'accept' | 'release' | 'close'

export interface TranscriptDeps {
  api: Pick<typeof workspace, 'getSession' | 'sessionMessages' | 'accept' | 'release' | 'close' | 'sendMessage' | 'setTone' | 'listTones'>
  notices: Notices
  /** A transcript arrived for the selected session; `refreshCustomer`: its record changed. */
  onLoaded: (transcript: Transcript, refreshCustomer: boolean) => void
  clock?: Clock
}

export class TranscriptStore {
  selectedId = $state<number | null>(null)
  transcript = $state<Transcript | null>(null)
  loading = $state(false)
  typing = $state(false)
  /** Sentiment of the selected session's customer messages, by message id. */
  sentiments = $state<Map<number, MessageSentiment>>(new Map())
  /** The session action under way (`accept`, `release`, `close`, `tone`). */
  busy = $state<string | null>(null)
  composerText = $state('')
  tones = $state<string[]>([])

  readonly session = $derived(this.transcript?.session ?? null)

  /** Unsent text per session, so switching sessions never loses a half-written reply. */
  private readonly drafts = new Map<number, string>()
  /** Set by events that change the customer's record; the next reload fetches it too. */
  private refreshCustomerNext = false
  /** Several events arrive for one turn; the transcript reloads once for all of them. */
  readonly reloadSoon: ReturnType<typeof debounce<[]>>

  constructor(private readonly deps: TranscriptDeps) {
    this.reloadSoon = debounce(
      () => {
        const force = this.refreshCustomerNext
        this.refreshCustomerNext = false
        if (this.selectedId != null) void this.load(this.selectedId, force)
      },
      150,
      deps.clock ?? realClock,
    )
  }

  /** Show `id` (nothing loaded yet): the last session's draft is kept, this one's comes back. */
  selectId(id: number) {
    if (this.selectedId != null) this.drafts.set(this.selectedId, this.composerText)
    this.selectedId = id
    this.transcript = null
    this.sentiments = new Map()
    this.typing = false
    this.composerText = this.drafts.get(id) ?? ''
  }

  async load(id: number, refreshCustomer = false) {
    this.loading = true
    try {
      const [tr] = await Promise.all([this.deps.api.getSession(id), this.loadSentiments(id)])
      if (id !== this.selectedId) return
      this.transcript = tr
      this.deps.onLoaded(tr, refreshCustomer)
    } catch (e) {
      if (id === this.selectedId) this.deps.notices.error(t('workspace:errors.loadSession', { id }), e)
    } finally {
      if (id === this.selectedId) this.loading = false
    }
  }

  /** The markers are extra: a failure leaves the transcript without them, and says so once. */
  private async loadSentiments(id: number) {
    try {
      const views = await this.deps.api.sessionMessages(id)
      if (id !== this.selectedId) return
      const next = new Map<number, MessageSentiment>()
      for (const m of views) {
        const s = m.role === 'customer' ? m.sentiment : null
        if (s) next.set(m.id, s)
      }
      this.sentiments = next
    } catch (e) {
      if (id === this.selectedId) this.deps.notices.error(t('workspace:errors.loadSentiment', { id }), e)
    }
  }

  async loadTones() {
    try {
      this.tones = await this.deps.api.listTones()
    } catch (e) {
      this.deps.notices.error(t('workspace:errors.loadTones'), e)
    }
  }

  /** A core event about the selected session (the caller checked the id). */
  onEvent(e: CoreEvent) {
    switch (e.type) {
      case 'assistant_typing':
        this.typing = e.typing
        return
      case 'message_added':
        if (e.role === 'assistant') this.typing = false
        if (e.role === 'tool') this.refreshCustomerNext = true
        break
      case 'pending_action_changed':
        this.refreshCustomerNext = true
        break
    }
    this.reloadSoon()
  }

  /** Accept, release or close the selected session; true when it went through. */
  async act(kind: SessionAction, after: (id: number) => Promise<unknown>): Promise<boolean> {
    if (this.selectedId == null || this.busy) return false
    const id = this.selectedId
    this.busy = kind
    try {
      await this.deps.api[kind](id)
      await after(id)
      return true
    } catch (e) {
      this.deps.notices.error(t(`workspace:errors.${kind}Id`, { id }), e)
      return false
    } finally {
      this.busy = null
    }
  }

  async send(text: string): Promise<boolean> {
    if (this.selectedId == null) return false
    const id = this.selectedId
    try {
      await this.deps.api.sendMessage(id, text)
      this.drafts.delete(id)
      void this.load(id)
      return true
    } catch (e) {
      this.deps.notices.error(t('workspace:errors.send'), e)
      return false
    }
  }

  async setTone(tone: string) {
    if (this.selectedId == null) return
    const id = this.selectedId
    this.busy = 'tone'
    try {
      await this.deps.api.setTone(id, tone)
      await this.load(id)
    } catch (e) {
      this.deps.notices.error(t('workspace:errors.tone'), e)
      // The select shows the transcript's tone, so a failed change snaps back on reload.
      await this.load(id)
    } finally {
      this.busy = null
    }
  }

  /** Nothing of the previous agent's work stays (sign-out). */
  reset() {
    this.selectedId = null
    this.transcript = null
    this.composerText = ''
    this.drafts.clear()
  }

  dispose() {
    this.reloadSoon.cancel()
  }
}
