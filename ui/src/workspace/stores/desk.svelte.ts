// The workspace's stores, wired together: who acts at this desk, one store per panel, and what
// crosses between them — selecting a session, a session action, the core's events. Workspace.svelte
// creates one Desk, routes `core-event`s to `onEvent` and lays out the panels, each reading its
// store. A new panel brings its own store here and its component there.

import { setLanguage, t } from '../../i18n/index.svelte'
import { isLanguage } from '../../i18n/languages'
import type { canned, knowledge, team, workspace } from '../../lib/api'
import { Notices } from '../../lib/notices.svelte'
import { can, type ActionKey, type Permission } from '../../lib/permissions'
import { debounce, realClock, type Clock } from '../../lib/timers'
import type { CoreEvent, WhoAmI } from '../../lib/types'
import { CannedStore } from './canned.svelte'
import { CopilotStore } from './copilot.svelte'
import { CustomerStore } from './customer.svelte'
import { KnowledgeStore } from './knowledge.svelte'
import { QueueStore } from './queue.svelte'
import { TranscriptStore, type SessionAction } from './transcript.svelte'

export interface DeskApi {
  workspace: typeof workspace
  team: Pick<typeof team, 'signOut'>
  knowledge: typeof knowledge
  canned: typeof canned
}

/** What only the window can do: the screen (focus, the launch report) and its overlays. */
export interface DeskHooks {
  /** The first queue is on screen. */
  queueShown?: () => void | Promise<void>
  /** After accepting a session: the agent types next. */
  focusComposer?: () => void | Promise<void>
  /** A sign-out: close whatever overlay is open. */
  closeOverlays?: () => void
}

const ACTION_PERMISSION = { accept: 'acceptSession', release: 'releaseSession', close: 'closeSession' } as const

export class Desk {
  who = $state<WhoAmI | null>(null)
  /** Why the sign-in screen is back (signed out by a supervisor, …). */
  signInNotice = $state('')
  /** Bumped on team events so the open team panel reloads. */
  teamVersion = $state(0)

  readonly notices = new Notices()
  readonly queue: QueueStore
  readonly transcript: TranscriptStore
  readonly customer: CustomerStore
  readonly copilot: CopilotStore
  readonly knowledge: KnowledgeStore
  readonly canned: CannedStore

  /** New customer messages ask the co-pilot again, once a burst has settled. */
  private readonly autoSuggest: ReturnType<typeof debounce<[]>>

  constructor(
    private readonly api: DeskApi,
    private readonly hooks: DeskHooks = {},
    clock: Clock = realClock,
  ) {
    const notices = this.notices
    const selected = () => this.transcript.selectedId
    this.queue = new QueueStore({ api: api.workspace, notices, onFirstShown: () => hooks.queueShown?.(), clock })
    this.customer = new CustomerStore({ api: api.workspace, notices, selected, onChanged: () => this.reloadSelected(true) })
    this.transcript = new TranscriptStore({
      api: api.workspace,
      notices,
      onLoaded: (tr, refresh) => void this.customer.load(tr.session.customer_id, refresh),
      clock,
    })
    this.copilot = new CopilotStore({
      api: api.workspace,
      notices,
      selected,
      transcript: () => this.transcript.transcript,
      onDecided: (id) => this.transcript.load(id, true),
    })
    this.knowledge = new KnowledgeStore({
      api: api.knowledge,
      notices,
      perms: () => ({ edit: this.perm('editKnowledge'), reindex: this.perm('reindexKnowledge') }),
    })
    this.canned = new CannedStore({ api: { ...api.canned, listCanned: api.workspace.listCanned }, notices, permission: () => this.perm('manageCanned') })
    this.autoSuggest = debounce(() => this.autoSuggestWanted() && void this.copilot.suggest(), 600, clock)
  }

  /** Team mode and nobody signed in at this desk: only the sign-in screen. */
  get needsSignIn(): boolean {
    return this.who != null && this.who.team_mode && !this.who.signed_in
  }

  get me(): string | null {
    return this.who?.name ?? null
  }

  perm(k: ActionKey): Permission {
    return can(this.who, k)
  }

  /** Why the composer is off (empty: on). */
  get composerBlock(): string {
    const session = this.transcript.session
    if (!session) return t('workspace:composer.chooseFirst')
    if (session.status === 'closed') return t('workspace:composer.closed')
    const p = this.perm('sendMessage')
    return p.allowed ? '' : p.reason
  }

  get composerHint(): string {
    const session = this.transcript.session
    if (!session) return ''
    if (session.status === 'with_agent' && session.assigned_agent && session.assigned_agent !== this.me)
      return t('workspace:composer.otherAgent', { agent: session.assigned_agent })
    if (session.status !== 'with_agent') return t('workspace:composer.takesOver')
    return t('workspace:composer.hint')
  }

  // ---- who acts here ----

  async loadWho() {
    try {
      const before = this.who
      const who = await this.api.workspace.whoami()
      this.who = who
      this.showIn(who)
      if (before?.signed_in && who.team_mode && !who.signed_in) {
        this.signInNotice = t('workspace:signedOut', { name: before.name })
        this.reset()
      }
    } catch (e) {
      this.notices.error(t('workspace:errors.checkRole'), e)
    }
  }

  /** Everything the workspace shows, loaded for whoever acts here now. */
  loadDesk() {
    void this.queue.load()
    void this.canned.loadReplies()
    void this.transcript.loadTones()
  }

  signedIn(who: WhoAmI) {
    this.who = who
    this.showIn(who)
    this.signInNotice = ''
    this.loadDesk()
  }

  async signOut() {
    try {
      await this.api.team.signOut()
      this.reset()
      this.signInNotice = ''
      await this.loadWho()
    } catch (e) {
      this.notices.error(t('workspace:errors.signOut'), e)
    }
  }

  /** The settings changed: the role, the language or the queue's order may have too. */
  settingsSaved() {
    void this.loadWho()
    void this.queue.load()
  }

  /** The whole window in the staff language the settings name (English until whoami answers). */
  private showIn(who: WhoAmI) {
    if (isLanguage(who.language)) setLanguage(who.language)
  }

  /** Nothing of the previous agent's work stays on screen after a sign-out. */
  private reset() {
    this.transcript.reset()
    this.customer.record = null
    this.copilot.suggestions = []
    this.queue.offers = []
    this.hooks.closeOverlays?.()
    this.notices.clear()
  }

  // ---- the selected session ----

  /** Show session `id`: its transcript, customer and (when the agent works it) suggestions. */
  async select(id: number) {
    if (id === this.transcript.selectedId) return
    this.transcript.selectId(id)
    this.customer.clear()
    this.copilot.clear()
    await this.transcript.load(id)
    if (id === this.transcript.selectedId && this.autoSuggestWanted()) void this.copilot.suggest()
  }

  /** The session J (+1) or K (-1) moves to; null at the end or with an empty list. */
  stepFrom(delta: 1 | -1): number | null {
    return this.queue.stepFrom(this.transcript.selectedId, delta)
  }

  async sessionAction(kind: SessionAction) {
    if (this.transcript.selectedId == null || this.transcript.busy) return
    const p = this.perm(ACTION_PERMISSION[kind])
    if (!p.allowed) {
      this.notices.error(t(`workspace:errors.${kind}`), { code: 'denied', message: p.reason })
      return
    }
    await this.transcript.act(kind, async (id) => {
      // Closing updates the customer's profile: reload the record with the session.
      await Promise.all([this.queue.load(), this.transcript.load(id, kind === 'close')])
      if (kind === 'accept') await this.hooks.focusComposer?.()
    })
  }

  async send(text: string): Promise<boolean> {
    const ok = await this.transcript.send(text)
    if (ok) this.queue.reload()
    return ok
  }

  /** Ask the co-pilot, when the role may. */
  suggest() {
    if (this.perm('suggest').allowed) void this.copilot.suggest()
  }

  /** The selected session again (its customer's record too, when `refreshCustomer`). */
  reloadSelected(refreshCustomer = false) {
    const id = this.transcript.selectedId
    if (id != null) void this.transcript.load(id, refreshCustomer)
  }

  private autoSuggestWanted(): boolean {
    const s = this.transcript.session
    if (!s || !this.perm('suggest').allowed) return false
    return s.status === 'waiting_for_agent' || (s.status === 'with_agent' && s.assigned_agent === this.me)
  }

  // ---- the core's events ----

  onEvent(e: CoreEvent) {
    if (e.type === 'team_changed') {
      this.teamVersion += 1
      void this.loadWho()
      return
    }
    if (this.needsSignIn) return
    this.queue.onEvent(e, this.me)
    if (e.session_id !== this.transcript.selectedId) return
    if (e.type === 'message_added' && e.role === 'customer') this.autoSuggest()
    this.transcript.onEvent(e)
  }

  dispose() {
    this.queue.dispose()
    this.transcript.dispose()
    this.autoSuggest.cancel()
  }
}
