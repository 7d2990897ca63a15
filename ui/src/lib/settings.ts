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
  /** The range Rust accepts (from the view): the number input's bounds, not a check. */
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

/**
 * The change to send. The form judges nothing: every rule is Rust's (`Settings::check`), and a
 * refusal comes back as one sentence in the staff language, which the form shows as it is.
 */
export function toInput(form: SettingsForm): SettingsInput {
  // A blank or unreadable number goes as 0, which Rust's range refuses with its own sentence.
  const secs = Number(form.kiosk_idle_timeout_secs)
  const input: SettingsInput = {
    provider: form.provider,
    base_url: form.base_url.trim(), // "" clears
    model: form.model.trim(),
    default_tone: form.default_tone,
    agent_name: form.agent_name.trim(),
    agent_role: form.agent_role,
    kiosk_idle_timeout_secs: Number.isFinite(secs) ? secs : 0,
    kiosk_mode: form.kiosk_mode,
    language: form.language,
    kiosk_language: form.kiosk_language,
    station_role: form.station_role,
  }
  if (form.clear_api_key) input.api_key = ''
  else if (form.api_key.trim()) input.api_key = form.api_key.trim()
  return input
}

/** Which key is used, in one sentence for the settings view. */
export function keySourceText(source: KeySource, provider: Provider): string {
  if (source.source === 'environment') return t('settings:keySource.environment', { name: source.name })
  if (source.source === 'settings') return t('settings:keySource.settings')
  return provider === 'offline' ? t('settings:keySource.offline') : t('settings:keySource.none')
}
