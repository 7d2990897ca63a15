// Timers with an injectable clock, so the kiosk's idle rule and the queue's debounce are tested
// with fake time rather than trusted.

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
}

/**
 * Calls `fn` once, `ms` after the last of a burst of calls. Several `core-event`s arrive for one
 * turn (message_added ×n, session_changed, escalated); the queue reloads once for all of them.
 */
export function debounce<T extends unknown[]>(fn: (...args: T) => void, ms: number, clock: Clock = realClock) {
  let handle: unknown = null
  const debounced = (...args: T) => {
    if (handle !== null) clock.clearTimeout(handle)
    handle = clock.setTimeout(() => {
      handle = null
      fn(...args)
    }, ms)
  }
  debounced.cancel = () => {
    if (handle !== null) clock.clearTimeout(handle)
    handle = null
  }
  return debounced
}

export interface IdleOptions {
  /** Seconds without input before `onIdle`. */
  timeoutSecs: number
  /** Seconds before the end at which `onWarn` fires (0 = no warning). */
  warnSecs?: number
  onIdle: () => void
  onWarn?: (secondsLeft: number) => void
  clock?: Clock
}

/**
 * The kiosk's idle rule: after `timeoutSecs` without input the session ends and the screen is
 * cleared for the next customer. `poke()` on every input restarts the wait; the timer only runs
 * between `start()` and `stop()` (no session, nothing to end).
 */
export class IdleTimer {
  private idleHandle: unknown = null
  private warnHandle: unknown = null
  private running = false
  /** When `onIdle` fires (clock time), while running. */
  private deadline = 0
  private readonly clock: Clock

  constructor(private opts: IdleOptions) {
    this.clock = opts.clock ?? realClock
  }

  get active(): boolean {
    return this.running
  }

  /** Milliseconds until `onIdle`, or null when not running. */
  remainingMs(): number | null {
    return this.running ? Math.max(0, this.deadline - this.clock.now()) : null
  }

  /** Change the timeout (e.g. once `kiosk_settings` answered); restarts a running timer. */
  setTimeoutSecs(secs: number) {
    this.opts = { ...this.opts, timeoutSecs: secs }
    if (this.running) this.arm()
  }

  start() {
    this.running = true
    this.arm()
  }

  poke() {
    if (this.running) this.arm()
  }

  stop() {
    this.running = false
    this.clear()
  }

  private clear() {
    if (this.idleHandle !== null) this.clock.clearTimeout(this.idleHandle)
    if (this.warnHandle !== null) this.clock.clearTimeout(this.warnHandle)
    this.idleHandle = this.warnHandle = null
  }

  private arm() {
    this.clear()
    const total = Math.max(1, this.opts.timeoutSecs) * 1000
    this.deadline = this.clock.now() + total
    const warn = Math.min(this.opts.warnSecs ?? 0, Math.floor(this.opts.timeoutSecs / 2))
    if (warn > 0 && this.opts.onWarn) {
      this.warnHandle = this.clock.setTimeout(() => {
        this.warnHandle = null
        this.opts.onWarn?.(warn)
      }, total - warn * 1000)
    }
    this.idleHandle = this.clock.setTimeout(() => {
      this.idleHandle = null
      this.running = false
      this.opts.onIdle()
    }, total)
  }
}

/**
 * The seconds a countdown shows for `ms` left, in steps of `step` seconds (rounded up, never 0
 * while time is left): the text changes every few seconds, not every second, so a screen reader
 * that reads it is not flooded and the number never claims less time than there is.
 */
export function countdownSecs(ms: number, step = 5): number {
  if (ms <= 0) return 0
  const secs = Math.ceil(ms / 1000)
  return Math.ceil(secs / step) * step
}
