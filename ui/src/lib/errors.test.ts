import { describe, expect, it } from 'vitest'
import { describeError, toApiError } from './errors'

describe('toApiError', () => {
  it('keeps our {code, message}', () => {
    expect(toApiError({ code: 'not_found', message: 'no session 9' })).toEqual({ code: 'not_found', message: 'no session 9' })
  })
  it("marks Tauri's ACL strings as acl and other strings as error", () => {
    expect(toApiError('Command list_queue not allowed by ACL').code).toBe('acl')
    expect(toApiError('boom')).toEqual({ code: 'error', message: 'boom' })
  })
  it('never yields an empty or [object Object] message', () => {
    expect(toApiError(undefined).message).toMatch(/no details/)
    expect(toApiError({ weird: 1 }).message).toBe('{"weird":1}')
    expect(toApiError('').message).toMatch(/no details/)
  })
})

describe('describeError', () => {
  it('adds the code only when the message does not already say it', () => {
    expect(describeError({ code: 'denied', message: 'Not yours' })).toBe('Not yours (denied)')
    expect(describeError({ code: 'acl', message: 'kiosk_x not allowed (acl)' })).toBe('kiosk_x not allowed (acl)')
    expect(describeError({ code: 'error', message: 'boom' })).toBe('boom')
  })
})
