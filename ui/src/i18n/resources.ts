// The message catalogues, one JSON file per language and namespace under locales/. English is the
// source: its files give the keys their types (i18next.d.ts), and the catalogue test holds every
// other language to exactly the same keys and placeholders.
import type { Language } from './languages'

import enCommon from './locales/en/common.json'
import enHistory from './locales/en/history.json'
import enKiosk from './locales/en/kiosk.json'
import enLibrary from './locales/en/library.json'
import enReports from './locales/en/reports.json'
import enSettings from './locales/en/settings.json'
import enShared from './locales/en/shared.json'
import enWorkspace from './locales/en/workspace.json'

export const NAMESPACES = ['common', 'kiosk', 'workspace', 'settings', 'library', 'history', 'reports', 'shared'] as const
export type Namespace = (typeof NAMESPACES)[number]

/** The shape every language's catalogue has (English's). */
export const en = {
  common: enCommon,
  kiosk: enKiosk,
  workspace: enWorkspace,
  settings: enSettings,
  library: enLibrary,
  history: enHistory,
  reports: enReports,
  shared: enShared,
}

type Catalogue = Record<Namespace, Record<string, unknown>>

// Every catalogue file, bundled (the windows work offline and switch language without a fetch).
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true })

export function catalogues(): Record<Language, Catalogue> {
  const out: Record<string, Catalogue> = {}
  for (const [path, mod] of Object.entries(files)) {
    const m = /\.\/locales\/([a-z]+)\/([a-z]+)\.json$/.exec(path)
    if (!m) continue
    const [, lang, ns] = m
    out[lang] ??= {} as Catalogue
    out[lang][ns as Namespace] = mod.default
  }
  return out as Record<Language, Catalogue>
}
