// The customer panel's store: the selected session's customer record, and the changes an agent
// makes to it (ticket status, refund flag, e-mail), each said back inline and in the notices.

import { t } from '../../i18n/index.svelte'
import type { workspace } from '../../lib/api'
import { describeError, toApiError } from '../../lib/errors'
import { toolFailure } from '../../lib/format'
import type { Notices } from '../../lib/notices.svelte'
import type { CustomerRecord, TicketStatus, ToolCallView } from '../../lib/types'

export interface CustomerDeps {
  api: Pick<typeof workspace, 'getCustomer' | 'updateTicket' | 'flagRefund' | 'updateCustomerEmail'>
  notices: Notices
  /** The selected session: an answer for one selected before is dropped. */
  selected: () => number | null
  /** A change went through: the session (and this record) reload. */
  onChanged: () => void
}

export class CustomerStore {
  record = $state<CustomerRecord | null>(null)
  loading = $state(false)
  /** Which change runs (`t<id>`, `o<id>`, `email`), and how the last one went. */
  busy = $state<string | null>(null)
  done = $state<string | null>(null)
  failed = $state<string | null>(null)

  private loadedId: number | null = null

  constructor(private readonly deps: CustomerDeps) {}

  /** The record of `customerId` (none: nobody verified yet); kept unless `force` or another id. */
  async load(customerId: number | null, force = false) {
    if (customerId == null) {
      this.record = null
      this.loadedId = null
      return
    }
    if (!force && customerId === this.loadedId && this.record) return
    const forSession = this.deps.selected()
    this.loading = true
    try {
      const r = await this.deps.api.getCustomer(customerId)
      if (forSession !== this.deps.selected()) return
      this.record = r
      this.loadedId = customerId
    } catch (e) {
      if (forSession === this.deps.selected()) this.deps.notices.error(t('workspace:errors.loadCustomer', { id: customerId }), e)
    } finally {
      if (forSession === this.deps.selected()) this.loading = false
    }
  }

  /** Another session was selected: its customer loads afresh. */
  clear() {
    this.record = null
    this.loadedId = null
  }

  updateTicket(id: number, status: TicketStatus): Promise<boolean> {
    const what = t('workspace:customer.ticketChange', { id, status: t(`workspace:ticketStatus.${status}`) })
    return this.run(`t${id}`, what, () => this.deps.api.updateTicket(id, status))
  }

  flagRefund(orderId: number, reason: string | null): Promise<boolean> {
    return this.run(`o${orderId}`, t('workspace:customer.refundFor', { id: orderId }), () => this.deps.api.flagRefund(orderId, reason))
  }

  changeEmail(customerId: number, email: string): Promise<boolean> {
    return this.run('email', t('workspace:customer.emailOf', { id: customerId }), () => this.deps.api.updateCustomerEmail(customerId, email))
  }

  /** A tool's refusal counts as a failure too: shown inline and in the notices. */
  private async run(key: string, what: string, call: () => Promise<ToolCallView>): Promise<boolean> {
    this.busy = key
    this.done = null
    this.failed = null
    try {
      const r = await call()
      const problem = toolFailure(r?.result)
      if (problem) {
        this.failed = t('workspace:customer.failed', { what, problem })
        this.deps.notices.error(what, { code: 'refused', message: problem })
      } else {
        this.done = t('workspace:customer.done', { what })
        this.deps.onChanged()
      }
      return !problem
    } catch (e) {
      const err = this.deps.notices.error(what, e)
      this.failed = t('workspace:customer.failed', { what, problem: describeError(toApiError(err)) })
      return false
    } finally {
      this.busy = null
    }
  }
}
