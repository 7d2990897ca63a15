import { describe, expect, it } from 'vitest'
import { Notices } from '../../lib/notices.svelte'
import type { Permission } from '../../lib/permissions'
import type { CannedResponse } from '../../lib/types'
import { CannedStore } from './canned.svelte'
import { fakeApi } from './fakes'

const YES: Permission = { allowed: true, reason: '' }
const greet = { id: 1, shortcut: '/greet', title: 'Greeting', content: 'Hello!', category: 'general' } as CannedResponse

function make(permission = YES) {
  const { ws, canned } = fakeApi()
  const notices = new Notices()
  const cannedStore = new CannedStore({ api: { ...canned, listCanned: ws.listCanned }, notices, permission: () => permission })
  return { store: cannedStore, api: canned, ws, notices }
}

describe('CannedStore', () => {
  it('the manager’s list is what the composer offers too', async () => {
    const { store, api } = make()
    api.search.mockResolvedValue([greet])
    await store.load()
    expect(store.list).toEqual([greet])
    expect(store.replies).toEqual([greet])
  })

  it('a shortcut clash is flagged before saving', async () => {
    const { store, api } = make()
    api.search.mockResolvedValue([greet])
    await store.load()
    store.startNew()
    store.form.shortcut = 'greet'
    expect(store.clash?.title).toBe('Greeting')
  })

  it('the server’s refusal is shown in its words and noted', async () => {
    const { store, api, notices } = make()
    api.create.mockRejectedValue({ code: 'invalid_input', message: 'the shortcut /hi is already used by "Hi"' })
    store.startNew()
    store.form = { shortcut: '/hi', title: 'Hi', content: 'Hi there', category: 'general' }
    await store.save()
    expect(store.error).toBe('the shortcut /hi is already used by "Hi"')
    expect(notices.items).toHaveLength(1)
    expect(store.editing).toBe(0)
  })

  it('an invalid form is not sent, and says what is wrong once touched', async () => {
    const { store, api } = make()
    store.startNew()
    await store.save()
    expect(api.create).not.toHaveBeenCalled()
    expect(Object.keys(store.fieldErrors).length).toBeGreaterThan(0)
  })

  it('the composer’s replies failing to load is said', async () => {
    const { store, ws, notices } = make()
    ws.listCanned.mockRejectedValue(new Error('database is locked'))
    await store.loadReplies()
    expect(notices.items.map((n) => n.text)).toEqual(['database is locked (internal)'])
  })
})
