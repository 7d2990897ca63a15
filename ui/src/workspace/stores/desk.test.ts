import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Desk } from './desk.svelte'
import { agent, deferred, fakeApi, queueWith, record, session, transcriptOf } from './fakes'

/** A desk with an agent known (whoami answered) and fake timers for the debounced reloads. */
async function signedInDesk(over: Parameters<typeof agent>[0] = {}) {
  const fake = fakeApi()
  fake.ws.whoami.mockResolvedValue(agent(over))
  const focusComposer = vi.fn()
  const closeOverlays = vi.fn()
  const desk = new Desk(fake.api, { focusComposer, closeOverlays })
  await desk.loadWho()
  return { desk, ...fake, focusComposer, closeOverlays }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Desk: selecting a session', () => {
  it('loads its transcript and its customer, and asks the co-pilot when the agent works it', async () => {
    const { desk, ws } = await signedInDesk()
    ws.getSession.mockResolvedValue(transcriptOf(session(7, { customer_id: 3 })))
    ws.suggestReplies.mockResolvedValue([{ rank: 1, text: 'Hello', rationale: '', source: 'assistant', pending_actions: [], ledger: null }])
    await desk.select(7)
    await vi.runAllTimersAsync()
    expect(desk.transcript.selectedId).toBe(7)
    expect(desk.transcript.session?.id).toBe(7)
    expect(ws.getCustomer).toHaveBeenCalledWith(3)
    expect(desk.customer.record?.customer).toEqual({ id: 3, name: 'Alice' })
    expect(desk.copilot.suggestions.map((s) => s.text)).toEqual(['Hello'])
    expect(desk.notices.items).toEqual([])
  })

  it('keeps each session’s unsent draft and clears the last session’s suggestions', async () => {
    const { desk } = await signedInDesk()
    await desk.select(1)
    desk.transcript.composerText = 'half a reply'
    desk.copilot.suggestions = [{ rank: 1, text: 'x', rationale: '', source: 'assistant', pending_actions: [], ledger: null }]
    await desk.select(2)
    expect(desk.transcript.composerText).toBe('')
    expect(desk.copilot.suggestions).toEqual([])
    await desk.select(1)
    expect(desk.transcript.composerText).toBe('half a reply')
  })

  it('drops an answer for a session selected before (the last click wins)', async () => {
    const { desk, ws } = await signedInDesk()
    const slow = deferred<ReturnType<typeof transcriptOf>>()
    ws.getSession.mockImplementationOnce(() => slow.promise)
    const first = desk.select(1)
    await desk.select(2)
    slow.resolve(transcriptOf(session(1)))
    await first
    expect(desk.transcript.session?.id).toBe(2)
  })

  it('says when a session cannot be loaded, naming it', async () => {
    const { desk, ws } = await signedInDesk()
    ws.getSession.mockRejectedValue({ code: 'not_found', message: 'no session 9' })
    await desk.select(9)
    expect(desk.notices.items.map((n) => n.context)).toEqual(['Loading session #9'])
    expect(desk.transcript.loading).toBe(false)
  })

  it('J / K step through the queue as shown', async () => {
    const { desk, ws } = await signedInDesk()
    ws.listQueue.mockResolvedValue(queueWith([4, 5], [6]))
    await desk.queue.load()
    expect(desk.stepFrom(1)).toBe(4)
    await desk.select(4)
    expect(desk.stepFrom(1)).toBe(5)
    expect(desk.stepFrom(-1)).toBe(4)
  })
})

describe('Desk: core events', () => {
  it('reload the queue once for a burst, whichever session they are about', async () => {
    const { desk, ws } = await signedInDesk()
    ws.listQueue.mockClear()
    for (let i = 0; i < 3; i++) desk.onEvent({ type: 'message_added', session_id: 40, message_id: i, role: 'customer' })
    desk.onEvent({ type: 'escalated', session_id: 40, reason: 'customer_request', priority: 'high' } as never)
    await vi.advanceTimersByTimeAsync(150)
    expect(ws.listQueue).toHaveBeenCalledTimes(1)
    expect(ws.getSession).not.toHaveBeenCalled()
  })

  it('about the selected session reload it; a tool result reloads its customer too', async () => {
    const { desk, ws } = await signedInDesk()
    ws.getSession.mockResolvedValue(transcriptOf(session(7, { customer_id: 3 })))
    await desk.select(7)
    await vi.runAllTimersAsync()
    ws.getSession.mockClear()
    ws.getCustomer.mockClear()

    desk.onEvent({ type: 'message_added', session_id: 7, message_id: 1, role: 'assistant' })
    await vi.advanceTimersByTimeAsync(150)
    expect(ws.getSession).toHaveBeenCalledTimes(1)
    expect(ws.getCustomer).not.toHaveBeenCalled()

    desk.onEvent({ type: 'message_added', session_id: 7, message_id: 2, role: 'tool' })
    await vi.advanceTimersByTimeAsync(150)
    expect(ws.getSession).toHaveBeenCalledTimes(2)
    expect(ws.getCustomer).toHaveBeenCalledTimes(1)
  })

  it('show the assistant typing until its message arrives', async () => {
    const { desk } = await signedInDesk()
    await desk.select(7)
    desk.onEvent({ type: 'assistant_typing', session_id: 7, typing: true })
    expect(desk.transcript.typing).toBe(true)
    desk.onEvent({ type: 'assistant_typing', session_id: 8, typing: false })
    expect(desk.transcript.typing).toBe(true)
    desk.onEvent({ type: 'message_added', session_id: 7, message_id: 3, role: 'assistant' })
    expect(desk.transcript.typing).toBe(false)
  })

  it('ask the co-pilot again after a customer message in a session the agent may take', async () => {
    const { desk, ws } = await signedInDesk()
    await desk.select(7)
    await vi.runAllTimersAsync()
    ws.suggestReplies.mockClear()
    desk.onEvent({ type: 'message_added', session_id: 7, message_id: 4, role: 'customer' })
    desk.onEvent({ type: 'message_added', session_id: 7, message_id: 5, role: 'customer' })
    await vi.advanceTimersByTimeAsync(600)
    expect(ws.suggestReplies).toHaveBeenCalledTimes(1)
  })

  it('keep offers to this agent, newest first, until the session moves on', async () => {
    const { desk } = await signedInDesk({ name: 'dana', team_mode: true, signed_in: true })
    desk.onEvent({ type: 'session_offered', session_id: 1, agent: 'dana' })
    desk.onEvent({ type: 'session_offered', session_id: 2, agent: 'dana' })
    desk.onEvent({ type: 'session_offered', session_id: 3, agent: 'eve' })
    expect(desk.queue.offers).toEqual([2, 1])
    desk.onEvent({ type: 'session_changed', session_id: 2, status: 'with_agent' } as never)
    expect(desk.queue.offers).toEqual([1])
  })

  it('wait for a sign-in in team mode; a team change asks who acts here again', async () => {
    const { desk, ws } = await signedInDesk({ team_mode: true, signed_in: false, name: '' })
    expect(desk.needsSignIn).toBe(true)
    ws.listQueue.mockClear()
    desk.onEvent({ type: 'message_added', session_id: 1, message_id: 1, role: 'customer' })
    await vi.advanceTimersByTimeAsync(600)
    expect(ws.listQueue).not.toHaveBeenCalled()

    ws.whoami.mockClear()
    desk.onEvent({ type: 'team_changed', agent: 'dana' })
    expect(desk.teamVersion).toBe(1)
    expect(ws.whoami).toHaveBeenCalledTimes(1)
  })
})

describe('Desk: session actions', () => {
  it('accept: the queue and the session reload, then the composer has the focus', async () => {
    const { desk, ws, focusComposer } = await signedInDesk()
    await desk.select(7)
    ws.listQueue.mockClear()
    ws.getSession.mockClear()
    await desk.sessionAction('accept')
    expect(ws.accept).toHaveBeenCalledWith(7)
    expect(ws.listQueue).toHaveBeenCalledTimes(1)
    expect(ws.getSession).toHaveBeenCalledTimes(1)
    expect(focusComposer).toHaveBeenCalled()
    expect(desk.transcript.busy).toBeNull()
  })

  it('refused by the role: said in the notices, nothing sent', async () => {
    const { desk, ws } = await signedInDesk({ permissions: { commands: [], writes: [] } })
    await desk.select(7)
    await desk.sessionAction('close')
    expect(ws.close).not.toHaveBeenCalled()
    expect(desk.notices.items.map((n) => [n.context, n.code])).toEqual([['Close session', 'denied']])
  })

  it('a failed send keeps the text and says so', async () => {
    const { desk, ws } = await signedInDesk()
    await desk.select(7)
    ws.sendMessage.mockRejectedValue({ code: 'conflict', message: 'session is closed' })
    expect(await desk.send('hi')).toBe(false)
    expect(desk.notices.items).toHaveLength(1)
  })

  it('a sign-out by a supervisor clears the previous agent’s work', async () => {
    const { desk, ws, closeOverlays } = await signedInDesk({ name: 'dana', team_mode: true, signed_in: true })
    ws.getSession.mockResolvedValue(transcriptOf(session(7, { customer_id: 3 })))
    await desk.select(7)
    desk.transcript.composerText = 'draft'
    ws.whoami.mockResolvedValue(agent({ name: '', team_mode: true, signed_in: false }))
    await desk.loadWho()
    expect(desk.needsSignIn).toBe(true)
    expect(desk.signInNotice).toContain('dana')
    expect(desk.transcript.selectedId).toBeNull()
    expect(desk.transcript.composerText).toBe('')
    expect(desk.customer.record).toBeNull()
    expect(closeOverlays).toHaveBeenCalled()
  })
})

describe('Desk: loading the desk', () => {
  it('a failed part is said, the rest still loads', async () => {
    const { desk, ws } = await signedInDesk()
    ws.listCanned.mockRejectedValue(new Error('database is locked'))
    ws.listQueue.mockResolvedValue(queueWith([1]))
    desk.loadDesk()
    await vi.runAllTimersAsync()
    expect(desk.queue.queue.waiting).toHaveLength(1)
    expect(desk.transcript.tones).toEqual(['professional', 'friendly'])
    expect(desk.notices.items.map((n) => n.text)).toEqual(['database is locked (internal)'])
  })

  it('the record of the selected customer, kept unless forced', async () => {
    const { desk, ws } = await signedInDesk()
    ws.getSession.mockResolvedValue(transcriptOf(session(7, { customer_id: 3 })))
    await desk.select(7)
    await vi.runAllTimersAsync()
    ws.getCustomer.mockClear()
    await desk.customer.load(3)
    expect(ws.getCustomer).not.toHaveBeenCalled()
    ws.getCustomer.mockResolvedValue(record(3))
    await desk.customer.load(3, true)
    expect(ws.getCustomer).toHaveBeenCalledTimes(1)
  })
})
