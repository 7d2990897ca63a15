// The settings form ⇄ the backend's SettingsInput (every field optional; "" clears a text field;
// an absent api_key keeps the stored one).

import { t } from '../i18n/index.svelte'
import type { Language } from '../i18n/languages'
import type { KeySource, Provider, SettingsInput, SettingsView, StaffRole, StationRole } from './types'

export interface SettingsForm {
  provider: Provider
  base_url: string
  model: string
  default_tone: string
  agent_name: string
  agent_role: StaffRole
  kiosk_idle_timeout_secs: number | string
  /** The range Rust accepts (from the view; not the form's own numbers). */
  readonly kiosk_idle_min_secs: number
  readonly kiosk_idle_max_secs: number
  kiosk_mode: boolean
  /** The staff windows' language. */
  language: Language
  /** The language the kiosk's start screen shows each new customer. */
  kiosk_language: Language
  /** What this desktop is, from its next start. */
  station_role: StationRole
  /** What was typed in the API key field (never pre-filled: the key is not sent back). */
  api_key: string
  /** Remove the key saved in the settings. */
  clear_api_key: boolean
}

export function formFrom(view: SettingsView): SettingsForm {
  return {
    provider: view.provider,
    base_url: view.base_url ?? '',
    model: view.model ?? '',
    default_tone: view.default_tone,
    agent_name: view.agent_name,
    agent_role: view.agent_role,
    kiosk_idle_timeout_secs: view.kiosk_idle_timeout_secs,
    kiosk_idle_min_secs: view.kiosk_idle_timeout_min_secs,
    kiosk_idle_max_secs: view.kiosk_idle_timeout_max_secs,
    kiosk_mode: view.kiosk_mode,
    language: view.language,
    kiosk_language: view.kiosk_language,
    station_role: view.station_role,
    api_key: '',
    clear_api_key: false,
  }
}

export type InputResult = { ok: true; input: SettingsInput } | { ok: false; error: string }

export function toInput(form: SettingsForm): InputResult {
  const secs = Number(form.kiosk_idle_timeout_secs)
  const [min, max] = [form.kiosk_idle_min_secs, form.kiosk_idle_max_secs]
  if (!Number.isInteger(secs) || secs < min || secs > max)
    return { ok: false, error: t('settings:invalid.idle', { min, max }) }
  const name = form.agent_name.trim()
  if (!name) return { ok: false, error: t('settings:invalid.agentName') }
  const baseUrl = form.base_url.trim()
  if (form.provider === 'custom' && !baseUrl) return { ok: false, error: t('settings:invalid.customUrl') }
  if (baseUrl && !/^https?:\/\/\S+$/i.test(baseUrl)) return { ok: false, error: t('settings:invalid.urlScheme') }
  if (form.provider === 'custom' && !form.model.trim()) return { ok: false, error: t('settings:invalid.customModel') }
  const input: SettingsInput = {
    provider: form.provider,
    base_url: baseUrl, // "" clears
    model: form.model.trim(),
    default_tone: form.default_tone,
    agent_name: name,
    agent_role: form.agent_role,
    kiosk_idle_timeout_secs: secs,
    kiosk_mode: form.kiosk_mode,
    // Rust checks these against its own list (`cx_core::Language`) and says why it refuses.
    language: form.language,
    kiosk_language: form.kiosk_language,
    station_role: form.station_role,
  }
  if (form.clear_api_key) input.api_key = ''
  else if (form.api_key.trim()) input.api_key = form.api_key.trim()
  return { ok: true, input }
}

/** Which key is used, in one sentence for the settings view. */
export function keySourceText(source: KeySource, provider: Provider): string {
  if (source.source === 'environment') return t('settings:keySource.environment', { name: source.name })
  if (source.source === 'settings') return t('settings:keySource.settings')
  return provider === 'offline' ? t('settings:keySource.offline') : t('settings:keySource.none')
}
