// The co-pilot panel's store: ranked reply suggestions for the selected session, and the actions
// it proposed (from the suggestions and the transcript), which only the agent approves or rejects.

import { t } from '../../i18n/index.svelte'
import type { workspace } from '../../lib/api'
import { describeError, toApiError } from '../../lib/errors'
import { toolFailure } from '../../lib/format'
import type { Notices } from '../../lib/notices.svelte'
import type { PendingView, Suggestion, Transcript } from '../../lib/types'

export interface CopilotDeps {
  api: Pick<typeof workspace, 'suggestReplies' | 'decideAction'>
  notices: Notices
  selected: () => number | null
  transcript: () => Transcript | null
  /** An action was decided: the session (and its customer's record) reload. */
  onDecided: (sessionId: number) => Promise<unknown>
}

/**
 * The co-pilot's proposals awaiting the agent: those in the transcript, and those the latest
 * suggestions carry that the transcript does not show as decided yet.
 */
export function proposedActions(transcript: Transcript | null, suggestions: Suggestion[]): PendingView[] {
  const pending = transcript?.pending_actions ?? []
  const decided = new Set(pending.filter((p) => p.state !== 'proposed').map((p) => p.id))
  const byId = new Map<number, PendingView>()
  for (const p of pending)
    if (p.state === 'proposed' && p.proposed_by === 'copilot') byId.set(p.id, { id: p.id, tool: p.tool, arguments: p.arguments, state: p.state })
  for (const s of suggestions) for (const p of s.pending_actions) if (p.state === 'proposed' && !decided.has(p.id)) byId.set(p.id, p)
  return [...byId.values()]
}

/** Actions the assistant proposed to the customer, who confirms them at the kiosk. */
export function customerPending(transcript: Transcript | null): PendingView[] {
  return (transcript?.pending_actions ?? [])
    .filter((p) => p.state === 'proposed' && p.proposed_by !== 'copilot')
    .map((p) => ({ id: p.id, tool: p.tool, arguments: p.arguments, state: p.state }))
}

export class CopilotStore {
  suggestions = $state<Suggestion[]>([])
  loading = $state(false)
  /** Why the last request for suggestions failed (shown in the panel). */
  error = $state<string | null>(null)
  /** The action being approved or rejected. */
  decidingId = $state<number | null>(null)

  private token = 0

  constructor(private readonly deps: CopilotDeps) {}

  get proposed(): PendingView[] {
    return proposedActions(this.deps.transcript(), this.suggestions)
  }

  get waitingForCustomer(): PendingView[] {
    return customerPending(this.deps.transcript())
  }

  async suggest() {
    const id = this.deps.selected()
    if (id == null) return
    const token = ++this.token
    this.loading = true
    this.error = null
    try {
      const s = await this.deps.api.suggestReplies(id)
      if (token === this.token && id === this.deps.selected()) this.suggestions = s
    } catch (e) {
      if (token === this.token && id === this.deps.selected()) this.error = describeError(toApiError(e))
    } finally {
      if (token === this.token) this.loading = false
    }
  }

  async decide(action: PendingView, confirm: boolean) {
    const id = this.deps.selected()
    if (this.decidingId != null || id == null) return
    this.decidingId = action.id
    try {
      const outcome = await this.deps.api.decideAction(action.id, confirm)
      this.suggestions = this.suggestions.map((s) => ({ ...s, pending_actions: s.pending_actions.filter((p) => p.id !== action.id) }))
      for (const tc of outcome.tool_calls) {
        const problem = toolFailure(tc.result)
        if (problem) this.deps.notices.error(t('workspace:errors.toolOfAction', { tool: tc.name, id: action.id }), { code: 'refused', message: problem })
      }
      await this.deps.onDecided(id)
    } catch (e) {
      this.deps.notices.error(t(confirm ? 'workspace:errors.approve' : 'workspace:errors.reject', { id: action.id }), e)
    } finally {
      this.decidingId = null
    }
  }

  /** Another session was selected: its suggestions start empty, a running request is dropped. */
  clear() {
    this.suggestions = []
    this.error = null
    this.token++
  }
}
