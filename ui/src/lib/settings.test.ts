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
    const r = toInput(formFrom(view))
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.input).not.toHaveProperty('api_key')
      expect(r.input.base_url).toBe('') // null shows as empty; "" keeps it cleared
      expect(r.input.kiosk_idle_timeout_secs).toBe(120)
    }
  })
  it('sends a typed key, or "" to remove the saved one', () => {
    const typed = toInput({ ...formFrom(view), api_key: ' sk-test ' })
    expect(typed.ok && typed.input.api_key).toBe('sk-test')
    const cleared = toInput({ ...formFrom(view), api_key: 'ignored', clear_api_key: true })
    expect(cleared.ok && cleared.input.api_key).toBe('')
  })
  it('validates the timeout, the name and the custom provider', () => {
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '2' }).ok).toBe(false)
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '12.5' }).ok).toBe(false)
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '30' }).ok).toBe(true)
    // Rust's range, not one of the form's own: 5 s was once accepted here and refused by Rust.
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '5' })).toEqual({
      ok: false,
      error: 'The kiosk idle timeout must be a whole number of seconds between 10 and 86400.',
    })
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '10' }).ok).toBe(true)
    expect(toInput({ ...formFrom(view), kiosk_idle_timeout_secs: '86401' }).ok).toBe(false)
    expect(toInput({ ...formFrom(view), agent_name: '  ' })).toEqual({ ok: false, error: 'The agent name cannot be empty.' })
    expect(toInput({ ...formFrom(view), provider: 'custom' }).ok).toBe(false)
    expect(toInput({ ...formFrom(view), provider: 'custom', base_url: 'http://127.0.0.1:8080/v1' }).ok).toBe(true)
    expect(toInput({ ...formFrom(view), base_url: 'localhost:8080' }).ok).toBe(false)
  })
})

describe('the languages', () => {
  it('are sent as chosen: the staff windows and the kiosk start screen apart', () => {
    const r = toInput({ ...formFrom({ ...view, language: 'de', kiosk_language: 'en' }), kiosk_language: 'es' })
    expect(r.ok && [r.input.language, r.input.kiosk_language]).toEqual(['de', 'es'])
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

  it('says what is wrong with the form, and which key is used, in the chosen language', () => {
    setLanguage('de')
    expect(toInput({ ...formFrom(view), agent_name: '' })).toEqual({ ok: false, error: 'Der Name des Agenten darf nicht leer sein.' })
    expect(keySourceText({ source: 'environment', name: 'CX_LLM_API_KEY' }, 'openai')).toContain('Umgebungsvariable CX_LLM_API_KEY')
    setLanguage('es')
    expect(keySourceText({ source: 'none' }, 'offline')).toBe('El asistente sin conexión no necesita clave de API.')
  })
})
