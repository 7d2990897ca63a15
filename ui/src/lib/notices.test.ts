import { describe, expect, it } from 'vitest'
import { Notices } from './notices.svelte'

describe('Notices', () => {
  it('shows each failure with its context and folds repeats into a count', () => {
    const n = new Notices()
    n.error('Loading the queue', { code: 'internal', message: 'database is locked' })
    n.error('Loading the queue', { code: 'internal', message: 'database is locked' })
    n.error('Sending the message', 'send_agent_message not allowed on window "kiosk"')
    expect(n.items.map((i) => [i.context, i.text, i.count])).toEqual([
      ['Loading the queue', 'database is locked (internal)', 2],
      ['Sending the message', 'send_agent_message not allowed on window "kiosk" (acl)', 1],
    ])
  })
  it('returns the normalized error for inline display and can dismiss', () => {
    const n = new Notices()
    const err = n.error('Export', new Error('disk full'))
    expect(err).toEqual({ code: 'internal', message: 'disk full' })
    n.dismiss(n.items[0].id)
    expect(n.items).toEqual([])
  })
})
