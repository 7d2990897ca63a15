import { describe, expect, it } from 'vitest'
import { Notices } from '../../lib/notices.svelte'
import type { Permission } from '../../lib/permissions'
import type { KnowledgeDocument } from '../../lib/types'
import { fakeApi } from './fakes'
import { KnowledgeStore } from './knowledge.svelte'

const YES: Permission = { allowed: true, reason: '' }
const NO: Permission = { allowed: false, reason: 'Your role may not.' }
const doc = (id: number, content: string) => ({ id, path: `doc${id}.md`, title: `Doc ${id}`, content }) as KnowledgeDocument

function store(edit = YES) {
  const { kb } = fakeApi()
  const notices = new Notices()
  const knowledge = new KnowledgeStore({ api: kb, notices, perms: () => ({ edit, reindex: edit }) })
  return { knowledge, kb, notices }
}

describe('KnowledgeStore', () => {
  it('a failed search is said inline and in the notices, with no passages', async () => {
    const { knowledge, kb, notices } = store()
    kb.search.mockRejectedValue({ code: 'internal', message: 'index is busy' })
    knowledge.query = ' refunds '
    await knowledge.search()
    expect(knowledge.results).toEqual([])
    expect(knowledge.searched).toBe('refunds')
    expect(knowledge.error).toContain('index is busy')
    expect(notices.items).toHaveLength(1)
  })

  it('an empty query goes back to the document list', async () => {
    const { knowledge, kb } = store()
    knowledge.results = []
    knowledge.query = '  '
    await knowledge.search()
    expect(knowledge.results).toBeNull()
    expect(kb.search).not.toHaveBeenCalled()
  })

  it('opening another document over unsaved changes waits for the agent', async () => {
    const { knowledge, kb } = store()
    kb.get.mockImplementation(async (id: number) => doc(id, `text ${id}`))
    await knowledge.open(1)
    knowledge.draft!.content = 'edited'
    expect(knowledge.dirty).toBe(true)
    await knowledge.open(2)
    expect(knowledge.pendingOpen).not.toBeNull()
    expect(kb.get).toHaveBeenCalledTimes(1)
    knowledge.discardAndGo()
    await Promise.resolve()
    await Promise.resolve()
    expect(knowledge.draft).toEqual({ kind: 'existing', id: 2, path: 'doc2.md', content: 'text 2' })
    expect(knowledge.pendingOpen).toBeNull()
  })

  it('read-only: nothing is saved', async () => {
    const { knowledge, kb } = store(NO)
    knowledge.startNew()
    knowledge.draft = { kind: 'new', title: 'New', content: 'x' }
    await knowledge.save()
    expect(kb.save).not.toHaveBeenCalled()
  })

  it('opening again starts afresh', () => {
    const { knowledge } = store()
    knowledge.query = 'old'
    knowledge.error = 'old failure'
    knowledge.start()
    expect(knowledge.query).toBe('')
    expect(knowledge.error).toBeNull()
  })
})
