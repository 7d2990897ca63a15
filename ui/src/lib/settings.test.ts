import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { formFrom, keySourceText, toInput } from './settings'
import type { SettingsView } from './types'

const view: SettingsView = {
  provider: 'openai',
  base_url: null,
  model: 'gpt-4o-mini',
  api_key_source: { source: 'settings' },
  api_key_saved: true,
  keyring_unavailable: null,
  allow_insecure_http: false,
  default_tone: 'friendly',
  tones: ['professional', 'friendly'],
  agent_name: 'dana',
  agent_role: 'agent',
  kiosk_idle_timeout_secs: 120,
  kiosk_idle_timeout_override: null,
  kiosk_idle_timeout_min_secs: 10,
  kiosk_idle_timeout_max_secs: 86400,
  kiosk_mode: false,
  kiosk_mode_flag: false,
  language: 'en',
  kiosk_language: 'en',
  station_role: 'both',
  station_role_running: 'both',
  warnings: [],
}

describe('settings form', () => {
  it('round-trips without touching the saved key', () => {
    const input = toInput(formFrom(view))
    expect(input).not.toHaveProperty('api_key')
    expect(input.base_url).toBe('') // null shows as empty; "" keeps it cleared
    expect(input.kiosk_idle_timeout_secs).toBe(120)
  })
  it('sends a typed key, or "" to remove the saved one', () => {
    expect(toInput({ ...formFrom(view), api_key: ' sk-test ' }).api_key).toBe('sk-test')
    expect(toInput({ ...formFrom(view), api_key: 'ignored', clear_api_key: true }).api_key).toBe('')
  })
  it('judges nothing: the values go to Rust as typed (its rules and sentences: settings/problem.rs)', () => {
    // 5 s was once accepted here and refused by Rust; now only Rust's range exists.
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '5' }).kiosk_idle_timeout_secs).toBe(5)
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '12.5' }).kiosk_idle_timeout_secs).toBe(12.5)
    // Blank reaches Rust as 0, out of its range, never as "unchanged".
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '' }).kiosk_idle_timeout_secs).toBe(0)
    expect(toInput({ ...formFrom(view), agent_name: '  ' }).agent_name).toBe('')
    expect(toInput({ ...formFrom(view), provider: 'custom', base_url: ' localhost:8080 ' })).toMatchObject({
      provider: 'custom',
      base_url: 'localhost:8080',
    })
  })
})

describe('the languages', () => {
  it('are sent as chosen: the staff windows and the kiosk start screen apart', () => {
    const input = toInput({ ...formFrom({ ...view, language: 'de', kiosk_language: 'en' }), kiosk_language: 'es' })
    expect([input.language, input.kiosk_language]).toEqual(['de', 'es'])
  })
})

describe('keySourceText', () => {
  it('names the environment variable in use', () => {
    expect(keySourceText({ source: 'environment', name: 'OPENAI_API_KEY' }, 'openai')).toContain('OPENAI_API_KEY')
    expect(keySourceText({ source: 'none' }, 'offline')).toBe('No API key is needed for the offline assistant.')
    expect(keySourceText({ source: 'none' }, 'openai')).toBe('No API key is set.')
  })
})

describe('in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it('says which key is used in the chosen language', () => {
    setLanguage('de')
    expect(keySourceText({ source: 'environment', name: 'CX_LLM_API_KEY' }, 'openai')).toContain('Umgebungsvariable CX_LLM_API_KEY')
    setLanguage('es')
    expect(keySourceText({ source: 'none' }, 'offline')).toBe('El asistente sin conexión no necesita clave de API.')
  })
})
