import { t } from '../i18n/index.svelte'
import type { ApiError, ErrorCode } from './types'

/**
 * An error as the UI holds it: the backend's `ApiError` (its `ErrorCode`s), or `error` for a
 * rejection that was not one of ours (a bug's Error, a plain string from Tauri).
 */
export type UiError = Omit<ApiError, 'code'> & { code: ErrorCode | 'error' }

/**
 * Turn whatever a rejected `invoke` gives into `{code, message}`.
 *
 * Our commands reject with the serialized `ApiError`; Tauri's own failures (ACL denials, a missing
 * command, bad argument names) reject with a plain string; a bug in our code throws an Error.
 * The UI shows `message` for all of them, so none may slip through as "[object Object]".
 */
export function toApiError(e: unknown): UiError {
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>
    if (typeof o.message === 'string' && o.message.trim() !== '') {
      // A code from the backend is one of its ErrorCodes (an unknown one is shown as is).
      const code = typeof o.code === 'string' && o.code ? (o.code as ErrorCode) : e instanceof Error ? 'internal' : 'error'
      return { code, message: o.message }
    }
    try {
      return { code: 'error', message: JSON.stringify(e) }
    } catch {
      return { code: 'error', message: String(e) }
    }
  }
  if (typeof e === 'string' && e.trim() !== '') {
    return { code: /not allowed/i.test(e) ? 'acl' : 'error', message: e }
  }
  return { code: 'error', message: t('shared:errors.noDetails') }
}

/** One line for a banner: the message, with the code when it adds something. */
export function describeError(err: UiError): string {
  if (!err.code || err.code === 'error' || err.message.toLowerCase().includes(err.code)) return err.message
  return `${err.message} (${err.code})`
}
