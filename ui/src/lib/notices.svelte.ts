// The error banner's list. Every failed command lands here (or inline next to what failed) — no
// silent failures. Identical messages are folded into one with a count, so a flapping backend
// doesn't bury the screen.

import { describeError, toApiError, type UiError } from './errors'

export interface Notice {
  id: number
  text: string
  code: string
  /** What was being done, e.g. "Loading the queue". */
  context: string
  count: number
}

export class Notices {
  items = $state<Notice[]>([])
  private next = 1

  /** Record a failure; returns the ApiError for callers that also show it inline. */
  error(context: string, e: unknown): UiError {
    const err = toApiError(e)
    const text = describeError(err)
    const same = this.items.find((n) => n.text === text && n.context === context)
    if (same) same.count += 1
    else this.items.push({ id: this.next++, text, code: err.code, context, count: 1 })
    return err
  }

  dismiss(id: number) {
    this.items = this.items.filter((n) => n.id !== id)
  }

  clear() {
    this.items = []
  }
}
