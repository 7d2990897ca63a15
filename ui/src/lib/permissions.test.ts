import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { can } from './permissions'
import type { WhoAmI } from './types'

/** One machine, no team: the settings name the agent. */
const TEAMLESS = { team_mode: false, signed_in: false, station_role: 'both', language: 'en' } as const

const agent: WhoAmI = {
  name: 'dana',
  role: 'agent',
  permissions: {
    commands: ['update_ticket', 'flag_refund', 'update_customer_email', 'get_settings'],
    writes: ['tickets.status', 'orders.status'],
  },
  ...TEAMLESS,
}

describe('can', () => {
  it('allows what the role has both the command and the write for', () => {
    expect(can(agent, 'ticketStatus')).toEqual({ allowed: true, reason: '' })
    expect(can(agent, 'flagRefund').allowed).toBe(true)
  })
  it('refuses when the write is missing even though the command is granted', () => {
    const p = can(agent, 'changeEmail')
    expect(p.allowed).toBe(false)
    expect(p.reason).toBe("Your role (agent) may not change a customer's email. Ask a supervisor.")
  })
  it('refuses settings to an agent and says why', () => {
    expect(can(agent, 'saveSettings')).toEqual({
      allowed: false,
      reason: 'Your role (agent) may not change settings. Ask a supervisor.',
    })
  })
  it('allows nothing before whoami answered', () => {
    expect(can(null, 'ticketStatus')).toEqual({ allowed: false, reason: 'Checking your role…' })
  })
  it('checks knowledge and canned-reply management by their commands', () => {
    const reviewerish: WhoAmI = { name: 'r', role: 'reviewer', permissions: { commands: ['kb_search'], writes: [] }, ...TEAMLESS }
    expect(can(reviewerish, 'viewKnowledge').allowed).toBe(true)
    expect(can(reviewerish, 'editKnowledge').reason).toBe('Your role (reviewer) may not edit the knowledge base.')
    const withCanned: WhoAmI = {
      name: 'dana',
      role: 'agent',
      permissions: { commands: ['create_canned_response'], writes: ['canned_responses.content'] },
      ...TEAMLESS,
    }
    expect(can(withCanned, 'manageCanned').allowed).toBe(true)
    expect(can(agent, 'manageCanned').reason).toBe('Your role (agent) may not manage canned replies. Ask a supervisor.')
  })
  it('does not suggest asking a supervisor to a supervisor', () => {
    const sup: WhoAmI = { name: 'lee', role: 'supervisor', permissions: { commands: [], writes: [] }, ...TEAMLESS }
    expect(can(sup, 'flagRefund').reason).toBe('Your role (supervisor) may not flag a refund.')
  })
})

describe('can, in the staff language', () => {
  afterEach(() => setLanguage('en'))

  it('says why not in German and Spanish, with the role in words', () => {
    setLanguage('de')
    expect(can(agent, 'saveSettings').reason).toBe('Ihre Rolle (Agent) darf nicht die Einstellungen ändern. Fragen Sie die Teamleitung.')
    expect(can(null, 'ticketStatus').reason).toBe('Ihre Rolle wird geprüft…')
    setLanguage('es')
    const sup: WhoAmI = { name: 'lee', role: 'supervisor', permissions: { commands: [], writes: [] }, ...TEAMLESS }
    expect(can(sup, 'flagRefund').reason).toBe('Su rol (supervisor) no permite marcar un reembolso.')
  })
})
