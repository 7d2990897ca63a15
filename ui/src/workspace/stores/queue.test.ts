import { describe, expect, it, vi } from 'vitest'
import { Notices } from '../../lib/notices.svelte'
import { fakeApi, queueWith } from './fakes'
import { QueueStore } from './queue.svelte'

function store() {
  const { ws } = fakeApi()
  const notices = new Notices()
  const onFirstShown = vi.fn()
  const queue = new QueueStore({ api: ws, notices, onFirstShown })
  return { queue, ws, notices, onFirstShown }
}

describe('QueueStore', () => {
  it('reports the first queue on screen once', async () => {
    const { queue, ws, onFirstShown } = store()
    ws.listQueue.mockResolvedValue(queueWith([1, 2]))
    await queue.load()
    await queue.load()
    expect(onFirstShown).toHaveBeenCalledTimes(1)
    expect(queue.waitingCount).toBe(2)
    expect(queue.showLoading).toBe(false)
  })

  it('a failed load is said and stops the loading text', async () => {
    const { queue, ws, notices, onFirstShown } = store()
    ws.listQueue.mockRejectedValue({ code: 'internal', message: 'database is locked' })
    await queue.load()
    expect(notices.items.map((n) => n.context)).toEqual(['Loading the queue'])
    expect(queue.loading).toBe(false)
    expect(onFirstShown).not.toHaveBeenCalled()
  })

  it('an older answer does not replace a newer one', async () => {
    const { queue, ws } = store()
    let answer!: (q: ReturnType<typeof queueWith>) => void
    ws.listQueue.mockImplementationOnce(() => new Promise((res) => (answer = res)))
    ws.listQueue.mockResolvedValueOnce(queueWith([9]))
    const older = queue.load()
    await queue.load()
    answer(queueWith([1, 2, 3]))
    await older
    expect(queue.queue.waiting.map((i) => i.session_id)).toEqual([9])
  })

  it('J / K skip collapsed sections and follow the filter', async () => {
    const { queue, ws } = store()
    ws.listQueue.mockResolvedValue(queueWith([1, 2], [3]))
    await queue.load()
    queue.collapsed = new Set(['waiting'])
    expect(queue.stepFrom(null, 1)).toBe(3)
    queue.collapsed = new Set()
    queue.filter = 'Customer 2'
    expect(queue.stepFrom(null, 1)).toBe(2)
  })
})
