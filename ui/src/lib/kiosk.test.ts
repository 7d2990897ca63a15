import { describe, expect, it } from 'vitest'
import {
  agentHasJoined,
  describeAction,
  displayText,
  lastSeq,
  mergeMessages,
  sessionChange,
  updateActions,
} from './kiosk'
import type { MessageView, PendingView } from './types'

const msg = (id: number, seq: number, role: string, content = `m${id}`): MessageView => ({
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

describe('updateActions', () => {
  const p = (id: number, state: string): PendingView => ({ id, tool: 'flag_refund', arguments: {}, state })
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
