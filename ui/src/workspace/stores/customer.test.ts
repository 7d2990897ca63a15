import { describe, expect, it, vi } from 'vitest'
import { Notices } from '../../lib/notices.svelte'
import { CustomerStore } from './customer.svelte'
import { fakeApi } from './fakes'

function store() {
  const { ws } = fakeApi()
  const notices = new Notices()
  const onChanged = vi.fn()
  const customer = new CustomerStore({ api: ws, notices, selected: () => 1, onChanged })
  return { customer, ws, notices, onChanged }
}

describe('CustomerStore', () => {
  it('a change that went through is said and reloads the session', async () => {
    const { customer, onChanged, notices } = store()
    expect(await customer.updateTicket(4, 'resolved')).toBe(true)
    expect(customer.done).toBe('Ticket 4 → resolved: done.')
    expect(customer.failed).toBeNull()
    expect(onChanged).toHaveBeenCalledTimes(1)
    expect(notices.items).toEqual([])
  })

  it('a tool’s refusal is a failure: inline and in the notices, nothing reloads', async () => {
    const { customer, ws, onChanged, notices } = store()
    ws.flagRefund.mockResolvedValue({ name: 'flag_refund', arguments: {}, result: { applied: false, message: 'order is pending' } })
    expect(await customer.flagRefund(9, null)).toBe(false)
    expect(customer.failed).toContain('order is pending')
    expect(notices.items.map((n) => n.code)).toEqual(['refused'])
    expect(onChanged).not.toHaveBeenCalled()
    expect(customer.busy).toBeNull()
  })

  it('a failed call is said inline in the error’s words', async () => {
    const { customer, ws, notices } = store()
    ws.updateCustomerEmail.mockRejectedValue({ code: 'invalid_input', message: 'not an e-mail address' })
    expect(await customer.changeEmail(3, 'x')).toBe(false)
    expect(customer.failed).toContain('not an e-mail address (invalid_input)')
    expect(notices.items).toHaveLength(1)
  })

  it('a record for a session no longer selected is dropped', async () => {
    const { ws } = fakeApi()
    let selected = 1
    const customer = new CustomerStore({ api: ws, notices: new Notices(), selected: () => selected, onChanged: () => {} })
    ws.getCustomer.mockImplementation(async () => {
      selected = 2
      return { customer: { id: 3 } } as never
    })
    await customer.load(3)
    expect(customer.record).toBeNull()
  })
})
