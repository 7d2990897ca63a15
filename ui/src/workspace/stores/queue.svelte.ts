// The queue panel's store: the sections as the backend last sent them, the filter and collapsed
// sections, the live waiting clock, and the sessions offered to this agent (team mode).

import { t } from '../../i18n/index.svelte'
import type { workspace } from '../../lib/api'
import type { Notices } from '../../lib/notices.svelte'
import { displayOrder, EMPTY_QUEUE, filterQueue, nextOffers, stepSelection, totalCount, type SectionKey } from '../../lib/queue'
import { debounce, realClock, type Clock } from '../../lib/timers'
import type { CoreEvent, Queue } from '../../lib/types'

export interface QueueDeps {
  api: Pick<typeof workspace, 'listQueue'>
  notices: Notices
  /** Called once, after the first queue arrived (the launch time is measured up to there). */
  onFirstShown?: () => void | Promise<void>
  clock?: Clock
}

export class QueueStore {
  queue = $state<Queue>(EMPTY_QUEUE)
  /** When `queue` arrived; waiting times count on from there (`now`). */
  loadedAt = $state(0)
  now = $state(0)
  loading = $state(true)
  filter = $state('')
  collapsed = $state(new Set<SectionKey>(['closed_today']))
  /** Sessions offered to this agent (team mode), newest first, until taken or withdrawn. */
  offers = $state<number[]>([])

  readonly waitingCount = $derived(this.queue.waiting.length)
  /** "Loading…" only while nothing is on screen yet. */
  readonly showLoading = $derived(this.loading && totalCount(this.queue) === 0)
  /** Several events arrive for one turn; the queue reloads once for all of them. */
  readonly reload: ReturnType<typeof debounce<[]>>

  private token = 0
  private shown = false
  private readonly clock: Clock

  constructor(private readonly deps: QueueDeps) {
    this.clock = deps.clock ?? realClock
    this.loadedAt = this.now = this.clock.now()
    this.reload = debounce(() => void this.load(), 150, this.clock)
  }

  async load() {
    const token = ++this.token
    try {
      const q = await this.deps.api.listQueue()
      if (token !== this.token) return
      this.queue = q
      this.loadedAt = this.now = this.clock.now()
      this.loading = false
      if (!this.shown) {
        this.shown = true
        await this.deps.onFirstShown?.()
      }
    } catch (e) {
      this.deps.notices.error(t('workspace:errors.loadQueue'), e)
    } finally {
      if (token === this.token) this.loading = false
    }
  }

  /** Advance the waiting clock (called every few seconds). */
  tickClock() {
    this.now = this.clock.now()
  }

  /** The session J (+1) or K (-1) moves to from `current`, as the list shows (filtered, collapsed). */
  stepFrom(current: number | null, delta: 1 | -1): number | null {
    return stepSelection(displayOrder(filterQueue(this.queue, this.filter), this.collapsed), current, delta)
  }

  /** A core event: anything that moves a session reloads the queue; offers come and go. */
  onEvent(e: CoreEvent, me: string | null) {
    if (e.type === 'escalated' || e.type === 'session_changed' || e.type === 'message_added' || e.type === 'session_offered') this.reload()
    if (e.type === 'session_offered') this.offers = nextOffers(this.offers, e.session_id, e.agent, me)
    if (e.type === 'session_changed' && e.status !== 'waiting_for_agent') this.offers = this.offers.filter((id) => id !== e.session_id)
  }

  dismissOffers() {
    this.offers = []
  }

  dispose() {
    this.reload.cancel()
  }
}
