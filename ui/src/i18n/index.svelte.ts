// The windows' language: i18next holds the catalogues; `language` is Svelte state, so every
// template that calls `t` shows the new words as soon as the language changes.
import i18next, { type TFunction } from 'i18next'
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from './languages'
import { catalogues, NAMESPACES, type Namespace } from './resources'

const state = $state<{ language: Language }>({ language: DEFAULT_LANGUAGE })

i18next.init({
  initAsync: false, // the catalogues are bundled: ready before the first component renders
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES.map((l) => l.code),
  ns: [...NAMESPACES],
  defaultNS: 'common',
  resources: catalogues(),
  interpolation: { escapeValue: false }, // Svelte escapes what it renders
  returnNull: false,
})

/** The translation of a catalogue key in the current language (reactive in templates). */
export const t = ((...args: unknown[]) => {
  void state.language // a dependency, so templates re-render on a change of language
  return (i18next.t as unknown as (...a: unknown[]) => string)(...args)
}) as unknown as TFunction<Namespace[]>

export function language(): Language {
  return state.language
}

const listeners = new Set<(lang: Language) => void>()

/** Called after every change of language (for what no template shows, such as the page title). */
export function onLanguageChange(listener: (lang: Language) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Show the windows in `lang`; anything else is refused (the list is Rust's). */
export function setLanguage(lang: Language): void {
  if (!isLanguage(lang)) throw new Error(`not a supported language: ${String(lang)}`)
  if (lang === state.language) return
  void i18next.changeLanguage(lang)
  state.language = lang
  if (typeof document !== 'undefined') document.documentElement.lang = lang
  for (const listener of listeners) listener(lang)
}
