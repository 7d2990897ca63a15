// The languages the windows are shown in. The list is Rust's (`cx_core::Language`, generated into
// bindings/Language.ts); this adds how each names itself and which locale formats its numbers.
import type { Language } from '../bindings/Language'

export type { Language }

export interface LanguageInfo {
  code: Language
  /** The language in its own words, as a customer looks for it: "Deutsch", not "German". */
  native: string
  /** BCP 47 locale for dates, times and money. */
  locale: string
}

export const LANGUAGES: readonly LanguageInfo[] = [
  { code: 'en', native: 'English', locale: 'en-US' },
  { code: 'de', native: 'Deutsch', locale: 'de-DE' },
  { code: 'es', native: 'Español', locale: 'es-ES' },
]

export const DEFAULT_LANGUAGE: Language = 'en'

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value)
}

export function localeOf(language: Language): string {
  return LANGUAGES.find((l) => l.code === language)?.locale ?? 'en-US'
}
