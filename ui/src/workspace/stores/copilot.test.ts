import { describe, expect, it, vi } from 'vitest'
import { Notices } from '../../lib/notices.svelte'
import type { PendingActionInfo, PendingView, Suggestion, Transcript } from '../../lib/types'
import { CopilotStore, customerPending, proposedActions } from './copilot.svelte'
import { fakeApi, session, transcriptOf } from './fakes'

const info = (id: number, state: string, proposed_by: string) =>
  ({ id, tool: 'flag_refund', arguments: { order_id: id }, proposed_by, state, decided_by: null, decided_at: null, result: null, created_at: '' }) as PendingActionInfo
const view = (id: number): PendingView => ({ id, tool: 'flag_refund', arguments: { order_id: id }, state: 'proposed' })
const suggestion = (pending: PendingView[]): Suggestion => ({ rank: 1, text: 't', rationale: '', source: 'assistant', pending_actions: pending, ledger: null })

describe('proposedActions', () => {
  it('the co-pilot’s open proposals from the transcript and the suggestions, without decided ones', () => {
    const tr = transcriptOf(session(1), [info(1, 'proposed', 'copilot'), info(2, 'confirmed', 'copilot'), info(3, 'proposed', 'assistant')])
    const ids = proposedActions(tr, [suggestion([view(2), view(4)])]).map((p) => p.id)
    expect(ids).toEqual([1, 4])
  })
  it('the assistant’s proposals wait for the customer', () => {
    const tr = transcriptOf(session(1), [info(1, 'proposed', 'copilot'), info(3, 'proposed', 'assistant')])
    expect(customerPending(tr).map((p) => p.id)).toEqual([3])
    expect(customerPending(null)).toEqual([])
  })
})

function store(selected = 1, tr: Transcript | null = null) {
  const { ws } = fakeApi()
  const notices = new Notices()
  const onDecided = vi.fn(async () => {})
  const copilot = new CopilotStore({ api: ws, notices, selected: () => selected, transcript: () => tr, onDecided })
  return { copilot, ws, notices, onDecided }
}

describe('CopilotStore', () => {
  it('a failed request is shown in the panel, the suggestions stay', async () => {
    const { copilot, ws, notices } = store()
    copilot.suggestions = [suggestion([])]
    ws.suggestReplies.mockRejectedValue({ code: 'llm_unavailable', message: 'model offline' })
    await copilot.suggest()
    expect(copilot.error).toBe('model offline (llm_unavailable)')
    expect(copilot.loading).toBe(false)
    expect(copilot.suggestions).toHaveLength(1)
    expect(notices.items).toEqual([])
  })

  it('an approved action leaves the suggestions; a tool’s refusal is said', async () => {
    const { copilot, ws, notices, onDecided } = store()
    copilot.suggestions = [suggestion([view(5), view(6)])]
    ws.decideAction.mockResolvedValue({ tool_calls: [{ name: 'flag_refund', arguments: {}, result: { error: { code: 'refused', message: 'already refunded' } } }] })
    await copilot.decide(view(5), true)
    expect(copilot.suggestions[0].pending_actions.map((p) => p.id)).toEqual([6])
    expect(notices.items.map((n) => [n.context, n.text])).toEqual([['flag_refund (action #5)', 'already refunded (refused)']])
    expect(onDecided).toHaveBeenCalledWith(1)
    expect(copilot.decidingId).toBeNull()
  })

  it('a failed decision is said with the action', async () => {
    const { copilot, ws, notices, onDecided } = store()
    ws.decideAction.mockRejectedValue({ code: 'conflict', message: 'already decided' })
    await copilot.decide(view(5), false)
    expect(notices.items).toHaveLength(1)
    expect(onDecided).not.toHaveBeenCalled()
  })
})
